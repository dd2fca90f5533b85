// The one query a read runs, for every driver: the table's columns (or the chosen ones) with the delta column's
// bounds bound as parameters, in ascending order of the delta column. Names come from describeTable, so a
// read of an unknown table or column fails before any SQL is sent, and the SQL only holds checked, quoted names.

import { checkColumnName } from './identifiers.js';
import { type ColumnInfo, DatabaseError, type ReadOptions } from './reader.js';
import { deltaParameter } from './values.js';

export interface SelectStatement {
  sql: string;
  params: (number | string)[];
  columns: ColumnInfo[];
}

export interface SelectDialect {
  /** The table's quoted `schema.table`. */
  from: string;
  quote(name: string): string;
  /** `$1` for PostgreSQL, `?` for MySQL. */
  placeholder(index: number): string;
  /** A Date bound as the database reads it best (default: ISO 8601 in UTC). */
  date?(value: Date): string;
}

export function checkBatchSize(batchSize: number): number {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new DatabaseError(`batchSize must be a positive integer, not ${String(batchSize)}`, 'INVALID_OPTION');
  return batchSize;
}

export function selectStatement(path: string, described: readonly ColumnInfo[], options: ReadOptions, dialect: SelectDialect): SelectStatement {
  checkBatchSize(options.batchSize);
  const byName = new Map(described.map((c) => [c.name, c]));
  const find = (name: string, role: string): ColumnInfo => {
    const column = byName.get(checkColumnName(name));
    if (!column) throw new DatabaseError(`the ${role} ${name} is not a column of ${path}`, 'COLUMN_NOT_FOUND');
    return column;
  };
  const delta = find(options.deltaColumn, 'delta column');
  const columns = options.columns ? options.columns.map((name) => find(name, 'column')) : [...described];
  const params: (number | string)[] = [];
  const where: string[] = [];
  if (options.after !== undefined) {
    params.push(options.after instanceof Date && dialect.date ? dialect.date(options.after) : deltaParameter(options.after));
    where.push(`${dialect.quote(delta.name)} > ${dialect.placeholder(params.length)}`);
  }
  if (options.until !== undefined) {
    params.push(options.until instanceof Date && dialect.date ? dialect.date(options.until) : deltaParameter(options.until));
    where.push(`${dialect.quote(delta.name)} <= ${dialect.placeholder(params.length)}`);
  }
  const sql =
    `SELECT ${columns.map((c) => dialect.quote(c.name)).join(', ')} FROM ${dialect.from}` +
    (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
    ` ORDER BY ${dialect.quote(delta.name)}`;
  return { sql, params, columns };
}
