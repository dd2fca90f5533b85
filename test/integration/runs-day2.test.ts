// Day-2 run commands through the CLI against the emulator and a real database: a flow scheduled once (its own run
// an hour away) is run on demand with `run start`, waited for, its rejected rows listed with `run errors`; a second
// run follows on from the first's window and `run list --limit 1` shows it; a flow id that does not exist fails at
// once with exit 4.

import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { createTestDatabase, databaseServer, describeWith, type ServerKind, type TestDatabase } from '../helpers/databases.js';
import { flowctlAgainst, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

interface Backend {
  label: string;
  kind: ServerKind;
  spec: string;
  table: (db: TestDatabase) => string;
  createTable: string;
  timestamp: (iso: string) => string;
}

const BACKENDS: Backend[] = [
  {
    label: 'PostgreSQL',
    kind: 'postgres',
    spec: 'postgresql',
    table: () => 'public.customers',
    createTable: 'CREATE TABLE public.customers (id integer PRIMARY KEY, full_name text, birth_date text, updated_at timestamp(3))',
    timestamp: (iso) => iso,
  },
  {
    label: 'MariaDB',
    kind: 'mariadb',
    spec: 'mariadb',
    table: (db) => `${db.name}.customers`,
    createTable: 'CREATE TABLE customers (id INT PRIMARY KEY, full_name VARCHAR(100), birth_date VARCHAR(20), updated_at DATETIME(3))',
    timestamp: (iso) => iso.replace('T', ' ').replace('Z', ''),
  },
];

/** Rows 1…20; rows 5 and 15 have a birth date that does not exist, and are rejected. */
const BAD_ROWS = [5, 15];
const insert = (b: Backend) =>
  `INSERT INTO ${b.kind === 'postgres' ? 'public.' : ''}customers VALUES ` +
  Array.from({ length: 20 }, (_, k) => k + 1)
    .map((i) => `(${i}, 'Person ${i}', '${BAD_ROWS.includes(i) ? '1985-02-30' : `1980-01-${String(i).padStart(2, '0')}`}', '${b.timestamp('2026-01-01T00:00:00.000Z')}')`)
    .join(', ');


const WAIT = ['--timeout', '60s', '--interval', '200ms'];
/** An hour away: the flow's own scheduled run stays out of the test. */
const later = () => String(Math.floor(Date.now() / 1000) + 3600);

for (const backend of BACKENDS) {
  const server = await databaseServer(backend.kind);
  describeWith(server, `run start, run errors and run list against ${backend.label}`, () => {
    let db: TestDatabase;
    let e: TestEmulator;
    let flowctl: ReturnType<typeof flowctlAgainst>;
    const ids: Record<string, string> = {};
    const flow = (...extra: string[]) =>
      flowctl.ok('flow', 'create', '--source', ids['source'] ?? '', '--target', ids['target'] ?? '', '--mapping', ids['mapping'] ?? '', '--delta-column', 'updated_at', ...extra);

    beforeAll(async () => {
      db = await createTestDatabase(server);
      await db.exec(backend.createTable, insert(backend));
      e = await startTestEmulator();
      const cwd = tempDir();
      writeFileSync(join(cwd, 'conn.txt'), db.connectionString());
      flowctl = flowctlAgainst(e, cwd);
      ids['connection'] = await flowctl.ok('connection', 'create', '--spec', backend.spec, '--connection-string-file', 'conn.txt');
      ids['source'] = await flowctl.ok('source', 'create', '--connection', ids['connection'], '--table', backend.table(db));
      ids['schema'] = await flowctl.ok('schema', 'create', '--title', `${backend.label} customers`);
      ids['dataset'] = await flowctl.ok('dataset', 'create', '--schema', ids['schema'], '--name', `${backend.label} customers`);
      ids['target'] = await flowctl.ok('target', 'create', '--schema', ids['schema'], '--dataset', ids['dataset']);
      ids['mapping'] = await flowctl.ok('mapping', 'create', '--schema', ids['schema'], '--map', 'full_name=person.name.fullName', '--map', 'birth_date=person.birthDate');
    }, 60_000);
    afterAll(async () => {
      await e?.close();
      await db?.drop();
    });

    it('starts a run now, waits for it, and lists the rows it rejected', async () => {
      ids['flow'] = await flow('--frequency', 'once', '--start-time', later(), '--error-diagnostics', '--partial-ingestion-percent', '20');
      const started = await flowctl.run('run', 'start', '--flow', ids['flow']);
      expect(started.code, started.stderr).toBe(0);
      ids['first'] = started.stdout.trim();
      expect(started.stderr).toContain('changed from the beginning to');

      const waited = await flowctl.run('run', 'wait', '--flow', ids['flow'], ...WAIT, '--json');
      expect(waited.code, waited.stderr).toBe(0);
      const run = JSON.parse(waited.stdout) as { id: string; metrics: { recordSummary: Record<string, number> } };
      expect(run.id).toBe(ids['first']);
      expect(run.metrics.recordSummary).toMatchObject({ inputRecordCount: 20, outputRecordCount: 18, failedRecordCount: 2 });

      const errors = await flowctl.run('run', 'errors', ids['first']);
      expect(errors.code, errors.stderr).toBe(0);
      const lines = errors.stdout.trim().split('\n').map((l) => l.split('\t'));
      expect(lines.map(([row, column, value]) => [row, column, value])).toEqual([
        ['1', 'birth_date', '1985-02-30'],
        ['2', 'birth_date', '1985-02-30'],
      ]);
      expect(lines[0]?.[3]).toMatch(/there is no day 30 in 1985-02/);
      expect(errors.stderr).toBe('2 rejected rows\n');
      const json = JSON.parse(await flowctl.ok('run', 'errors', ids['first'], '--json')) as { row: { id: unknown } }[];
      expect(json.map((r) => Number(r.row.id)).sort((a, b) => a - b)).toEqual(BAD_ROWS);
    });

    it('a second run follows on from the first: run list --limit 1 shows it, and it rejected nothing', async () => {
      // Windows are whole seconds: a run started within the same second as the last one's end would be empty.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const second = await flowctl.ok('run', 'start', '--flow', ids['flow'] ?? '');
      expect((await flowctl.run('run', 'wait', '--flow', ids['flow'] ?? '', ...WAIT)).code).toBe(0);
      expect((await flowctl.ok('run', 'list', '--flow', ids['flow'] ?? '', '--limit', '1')).split('\t')[0]).toBe(second);
      const all = JSON.parse(await flowctl.ok('run', 'list', '--flow', ids['flow'] ?? '', '--json')) as { id: string; params: Record<string, number> }[];
      expect(all.map((r) => r.id)).toEqual([second, ids['first']]);
      expect(all[0]?.params['windowStartTime']).toBe(all[1]?.params['windowEndTime']);
      const errors = await flowctl.run('run', 'errors', second);
      expect(errors.code).toBe(0);
      expect(errors.stderr).toBe(`Run ${second} rejected no rows.\n`);
    });

    it('without error diagnostics, run errors says how to turn them on (exit 1)', async () => {
      const quiet = await flow('--frequency', 'once', '--start-time', later(), '--partial-ingestion-percent', '20', '--name', 'no diagnostics');
      const runId = await flowctl.ok('run', 'start', '--flow', quiet);
      expect((await flowctl.run('run', 'wait', '--flow', quiet, ...WAIT)).code).toBe(0);
      const errors = await flowctl.run('run', 'errors', runId);
      expect(errors.code).toBe(1);
      expect(errors.stdout).toBe('');
      expect(errors.stderr).toContain(`rejected 2 rows, but no error diagnostics were kept`);
      expect(errors.stderr).toContain(`flowctl flow update ${quiet} --error-diagnostics`);
    });

    it('refuses to start a run of a flow that is not scheduled once, sending nothing', async () => {
      const daily = await flow('--frequency', 'day', '--interval', '1', '--start-time', later(), '--name', 'daily');
      const before = e.exchanges.length;
      const result = await flowctl.run('run', 'start', '--flow', daily);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('only flows scheduled once can be run on demand');
      expect(e.exchanges.slice(before).filter((x) => x.method !== 'GET')).toEqual([]);
    });

    it('a flow id that does not exist: run wait and run list exit 4 at once', async () => {
      const unknown = randomUUID();
      const startedAt = Date.now();
      const waited = await flowctl.run('run', 'wait', '--flow', unknown, '--timeout', '30m');
      expect(waited.code).toBe(4);
      expect(waited.stderr).toContain(`flow ${unknown} does not exist in sandbox`);
      expect(Date.now() - startedAt).toBeLessThan(5000);
      const listed = await flowctl.run('run', 'list', '--flow', unknown);
      expect(listed.code).toBe(4);
      expect((await flowctl.run('run', 'start', '--flow', unknown)).code).toBe(4);
    });
  });
}
