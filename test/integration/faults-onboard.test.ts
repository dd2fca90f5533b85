// Fifty onboards against emulators that fail 30 % of the Platform's requests on purpose — throttling, 500s, 503s,
// connection resets, requests that never get an answer, and creates that are carried out and then answered with
// a 500 — five emulators with different seeds, ten tables each. Every onboard completes, and each emulator holds
// exactly one of every resource per table: no duplicates, nothing missing. The client's back-off and Retry-After
// waits are recorded and slept for a fifth of their length: enough for an emulator to finish a create the client
// gave up waiting for before the client looks it up (as a real back-off gives the Platform), at a fifth of the
// time. The test asserts that the client asked to wait at least what each 429's Retry-After said.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CollectionName } from '../../src/emulator/store.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

const SEEDS = [1, 2, 3, 4, 5];
const TABLES_PER_SEED = 10;
const AT_ONCE = 5;
const COLLECTIONS: CollectionName[] = ['connections', 'sourceConnections', 'targetConnections', 'flows', 'schemas', 'fieldgroups', 'descriptors', 'dataSets', 'mappingSets'];

const emulators: TestEmulator[] = [];
afterAll(async () => {
  await Promise.all(emulators.map((e) => e.close()));
});

interface Tally {
  requests: number;
  faults: Record<string, number>;
  retriesAndLookups: number;
  /** The client's waits (back-off, Retry-After), in ms. */
  sleeps: number[];
}

async function onboardUnderFaults(seed: number): Promise<Tally> {
  const log = join(tempDir(), 'requests.jsonl');
  const e = await startTestEmulator({ faultRate: 0.3, faults: ['429', '500', '503', 'reset', 'timeout', 'commit-then-500'], seed, requestLog: log });
  emulators.push(e);
  const c = e.emulator.credentials;
  const cwd = tempDir();
  writeFileSync(join(cwd, 'demo.txt'), 'Server=embedded;Database=demo');
  const env = {
    AEP_PLATFORM_URL: e.url,
    AEP_IMS_URL: e.url,
    AEP_API_KEY: c.clientId,
    AEP_CLIENT_SECRET: c.clientSecret,
    AEP_IMS_ORG: c.orgId,
    AEP_SANDBOX_NAME: 'dev',
    // A request that gets no answer is given up after 3 s (the default is 30 s); at a 30 % fault rate the
    // default budget of 4 retries runs out now and then (0.3⁵ per request), so this run allows 10.
    FLOWCTL_TIMEOUT: '3',
    FLOWCTL_MAX_RETRIES: '10',
    FLOWCTL_CACHE_DIR: join(cwd, '.cache'),
  };
  const prefixes = Array.from({ length: TABLES_PER_SEED }, (_, i) => `faulty ${seed}-${i}`);
  let retries = 0;
  const sleeps: number[] = [];
  const queue = [...prefixes];
  await Promise.all(
    Array.from({ length: AT_ONCE }, async () => {
      for (let prefix = queue.shift(); prefix !== undefined; prefix = queue.shift()) {
        const table = prefix.endsWith('0') || prefix.endsWith('5') ? 'crm.orders' : 'crm.customers';
        // A first run far ahead: what is under test is onboarding's requests, not the emulator running 50 flows.
        const result = await runCli(['onboard', '--spec', 'postgresql', '--connection-string-file', 'demo.txt', '--table', table, '--name', prefix, '--start-time', '2099-01-01T00:00:00Z', '--debug'], { env, bareEnv: true, cwd, sleepScale: 0.2 });
        expect(result.code, `onboard ${prefix} (seed ${seed}): ${result.stderr.split('\n').filter((l) => l.startsWith('error')).join(' ')}`).toBe(0);
        sleeps.push(...result.sleeps);
        retries += (result.stderr.match(/^… (retry|.*looking the resource up)/gm) ?? []).length;
      }
    }),
  );

  const dev = e.emulator.store.sandbox('dev');
  for (const collection of COLLECTIONS) {
    const items = dev?.collection<{ id: string; name?: string; title?: string }>(collection).all() ?? [];
    // Every table reads one database: they share its one base connection, made once however they interleave.
    expect(items, `${collection} for seed ${seed}`).toHaveLength(collection === 'connections' ? 1 : TABLES_PER_SEED);
    const names = items.map((i) => i.name ?? i.title).filter((n) => n !== undefined);
    expect(new Set(names).size, `${collection} names are unique`).toBe(names.length);
  }

  const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { fault?: string; path: string });
  const faults: Record<string, number> = {};
  for (const line of lines) if (line.fault) faults[line.fault] = (faults[line.fault] ?? 0) + 1;
  return { requests: lines.length, faults, retriesAndLookups: retries, sleeps };
}

describe('onboard under injected faults', () => {
  it(`${SEEDS.length * TABLES_PER_SEED} tables, 30 % of requests failing: all complete, no duplicate`, { timeout: 600_000 }, async () => {
    const tallies = await Promise.all(SEEDS.map(onboardUnderFaults));
    const total = tallies.reduce<Tally>(
      (sum, t) => {
        for (const [k, v] of Object.entries(t.faults)) sum.faults[k] = (sum.faults[k] ?? 0) + v;
        return { requests: sum.requests + t.requests, faults: sum.faults, retriesAndLookups: sum.retriesAndLookups + t.retriesAndLookups, sleeps: [...sum.sleeps, ...t.sleeps] };
      },
      { requests: 0, faults: {}, retriesAndLookups: 0, sleeps: [] },
    );
    // Every kind of fault was really drawn, commit-then-500 (the one that makes duplicates) included.
    for (const kind of ['429', '500', '503', 'reset', 'timeout', 'commit-then-500']) expect(total.faults[kind] ?? 0, kind).toBeGreaterThan(5);
    // Each 429 says `Retry-After: 1`: the client waited at least that long before trying again, once per 429.
    expect(total.sleeps.filter((ms) => ms >= 1000).length, 'waits of at least Retry-After').toBeGreaterThanOrEqual(total.faults['429'] ?? 0);
    const injected = Object.values(total.faults).reduce((a, b) => a + b, 0);
    console.log(
      `faults: ${SEEDS.length * TABLES_PER_SEED} onboards, ${total.requests} requests, ${injected} faults injected (${Object.entries(total.faults).map(([k, v]) => `${k} ${v}`).join(', ')}), ${total.retriesAndLookups} retries and look-ups, 0 duplicates`,
    );
  });
});
