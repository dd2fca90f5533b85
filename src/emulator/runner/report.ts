// How a finished run reads (Adobe's "Monitor dataflows" API page: https://experienceleague.adobe.com/en/docs/experience-platform/dataflows/api/monitor): `state` and
// `metrics` (duration, sizes, record counts, files, status with its errors and the run's type) and two
// activities — copyActivity (reading the table, with the run's window and an `AdfRunId` reference: the
// Platform's copy runs in Azure Data Factory, ours gets a made-up id of the same form) and promotionActivity
// (writing the Catalog batch, with the batch id in `targetInfo[].reference.ids` and links to the batch's files,
// row errors and their samples in the data access (export) API). A run that failed before it could write a
// batch has only its copyActivity.

import { newEtag, newUuid } from '../ids.js';
import type { Json, ResourceRecord } from '../records.js';
import { runStatusFields, runType } from '../services/flow-service/runs.js';
import type { RowError } from './convert.js';

export interface RunErrorEntry {
  code: string;
  message: string;
}

export interface RunOutcome {
  status: 'success' | 'failed';
  startedAt: number;
  /** When reading (and converting) ended. */
  copiedAt: number;
  completedAt: number;
  /** Epoch ms. */
  window: { start: number; end: number } | undefined;
  inputRecords: number;
  outputRecords: number;
  failedRecords: number;
  inputBytes: number;
  outputBytes: number;
  /** The run's errors (`metrics.statusSummary.errors`). */
  errors: RunErrorEntry[];
  /** Row errors by code, with a sample message (`promotionActivity…extensions.errors`). */
  rowErrors: Array<{ code: string; recordCount: number; message: string }>;
  /** Where it stopped when it failed: reading, or writing the batch. */
  failedAt?: 'copy' | 'promotion' | undefined;
  sourceConnectionId?: string | undefined;
  targetConnectionId?: string | undefined;
  batchId?: string | undefined;
  /** Row errors were kept (`meta?path=row_errors`, samples at `meta?path=row_error_samples.json`). */
  diagnostics: boolean;
  /** An export API URL for a path below `/data/foundation/export`. */
  exportUrl: (path: string) => string;
}

/** Per-code counts and a first message, from row errors as they come. */
export class RowErrorTally {
  readonly byCode = new Map<string, { recordCount: number; message: string }>();
  /** The first few messages, for the run's errors. */
  readonly samples: RowError[] = [];
  constructor(private readonly maxSamples = 5) {}

  add(errors: readonly RowError[]): void {
    const seen = new Set<string>();
    for (const error of errors) {
      if (this.samples.length < this.maxSamples) this.samples.push(error);
      if (seen.has(error.code)) continue;
      seen.add(error.code);
      const entry = this.byCode.get(error.code);
      if (entry) entry.recordCount++;
      else this.byCode.set(error.code, { recordCount: 1, message: error.message });
    }
  }

  summary(): Array<{ code: string; recordCount: number; message: string }> {
    return [...this.byCode].map(([code, { recordCount, message }]) => ({ code, recordCount, message }));
  }
}

/** The run record once it has finished. */
export function finishedRun(run: ResourceRecord, o: RunOutcome): ResourceRecord {
  const copyFailed = o.status === 'failed' && o.failedAt === 'copy';
  const wroteBatch = o.batchId !== undefined;
  const copyActivity: Json = {
    id: 'copyActivity',
    updatedAtUTC: o.copiedAt,
    durationSummary: {
      startedAtUTC: o.startedAt,
      completedAtUTC: o.copiedAt,
      ...(o.window && { extensions: { windowStart: o.window.start, windowEnd: o.window.end } }),
    },
    sizeSummary: { inputBytes: o.inputBytes, outputBytes: o.inputBytes },
    recordSummary: {},
    fileSummary: { inputFileCount: 1, outputFileCount: copyFailed ? 0 : 1 },
    statusSummary: { status: copyFailed ? 'failed' : 'success', extensions: { type: runType(run), ...(copyFailed && { errors: o.errors }) } },
    ...(o.sourceConnectionId !== undefined && {
      sourceInfo: [{ id: o.sourceConnectionId, type: 'SourceConnection', reference: { type: 'AdfRunId', ids: [newUuid()] } }],
    }),
  };
  // A failed run promotes nothing: its valid rows were read, not ingested.
  const ingested = o.status === 'success' ? o.outputRecords : 0;
  const activities: Json[] = [copyActivity];
  if (wroteBatch) {
    const batch = o.batchId as string;
    activities.push({
      id: 'promotionActivity',
      updatedAtUTC: o.completedAt,
      durationSummary: { startedAtUTC: o.startedAt, completedAtUTC: o.completedAt },
      sizeSummary: { inputBytes: o.inputBytes, outputBytes: o.outputBytes },
      recordSummary: { inputRecordCount: o.inputRecords, outputRecordCount: ingested, failedRecordCount: o.failedRecords },
      fileSummary: {
        inputFileCount: 1,
        outputFileCount: o.status === 'success' && o.outputRecords > 0 ? 1 : 0,
        extensions: { manifest: { fileInfo: o.exportUrl(`/batches/${batch}/files`) } },
      },
      statusSummary: {
        status: o.status,
        extensions: {
          ...(o.diagnostics &&
            o.failedRecords > 0 && {
              manifest: {
                failedRecords: o.exportUrl(`/batches/${batch}/meta?path=row_errors`),
                sampleErrors: o.exportUrl(`/batches/${batch}/meta?path=row_error_samples.json`),
              },
            }),
          errors: [...o.errors, ...o.rowErrors],
        },
      },
      ...(o.targetConnectionId !== undefined && { targetInfo: [{ id: o.targetConnectionId, type: 'TargetConnection', reference: { type: 'Batch', ids: [batch] } }] }),
    });
  }
  const activityRefs = [wroteBatch ? 'promotionActivity' : 'copyActivity'];
  const { state, statusSummary } = runStatusFields(run, o.status, o.errors, { activityRefs });
  return {
    ...run,
    updatedAt: o.completedAt,
    etag: newEtag(),
    state,
    metrics: {
      durationSummary: { startedAtUTC: o.startedAt, completedAtUTC: o.completedAt },
      sizeSummary: { inputBytes: o.inputBytes, outputBytes: o.outputBytes },
      recordSummary: { inputRecordCount: o.inputRecords, outputRecordCount: ingested, failedRecordCount: o.failedRecords },
      fileSummary: { inputFileCount: 1, outputFileCount: o.status === 'success' && o.outputRecords > 0 ? 1 : 0, activityRefs },
      statusSummary,
    },
    activities,
  };
}
