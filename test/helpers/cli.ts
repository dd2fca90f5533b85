// Runs the CLI in-process, as `bin/flowctl.js` would, with captured stdout/stderr, a chosen environment,
// a temporary token cache, and sleeping replaced by a recorder (retries are asserted, not waited for).

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import type { Asker } from '../../src/cli/prompts.js';

export const PLATFORM = 'https://platform.adobe.io';
export const IMS = 'https://ims-na1.adobelogin.com';
export const TOKEN = 'test-access-token-0123456789';
export const CLIENT_ID = 'test-client-id';
export const ORG = '0123456789ABCDEF01234567@AdobeOrg';
export const SANDBOX = 'dev';

export const BASE_ENV: Record<string, string> = {
  AEP_ACCESS_TOKEN: TOKEN,
  AEP_API_KEY: CLIENT_ID,
  AEP_IMS_ORG: ORG,
  AEP_SANDBOX_NAME: SANDBOX,
};

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Back-off delays the client asked to sleep, in ms. */
  sleeps: number[];
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** Replaces BASE_ENV entirely instead of extending it. */
  bareEnv?: boolean;
  stdin?: string;
  /** stdin is a terminal (a person typing `stdin`): with `tty`, commands may ask (src/cli/confirm.ts). */
  stdinTTY?: boolean;
  cwd?: string;
  tty?: boolean;
  /** Answers the questions of guided onboarding (src/cli/prompts.ts), in place of a terminal. */
  ask?: Asker;
  /** With tty: the terminal's width (default 100) and height (default 24). */
  columns?: number;
  rows?: number;
  now?: () => number;
  /** A fake clock that sleeping moves forward (for waits and timeouts). */
  clock?: FakeClock;
  /** Really sleep (for waits on a live emulator); by default sleeping is only recorded. */
  realSleep?: boolean;
  /**
   * Really sleep this fraction of each wait: a back-off still gives a server time to finish what it was doing (a
   * create still being carried out when the client gave up on it), at a fraction of the test's wall time.
   */
  sleepScale?: number;
}

export interface FakeClock {
  now(): number;
  advance(ms: number): void;
}

export function fakeClock(start = Date.UTC(2026, 0, 1)): FakeClock {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

export function tempDir(prefix = 'flowctl-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function runCli(argv: string[], options: RunOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const sleeps: number[] = [];
  const cwd = options.cwd ?? tempDir();
  const io: CliIO = {
    stdout: { write: (t: string) => (stdout += t), isTTY: options.tty ?? false, columns: options.columns ?? 100, rows: options.rows ?? 24 },
    stderr: { write: (t: string) => (stderr += t), isTTY: options.tty ?? false, columns: options.columns ?? 100 },
    stdin: Object.assign(Readable.from(options.stdin === undefined ? [] : [options.stdin]), { isTTY: options.stdinTTY ?? false }) as CliIO['stdin'],
    env: { FLOWCTL_CACHE_DIR: join(cwd, '.cache'), ...(options.bareEnv ? {} : BASE_ENV), ...options.env },
    cwd,
    sleep: async (ms) => {
      sleeps.push(ms);
      options.clock?.advance(ms);
      const real = options.realSleep ? ms : ms * (options.sleepScale ?? 0);
      if (real > 0) await new Promise((resolve) => setTimeout(resolve, real));
    },
    random: () => 0.5,
    ...(options.ask && { ask: options.ask }),
    ...(options.now && { now: options.now }),
    ...(options.clock && { now: options.clock.now }),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr, sleeps };
}
