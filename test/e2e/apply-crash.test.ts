// flowctl apply of a two-table file, killed with SIGKILL right after the emulator has answered its Nth create —
// for every N from the first create to the last — and then run again: the re-run completes (the dead run's
// lock is taken over, never waited for), and every resource the file describes exists exactly once.

import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectionName } from '../../src/emulator/store.js';
import { tempDir } from '../helpers/cli.js';
import { emulatorEnv, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { BIN, runBin } from '../helpers/spawn.js';

const NAMED: CollectionName[] = ['connections', 'sourceConnections', 'targetConnections', 'flows', 'schemas', 'fieldgroups', 'dataSets', 'mappingSets'];
/** One base connection, then eight creates per table (source, field group, schema, descriptor, dataset, target, mapping, flow). */
const CREATES = 1 + 2 * 8;

let e: TestEmulator;
let env: Record<string, string>;
const cwd = tempDir();
let onCreate: (() => void) | undefined;

beforeAll(async () => {
  e = await startTestEmulator({
    onExchange: (x) => {
      if (x.method === 'POST' && x.status < 300 && !x.url.startsWith('/ims/') && !x.url.includes('/validate') && !x.url.includes('/runs')) onCreate?.();
    },
  });
  env = { ...emulatorEnv(e), DB_URL: 'Server=embedded;Database=demo', FLOWCTL_CACHE_DIR: join(cwd, '.cache') };
  // Warm the embedded database, so that the kills below land in the chain and not in its first start.
  writeFile('warm');
  const warm = await runBin(['apply', '-f', 'warm.yaml'], { env, cwd });
  expect(warm.code, warm.stderr).toBe(0);
}, 60_000);
afterAll(() => e.close());

function writeFile(prefix: string): string {
  const file = `${prefix}.yaml`;
  writeFileSync(
    join(cwd, file),
    // Flows whose first run is far ahead: the emulator (in this process) runs none while the applies are killed.
    `version: 1\nconnection:\n  spec: postgresql\n  connectionString: \${DB_URL}\n  name: ${prefix} connection\ndefaults:\n  schedule: { frequency: day, interval: 1, startTime: 2099-01-01T00:00:00Z }\ntables:\n  - table: crm.customers\n    name: ${prefix} customers\n  - table: crm.orders\n    name: ${prefix} orders\n    deltaColumn: updated_at\n`,
  );
  return file;
}

/** Starts apply and SIGKILLs it as soon as the emulator has answered `creates` creates. */
function applyKilledAfter(creates: number, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'apply', '-f', file], { env: { PATH: process.env['PATH'] ?? '', ...env }, cwd });
    let seen = 0;
    onCreate = () => {
      if (++seen === creates) child.kill('SIGKILL');
    };
    child.on('error', reject);
    child.on('close', () => {
      onCreate = undefined;
      resolve();
    });
  });
}

function namedCount(collection: CollectionName, prefix: string): number {
  const items = e.emulator.store.sandbox('dev')?.collection<{ id: string } & Record<string, unknown>>(collection).all() ?? [];
  return items.filter((r) => String(r['name'] ?? r['title'] ?? '').startsWith(`${prefix} `)).length;
}

describe('apply killed after each create', () => {
  for (let creates = 1; creates <= CREATES; creates++) {
    it(`after create ${creates} of ${CREATES}: the re-run completes with exactly one of each resource`, async () => {
      const prefix = `kill${creates}`;
      const file = writeFile(prefix);
      await applyKilledAfter(creates, file);
      const made = NAMED.reduce((n, c) => n + namedCount(c, prefix), 0);
      expect(made, 'the kill came after the create').toBeGreaterThanOrEqual(creates - 2);
      // The killed run's lock is still on disk: the re-run must see its owner is gone and take it over. (After
      // the last create the run may have finished before the signal landed.)
      const locks = join(cwd, '.cache', 'locks');
      if (creates < CREATES) expect(existsSync(locks) && readdirSync(locks).length > 0, 'the killed run left its lock').toBe(true);

      const rerun = await runBin(['apply', '-f', file, '--json'], { env, cwd });
      expect(rerun.code, rerun.stderr).toBe(0);
      const summary = JSON.parse(rerun.stdout) as { tables: { status: string; ids: Record<string, string> }[] };
      expect(summary.tables.map((t) => t.status)).toEqual(['ok', 'ok']);
      expect(namedCount('connections', prefix)).toBe(1);
      for (const collection of NAMED.filter((c) => c !== 'connections')) {
        expect(namedCount(collection, `${prefix} customers`), `${collection} of customers`).toBe(1);
        expect(namedCount(collection, `${prefix} orders`), `${collection} of orders`).toBe(1);
      }
      const descriptors = e.emulator.store.sandbox('dev')?.collection<Record<string, unknown> & { id: string }>('descriptors').all() ?? [];
      for (const table of summary.tables) expect(descriptors.filter((d) => d['xdm:sourceSchema'] === table.ids['schema'])).toHaveLength(1);
    }, 30_000);
  }

  it('nothing else was created by all these runs', () => {
    const state = e.emulator.store.sandbox('dev');
    // The warm-up and every killed file: one connection each, two chains each.
    expect(state?.collection('connections').size).toBe(CREATES + 1);
    for (const collection of NAMED.filter((c) => c !== 'connections')) expect(state?.collection(collection).size, collection).toBe(2 * (CREATES + 1));
    expect(state?.collection('descriptors').size).toBe(2 * (CREATES + 1));
  });
});
