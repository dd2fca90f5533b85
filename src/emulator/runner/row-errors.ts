// The rows a run rejected, kept as the Platform keeps them for error diagnostics (Experience League, "Retrieving
// error diagnostics"): files of JSON lines under the batch's `meta/row_errors/`, each line the row's own
// values with an `_errors` list — `{code, message, column, field}` for every reason the row failed — and the
// first rows again in `meta/row_error_samples.json`. The export service lists and serves them
// (`meta?path=row_errors`, `meta?path=row_errors/conversion_errors_0.json`, `meta?path=row_error_samples.json`).
//
// A file holds at most `rowsPerFile` rows (then `conversion_errors_1.json`, …), so no file grows without end.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Row } from '../databases/reader.js';
import type { RowError } from './convert.js';
import { ROW_ERROR_SAMPLES_FILE, ROW_ERRORS_DIR } from './data-lake.js';
import { JsonLinesWriter, WriteError } from './json-lines.js';

const ROW_ERRORS_PER_FILE = 50_000;
const ROW_ERROR_SAMPLES = 100;

/** One rejected row as a line of a row errors file. */
function rowErrorLine(row: Row, errors: readonly RowError[]): string {
  const entry = {
    ...row,
    _errors: errors.map((e) => ({ code: e.code, message: e.message, ...(e.source !== undefined && { column: e.source }), ...(e.field !== undefined && { field: e.field }) })),
  };
  try {
    return JSON.stringify(entry);
  } catch {
    // A column of a big integer type: as its digits.
    return JSON.stringify(entry, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  }
}

export class RowErrorFiles {
  rows = 0;
  private current: JsonLinesWriter | undefined;
  private readonly samples: string[] = [];

  /** `metaDir`: the batch's `meta/` folder. */
  constructor(
    private readonly metaDir: string,
    private readonly rowsPerFile = ROW_ERRORS_PER_FILE,
  ) {}

  /** Writes one rejected row; a promise to await only when the file's buffer is full. */
  async write(row: Row, errors: readonly RowError[]): Promise<void> {
    const line = rowErrorLine(row, errors);
    if (this.samples.length < ROW_ERROR_SAMPLES) this.samples.push(line);
    if (!this.current || this.current.lines >= this.rowsPerFile) {
      await this.current?.close();
      this.current = await JsonLinesWriter.open(join(this.metaDir, ROW_ERRORS_DIR, `conversion_errors_${Math.floor(this.rows / this.rowsPerFile)}.json`));
    }
    this.rows++;
    const wait = this.current.write(line);
    if (wait) await wait;
  }

  /** Closes the open file and writes the samples. */
  async close(): Promise<void> {
    await this.current?.close();
    if (this.samples.length === 0) return;
    const path = join(this.metaDir, ROW_ERROR_SAMPLES_FILE);
    try {
      await writeFile(path, `${this.samples.join('\n')}\n`);
    } catch (error) {
      throw new WriteError(path, error);
    }
  }
}
