// A run's accepted records on their way to the batch's Parquet file (parquet-encoder.ts). Records are buffered
// column by column — one array per output field of the mapping — and every `rowGroupRows` records become a row
// group handed to the encoder, at most two groups in flight, so memory stays bounded whatever the batch's size.
//
// The encoder runs in a worker thread when flowctl runs from its built package (the build puts the worker in
// dist/ as a file of its own and names it here, as __FLOWCTL_PARQUET_WORKER__): encoding then uses a second core
// while the run's thread reads and maps rows. Run from the TypeScript sources (the tests), which a worker could
// not load, it runs in the calling thread: the same encoder, called directly.

import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { WriteError } from './json-lines.js';
import type { EncodedField } from './parquet-encoder.js';
import type { WorkerReply, WorkerRequest } from './parquet-worker.js';

declare const __FLOWCTL_PARQUET_WORKER__: string | undefined;

/**
 * Records per row group. Small groups are faster to encode, not slower: a group's objects then die young, which
 * garbage collection makes cheap (1,000,000 rows: 0.64× a plain cursor at 5,000 per group, 0.35× at 50,000), and
 * memory stays low; a preview reads one group.
 */
export const DEFAULT_ROW_GROUP_ROWS = 5000;
/** Row groups handed over and not yet written: the reader waits beyond this. */
const IN_FLIGHT = 2;

/** Where a file's row groups are encoded. */
interface Encoder {
  writeGroup(columns: unknown[][]): Promise<void>;
  /** The file's size in bytes. */
  finish(): Promise<number>;
  discard(): Promise<void>;
}

/** One worker for every run of the process, started on first use; it holds the process up only while it works. */
class EncoderWorker {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void }>();
  private seq = 0;
  private files = 0;

  constructor(url: URL) {
    this.worker = new Worker(url);
    this.worker.unref();
    this.worker.on('message', (reply: WorkerReply) => {
      const waiter = this.waiting.get(reply.seq);
      this.waiting.delete(reply.seq);
      if (this.waiting.size === 0) this.worker.unref();
      waiter?.resolve(reply);
    });
    const fail = (error: Error) => {
      if (shared === this) shared = undefined;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the Parquet encoder thread stopped (exit code ${code})`)));
  }

  private send(request: WorkerRequest): Promise<WorkerReply> {
    return new Promise((resolve, reject) => {
      this.waiting.set(request.seq, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage(request);
    });
  }

  async open(path: string, fields: EncodedField[]): Promise<Encoder> {
    const file = ++this.files;
    const call = async (request: { op: 'group'; columns: unknown[][] } | { op: 'finish' } | { op: 'discard' } | { op: 'open'; path: string; fields: EncodedField[] }) => {
      const reply = await this.send({ ...request, seq: ++this.seq, file } as WorkerRequest);
      if (!reply.ok) throw new WriteError(path, new Error(reply.message));
      return reply.bytes ?? 0;
    };
    await call({ op: 'open', path, fields });
    return {
      writeGroup: async (columns) => void (await call({ op: 'group', columns })),
      finish: () => call({ op: 'finish' }),
      discard: async () => void (await call({ op: 'discard' })),
    };
  }
}

let shared: EncoderWorker | undefined;

/** The built worker: in dist/, which is this bundle's folder or one of its parents (the CLI's chunks are below). */
function workerFile(): URL | undefined {
  if (typeof __FLOWCTL_PARQUET_WORKER__ !== 'string' || __FLOWCTL_PARQUET_WORKER__ === '') return undefined;
  for (const up of ['./', '../', '../../']) {
    const url = new URL(`${up}${__FLOWCTL_PARQUET_WORKER__}`, import.meta.url);
    if (existsSync(url)) return url;
  }
  return undefined;
}

async function openEncoder(path: string, fields: EncodedField[]): Promise<Encoder> {
  const url = shared ? undefined : workerFile();
  if (url) shared = new EncoderWorker(url);
  if (shared) return shared.open(path, fields);
  // Loaded only here: with the worker, this thread never needs the Parquet writer.
  const { ParquetFileEncoder } = await import('./parquet-encoder.js');
  return ParquetFileEncoder.open(path, fields);
}

export class ParquetRecordsWriter {
  rows = 0;
  /** The file's size, once it is finished. */
  bytes = 0;
  /** The file is whole: its last row group and footer are written and it is closed. */
  finished = false;
  private columns: unknown[][];
  private readonly inFlight: Promise<void>[] = [];
  private failure: unknown;
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly encoder: Encoder,
    private readonly fieldCount: number,
    private readonly rowGroupRows: number,
  ) {
    this.columns = this.emptyColumns();
  }

  static async open(path: string, fields: readonly EncodedField[], rowGroupRows = DEFAULT_ROW_GROUP_ROWS): Promise<ParquetRecordsWriter> {
    // Only what the encoder needs, as plain data: a message to the worker thread is a structured clone.
    const plain = fields.map((f) => ({ segments: [...f.segments], field: { type: f.field.type, format: f.field.format } }));
    return new ParquetRecordsWriter(path, await openEncoder(path, plain), fields.length, rowGroupRows);
  }

  private emptyColumns(): unknown[][] {
    return Array.from({ length: this.fieldCount }, () => []);
  }

  /**
   * Adds one record (the mapping's values, one per output field). Returns a promise to await only when two row
   * groups are already on their way to the file; undefined otherwise, so most records cost no await.
   */
  add(values: readonly unknown[]): Promise<void> | undefined {
    if (this.failure) throw this.failure;
    for (let i = 0; i < this.fieldCount; i++) (this.columns[i] as unknown[]).push(values[i]);
    this.rows++;
    if ((this.columns[0]?.length ?? 0) < this.rowGroupRows) return undefined;
    this.handOver();
    return this.inFlight.length >= IN_FLIGHT ? (this.inFlight[0] as Promise<void>) : undefined;
  }

  private handOver(): void {
    const columns = this.columns;
    if ((columns[0]?.length ?? 0) === 0) return;
    this.columns = this.emptyColumns();
    // Groups are written one after another, in order: an encoder appends to one file.
    const previous = this.inFlight.at(-1) ?? Promise.resolve();
    const written: Promise<void> = previous.catch(() => undefined).then(() => this.encoder.writeGroup(columns)).then(
      () => void this.inFlight.splice(this.inFlight.indexOf(written), 1),
      (error: unknown) => {
        this.inFlight.splice(this.inFlight.indexOf(written), 1);
        this.failure ??= error instanceof WriteError ? error : new WriteError(this.path, error);
        throw this.failure;
      },
    );
    written.catch(() => undefined);
    this.inFlight.push(written);
  }

  /** Writes the last row group and the footer, and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.handOver();
    await Promise.all(this.inFlight);
    if (this.failure) throw this.failure;
    this.bytes = await this.encoder.finish();
    this.finished = true;
  }

  /** Removes the file, finished or not. */
  async discard(): Promise<void> {
    this.closed = true;
    await Promise.allSettled(this.inFlight);
    if (!this.finished) await this.encoder.discard().catch(() => undefined);
    await rm(this.path, { force: true });
  }
}
