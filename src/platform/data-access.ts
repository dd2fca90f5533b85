// Data Access (`/data/foundation/export`): what a batch holds — its files and their records — and the rows a run
// rejected, read the way Adobe documents it (data-access/api.md, ingestion/quality/error-diagnostics.md): list,
// then follow each entry's `_links.self.href` (absolute, on the Platform's own host) and each listing's
// `_links.next`. The same code reads the emulator and the Platform.
//
// Records are Parquet, as the Platform stores them (read by ranges, a row group at a time: parquet-reader.ts,
// loaded only here), or JSON lines (what emulators before Parquet wrote). Diagnostics files are JSON lines, each
// the rejected row's values with an `_errors` list.

import { ResponseShapeError } from './errors.js';
import type { PlatformHttp, PlatformRequest, RequestOptions } from './internal/http.js';
import { parseResponse } from './models/common.js';
import { type BatchFile, FileEntries, type FileEntry, type RejectedRow, type RowErrorEntry } from './models/data-access.js';

/** A file to download: its name, size when listed, and the request that fetches it. */
export interface DataFile {
  name: string;
  length: number | undefined;
  request: PlatformRequest;
}

/** Listings are paged; this stops a server that keeps linking to more pages. */
const MAX_PAGES = 1000;
/** A dataset file may be a folder of files; this stops a server that keeps nesting them. */
const MAX_FOLDER_DEPTH = 3;

const isParquet = (name: string) => /\.parquet$/i.test(name);

const isBatchFile = (entry: FileEntry | BatchFile): entry is BatchFile => typeof (entry as BatchFile).dataSetFileId === 'string' && !('name' in entry);

function lengthOf(entry: FileEntry): number | undefined {
  const n = Number(entry.length);
  return entry.length !== undefined && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** The reading itself, shared by `dataAccess.batches` and `dataAccess.files`. */
class ExportReader {
  constructor(private readonly http: PlatformHttp) {}

  /** Every page of a listing, following `_links.next`. */
  private async *pages(first: PlatformRequest, options: RequestOptions | undefined): AsyncGenerator<FileEntry | BatchFile> {
    let request: PlatformRequest | undefined = first;
    for (let page = 0; request && page < MAX_PAGES; page++) {
      const listing: FileEntries = parseResponse(FileEntries, (await this.http.send(request, options)).data, request);
      yield* listing.data;
      const next: string | undefined = listing._links?.next?.href;
      request = next ? this.http.requestFor(next, 'export') : undefined;
    }
  }

  /** The dataset files of a batch (none for a batch whose records were not promoted). */
  async *batchFiles(batchId: string, options: RequestOptions | undefined): AsyncGenerator<BatchFile> {
    const request: PlatformRequest = { method: 'GET', service: 'export', path: `/batches/${encodeURIComponent(batchId)}/files` };
    for await (const entry of this.pages(request, options)) {
      if (!isBatchFile(entry)) throw new ResponseShapeError({ title: 'a batch file has no dataSetFileId', method: 'GET', url: this.http.url(request) });
      yield entry;
    }
  }

  /** The parts of a dataset file, following folders to the files in them. */
  async *files(file: BatchFile, options: RequestOptions | undefined, depth = 0): AsyncGenerator<DataFile> {
    const self = file._links?.self?.href;
    const request = self ? this.http.requestFor(self, 'export') : { method: 'GET' as const, service: 'export' as const, path: `/files/${encodeURIComponent(file.dataSetFileId)}` };
    for await (const entry of this.pages(request, options)) {
      if (isBatchFile(entry)) {
        // A folder lists more dataset files.
        if (depth < MAX_FOLDER_DEPTH) yield* this.files(entry, options, depth + 1);
      } else yield this.dataFile(entry, { ...request, query: { path: entry.name } });
    }
  }

  /** Every record of a batch, file after file; stop iterating to stop reading. */
  async *batchRecords(batchId: string, options: RequestOptions | undefined): AsyncGenerator<Record<string, unknown>> {
    for await (const batchFile of this.batchFiles(batchId, options)) {
      for await (const file of this.files(batchFile, options)) yield* this.records(file, options);
    }
  }

  /** The records of one file: Parquet read by ranges, or JSON lines. */
  async *records(file: DataFile, options: RequestOptions | undefined): AsyncGenerator<Record<string, unknown>> {
    if (!isParquet(file.name)) {
      // JSON lines, unless the file turns out to start as Parquet does (a name without `.parquet`).
      const parquet = yield* this.jsonLines(file, options);
      if (!parquet) return;
    }
    const length = file.length ?? (await this.size(file, options));
    const { parquetRecords } = await import('./internal/parquet-reader.js');
    yield* parquetRecords(length, (start, end) => this.range(file, start, end, options));
  }

  /**
   * The rows a batch rejected, with why: `meta?path=row_errors` lists the diagnostics files, each followed by its
   * link. None when no row failed — or when the flow had error diagnostics off (the batch then says so).
   */
  async *rowErrors(batchId: string, options: RequestOptions | undefined): AsyncGenerator<RejectedRow> {
    const listing: PlatformRequest = { method: 'GET', service: 'export', path: `/batches/${encodeURIComponent(batchId)}/meta`, query: { path: 'row_errors' } };
    for await (const entry of this.pages(listing, options)) {
      if (isBatchFile(entry)) continue;
      const file = this.dataFile(entry, { ...listing, query: { path: `row_errors/${entry.name}` } });
      const lines = this.jsonLines(file, options);
      let next = await lines.next();
      for (; !next.done; next = await lines.next()) yield rejectedRow(next.value);
      if (next.value) throw new ResponseShapeError({ title: `${file.name} is Parquet, not the JSON lines of error diagnostics`, method: 'GET', url: this.http.url(file.request) });
    }
  }

  private dataFile(entry: FileEntry, fallback: PlatformRequest): DataFile {
    const self = entry._links?.self?.href;
    return { name: entry.name, length: lengthOf(entry), request: self ? this.http.requestFor(self, 'export') : fallback };
  }

  /** A file's size from `HEAD` (Content-Length), when its listing did not give it. */
  private async size(file: DataFile, options: RequestOptions | undefined): Promise<number> {
    const response = await this.http.send({ ...file.request, method: 'HEAD' }, options);
    const length = Number(response.headers['content-length']);
    if (!Number.isSafeInteger(length) || length < 0) {
      throw new ResponseShapeError({ title: `the size of ${file.name} is unknown`, detail: 'neither its listing nor HEAD gave a length', method: 'HEAD', url: this.http.url(file.request) });
    }
    return length;
  }

  /** Bytes [start, end) of a file, asked for with `Range`; a server that ignores it sends the whole file. */
  private async range(file: DataFile, start: number, end: number, options: RequestOptions | undefined): Promise<{ start: number; bytes: ArrayBuffer }> {
    const response = await this.http.openStream({ ...file.request, headers: { ...file.request.headers, Range: `bytes=${start}-${end - 1}` } }, options);
    const chunks: Buffer[] = [];
    for await (const chunk of response.body) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    const body = Buffer.concat(chunks);
    const bytes = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
    if (response.status === 206) {
      const from = /^bytes (\d+)-/.exec(response.headers['content-range'] ?? '');
      return { start: from ? Number(from[1]) : start, bytes };
    }
    return { start: 0, bytes };
  }

  /** The file's JSON lines; returns true, having yielded nothing, when the file is Parquet instead. */
  private async *jsonLines(file: DataFile, options: RequestOptions | undefined): AsyncGenerator<Record<string, unknown>, boolean> {
    // node:readline (and the readline modules it loads) only for a file read: loading it with the client would
    // cost every command.
    const [{ body }, { createInterface }] = await Promise.all([this.http.openStream(file.request, options), import('node:readline')]);
    const lines = createInterface({ input: body, crlfDelay: Infinity });
    let number = 0;
    try {
      for await (const line of lines) {
        number++;
        if (number === 1 && line.startsWith('PAR1')) return true;
        if (line.trim() === '') continue;
        try {
          yield JSON.parse(line) as Record<string, unknown>;
        } catch {
          throw new ResponseShapeError({ title: `line ${number} of ${file.name} is not JSON`, method: 'GET', url: this.http.url(file.request) });
        }
      }
      return false;
    } finally {
      lines.close();
      (body as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
    }
  }
}

/** What a batch holds: its dataset files, their records, and the rows its run rejected. */
export class BatchData {
  constructor(private readonly reader: ExportReader) {}

  /** The dataset files of a batch (none for a batch whose records were not promoted). */
  files(batchId: string, options?: RequestOptions): AsyncGenerator<BatchFile> {
    return this.reader.batchFiles(batchId, options);
  }

  /** Every record of a batch, file after file; stop iterating to stop reading. */
  records(batchId: string, options?: RequestOptions): AsyncGenerator<Record<string, unknown>> {
    return this.reader.batchRecords(batchId, options);
  }

  /**
   * The rows a batch rejected, with why. None when no row failed — or when the flow had error diagnostics off
   * (the batch then says so).
   */
  errors(batchId: string, options?: RequestOptions): AsyncGenerator<RejectedRow> {
    return this.reader.rowErrors(batchId, options);
  }
}

/** One dataset file: the files it is made of, and their records. */
export class FileData {
  constructor(private readonly reader: ExportReader) {}

  /** The parts of a dataset file, following folders to the files in them. */
  list(file: BatchFile, options?: RequestOptions): AsyncGenerator<DataFile> {
    return this.reader.files(file, options);
  }

  /** The records of one file: Parquet read by ranges, or JSON lines. */
  records(file: DataFile, options?: RequestOptions): AsyncGenerator<Record<string, unknown>> {
    return this.reader.records(file, options);
  }
}

export class DataAccess {
  readonly batches: BatchData;
  readonly files: FileData;

  constructor(http: PlatformHttp) {
    const reader = new ExportReader(http);
    this.batches = new BatchData(reader);
    this.files = new FileData(reader);
  }
}

/** One entry of `_errors` (or of the older emulator's `errors`, which said `source` for the column). */
function errorEntry(value: unknown): RowErrorEntry {
  const e = (value ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
  const entry: RowErrorEntry = {};
  const code = text(e['code']);
  const message = text(e['message'] ?? e['description']);
  const column = text(e['column'] ?? e['source']);
  const field = text(e['field']);
  if (code !== undefined) entry.code = code;
  if (message !== undefined) entry.message = message;
  if (column !== undefined) entry.column = column;
  if (field !== undefined) entry.field = field;
  return entry;
}

/**
 * A diagnostics line as a row and its errors: the documented form is the row's values with `_errors`; emulators
 * before it wrote `{rowNumber, errors, row}`.
 */
function rejectedRow(line: Record<string, unknown>): RejectedRow {
  if (Array.isArray(line['_errors'])) {
    const { _errors, ...row } = line;
    return { row, errors: (_errors as unknown[]).map(errorEntry) };
  }
  if (Array.isArray(line['errors']) && typeof line['row'] === 'object' && line['row'] !== null) {
    return { row: line['row'] as Record<string, unknown>, errors: (line['errors'] as unknown[]).map(errorEntry) };
  }
  return { row: line, errors: [] };
}
