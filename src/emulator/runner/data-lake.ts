// Where batch data lives: `<dataDir>/data/<sandbox>/<dataSetId>/<batchId>/part-00000.jsonl`, and the rows a
// run rejected (with error diagnostics on) in `<batchId>/meta/row_errors.jsonl`. An emulator that keeps its
// state in memory writes them under a temporary directory, removed when it closes.
//
// The Platform stores batches as Parquet; the emulator writes JSON lines, one XDM record per line.

import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PART_FILE = 'part-00000.jsonl';
export const ROW_ERRORS_FILE = 'row_errors.jsonl';

const SAFE = /^[A-Za-z0-9._-]+$/;

function segment(value: string, what: string): string {
  if (!SAFE.test(value) || value === '.' || value === '..') throw new Error(`unsafe ${what} for a path: ${JSON.stringify(value)}`);
  return value;
}

export class DataLake {
  private constructor(
    readonly root: string,
    private readonly temporary: boolean,
  ) {}

  /** Under `<dataDir>/data`, or a new temporary directory when there is no data dir. */
  static async open(dataDir: string | undefined): Promise<DataLake> {
    if (dataDir !== undefined) {
      const root = join(dataDir, 'data');
      await mkdir(root, { recursive: true });
      return new DataLake(root, false);
    }
    return new DataLake(await mkdtemp(join(tmpdir(), 'flowctl-emulator-data-')), true);
  }

  batchDir(sandbox: string, dataSetId: string, batchId: string): string {
    return join(this.root, segment(sandbox, 'sandbox name'), segment(dataSetId, 'dataset id'), segment(batchId, 'batch id'));
  }

  partFile(sandbox: string, dataSetId: string, batchId: string): string {
    return join(this.batchDir(sandbox, dataSetId, batchId), PART_FILE);
  }

  rowErrorsFile(sandbox: string, dataSetId: string, batchId: string): string {
    return join(this.batchDir(sandbox, dataSetId, batchId), 'meta', ROW_ERRORS_FILE);
  }

  /** The size of a file, or undefined when there is none. */
  async size(path: string): Promise<number | undefined> {
    try {
      const s = await stat(path);
      return s.isFile() ? s.size : undefined;
    } catch {
      return undefined;
    }
  }

  /** Drops a batch's records (a failed batch shows none); its row errors stay. */
  async dropRecords(sandbox: string, dataSetId: string, batchId: string): Promise<void> {
    await rm(this.partFile(sandbox, dataSetId, batchId), { force: true });
  }

  async close(): Promise<void> {
    if (this.temporary) await rm(this.root, { recursive: true, force: true });
  }
}
