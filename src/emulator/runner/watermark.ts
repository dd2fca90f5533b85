// A flow's high-water mark: the largest value of its delta column that a successful run has read. The next
// run reads only rows whose delta is greater. Kept in the flow record under `__highWaterMark` (internal,
// never shown), in a JSON form that gives back the value's type: a Date is stored as an ISO string and
// restored as a Date, so that drivers bind it as a timestamp again.

import type { DeltaValue } from '../databases/reader.js';

export const MARK_FIELD = '__highWaterMark';

export type StoredMark = { type: 'date'; value: string } | { type: 'number'; value: number } | { type: 'string'; value: string };

/** The stored form of a delta value; undefined for NULL or a value that cannot bound a query. */
export function encodeMark(value: unknown): StoredMark | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : { type: 'date', value: value.toISOString() };
  if (typeof value === 'number') return Number.isFinite(value) ? { type: 'number', value } : undefined;
  if (typeof value === 'bigint') return { type: 'string', value: value.toString() };
  if (typeof value === 'string') return { type: 'string', value };
  return undefined;
}

/** The delta value of a stored mark (anything unrecognised reads as no mark). */
export function decodeMark(stored: unknown): DeltaValue | undefined {
  if (typeof stored !== 'object' || stored === null) return undefined;
  const { type, value } = stored as { type?: unknown; value?: unknown };
  if (type === 'date' && typeof value === 'string') {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  if (type === 'number' && typeof value === 'number') return value;
  if (type === 'string' && typeof value === 'string') return value;
  return undefined;
}

/** For messages: `2024-05-01T10:00:00.000Z`, `42`. */
export function showMark(value: DeltaValue | undefined): string {
  if (value === undefined) return 'none';
  return value instanceof Date ? value.toISOString() : String(value);
}
