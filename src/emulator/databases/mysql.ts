// MySQL and MariaDB through `mysql2`: a small pool per reader, opened on first use; rows streamed with
// `query(...).stream()`, whose backpressure pauses the socket while a batch is being consumed, so memory stays
// bounded whatever the table's size. The "schema" of a `schema.table` path is the database.
//
// Values: sessions run in UTC (`time_zone = '+00:00'`) and mysql2 reads DATETIME/TIMESTAMP as UTC (`timezone:
// 'Z'`); DATE stays `YYYY-MM-DD` text; BIGINT and DECIMAL come as strings; JSON as its text; `tinyint(1)` and
// `bit(1)` as booleans.

import type { Pool, PoolConnection, TypeCast } from 'mysql2';
import { columnInfo, mysqlKind } from './column-types.js';
import { parseTablePath, quoteMysql } from './identifiers.js';
import { interop, loadDriver } from './load.js';
import { PooledReader } from './pooled-reader.js';
import { type ColumnInfo, type DatabaseReader, DatabaseError, type ReadOptions, type Row, type TableRef } from './reader.js';
import { selectStatement } from './select.js';
import { normaliseRow } from './values.js';

type MysqlModule = typeof import('mysql2');

const SYSTEM_SCHEMAS = ['mysql', 'information_schema', 'performance_schema', 'sys'];

const typeCast: TypeCast = (field, next) => {
  if (field.type === 'TINY' && field.length === 1) {
    const text = field.string();
    return text === null ? null : text !== '0';
  }
  if (field.type === 'BIT' && field.length === 1) {
    const bits = field.buffer();
    return bits === null ? null : bits[0] === 1;
  }
  return next();
};

export class MysqlReader extends PooledReader<Pool> implements DatabaseReader {
  protected openPool(): Promise<Pool> {
    return loadDriver<MysqlModule | { default: MysqlModule }>('mysql2').then((module) => {
      const mysql = interop<MysqlModule>(module);
      const { host, port, database, user, password } = this.settings;
      const pool = mysql.createPool({
        host,
        port,
        user,
        password,
        ...(database !== undefined && { database }),
        connectionLimit: 4,
        connectTimeout: 10_000,
        timezone: 'Z',
        dateStrings: ['DATE'],
        supportBigNumbers: true,
        bigNumberStrings: true,
        jsonStrings: true,
        typeCast,
      });
      // Queued before any query of the new connection. A consumer may take its time over a batch while the
      // server waits to send the next: allow an hour rather than the default minute.
      pool.on('connection', (connection) => connection.query("SET time_zone = '+00:00', net_write_timeout = 3600", () => {}));
      return pool;
    });
  }

  async #connect(): Promise<PoolConnection> {
    try {
      const pool = await this.pool();
      return await new Promise<PoolConnection>((resolve, reject) => pool.getConnection((error, connection) => (error ? reject(error) : resolve(connection))));
    } catch (error) {
      throw this.error(error);
    }
  }

  async #query(sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    const connection = await this.#connect();
    try {
      return await new Promise<Record<string, unknown>[]>((resolve, reject) =>
        connection.query(sql, params, (error, rows) => (error ? reject(error) : resolve(rows as Record<string, unknown>[]))),
      );
    } catch (error) {
      throw this.error(error);
    } finally {
      connection.release();
    }
  }

  async test(): Promise<void> {
    await this.#query('SELECT 1');
  }

  async listTables(): Promise<TableRef[]> {
    const inDatabase = this.settings.database !== undefined;
    const rows = await this.#query(
      `SELECT TABLE_SCHEMA AS \`schema\`, TABLE_NAME AS \`table\` FROM information_schema.TABLES
       WHERE ${inDatabase ? 'TABLE_SCHEMA = DATABASE()' : 'TABLE_SCHEMA NOT IN (?, ?, ?, ?)'} AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED', 'VIEW')
       ORDER BY 1, 2`,
      inDatabase ? [] : SYSTEM_SCHEMAS,
    );
    return rows.map((r) => {
      const schema = String(r['schema']);
      const table = String(r['table']);
      return { path: `${schema}.${table}`, schema, table };
    });
  }

  #table(path: string): { schema: string; table: string } {
    return parseTablePath(path, this.settings.database);
  }

  async describeTable(path: string): Promise<ColumnInfo[]> {
    const { schema, table } = this.#table(path);
    const rows = await this.#query(
      `SELECT COLUMN_NAME AS name, DATA_TYPE AS dataType, COLUMN_TYPE AS columnType FROM information_schema.COLUMNS
       WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
      [schema, table],
    );
    if (rows.length === 0) throw new DatabaseError(`the table ${schema}.${table} does not exist`, 'TABLE_NOT_FOUND');
    return rows.map((r) => columnInfo(String(r['name']), mysqlKind(String(r['dataType']), String(r['columnType'])), String(r['columnType'])));
  }

  async *readRows(path: string, options: ReadOptions): AsyncIterable<Row[]> {
    const { schema, table } = this.#table(path);
    const described = await this.describeTable(path);
    const statement = selectStatement(path, described, options, {
      from: `${quoteMysql(schema)}.${quoteMysql(table)}`,
      quote: quoteMysql,
      placeholder: () => '?',
      // `2024-03-01 00:00:02.000`: the session's time zone is UTC, and MySQL reads no `Z` in a datetime.
      date: (value) => value.toISOString().replace('T', ' ').replace('Z', ''),
    });
    const connection = await this.#connect();
    const stream = connection.query(statement.sql, statement.params).stream({ highWaterMark: options.batchSize });
    let finished = false;
    try {
      let batch: Row[] = [];
      try {
        for await (const row of stream) {
          batch.push(normaliseRow(row as Record<string, unknown>));
          if (batch.length >= options.batchSize) {
            yield batch;
            batch = [];
          }
        }
      } catch (error) {
        throw this.error(error);
      }
      if (batch.length > 0) yield batch;
      finished = true;
    } finally {
      // A result left half-read occupies the connection: drop it instead of returning it to the pool.
      if (finished) connection.release();
      else {
        stream.destroy();
        connection.destroy();
      }
    }
  }

  protected endPool(pool: Pool): Promise<void> {
    return new Promise<void>((resolve) => pool.end(() => resolve()));
  }
}
