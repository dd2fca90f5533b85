// Data Access (`/data/foundation/export`): the files the runs wrote, served as Adobe documents them
// (data-access/api.md, data-access/tutorials/dataset-data.md, ingestion/quality/error-diagnostics.md,
// ingestion/quality/retrieve-failed-batches.md). Every listing is `{"data": [...], "_page": {limit, count}}`
// with absolute `_links.self.href`s (and `_links.next` when `limit` cut it), paged with `start` and `limit`.
//
//   GET  /batches/{BATCH_ID}/files            the batch's dataset files: [{dataSetFileId, dataSetViewId, version,
//                                             created, updated, isValid, _links.self}] — one, `<batchId>-1`, for a
//                                             successful batch with records; none otherwise
//   GET  /files/{FILE_ID}                     the file's parts: [{name, length, _links.self}] (the Parquet files)
//   GET  /files/{FILE_ID}?path=NAME           one part, `application/octet-stream`; `Range: bytes=…` answers 206
//   HEAD /files/{FILE_ID}?path=NAME           its headers: Content-Length, Content-Type, Accept-Ranges
//   GET  /batches/{BATCH_ID}/meta?path=row_errors        the files of rejected rows (error diagnostics on)
//   GET  /batches/{BATCH_ID}/meta?path=row_errors/NAME   one of them: JSON lines, each row with its `_errors`
//   GET  /batches/{BATCH_ID}/meta?path=row_error_samples.json   the first rejected rows
//   GET  /batches/{BATCH_ID}/meta?path=input_files[/NAME]       what the run read
//   GET  /batches/{BATCH_ID}/failed[?path=NAME]                 a failed batch's records, never promoted
//
// A batch of another sandbox is not found. Errors are plain problem bodies, as Catalog's. Downloads: export/download.ts;
// listings and their links: export/listing.ts.

import { join } from 'node:path';
import { fail, problem } from '../errors.js';
import type { EmulatorRequest, Reply } from '../http-types.js';
import { Router } from '../router.js';
import { problemError, type ServiceDeps, type ServiceModule } from '../service.js';
import { type DataLake, INPUT_FILES_DIR, type LakeFile, LEGACY_ROW_ERRORS_FILE, ROW_ERRORS_DIR } from '../runner/data-lake.js';
import { batchDataSetId, type BatchRecord } from './catalog/batches.js';
import type { DatasetRecord } from './catalog/datasets.js';
import { download } from './export/download.js';
import { badRequest, EXPORT_BASE, Listings } from './export/listing.js';

export { EXPORT_BASE } from './export/listing.js';

const notFound = (detail: string) => problem(404, 'Not Found', detail);

/** A batch's only dataset file is `<batchId>-1`, as the Platform numbers them. */
const fileIdOf = (batchId: string) => `${batchId}-1`;

/** What the handlers share: where the files are, and how to link to them. */
interface ExportContext {
  lake: DataLake;
  links: Listings;
}

function batchOf(request: EmulatorRequest, batchId: string): BatchRecord {
  const batch = request.sandbox.collection<BatchRecord>('batches').get(batchId);
  if (!batch) return fail(notFound(`Batch ${batchId} was not found in sandbox ${request.sandbox.info.name}`));
  return batch;
}

/** The record files a batch shows: only a successful batch's records were promoted. */
async function promotedParts(lake: DataLake, request: EmulatorRequest, batch: BatchRecord): Promise<LakeFile[]> {
  const dataSetId = batchDataSetId(batch);
  if (batch.status !== 'success' || dataSetId === undefined) return [];
  return lake.parts(request.sandbox.info.name, dataSetId, batch.id);
}

async function batchFiles({ lake, links }: ExportContext, request: EmulatorRequest, batchId: string): Promise<Reply> {
  const batch = batchOf(request, batchId);
  const parts = await promotedParts(lake, request, batch);
  const dataSetId = batchDataSetId(batch);
  const dataset = request.sandbox.collection<DatasetRecord>('dataSets').get(dataSetId ?? '');
  const fileId = fileIdOf(batch.id);
  const items =
    parts.length === 0
      ? []
      : [
          {
            dataSetFileId: fileId,
            dataSetViewId: dataset?.viewId ?? dataSetId,
            version: '1.0.0',
            created: String(batch.created),
            updated: String(batch.updated),
            isValid: true,
            _links: { self: { href: links.href(request, `/files/${fileId}`) } },
          },
        ];
  return links.page(request, `/batches/${batch.id}/files`, items);
}

async function file({ lake, links }: ExportContext, request: EmulatorRequest, fileId: string): Promise<Reply> {
  const match = /^(.+)-1$/.exec(fileId);
  const batch = match ? request.sandbox.collection<BatchRecord>('batches').get(match[1] as string) : undefined;
  const parts = batch ? await promotedParts(lake, request, batch) : [];
  if (parts.length === 0) return fail(notFound(`File ${fileId} was not found in sandbox ${request.sandbox.info.name}`));
  const path = request.query.get('path');
  if (path === null) {
    if (request.method === 'HEAD') return fail(badRequest('HEAD needs ?path=<file name>: it describes one file'));
    return links.files(request, `/files/${fileId}`, `/files/${fileId}`, parts);
  }
  const part = parts.find((p) => p.name === path);
  if (!part) return fail(notFound(`File ${fileId} has no part ${JSON.stringify(path)}; its parts are ${parts.map((p) => p.name).join(', ')}`));
  return download(request, part);
}

async function meta({ lake, links }: ExportContext, request: EmulatorRequest, batchId: string): Promise<Reply> {
  const batch = batchOf(request, batchId);
  const path = request.query.get('path');
  if (path === null || path === '') return fail(badRequest('path is required: row_errors, row_error_samples.json, input_files, or a file they list'));
  const dataSetId = batchDataSetId(batch);
  const metaDir = dataSetId === undefined ? undefined : lake.metaDir(request.sandbox.info.name, dataSetId, batch.id);
  const self = `/batches/${batch.id}/meta`;
  if (path === ROW_ERRORS_DIR || path === INPUT_FILES_DIR) {
    const files = metaDir === undefined ? [] : await lake.files(join(metaDir, path));
    // Emulators before this layout kept every rejected row in one file, meta/row_errors.jsonl.
    const legacy = path === ROW_ERRORS_DIR && metaDir !== undefined ? await lake.file(metaDir, LEGACY_ROW_ERRORS_FILE) : undefined;
    return links.files(request, `${self}?path=${path}`, self, legacy ? [...files, legacy] : files, `${path}/`);
  }
  const legacyPath = path === `${ROW_ERRORS_DIR}/${LEGACY_ROW_ERRORS_FILE}` ? LEGACY_ROW_ERRORS_FILE : undefined;
  const found = metaDir === undefined ? undefined : ((await lake.file(metaDir, path)) ?? (legacyPath && (await lake.file(metaDir, legacyPath))));
  if (!found) return fail(notFound(`Batch ${batch.id} has no metadata file ${JSON.stringify(path)}`));
  return download(request, found);
}

async function failed({ lake, links }: ExportContext, request: EmulatorRequest, batchId: string): Promise<Reply> {
  const batch = batchOf(request, batchId);
  const dataSetId = batchDataSetId(batch);
  const files = dataSetId === undefined ? [] : await lake.files(lake.failedDir(request.sandbox.info.name, dataSetId, batch.id));
  const path = request.query.get('path');
  const self = `/batches/${batch.id}/failed`;
  if (path === null) return links.files(request, self, self, files);
  const found = files.find((f) => f.name === path);
  if (!found) return fail(notFound(`Batch ${batch.id} has no failed file ${JSON.stringify(path)}`));
  return download(request, found);
}

export function createExportService(deps: ServiceDeps & { baseUrl?: () => string | undefined }, lake: DataLake): ServiceModule {
  const x: ExportContext = { lake, links: new Listings(() => deps.baseUrl?.()) };
  const router = new Router()
    .add('GET', '/batches/:id/files', (r, { id = '' }) => batchFiles(x, r, id))
    .add('GET', '/batches/:id/meta', (r, { id = '' }) => meta(x, r, id))
    .add('GET', '/batches/:id/failed', (r, { id = '' }) => failed(x, r, id))
    .add('GET', '/files/:id', (r, { id = '' }) => file(x, r, id))
    .add('HEAD', '/files/:id', (r, { id = '' }) => file(x, r, id));
  return {
    base: EXPORT_BASE,
    router,
    error: problemError,
  };
}
