// The embedded demo database: PostgreSQL compiled to WebAssembly (PGlite), so that flows can be tried without a
// database server. A PostgreSQL (or Greenplum) base connection whose server is `embedded` uses it:
//
//   "connectionSpec": {"id": "74a1c565-4e59-48d7-9d67-7c03b8a13137", "version": "1.0"},
//   "auth": {"specName": "Connection String Based Authentication",
//            "params": {"connectionString": "Server=embedded;Database=demo"}}
//
// Port, user and password are ignored. Each database name (letters, digits, `_`, `-`; `demo` when none is
// given) is its own PGlite instance: kept under `<dataDir>/pglite/<database>` when the emulator has a data dir,
// in memory otherwise; one per name per process, shared by every reader, closed when the last emulator using
// that data dir closes (`holdEmbeddedDatabases`).
//
// On first use it is seeded with a demo CRM, deterministically (values derive from the row number g):
//
//   crm.customers  10,000 rows: id integer primary key (1…10000), full_name text, email text,
//                  birth_date text `YYYY-MM-DD` — except 40 deliberately invalid values: '1985-02-30' where
//                  g % 500 = 0 (20 rows) and 'unknown' where g % 500 = 250 (20 rows) —, phone text,
//                  country text (10 ISO codes), updated_at timestamptz: distinct values spread over the year
//                  before the seeding (the hour it happened), in no particular relation to id.
//   crm.orders     25,000 rows: id integer primary key, customer_id integer (→ crm.customers), amount
//                  numeric(10,2) (5.00…504.99), currency text (USD, EUR, GBP, JPY), ordered_at timestamptz over
//                  the same year, updated_at timestamptz (ordered_at plus up to 47 hours, never after the seeding).
//
// Reads use a `WITH HOLD` cursor fetched `batchSize` rows at a time: no transaction stays open between
// batches, so other readers of the shared instance are never blocked by a slow consumer (the database keeps
// the cursor's result on its side; the JavaScript heap holds one batch).

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { databaseError } from './driver-errors.js';
import { quotePg } from './identifiers.js';
import { loadDriver } from './load.js';
import { describePgTable, listPgTables, PG_OID, parseTimestampUtc, pgTable, type RunQuery } from './pg-catalog.js';
import { type ColumnInfo, type DatabaseReader, DatabaseError, type ReadOptions, type Row, type TableRef } from './reader.js';
import { selectStatement } from './select.js';
import { normaliseRow } from './values.js';

export const EMBEDDED_SERVER = 'embedded';
export const DEFAULT_EMBEDDED_DATABASE = 'demo';
export const DEMO_CUSTOMERS = 10_000;
export const DEMO_ORDERS = 25_000;
/** Customers whose birth_date is not a valid date ('1985-02-30' or 'unknown'). */
export const DEMO_INVALID_BIRTH_DATES = 40;

const FIRST_NAMES = ['Ada', 'Alan', 'Grace', 'Linus', 'Margaret', 'Dennis', 'Barbara', 'Ken', 'Frances', 'Edsger', 'Radia', 'Donald', 'Katherine', 'John', 'Hedy', 'Tim', 'Sophie', 'Guido', 'Anita', 'Bjarne'];
const LAST_NAMES = ['Lovelace', 'Turing', 'Hopper', 'Torvalds', 'Hamilton', 'Ritchie', 'Liskov', 'Thompson', 'Allen', 'Dijkstra', 'Perlman', 'Knuth', 'Johnson', 'McCarthy', 'Lamarr', 'Berners-Lee', 'Wilson', 'van Rossum', 'Borg', 'Stroustrup', 'Kay', 'Wirth', 'Backus', 'Goldberg', 'Codd'];
const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'JP', 'BR', 'IN', 'CA', 'AU', 'ES'];
const CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY'];

const sqlArray = (values: readonly string[]) => `ARRAY[${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')}]`;

// 7919 and 7907 are primes that do not divide the row counts, so `g * p % n` visits every value once:
// distinct timestamps in an order unrelated to id. 3153 s × 10,000 and 1261 s × 25,000 are just under a year.
const SEED = `
CREATE SCHEMA crm;
CREATE TABLE crm.customers (
  id integer PRIMARY KEY,
  full_name text NOT NULL,
  email text,
  birth_date text,
  phone text,
  country text,
  updated_at timestamptz NOT NULL
);
CREATE TABLE crm.orders (
  id integer PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES crm.customers (id),
  amount numeric(10,2) NOT NULL,
  currency text NOT NULL,
  ordered_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE TEMPORARY TABLE seed_anchor AS SELECT date_trunc('hour', now()) AS at;
INSERT INTO crm.customers
SELECT g,
       first || ' ' || last,
       lower(first) || '.' || lower(replace(replace(last, ' ', ''), '-', '')) || g || '@example.com',
       CASE WHEN g % 500 = 0 THEN '1985-02-30'
            WHEN g % 500 = 250 THEN 'unknown'
            ELSE to_char(date '1940-01-01' + (g * 7919 % 23000), 'YYYY-MM-DD') END,
       '+1-555-' || lpad((g * 37 % 10000)::text, 4, '0'),
       (${sqlArray(COUNTRIES)})[1 + g % ${COUNTRIES.length}],
       (SELECT at FROM seed_anchor) - (g * 7919 % ${DEMO_CUSTOMERS}) * interval '3153 seconds'
FROM generate_series(1, ${DEMO_CUSTOMERS}) AS g,
     LATERAL (SELECT (${sqlArray(FIRST_NAMES)})[1 + g % ${FIRST_NAMES.length}] AS first,
                     (${sqlArray(LAST_NAMES)})[1 + (g * 7) % ${LAST_NAMES.length}] AS last) AS names;
INSERT INTO crm.orders
SELECT g,
       1 + (g * 31) % ${DEMO_CUSTOMERS},
       5 + (g * 1237 % 50000) / 100.0,
       (${sqlArray(CURRENCIES)})[1 + g % ${CURRENCIES.length}],
       ordered_at,
       ordered_at + (g % 48) * interval '1 hour'
FROM generate_series(1, ${DEMO_ORDERS}) AS g,
     LATERAL (SELECT (SELECT at FROM seed_anchor) - interval '2 days' - (g * 7907 % ${DEMO_ORDERS}) * interval '1261 seconds' AS ordered_at) AS o;
CREATE INDEX customers_updated_at ON crm.customers (updated_at);
CREATE INDEX orders_updated_at ON crm.orders (updated_at);
CREATE INDEX orders_customer_id ON crm.orders (customer_id);
DROP TABLE seed_anchor;
`;

const identity = (value: string) => value;
/** The same values as the pg reader's: int8, numeric, date and json as text, `timestamp` as UTC. */
const PARSERS = {
  [PG_OID.int8]: identity,
  [PG_OID.numeric]: identity,
  [PG_OID.date]: identity,
  [PG_OID.json]: identity,
  [PG_OID.jsonb]: identity,
  [PG_OID.interval]: identity,
  [PG_OID.timestamp]: parseTimestampUtc,
};

interface Instance {
  dataDir: string | undefined;
  db: Promise<PGlite>;
}

const instances = new Map<string, Instance>();
const holders = new Map<string, number>();
const dirKey = (dataDir: string | undefined) => dataDir ?? '';

export function checkEmbeddedDatabaseName(name: string | undefined): string {
  const database = name ?? DEFAULT_EMBEDDED_DATABASE;
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(database)) {
    throw new DatabaseError(`the embedded database name ${JSON.stringify(database)} must be 1 to 63 letters, digits, _ or -`, 'INVALID_CONNECTION_STRING');
  }
  return database;
}

async function openInstance(database: string, dataDir: string | undefined): Promise<PGlite> {
  const { PGlite } = await loadDriver<typeof import('@electric-sql/pglite')>('@electric-sql/pglite');
  let directory: string | undefined;
  if (dataDir !== undefined) {
    directory = join(dataDir, 'pglite', database);
    await mkdir(join(dataDir, 'pglite'), { recursive: true });
  }
  const db = await PGlite.create({ ...(directory !== undefined && { dataDir: directory }), parsers: PARSERS });
  try {
    const { rows } = await db.query<{ seeded: boolean }>("SELECT to_regclass('crm.customers') IS NOT NULL AS seeded");
    if (!rows[0]?.seeded) await db.transaction(async (tx) => void (await tx.exec(SEED)));
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  return db;
}

/** The shared instance for `database`, opened (and seeded) on first use. */
export function embeddedDatabase(database: string, dataDir: string | undefined): Promise<PGlite> {
  const key = `${dirKey(dataDir)}\0${database}`;
  let instance = instances.get(key);
  if (!instance) {
    const db = openInstance(database, dataDir);
    instance = { dataDir, db };
    instances.set(key, instance);
    // A failed open is forgotten, so that the next use tries again.
    db.catch(() => {
      if (instances.get(key)?.db === db) instances.delete(key);
    });
  }
  return instance.db;
}

/** Closes the embedded databases of `dataDir` (all of them when `'all'`). */
export async function closeEmbeddedDatabases(dataDir: string | undefined | 'all'): Promise<void> {
  const closing: Promise<unknown>[] = [];
  for (const [key, instance] of instances) {
    if (dataDir !== 'all' && dirKey(instance.dataDir) !== dirKey(dataDir)) continue;
    instances.delete(key);
    closing.push(instance.db.then((db) => db.close()).catch(() => {}));
  }
  await Promise.all(closing);
}

/**
 * Marks `dataDir`'s embedded databases as in use (by one emulator); the returned function releases that hold
 * and, once no holder is left, closes them.
 */
export function holdEmbeddedDatabases(dataDir: string | undefined): () => Promise<void> {
  const key = dirKey(dataDir);
  holders.set(key, (holders.get(key) ?? 0) + 1);
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    const left = (holders.get(key) ?? 1) - 1;
    if (left > 0) {
      holders.set(key, left);
      return;
    }
    holders.delete(key);
    await closeEmbeddedDatabases(dataDir);
  };
}

let cursors = 0;

export class PgliteReader implements DatabaseReader {
  readonly #database: string;
  readonly #dataDir: string | undefined;

  constructor(database: string | undefined, dataDir: string | undefined) {
    this.#database = checkEmbeddedDatabaseName(database);
    this.#dataDir = dataDir;
  }

  async #db(): Promise<PGlite> {
    try {
      return await embeddedDatabase(this.#database, this.#dataDir);
    } catch (error) {
      throw databaseError(error, []);
    }
  }

  async #run<T>(fn: (run: RunQuery) => Promise<T>): Promise<T> {
    const db = await this.#db();
    try {
      return await fn(async (sql, params) => (await db.query<Record<string, unknown>>(sql, params)).rows);
    } catch (error) {
      throw databaseError(error, []);
    }
  }

  async test(): Promise<void> {
    await this.#run((run) => run('SELECT 1'));
  }

  listTables(): Promise<TableRef[]> {
    return this.#run(listPgTables);
  }

  describeTable(path: string): Promise<ColumnInfo[]> {
    return this.#run((run) => describePgTable(run, path));
  }

  async *readRows(path: string, options: ReadOptions): AsyncIterable<Row[]> {
    const { schema, table } = pgTable(path);
    const described = await this.describeTable(path);
    const statement = selectStatement(path, described, options, { from: `${quotePg(schema)}.${quotePg(table)}`, quote: quotePg, placeholder: (i) => `$${i}` });
    const db = await this.#db();
    const cursor = `flowctl_read_${++cursors}`;
    try {
      await db.query(`DECLARE ${cursor} NO SCROLL CURSOR WITH HOLD FOR ${statement.sql}`, statement.params);
    } catch (error) {
      throw databaseError(error, []);
    }
    try {
      for (;;) {
        let rows: Record<string, unknown>[];
        try {
          rows = (await db.query<Record<string, unknown>>(`FETCH FORWARD ${options.batchSize} FROM ${cursor}`)).rows;
        } catch (error) {
          throw databaseError(error, []);
        }
        if (rows.length === 0) break;
        yield rows.map(normaliseRow);
        if (rows.length < options.batchSize) break;
      }
    } finally {
      if (!db.closed) await db.query(`CLOSE ${cursor}`).catch(() => {});
    }
  }

  /** The instance is shared: closing a reader leaves it open. */
  async close(): Promise<void> {}
}
