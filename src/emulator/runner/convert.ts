// A source value turned into the XDM type of the field it is mapped to, as the Platform's mapper does at
// ingestion. Pure; a value that does not fit is a row error (`MAPPER-3700-400`, "Mapper Transform Error")
// naming the field, the value and why.
//
//   string     strings as they are; numbers, booleans and big integers as text; Date as ISO-8601 UTC
//   number     finite numbers and numeric strings
//   integer    safe integers (±2^53−1) and integer strings; 1.5 is an error
//   boolean    true/false, 1/0, "true"/"false", "yes"/"no", "1"/"0" (any case)
//   date       `YYYY-MM-DD` (an impossible date such as 1985-02-30 is an error), or a Date (its UTC day)
//   date-time  a Date, or a string Date can parse in ISO-8601 form (`YYYY-MM-DD`, `YYYY-MM-DD HH:mm[:ss[.SSS]]`,
//              with `T`, `Z` or an offset; no zone means UTC, as table sources store timestamps in UTC),
//              written as ISO-8601 UTC (`2024-05-01T10:00:00.000Z`)
// null and undefined leave the field out of the record.

import type { SchemaField } from '../records.js';

export const MAPPER_ERROR = 'MAPPER-3700-400';

export interface RowError {
  code: string;
  message: string;
  /** The destination field, when one is concerned. */
  field?: string;
  /** The source column or expression. */
  source?: string;
}

export type Converted = { ok: true; value: unknown } | { ok: false; reason: string };

const OMIT: Converted = { ok: true, value: undefined };

const fail = (reason: string): Converted => ({ ok: false, reason });

function show(value: unknown): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'object') {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 80 ? `${text.slice(0, 80)}…` : text;
  }
  return String(value);
}

/** The error a failed conversion becomes, in the mapper's words. */
export function conversionError(field: SchemaField, source: string, value: unknown, reason: string): RowError {
  const type = field.format === 'date' ? 'a date' : field.format === 'date-time' ? 'a date-time' : field.type === 'integer' ? 'an integer' : `a ${field.type}`;
  return {
    code: MAPPER_ERROR,
    message: `Mapper Transform Error: the value ${show(value)} of ${source} cannot be converted to ${type} for field ${field.path}: ${reason}`,
    field: field.path,
    source,
  };
}

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

function toStringValue(value: unknown): Converted {
  if (typeof value === 'string') return { ok: true, value };
  if (typeof value === 'number') return Number.isFinite(value) ? { ok: true, value: String(value) } : fail('not a finite number');
  if (typeof value === 'bigint' || typeof value === 'boolean') return { ok: true, value: String(value) };
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? fail('invalid date') : { ok: true, value: value.toISOString() };
  return fail('objects and arrays cannot be written to a string field');
}

function toNumberValue(value: unknown): Converted {
  if (typeof value === 'number') return Number.isFinite(value) ? { ok: true, value } : fail('not a finite number');
  if (typeof value === 'bigint') return { ok: true, value: Number(value) };
  if (typeof value === 'string' && NUMERIC.test(value.trim())) {
    const n = Number(value.trim());
    return Number.isFinite(n) ? { ok: true, value: n } : fail('out of range');
  }
  return fail('not a number');
}

function toIntegerValue(value: unknown): Converted {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) return fail('outside the safe integer range (±2^53−1)');
    n = Number(value);
  } else if (typeof value === 'string' && INTEGER.test(value.trim())) n = Number(value.trim());
  else if (typeof value === 'string' && NUMERIC.test(value.trim())) return fail('not a whole number');
  else return fail('not an integer');
  if (!Number.isFinite(n)) return fail('not a finite number');
  if (!Number.isInteger(n)) return fail('not a whole number');
  if (!Number.isSafeInteger(n)) return fail('outside the safe integer range (±2^53−1)');
  return { ok: true, value: n };
}

const TRUE = new Set(['true', 'yes', '1']);
const FALSE = new Set(['false', 'no', '0']);

function toBooleanValue(value: unknown): Converted {
  if (typeof value === 'boolean') return { ok: true, value };
  if (value === 1 || value === 0) return { ok: true, value: value === 1 };
  if (typeof value === 'bigint' && (value === 1n || value === 0n)) return { ok: true, value: value === 1n };
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (TRUE.has(text)) return { ok: true, value: true };
    if (FALSE.has(text)) return { ok: true, value: false };
  }
  return fail('not a boolean (true/false, 1/0, yes/no)');
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month (1–12) of a (proleptic Gregorian) year; arithmetic, not a Date: it runs for every row. */
function daysIn(year: number, month: number): number {
  if (month === 2 && (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return 29;
  return DAYS[month - 1] ?? 0;
}

/** `YYYY-MM-DD` for a real calendar date, else the reason it is not one. */
function checkDate(text: string): string | undefined {
  const m = DATE.exec(text);
  if (!m) return 'not a date in the form YYYY-MM-DD';
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12) return `there is no month ${m[2]}`;
  if (day < 1 || day > daysIn(year, month)) return `there is no day ${m[3]} in ${m[1]}-${m[2]}`;
  return undefined;
}

function toDateValue(value: unknown): Converted {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? fail('invalid date') : { ok: true, value: value.toISOString().slice(0, 10) };
  if (typeof value !== 'string') return fail('not a date in the form YYYY-MM-DD');
  const text = value.trim();
  const problem = checkDate(text);
  return problem ? fail(problem) : { ok: true, value: text };
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

function toDateTimeValue(value: unknown): Converted {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? fail('invalid date') : { ok: true, value: value.toISOString() };
  if (typeof value !== 'string') return fail('not a date-time (ISO-8601, e.g. 2024-05-01T10:00:00Z)');
  const m = DATE_TIME.exec(value.trim());
  if (!m) return fail('not a date-time (ISO-8601, e.g. 2024-05-01T10:00:00Z)');
  const dateProblem = checkDate(m[1] as string);
  if (dateProblem) return fail(dateProblem);
  const [hh, mm, ss] = [m[2], m[3], m[4]].map((v) => (v === undefined ? 0 : Number(v))) as [number, number, number];
  if (hh > 23 || mm > 59 || ss > 59) return fail('not a valid time of day');
  const fraction = (m[5] ?? '').slice(0, 4).padEnd(4, '0');
  const zone = m[6] === undefined ? 'Z' : m[6].toUpperCase() === 'Z' ? 'Z' : m[6].length === 5 ? `${m[6].slice(0, 3)}:${m[6].slice(3)}` : m[6];
  const iso = `${m[1]}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}${fraction === '0000' ? '' : fraction}${zone}`;
  const parsed = new Date(iso);
  return Number.isNaN(parsed.getTime()) ? fail('not a valid date-time') : { ok: true, value: parsed.toISOString() };
}

/** `value` as the XDM type of `field`; undefined/null mean "leave the field out". */
export function convertValue(value: unknown, field: Pick<SchemaField, 'type' | 'format'>): Converted {
  if (value === null || value === undefined) return OMIT;
  switch (field.type) {
    case 'string':
      if (field.format === 'date') return toDateValue(value);
      if (field.format === 'date-time') return toDateTimeValue(value);
      return toStringValue(value);
    case 'number':
      return toNumberValue(value);
    case 'integer':
      return toIntegerValue(value);
    case 'boolean':
      return toBooleanValue(value);
    default:
      return fail(`fields of type ${field.type} cannot be mapped from a table column`);
  }
}
