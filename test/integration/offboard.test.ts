// flowctl offboard against the emulator, with a table of a real PostgreSQL onboarded first: without --confirm it
// lists what it would delete and deletes nothing (exit 5); with --confirm it deletes the chain in reverse
// dependency order and keeps the base connection; a second run finds nothing; another prefix of the same table is
// left alone; a teardown that stops half-way says what is left, and a re-run finishes it.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CollectionName } from '../../src/emulator/store.js';
import { acquireLock } from '../../src/onboard/lock.js';
import { type RunOptions, runCli, tempDir } from '../helpers/cli.js';
import { createTestDatabase, databaseServer, describeWith, type TestDatabase } from '../helpers/databases.js';
import { emulatorEnv, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

const COLLECTIONS: CollectionName[] = ['connections', 'sourceConnections', 'targetConnections', 'flows', 'schemas', 'fieldgroups', 'descriptors', 'dataSets', 'mappingSets'];
const TABLE = 'public.contacts';
const PREFIX = `flowctl ${TABLE}`;
// Far in the future, so that no run is going on while the chain is deleted.
const LATER = ['--start-time', '2099-01-01T00:00:00Z'];

interface Outcome {
  kind: string;
  action: string;
  name: string;
  id?: string;
  detail?: string;
}

const server = await databaseServer('postgres');

describeWith(server, 'flowctl offboard', () => {
  let db: TestDatabase;
  let e: TestEmulator;
  let cwd: string;
  let flowctl: (...argv: string[]) => ReturnType<typeof runCli>;

  const counts = () => {
    const state = e.emulator.store.sandbox('dev');
    return Object.fromEntries(COLLECTIONS.map((c) => [c, state?.collection(c).size ?? 0]));
  };
  const deletesSince = (at: number) => e.exchanges.slice(at).filter((x) => x.method === 'DELETE');
  /** The names of what the CLI lists (flows, datasets, connections by name; schemas by title). */
  const names = async (...argv: string[]) => {
    const result = await flowctl(...argv, '--all', '--json');
    expect(result.code, result.stderr).toBe(0);
    return (JSON.parse(result.stdout) as { name?: string; title?: string }[]).map((r) => r.name ?? r.title ?? '');
  };
  const connectionId = async () => JSON.parse((await flowctl('connection', 'list', '--json')).stdout)[0].id as string;

  beforeAll(async () => {
    db = await createTestDatabase(server);
    await db.exec(
      'CREATE TABLE public.contacts (contact_id integer PRIMARY KEY, email text, city text, last_modified timestamp(3))',
      "INSERT INTO public.contacts VALUES (1, 'ada@example.com', 'London', '2026-01-01 10:00:00')",
    );
    e = await startTestEmulator();
    cwd = tempDir();
    writeFileSync(join(cwd, 'conn.txt'), db.connectionString());
    const options: RunOptions = { env: emulatorEnv(e), bareEnv: true, cwd, realSleep: true };
    flowctl = (...argv) => runCli(argv, options);
  });
  afterAll(async () => {
    await e?.close();
    await db?.drop();
  });

  it('without --confirm lists the chain, deletes nothing and exits 5', async () => {
    const onboarded = await flowctl('onboard', '--spec', 'postgresql', '--connection-string-file', 'conn.txt', '--table', TABLE, ...LATER);
    expect(onboarded.code, onboarded.stderr).toBe(0);
    const before = counts();
    const at = e.exchanges.length;

    const listed = await flowctl('offboard', '--table', TABLE);
    expect(listed.code, listed.stderr).toBe(5);
    expect(listed.stdout).toMatch(/^Dataflow\tdelete\tflowctl public\.contacts flow\t[0-9a-f-]{36}\t-$/m);
    expect(listed.stdout).toMatch(/^Field group\tdelete\tflowctl public\.contacts fields\t/m);
    // onboard --spec names the base connection after the database: several tables share it.
    expect(listed.stdout).toMatch(/^Base connection\tkept\tPostgreSQL \S+@127\.0\.0\.1\t[0-9a-f-]{36}\tother tables may read through it/m);
    expect(listed.stderr).toContain('Nothing was deleted: `flowctl offboard --table public.contacts --confirm` deletes these 8 resources');

    const json = await flowctl('offboard', '--table', TABLE, '--json');
    expect(json.code).toBe(5);
    const plan = JSON.parse(json.stdout) as { name: string; confirmed: boolean; resources: Outcome[] };
    expect(plan).toMatchObject({ name: PREFIX, confirmed: false });
    expect(plan.resources.map((r) => [r.kind, r.action])).toEqual([
      ['flow', 'delete'],
      ['mapping', 'delete'],
      ['target', 'delete'],
      ['source', 'delete'],
      ['dataset', 'delete'],
      ['identity', 'delete'],
      ['schema', 'delete'],
      ['fieldGroup', 'delete'],
      ['connection', 'none'],
    ]);
    expect(deletesSince(at)).toEqual([]);
    expect(counts()).toEqual(before);
  });

  it('--dry-run prints the DELETE requests and sends none', async () => {
    const before = counts();
    const at = e.exchanges.length;
    const result = await flowctl('offboard', '--table', TABLE, '--confirm', '--dry-run', '--json');
    expect(result.code, result.stderr).toBe(5);
    const requests = JSON.parse(result.stdout) as { method: string; url: string }[];
    expect(requests.map((r) => r.method)).toEqual(Array(8).fill('DELETE'));
    expect(requests[0]?.url).toMatch(/\/flowservice\/flows\/[0-9a-f-]{36}$/);
    expect(result.stderr).toContain('Dry run: 8 requests not sent.');
    expect(deletesSince(at)).toEqual([]);
    expect(counts()).toEqual(before);
  });

  it('takes the lock onboard takes for the prefix: while an onboard holds it, nothing is deleted', async () => {
    const c = e.emulator.credentials;
    const key = [new URL(e.url).origin, c.orgId, 'dev', `onboard ${PREFIX}`].join('|');
    const lock = await acquireLock(join(cwd, '.cache', 'locks'), key, `flowctl onboard of ${TABLE} (${PREFIX})`);
    try {
      const at = e.exchanges.length;
      const result = await flowctl('offboard', '--table', TABLE, '--confirm');
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`flowctl onboard of ${TABLE} (${PREFIX}) is already running`);
      expect(deletesSince(at)).toEqual([]);
    } finally {
      await lock.release();
    }
  });

  it('--confirm deletes the chain in reverse dependency order and keeps the base connection', async () => {
    const at = e.exchanges.length;
    const result = await flowctl('offboard', '--table', TABLE, '--confirm');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Dataflow\tdeleted\tflowctl public\.contacts flow\t/m);
    expect(result.stdout).toMatch(/^Base connection\tkept\t/m);
    expect(result.stderr).toMatch(/^✓ Dataflow deleted [0-9a-f-]{36}$/m);
    expect(result.stderr).toContain('8 resources deleted; the base connection is kept (other tables may use it');
    const order = ['flows', 'mappingSets', 'targetConnections|sourceConnections', 'dataSets', 'descriptors', 'schemas', 'fieldgroups'];
    const ranks = deletesSince(at).map((x) => order.findIndex((o) => o.split('|').includes((x.url.split('?')[0] ?? '').split('/').slice(-2, -1)[0] ?? '')));
    expect(ranks).toHaveLength(8);
    expect(ranks.every((r) => r >= 0)).toBe(true);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));

    for (const list of [['flow', 'list'], ['dataset', 'list'], ['schema', 'list']]) {
      expect((await names(...list)).filter((n) => n.startsWith(PREFIX))).toEqual([]);
    }
    expect(await names('connection', 'list')).toEqual([expect.stringMatching(/^PostgreSQL \S+@127\.0\.0\.1$/)]);
  });

  it('a second run finds nothing left and exits 0, with or without --confirm', async () => {
    for (const confirm of [[], ['--confirm']]) {
      const at = e.exchanges.length;
      const again = await flowctl('offboard', '--table', TABLE, ...confirm);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toContain(`Nothing of ${TABLE} (${PREFIX}) is left to delete in sandbox dev`);
      expect(deletesSince(at)).toEqual([]);
    }
  });

  it('--name offboards one prefix of a table onboarded twice and leaves the other intact', async () => {
    const connection = await connectionId();
    for (const name of ['contacts a', 'contacts b']) {
      const result = await flowctl('onboard', '--connection', connection, '--table', TABLE, '--name', name, ...LATER);
      expect(result.code, result.stderr).toBe(0);
    }
    const listed = await flowctl('offboard', '--table', TABLE, '--name', 'contacts a');
    expect(listed.code).toBe(5);
    expect(listed.stderr).toContain("`flowctl offboard --table public.contacts --name 'contacts a' --confirm` deletes these 8 resources");

    const result = await flowctl('offboard', '--table', TABLE, '--name', 'contacts a', '--confirm', '--json');
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as { name: string; resources: Outcome[] };
    expect(out.name).toBe('contacts a');
    // The connection it read through (given by --connection) is kept, as for any other prefix.
    expect(out.resources.map((r) => r.action)).toEqual([...Array(8).fill('delete'), 'none']);
    expect(out.resources.every((r) => r.kind === 'identity' || r.kind === 'connection' || r.name.startsWith('contacts a '))).toBe(true);

    expect(await names('flow', 'list')).toEqual(['contacts b flow']);
    expect(await names('dataset', 'list')).toEqual(['contacts b dataset']);
    expect(await names('schema', 'list')).toEqual(['contacts b schema']);
    const b = await flowctl('onboard', '--connection', connection, '--table', TABLE, '--name', 'contacts b', ...LATER, '--json');
    expect(b.code, b.stderr).toBe(0);
    expect((JSON.parse(b.stdout) as { resources: Outcome[] }).resources.every((r) => r.action === 'adopt')).toBe(true);
  });

  it('a teardown that stops half-way says what was and was not deleted (exit 1); a re-run finishes it', async () => {
    const connection = await connectionId();
    const onboarded = await flowctl('onboard', '--connection', connection, '--table', TABLE, '--name', 'contacts c', ...LATER, '--json');
    expect(onboarded.code, onboarded.stderr).toBe(0);
    // Someone else's dataset on the table's schema: the Platform refuses to delete the schema.
    const schema = (JSON.parse(onboarded.stdout) as { ids: Record<string, string> }).ids['schema'] ?? '';
    const other = await flowctl('dataset', 'create', '--schema', schema, '--name', 'someone else');
    expect(other.code, other.stderr).toBe(0);

    const stopped = await flowctl('offboard', '--table', TABLE, '--name', 'contacts c', '--confirm', '--json');
    expect(stopped.code).toBe(1);
    const out = JSON.parse(stopped.stdout) as { resources: Outcome[]; left: Outcome[]; error: string };
    expect(out.resources.map((r) => r.kind)).toEqual(['flow', 'mapping', 'target', 'source', 'dataset', 'identity']);
    expect(out.left.map((r) => [r.kind, r.name])).toEqual([
      ['schema', 'contacts c schema'],
      ['fieldGroup', 'contacts c fields'],
    ]);
    expect(out.error).toContain('cannot be deleted');
    expect(stopped.stderr).toContain('stopped: 6 deleted, 2 not deleted. Run it again once the cause is fixed.');
    const human = await flowctl('offboard', '--table', TABLE, '--name', 'contacts c', '--confirm');
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/^Schema\tnot deleted\tcontacts c schema\t/m);

    expect((await flowctl('dataset', 'delete', other.stdout.trim())).code).toBe(0);
    const finished = await flowctl('offboard', '--table', TABLE, '--name', 'contacts c', '--confirm', '--json');
    expect(finished.code, finished.stderr).toBe(0);
    expect((JSON.parse(finished.stdout) as { resources: Outcome[] }).resources.map((r) => r.kind)).toEqual(['schema', 'fieldGroup']);
  });

  it('--with-connection deletes the base connection too, unless another flow still uses it', async () => {
    // The table again, on the database's connection, which contacts b's flow also reads through.
    expect((await flowctl('onboard', '--spec', 'postgresql', '--connection-string-file', 'conn.txt', '--table', TABLE, ...LATER)).code).toBe(0);
    const kept = await flowctl('offboard', '--table', TABLE, '--with-connection', '--confirm', '--json');
    expect(kept.code, kept.stderr).toBe(0);
    expect((JSON.parse(kept.stdout) as { resources: Outcome[] }).resources.at(-1)).toMatchObject({ kind: 'connection', action: 'none', detail: 'kept: other flows still use it (FLOW-1418-400)' });

    expect((await flowctl('offboard', '--table', TABLE, '--name', 'contacts b', '--confirm')).code).toBe(0);
    expect((await flowctl('onboard', '--spec', 'postgresql', '--connection-string-file', 'conn.txt', '--table', TABLE, ...LATER)).code).toBe(0);
    const listed = await flowctl('offboard', '--table', TABLE, '--with-connection');
    expect(listed.code).toBe(5);
    expect(listed.stdout).toMatch(/^Base connection\tdelete\tPostgreSQL \S+@127\.0\.0\.1\t/m);
    const deleted = await flowctl('offboard', '--table', TABLE, '--with-connection', '--confirm');
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stderr).toMatch(/^✓ Base connection deleted [0-9a-f-]{36}$/m);
    expect(counts()).toEqual(Object.fromEntries(COLLECTIONS.map((c) => [c, 0])));
  });
});
