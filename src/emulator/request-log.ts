// `--request-log FILE`: one JSON line per request (time, method, path, status, ms, and the fault if one was
// injected), so that tests and people can see exactly what a client sent.

import { createWriteStream, type WriteStream } from 'node:fs';

export interface LogEntry {
  time: string;
  method: string;
  path: string;
  status: number | null;
  ms: number;
  sandbox?: string;
  fault?: string;
  requestId: string;
}

export class RequestLog {
  private readonly stream: WriteStream;

  constructor(path: string) {
    this.stream = createWriteStream(path, { flags: 'a' });
  }

  write(entry: LogEntry): void {
    this.stream.write(`${JSON.stringify(entry)}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(resolve));
  }
}
