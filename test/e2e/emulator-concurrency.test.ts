// The emulator under real load, as a separate process: eight flowctl processes onboarding at once while a flow
// runs every second (--time-scale 900) lose nothing; then the emulator is killed with SIGKILL in the middle of a
// second round of eight, and after a restart on the same data dir every create it acknowledged, every run and
// every batch is there and readable through flowctl.

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CollectionName } from '../../src/emulator/store.js';
import { startEmulator } from '../../src/emulator/server.js';
import { tempDir } from '../helpers/cli.js';
import { BIN, runBin } from '../helpers/spawn.js';

const COLLECTIONS: CollectionName[] = ['connections', 'sourceConnections', 'targetConnections', 'flows', 'schemas', 'fieldgroups', 'descriptors', 'dataSets', 'mappingSets'];
const ID = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{24,64}|https:\/\/ns\.adobe\.com\/\S+)$/;

interface EmulatorProcess {
  settings: Record<string, string>;
  child: ChildProcessWithoutNullStreams;
  exited: Promise<void>;
}

function startProcess(dataDir: string): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, [BIN, 'emulator', 'start', '--port', '0', '--data-dir', dataDir, '--time-scale', '900'], { env: { PATH: process.env['PATH'] ?? '' } });
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.split('\n').filter((l) => /^AEP_[A-Z_]+=/.test(l));
      if (lines.length === 6) resolve({ settings: Object.fromEntries(lines.map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string])), child, exited });
    });
    child.on('error', reject);
  });
}

const dataDir = tempDir('flowctl-load-');
const cwd = tempDir();
writeFileSync(join(cwd, 'demo.txt'), 'Server=embedded;Database=demo');
let running: EmulatorProcess | undefined;
afterAll(async () => {
  running?.child.kill('SIGKILL');
  await running?.exited;
});

/** `flowctl onboard` of one prefix, spawned; the ids it printed as created (stderr) whatever happens. */
function onboard(env: Record<string, string>, prefix: string, onCreated?: () => void): { done: Promise<{ code: number | null; created: string[]; ids?: Record<string, string> }> } {
  const child = spawn(process.execPath, [BIN, 'onboard', '--spec', 'postgresql', '--connection-string-file', 'demo.txt', '--table', 'crm.orders', '--name', prefix, '--delta-column', 'updated_at', '--json'], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    cwd,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    for (const _ of d.toString().matchAll(/ created /g)) onCreated?.();
  });
  return {
    done: new Promise((resolve) =>
      child.on('close', (code) => {
        const created = stderr.split('\n').filter((l) => / created /.test(l)).map((l) => ID.exec(l.trim())?.[1] ?? '').filter(Boolean);
        resolve({ code, created, ...(code === 0 && { ids: (JSON.parse(stdout) as { ids: Record<string, string> }).ids }) });
      }),
    ),
  };
}

describe('the emulator under concurrent clients and a SIGKILL', () => {
  it('eight processes onboarding at once lose nothing; a SIGKILL mid-load loses no acknowledged write, run or batch', { timeout: 120_000 }, async () => {
    running = await startProcess(dataDir);
    const env = { ...running.settings, FLOWCTL_CACHE_DIR: join(cwd, '.cache') };

    // A flow that runs every (sped-up) 15 minutes, writing runs and batches throughout.
    const first = await runBin(['onboard', '--spec', 'postgresql', '--connection-string-file', 'demo.txt', '--table', 'crm.customers', '--name', 'busy', '--frequency', 'minute', '--interval', '15', '--partial-ingestion-percent', '5', '--json'], { env, cwd });
    expect(first.code, first.stderr).toBe(0);
    const busy = (JSON.parse(first.stdout) as { ids: Record<string, string> }).ids;

    // Round one: eight at once, all complete, every id exists, one chain each.
    const round1 = await Promise.all(Array.from({ length: 8 }, (_, i) => onboard(env, `load ${i}`).done));
    for (const r of round1) expect(r.code).toBe(0);
    const listed = JSON.parse((await runBin(['dataset', 'list', '--all', '--json'], { env, cwd })).stdout) as { id: string; name: string }[];
    for (let i = 0; i < 8; i++) expect(listed.filter((d) => d.name === `load ${i} dataset`)).toHaveLength(1);
    const waited = await runBin(['run', 'wait', '--flow', busy['flow'] ?? '', '--timeout', '60s'], { env, cwd });
    expect(waited.code, waited.stderr).toBe(0);
    const runsBefore = JSON.parse((await runBin(['run', 'list', '--flow', busy['flow'] ?? '', '--json'], { env, cwd })).stdout) as { id: string }[];
    expect(runsBefore.length).toBeGreaterThanOrEqual(1);

    // Round two: eight more (72 creates), and the emulator is killed once 24 of them have been acknowledged.
    // These clients retry once (not four times, with back-off): against a dead emulator they only fail slower.
    let createdSoFar = 0;
    let kill: () => void = () => undefined;
    const killed = new Promise<void>((resolve) => (kill = resolve));
    const round2 = Array.from({ length: 8 }, (_, i) => onboard({ ...env, FLOWCTL_MAX_RETRIES: '1' }, `killed ${i}`, () => ++createdSoFar === 24 && kill()));
    await killed;
    running.child.kill('SIGKILL');
    await running.exited;
    running = undefined;
    const results2 = await Promise.all(round2.map((r) => r.done));
    const acknowledged = results2.flatMap((r) => r.created);
    expect(acknowledged.length, 'the kill came in the middle of the creates').toBeGreaterThanOrEqual(24);
    expect(acknowledged.length, 'the kill came in the middle of the creates').toBeLessThan(72);
    console.log(`emulator SIGKILL: ${runsBefore.length} runs before, ${acknowledged.length} of 72 creates of the second round acknowledged before the kill, none lost`);

    // Nothing on disk is torn.
    for (const collection of [...COLLECTIONS, 'runs', 'batches']) {
      const folder = join(dataDir, 'sandboxes', 'dev', collection);
      let files: string[] = [];
      try {
        files = readdirSync(folder).filter((f) => f.endsWith('.json'));
      } catch {
        continue;
      }
      for (const f of files) expect(() => JSON.parse(readFileSync(join(folder, f), 'utf8')), `${collection}/${f}`).not.toThrow();
    }

    // Restarted on the same data dir: every acknowledged create, every run, the batches and their records.
    const restarted = await startEmulator({ port: 0, dataDir });
    try {
      const dev = restarted.store.sandbox('dev');
      const all = new Set(COLLECTIONS.flatMap((c) => (dev?.collection<{ id: string; $id?: string }>(c).all() ?? []).map((r) => r.$id ?? r.id)));
      for (const r of round1) for (const id of Object.values(r.ids ?? {})) expect(all.has(id), `round one: ${id}`).toBe(true);
      for (const id of acknowledged) expect(all.has(id), `acknowledged before the kill: ${id}`).toBe(true);
      const c = restarted.credentials;
      const env2 = { AEP_PLATFORM_URL: restarted.url, AEP_IMS_URL: restarted.url, AEP_API_KEY: c.clientId, AEP_CLIENT_SECRET: c.clientSecret, AEP_IMS_ORG: c.orgId, AEP_SANDBOX_NAME: 'dev', FLOWCTL_CACHE_DIR: join(cwd, '.cache2') };
      for (const run of runsBefore) {
        const got = await runBin(['run', 'get', run.id, '--json'], { env: env2, cwd });
        expect(got.code, got.stderr).toBe(0);
        expect((JSON.parse(got.stdout) as { id: string }).id).toBe(run.id);
      }
      const preview = await runBin(['dataset', 'preview', busy['dataset'] ?? '', '--limit', '5', '--json'], { env: env2, cwd });
      expect(preview.code, preview.stderr).toBe(0);
      expect((JSON.parse(preview.stdout) as unknown[]).length).toBe(5);
      // The killed onboards, run again (all eight at once), complete without a duplicate.
      const reruns = await Promise.all(
        Array.from({ length: 8 }, (_, i) => runBin(['onboard', '--spec', 'postgresql', '--connection-string-file', 'demo.txt', '--table', 'crm.orders', '--name', `killed ${i}`, '--delta-column', 'updated_at'], { env: env2, cwd })),
      );
      for (const rerun of reruns) expect(rerun.code, rerun.stderr).toBe(0);
      // One chain per table onboarded (the first, then eight, then eight more), all reading one database through
      // its one shared base connection.
      for (const collection of COLLECTIONS) expect(dev?.collection(collection).size, collection).toBe(collection === 'connections' ? 1 : 1 + 8 + 8);
    } finally {
      await restarted.close();
    }
  });
});
