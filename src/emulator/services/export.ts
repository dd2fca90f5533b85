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
// A batch of another sandbox is not found. Errors are plain problem bodies, as Catalog's.

import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fail, problem } from '../errors.js';
import type { EmulatorRequest, Reply } from '../http-types.js';
import { Router } from '../router.js';
import type { ServerErrorKind, ServiceDeps, ServiceModule } from '../service.js';
import { type DataLake, type LakeFile, LEGACY_ROW_ERRORS_FILE, ROW_ERRORS_DIR } from '../runner/data-lake.js';
import { batchDataSetId, type BatchRecord } from './catalog/batches.js';
import type { DatasetRecord } from './catalog/datasets.js';

export const EXPORT_BASE = '/data/foundation/export';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const OCTET_STREAM = 'application/octet-stream';

const notFound = (detail: string) => problem(404, 'Not Found', detail);
const badRequest = (detail: string) => problem(400, 'Bad Request', detail);

/** A batch's only dataset file is `<batchId>-1`, as the Platform numbers them. */
const fileIdOf = (batchId: string) => `${batchId}-1`;

function batchOf(request: EmulatorRequest, batchId: string): BatchRecord {
  const batch = request.sandbox.collection<BatchRecord>('batches').get(batchId);
  if (!batch) return fail(notFound(`Batch ${batchId} was not found in sandbox ${request.sandbox.info.name}`));
  return batch;
}

/** The batch's folder in the lake, or undefined when it names no dataset. */
function folder(lake: DataLake, request: EmulatorRequest, batch: BatchRecord): { dataSetId: string; dir: string } | undefined {
  const dataSetId = batchDataSetId(batch);
  return dataSetId === undefined ? undefined : { dataSetId, dir: lake.batchDir(request.sandbox.info.name, dataSetId, batch.id) };
}

/** The record files a batch shows: only a successful batch's records were promoted. */
async function promotedParts(lake: DataLake, request: EmulatorRequest, batch: BatchRecord): Promise<LakeFile[]> {
  const where = folder(lake, request, batch);
  if (batch.status !== 'success' || !where) return [];
  return lake.parts(request.sandbox.info.name, where.dataSetId, batch.id);
}

/** Reads the file only once the response reads it, so that a reply that is never sent holds no file open. */
function fileStream(path: string, range?: { start: number; end: number }): Readable {
  return Readable.from(
    (async function* () {
      const handle = await open(path, 'r');
      try {
        for await (const chunk of handle.createReadStream({ autoClose: false, ...range })) yield chunk as Buffer;
      } finally {
        await handle.close();
      }
    })(),
    { objectMode: false },
  );
}

/** `Range: bytes=a-b | a- | -n` against a file of `size` bytes; undefined for none (or several: served whole). */
function byteRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const m = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (m[2] !== '' && Number(m[2]) < start) return undefined;
  }
  return start >= size ? 'unsatisfiable' : { start, end };
}

/** A file's content, whole or the requested range; headers only for HEAD. */
function download(request: EmulatorRequest, file: LakeFile): Reply {
  const headers: Record<string, string> = { 'content-type': OCTET_STREAM, 'accept-ranges': 'bytes' };
  const range = byteRange(typeof request.headers.range === 'string' ? request.headers.range : undefined, file.size);
  if (range === 'unsatisfiable') {
    return { status: 416, body: { title: 'Range Not Satisfiable', status: 416, detail: `${file.name} has ${file.size} bytes` }, headers: { 'content-range': `bytes */${file.size}` } };
  }
  const head = request.method === 'HEAD';
  if (range) {
    headers['content-range'] = `bytes ${range.start}-${range.end}/${file.size}`;
    headers['content-length'] = String(range.end - range.start + 1);
    return { status: 206, headers, ...(!head && { body: fileStream(file.path, range) }) };
  }
  headers['content-length'] = String(file.size);
  return { status: 200, headers, ...(!head && { body: fileStream(file.path) }) };
}

function limits(request: EmulatorRequest): { start: number; limit: number } {
  const read = (name: string, fallback: number, max: number) => {
    const raw = request.query.get(name);
    if (raw === null) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) > max) fail(badRequest(`Query parameter ${name} must be an integer from 0 to ${max}`));
    return Number(raw);
  };
  const limit = read('limit', DEFAULT_LIMIT, MAX_LIMIT);
  if (limit === 0) fail(badRequest('Query parameter limit must be at least 1'));
  return { start: read('start', 0, Number.MAX_SAFE_INTEGER), limit };
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

export function createExportService(deps: ServiceDeps & { baseUrl?: () => string | undefined }, lake: DataLake): ServiceModule {
  /** Links are absolute, as the Platform's are: to the host the client called (the emulator's own URL otherwise). */
  function href(request: EmulatorRequest, path: string): string {
    const host = request.headers.host;
    const origin = typeof host === 'string' && host !== '' ? `http://${host}` : (deps.baseUrl?.() ?? '');
    return `${origin}${EXPORT_BASE}${path}`;
  }

  /** One page of a listing, with `_links.next` when there is more. */
  function listing(request: EmulatorRequest, path: string, items: Array<Record<string, unknown>>): Reply {
    const { start, limit } = limits(request);
    const data = items.slice(start, start + limit);
    const separator = path.includes('?') ? '&' : '?';
    const links = start + limit < items.length ? { _links: { next: { href: href(request, `${path}${separator}start=${start + limit}&limit=${limit}`) } } } : {};
    return { status: 200, body: { data, _page: { limit, count: data.length }, ...links } };
  }

  /**
   * Files as a listing (itself at `listPath`), each linking to `<base>?path=<prefix><name>`, as the Platform
   * links `meta?path=row_errors%2Fconversion_errors_0.json`.
   */
  function fileListing(request: EmulatorRequest, listPath: string, base: string, files: LakeFile[], prefix = ''): Reply {
    const items = files.map((f) => ({
      name: f.name,
      length: String(f.size),
      _links: { self: { href: href(request, `${base}?path=${encodeURIComponent(prefix + f.name)}`) } },
    }));
    return listing(request, listPath, items);
  }

  async function batchFiles(request: EmulatorRequest, batchId: string): Promise<Reply> {
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
              _links: { self: { href: href(request, `/files/${fileId}`) } },
            },
          ];
    return listing(request, `/batches/${batch.id}/files`, items);
  }

  async function file(request: EmulatorRequest, fileId: string): Promise<Reply> {
    const match = /^(.+)-1$/.exec(fileId);
    const batch = match ? request.sandbox.collection<BatchRecord>('batches').get(match[1] as string) : undefined;
    const parts = batch ? await promotedParts(lake, request, batch) : [];
    if (parts.length === 0) return fail(notFound(`File ${fileId} was not found in sandbox ${request.sandbox.info.name}`));
    const path = request.query.get('path');
    if (path === null) {
      if (request.method === 'HEAD') return fail(badRequest('HEAD needs ?path=<file name>: it describes one file'));
      return fileListing(request, `/files/${fileId}`, `/files/${fileId}`, parts);
    }
    const part = parts.find((p) => p.name === path);
    if (!part) return fail(notFound(`File ${fileId} has no part ${JSON.stringify(path)}; its parts are ${parts.map((p) => p.name).join(', ')}`));
    return download(request, part);
  }

  async function meta(request: EmulatorRequest, batchId: string): Promise<Reply> {
    const batch = batchOf(request, batchId);
    const path = request.query.get('path');
    if (path === null || path === '') return fail(badRequest('path is required: row_errors, row_error_samples.json, input_files, or a file they list'));
    const where = folder(lake, request, batch);
    const metaDir = where && lake.metaDir(request.sandbox.info.name, where.dataSetId, batch.id);
    const self = `/batches/${batch.id}/meta`;
    if (path === ROW_ERRORS_DIR || path === 'input_files') {
      const files = metaDir === undefined ? [] : await lake.files(join(metaDir, path));
      // Emulators before this layout kept every rejected row in one file, meta/row_errors.jsonl.
      const legacy = path === ROW_ERRORS_DIR && metaDir !== undefined ? await lake.file(metaDir, LEGACY_ROW_ERRORS_FILE) : undefined;
      return fileListing(request, `${self}?path=${path}`, self, legacy ? [...files, legacy] : files, `${path}/`);
    }
    const found =
      metaDir === undefined
        ? undefined
        : ((await lake.file(metaDir, path)) ?? (path === `${ROW_ERRORS_DIR}/${LEGACY_ROW_ERRORS_FILE}` ? await lake.file(metaDir, LEGACY_ROW_ERRORS_FILE) : undefined));
    if (!found) return fail(notFound(`Batch ${batch.id} has no metadata file ${JSON.stringify(path)}`));
    return download(request, found);
  }

  async function failed(request: EmulatorRequest, batchId: string): Promise<Reply> {
    const batch = batchOf(request, batchId);
    const where = folder(lake, request, batch);
    const files = where ? await lake.files(lake.failedDir(request.sandbox.info.name, where.dataSetId, batch.id)) : [];
    const path = request.query.get('path');
    const self = `/batches/${batch.id}/failed`;
    if (path === null) return fileListing(request, self, self, files);
    const found = files.find((f) => f.name === path);
    if (!found) return fail(notFound(`Batch ${batch.id} has no failed file ${JSON.stringify(path)}`));
    return download(request, found);
  }

  const router = new Router()
    .add('GET', '/batches/:id/files', (r, { id = '' }) => batchFiles(r, id))
    .add('GET', '/batches/:id/meta', (r, { id = '' }) => meta(r, id))
    .add('GET', '/batches/:id/failed', (r, { id = '' }) => failed(r, id))
    .add('GET', '/files/:id', (r, { id = '' }) => file(r, id))
    .add('HEAD', '/files/:id', (r, { id = '' }) => file(r, id));
  return {
    base: EXPORT_BASE,
    router,
    error: (kind, detail) => {
      const [status, title] = KIND_STATUS[kind];
      return problem(status, title, detail);
    },
  };
}
