// Tables and columns of a PostgreSQL-family database (PostgreSQL, Greenplum, PGlite), from its catalogs, with
// whatever runs the SQL: a pg client or the embedded PGlite instance.

import { columnInfo, postgresKind } from './column-types.js';
import { parseTablePath } from './identifiers.js';
import { type ColumnInfo, DatabaseError, type TableRef } from './reader.js';

export type RunQuery = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

// The system's schemas (PostgreSQL's own, Greenplum's toolkit, pg_toast and pg_temp_*) are never listed.
const LIST_TABLES = `SELECT table_schema AS "schema", table_name AS "table" FROM information_schema.tables
  WHERE table_schema NOT IN ('pg_catalog', 'information_schema', 'gp_toolkit') AND table_schema NOT LIKE 'pg\\_%' AND table_type IN ('BASE TABLE', 'VIEW')
  ORDER BY 1, 2`;

const DESCRIBE = `SELECT a.attname AS "name", format_type(a.atttypid, a.atttypmod) AS "type"
  FROM pg_catalog.pg_attribute a
  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'v', 'm', 'p', 'f') AND a.attnum > 0 AND NOT a.attisdropped
  ORDER BY a.attnum`;

export async function listPgTables(run: RunQuery): Promise<TableRef[]> {
  const rows = await run(LIST_TABLES);
  return rows.map((r) => {
    const schema = String(r['schema']);
    const table = String(r['table']);
    return { path: `${schema}.${table}`, schema, table };
  });
}

/** The schema and table a path names (`public` when it names no schema). */
export const pgTable = (path: string): { schema: string; table: string } => parseTablePath(path, 'public');

export async function describePgTable(run: RunQuery, path: string): Promise<ColumnInfo[]> {
  const { schema, table } = pgTable(path);
  const rows = await run(DESCRIBE, [schema, table]);
  if (rows.length === 0) throw new DatabaseError(`the table ${schema}.${table} does not exist`, 'TABLE_NOT_FOUND');
  return rows.map((r) => {
    const type = String(r['type']);
    return columnInfo(String(r['name']), postgresKind(type), type);
  });
}

/** `timestamp without time zone` text read as UTC (pg would read it in the process's time zone). */
/** Digits at [from, to) as a number, or NaN. */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    n = n * 10 + d;
  }
  return n;
}

/** `YYYY-MM-DD HH:MM:SS[.fff]` read digit by digit (no string building, no date-string parsing). */
function fastTimestamp(text: string): Date | undefined {
  if (text.charCodeAt(7) !== 45 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  const fraction = text.length > 19 ? (text.charCodeAt(19) === 46 ? digits(text, 20, text.length) * 10 ** (3 - (text.length - 20)) : Number.NaN) : 0;
  const ms = Date.UTC(digits(text, 0, 4), digits(text, 5, 7) - 1, digits(text, 8, 10), digits(text, 11, 13), digits(text, 14, 16), digits(text, 17, 19), fraction);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

export function parseTimestampUtc(text: string): Date | string {
  // The common case — four-digit year from 1000, at most millisecond precision — is left to the native ISO
  // parser, which is several times faster than the general path below (this runs once per row and column).
  if (text.length >= 19 && text.length <= 23 && text.charCodeAt(0) >= 49 && text.charCodeAt(4) === 45 && text.charCodeAt(10) === 32) {
    const fast = fastTimestamp(text);
    if (fast !== undefined) return fast;
  }
  const m = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d+))?$/.exec(text);
  if (!m) return text;
  const [, y, mo, d, h, mi, s, fraction] = m;
  const ms = fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms));
  // Years 0–99 would otherwise land in the 20th century.
  date.setUTCFullYear(Number(y));
  return date;
}

/** PostgreSQL type oids the readers care about. */
export const PG_OID = {
  bool: 16,
  int8: 20,
  int2: 21,
  int4: 23,
  oid: 26,
  json: 114,
  float4: 700,
  float8: 701,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
  interval: 1186,
  numeric: 1700,
  jsonb: 3802,
} as const;
