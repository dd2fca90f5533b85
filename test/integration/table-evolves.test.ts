// A table's life after day one, against a real MariaDB and a real PostgreSQL: a column added to the table is
// found by a re-run of `onboard` (its --dry-run shows the field group gaining the field), which extends the field
// group, makes a new mapping-set version and points the flow at it, and the next run ingests the column; a
// re-run with other flags converges the flow (old → new); a dropped or retyped column is a warning saying what
// happens and what to do.

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
  create: string;
  insert: (from: number, to: number) => string;
  addColumn: string;
  fill: string;
  dropColumn: string;
}

const now = () => new Date().toISOString().replace('T', ' ').replace('Z', '');
const rows = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, k) => `(${from + k}, 'Person ${from + k}', 'p${from + k}@example.com', 'x', '${now()}')`).join(', ');

const BACKENDS: Backend[] = [
  {
    label: 'MariaDB',
    kind: 'mariadb',
    spec: 'mariadb',
    table: (db) => `${db.name}.members`,
    create: 'CREATE TABLE members (id INT PRIMARY KEY, full_name VARCHAR(100), email VARCHAR(100), note VARCHAR(20), updated_at DATETIME(3))',
    insert: (from, to) => `INSERT INTO members VALUES ${rows(from, to)}`,
    addColumn: 'ALTER TABLE members ADD COLUMN loyalty_points INT',
    fill: `UPDATE members SET loyalty_points = id * 10, updated_at = NOW(3) + INTERVAL 1 MINUTE WHERE id <= 3`,
    dropColumn: 'ALTER TABLE members DROP COLUMN note',
  },
  {
    label: 'PostgreSQL',
    kind: 'postgres',
    spec: 'postgresql',
    table: () => 'public.members',
    create: 'CREATE TABLE public.members (id integer PRIMARY KEY, full_name text, email text, note text, updated_at timestamp(3))',
    insert: (from, to) => `INSERT INTO public.members VALUES ${rows(from, to)}`,
    addColumn: 'ALTER TABLE public.members ADD COLUMN loyalty_points integer',
    fill: `UPDATE public.members SET loyalty_points = id * 10, updated_at = (now() AT TIME ZONE 'UTC') + interval '1 minute' WHERE id <= 3`,
    dropColumn: 'ALTER TABLE public.members DROP COLUMN note',
  },
];


type Onboarded = { ids: Record<string, string>; resources: { kind: string; action: string; detail?: string }[]; warnings: string[] };

for (const backend of BACKENDS) {
  const server = await databaseServer(backend.kind);
  describeWith(server, `a table's life after onboarding, from ${backend.label}`, () => {
    let db: TestDatabase;
    let e: TestEmulator;
    let flowctl: ReturnType<typeof flowctlAgainst>;
    let ids: Record<string, string> = {};
    const cwd = tempDir();
    const onboard = (...extra: string[]) => ['--json', 'onboard', '--connection', ids['connection'] ?? '', '--table', backend.table(db), '--frequency', 'minute', '--interval', '15', ...extra];
    const changed = (result: Onboarded) => Object.fromEntries(result.resources.filter((r) => r.action !== 'adopt').map((r) => [r.kind, `${r.action}: ${r.detail ?? ''}`]));

    beforeAll(async () => {
      db = await createTestDatabase(server);
      await db.exec(backend.create, backend.insert(1, 5));
      e = await startTestEmulator({ timeScale: 900 });
      flowctl = flowctlAgainst(e, cwd);
      writeFileSync(join(cwd, 'conn.txt'), db.connectionString());
      ids['connection'] = await flowctl.ok('connection', 'create', '--spec', backend.spec, '--connection-string-file', 'conn.txt');
      const first = JSON.parse(await flowctl.ok(...onboard())) as Onboarded;
      ids = { ...ids, ...first.ids };
      const waited = await flowctl.run('run', 'wait', '--flow', ids['flow'] ?? '', '--timeout', '60s', '--interval', '200ms');
      expect(waited.code, waited.stderr).toBe(0);
    });
    afterAll(async () => {
      await e?.close();
      await db?.drop();
    });

    it('a mapping destination that is not a field stops onboard before any write, with the field it most likely meant', async () => {
      writeFileSync(join(cwd, 'typo.json'), JSON.stringify({ full_name: 'person.name.fulname' }));
      const at = e.exchanges.length;
      const result = await flowctl.run('onboard', '--connection', ids['connection'] ?? '', '--table', backend.table(db), '--name', 'typo', '--mapping-file', 'typo.json');
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('mapping for "full_name": "person.name.fulname" is not a field of the schema');
      expect(result.stderr).toContain('did you mean person.name.fullName?');
      expect(e.exchanges.slice(at).filter((x) => x.method !== 'GET')).toEqual([]);
      // A column the table does not have, likewise.
      writeFileSync(join(cwd, 'nocolumn.json'), JSON.stringify({ fullname: 'person.name.fullName' }));
      const missing = await flowctl.run('onboard', '--connection', ids['connection'] ?? '', '--table', backend.table(db), '--name', 'typo', '--mapping-file', 'nocolumn.json');
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/mapping for "fullname": the table has no such column/);
      expect(e.exchanges.slice(at).filter((x) => x.method !== 'GET')).toEqual([]);
    });

    it('a re-run of an unchanged table changes nothing', async () => {
      const again = JSON.parse(await flowctl.ok(...onboard())) as Onboarded;
      expect(changed(again)).toEqual({});
    });

    it('a column added: --dry-run shows the field group gaining it; onboard extends it, versions the mapping, repoints the flow; the next run ingests it', async () => {
      await db.exec(backend.addColumn);
      const dry = await flowctl.run('onboard', '--connection', ids['connection'] ?? '', '--table', backend.table(db), '--frequency', 'minute', '--interval', '15', '--dry-run');
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stderr).toMatch(/Field group\s+update\s.*3 → 4 fields: \+ _flowctl\.loyaltyPoints \(integer\)/);
      expect(dry.stdout).toMatch(/PATCH \S+\/tenant\/fieldgroups\//);
      writeFileSync(
        join(cwd, 'flowctl.yaml'),
        ['version: 1', 'connection:', `  id: ${ids['connection'] ?? ''}`, 'tables:', `  - table: ${backend.table(db)}`, '    schedule: { frequency: minute, interval: 15 }', ''].join('\n'),
      );
      const plan = await flowctl.run('plan');
      expect(plan.code, plan.stderr).toBe(5);
      expect(plan.stdout).toMatch(/Field group\s+update\s.*3 → 4 fields: \+ _flowctl\.loyaltyPoints \(integer\)/);

      // Pause the flow so that the rows changed next are surely left for a run that starts after them.
      await flowctl.ok('flow', 'disable', ids['flow'] ?? '');
      await flowctl.run('run', 'wait', '--flow', ids['flow'] ?? '', '--timeout', '60s', '--interval', '200ms');
      await db.exec(backend.fill);
      const evolved = JSON.parse(await flowctl.ok(...onboard())) as Onboarded;
      expect(changed(evolved)).toEqual({
        fieldGroup: 'update: 3 → 4 fields: + _flowctl.loyaltyPoints (integer)',
        mapping: expect.stringMatching(/^update: /),
        flow: 'update: mapping version 0 → 1, state disabled → enabled',
      });
      const mapping = JSON.parse(await flowctl.ok('mapping', 'get', ids['mapping'] ?? '', '--json')) as { version: number; mappings: { source: string; destination: string }[] };
      expect(mapping.version).toBe(1);
      expect(mapping.mappings).toContainEqual(expect.objectContaining({ source: 'loyalty_points', destination: '_flowctl.loyaltyPoints' }));

      const waited = await flowctl.run('run', 'wait', '--flow', ids['flow'] ?? '', '--new', '--timeout', '60s', '--interval', '200ms', '--json');
      expect(waited.code, waited.stderr).toBe(0);
      const records = JSON.parse(await flowctl.ok('dataset', 'preview', ids['dataset'] ?? '', '--limit', '100', '--json')) as { _flowctl: { id: string; loyaltyPoints?: number } }[];
      const points = Object.fromEntries(records.filter((r) => r._flowctl.loyaltyPoints !== undefined).map((r) => [r._flowctl.id, r._flowctl.loyaltyPoints]));
      expect(points).toEqual({ '1': 10, '2': 20, '3': 30 });
    });

    it('a re-run with other flags converges the flow and says each change old → new', async () => {
      const result = await flowctl.run(...onboard('--frequency', 'hour', '--interval', '2', '--partial-ingestion-percent', '10', '--error-diagnostics', '--disabled'));
      expect(result.code, result.stderr).toBe(0);
      expect(changed(JSON.parse(result.stdout) as Onboarded)).toEqual({
        flow: 'update: schedule every 15 minutes → every 2 hours, partial ingestion (none) → 10 %, error diagnostics off → on, state enabled → disabled',
      });
      const flow = JSON.parse(await flowctl.ok('flow', 'get', ids['flow'] ?? '', '--json')) as { scheduleParams: Record<string, unknown>; options: Record<string, unknown>; state: string };
      expect(flow.scheduleParams).toMatchObject({ frequency: 'hour', interval: 2 });
      expect(flow.options).toMatchObject({ partialIngestionPercent: 10, errorDiagnosticsEnabled: true });
      expect(flow.state).toBe('disabled');
      // And back: the flags of the first onboarding undo it all.
      const back = JSON.parse(await flowctl.ok(...onboard())) as Onboarded;
      expect(changed(back)['flow']).toBe('update: schedule every 2 hours → every 15 minutes, partial ingestion 10 % → (none), error diagnostics on → off, state disabled → enabled');
    });

    it('a dropped column is a warning: its field stays in the schema and is no longer mapped', async () => {
      await db.exec(backend.dropColumn);
      const result = await flowctl.run(...onboard());
      expect(result.code, result.stderr).toBe(0);
      const onboarded = JSON.parse(result.stdout) as Onboarded;
      expect(onboarded.warnings).toContain(`field _flowctl.note has no column in ${backend.table(db)} any more: it stays in the schema (fields cannot be removed from a schema in use) and is no longer mapped`);
      expect(result.stderr).toContain('warning: field _flowctl.note has no column');
      expect(changed(onboarded)).toMatchObject({ mapping: expect.stringMatching(/^update: /), flow: 'update: mapping version 1 → 2' });
    });
  });
}
