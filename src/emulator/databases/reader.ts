// What the emulator needs from a real database: check it can connect, list its tables, describe a table's
// columns in the Platform's terms, and stream a table's rows in order of a delta column. One implementation per
// driver (mysql2 for MySQL/MariaDB, pg for PostgreSQL/Greenplum, PGlite for the embedded demo database).

/** A column as `GET /connections/{id}/explore?objectType=table` shows it (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/explore/tabular). */
export interface ColumnInfo {
  name: string;
  /** The Platform's column type: string, long, double, boolean, … */
  type: string;
  xdm: { type: string; format?: string };
  /** Set for date and date-time columns, as the Platform does. */
  'meta:xdmType'?: string;
  /** The database's own type name (not shown by the API; used to read values back). */
  dbType: string;
}

export interface TableRef {
  /** `schema.table`: what explore lists as `path` and source connections name as `tableName`. */
  path: string;
  schema: string;
  table: string;
}

/** A bound on the delta column, in a form every driver can bind as a parameter. */
export type DeltaValue = Date | number | string;

export interface ReadOptions {
  deltaColumn: string;
  /** Only rows whose delta is greater than this (the high-water mark of the previous run). */
  after?: DeltaValue | undefined;
  /** Only rows whose delta is at most this (the end of the run's window). */
  until?: DeltaValue | undefined;
  /** Rows per yielded batch; memory stays bounded by it whatever the table's size. */
  batchSize: number;
  /** Only these columns (default: all). */
  columns?: readonly string[] | undefined;
}

/**
 * Values as drivers give them, normalised: timestamps as Date (UTC), dates as `YYYY-MM-DD` strings, big
 * integers and decimals as strings (no precision lost), booleans as booleans, NULL as null.
 */
export type Row = Record<string, unknown>;

export interface DatabaseReader {
  /** Connects and runs a trivial query; throws DatabaseError with the database's own message. */
  test(): Promise<void>;
  listTables(): Promise<TableRef[]>;
  /** Throws DatabaseError when the table does not exist. */
  describeTable(path: string): Promise<ColumnInfo[]>;
  /** Rows in ascending order of the delta column, in batches, with a cursor (never the whole table at once). */
  readRows(path: string, options: ReadOptions): AsyncIterable<Row[]>;
  close(): Promise<void>;
}

/** A failure reported by the database (or the driver), with any password scrubbed from the message. */
export class DatabaseError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'DatabaseError';
  }
}

/** The spec is valid on the Platform but the emulator has no way to reach that kind of database. */
export class UnsupportedDatabaseError extends Error {
  constructor(readonly specName: string) {
    super(`the emulator cannot reach ${specName} databases: it reads MySQL, MariaDB, PostgreSQL and Greenplum (and the embedded demo database)`);
    this.name = 'UnsupportedDatabaseError';
  }
}
