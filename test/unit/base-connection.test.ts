// The one way a base connection is made (`connection create`, `onboard`, `apply`), the CRMToAEP source rule they
// check first, and "spec name or UUID" — each written once, in src/platform.

import { describe, expect, it } from 'vitest';
import { CONNECTION_SPECS as EMULATOR_SPECS } from '../../src/emulator/services/flow-service/specs.js';
import { checkCrmSource, createBaseConnection, defaultConnectionName } from '../../src/platform/base-connection.js';
import type { PlatformClient } from '../../src/platform/client.js';
import { InvalidInputError } from '../../src/platform/errors.js';
import type { ConnectionCreate, ConnectionSpec, FlowSpec } from '../../src/platform/models/flow-service.js';
import { CONNECTION_SPECS, connectionSpecTitle, resolveConnectionSpec } from '../../src/platform/specs.js';
import { invalid } from '../helpers/invalid.js';

const SECRET = 'Pa55-w0rd-9c1e';
const MYSQL = '26d738e0-8963-47ea-aadf-c60de735468a';
const POSTGRES = '74a1c565-4e59-48d7-9d67-7c03b8a13137';

/** A client that serves the emulator's connection specs and records what is read and sent. */
function fakeClient() {
  const reads: string[] = [];
  const sent: ConnectionCreate[] = [];
  const client = {
    flowService: {
      connectionSpecs: {
        get: async (id: string) => {
          reads.push(id);
          return EMULATOR_SPECS.find((s) => s.id === id) as unknown as ConnectionSpec;
        },
      },
      connections: {
        create: async (body: ConnectionCreate) => {
          sent.push(structuredClone(body));
          return { id: 'c0ffee00-0000-4000-8000-000000000001', etag: '"1"' };
        },
      },
    },
  } as unknown as PlatformClient;
  return { client, reads, sent };
}

describe('createBaseConnection', () => {
  it('reads the spec, sends the normalised string, and hands back the secrets before sending', async () => {
    const { client, reads, sent } = fakeClient();
    const params = { connectionString: `Server=db.example.com;Port=3306;Database=shop;UID=reader;PWD=${SECRET}` };
    const early: string[] = [];
    const made = await createBaseConnection(client, { specId: MYSQL, params, description: 'd' }, { onSecrets: (values) => early.push(...values, `sent ${sent.length}`) });
    expect(reads).toEqual([MYSQL]);
    const normalised = `${params.connectionString};`;
    expect(sent).toEqual([
      {
        name: 'MySQL shop@db.example.com',
        description: 'd',
        auth: { specName: 'Connection String Based Authentication', params: { connectionString: normalised } },
        connectionSpec: { id: MYSQL, version: '1.0' },
      },
    ]);
    expect(made).toMatchObject({ id: 'c0ffee00-0000-4000-8000-000000000001', name: 'MySQL shop@db.example.com', created: { etag: '"1"' } });
    expect(made.secrets).toEqual(expect.arrayContaining([normalised, SECRET]));
    expect(early).toEqual([...made.secrets, 'sent 0']);
    // The caller's params are left as given.
    expect(params.connectionString).not.toMatch(/;$/);
  });

  it('with an auth spec named, reads no spec; params other than a connection string go as given', async () => {
    const { client, reads, sent } = fakeClient();
    const params = { server: 'db', port: '3306', database: 'shop', username: 'reader', password: SECRET };
    const made = await createBaseConnection(client, { specId: MYSQL, params, authSpec: 'Basic Authentication', name: 'shop', description: 'd' });
    expect(reads).toEqual([]);
    expect(sent[0]?.auth).toEqual({ specName: 'Basic Authentication', params });
    expect(sent[0]?.name).toBe('shop');
    expect(made.secrets).toEqual([SECRET]);
  });

  it('a string of the wrong shape is refused on the field given, before anything is sent or read twice', async () => {
    const { client, sent } = fakeClient();
    const request = { specId: POSTGRES, params: { connectionString: `postgresql://u:${SECRET}@h/d` }, description: 'd' };
    const error = await createBaseConnection(client, { ...request, fields: { params: 'connection.params', connectionString: 'connection.connectionString' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe('connection.connectionString');
    expect((error as Error).message).not.toContain(SECRET);
    const cli = await createBaseConnection(client, request).catch((e: unknown) => e);
    expect((cli as InvalidInputError).field).toBe('--connection-string');
    expect(sent).toEqual([]);
  });

  it('names an unnamed connection by database and host, or generically', () => {
    expect(defaultConnectionName(POSTGRES, 'Server=pg.local;Database=shop;Port=5432;UID=u;Password=p')).toBe('PostgreSQL shop@pg.local');
    expect(defaultConnectionName('00000000-0000-4000-8000-000000000000', undefined)).toBe('Database connection');
  });
});

describe('checkCrmSource', () => {
  const crm = { sourceConnectionSpecIds: [MYSQL] } as FlowSpec;

  it('refuses a database CRMToAEP does not read, naming the field and the database', () => {
    const error = invalid(() => checkCrmSource(crm, POSTGRES, 'flowctl.yaml: connection.spec'));
    expect(error.field).toBe('flowctl.yaml: connection.spec');
    expect(error.rule).toBe('PostgreSQL is not a source of the CRMToAEP flow spec: it cannot feed a table-based dataflow');
    expect(invalid(() => checkCrmSource(crm, 'abc', '--spec')).rule).toMatch(/^abc is not a source/);
  });

  it('passes a source, and checks nothing without a spec id or a list', () => {
    expect(() => checkCrmSource(crm, MYSQL, '--spec')).not.toThrow();
    expect(() => checkCrmSource(crm, undefined, '--spec')).not.toThrow();
    expect(() => checkCrmSource(undefined, POSTGRES, '--spec')).not.toThrow();
    expect(() => checkCrmSource({} as FlowSpec, POSTGRES, '--spec')).not.toThrow();
  });
});

describe('resolveConnectionSpec: spec name or UUID', () => {
  it('takes a name, an alias, a catalog id in any case, or any UUID', () => {
    expect(resolveConnectionSpec('mysql')).toEqual({ id: MYSQL, entry: CONNECTION_SPECS.find((s) => s.key === 'mysql') });
    expect(resolveConnectionSpec('Postgres')).toMatchObject({ id: POSTGRES });
    expect(resolveConnectionSpec(MYSQL.toUpperCase())).toMatchObject({ id: MYSQL, entry: { key: 'mysql' } });
    expect(resolveConnectionSpec('ABCDEF00-0000-4000-8000-000000000000')).toEqual({ id: 'abcdef00-0000-4000-8000-000000000000', entry: undefined });
  });

  it('explains anything else, listing the names', () => {
    const result = resolveConnectionSpec('mongo');
    expect(result).toEqual({ problem: expect.stringMatching(/^unknown database "mongo": use one of mysql, oracle, postgresql, .*, or a connection spec UUID$/) });
  });

  it('gives a catalog title by exact id only', () => {
    expect(connectionSpecTitle(MYSQL)).toBe('MySQL');
    expect(connectionSpecTitle('mysql')).toBeUndefined();
  });
});
