// Human descriptions of Platform resources shared by several commands.

import { CONNECTION_SPECS, DATA_LAKE_SPEC_ID } from '../platform/specs.js';
import { formatDuration, formatTime } from '../output/format.js';
import type { Run } from '../platform/models/flow-service.js';

/** `MySQL (26d738e0-…)` for a known spec id, the bare id otherwise. */
export function specLabel(id: string | undefined): string | undefined {
  if (id === undefined) return undefined;
  if (id === DATA_LAKE_SPEC_ID) return 'Data lake';
  return CONNECTION_SPECS.find((s) => s.id === id)?.title ?? id;
}

/** `every 15 minutes from 2026-01-31 09:00:00Z, with backfill` from scheduleParams (numbers or strings). */
export function describeSchedule(params: Record<string, unknown> | undefined): string | undefined {
  if (!params) return undefined;
  const frequency = String(params['frequency'] ?? '');
  const start = formatTime(params['startTime']);
  if (frequency === 'once') return `once${start ? ` at ${start}` : ''}`;
  const interval = Number(params['interval'] ?? 1);
  const unit = interval === 1 ? frequency : `${frequency}s`;
  const backfill = params['backfill'] === false || params['backfill'] === 'false' ? ', no backfill' : '';
  return `every ${interval === 1 ? '' : `${interval} `}${unit}${start ? ` from ${start}` : ''}${backfill}`;
}

export function runStatus(run: Run): string | undefined {
  return run.metrics?.statusSummary?.status;
}

export function runStarted(run: Run): number | undefined {
  return run.metrics?.durationSummary?.startedAtUTC ?? run.createdAt;
}

export function runDuration(run: Run): string | undefined {
  const d = run.metrics?.durationSummary;
  return d?.startedAtUTC !== undefined && d.completedAtUTC !== undefined ? formatDuration(d.completedAtUTC - d.startedAtUTC) : undefined;
}

export type RunOutcome = 'success' | 'failed' | 'pending';

/** Whether a run has finished, and how. Status words vary in case and spelling across the Platform. */
export function runOutcome(run: Run): RunOutcome {
  const status = (runStatus(run) ?? '').toLowerCase().replace(/[_\s-]/g, '');
  if (['success', 'succeeded', 'completed', 'partialsuccess'].includes(status)) return 'success';
  if (['failed', 'failure', 'partialfailure', 'cancelled', 'canceled', 'aborted'].includes(status)) return 'failed';
  return 'pending';
}

/** `9995 in, 9990 out, 5 failed` */
export function runRecords(run: Run): string {
  const r = run.metrics?.recordSummary;
  return `${r?.inputRecordCount ?? 0} in, ${r?.outputRecordCount ?? 0} out, ${r?.failedRecordCount ?? 0} failed`;
}
