// Data access (`/data/foundation/export`, platform-api.md §5.3): read back the batches that runs wrote.
//
//   GET /batches/{BATCH_ID}/files          the batch's files: {"data":[{dataSetFileId, dataSetViewId, version,
//                                          created, updated, isValid, _links.self}], "_page":{limit, count}}
//   GET /files/{FILE_ID}                   the file's parts: {"data":[{name, length, _links.self}], "_page"}
//   GET /files/{FILE_ID}?path=NAME         one part, streamed
//   GET /batches/{BATCH_ID}/meta?path=row_errors   the rows the run rejected, with their errors (JSON lines),
//                                          kept only when the flow has options.errorDiagnosticsEnabled
//
// The real Platform stores and serves Parquet; the emulator writes and serves JSON lines (one XDM record per
// line, `content-type: application/x-ndjson`). Only a successful batch shows files: a failed batch's records
// were never promoted. A batch of another sandbox is not found. Errors are plain problem bodies, as Catalog's.

import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { fail, problem } from '../errors.js';
import type { EmulatorRequest, Reply } from '../http-types.js';
import { Router } from '../router.js';
import type { ServerErrorKind, ServiceDeps, ServiceModule } from '../service.js';
import { type DataLake, PART_FILE } from '../runner/data-lake.js';
import { batchDataSetId, type BatchRecord } from './catalog/batches.js';
import type { DatasetRecord } from './catalog/datasets.js';

export const EXPORT_BASE = '/data/foundation/export';

const PAGE_LIMIT = 100;
const NDJSON = 'application/x-ndjson';

const notFound = (detail: string) => problem(404, 'Not Found', detail);

/** A batch's only file is `<batchId>-1`. */
const fileIdOf = (batchId: string) => `${batchId}-1`;

function batchOf(request: EmulatorRequest, batchId: string): BatchRecord {
  const batch = request.sandbox.collection<BatchRecord>('batches').get(batchId);
  if (!batch) return fail(notFound(`Batch ${batchId} was not found in sandbox ${request.sandbox.info.name}`));
  return batch;
}

/** The batch's data file on disk and its size, when the batch shows one. */
async function dataFile(lake: DataLake, request: EmulatorRequest, batch: BatchRecord): Promise<{ path: string; size: number } | undefined> {
  const dataSetId = batchDataSetId(batch);
  if (batch.status !== 'success' || dataSetId === undefined) return undefined;
  const path = lake.partFile(request.sandbox.info.name, dataSetId, batch.id);
  const size = await lake.size(path);
  return size === undefined ? undefined : { path, size };
}

/** Reads the file only once the response reads it, so that a reply that is never sent holds no file open. */
function fileStream(path: string): Readable {
  return Readable.from(
    (async function* () {
      const handle = await open(path, 'r');
      try {
        for await (const chunk of handle.createReadStream({ autoClose: false })) yield chunk as Buffer;
      } finally {
        await handle.close();
      }
    })(),
    { objectMode: false },
  );
}

function streamed(path: string, size: number): Reply {
  return { status: 200, body: fileStream(path), headers: { 'content-type': NDJSON, 'content-length': String(size) } };
}

const KIND_STATUS: Record<ServerErrorKind, [number, string]> = {
  sandboxMissing: [400, 'Bad Request'],
  sandboxUnknown: [404, 'Not Found'],
  notFound: [404, 'Not Found'],
  methodNotAllowed: [405, 'Method Not Allowed'],
  badJson: [400, 'Bad Request'],
  internal: [500, 'Internal Server Error'],
  unavailable: [503, 'Service Unavailable'],
};

export function createExportService(_deps: ServiceDeps, lake: DataLake): ServiceModule {
  async function batchFiles(request: EmulatorRequest, batchId: string): Promise<Reply> {
    const batch = batchOf(request, batchId);
    const file = await dataFile(lake, request, batch);
    const dataset = request.sandbox.collection<DatasetRecord>('dataSets').get(batchDataSetId(batch) ?? '');
    const fileId = fileIdOf(batch.id);
    const data = file
      ? [
          {
            dataSetFileId: fileId,
            dataSetViewId: dataset?.viewId ?? batchDataSetId(batch),
            version: '1.0.0',
            created: String(batch.created),
            updated: String(batch.updated),
            isValid: true,
            _links: { self: { href: `${EXPORT_BASE}/files/${fileId}` } },
          },
        ]
      : [];
    return { status: 200, body: { data, _page: { limit: PAGE_LIMIT, count: data.length } } };
  }

  async function file(request: EmulatorRequest, fileId: string): Promise<Reply> {
    const match = /^(.+)-1$/.exec(fileId);
    const batch = match ? request.sandbox.collection<BatchRecord>('batches').get(match[1] as string) : undefined;
    const found = batch ? await dataFile(lake, request, batch) : undefined;
    if (!found) return fail(notFound(`File ${fileId} was not found in sandbox ${request.sandbox.info.name}`));
    const path = request.query.get('path');
    if (path === null) {
      const data = [{ name: PART_FILE, length: String(found.size), _links: { self: { href: `${EXPORT_BASE}/files/${fileId}?path=${PART_FILE}` } } }];
      return { status: 200, body: { data, _page: { limit: PAGE_LIMIT, count: data.length } } };
    }
    if (path !== PART_FILE) return fail(notFound(`File ${fileId} has no part ${JSON.stringify(path)}; its only part is ${PART_FILE}`));
    return streamed(found.path, found.size);
  }

  async function meta(request: EmulatorRequest, batchId: string): Promise<Reply> {
    const batch = batchOf(request, batchId);
    const path = request.query.get('path');
    if (path !== 'row_errors' && path !== 'row_errors.jsonl') {
      return fail(notFound(`Batch metadata ${JSON.stringify(path ?? '')} is not available from the emulator; it serves path=row_errors`));
    }
    const dataSetId = batchDataSetId(batch);
    const file = dataSetId === undefined ? undefined : lake.rowErrorsFile(request.sandbox.info.name, dataSetId, batch.id);
    const size = file === undefined ? undefined : await lake.size(file);
    if (file === undefined || size === undefined) {
      const why = batch.failedRecordCount
        ? `its run had error diagnostics off, so the ${batch.failedRecordCount} failed rows were counted but not kept (set options.errorDiagnosticsEnabled on the flow)`
        : 'no row of it failed';
      return fail(notFound(`Batch ${batchId} has no row errors: ${why}`));
    }
    return streamed(file, size);
  }

  const router = new Router()
    .add('GET', '/batches/:id/files', (r, { id = '' }) => batchFiles(r, id))
    .add('GET', '/batches/:id/meta', (r, { id = '' }) => meta(r, id))
    .add('GET', '/files/:id', (r, { id = '' }) => file(r, id));
  return {
    base: EXPORT_BASE,
    router,
    error: (kind, detail) => {
      const [status, title] = KIND_STATUS[kind];
      return problem(status, title, detail);
    },
  };
}
