// Row values in the one shape every reader yields (reader.ts `Row`): timestamps as Date, dates as
// `YYYY-MM-DD`, big integers and decimals as strings, booleans, numbers, strings, null. Drivers are configured
// to give most of these directly; this catches the rest (BigInt, binary, arrays, JSON, invalid dates).

import type { Row } from './reader.js';

export function normaliseValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'object':
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
      if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
      return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    default:
      return String(value);
  }
}

export function normaliseRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const key of Object.keys(row)) out[key] = normaliseValue(row[key]);
  return out;
}

/** A value that survives JSON as itself: Dates as ISO strings, non-finite numbers as strings. */
export function jsonSafe(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

/** A bound on the delta column as a parameter: Dates as UTC ISO strings (the same instant for every driver). */
export function deltaParameter(value: Date | number | string): number | string {
  return value instanceof Date ? value.toISOString() : value;
}
