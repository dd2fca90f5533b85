import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordBatch, updateBatch } from '../../src/emulator/services/catalog.js';
import type { SandboxState } from '../../src/emulator/store.js';
import { SERVICES, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

const C = SERVICES.catalog;
const CONTENT_TYPE = 'application/vnd.adobe.xed-full+json;version=1';
let clock = Date.UTC(2026, 0, 1);
let e: TestEmulator;
let dev: SandboxState;

async function addSchema(sandbox: SandboxState, hex: string): Promise<string> {
  const $id = `https://ns.adobe.com/flowctl/schemas/${hex}`;
  await sandbox.collection('schemas').put({ id: `_flowctl.schemas.${hex}`, $id, title: `Schema ${hex}` } as { id: string });
  return $id;
}

async function createDataset(name: string, extra: Record<string, unknown> = {}, schemaId = SCHEMA): Promise<string> {
  const r = await e.api('POST', `${C}/dataSets`, { body: { name, schemaRef: { id: schemaId, contentType: CONTENT_TYPE }, ...extra } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return (r.body as string[])[0]?.split('/').pop() ?? '';
}

let SCHEMA = '';
beforeAll(async () => {
  e = await startTestEmulator({ now: () => (clock += 1000) });
  dev = e.emulator.store.sandbox('dev') as SandboxState;
  SCHEMA = await addSchema(dev, 'a1b2c3d4e5f60718293a4b5c6d7e8f90');
});
afterAll(() => e.close());

describe('Catalog datasets', () => {
  it('creates a dataset and answers with a reference array', async () => {
    const r = await e.api('POST', `${C}/dataSets?requestDataSource=true`, {
      body: { name: 'Orders DB Customers', description: 'Target for shop.customers', schemaRef: { id: SCHEMA, contentType: CONTENT_TYPE }, tags: { unifiedProfile: ['enabled: true'] } },
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual([expect.stringMatching(/^@\/dataSets\/[0-9a-f]{24}$/)]);
    const id = (r.body as string[])[0]?.split('/').pop() ?? '';

    const got = await e.api('GET', `${C}/dataSets/${id}`);
    expect(got.status).toBe(200);
    expect(Object.keys(got.body)).toEqual([id]);
    const dataset = got.body[id];
    expect(dataset).toMatchObject({
      name: 'Orders DB Customers',
      description: 'Target for shop.customers',
      imsOrg: e.emulator.credentials.orgId,
      version: '1.0.0',
      createdClient: e.emulator.credentials.clientId,
      createdUser: `${e.emulator.credentials.clientId}@AdobeID`,
      schemaRef: { id: SCHEMA, contentType: CONTENT_TYPE },
      files: `@/dataSetFiles?dataSetId=${id}`,
      tags: { unifiedProfile: ['enabled: true'], 'adobe/pqs/table': ['orders_db_customers'] },
    });
    expect(dataset.viewId).toMatch(/^[0-9a-f]{24}$/);
    expect(typeof dataset.created).toBe('number');
    expect(dataset.id).toBeUndefined();

    const projected = await e.api('GET', `${C}/dataSets/${id}?properties=name,schemaRef`);
    expect(projected.body).toEqual({ [id]: { name: 'Orders DB Customers', schemaRef: { id: SCHEMA, contentType: CONTENT_TYPE } } });
  });

  it('accepts the schema by meta:altId and stores its $id', async () => {
    const id = await createDataset('By alt id', {}, '_flowctl.schemas.a1b2c3d4e5f60718293a4b5c6d7e8f90');
    expect((await e.api('GET', `${C}/dataSets/${id}`)).body[id].schemaRef.id).toBe(SCHEMA);
  });

  it('rejects invalid bodies with 400', async () => {
    const post = (body: unknown) => e.api('POST', `${C}/dataSets`, { body });
    const cases: Array<[unknown, RegExp]> = [
      [[], /JSON object/],
      [{ schemaRef: { id: SCHEMA, contentType: CONTENT_TYPE } }, /name is required/],
      [{ name: '  ', schemaRef: { id: SCHEMA, contentType: CONTENT_TYPE } }, /name is required/],
      [{ name: 'x' }, /schemaRef is required/],
      [{ name: 'x', schemaRef: { contentType: CONTENT_TYPE } }, /schemaRef.id/],
      [{ name: 'x', schemaRef: { id: SCHEMA } }, /contentType/],
      [{ name: 'x', schemaRef: { id: SCHEMA, contentType: 'application/json' } }, /contentType/],
      [{ name: 'x', schemaRef: { id: 'https://ns.adobe.com/flowctl/schemas/ffff', contentType: CONTENT_TYPE } }, /not found in sandbox dev/],
      [{ name: 'x', schemaRef: { id: SCHEMA, contentType: CONTENT_TYPE }, tags: { a: 'b' } }, /tags.a must be an array of strings/],
      [{ name: 'x', description: 5, schemaRef: { id: SCHEMA, contentType: CONTENT_TYPE } }, /description/],
    ];
    for (const [body, detail] of cases) {
      const r = await post(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body).toMatchObject({ status: 400, title: 'Bad Request', detail: expect.stringMatching(detail) });
    }
    const badJson = await e.api('POST', `${C}/dataSets`, { rawBody: '{"name":' });
    expect(badJson.status).toBe(400);
  });

  it('keeps datasets per sandbox: the schema must exist in the sandbox used', async () => {
    const r = await e.api('POST', `${C}/dataSets`, { sandbox: 'prod', body: { name: 'x', schemaRef: { id: SCHEMA, contentType: CONTENT_TYPE } } });
    expect(r.status).toBe(400);
    const id = await createDataset('Only in dev');
    expect((await e.api('GET', `${C}/dataSets/${id}`, { sandbox: 'prod' })).status).toBe(404);
  });

  it('answers 404 for unknown datasets on GET, PATCH and DELETE', async () => {
    for (const method of ['GET', 'DELETE', 'PATCH']) {
      const r = await e.api(method, `${C}/dataSets/000000000000000000000000`, method === 'PATCH' ? { body: { name: 'x' } } : {});
      expect([method, r.status, r.body.detail]).toEqual([method, 404, 'Dataset 000000000000000000000000 was not found']);
    }
    expect((await e.api('PUT', `${C}/dataSets/000000000000000000000000`, { body: {} })).status).toBe(405);
    expect((await e.api('GET', `${C}/nothing`)).status).toBe(404);
  });

  it('patches name, description and tags (merge and JSON Patch) and bumps the version', async () => {
    const id = await createDataset('Before', { description: 'old', tags: { keep: ['1'], drop: ['2'] } });
    const r = await e.api('PATCH', `${C}/dataSets/${id}`, { body: { name: 'After', description: 'new', tags: { drop: null, added: ['3'] } } });
    expect([r.status, r.body]).toEqual([200, [`@/dataSets/${id}`]]);
    const after = (await e.api('GET', `${C}/dataSets/${id}`)).body[id];
    expect(after).toMatchObject({ name: 'After', description: 'new', version: '1.0.1' });
    expect(after.tags).toMatchObject({ keep: ['1'], added: ['3'] });
    expect(after.tags.drop).toBeUndefined();
    expect(after.updated).toBeGreaterThan(after.created);

    const patch = await e.api('PATCH', `${C}/dataSets/${id}`, {
      body: [
        { op: 'add', path: '/tags/unifiedProfile', value: ['enabled:true'] },
        { op: 'remove', path: '/description' },
      ],
      headers: { 'content-type': 'application/json-patch+json' },
    });
    expect(patch.status).toBe(200);
    const patched = (await e.api('GET', `${C}/dataSets/${id}`)).body[id];
    expect(patched.tags.unifiedProfile).toEqual(['enabled:true']);
    expect(patched.description).toBeUndefined();
    expect(patched.version).toBe('1.0.2');

    for (const body of [{ schemaRef: { id: SCHEMA, contentType: CONTENT_TYPE } }, { created: 1 }, { name: '' }, { tags: { x: [1] } }, [{ op: 'move', path: '/name', from: '/x' }], 'text']) {
      expect((await e.api('PATCH', `${C}/dataSets/${id}`, { body })).status, JSON.stringify(body)).toBe(400);
    }
  });

  it('deletes a dataset with 200 and its reference', async () => {
    const id = await createDataset('Doomed');
    const r = await e.api('DELETE', `${C}/dataSets/${id}`);
    expect([r.status, r.body]).toEqual([200, [`@/dataSets/${id}`]]);
    expect((await e.api('GET', `${C}/dataSets/${id}`)).status).toBe(404);
  });

  it('lists datasets keyed by id with name, paging, ordering and projection', async () => {
    const schema = await addSchema(dev, 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await createDataset(`List ${i}`, {}, schema));
    await createDataset('List 2', {}, schema);

    const byName = await e.api('GET', `${C}/dataSets?name=${encodeURIComponent('List 2')}`);
    expect(Object.values(byName.body).map((d: any) => d.name)).toEqual(['List 2', 'List 2']);

    const mine = (query: string) => e.api('GET', `${C}/dataSets?property=${encodeURIComponent(`schemaRef.id==${schema}`)}&${query}`);
    const desc = await mine('orderBy=desc:created&limit=3&properties=name,created');
    expect(desc.status).toBe(200);
    expect(Object.values(desc.body)).toEqual([
      { name: 'List 2', created: expect.any(Number) },
      { name: 'List 4', created: expect.any(Number) },
      { name: 'List 3', created: expect.any(Number) },
    ]);
    const next = await mine('orderBy=desc:created&limit=3&start=3&properties=name');
    expect(Object.values(next.body)).toEqual([{ name: 'List 2' }, { name: 'List 1' }, { name: 'List 0' }]);
    const asc = await mine('orderBy=asc:created');
    expect(Object.keys(asc.body).slice(0, 5)).toEqual(ids);
    const regex = await e.api('GET', `${C}/dataSets?property=${encodeURIComponent('name~^List [34]$')}`);
    expect(Object.values(regex.body).map((d: any) => d.name)).toEqual(['List 3', 'List 4']);

    const all = await e.api('GET', `${C}/dataSets?limit=100`);
    expect(Object.keys(all.body).length).toBeGreaterThanOrEqual(6);
    const defaultLimit = await e.api('GET', `${C}/dataSets`);
    expect(Object.keys(defaultLimit.body).length).toBeLessThanOrEqual(20);

    for (const query of ['limit=101', 'limit=0', 'limit=ten', 'start=-1', 'orderBy=sideways:created', 'property=name~(']) {
      expect((await e.api('GET', `${C}/dataSets?${query}`)).status, query).toBe(400);
    }
  });
});

describe('Catalog batches', () => {
  it('lists and reads batches the flow runner records, and points the dataset at them', async () => {
    const dataSetId = await createDataset('With batches');
    const by = { clientId: e.emulator.credentials.clientId, orgId: e.emulator.credentials.orgId };
    const first = await recordBatch(dev, { dataSetId, by, now: Date.UTC(2026, 1, 1), status: 'processing', started: Date.UTC(2026, 1, 1) });
    expect(first.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    await updateBatch(dev, first.id, { status: 'success', completed: Date.UTC(2026, 1, 1, 0, 5), recordCount: 120, failedRecordCount: 0, metrics: { inputRecordCount: 120 } }, Date.UTC(2026, 1, 1, 0, 5));
    const second = await recordBatch(dev, { dataSetId, by, now: Date.UTC(2026, 1, 2), status: 'failed', errors: [{ code: 'err-1', description: 'bad row', rows: ['3-5'] }] });
    const other = await createDataset('Other');
    await recordBatch(dev, { dataSetId: other, by, now: Date.UTC(2026, 1, 3) });

    const one = await e.api('GET', `${C}/batches/${first.id}`);
    expect(one.status).toBe(200);
    expect(one.body[first.id]).toMatchObject({
      status: 'success',
      recordCount: 120,
      failedRecordCount: 0,
      version: '1.0.1',
      relatedObjects: [{ type: 'dataSet', id: dataSetId }],
      metrics: { inputRecordCount: 120 },
      errors: [],
      imsOrg: by.orgId,
    });
    // As the error diagnostics guide shows a batch: its id inside too, an externalId, the input format.
    expect(one.body[first.id]).toMatchObject({ id: first.id, externalId: first.id, inputFormat: { format: 'parquet' } });
    expect((await e.api('GET', `${C}/batches/NOPE`)).status).toBe(404);

    const list = await e.api('GET', `${C}/batches?dataSet=${dataSetId}&orderBy=desc:created&limit=10`);
    expect(Object.keys(list.body)).toEqual([second.id, first.id]);
    expect(Object.keys((await e.api('GET', `${C}/batches?dataSet=${dataSetId}&status=success`)).body)).toEqual([first.id]);
    expect(Object.keys((await e.api('GET', `${C}/batches?createdAfter=${Date.UTC(2026, 1, 1)}&createdBefore=${Date.UTC(2026, 1, 3)}`)).body)).toEqual([second.id]);
    expect(Object.keys((await e.api('GET', `${C}/batches?limit=1&start=1&orderBy=asc:created`)).body)).toEqual([second.id]);
    expect((await e.api('GET', `${C}/batches?status=exploded`)).status).toBe(400);
    expect((await e.api('GET', `${C}/batches?createdAfter=yesterday`)).status).toBe(400);

    const dataset = (await e.api('GET', `${C}/dataSets/${dataSetId}`)).body[dataSetId];
    expect(dataset).toMatchObject({ lastBatchId: second.id, lastBatchStatus: 'failed', lastSuccessfulBatch: first.id, lastFailedBatch: second.id });
  });

  it('words server-level errors in the Catalog problem format', async () => {
    const r = await e.api('GET', `${C}/dataSets`, { sandbox: 'nope' });
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ status: 404, title: 'Not Found' });
  });
});
