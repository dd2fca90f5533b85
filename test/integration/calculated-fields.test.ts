// Calculated fields, end to end against a real MariaDB and a real PostgreSQL: `mapping preview` shows how sample
// rows land through expressions (before anything exists), `onboard --preview` shows the same and creates
// nothing, an expression Data Prep refuses stops `onboard` (exit 2, nothing created), and the real run then
// writes, row for row, the values the preview showed.

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
  ddl: string[];
}

const ROWS = [
  "(1, 'Ada', 'Lovelace', 'Ada@Example.COM', '10/12/1815', '42', 'gb', 'VIP', '2026-01-01 00:00:00')",
  "(2, 'Alan', 'Turing', 'alan@example.com', '23/06/1912', 'x7', 'GB', 'std', '2026-01-01 00:00:00')",
  "(3, 'Grace', NULL, 'grace@example.com', '09/12/1906', '99', 'us', NULL, '2026-01-01 00:00:00')",
].join(', ');

const BACKENDS: Backend[] = [
  {
    label: 'MariaDB',
    kind: 'mariadb',
    spec: 'mariadb',
    table: (db) => `${db.name}.people`,
    ddl: [
      'CREATE TABLE people (id INT PRIMARY KEY, first_name VARCHAR(50), last_name VARCHAR(50), email VARCHAR(100), birth VARCHAR(20), score VARCHAR(10), country VARCHAR(5), tier VARCHAR(10), updated_at DATETIME(3))',
      `INSERT INTO people VALUES ${ROWS}`,
    ],
  },
  {
    label: 'PostgreSQL',
    kind: 'postgres',
    spec: 'postgresql',
    table: () => 'public.people',
    ddl: [
      'CREATE TABLE public.people (id integer PRIMARY KEY, first_name text, last_name text, email text, birth text, score text, country text, tier text, updated_at timestamp(3))',
      `INSERT INTO public.people VALUES ${ROWS}`,
    ],
  },
];

/** The emulator's tenant is `_flowctl`. */
const CALCULATED = {
  'concat(first_name, " ", upper(last_name))': 'person.name.fullName',
  'lower(trim(email))': 'personalEmail.address',
  'date(birth, "dd/MM/yyyy")': 'person.birthDate',
  'to_integer(score)': '_flowctl.scoreValue',
  'upper(country)': 'homeAddress.countryCode',
  'sha256(lower(email))': '_flowctl.emailHash',
  'decode(tier, "VIP", "gold", "std", "silver", "none")': '_flowctl.level',
  'iif(to_integer(id) > 1, "later", "first")': '_flowctl.position',
};


type Previewed = { rows: { source: Record<string, unknown>; record?: Record<string, unknown>; errors: { destination?: string; exception?: string }[] }[] };

for (const backend of BACKENDS) {
  const server = await databaseServer(backend.kind);
  describeWith(server, `calculated fields from ${backend.label}`, () => {
    let db: TestDatabase;
    let e: TestEmulator;
    let flowctl: ReturnType<typeof flowctlAgainst>;
    let connection = '';
    let mappingId = '';
    const cwd = tempDir();

    beforeAll(async () => {
      db = await createTestDatabase(server);
      await db.exec(...backend.ddl);
      e = await startTestEmulator({});
      flowctl = flowctlAgainst(e, cwd);
      writeFileSync(join(cwd, 'conn.txt'), db.connectionString());
      writeFileSync(join(cwd, 'calculated.json'), JSON.stringify(CALCULATED));
      writeFileSync(join(cwd, 'bad.json'), JSON.stringify({ 'lowr(email)': '_flowctl.emailLower' }));
      connection = await flowctl.ok('connection', 'create', '--spec', backend.spec, '--connection-string-file', 'conn.txt');
    });
    afterAll(async () => {
      await e?.close();
      await db?.drop();
    });

    const resourceCount = async () => (JSON.parse(await flowctl.ok('--json', 'flow', 'list')) as unknown[]).length + (JSON.parse(await flowctl.ok('--json', 'mapping', 'list')) as unknown[]).length;

    it('mapping preview: every row as it would land, and the row that would be rejected, with why', async () => {
      const maps = Object.entries(CALCULATED).flatMap(([expression, path]) => ['--map', `${expression}=${path}`]);
      const result = await flowctl.run('mapping', 'preview', '--connection', connection, '--table', backend.table(db), ...maps, '--json');
      expect(result.code, result.stderr).toBe(1);
      const preview = JSON.parse(result.stdout) as Previewed & { summary: unknown };
      expect(preview.summary).toEqual({ rows: 3, mapped: 2, rejected: 1 });
      const [ada, alan, grace] = preview.rows;
      expect(ada?.record).toEqual({
        person: { name: { fullName: 'Ada LOVELACE' }, birthDate: '1815-12-10' },
        personalEmail: { address: 'ada@example.com' },
        _flowctl: { scoreValue: 42, emailHash: expect.stringMatching(/^[0-9a-f]{64}$/), level: 'gold', position: 'first' },
        homeAddress: { countryCode: 'GB' },
      });
      expect(alan?.errors).toEqual([expect.objectContaining({ destination: '_flowctl.scoreValue', exception: expect.stringContaining('cannot convert "x7" to an Integer') })]);
      expect(grace?.record).toMatchObject({ person: { name: { fullName: 'Grace ' } }, _flowctl: { level: 'none', position: 'later' } });
      expect(result.stderr).toContain('1 of 3 sampled rows would be rejected');
      expect(await resourceCount()).toBe(0);
    });

    it('an expression Data Prep refuses stops onboard with exit 2, naming it and why, and nothing is created', async () => {
      const result = await flowctl.run('onboard', '--connection', connection, '--table', backend.table(db), '--mapping-file', 'bad.json');
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('mapping "lowr(email)": Data Prep refuses the expression: unknown function lowr(); did you mean lower()?');
      expect(await resourceCount()).toBe(0);
    });

    it('plan of a file with calculated fields shows how sample rows would land, and creates nothing', async () => {
      writeFileSync(
        join(cwd, 'flowctl.yaml'),
        [
          'version: 1',
          'connection:',
          `  id: ${connection}`,
          'tables:',
          `  - table: ${backend.table(db)}`,
          '    name: people from file',
          '    mapping:',
          `      'decode(tier, "VIP", "gold", "none")': _flowctl.level`,
          '',
        ].join('\n'),
      );
      const human = await flowctl.run('plan');
      expect(human.code, human.stderr).toBe(5);
      expect(human.stdout).toContain(`How ${backend.table(db)} would land (calculated fields):`);
      expect(human.stdout).toMatch(/_flowctl\.level\s+gold/);
      const json = JSON.parse((await flowctl.run('plan', '--json')).stdout) as { tables: { preview: Previewed }[] };
      expect(json.tables[0]?.preview.rows.map((r) => (r.record?.['_flowctl'] as Record<string, unknown> | undefined)?.['level'])).toEqual(['gold', 'none', 'none']);
      expect(await resourceCount()).toBe(0);
    });

    it('onboard --preview shows the same rows and creates nothing; the real run then writes exactly those values', async () => {
      const shown = await flowctl.run('--json', 'onboard', '--connection', connection, '--table', backend.table(db), '--mapping-file', 'calculated.json', '--preview');
      expect(shown.code, shown.stderr).toBe(1);
      const planned = (JSON.parse(shown.stdout) as { preview: Previewed }).preview;
      expect(planned.rows.map((r) => r.errors.length > 0)).toEqual([false, true, false]);
      expect(await resourceCount()).toBe(0);

      const flow = JSON.parse(
        await flowctl.ok(
          '--json', 'onboard', '--connection', connection, '--table', backend.table(db), '--mapping-file', 'calculated.json',
          '--frequency', 'once', '--partial-ingestion-percent', '50',
        ),
      ) as { ids: { flow: string; dataset: string; mapping: string } };
      mappingId = flow.ids.mapping;
      const waited = await flowctl.run('run', 'wait', '--flow', flow.ids.flow, '--timeout', '60s', '--interval', '200ms', '--json');
      expect(waited.code, waited.stderr).toBe(0);
      expect((JSON.parse(waited.stdout) as { metrics: { recordSummary: unknown } }).metrics.recordSummary).toMatchObject({ inputRecordCount: 3, outputRecordCount: 2, failedRecordCount: 1 });
      const ingested = JSON.parse(await flowctl.ok('dataset', 'preview', flow.ids.dataset, '--json')) as Record<string, unknown>[];
      const expected = planned.rows.filter((r) => r.record).map((r) => r.record);
      // Row for row, the records the run wrote are the ones the preview showed (the run writes the other
      // columns too, and the preview shows them).
      expect(ingested).toEqual(expected);
    });

    it('mapping get --json can be fed back: validate and create read it (text/x.schema-path and text/x.aep-xl sources)', async () => {
      const printed = await flowctl.ok('mapping', 'get', mappingId, '--json');
      expect(printed).toContain('"text/x.aep-xl"');
      writeFileSync(join(cwd, 'got.json'), printed);
      expect((await flowctl.run('mapping', 'validate', '--file', 'got.json')).code).toBe(0);
      const copy = await flowctl.ok('mapping', 'create', '--file', 'got.json', '--name', 'copy');
      const pairs = async (id: string) =>
        (JSON.parse(await flowctl.ok('mapping', 'get', id, '--json')) as { mappings: { sourceType: string; source: string; destination: string }[] }).mappings
          .map((m) => `${m.sourceType} ${m.source} → ${m.destination}`)
          .sort();
      expect(await pairs(copy)).toEqual(await pairs(mappingId));
      expect((await pairs(copy)).filter((p) => p.startsWith('text/x.aep-xl'))).toHaveLength(Object.keys(CALCULATED).length);
    });
  });
}
