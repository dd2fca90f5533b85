// destroyTable / destroyConnection against a stub client: the teardown order, "already gone" for a 404, a failure
// that stops the table with what was deleted by then, and a base connection the Platform refuses to delete.

import { describe, expect, it } from 'vitest';
import { DestroyError, destroyConnection, destroyTable } from '../../src/onboard/destroy.js';
import type { PlatformClient } from '../../src/platform/client.js';
import { BadRequestError, NotFoundError } from '../../src/platform/errors.js';

const SCHEMA = 'https://ns.adobe.com/acme/schemas/0123456789abcdef0123456789abcdef';
const FIELD_GROUP = 'https://ns.adobe.com/acme/mixins/0123456789abcdef0123456789abcdef';

/** A sandbox holding one table's resources under the prefix `p`; `fail` answers a delete with an error. */
function stub(fail: Record<string, Error> = {}) {
  const deleted: string[] = [];
  const remove = (what: string) => async () => {
    const error = fail[what];
    if (error) throw error;
    deleted.push(what);
  };
  const byName = (names: Record<string, { id: string; name: string }[]>) => ({
    findByName: async (name: string) => names[name] ?? [],
  });
  const client = {
    flowService: {
      flows: { ...byName({ 'p flow': [{ id: 'flow-1', name: 'p flow' }] }), delete: (id: string) => remove(`flow ${id}`)() },
      targetConnections: { ...byName({ 'p target': [{ id: 'target-1', name: 'p target' }] }), delete: (id: string) => remove(`target ${id}`)() },
      sourceConnections: { ...byName({ 'p source': [{ id: 'source-1', name: 'p source' }] }), delete: (id: string) => remove(`source ${id}`)() },
      connections: { ...byName({ 'p connection': [{ id: 'conn-1', name: 'p connection' }] }), delete: (id: string) => remove(`connection ${id}`)() },
    },
    dataPrep: {
      mappingSets: {
        async *list() {
          yield { id: 'map-1', name: 'p mapping' };
          yield { id: 'map-other', name: 'p mapping v2' };
        },
        delete: (id: string) => remove(`mapping ${id}`)(),
      },
    },
    catalog: { datasets: { findByName: async () => [{ id: 'ds-1', name: 'p dataset' }], delete: (id: string) => remove(`dataset ${id}`)() } },
    schemaRegistry: {
      schemas: { findByTitle: async () => ({ $id: SCHEMA, title: 'p schema' }), delete: () => remove('schema')() },
      fieldGroups: { findByTitle: async () => ({ $id: FIELD_GROUP, title: 'p fields' }), delete: () => remove('fieldGroup')() },
      classes: { findByTitle: async () => undefined },
      descriptors: {
        list: async () => [
          { '@id': 'desc-1', '@type': 'xdm:descriptorIdentity', 'xdm:sourceSchema': SCHEMA, 'xdm:sourceProperty': '/_acme/id', 'xdm:namespace': 'CRMID' },
          { '@id': 'desc-2', '@type': 'xdm:alternateDisplayInfo', 'xdm:sourceSchema': SCHEMA },
        ],
        delete: (id: string) => remove(`identity ${id}`)(),
      },
    },
  };
  return { client: client as unknown as PlatformClient, deleted };
}

const TABLE = { table: 'crm.customers', prefix: 'p' };

describe('destroyTable', () => {
  it('plan: lists what would go, in teardown order, deleting nothing', async () => {
    const { client, deleted } = stub();
    const result = await destroyTable(client, TABLE, { mode: 'plan' });
    expect(result.resources.map((r) => [r.kind, r.action, r.id])).toEqual([
      ['flow', 'delete', 'flow-1'],
      ['mapping', 'delete', 'map-1'],
      ['target', 'delete', 'target-1'],
      ['source', 'delete', 'source-1'],
      ['dataset', 'delete', 'ds-1'],
      ['identity', 'delete', 'desc-1'],
      ['schema', 'delete', SCHEMA],
      ['fieldGroup', 'delete', FIELD_GROUP],
    ]);
    expect(result.resources.find((r) => r.kind === 'identity')?.name).toBe('_acme.id (CRMID)');
    expect(deleted).toEqual([]);
  });

  it('apply: deletes in that order; a 404 is "already gone", not a failure', async () => {
    const { client, deleted } = stub({ 'mapping map-1': new NotFoundError({ status: 404, title: 'Not found' }) });
    const result = await destroyTable(client, TABLE, { mode: 'apply' });
    expect(deleted).toEqual(['flow flow-1', 'target target-1', 'source source-1', 'dataset ds-1', 'identity desc-1', 'schema', 'fieldGroup']);
    expect(result.resources.find((r) => r.kind === 'mapping')).toMatchObject({ action: 'none', detail: 'already gone' });
  });

  it('a failure stops the table after its level, with what was deleted by then', async () => {
    const refused = new BadRequestError({ status: 400, title: 'dataset in use' });
    const { client, deleted } = stub({ 'dataset ds-1': refused });
    const error = await destroyTable(client, TABLE, { mode: 'apply' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DestroyError);
    expect((error as DestroyError).cause).toBe(refused);
    expect((error as DestroyError).partial.resources.map((r) => r.kind)).toEqual(['flow', 'mapping', 'target', 'source']);
    expect(deleted).not.toContain('schema');
  });
});

describe('destroyConnection', () => {
  it('deletes the connection found under the name', async () => {
    const { client, deleted } = stub();
    expect(await destroyConnection(client, 'p connection', { mode: 'apply' })).toMatchObject([{ kind: 'connection', action: 'delete', id: 'conn-1' }]);
    expect(deleted).toEqual(['connection conn-1']);
    expect(await destroyConnection(client, 'nobody', { mode: 'apply' })).toEqual([]);
  });

  it('keeps it, without failing, when the Platform says a flow still uses it (1418-400)', async () => {
    const { client } = stub({ 'connection conn-1': new BadRequestError({ status: 400, title: 'in use', code: 'FLOW-1418-400' }) });
    expect(await destroyConnection(client, 'p connection', { mode: 'apply' })).toMatchObject([{ action: 'none', detail: 'kept: other flows still use it (FLOW-1418-400)' }]);
  });

  it('any other failure is raised', async () => {
    const { client } = stub({ 'connection conn-1': new BadRequestError({ status: 400, title: 'no' }) });
    await expect(destroyConnection(client, 'p connection', { mode: 'apply' })).rejects.toBeInstanceOf(BadRequestError);
  });
});
