// flowctl onboard killed with SIGKILL right after each step, then run again: it completes, and every resource
// exists exactly once. (Steps run concurrently, so a kill also catches others in flight: the re-run adopts them.)

import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectionName } from '../../src/emulator/store.js';
import { tempDir } from '../helpers/cli.js';
import { emulatorEnv, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { BIN, runBin } from '../helpers/spawn.js';

const COLLECTIONS: CollectionName[] = ['connections', 'sourceConnections', 'targetConnections', 'flows', 'schemas', 'fieldgroups', 'descriptors', 'dataSets', 'mappingSets'];

// Flows whose first run is far ahead: the emulator (in this process) runs none while the chains are killed.
const FAR_AHEAD = ['--start-time', '2099-01-01T00:00:00Z'];

let e: TestEmulator;
let env: Record<string, string>;
const cwd = tempDir();

beforeAll(async () => {
  e = await startTestEmulator();
  env = { ...emulatorEnv(e), FLOWCTL_CACHE_DIR: join(cwd, '.cache') };
  writeFileSync(join(cwd, 'demo.txt'), 'Server=embedded;Database=demo');
  // Warm the embedded database so that every kill below lands in the chain, not in its first start.
  const warm = await runBin(['onboard', '--spec', 'postgresql', '--connection-string-file', 'demo.txt', '--table', 'crm.customers', '--name', 'warm', ...FAR_AHEAD], { env, cwd });
  expect(warm.code, warm.stderr).toBe(0);
}, 60_000);
afterAll(() => e.close());

/** Starts onboard and SIGKILLs it as soon as `steps` step lines have been printed. */
function onboardKilledAfter(steps: number, prefix: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'onboard', '--spec', 'postgresql', '--connection-string-file', 'demo.txt', '--table', 'crm.customers', '--name', prefix, ...FAR_AHEAD], {
      env: { PATH: process.env['PATH'] ?? '', ...env },
      cwd,
    });
    let seen = 0;
    child.stderr.on('data', (d: Buffer) => {
      seen += (d.toString().match(/✓ /g) ?? []).length;
      if (seen >= steps) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', () => resolve(seen));
  });
}

function namedCount(collection: CollectionName, prefix: string): number {
  const items = e.emulator.store.sandbox('dev')?.collection<{ id: string } & Record<string, unknown>>(collection).all() ?? [];
  return items.filter((r) => String(r['name'] ?? r['title'] ?? '').startsWith(`${prefix} `)).length;
}

describe('onboard killed after each step', () => {
  for (let step = 1; step <= 9; step++) {
    it(`after step ${step}: the re-run completes with exactly one of each resource`, async () => {
      const prefix = `crash${step}`;
      await onboardKilledAfter(step, prefix);
      const made = COLLECTIONS.filter((c) => c !== 'descriptors').reduce((n, c) => n + namedCount(c, prefix), 0);
      // Two of the step lines have no prefix to count: the identity descriptor (no name), and the base connection
      // (named after the database, and found, not made, after the warm-up).
      expect(made, 'the kill came after the step').toBeGreaterThanOrEqual(step - 2);
      if (step <= 3) expect(made, 'the kill came before the end of the chain').toBeLessThan(8);
      const rerun = await runBin(['onboard', '--spec', 'postgresql', '--connection-string-file', 'demo.txt', '--table', 'crm.customers', '--name', prefix, ...FAR_AHEAD, '--json'], { env, cwd });
      expect(rerun.code, rerun.stderr).toBe(0);
      for (const collection of COLLECTIONS.filter((c) => c !== 'descriptors' && c !== 'connections')) {
        expect(namedCount(collection, prefix), `${collection} named "${prefix} …"`).toBe(1);
      }
      // The base connection is named after the database, and every prefix shares it: never a second one.
      expect(e.emulator.store.sandbox('dev')?.collection('connections').size).toBe(1);
      const ids = JSON.parse(rerun.stdout).ids as Record<string, string>;
      const descriptors = e.emulator.store.sandbox('dev')?.collection<Record<string, unknown> & { id: string }>('descriptors').all() ?? [];
      expect(descriptors.filter((d) => d['xdm:sourceSchema'] === ids['schema'])).toHaveLength(1);
    }, 30_000);
  }

  it('nothing else was created by all these runs', () => {
    const state = e.emulator.store.sandbox('dev');
    // One chain per prefix: the warm-up plus nine crashes, none duplicated, all through the database's one connection.
    for (const collection of COLLECTIONS) expect(state?.collection(collection).size, collection).toBe(collection === 'connections' ? 1 : 10);
  });
});
