// The built Parquet encoder thread (dist/parquet-worker.js), spoken to as the runs speak to it
// (src/emulator/runner/parquet-records.ts): files open side by side, row groups in order, a footer on finish, and a
// write the file system refuses answered with its reason.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerReply, WorkerRequest } from '../../src/emulator/runner/parquet-worker.js';

const WORKER = fileURLToPath(new URL('../../dist/parquet-worker.js', import.meta.url));
const FIELDS = [
  { segments: ['person', 'name', 'fullName'], field: { type: 'string' } },
  { segments: ['_acme', 'id'], field: { type: 'integer' } },
];

let worker: Worker;
let dir: string;
let seq = 0;
const replies = new Map<number, (reply: WorkerReply) => void>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flowctl-worker-'));
  worker = new Worker(WORKER);
  worker.on('message', (reply: WorkerReply) => replies.get(reply.seq)?.(reply));
});
afterAll(async () => {
  await worker.terminate();
  await rm(dir, { recursive: true, force: true });
});

function send(request: Omit<WorkerRequest, 'seq'>): Promise<WorkerReply> {
  const n = ++seq;
  return new Promise((resolve) => {
    replies.set(n, resolve);
    worker.postMessage({ ...request, seq: n });
  });
}

const rows = (from: number, count: number) => [Array.from({ length: count }, (_, i) => `Person ${from + i}`), Array.from({ length: count }, (_, i) => from + i)];

describe('dist/parquet-worker.js', () => {
  it('encodes two files at once, a row group per message, and answers finish with the file’s size', async () => {
    const [a, b] = [join(dir, 'a.parquet'), join(dir, 'b.parquet')];
    expect(await send({ file: 1, op: 'open', path: a, fields: FIELDS } as never)).toEqual({ seq: expect.any(Number), ok: true });
    expect((await send({ file: 2, op: 'open', path: b, fields: FIELDS } as never)).ok).toBe(true);
    // Sent without waiting, as the runs send them: each file's messages are handled in order.
    const sent = [send({ file: 1, op: 'group', columns: rows(0, 100) } as never), send({ file: 2, op: 'group', columns: rows(500, 10) } as never), send({ file: 1, op: 'group', columns: rows(100, 50) } as never)];
    expect((await Promise.all(sent)).every((r) => r.ok)).toBe(true);
    const [sizeA, sizeB] = await Promise.all([send({ file: 1, op: 'finish' } as never), send({ file: 2, op: 'finish' } as never)]);
    const bytesA = await readFile(a);
    expect(sizeA).toMatchObject({ ok: true, bytes: bytesA.length });
    expect(sizeB).toMatchObject({ ok: true, bytes: (await readFile(b)).length });
    const file = bytesA.buffer.slice(bytesA.byteOffset, bytesA.byteOffset + bytesA.length);
    expect(parquetMetadata(file).row_groups.map((g) => Number(g.num_rows))).toEqual([100, 50]);
    const records = await parquetReadObjects({ file });
    expect(records[149]).toEqual({ person: { name: { fullName: 'Person 149' } }, _acme: { id: 149n } });
  });

  it('answers a file the file system refuses with the reason alone, and discards a file it was told to', async () => {
    const blocker = join(dir, 'not-a-folder');
    await writeFile(blocker, '');
    const refused = await send({ file: 3, op: 'open', path: join(blocker, 'x.parquet'), fields: FIELDS } as never);
    expect(refused).toMatchObject({ ok: false, message: expect.stringMatching(/^(EEXIST|ENOTDIR)/) });
    const gone = join(dir, 'gone.parquet');
    await send({ file: 4, op: 'open', path: gone, fields: FIELDS } as never);
    await send({ file: 4, op: 'group', columns: rows(0, 10) } as never);
    expect((await send({ file: 4, op: 'discard' } as never)).ok).toBe(true);
    await expect(readFile(gone)).rejects.toThrow(/ENOENT/);
    expect(await send({ file: 4, op: 'finish' } as never)).toMatchObject({ ok: false, message: 'no open Parquet file 4' });
  });
});
