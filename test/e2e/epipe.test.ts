// `flowctl … | head -1`: the built binary, its stdout closed by whoever reads it, ends quietly with exit 0 (no
// EPIPE stack trace), and a command that would go on for ever (run watch) ends too.

import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceRecord } from '../../src/emulator/records.js';
import { newRun } from '../../src/emulator/services/flow-service/runs.js';
import { tempDir } from '../helpers/cli.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { BIN } from '../helpers/spawn.js';

const FLOW_ID = '2edc08ac-4df5-4fe6-936f-81a19ce92f5c';
const CRM_TO_AEP = { id: '14518937-270c-4525-bdec-c2ba7cce3860', version: '1.0' };
/** Enough runs that their JSON is several times what a pipe holds (64 KiB): writing blocks until it fails. */
const RUNS = 400;

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

let e: TestEmulator;
let env: Record<string, string>;

/** Stores one more run of the flow, `minutes` after 2026-01-01, as the emulator's scheduler would. */
async function addRun(minutes: number): Promise<void> {
  const dev = e.emulator.store.sandbox('dev');
  const at = Date.UTC(2026, 0, 1) + minutes * 60_000;
  const base = { createdAt: at, updatedAt: at, sandboxId: dev?.info.id, sandboxName: 'dev', imsOrgId: e.emulator.credentials.orgId };
  await dev?.collection<ResourceRecord>('runs').put(newRun(base, { id: FLOW_ID, flowSpec: CRM_TO_AEP } as ResourceRecord, undefined, { scheduled: true }));
}

/**
 * A flow that keeps running: a new run every 100 ms while `task` runs, so that run watch always has more to
 * write, whatever the pipe could hold when its reader left.
 */
async function whileRunsAppear<T>(task: () => Promise<T>): Promise<T> {
  let minutes = RUNS;
  const timer = setInterval(() => void addRun(minutes++), 100);
  try {
    return await task();
  } finally {
    clearInterval(timer);
  }
}

beforeAll(async () => {
  e = await startTestEmulator();
  for (let i = 0; i < RUNS; i++) await addRun(i);
  const { clientId, clientSecret, orgId } = e.emulator.credentials;
  env = {
    AEP_PLATFORM_URL: e.url,
    AEP_IMS_URL: e.url,
    AEP_API_KEY: clientId,
    AEP_CLIENT_SECRET: clientSecret,
    AEP_IMS_ORG: orgId,
    AEP_SANDBOX_NAME: 'dev',
    FLOWCTL_CACHE_DIR: tempDir(),
  };
});

afterAll(async () => {
  await e?.close();
});

/**
 * Spawns the binary and closes the read end of its stdout after `keep` chunks (0: before it writes anything),
 * as `head` does once it has what it wants.
 */
function runIntoClosingPipe(args: string[], keep: number, extraEnv: Record<string, string> = {}): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NO_COLOR: '1', ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let chunks = 0;
    if (keep === 0) child.stdout.destroy();
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (++chunks >= keep) child.stdout.destroy();
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

function expectQuietExit(result: Ended): void {
  expect(result.stderr, 'nothing on stderr: no EPIPE, no stack trace').toBe('');
  expect(result.signal).toBeNull();
  expect(result.code).toBe(0);
}

describe('a reader that closes stdout', () => {
  it.each([[['--help']], [['schema', '--help']], [['--version']], [['flow', 'create', '--help']]])('%j into a closed pipe exits 0 quietly', async (args) => {
    expectQuietExit(await runIntoClosingPipe(args, 0));
  });

  it('--help read up to its first chunk exits 0 quietly', async () => {
    const result = await runIntoClosingPipe(['--help'], 1);
    expectQuietExit(result);
    expect(result.stdout).toMatch(/^Usage: flowctl/);
  });

  it(`--json run list of ${RUNS} runs (far more than a pipe holds), read up to its first chunk, exits 0 quietly`, async () => {
    const result = await runIntoClosingPipe(['--json', 'run', 'list', '--flow', FLOW_ID, '--all'], 1, env);
    expectQuietExit(result);
    expect(result.stdout.startsWith('[')).toBe(true);
  });

  it('run watch --json, read up to its first chunk, stops (it would otherwise poll for ever) and exits 0', async () => {
    const result = await whileRunsAppear(() => runIntoClosingPipe(['--json', 'run', 'watch', '--flow', FLOW_ID, '--interval', '100ms'], 1, env));
    expectQuietExit(result);
    expect(JSON.parse(result.stdout.split('\n')[0] ?? '')).toMatchObject({ run: { flowId: FLOW_ID } });
  });

  it('`flowctl --json run watch | head -1` in a shell ends, exit 0, with only the first line shown', async () => {
    const script = 'set -o pipefail; "$0" "$1" --json run watch --flow "$2" --interval 100ms | head -1';
    const result = await whileRunsAppear(() => new Promise<Ended>((resolve, reject) => {
      const child = spawn('bash', ['-c', script, process.execPath, BIN, FLOW_ID], {
        env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NO_COLOR: '1', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    }));
    // pipefail: a crash of flowctl (exit 1) would be the pipeline's status.
    expectQuietExit(result);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
  });
});
