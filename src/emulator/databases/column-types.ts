// The Platform's column types (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/explore/tabular), from each database's type names. Text, and anything
// without a closer match, is a string; integers are `long`; floating-point and decimal numbers `double`;
// dates and timestamps strings with `meta:xdmType` `date` / `date-time`.

import type { ColumnInfo } from './reader.js';

export type ColumnKind = 'string' | 'long' | 'double' | 'boolean' | 'date' | 'date-time';

export function columnInfo(name: string, kind: ColumnKind, dbType: string): ColumnInfo {
  switch (kind) {
    case 'long':
      return { name, type: 'long', xdm: { type: 'integer' }, dbType };
    case 'double':
      return { name, type: 'double', xdm: { type: 'number' }, dbType };
    case 'boolean':
      return { name, type: 'boolean', xdm: { type: 'boolean' }, dbType };
    case 'date':
    case 'date-time':
      return { name, type: 'string', 'meta:xdmType': kind, xdm: { type: 'string', format: kind }, dbType };
    case 'string':
      return { name, type: 'string', xdm: { type: 'string' }, dbType };
  }
}

/** A MySQL/MariaDB column from information_schema's DATA_TYPE and COLUMN_TYPE (`tinyint(1)` is a boolean). */
export function mysqlKind(dataType: string, columnType: string): ColumnKind {
  const data = dataType.toLowerCase();
  const full = columnType.toLowerCase();
  if (/^(tinyint|bit)\(1\)/.test(full) || data === 'bool' || data === 'boolean') return 'boolean';
  if (['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint', 'year'].includes(data)) return 'long';
  if (['float', 'double', 'double precision', 'real', 'decimal', 'numeric', 'dec', 'fixed'].includes(data)) return 'double';
  if (data === 'date') return 'date';
  if (data === 'datetime' || data === 'timestamp') return 'date-time';
  return 'string';
}

/** A PostgreSQL/Greenplum column from `format_type()` (`numeric(10,2)`, `timestamp(3) with time zone`, `integer[]`). */
export function postgresKind(formatted: string): ColumnKind {
  const type = formatted.toLowerCase().replace(/\(.*?\)/g, '').replace(/\s+/g, ' ').trim();
  if (type.endsWith('[]')) return 'string';
  if (['smallint', 'integer', 'bigint', 'int2', 'int4', 'int8'].includes(type)) return 'long';
  if (['real', 'double precision', 'numeric', 'decimal', 'float4', 'float8'].includes(type)) return 'double';
  if (type === 'boolean' || type === 'bool') return 'boolean';
  if (type === 'date') return 'date';
  if (type === 'timestamp without time zone' || type === 'timestamp with time zone' || type === 'timestamp' || type === 'timestamptz') return 'date-time';
  return 'string';
}

/** The column as explore shows it: without the database's own type name. */
export function publicColumn(column: ColumnInfo): Omit<ColumnInfo, 'dbType'> {
  const { dbType: _dbType, ...shown } = column;
  return shown;
}
