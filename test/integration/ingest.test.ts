// Rows move: flowctl sets up a flow against a real MariaDB, a real PostgreSQL and the embedded PGlite demo
// database; the emulator runs it on a schedule sped up 900 times (15 minutes pass in a second); the runs, the
// batches and the ingested records are read back with flowctl's monitoring commands.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { createTestDatabase, databaseServer, describeWith, type TestDatabase } from '../helpers/databases.js';
import { flowctlAgainst, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

interface Backend {
  label: string;
  kind: 'mariadb' | 'postgres';
  spec: string;
  table: (db: TestDatabase) => string;
  createTable: string;
  insert: (from: number, to: number, updatedAt: string) => string;
}

const BIRTH = (i: number) => (i % 40 === 0 ? '1985-02-30' : `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`);
const values = (from: number, to: number, updatedAt: string, bool: (b: boolean) => string) =>
  Array.from({ length: to - from + 1 }, (_, k) => {
    const i = from + k;
    return `(${i}, 'Person ${i}', 'p${i}@example.com', '${BIRTH(i)}', ${i / 4}, ${bool(i % 2 === 0)}, '${updatedAt}')`;
  }).join(', ');

const BACKENDS: Backend[] = [
  {
    label: 'MariaDB',
    kind: 'mariadb',
    spec: 'mariadb',
    table: (db) => `${db.name}.customers`,
    createTable: 'CREATE TABLE customers (id INT PRIMARY KEY, full_name VARCHAR(100), email VARCHAR(100), birth_date VARCHAR(20), score DOUBLE, active BOOLEAN, updated_at DATETIME(3))',
    insert: (from, to, at) => `INSERT INTO customers VALUES ${values(from, to, at.replace('T', ' ').replace('Z', ''), (b) => (b ? '1' : '0'))}`,
  },
  {
    label: 'PostgreSQL',
    kind: 'postgres',
    spec: 'postgresql',
    table: () => 'public.customers',
    createTable: 'CREATE TABLE public.customers (id integer PRIMARY KEY, full_name text, email text, birth_date text, score double precision, active boolean, updated_at timestamp(3))',
    insert: (from, to, at) => `INSERT INTO public.customers VALUES ${values(from, to, at, (b) => (b ? 'true' : 'false'))}`,
  },
];


for (const backend of BACKENDS) {
  const server = await databaseServer(backend.kind);
  describeWith(server, `ingestion from ${backend.label}`, () => {
    let db: TestDatabase;
    let e: TestEmulator;
    let flowctl: ReturnType<typeof flowctlAgainst>;
    const cwd = tempDir();
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      db = await createTestDatabase(server);
      await db.exec(backend.createTable, backend.insert(1, 100, '2026-01-01T00:00:00.000Z'));
      e = await startTestEmulator({ timeScale: 900 });
      flowctl = flowctlAgainst(e, cwd);
      writeFileSync(join(cwd, 'conn.txt'), db.connectionString());
    });
    afterAll(async () => {
      await e?.close();
      await db?.drop();
    });

    it('connects and explores the table with the Platform column types', async () => {
      ids['connection'] = await flowctl.ok('connection', 'create', '--spec', backend.spec, '--connection-string-file', 'conn.txt');
      expect((await flowctl.run('connection', 'test', ids['connection'])).code).toBe(0);
      expect(await flowctl.ok('connection', 'explore', ids['connection'])).toContain(backend.table(db));
      const structure = JSON.parse(await flowctl.ok('connection', 'explore', ids['connection'], '--table', backend.table(db), '--json')) as {
        schema: { columns: { name: string; type: string; xdm: { type: string; format?: string } }[] };
      };
      const types = Object.fromEntries(structure.schema.columns.map((c) => [c.name, [c.type, c.xdm.type, c.xdm.format ?? '']]));
      expect(types).toEqual({
        id: ['long', 'integer', ''],
        full_name: ['string', 'string', ''],
        email: ['string', 'string', ''],
        birth_date: ['string', 'string', ''],
        score: ['double', 'number', ''],
        active: ['boolean', 'boolean', ''],
        updated_at: ['string', 'string', 'date-time'],
      });
    });

    it('runs on schedule: converts types, counts the rows that fail, and ingests the rest', async () => {
      ids['source'] = await flowctl.ok('source', 'create', '--connection', ids['connection'] ?? '', '--table', backend.table(db));
      ids['schema'] = await flowctl.ok('schema', 'create', '--title', `${backend.label} customers`);
      ids['dataset'] = await flowctl.ok('dataset', 'create', '--schema', ids['schema'], '--name', `${backend.label} customers`);
      ids['target'] = await flowctl.ok('target', 'create', '--schema', ids['schema'], '--dataset', ids['dataset']);
      ids['mapping'] = await flowctl.ok(
        'mapping', 'create', '--schema', ids['schema'],
        '--map', 'id=_id', '--map', 'full_name=person.name.fullName', '--map', 'email=personalEmail.address', '--map', 'birth_date=person.birthDate',
      );
      ids['flow'] = await flowctl.ok(
        'flow', 'create', '--source', ids['source'], '--target', ids['target'], '--mapping', ids['mapping'], '--delta-column', 'updated_at',
        '--frequency', 'minute', '--interval', '15', '--partial-ingestion-percent', '5', '--error-diagnostics',
      );
      const waited = await flowctl.run('run', 'wait', '--flow', ids['flow'], '--timeout', '60s', '--interval', '200ms', '--json');
      expect(waited.code, waited.stderr).toBe(0);
      // At 900× a run comes every second: on a loaded machine the latest may already be a later one that found
      // nothing new. The first run (the oldest; the list is newest first) is the one that read the table.
      const runs = JSON.parse(await flowctl.ok('run', 'list', '--flow', ids['flow'], '--all', '--json')) as { metrics: { recordSummary: Record<string, number> } }[];
      const run = runs[runs.length - 1] as (typeof runs)[number];
      // Rows 40, 80 have an impossible birth date (1985-02-30): 2 of 100 fail, within the 5% allowed.
      expect(run.metrics.recordSummary).toMatchObject({ inputRecordCount: 100, outputRecordCount: 98, failedRecordCount: 2 });

      const records = JSON.parse(await flowctl.ok('dataset', 'preview', ids['dataset'], '--limit', '500', '--json')) as Record<string, any>[];
      expect(records).toHaveLength(98);
      expect(records.find((r) => r['_id'] === '7')).toEqual({
        _id: '7',
        person: { name: { fullName: 'Person 7' }, birthDate: '1957-08-17' },
        personalEmail: { address: 'p7@example.com' },
      });
      expect(await flowctl.ok('dataset', 'batches', ids['dataset'])).toMatch(/^\S+\tsuccess\t\S+ \S+\t98\t2$/m);
    });

    it('the next run takes only the rows changed since', async () => {
      // A run already under way when the rows arrive may take them (as on the Platform): pause the flow and let
      // its last run finish first, so that the rows are surely left for a run that starts after them.
      await flowctl.ok('flow', 'disable', ids['flow'] ?? '');
      const settled = await flowctl.run('run', 'wait', '--flow', ids['flow'] ?? '', '--timeout', '60s', '--interval', '200ms');
      expect(settled.code, settled.stderr).toBe(0);
      await db.exec(backend.insert(101, 110, new Date().toISOString()));
      await flowctl.ok('flow', 'enable', ids['flow'] ?? '');
      const waited = await flowctl.run('run', 'wait', '--flow', ids['flow'] ?? '', '--new', '--timeout', '60s', '--interval', '200ms', '--json');
      expect(waited.code, waited.stderr).toBe(0);
      const run = JSON.parse(waited.stdout) as { metrics: { recordSummary: Record<string, number> } };
      // Rows 101…110 hold no invalid birth date (every 40th row has one): 10 of 10.
      expect(run.metrics.recordSummary).toMatchObject({ inputRecordCount: 10, outputRecordCount: 10, failedRecordCount: 0 });
      const list = await flowctl.ok('run', 'list', '--flow', ids['flow'] ?? '');
      expect(list.split('\n').length).toBeGreaterThanOrEqual(2);
    });

    it('without a partial-ingestion threshold one bad row fails the run, and run wait says why', async () => {
      const strict = await flowctl.ok(
        'flow', 'create', '--source', ids['source'] ?? '', '--target', ids['target'] ?? '', '--mapping', ids['mapping'] ?? '',
        // A minute ahead (a few milliseconds at 900×), so that its window surely covers the rows just inserted.
        '--delta-column', 'updated_at', '--frequency', 'once', '--name', 'strict', '--start-time', String(Math.floor(Date.now() / 1000) + 60),
      );
      const waited = await flowctl.run('run', 'wait', '--flow', strict, '--timeout', '60s', '--interval', '200ms');
      expect(waited.code).toBe(1);
      expect(waited.stderr).toContain('failed: 110 in, 0 out, 2 failed');
      expect(waited.stderr).toContain('cannot be converted to a date for field person.birthDate: there is no day 30 in 1985-02');
      expect(waited.stderr).toContain('INGEST-1212-400');
    });
  });
}

it('ingestion from the embedded demo database (PGlite): 10,000 customers, 40 rejected', async () => {
  const e = await startTestEmulator({ timeScale: 900 });
  try {
    const cwd = tempDir();
    const local = flowctlAgainst(e, cwd);
    writeFileSync(join(cwd, 'conn.txt'), 'Server=embedded;Database=demo');
    const connection = await local.ok('connection', 'create', '--spec', 'postgresql', '--connection-string-file', 'conn.txt');
    expect(await local.ok('connection', 'explore', connection)).toContain('crm.customers');
    const source = await local.ok('source', 'create', '--connection', connection, '--table', 'crm.customers');
    const schema = await local.ok('schema', 'create', '--title', 'Demo customers');
    const dataset = await local.ok('dataset', 'create', '--schema', schema, '--name', 'Demo customers');
    const target = await local.ok('target', 'create', '--schema', schema, '--dataset', dataset);
    const mapping = await local.ok('mapping', 'create', '--schema', schema, '--map', 'full_name=person.name.fullName', '--map', 'birth_date=person.birthDate', '--map', 'email=personalEmail.address');
    const flow = await local.ok('flow', 'create', '--source', source, '--target', target, '--mapping', mapping, '--delta-column', 'updated_at', '--frequency', 'once', '--partial-ingestion-percent', '1');
    const waited = await local.run('run', 'wait', '--flow', flow, '--timeout', '90s', '--interval', '250ms', '--json');
    expect(waited.code, waited.stderr).toBe(0);
    expect(JSON.parse(waited.stdout).metrics.recordSummary).toMatchObject({ inputRecordCount: 10_000, outputRecordCount: 9_960, failedRecordCount: 40 });
  } finally {
    await e.close();
  }
}, 120_000);
