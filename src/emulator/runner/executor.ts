// Executes runs: reads the flow's table incrementally, maps and converts each row, writes the accepted
// records as a Catalog batch's Parquet file (parquet-records.ts), and fills in the run (https://experienceleague.adobe.com/en/docs/experience-platform/dataflows/api/monitor,
// report.ts).
//
// A run goes scheduled → inProgress → success | failed:
//  1. inProgress, `metrics.durationSummary.startedAtUTC` set; the plan is resolved (plan.ts), the reader
//     opened with the base connection's real credentials and the table described. A missing resource, a
//     connection error, a missing table or a database the emulator cannot reach (UnsupportedDatabaseError)
//     fails the run here with the database's own message (CONNECTOR-1001-500) and no batch. A reader error
//     later on fails it the same way, with its batch `failed`; a write error is CONNECTOR-2001-500.
//  2. A batch is recorded (status `loading`) and rows are read in batches of `batchSize` between the bounds of
//     plan.ts, converted (mapping.ts), and written with backpressure: memory does not grow with the table.
//     Rejected rows are counted, the first few messages kept, and — with the flow's
//     `options.errorDiagnosticsEnabled` — every one written with its errors to the batch's row errors files
//     (row-errors.ts); what the run read goes to its input_files (data-lake.ts lists the batch's folder).
//  3. The run fails when any row failed and `options.partialIngestionPercent` is not set, or when
//     failed / input × 100 exceeds it (INGEST-1212-400). A failed run's batch is `failed`, its records move to
//     the batch's `failed/` folder, never promoted, and the flow's high-water mark does not move, so the next run
//     reads the same rows again. A successful run's batch is `success` and the mark moves to the largest delta
//     read (the last row's: readers return rows in delta order).
//  4. The run is completed, then the flow's `lastRunDetails` (and mark) are written on the flow as it is at
//     that moment (read and written in one step, etag untouched), so a concurrent PATCH is never undone.
//
// At most one run per flow executes at a time: runs of a flow queue behind each other. `stop()` aborts the
// runs in flight — each fails with a message saying so — and waits for them to be recorded.

import { newEtag } from '../ids.js';
import { DatabaseError, type DatabaseReader, type DeltaValue, type Row, UnsupportedDatabaseError } from '../databases/reader.js';
import type { Json, ResourceRecord } from '../records.js';
import { type BatchChanges, type BatchError, type BatchRecord, recordBatch, updateBatch } from '../services/catalog/batches.js';
import { EXPORT_BASE } from '../services/export.js';
import { runStatusFields } from '../services/flow-service/runs.js';
import type { SandboxState, Store } from '../store.js';
import type { DataLake } from './data-lake.js';
import { WriteError } from './json-lines.js';
import { ParquetRecordsWriter } from './parquet-records.js';
import { RowErrorFiles } from './row-errors.js';
import { PlanError, planRun, type RunPlan, SOURCE_ERROR, TARGET_ERROR } from './plan.js';
import { finishedRun, type RunErrorEntry, type RunOutcome, RowErrorTally } from './report.js';
import { encodeMark, MARK_FIELD, type StoredMark } from './watermark.js';

export const INGEST_ERROR = 'INGEST-1212-400';
/** A batch's row errors when error diagnostics were off. */
const DIAGNOSTICS_OFF_ERROR = 'INGEST-1211-400';

/** Opens a reader for a base connection (src/emulator/databases/open.ts; tests pass fakes). */
export type OpenReader = (
  specId: string,
  auth: { specName: string; params: Record<string, unknown> },
  options: { dataDir: string | undefined },
) => DatabaseReader | Promise<DatabaseReader>;

export interface ExecutorOptions {
  store: Store;
  /** Epoch ms on the emulator's clock. */
  now: () => number;
  lake: DataLake;
  openReader: OpenReader;
  /** The emulator's URL, for absolute links in run manifests (relative links until it is known). */
  baseUrl?: () => string | undefined;
  /** Rows per read (default 1,000). */
  batchSize?: number;
  /** Records per Parquet row group (default parquet-records.ts DEFAULT_ROW_GROUP_ROWS). */
  rowGroupRows?: number;
}

/** Internal field of a run: the id of its batch once recorded (for crash recovery). */
const BATCH_FIELD = '__batchId';

class Aborted extends Error {
  constructor() {
    super('The emulator was stopped while this run was in progress; the run did not complete, and the next run reads its rows again.');
  }
}

class RunFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly at: 'copy' | 'promotion',
  ) {
    super(message);
  }
}

export function runStatus(run: Json): string | undefined {
  const status = ((run['metrics'] as Json | undefined)?.['statusSummary'] as Json | undefined)?.['status'];
  return typeof status === 'string' ? status : undefined;
}

/** The size of a row as it would be sent as JSON, estimated without building the JSON. */
function rowSize(row: Row): number {
  let bytes = 2;
  for (const key in row) {
    const value = row[key];
    bytes += key.length + 4;
    if (typeof value === 'string') bytes += value.length + 2;
    else if (value instanceof Date) bytes += 26;
    else if (value === null || value === undefined) bytes += 4;
    else bytes += String(value).length;
  }
  return bytes;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Waits for `promise` at most `ms`; errors are ignored. */
async function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/**
 * The row errors in a batch's `errors`, as the error diagnostics guide shows them: with diagnostics on, one
 * entry per code with its `recordCount`; without, only INGEST-1211-400 saying to turn them on.
 */
function rowErrorsOfBatch(report: RunOutcome, diagnostics: boolean): BatchError[] {
  if (report.rowErrors.length === 0) return [];
  if (!diagnostics) {
    return [
      {
        code: DIAGNOSTICS_OFF_ERROR,
        description:
          'Encountered errors while parsing, converting or otherwise validating the data. Please resend the data with error diagnostics enabled to collect additional information on failure types',
      },
    ];
  }
  return report.rowErrors.map((e) => ({ code: e.code, description: e.message, recordCount: e.recordCount }));
}

/** A run's outcome before anything happened: failed until it succeeds. */
function emptyOutcome(startedAt: number, exportUrl: (path: string) => string): RunOutcome {
  return {
    status: 'failed',
    startedAt,
    copiedAt: startedAt,
    completedAt: startedAt,
    window: undefined,
    inputRecords: 0,
    outputRecords: 0,
    failedRecords: 0,
    inputBytes: 0,
    outputBytes: 0,
    errors: [],
    rowErrors: [],
    diagnostics: false,
    exportUrl,
  };
}

/**
 * The partial ingestion rule on the rows a run rejected: a failure when any row failed without
 * `options.partialIngestionPercent`, or more than it; under it, the run succeeds and says how many rows it left out.
 */
function judgeRejectedRows(plan: RunPlan, report: RunOutcome, tally: RowErrorTally): RunFailure | undefined {
  if (report.failedRecords === 0) return undefined;
  const percent = plan.partialIngestionPercent;
  const failedShare = (report.failedRecords / report.inputRecords) * 100;
  const samples = [...new Set(tally.samples.map((e) => e.message))].join(' | ');
  if (percent === undefined) {
    return new RunFailure(
      INGEST_ERROR,
      `Encountered ${report.failedRecords} errors in the data. Successfully ingested 0 rows: without options.partialIngestionPercent any row error fails the run (${report.outputRecords} valid rows were not ingested). First errors: ${samples}`,
      'promotion',
    );
  }
  if (failedShare > percent) {
    return new RunFailure(
      INGEST_ERROR,
      `Encountered ${report.failedRecords} errors in the data (${failedShare.toFixed(2)}% of ${report.inputRecords} rows), more than the partial ingestion threshold of ${percent}% (options.partialIngestionPercent). Successfully ingested 0 rows. First errors: ${samples}`,
      'promotion',
    );
  }
  const where = plan.errorDiagnostics ? 'Please review the associated diagnostic files for more details (the batch\'s meta?path=row_errors).' : `First errors: ${samples}`;
  report.errors = [{ code: INGEST_ERROR, message: `Encountered ${report.failedRecords} errors in the data. Successfully ingested ${report.outputRecords} rows. ${where}` }];
  return undefined;
}

/** Completes the outcome at `completedAt`: success, or failed with the failure's code and where it stopped. */
function concludeOutcome(report: RunOutcome, failure: RunFailure | Aborted | undefined, completedAt: number): void {
  report.completedAt = completedAt;
  if (!failure) {
    report.status = 'success';
    return;
  }
  report.status = 'failed';
  report.failedAt = failure instanceof RunFailure ? failure.at : 'copy';
  report.errors = [{ code: failure instanceof RunFailure ? failure.code : SOURCE_ERROR, message: failure.message }];
  // A run that stopped reading finished its copy when it failed.
  if (report.failedAt === 'copy') report.copiedAt = completedAt;
}

/** The batch as the run leaves it: its status, counts and errors (the run's own first, as the guide shows them). */
function finalBatch(report: RunOutcome, diagnostics: boolean): BatchChanges {
  const success = report.status === 'success';
  return {
    status: success ? 'success' : 'failed',
    completed: report.completedAt,
    recordCount: success ? report.outputRecords : 0,
    failedRecordCount: report.failedRecords,
    size: success ? report.outputBytes : 0,
    errors: [...report.errors.map((e: RunErrorEntry) => ({ code: e.code, description: e.message })), ...rowErrorsOfBatch(report, diagnostics)],
    metrics: {
      inputFileCount: 1,
      inputRecordCount: report.inputRecords,
      outputRecordCount: report.outputRecords,
      failedRecordCount: report.failedRecords,
      inputByteSize: report.inputBytes,
      outputByteSize: report.outputBytes,
    },
  };
}

export class Executor {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly controller = new AbortController();
  private stopped = false;
  private readonly batchSize: number;
  private readonly rowGroupRows: number | undefined;

  constructor(private readonly options: ExecutorOptions) {
    this.batchSize = options.batchSize ?? 1000;
    this.rowGroupRows = options.rowGroupRows;
  }

  private key(sandbox: string, flowId: string): string {
    return `${sandbox}\u0000${flowId}`;
  }

  /** Queues the run `runId` (status `scheduled`) behind any run of the same flow. */
  submit(sandbox: SandboxState, runId: string): void {
    if (this.stopped) return;
    const run = sandbox.collection<ResourceRecord>('runs').get(runId);
    if (!run) return;
    const key = this.key(sandbox.info.name, String(run['flowId']));
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous
      .then(() => this.execute(sandbox, runId))
      .catch((error: unknown) => process.emitWarning(`flowctl emulator: run ${runId} failed unexpectedly: ${(error as Error).stack ?? String(error)}`));
    this.tails.set(key, next);
    void next.finally(() => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    });
  }

  /** A run of this flow is queued or executing. */
  busy(sandbox: string, flowId: string): boolean {
    return this.tails.has(this.key(sandbox, flowId));
  }

  /**
   * At startup: runs left `inProgress` by a crash become `failed` (their batch too), and runs still
   * `scheduled` are queued again.
   */
  async recover(): Promise<void> {
    const sandboxes = this.options.store.sandboxes.map((info) => this.options.store.sandbox(info.name)).filter((s): s is SandboxState => s !== undefined);
    // Every interrupted run is recorded as failed before any queued run starts, so that a flow's
    // lastRunDetails end up describing its newest run.
    for (const sandbox of sandboxes) {
      for (const run of sandbox.collection<ResourceRecord>('runs').all()) if (runStatus(run) === 'inProgress') await this.failInterrupted(sandbox, run);
    }
    for (const sandbox of sandboxes) {
      for (const run of sandbox.collection<ResourceRecord>('runs').all()) if (runStatus(run) === 'scheduled') this.submit(sandbox, run.id);
    }
  }

  /** Aborts the runs in flight and waits until they are recorded as failed. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.controller.abort();
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }

  private exportUrl(path: string): string {
    return `${this.options.baseUrl?.() ?? ''}${EXPORT_BASE}${path}`;
  }

  /** Re-reads the run and stores `change(run)`; undefined if the run is gone. */
  private async putRun(sandbox: SandboxState, runId: string, change: (run: ResourceRecord) => ResourceRecord): Promise<ResourceRecord | undefined> {
    const runs = sandbox.collection<ResourceRecord>('runs');
    const current = runs.get(runId);
    if (!current) return undefined;
    const next = change(current);
    await runs.put(next);
    return next;
  }

  /** Writes the flow's lastRunDetails (and mark) onto the flow as it is now: no PATCH is undone, the etag stays. */
  private async touchFlow(sandbox: SandboxState, flowId: string, details: Json, mark: StoredMark | undefined): Promise<void> {
    const flows = sandbox.collection<ResourceRecord>('flows');
    const current = flows.get(flowId);
    if (!current) return;
    await flows.put({ ...current, lastRunDetails: details, ...(mark && { [MARK_FIELD]: mark }) });
  }

  private async failInterrupted(sandbox: SandboxState, run: ResourceRecord): Promise<void> {
    const now = this.options.now();
    const message = 'The emulator stopped (crashed or was killed) while this run was in progress; the run did not complete, and the next run reads its rows again.';
    const batchId = typeof run[BATCH_FIELD] === 'string' ? run[BATCH_FIELD] : undefined;
    const batch = batchId === undefined ? undefined : sandbox.collection<BatchRecord>('batches').get(batchId);
    if (batch && batchId !== undefined) {
      await updateBatch(sandbox, batchId, { status: 'failed', completed: now, errors: [{ code: TARGET_ERROR, description: message }] }, now);
      const dataSetId = (batch.relatedObjects[0] as { id: string } | undefined)?.id;
      if (dataSetId) await this.options.lake.dropRecords(sandbox.info.name, dataSetId, batchId);
    }
    const startedAt = Number(((run['metrics'] as Json)['durationSummary'] as Json | undefined)?.['startedAtUTC'] ?? now);
    const metrics = run['metrics'] as Json;
    const errors = [{ code: SOURCE_ERROR, message }];
    await this.putRun(sandbox, run.id, (r) => {
      const { state, statusSummary } = runStatusFields(r, 'failed', errors);
      return { ...r, updatedAt: now, etag: newEtag(), state, metrics: { ...metrics, durationSummary: { startedAtUTC: startedAt, completedAtUTC: now }, statusSummary } };
    });
    await this.touchFlow(sandbox, String(run['flowId']), { id: run.id, state: 'failed', startedAtUTC: startedAt, completedAtUTC: now }, undefined);
  }

  private async execute(sandbox: SandboxState, runId: string): Promise<void> {
    if (this.stopped) return;
    const initial = sandbox.collection<ResourceRecord>('runs').get(runId);
    if (!initial || runStatus(initial) !== 'scheduled') return;
    const startedAt = this.options.now();
    const run = await this.putRun(sandbox, runId, (r) => {
      const { state, statusSummary } = runStatusFields(r, 'inProgress', []);
      return { ...r, updatedAt: startedAt, etag: newEtag(), state, metrics: { ...(r['metrics'] as Json), durationSummary: { startedAtUTC: startedAt }, statusSummary } };
    });
    if (!run) return;
    const outcome = await this.perform(sandbox, run, startedAt);
    const details = { id: runId, state: outcome.report.status, startedAtUTC: startedAt, completedAtUTC: outcome.report.completedAt };
    // Both changes become visible in the same tick (a put updates memory at once, then writes): whoever sees
    // the run finished also sees it as the flow's last run.
    await Promise.all([
      this.putRun(sandbox, runId, (r) => finishedRun(r, outcome.report)),
      this.touchFlow(sandbox, String(run['flowId']), details, outcome.report.status === 'success' ? outcome.mark : undefined),
    ]);
  }

  /**
   * Aborts the wait when the executor stops. (Not Promise.race with one long-lived "aborted" promise: every
   * race would leave a reaction on it holding its result — each batch of rows — for as long as it lives.)
   */
  private race<T>(promise: Promise<T>): Promise<T> {
    const signal = this.controller.signal;
    if (signal.aborted) {
      promise.catch(() => undefined);
      return Promise.reject(new Aborted());
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(new Aborted());
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  /** The run from its plan to its batch's final state: each step below, in order. */
  private async perform(sandbox: SandboxState, run: ResourceRecord, startedAt: number): Promise<{ report: RunOutcome; mark: StoredMark | undefined }> {
    const report = emptyOutcome(startedAt, (path) => this.exportUrl(path));
    /** A failure before any row was read. */
    const failWith = (code: string, message: string, at: 'copy' | 'promotion') => {
      concludeOutcome(report, new RunFailure(code, message, at), this.options.now());
      report.copiedAt = report.completedAt;
      return { report, mark: undefined };
    };

    let plan: RunPlan;
    try {
      plan = planRun(sandbox, run, this.options.now);
    } catch (error) {
      if (error instanceof PlanError) return failWith(error.code, error.message, 'copy');
      throw error;
    }
    report.window = plan.window;
    report.sourceConnectionId = plan.sourceConnectionId;
    report.targetConnectionId = plan.targetConnectionId;
    report.diagnostics = plan.errorDiagnostics;

    let reader: DatabaseReader;
    try {
      reader = await this.openReader(plan);
    } catch (error) {
      return failWith(SOURCE_ERROR, this.sourceMessage(plan, error), 'copy');
    }

    let batch: BatchRecord;
    try {
      batch = await this.recordRunBatch(sandbox, plan);
    } catch (error) {
      await settleWithin(reader.close(), 2000);
      return failWith(TARGET_ERROR, `Could not record the batch: ${messageOf(error)}`, 'promotion');
    }
    report.batchId = batch.id;
    await this.putRun(sandbox, run.id, (r) => ({ ...r, [BATCH_FIELD]: batch.id }));

    const written = await this.writeBatch(sandbox.info.name, plan, batch.id, reader, report);
    const failure = written.failure ?? judgeRejectedRows(plan, report, written.tally);
    concludeOutcome(report, failure, this.options.now());
    await this.keepOrDropFiles(sandbox.info.name, plan, batch.id, failure, written.part, report.outputRecords);
    await updateBatch(sandbox, batch.id, finalBatch(report, plan.errorDiagnostics), report.completedAt);
    return { report, mark: report.status === 'success' ? encodeMark(written.last) : undefined };
  }

  /** The run's Catalog batch, `loading`, tagged with the flow's diagnostics options as the Platform tags it. */
  private recordRunBatch(sandbox: SandboxState, plan: RunPlan): Promise<BatchRecord> {
    const now = this.options.now();
    return recordBatch(sandbox, {
      dataSetId: plan.dataSetId,
      by: { clientId: String(plan.flow['createdClient'] ?? ''), orgId: String(plan.flow['imsOrgId'] ?? '') },
      now,
      status: 'loading',
      started: now,
      tags: {
        acp_enableErrorDiagnostics: plan.errorDiagnostics,
        ...(plan.partialIngestionPercent !== undefined && { acp_partialIngestionPercent: plan.partialIngestionPercent }),
      },
    });
  }

  /**
   * Reads the rows into the batch's files — the records' Parquet file, the rejected rows (with diagnostics on), the
   * input files — and closes the reader. A failure is returned, not thrown: the batch is recorded either way.
   */
  private async writeBatch(
    sandboxName: string,
    plan: RunPlan,
    batchId: string,
    reader: DatabaseReader,
    report: RunOutcome,
  ): Promise<{ part: ParquetRecordsWriter | undefined; last: DeltaValue | undefined; tally: RowErrorTally; failure: RunFailure | Aborted | undefined }> {
    const lake = this.options.lake;
    const tally = new RowErrorTally();
    const rowErrors = plan.errorDiagnostics ? new RowErrorFiles(lake.metaDir(sandboxName, plan.dataSetId, batchId)) : undefined;
    let part: ParquetRecordsWriter | undefined;
    let last: DeltaValue | undefined;
    let failure: RunFailure | Aborted | undefined;
    try {
      part = await ParquetRecordsWriter.open(lake.partFile(sandboxName, plan.dataSetId, batchId), plan.mapping.outputs, this.rowGroupRows);
      last = await this.copy(plan, reader, part, tally, rowErrors, report);
      report.copiedAt = this.options.now();
      await part.close();
      await rowErrors?.close();
      await lake.writeInputFiles(sandboxName, plan.dataSetId, batchId, plan.table);
    } catch (error) {
      if (error instanceof Aborted || error instanceof RunFailure) failure = error;
      else if (error instanceof WriteError) failure = new RunFailure(TARGET_ERROR, `Could not write batch ${batchId}: ${error.message}`, 'promotion');
      // Anything else comes from the reader: the database's message, as a source error.
      else failure = new RunFailure(SOURCE_ERROR, this.sourceMessage(plan, error), 'copy');
      await rowErrors?.close().catch(() => undefined);
    } finally {
      await settleWithin(reader.close(), 2000);
    }
    report.outputBytes = part?.bytes ?? 0;
    report.rowErrors = tally.summary();
    return { part, last, tally, failure };
  }

  /** What becomes of the records' file: kept (success), moved to `failed/` (not promoted), or removed. */
  private async keepOrDropFiles(
    sandboxName: string,
    plan: RunPlan,
    batchId: string,
    failure: RunFailure | Aborted | undefined,
    part: ParquetRecordsWriter | undefined,
    records: number,
  ): Promise<void> {
    const lake = this.options.lake;
    if (failure && (failure instanceof Aborted || failure.at === 'copy' || !part?.finished)) {
      // Never read to the end, or never written whole: nothing of it is worth keeping.
      await part?.discard().catch(() => undefined);
    } else if (failure) {
      await lake.failRecords(sandboxName, plan.dataSetId, batchId).catch(() => undefined);
    } else if (records === 0) {
      // A run that found nothing new writes an empty batch, with no file.
      await lake.dropRecords(sandboxName, plan.dataSetId, batchId).catch(() => undefined);
    }
  }

  /** Opens the flow's database and checks its table, so that connection and table problems fail the run before a batch is recorded. */
  private async openReader(plan: RunPlan): Promise<DatabaseReader> {
    const opening = Promise.resolve().then(() => this.options.openReader(plan.connectionSpecId, plan.auth, { dataDir: this.options.store.dataDir }));
    const reader = await this.race(opening).catch((error: unknown) => {
      // Aborted while opening: close the reader whenever it comes.
      if (error instanceof Aborted) void opening.then((r) => settleWithin(r.close(), 2000)).catch(() => undefined);
      throw error;
    });
    try {
      await this.race(reader.describeTable(plan.table));
      return reader;
    } catch (error) {
      await settleWithin(reader.close(), 2000);
      throw error;
    }
  }

  /** Reads every row between the plan's bounds; returns the last delta value read. */
  private async copy(
    plan: RunPlan,
    reader: DatabaseReader,
    part: ParquetRecordsWriter,
    tally: RowErrorTally,
    rowErrors: RowErrorFiles | undefined,
    report: RunOutcome,
  ): Promise<DeltaValue | undefined> {
    const iterator = reader
      .readRows(plan.table, { deltaColumn: plan.deltaColumn, after: plan.after, until: plan.until, batchSize: this.batchSize })
      [Symbol.asyncIterator]();
    let deltaKey: string | undefined;
    let last: DeltaValue | undefined;
    // The next batch is asked for before this one is processed, so that the database works while we map.
    let pending = this.race(iterator.next());
    try {
      for (;;) {
        const next = await pending;
        if (next.done) break;
        pending = this.race(iterator.next());
        pending.catch(() => undefined);
        // Sizes are estimated from the batch's first row: measuring every row would cost more than mapping it.
        const first = next.value[0];
        if (first) report.inputBytes += rowSize(first) * next.value.length;
        for (const row of next.value) {
          report.inputRecords++;
          if (deltaKey === undefined) {
            const keys = Object.keys(row);
            deltaKey = keys.find((k) => k === plan.deltaColumn) ?? keys.find((k) => k.toLowerCase() === plan.deltaColumn.toLowerCase());
            if (deltaKey === undefined) throw new RunFailure(SOURCE_ERROR, `The delta column ${plan.deltaColumn} is not among the columns read from ${plan.table} (${keys.join(', ')}).`, 'copy');
          }
          const delta = row[deltaKey];
          if (delta !== null && delta !== undefined) last = delta as DeltaValue;
          const mapped = plan.mapping.applyValues(row);
          if (mapped.ok) {
            report.outputRecords++;
            // A promise only when a row group was written: most records cost no await.
            const wait = part.add(mapped.values);
            if (wait) await this.race(wait);
            continue;
          }
          report.failedRecords++;
          tally.add(mapped.errors);
          if (rowErrors) await this.race(rowErrors.write(row, mapped.errors));
        }
        if (this.controller.signal.aborted) throw new Aborted();
      }
    } catch (error) {
      void iterator.return?.()?.catch(() => undefined);
      throw error;
    }
    return last;
  }

  private sourceMessage(plan: RunPlan, error: unknown): string {
    if (error instanceof Aborted) return error.message;
    if (error instanceof UnsupportedDatabaseError) return `Cannot read ${plan.table}: ${error.message}.`;
    const code = error instanceof DatabaseError && error.code ? ` (${error.code})` : '';
    return `Reading ${plan.table} from the ${plan.connectionSpecName} database failed: ${messageOf(error)}${code}`;
  }
}
