// Where batch data lives: one folder per batch, `<dataDir>/data/<sandbox>/<dataSetId>/<batchId>/`, holding
//
//   part-00000-<batchId>-c000.snappy.parquet    the batch's records (Parquet, as the Platform stores them;
//                                               emulators before Parquet wrote part-00000.jsonl, still served)
//   meta/row_errors/conversion_errors_<n>.json  the rows the run rejected, with their errors (JSON lines), kept
//                                               when the flow has error diagnostics on
//   meta/row_error_samples.json                 the first of those rows
//   meta/input_files/fileMetaData0.json         what the run read
//   failed/                                     the records of a batch that failed, never promoted
//
// The export service (services/export.ts) serves these folders as the Data Access API does. An emulator that
// keeps its state in memory writes them under a temporary directory, removed when it closes.

import { mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { WriteError } from './json-lines.js';

/** Older emulators wrote the rejected rows here, under meta/ (their records, part-00000.jsonl, are a part like any). */
export const LEGACY_ROW_ERRORS_FILE = 'row_errors.jsonl';

export const ROW_ERRORS_DIR = 'row_errors';
export const ROW_ERROR_SAMPLES_FILE = 'row_error_samples.json';
export const INPUT_FILES_DIR = 'input_files';
/** Spark's marker of a folder completely written, which the Platform lists among a failed batch's files. */
const SUCCESS_MARKER = '_SUCCESS';

const SAFE = /^[A-Za-z0-9._-]+$/;

function segment(value: string, what: string): string {
  if (!SAFE.test(value) || value === '.' || value === '..') throw new Error(`unsafe ${what} for a path: ${JSON.stringify(value)}`);
  return value;
}

/** A file of a batch folder, as the Data Access API lists it. */
export interface LakeFile {
  name: string;
  path: string;
  size: number;
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

  /** The Parquet file a run writes the batch's records to. */
  partFile(sandbox: string, dataSetId: string, batchId: string): string {
    return join(this.batchDir(sandbox, dataSetId, batchId), `part-00000-${batchId}-c000.snappy.parquet`);
  }

  metaDir(sandbox: string, dataSetId: string, batchId: string): string {
    return join(this.batchDir(sandbox, dataSetId, batchId), 'meta');
  }

  failedDir(sandbox: string, dataSetId: string, batchId: string): string {
    return join(this.batchDir(sandbox, dataSetId, batchId), 'failed');
  }

  /** The batch's record files (`part-…`), by name. */
  async parts(sandbox: string, dataSetId: string, batchId: string): Promise<LakeFile[]> {
    return (await this.files(this.batchDir(sandbox, dataSetId, batchId))).filter((f) => f.name.startsWith('part-'));
  }

  /** The files of a folder, by name; none when it does not exist. */
  async files(dir: string): Promise<LakeFile[]> {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return [];
    }
    const files: LakeFile[] = [];
    for (const name of names.sort()) {
      const path = join(dir, name);
      const size = await this.size(path);
      if (size !== undefined) files.push({ name, path, size });
    }
    return files;
  }

  /**
   * A file at a relative path (`row_errors/conversion_errors_0.json`) below `dir`, or undefined when there is
   * none or the path tries to leave `dir`.
   */
  async file(dir: string, relative: string): Promise<LakeFile | undefined> {
    const parts = relative.split('/');
    if (parts.some((p) => !SAFE.test(p) || p === '.' || p === '..')) return undefined;
    const path = join(dir, ...parts);
    const size = await this.size(path);
    return size === undefined ? undefined : { name: parts.at(-1) as string, path, size };
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

  /** What a run read, as `meta?path=input_files` lists it: for a table source, the table. */
  async writeInputFiles(sandbox: string, dataSetId: string, batchId: string, table: string): Promise<void> {
    const path = join(this.metaDir(sandbox, dataSetId, batchId), INPUT_FILES_DIR, 'fileMetaData0.json');
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, `${JSON.stringify({ path: table })}\n`);
    } catch (error) {
      throw new WriteError(path, error);
    }
  }

  /** Drops a batch's records (a run that never finished); its row errors stay. */
  async dropRecords(sandbox: string, dataSetId: string, batchId: string): Promise<void> {
    for (const part of await this.parts(sandbox, dataSetId, batchId)) await rm(part.path, { force: true });
  }

  /** Moves a failed batch's records to its `failed/` folder: they were not promoted, but can be downloaded. */
  async failRecords(sandbox: string, dataSetId: string, batchId: string): Promise<void> {
    const parts = await this.parts(sandbox, dataSetId, batchId);
    if (parts.length === 0) return;
    const failed = this.failedDir(sandbox, dataSetId, batchId);
    await mkdir(failed, { recursive: true });
    for (const part of parts) await rename(part.path, join(failed, part.name));
    await writeFile(join(failed, SUCCESS_MARKER), '');
  }

  async close(): Promise<void> {
    if (this.temporary) await rm(this.root, { recursive: true, force: true });
  }
}
