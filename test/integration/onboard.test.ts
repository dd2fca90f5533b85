// flowctl onboard against the emulator: the whole chain in one command, from the embedded demo database, a real
// MariaDB and a real PostgreSQL; a second run adopts everything; bad input stops before any write.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectionName } from '../../src/emulator/store.js';
import { type RunOptions, runCli, tempDir } from '../helpers/cli.js';
import { createTestDatabase, databaseServer, describeWith, type TestDatabase } from '../helpers/databases.js';
import { emulatorEnv, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

const COLLECTIONS: CollectionName[] = ['connections', 'sourceConnections', 'targetConnections', 'flows', 'schemas', 'fieldgroups', 'descriptors', 'dataSets', 'mappingSets'];

function counts(e: TestEmulator, sandbox = 'dev'): Record<string, number> {
  const state = e.emulator.store.sandbox(sandbox);
  return Object.fromEntries(COLLECTIONS.map((c) => [c, state?.collection(c).size ?? 0]));
}

function cli(e: TestEmulator, cwd: string) {
  const env = emulatorEnv(e);
  const options: RunOptions = { env, bareEnv: true, cwd, realSleep: true };
  return (...argv: string[]) => runCli(argv, options);
}

/**
 * The flow's first run, the one that read the table: at 900× a run comes every second, and on a loaded machine the
 * latest run (what `run wait` reports) may already be a later one that found nothing new.
 */
async function firstRun(flowctl: ReturnType<typeof cli>, flowId: string | undefined) {
  const listed = await flowctl('run', 'list', '--flow', flowId ?? '', '--all', '--json');
  expect(listed.code, listed.stderr).toBe(0);
  const runs = JSON.parse(listed.stdout) as { metrics: { recordSummary: Record<string, number> } }[];
  return runs[runs.length - 1] as (typeof runs)[number];
}

describe('onboard from the embedded demo database', () => {
  let e: TestEmulator;
  let flowctl: ReturnType<typeof cli>;
  beforeAll(async () => {
    e = await startTestEmulator({ timeScale: 900 });
    const cwd = tempDir();
    writeFileSync(join(cwd, 'demo.txt'), 'Server=embedded;Database=demo');
    flowctl = cli(e, cwd);
  });
  afterAll(() => e.close());

  it('creates the nine resources of the chain, and the flow runs', async () => {
    const result = await flowctl('onboard', '--spec', 'postgresql', '--connection-string-file', 'demo.txt', '--table', 'crm.customers', '--partial-ingestion-percent', '1', '--json');
    expect(result.code, result.stderr).toBe(0);
    const onboarded = JSON.parse(result.stdout) as { ids: Record<string, string>; resources: { kind: string; action: string }[]; fields: { column: string; destination: string }[]; deltaColumn: string; requests: number };
    expect(onboarded.resources.map((r) => [r.kind, r.action])).toEqual([
      ['connection', 'create'],
      ['source', 'create'],
      ['fieldGroup', 'create'],
      ['schema', 'create'],
      ['identity', 'create'],
      ['dataset', 'create'],
      ['target', 'create'],
      ['mapping', 'create'],
      ['flow', 'create'],
    ]);
    expect(onboarded.deltaColumn).toBe('updated_at');
    expect(Object.fromEntries(onboarded.fields.map((f) => [f.column, f.destination]))).toMatchObject({
      full_name: 'person.name.fullName',
      email: 'personalEmail.address',
      birth_date: 'person.birthDate',
      id: '_flowctl.id',
    });
    expect(counts(e)).toEqual({ connections: 1, sourceConnections: 1, targetConnections: 1, flows: 1, schemas: 1, fieldgroups: 1, descriptors: 1, dataSets: 1, mappingSets: 1 });
    const waited = await flowctl('run', 'wait', '--flow', onboarded.ids['flow'] ?? '', '--timeout', '60s', '--interval', '200ms', '--json');
    expect(waited.code, waited.stderr).toBe(0);
    expect((await firstRun(flowctl, onboarded.ids['flow'])).metrics.recordSummary).toEqual({ inputRecordCount: 10_000, outputRecordCount: 9_960, failedRecordCount: 40 });
  });

  it('a second run adopts everything: nothing created, the same ids, fewer requests', async () => {
    const before = counts(e);
    const result = await flowctl('onboard', '--spec', 'postgresql', '--connection-string-file', 'demo.txt', '--table', 'crm.customers', '--partial-ingestion-percent', '1', '--json');
    expect(result.code, result.stderr).toBe(0);
    const again = JSON.parse(result.stdout) as { resources: { action: string }[]; requests: number };
    expect(again.resources.filter((r) => r.action !== 'adopt'), JSON.stringify(again.resources)).toEqual([]);
    expect(counts(e)).toEqual(before);
    expect(again.requests).toBeLessThanOrEqual(12);
  });

  it('a second table on the same connection reuses it; the delta column must be given when it is ambiguous', async () => {
    const connection = JSON.parse((await flowctl('connection', 'list', '--json')).stdout)[0].id as string;
    const before = counts(e);
    // crm.orders has two timestamps (ordered_at, updated_at): updated_at says "updated", so it is chosen.
    const orders = await flowctl('onboard', '--connection', connection, '--table', 'crm.orders', '--json');
    expect(orders.code, orders.stderr).toBe(0);
    expect(JSON.parse(orders.stdout).deltaColumn).toBe('updated_at');
    expect(counts(e).connections).toBe(before.connections);
    expect(counts(e).flows).toBe((before.flows ?? 0) + 1);
  });

  it('bad input stops with exit 2 before anything is written', async () => {
    const connection = JSON.parse((await flowctl('connection', 'list', '--json')).stdout)[0].id as string;
    const before = counts(e);
    const missingColumn = await flowctl('onboard', '--connection', connection, '--table', 'crm.customers', '--name', 'other', '--delta-column', 'nope');
    expect(missingColumn.code).toBe(2);
    expect(missingColumn.stderr).toMatch(/error: --delta-column: .*nope/);
    const badSchedule = await flowctl('onboard', '--connection', connection, '--table', 'crm.customers', '--frequency', 'minute', '--interval', '5');
    expect(badSchedule.code).toBe(2);
    expect(badSchedule.stderr).toContain('--interval: must be at least 15 when --frequency is minute');
    const both = await flowctl('onboard', '--connection', connection, '--spec', 'mysql', '--table', 'crm.customers');
    expect(both.code).toBe(2);
    expect(counts(e)).toEqual(before);
  });

  it('with --spec, a table that cannot be onboarded leaves nothing behind: the connection made to explore it is deleted again', async () => {
    // The database's connection exists (the tables above made it): it is found, and nothing new is made.
    const before = counts(e);
    const missing = await flowctl('onboard', '--spec', 'postgresql', '--connection-string-file', 'demo.txt', '--table', 'crm.nosuch', '--name', 'typo');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: .*crm\.nosuch/m);
    expect(missing.stderr).toMatch(/Base connection found/);
    expect(counts(e)).toEqual(before);
    // A delta column the table does not have: bad input, exit 2, and nothing left either.
    const ambiguous = await flowctl('onboard', '--spec', 'postgresql', '--connection-string-file', 'demo.txt', '--table', 'crm.customers', '--name', 'nodelta', '--delta-column', 'no_such_column');
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/^error: --delta-column: /m);
    expect(counts(e)).toEqual(before);

    // Against a sandbox without it, the connection made only to explore the table is deleted again.
    const fresh = await startTestEmulator();
    try {
      const cwd = tempDir();
      writeFileSync(join(cwd, 'demo.txt'), 'Server=embedded;Database=demo');
      const result = await cli(fresh, cwd)('onboard', '--spec', 'postgresql', '--connection-string-file', 'demo.txt', '--table', 'crm.nosuch');
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^Deleted base connection [0-9a-f-]{36} again: it was created only to explore crm\.nosuch\.$/m);
      expect(counts(fresh)).toEqual(Object.fromEntries(COLLECTIONS.map((c) => [c, 0])));
    } finally {
      await fresh.close();
    }
  });

  it('--spec onboarding of several tables of one database shares one base connection, named after the database', async () => {
    const orders = await flowctl('onboard', '--spec', 'postgresql', '--connection-string-file', 'demo.txt', '--table', 'crm.orders', '--json');
    expect(orders.code, orders.stderr).toBe(0);
    const connections = JSON.parse((await flowctl('connection', 'list', '--json')).stdout) as { name: string }[];
    expect(connections.map((c) => c.name)).toEqual(['PostgreSQL demo@embedded']);
    expect((JSON.parse(orders.stdout) as { resources: { kind: string; action: string }[] }).resources.find((r) => r.kind === 'connection')?.action).toBe('adopt');
  });

  it('--dry-run plans the writes and sends none', async () => {
    const connection = JSON.parse((await flowctl('connection', 'list', '--json')).stdout)[0].id as string;
    const before = counts(e);
    const result = await flowctl('onboard', '--connection', connection, '--table', 'crm.customers', '--name', 'dry', '--dry-run', '--json');
    expect(result.code, result.stderr).toBe(0);
    const requests = JSON.parse(result.stdout) as { method: string; url: string; body?: Record<string, unknown> }[];
    expect(requests.map((r) => `${r.method} ${new URL(r.url).pathname.replace(/^\/data\/foundation/, '')}`)).toEqual(
      expect.arrayContaining([
        'POST /schemaregistry/tenant/fieldgroups',
        'POST /schemaregistry/tenant/schemas',
        'POST /catalog/dataSets',
        'POST /flowservice/sourceConnections',
        'POST /flowservice/targetConnections',
        'POST /conversion/mappingSets',
        'POST /flowservice/flows',
      ]),
    );
    expect(counts(e)).toEqual(before);
  });
});

for (const kind of ['mariadb', 'postgres'] as const) {
  const server = await databaseServer(kind);
  describeWith(server, `onboard from ${kind}`, () => {
    let db: TestDatabase;
    let e: TestEmulator;
    beforeAll(async () => {
      db = await createTestDatabase(server);
      await db.exec(
        kind === 'mariadb'
          ? 'CREATE TABLE contacts (contact_id INT PRIMARY KEY, first_name VARCHAR(50), last_name VARCHAR(50), email VARCHAR(100), city VARCHAR(50), vip BOOLEAN, last_modified DATETIME(3))'
          : 'CREATE TABLE public.contacts (contact_id integer PRIMARY KEY, first_name text, last_name text, email text, city text, vip boolean, last_modified timestamp(3))',
        `INSERT INTO ${kind === 'mariadb' ? '' : 'public.'}contacts VALUES (1, 'Ada', 'Lovelace', 'ada@example.com', 'London', ${kind === 'mariadb' ? '1' : 'true'}, '2026-01-01 10:00:00'), (2, 'Alan', 'Turing', 'alan@example.com', 'Wilmslow', ${kind === 'mariadb' ? '0' : 'false'}, '2026-01-02 10:00:00')`,
      );
      e = await startTestEmulator({ timeScale: 900 });
    });
    afterAll(async () => {
      await e?.close();
      await db?.drop();
    });

    it('onboards the table, maps the standard fields, and the first run ingests every row', async () => {
      const cwd = tempDir();
      writeFileSync(join(cwd, 'conn.txt'), db.connectionString());
      const flowctl = cli(e, cwd);
      const table = kind === 'mariadb' ? `${db.name}.contacts` : 'public.contacts';
      const result = await flowctl('onboard', '--spec', kind === 'mariadb' ? 'mariadb' : 'postgresql', '--connection-string-file', 'conn.txt', '--table', table, '--frequency', 'minute', '--json');
      expect(result.code, result.stderr).toBe(0);
      const onboarded = JSON.parse(result.stdout) as { ids: Record<string, string>; fields: { column: string; destination: string }[]; deltaColumn: string };
      expect(onboarded.deltaColumn).toBe('last_modified');
      expect(Object.fromEntries(onboarded.fields.map((f) => [f.column, f.destination]))).toEqual({
        contact_id: '_flowctl.contactId',
        first_name: 'person.name.firstName',
        last_name: 'person.name.lastName',
        email: 'personalEmail.address',
        city: 'homeAddress.city',
        vip: '_flowctl.vip',
        last_modified: '_flowctl.lastModified',
      });
      const waited = await flowctl('run', 'wait', '--flow', onboarded.ids['flow'] ?? '', '--timeout', '60s', '--interval', '200ms', '--json');
      expect(waited.code, waited.stderr).toBe(0);
      expect((await firstRun(flowctl, onboarded.ids['flow'])).metrics.recordSummary).toEqual({ inputRecordCount: 2, outputRecordCount: 2, failedRecordCount: 0 });
      const records = JSON.parse((await flowctl('dataset', 'preview', onboarded.ids['dataset'] ?? '', '--json')).stdout) as Record<string, any>[];
      expect(records.find((r) => r['_flowctl']?.contactId === '1')).toMatchObject({
        person: { name: { firstName: 'Ada', lastName: 'Lovelace' } },
        personalEmail: { address: 'ada@example.com' },
        homeAddress: { city: 'London' },
        _flowctl: { vip: true },
      });
    });
  });
}
