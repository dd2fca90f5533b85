// What a command may touch of the outside world, passed in so that tests run the CLI in-process with
// captured output, a chosen environment, and no real sleeping.

import type { Readable } from 'node:stream';
import type { OutputIO } from '../output/streams.js';

export type { OutStream } from '../output/streams.js';

/** stdout, stderr and env as output reads them (output/streams.ts), and what only commands use. */
export interface CliIO extends OutputIO {
  stdin: Readable & { isTTY?: boolean | undefined };
  /** Folder whose .env is read and relative paths are resolved against. */
  cwd: string;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Answers questions (guided onboarding) in place of the terminal: tests script them (cli/prompts.ts). */
  ask?: import('./prompts.js').Asker;
  /**
   * Ends the process at once. Called when the reader of stdout or stderr has gone: whatever the command still
   * had to do can show nothing. Absent in-process (tests), where `main` returns instead.
   */
  exit?: (code: number) => void;
}

export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    // Getters: Node builds process.stderr and process.stdin on first touch. stderr, a second pipe stream, costs
    // ≈ 0.4 ms that a --json command which succeeds never needs; stdin, for a pipe or a file, loads its stream
    // modules (fs streams, fs/promises, readline): ≈ 1 ms that only commands reading stdin should pay.
    get stderr() {
      return process.stderr;
    },
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    cwd: process.cwd(),
    exit: (code) => process.exit(code),
  };
}

export interface WatchedIO {
  /** `io` whose waits never end once a reader has gone, so that a polling command (run watch) stops there. */
  io: CliIO;
  /** Settles when the reader of stdout or stderr goes away. */
  closed: Promise<void>;
}

const NEVER = new Promise<never>(() => undefined);

/**
 * Watches stdout and stderr for their reader going away (`flowctl … | head -1`). The next write then fails with
 * EPIPE, which Node reports as an 'error' event: unhandled, that is a crash with a stack trace. Handled here,
 * once for every command: `closed` settles, and further writes go nowhere (Node drops writes to a stream it
 * has closed). Any other write error is a real failure and is thrown on, as it was before.
 */
export function watchPipes(io: CliIO): WatchedIO {
  let gone = false;
  let settle: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (settle = resolve));
  const onError = (error: NodeJS.ErrnoException): void => {
    if (error.code !== 'EPIPE') throw error;
    gone = true;
    settle();
  };
  io.stdout.on?.('error', onError);
  // stderr is watched from its first touch (processIO builds it then): nothing writes to it before.
  let stderr: CliIO['stderr'] | undefined;
  const watchedStderr = (): CliIO['stderr'] => {
    if (stderr === undefined) {
      stderr = io.stderr;
      if (stderr !== io.stdout) stderr.on?.('error', onError);
    }
    return stderr;
  };
  const sleep = io.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  // io itself as the prototype rather than a spread copy, so that its getters (processIO's stdin) stay lazy.
  const watched: CliIO = Object.create(io, {
    sleep: { value: (ms: number) => (gone ? NEVER : sleep(ms)), enumerable: true },
    stderr: { get: watchedStderr, enumerable: true },
  });
  return { io: watched, closed };
}
