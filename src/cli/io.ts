// What a command may touch of the outside world, passed in so that tests run the CLI in-process with
// captured output, a chosen environment, and no real sleeping.

import type { Readable } from 'node:stream';

export interface OutStream {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

export interface CliIO {
  stdout: OutStream;
  stderr: OutStream;
  stdin: Readable & { isTTY?: boolean | undefined };
  env: Record<string, string | undefined>;
  /** Folder whose .env is read and relative paths are resolved against. */
  cwd: string;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  };
}
