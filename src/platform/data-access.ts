// Data Access (`/data/foundation/export`): read back what a batch holds — its files and their records — and
// the rows a run rejected (`meta?path=row_errors`, kept when error diagnostics are on).
//
// The Platform stores data as Parquet; the emulator serves JSON lines. flowctl reads JSON lines and says so
// plainly when it meets a Parquet file.

import { createInterface } from 'node:readline';
import { ResponseShapeError } from './errors.js';
import type { PlatformHttp, PlatformRequest } from './http.js';
import { parseResponse } from './models/common.js';
import { type BatchFile, BatchFiles, type FileEntry, FileEntries } from './models/data-access.js';

export class DataAccess {
  constructor(private readonly http: PlatformHttp) {}

  async batchFiles(batchId: string): Promise<BatchFile[]> {
    const request: PlatformRequest = { method: 'GET', service: 'export', path: `/batches/${encodeURIComponent(batchId)}/files` };
    return parseResponse(BatchFiles, (await this.http.send(request)).data, request).data;
  }

  async fileEntries(fileId: string): Promise<FileEntry[]> {
    const request: PlatformRequest = { method: 'GET', service: 'export', path: `/files/${encodeURIComponent(fileId)}` };
    return parseResponse(FileEntries, (await this.http.send(request)).data, request).data;
  }

  /** The records of one file, read as they arrive; stop iterating to stop reading. */
  readRecords(fileId: string, name: string): AsyncGenerator<Record<string, unknown>> {
    return this.jsonLines({ method: 'GET', service: 'export', path: `/files/${encodeURIComponent(fileId)}`, query: { path: name } });
  }

  /** The rows a batch rejected, with their errors (only when the flow keeps error diagnostics). */
  rowErrors(batchId: string): AsyncGenerator<Record<string, unknown>> {
    return this.jsonLines({ method: 'GET', service: 'export', path: `/batches/${encodeURIComponent(batchId)}/meta`, query: { path: 'row_errors' } });
  }

  /** Every record of a batch, file after file. */
  async *batchRecords(batchId: string): AsyncGenerator<Record<string, unknown>> {
    for (const file of await this.batchFiles(batchId)) {
      for (const entry of await this.fileEntries(file.dataSetFileId)) yield* this.readRecords(file.dataSetFileId, entry.name);
    }
  }

  private async *jsonLines(request: PlatformRequest): AsyncGenerator<Record<string, unknown>> {
    const body = await this.http.openStream(request);
    const lines = createInterface({ input: body as NodeJS.ReadableStream, crlfDelay: Infinity });
    let number = 0;
    try {
      for await (const line of lines) {
        number++;
        if (number === 1 && line.startsWith('PAR1')) {
          throw new ResponseShapeError({ title: 'this file is Parquet', detail: 'flowctl can show JSON-lines data (the emulator\'s) but cannot read Parquet yet', method: 'GET', url: request.path });
        }
        if (line.trim() === '') continue;
        try {
          yield JSON.parse(line) as Record<string, unknown>;
        } catch {
          throw new ResponseShapeError({ title: `line ${number} of the file is not JSON`, method: 'GET', url: request.path });
        }
      }
    } finally {
      lines.close();
      (body as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
    }
  }
}
