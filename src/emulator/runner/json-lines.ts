// Writes JSON lines to a file with backpressure: `write` resolves at once while the stream's buffer has room
// and waits for 'drain' when it is full, so a run's memory stays bounded however many records it writes.

import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Writing the file failed (disk full, permissions, …). */
export class WriteError extends Error {
  /** Why, without the path (what the file system said). */
  readonly reason: string;

  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`cannot write ${path}: ${reason}`);
    this.name = 'WriteError';
    this.reason = reason;
  }
}

export class JsonLinesWriter {
  bytes = 0;
  lines = 0;
  private failure: Error | undefined;

  private constructor(
    readonly path: string,
    private readonly stream: WriteStream,
  ) {
    stream.on('error', (error) => {
      this.failure ??= new WriteError(path, error);
    });
  }

  static async open(path: string): Promise<JsonLinesWriter> {
    try {
      await mkdir(dirname(path), { recursive: true });
      const stream = createWriteStream(path, { flags: 'w', highWaterMark: 256 * 1024 });
      await once(stream, 'open');
      return new JsonLinesWriter(path, stream);
    } catch (error) {
      throw new WriteError(path, error);
    }
  }

  /**
   * Writes one line (`text` without its newline). Returns a promise to await only when the buffer is full
   * (it resolves on 'drain'); undefined otherwise, so that the common case costs no await.
   */
  write(text: string): Promise<unknown> | undefined {
    if (this.failure) throw this.failure;
    const line = `${text}\n`;
    this.bytes += Buffer.byteLength(line);
    this.lines++;
    return this.stream.write(line) ? undefined : once(this.stream, 'drain').catch((error: unknown) => Promise.reject(this.failure ?? new WriteError(this.path, error)));
  }

  /** Writes several lines at once (`text` holds them, each ending in a newline). Same backpressure as `write`. */
  writeLines(text: string): Promise<unknown> | undefined {
    if (this.failure) throw this.failure;
    this.bytes += Buffer.byteLength(text);
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lines++;
    return this.stream.write(text) ? undefined : once(this.stream, 'drain').catch((error: unknown) => Promise.reject(this.failure ?? new WriteError(this.path, error)));
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.stream.closed) return;
    const finished = once(this.stream, 'close');
    this.stream.end();
    await finished.catch((error: unknown) => Promise.reject(this.failure ?? new WriteError(this.path, error)));
    if (this.failure) throw this.failure;
  }

  /** Closes without caring for what was written, and removes the file. */
  async discard(): Promise<void> {
    if (!this.stream.closed) {
      const closed = once(this.stream, 'close').catch(() => undefined);
      this.stream.destroy();
      await closed;
    }
    await rm(this.path, { force: true });
  }
}
