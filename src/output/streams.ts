// The streams output is written to, as output sees them. The CLI's whole view of the outside world (cli/io.ts)
// has these and more; output needs no more than this, and so imports nothing from the CLI.

export interface OutStream {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
  rows?: number | undefined;
  /** A real stream reports a failed write (EPIPE: its reader has gone) as an 'error' event. */
  on?(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
}

/** What `Output` reads: where results and messages go, and the environment (NO_COLOR, TERM, CI). */
export interface OutputIO {
  stdout: OutStream;
  stderr: OutStream;
  env: Record<string, string | undefined>;
}
