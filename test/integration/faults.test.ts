// flowctl against an emulator that fails on purpose — including creates that are carried out and then
// answered with 500, the case that makes naive clients create duplicates. Every command completes and every
// resource exists exactly once.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { emulatorEnv, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

let e: TestEmulator | undefined;
afterAll(() => e?.close());

describe('creates under faults', () => {
  it('10 datasets and 10 schemas with 40% of requests failing: all created, none twice', async () => {
    const log = join(tempDir(), 'requests.jsonl');
    e = await startTestEmulator({ faultRate: 0.4, faults: ['commit-then-500', '500', '503', '429', 'reset'], seed: 11, requestLog: log });
    const env = { ...emulatorEnv(e), FLOWCTL_MAX_RETRIES: '10' };
    const cwd = tempDir();
    for (let i = 0; i < 10; i++) {
      const schema = await runCli(['schema', 'create', '--title', `Faulty schema ${i}`], { env, bareEnv: true, cwd });
      expect(schema.stderr).toMatch(/Created schema/);
      expect(schema.code).toBe(0);
      const dataset = await runCli(['dataset', 'create', '--schema', schema.stdout.trim(), '--name', `Faulty dataset ${i}`], { env, bareEnv: true, cwd });
      expect(dataset.code, dataset.stderr).toBe(0);
    }
    const dev = e.emulator.store.sandbox('dev');
    expect(dev?.collection('schemas').size).toBe(10);
    expect(dev?.collection('dataSets').size).toBe(10);
    await e.close();
    e = undefined;
    const entries = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { method: string; fault?: string });
    const committedThen500 = entries.filter((x) => x.method === 'POST' && x.fault === 'commit-then-500').length;
    expect(committedThen500, 'the seed must exercise commit-then-500 on creates').toBeGreaterThan(0);
  });
});
