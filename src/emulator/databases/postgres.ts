// PostgreSQL and Greenplum through `pg`: a small pool per reader, opened on first use; rows streamed with
// `pg-cursor` (a portal fetched `batchSize` rows at a time, so memory stays bounded whatever the table's size).
// Values are parsed per client (`types` option, never pg's global parsers): booleans, int2/int4, floats and
// timestamptz as JavaScript values, `timestamp` as UTC, and everything else — int8, numeric, date, json,
// arrays, … — as the database's text.

import type { CustomTypesConfig, Pool, PoolClient } from 'pg';
import type CursorType from 'pg-cursor';
import { quotePg } from './identifiers.js';
import { interop, loadDriver } from './load.js';
import { describePgTable, listPgTables, PG_OID, parseTimestampUtc, pgTable } from './pg-catalog.js';
import { PooledReader } from './pooled-reader.js';
import type { ColumnInfo, DatabaseReader, ReadOptions, Row, TableRef } from './reader.js';
import { selectStatement } from './select.js';
import { normaliseRow } from './values.js';

type PgModule = typeof import('pg');

const PARSED = new Set<number>([PG_OID.bool, PG_OID.int2, PG_OID.int4, PG_OID.oid, PG_OID.float4, PG_OID.float8, PG_OID.timestamptz]);

function typesFor(pg: PgModule): CustomTypesConfig {
  const getTypeParser = (oid: number, format?: string): ((value: string) => unknown) => {
    if (format === 'binary') return pg.types.getTypeParser(oid, 'binary') as (value: string) => unknown;
    if (oid === PG_OID.timestamp) return parseTimestampUtc;
    if (PARSED.has(oid)) return pg.types.getTypeParser(oid, 'text');
    return (value: string) => value;
  };
  return { getTypeParser } as CustomTypesConfig;
}

export class PostgresReader extends PooledReader<Pool> implements DatabaseReader {
  protected openPool(): Promise<Pool> {
    return loadDriver<PgModule | { default: PgModule }>('pg').then((module) => {
      const pg = interop<PgModule>(module);
      const { host, port, database, user, password } = this.settings;
      const pool = new pg.Pool({
        host,
        port,
        user,
        password,
        ...(database !== undefined && { database }),
        types: typesFor(pg),
        max: 4,
        connectionTimeoutMillis: 10_000,
        idleTimeoutMillis: 10_000,
        application_name: 'flowctl-emulator',
      });
      // An idle client whose server went away must not bring the emulator down; the next use reports it.
      pool.on('error', () => {});
      return pool;
    });
  }

  async #connect(): Promise<PoolClient> {
    try {
      return await (await this.pool()).connect();
    } catch (error) {
      throw this.error(error);
    }
  }

  async #withClient<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.#connect();
    let failed = false;
    try {
      return await fn(client);
    } catch (error) {
      failed = true;
      throw this.error(error);
    } finally {
      client.release(failed);
    }
  }

  async test(): Promise<void> {
    await this.#withClient((client) => client.query('SELECT 1'));
  }

  listTables(): Promise<TableRef[]> {
    return this.#withClient((client) => listPgTables(async (sql, params) => (await client.query(sql, params)).rows));
  }

  describeTable(path: string): Promise<ColumnInfo[]> {
    return this.#withClient((client) => describePgTable(async (sql, params) => (await client.query(sql, params)).rows, path));
  }

  async *readRows(path: string, options: ReadOptions): AsyncIterable<Row[]> {
    const { schema, table } = pgTable(path);
    const described = await this.describeTable(path);
    const statement = selectStatement(path, described, options, { from: `${quotePg(schema)}.${quotePg(table)}`, quote: quotePg, placeholder: (i) => `$${i}` });
    const Cursor = interop<typeof CursorType>(await loadDriver<typeof CursorType | { default: typeof CursorType }>('pg-cursor'));
    const client = await this.#connect();
    const cursor = client.query(new Cursor<Record<string, unknown>>(statement.sql, statement.params));
    let failed = false;
    try {
      for (;;) {
        let rows: Record<string, unknown>[];
        try {
          rows = await cursor.read(options.batchSize);
        } catch (error) {
          failed = true;
          throw this.error(error);
        }
        if (rows.length === 0) break;
        yield rows.map(normaliseRow);
        if (rows.length < options.batchSize) break;
      }
    } finally {
      // After an error the connection's state is unknown: drop it rather than wait on the portal.
      if (!failed) await cursor.close().catch(() => (failed = true));
      client.release(failed);
    }
  }

  protected endPool(pool: Pool): Promise<void> {
    return pool.end();
  }
}
