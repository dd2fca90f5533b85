// flowctl plan | apply | destroy -f flowctl.yaml against the in-process emulator and its embedded PGlite demo
// database: plan on an empty sandbox, apply, no change, drift undone, promotion to another sandbox, destroy,
// a failing table among good ones, and fifty tables under the emulator's rate limit.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock, runCli, tempDir } from '../helpers/cli.js';
import { DEMO_DB, emulatorEnv, RESOURCE_COLLECTIONS, resourceCounts, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

const FILE = `
version: 1
connection:
  spec: postgresql
  connectionString: \${DEMO_DB}
  name: demo crm
defaults:
  schedule: { frequency: hour, interval: 1, startTime: 2099-01-01T00:00:00Z }
  partialIngestionPercent: 5
tables:
  - table: crm.customers
    name: crm customers
    identity: id:CRMID
    mapping: { full_name: person.name.fullName }
  - table: crm.orders
    name: crm orders
    deltaColumn: updated_at
    schedule: { frequency: minute, interval: 30 }
`;

function envOf(e: TestEmulator): Record<string, string | undefined> {
  return { ...emulatorEnv(e), DEMO_DB };
}

function counts(e: TestEmulator, sandbox: string): Record<string, number> {
  if (!e.emulator.store.sandbox(sandbox)) throw new Error(`no sandbox ${sandbox}`);
  return resourceCounts(e, sandbox);
}

const ONE_SET = { connections: 1, sourceConnections: 2, targetConnections: 2, flows: 2, schemas: 2, fieldgroups: 2, descriptors: 2, dataSets: 2, mappingSets: 2 };
const NOTHING = Object.fromEntries(RESOURCE_COLLECTIONS.map((name) => [name, 0]));

interface PlanJson {
  changes: boolean;
  connection: { action: string; name: string }[];
  tables: { table: string; name: string; status: string; error?: string; resources: { kind: string; action: string; detail?: string }[] }[];
}

describe('flowctl plan | apply | destroy', () => {
  let e: TestEmulator;
  let cwd: string;
  const flowctl = (...argv: string[]) => runCli(argv, { env: envOf(e), bareEnv: true, cwd });

  beforeAll(async () => {
    e = await startTestEmulator();
    cwd = tempDir();
    writeFileSync(join(cwd, 'flowctl.yaml'), FILE);
  });
  afterAll(() => e.close());

  it('plan on an empty sandbox: every resource to create, exit 5, nothing written', async () => {
    const human = await flowctl('plan');
    expect(human.code, human.stderr).toBe(5);
    expect(human.stdout).toMatch(/\(all tables\)\tBase connection\tcreate\tdemo crm/);
    expect(human.stdout).toMatch(/crm\.customers\tDataflow\tcreate\tcrm customers flow/);
    expect(human.stdout).toMatch(/crm\.orders\tDataset\tcreate\tcrm orders dataset/);
    expect(human.stderr).toContain('to create');
    expect(human.stderr).not.toContain(DEMO_DB);

    const json = await flowctl('plan', '--json');
    expect(json.code).toBe(5);
    const plan = JSON.parse(json.stdout) as PlanJson;
    expect(plan.changes).toBe(true);
    expect(plan.connection).toMatchObject([{ action: 'create', name: 'demo crm' }]);
    expect(plan.tables.map((t) => t.name)).toEqual(['crm customers', 'crm orders']);
    for (const t of plan.tables) expect(t.resources.every((r) => r.action === 'create')).toBe(true);
    expect(counts(e, 'dev')).toEqual(NOTHING);

    // On a narrow terminal: aligned under a header, every line cut to its width.
    const narrow = await runCli(['plan'], { env: { ...envOf(e), NO_COLOR: '1' }, bareEnv: true, cwd, tty: true, columns: 72 });
    expect(narrow.code).toBe(5);
    const lines = narrow.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TABLE +RESOURCE +PLAN +NAME +DETAIL$/);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(72);
    expect(lines.some((line) => line.includes('…'))).toBe(true);
  });

  it('apply creates everything once, with one shared base connection', async () => {
    const result = await flowctl('apply', '--json');
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as { tables: { status: string; ids: Record<string, string> }[]; connection: { action: string }[] };
    expect(out.tables.map((t) => t.status)).toEqual(['ok', 'ok']);
    expect(out.connection[0]?.action).toBe('create');
    expect(out.tables[0]?.ids['flow']).toMatch(/^[0-9a-f-]{36}$/);
    expect(counts(e, 'dev')).toEqual(ONE_SET);
    const flows = e.emulator.store.sandbox('dev')?.collection<{ id: string; name: string; scheduleParams: Record<string, unknown>; options?: Record<string, unknown> }>('flows').all() ?? [];
    const orders = flows.find((f) => f.name === 'crm orders flow');
    expect(orders?.scheduleParams).toMatchObject({ frequency: 'minute', interval: 30, startTime: Date.UTC(2099, 0, 1) / 1000 });
    expect(flows.find((f) => f.name === 'crm customers flow')?.options).toMatchObject({ partialIngestionPercent: 5 });
  });

  it('plan right after apply: no change, exit 0', async () => {
    const result = await flowctl('plan');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(/\tcreate\t|\tupdate\t/);
    expect(result.stderr).toContain('No changes');
  });

  it('drift (a schedule changed, a flow disabled outside flowctl) shows as update; apply undoes it', async () => {
    const flows = e.emulator.store.sandbox('dev')?.collection<{ id: string; name: string }>('flows').all() ?? [];
    const customers = flows.find((f) => f.name === 'crm customers flow')?.id ?? '';
    const orders = flows.find((f) => f.name === 'crm orders flow')?.id ?? '';
    expect((await flowctl('flow', 'update', customers, '--frequency', 'day', '--interval', '2')).code).toBe(0);
    expect((await flowctl('flow', 'disable', orders)).code).toBe(0);

    const drifted = await flowctl('plan', '--json');
    expect(drifted.code).toBe(5);
    const plan = JSON.parse(drifted.stdout) as PlanJson;
    const flowOf = (name: string) => plan.tables.find((t) => t.name === name)?.resources.find((r) => r.kind === 'flow');
    expect(flowOf('crm customers')).toMatchObject({ action: 'update', detail: 'schedule every 2 days → every 1 hour' });
    expect(flowOf('crm orders')).toMatchObject({ action: 'update', detail: 'state disabled → enabled' });
    // Everything else is as the file says.
    expect(plan.tables.flatMap((t) => t.resources).filter((r) => r.action !== 'adopt' && r.action !== 'none')).toHaveLength(2);

    const fixed = await flowctl('apply');
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stdout).toMatch(/crm\.customers\tcrm customers\tok\t0 created, 1 updated/);
    const stored = e.emulator.store.sandbox('dev')?.collection<{ id: string; state: string; scheduleParams: Record<string, unknown> }>('flows');
    expect(stored?.get(customers)?.scheduleParams).toMatchObject({ frequency: 'hour', interval: 1 });
    expect(stored?.get(orders)?.state).toBe('enabled');
    expect((await flowctl('plan')).code).toBe(0);
    expect(counts(e, 'dev')).toEqual(ONE_SET);
  });

  it('the same file with --sandbox prod makes a second, separate set (promotion)', async () => {
    expect(counts(e, 'prod')).toEqual(NOTHING);
    expect((await flowctl('plan', '--sandbox', 'prod')).code).toBe(5);
    const result = await flowctl('apply', '--sandbox', 'prod');
    expect(result.code, result.stderr).toBe(0);
    expect(counts(e, 'prod')).toEqual(ONE_SET);
    expect(counts(e, 'dev')).toEqual(ONE_SET);
    const dev = new Set(e.emulator.store.sandbox('dev')?.collection('flows').all().map((f) => f.id));
    for (const flow of e.emulator.store.sandbox('prod')?.collection('flows').all() ?? []) expect(dev.has(flow.id)).toBe(false);
    expect((await flowctl('plan', '--sandbox', 'prod')).code).toBe(0);
  });

  it('apply --dry-run is a plan: nothing written, exit 5 when there are changes', async () => {
    writeFileSync(join(cwd, 'more.yaml'), FILE.replace('name: crm orders', 'name: crm orders v2'));
    const result = await flowctl('apply', '-f', 'more.yaml', '--dry-run');
    expect(result.code, result.stderr).toBe(5);
    expect(result.stdout).toMatch(/crm\.orders\tDataflow\tcreate\tcrm orders v2 flow/);
    expect(result.stderr).toContain('Dry run: nothing was sent');
    expect(result.stderr).not.toContain('would change nothing');
    expect(counts(e, 'dev')).toEqual(ONE_SET);
  });

  it('destroy without --confirm lists what it would delete and deletes nothing (exit 5)', async () => {
    const result = await flowctl('destroy');
    expect(result.code, result.stderr).toBe(5);
    expect(result.stdout).toMatch(/crm\.customers\tDataflow\tdelete\tcrm customers flow/);
    expect(result.stdout).toMatch(/\(all tables\)\tBase connection\tdelete\tdemo crm/);
    expect(result.stderr).toContain('--confirm');
    expect(counts(e, 'dev')).toEqual(ONE_SET);
  });

  it('destroy --confirm leaves nothing of the file behind, in reverse dependency order; prod is untouched', async () => {
    const before = e.exchanges.length;
    // One table at a time, so that each one's deletes can be read in order.
    const result = await flowctl('destroy', '--confirm', '--json', '--concurrency', '1');
    expect(result.code, result.stderr).toBe(0);
    expect(counts(e, 'dev')).toEqual(NOTHING);
    expect(counts(e, 'prod')).toEqual(ONE_SET);
    const out = JSON.parse(result.stdout) as { tables: { resources: { action: string }[] }[]; connection: { action: string }[] };
    expect(out.tables.map((t) => t.resources.length)).toEqual([8, 8]);
    expect(out.connection).toMatchObject([{ action: 'delete' }]);
    // Per table: flow → mapping → target/source → dataset → descriptor → schema → field group; the base
    // connection last.
    const deletes = e.exchanges
      .slice(before)
      .filter((x) => x.method === 'DELETE')
      .map((x) => (x.url.split('?')[0] ?? '').split('/').slice(-2, -1)[0] ?? '');
    expect(deletes).toHaveLength(17);
    expect(deletes[16]).toBe('connections');
    const order = ['flows', 'mappingSets', 'targetConnections|sourceConnections', 'dataSets', 'descriptors', 'schemas', 'fieldgroups'];
    const rank = (c: string) => order.findIndex((o) => o.split('|').includes(c));
    for (const table of [deletes.slice(0, 8), deletes.slice(8, 16)]) {
      const ranks = table.map(rank);
      expect(ranks.every((r) => r >= 0)).toBe(true);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    }
    const again = await flowctl('destroy', '--confirm');
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('0 resources deleted');
    expect((await flowctl('destroy', '--sandbox', 'prod', '--confirm')).code).toBe(0);
    expect(counts(e, 'prod')).toEqual(NOTHING);
  });

  it('a failing table does not stop the others: both in the summary, exit 1', async () => {
    writeFileSync(
      join(cwd, 'broken.yaml'),
      `version: 1
connection: { spec: postgresql, connectionString: "\${DEMO_DB}", name: broken demo }
defaults: { schedule: { frequency: day, startTime: 2099-01-01T00:00:00Z } }
tables:
  - { table: crm.missing, name: broken missing }
  - { table: crm.customers, name: broken customers }
`,
    );
    const result = await flowctl('apply', '-f', 'broken.yaml');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/crm\.missing\tbroken missing\tfailed\t.+/);
    expect(result.stdout).toMatch(/crm\.customers\tbroken customers\tok\t9 created|crm\.customers\tbroken customers\tok\t\d+ created/);
    expect(result.stderr).toContain('crm.missing (broken missing) failed');
    const json = await flowctl('apply', '-f', 'broken.yaml', '--json');
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as { tables: { table: string; status: string; error?: string }[] };
    expect(out.tables.map((t) => [t.table, t.status])).toEqual([
      ['crm.missing', 'failed'],
      ['crm.customers', 'ok'],
    ]);
    expect(out.tables[0]?.error).toBeTruthy();
    expect(counts(e, 'dev').flows).toBe(1);
    // The teardown of a file with a table that never existed: what there is goes, the rest is "nothing".
    expect((await flowctl('destroy', '-f', 'broken.yaml', '--confirm')).code).toBe(0);
    expect(counts(e, 'dev')).toEqual(NOTHING);
  });

  it('plan of a file whose connection does not exist yet says plainly the tables were not explored; apply of tables that cannot be onboarded leaves nothing behind', async () => {
    writeFileSync(
      join(cwd, 'nothing.yaml'),
      `version: 1
connection: { spec: postgresql, connectionString: "\${DEMO_DB}", name: nothing demo }
defaults: { schedule: { frequency: day, startTime: 2099-01-01T00:00:00Z } }
tables:
  - { table: crm.missing, name: nothing missing }
  - { table: crm.customers, name: nothing customers, deltaColumn: no_such_column }
`,
    );
    const before = counts(e, 'dev');
    const plan = await flowctl('plan', '-f', 'nothing.yaml');
    expect(plan.code).toBe(5);
    expect(plan.stderr).toContain('warning: the tables were not explored: their base connection does not exist yet');
    const applied = await flowctl('apply', '-f', 'nothing.yaml', '--json');
    expect(applied.code).toBe(1);
    const out = JSON.parse(applied.stdout) as { connection: { action: string; detail?: string }[]; tables: { status: string }[] };
    expect(out.tables.map((t) => t.status)).toEqual(['failed', 'failed']);
    expect(out.connection[0]).toMatchObject({ action: 'none', detail: 'created to explore the tables, and deleted again: none could be onboarded' });
    expect(counts(e, 'dev')).toEqual(before);
  });

  it('destroy keeps the base connection while the file is only partly chosen, or another flow uses it', async () => {
    expect((await flowctl('apply')).code).toBe(0);
    const connection = e.emulator.store.sandbox('dev')?.collection('connections').all()[0]?.id ?? '';
    // Someone else's flow on the file's connection.
    const other = await flowctl('onboard', '--connection', connection, '--table', 'crm.orders', '--name', 'someone else', '--start-time', '2099-01-01T00:00:00Z');
    expect(other.code, other.stderr).toBe(0);

    const partial = await flowctl('destroy', '--table', 'crm customers', '--confirm', '--json');
    expect(partial.code, partial.stderr).toBe(0);
    const out = JSON.parse(partial.stdout) as { tables: { name: string }[]; connection: { action: string; detail?: string }[] };
    expect(out.tables.map((t) => t.name)).toEqual(['crm customers']);
    expect(out.connection).toMatchObject([{ action: 'none', detail: 'kept: only some tables were chosen (--table)' }]);
    expect(counts(e, 'dev')).toMatchObject({ connections: 1, flows: 2 });

    const rest = await flowctl('destroy', '--confirm');
    expect(rest.code, rest.stderr).toBe(0);
    expect(rest.stdout).toMatch(/\(all tables\)\tBase connection\tkept\tdemo crm\t[0-9a-f-]{36}\tother flows still use it \(FLOW-1418-400\)/);
    expect(counts(e, 'dev')).toMatchObject({ connections: 1, flows: 1, dataSets: 1 });
  });
});

describe('fifty tables under the rate limit', () => {
  // In virtual time: the emulator's gateway and the client share one fake clock that only the client's waits move
  // forward, so the rate limit's window refills exactly as far as the client waited (no real second is slept).
  let e: TestEmulator;
  const clock = fakeClock(Date.now());

  beforeAll(async () => {
    e = await startTestEmulator({ rateLimit: 20, now: clock.now });
  });
  afterAll(() => e.close());

  it('apply --concurrency 8 finishes every table, the client waiting out the 429s', { timeout: 120_000 }, async () => {
    const cwd = tempDir();
    const tables = Array.from({ length: 50 }, (_, i) => `  - { table: ${i % 2 === 0 ? 'crm.customers' : 'crm.orders'}, name: bulk ${String(i).padStart(2, '0')} }`);
    writeFileSync(
      join(cwd, 'flowctl.yaml'),
      `version: 1
connection: { spec: postgresql, connectionString: "\${DEMO_DB}", name: bulk demo }
defaults: { schedule: { frequency: day, interval: 1, startTime: 2099-01-01T00:00:00Z } }
tables:
${tables.join('\n')}
`,
    );
    const started = Date.now();
    const virtualStart = clock.now();
    const throttled = () => e.exchanges.filter((x) => x.status === 429);
    const result = await runCli(['apply', '--concurrency', '8', '--json'], { env: envOf(e), bareEnv: true, cwd, clock });
    const wall = (Date.now() - started) / 1000;
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as { tables: { status: string; attempts?: number }[]; requests: number; seconds: number };
    expect(out.tables).toHaveLength(50);
    expect(out.tables.filter((t) => t.status !== 'ok')).toEqual([]);
    expect(counts(e, 'dev')).toMatchObject({ connections: 1, flows: 50, dataSets: 50, mappingSets: 50 });
    // The limit was really hit, and the client waited out what each 429's Retry-After asked before trying again.
    const answered429 = throttled();
    expect(answered429.length).toBeGreaterThan(0);
    const asked = Math.max(...answered429.map((x) => Number(x.headers['retry-after'] ?? 1))) * 1000;
    const waits = result.sleeps.filter((ms) => ms >= asked);
    expect(waits.length, `waits of at least ${asked} ms, for ${answered429.length} answers 429`).toBeGreaterThanOrEqual(answered429.length);
    // The client paces itself once throttled, instead of finding the limit by hitting it (a third of the requests
    // were answered 429 before it did). In virtual time the pace is rough — every waiting request moves the shared
    // clock on by its own wait — so the bound is looser than the bench's 5 % in real time.
    const platformRequests = e.exchanges.filter((x) => !x.url.startsWith('/ims/')).length;
    expect(answered429.length / platformRequests, `${answered429.length} of ${platformRequests} requests answered 429`).toBeLessThan(0.15);
    console.info(
      `50-table apply under rateLimit 20/s, --concurrency 8: ${out.requests} requests (${answered429.length} answered 429), ${waits.length} waits, ${((answered429.length / platformRequests) * 100).toFixed(1)} % throttled, ${((clock.now() - virtualStart) / 1000).toFixed(1)} s virtual, ${wall.toFixed(1)} s wall, ${out.tables.filter((t) => t.attempts).length} tables run again after a 429`,
    );
  });
});
