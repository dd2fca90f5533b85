// `GET /connections/{id}/test` and `/explore` through the emulator's API, against MariaDB, PostgreSQL and the
// embedded PGlite database.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS } from '../../src/emulator/databases/pglite.js';
import {
  createTestDatabase,
  databaseServer,
  describeWith,
  MARIADB_SPEC,
  ORACLE_SPEC,
  POSTGRES_SPEC,
  type DatabaseServer,
  type TestDatabase,
} from '../helpers/databases.js';
import { SERVICES, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

const CS = 'Connection String Based Authentication';
const FLOW = SERVICES.flow;

let emulator: TestEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});

afterAll(async () => {
  await emulator?.close();
});

async function createConnection(specId: string, connectionString: string, specName = CS): Promise<string> {
  const response = await emulator.api('POST', `${FLOW}/connections`, {
    body: { name: `db ${connectionString.slice(0, 20)}`, auth: { specName, params: { connectionString } }, connectionSpec: { id: specId, version: '1.0' } },
  });
  expect(response.status, response.text).toBe(201);
  return response.body.id as string;
}

const explore = (id: string, query: string) => emulator.api('GET', `${FLOW}/connections/${id}/explore?${query}`);

/** The Flow error's message, as a client shows it. */
const flowMessage = (body: { report?: { 'detailed-message'?: string } }) => body.report?.['detailed-message'] ?? '';

function serverSuite(server: DatabaseServer, label: string, specId: string, ddl: (schema: string) => string[], schemaOf: (db: TestDatabase) => string) {
  describeWith(server, `${label} through the API`, () => {
    let db: TestDatabase;
    let id: string;
    let schema: string;

    beforeAll(async () => {
      db = await createTestDatabase(server);
      schema = schemaOf(db);
      await db.exec(...ddl(schema));
      id = await createConnection(specId, db.connectionString());
    });

    afterAll(async () => {
      await db?.drop();
    });

    it('tests the connection', async () => {
      const response = await emulator.api('GET', `${FLOW}/connections/${id}/test`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ result: true });
    });

    it('answers a failed test with a Flow error carrying the database’s message, without the password', async () => {
      const bad = await createConnection(specId, db.connectionString(label === 'MariaDB' ? { password: 'Wr0ng-Passw0rd' } : { user: 'flowctl_nobody', password: 'Wr0ng-Passw0rd' }));
      const response = await emulator.api('GET', `${FLOW}/connections/${bad}/test`);
      expect(response.status).toBe(400);
      expect(response.body.type).toBe('https://ns.adobe.com/aep/errors/FLOW-1100-400');
      expect(flowMessage(response.body)).toMatch(label === 'MariaDB' ? /cannot connect to the MariaDB database: Access denied for user/ : /cannot connect to the PostgreSQL database: role "flowctl_nobody" does not exist/);
      expect(response.text).not.toContain('Wr0ng-Passw0rd');
    });

    it('lists tables, describes one without dbType, and previews its first rows', async () => {
      const root = await explore(id, 'objectType=root');
      expect(root.status).toBe(200);
      expect(root.body).toEqual([
        { type: 'table', name: `${schema}.customers`, path: `${schema}.customers`, canPreview: true, canFetchSchema: true },
        { type: 'table', name: `${schema}.orders`, path: `${schema}.orders`, canPreview: true, canFetchSchema: true },
      ]);
      expect((await explore(id, 'objectType=ROOT')).body).toEqual(root.body);

      const table = await explore(id, `objectType=table&object=${schema}.customers`);
      expect(table.status).toBe(200);
      expect(table.body).toEqual({
        format: 'flat',
        schema: {
          columns: [
            { name: 'id', type: 'long', xdm: { type: 'integer' } },
            { name: 'email', type: 'string', xdm: { type: 'string' } },
            { name: 'is_active', type: 'boolean', xdm: { type: 'boolean' } },
            { name: 'score', type: 'double', xdm: { type: 'number' } },
            { name: 'birth_date', type: 'string', 'meta:xdmType': 'date', xdm: { type: 'string', format: 'date' } },
            { name: 'updated_at', type: 'string', 'meta:xdmType': 'date-time', xdm: { type: 'string', format: 'date-time' } },
          ],
        },
      });

      const preview = await explore(id, `objectType=TABLE&object=${schema}.customers&preview=true`);
      expect(preview.status).toBe(200);
      expect(preview.body.schema).toEqual(table.body.schema);
      expect(preview.body.data).toHaveLength(10);
      expect(preview.body.data[0]).toEqual({ id: 1, email: 'c1@example.com', is_active: true, score: '1.50', birth_date: '1990-01-02', updated_at: '2024-03-01T00:00:01.000Z' });
      expect(preview.body.data.map((r: { id: number }) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it('refuses an unknown table, a bad path, and a missing objectType with clear Flow errors', async () => {
      const unknown = await explore(id, `objectType=table&object=${schema}.nope`);
      expect(unknown.status).toBe(400);
      expect(flowMessage(unknown.body)).toBe(`The request could not be processed. Error from flow provider: cannot explore ${schema}.nope: the table ${schema}.nope does not exist`);
      const bad = await explore(id, `objectType=table&object=${encodeURIComponent(`${schema}.x; DROP TABLE orders`)}`);
      expect(bad.status).toBe(400);
      expect(flowMessage(bad.body)).toMatch(/is not a plain table path/);
      expect((await explore(id, 'objectType=table')).status).toBe(400);
      const none = await explore(id, '');
      expect(none.status).toBe(400);
      expect(flowMessage(none.body)).toMatch(/objectType is required/);
      const file = await explore(id, 'objectType=file');
      expect(flowMessage(file.body)).toMatch(/objectType file is not supported/);
    });
  });
}

const mariadb = await databaseServer('mariadb');
const postgres = await databaseServer('postgres');

serverSuite(
  mariadb,
  'MariaDB',
  MARIADB_SPEC,
  () => [
    'CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(100), is_active BOOLEAN, score DECIMAL(5,2), birth_date DATE, updated_at DATETIME(3))',
    "INSERT INTO customers SELECT seq, CONCAT('c', seq, '@example.com'), seq % 2, seq + 0.5, DATE '1990-01-01' + INTERVAL seq DAY, TIMESTAMP '2024-03-01 00:00:00' + INTERVAL seq SECOND FROM seq_1_to_25",
    'CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT)',
  ],
  (db) => db.name,
);

serverSuite(
  postgres,
  'PostgreSQL',
  POSTGRES_SPEC,
  (schema) => [
    `CREATE SCHEMA ${schema}`,
    `CREATE TABLE ${schema}.customers (id integer PRIMARY KEY, email text, is_active boolean, score numeric(5,2), birth_date date, updated_at timestamptz)`,
    `INSERT INTO ${schema}.customers SELECT g, 'c' || g || '@example.com', g % 2 = 1, g + 0.5, date '1990-01-01' + g, timestamptz '2024-03-01Z' + g * interval '1 second' FROM generate_series(1, 25) g`,
    `CREATE TABLE ${schema}.orders (id integer PRIMARY KEY, customer_id integer)`,
  ],
  () => 'shop',
);

describe('the embedded demo database through the API', () => {
  let id: string;

  beforeAll(async () => {
    id = await createConnection(POSTGRES_SPEC, 'Server=embedded;Database=demo');
  });

  it('tests, lists, describes and previews the demo CRM', async () => {
    expect((await emulator.api('GET', `${FLOW}/connections/${id}/test`)).body).toEqual({ result: true });
    const root = await explore(id, 'objectType=root');
    expect(root.body.map((t: { path: string }) => t.path)).toEqual(['crm.customers', 'crm.orders']);
    const table = await explore(id, 'objectType=table&object=crm.customers&preview=true');
    expect(table.status).toBe(200);
    expect(table.body.schema.columns.map((c: { name: string }) => c.name)).toEqual(['id', 'full_name', 'email', 'birth_date', 'phone', 'country', 'updated_at']);
    expect(table.body.data).toHaveLength(10);
    expect(table.body.data[0]).toMatchObject({ id: 1, updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/) });
    expect(DEMO_CUSTOMERS).toBeGreaterThanOrEqual(10_000);
  }, 60_000);

  it('works with the PostgreSQL page’s other auth spec name too', async () => {
    const other = await createConnection(POSTGRES_SPEC, 'Server=embedded;Database=demo', 'Basic Authentication for PostgreSQL');
    expect((await emulator.api('GET', `${FLOW}/connections/${other}/test`)).body).toEqual({ result: true });
  }, 60_000);
});

describe('databases the emulator cannot reach', () => {
  it('answers test and explore with a Flow 400 naming the database', async () => {
    const id = await createConnection(ORACLE_SPEC, 'Host=ora.example.com;Port=1521;Sid=ORCL;User Id=u;Password=p', 'ConnectionString');
    for (const path of ['test', 'explore?objectType=root']) {
      const response = await emulator.api('GET', `${FLOW}/connections/${id}/${path}`);
      expect(response.status).toBe(400);
      expect(flowMessage(response.body)).toBe(
        'The request could not be processed. Error from flow provider: the emulator cannot reach Oracle databases: it reads MySQL, MariaDB, PostgreSQL and Greenplum (and the embedded demo database)',
      );
    }
  });
});
