// The worker thread that encodes Parquet files for the runs (parquet-records.ts sends it the row groups), so
// that encoding — the costliest part of a run — uses a second core while the run's thread reads and maps rows.
// Each message names a file; each answer carries the message's sequence number and, on failure, the message.

import { parentPort } from 'node:worker_threads';
import { WriteError } from './json-lines.js';
import { type EncodedField, ParquetFileEncoder } from './parquet-encoder.js';

export type WorkerRequest =
  | { seq: number; file: number; op: 'open'; path: string; fields: EncodedField[] }
  | { seq: number; file: number; op: 'group'; columns: unknown[][] }
  | { seq: number; file: number; op: 'finish' }
  | { seq: number; file: number; op: 'discard' };

export type WorkerReply = { seq: number; ok: true; bytes?: number } | { seq: number; ok: false; message: string };

const files = new Map<number, ParquetFileEncoder>();

async function handle(request: WorkerRequest): Promise<number | undefined> {
  if (request.op === 'open') {
    files.set(request.file, await ParquetFileEncoder.open(request.path, request.fields));
    return undefined;
  }
  const encoder = files.get(request.file);
  if (!encoder) throw new Error(`no open Parquet file ${request.file}`);
  if (request.op === 'group') return void (await encoder.writeGroup(request.columns));
  files.delete(request.file);
  if (request.op === 'finish') return encoder.finish();
  return void (await encoder.discard());
}

// Messages of one file are handled in order; files do not wait for each other.
const tails = new Map<number, Promise<void>>();
parentPort?.on('message', (request: WorkerRequest) => {
  const previous = tails.get(request.file) ?? Promise.resolve();
  const next = previous.then(async () => {
    let reply: WorkerReply;
    try {
      const bytes = await handle(request);
      reply = bytes === undefined ? { seq: request.seq, ok: true } : { seq: request.seq, ok: true, bytes };
    } catch (error) {
      // The reason alone: the other side names the file.
      reply = { seq: request.seq, ok: false, message: error instanceof WriteError ? error.reason : error instanceof Error ? error.message : String(error) };
    }
    parentPort?.postMessage(reply);
  });
  tails.set(request.file, next);
  void next.finally(() => {
    if (tails.get(request.file) === next) tails.delete(request.file);
  });
});
