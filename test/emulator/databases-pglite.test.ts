// The embedded demo database (PGlite): its seed, the reader's types, order, bounds and batches, persistence
// under a data dir, and a 50,000-row streaming read.

import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReader } from '../../src/emulator/databases/open.js';
import {
  closeEmbeddedDatabases,
  DEMO_CUSTOMERS,
  DEMO_INVALID_BIRTH_DATES,
  DEMO_ORDERS,
  embeddedDatabase,
  holdEmbeddedDatabases,
} from '../../src/emulator/databases/pglite.js';
import { DatabaseError, type DatabaseReader, type Row } from '../../src/emulator/databases/reader.js';
import { heapMb, POSTGRES_SPEC } from '../helpers/databases.js';

const open = (connectionString: string, dataDir?: string) =>
  openReader(POSTGRES_SPEC, { specName: 'Connection String Based Authentication', params: { connectionString } }, { dataDir });

async function readAll(reader: DatabaseReader, path: string, deltaColumn: string, batchSize = 2000): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const batch of reader.readRows(path, { deltaColumn, batchSize })) rows.push(...batch);
  return rows;
}

const isValidDate = (text: unknown) => {
  if (typeof text !== 'string' || !/^\d{4}-\d\d-\d\d$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
};

describe('embedded demo database (PGlite)', () => {
  let release: () => Promise<void>;
  let reader: DatabaseReader;

  beforeAll(async () => {
    release = holdEmbeddedDatabases(undefined);
    reader = open('Server=embedded;Database=demo');
    await reader.test();
  }, 60_000);

  afterAll(async () => {
    await reader?.close();
    await release?.();
  });

  it('is seeded with the demo CRM', async () => {
    expect(await reader.listTables()).toEqual([
      { path: 'crm.customers', schema: 'crm', table: 'customers' },
      { path: 'crm.orders', schema: 'crm', table: 'orders' },
    ]);
    const customers = await readAll(reader, 'crm.customers', 'updated_at');
    expect(customers.length).toBeGreaterThanOrEqual(10_000);
    expect(customers.length).toBe(DEMO_CUSTOMERS);
    const invalid = customers.filter((c) => !isValidDate(c['birth_date']));
    expect(invalid.length).toBe(DEMO_INVALID_BIRTH_DATES);
    expect(invalid.filter((c) => c['birth_date'] === '1985-02-30')).toHaveLength(20);
    expect(invalid.filter((c) => c['birth_date'] === 'unknown')).toHaveLength(20);
    expect(invalid.every((c) => Number(c['id']) % 250 === 0)).toBe(true);

    // updated_at: distinct, over the past year, ascending as read.
    const times = customers.map((c) => (c['updated_at'] as Date).getTime());
    expect(new Set(times).size).toBe(times.length);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const yearAgo = Date.now() - 366 * 86_400_000;
    expect(Math.min(...times)).toBeGreaterThan(yearAgo);
    expect(Math.max(...times)).toBeLessThanOrEqual(Date.now());
    expect(new Set(customers.map((c) => c['id'])).size).toBe(DEMO_CUSTOMERS);
    expect(customers.find((c) => c['id'] === 1)).toMatchObject({ id: 1, full_name: expect.any(String), email: expect.stringMatching(/@example\.com$/), country: expect.any(String) });

    const orders = await readAll(reader, 'crm.orders', 'id', 5000);
    expect(orders).toHaveLength(DEMO_ORDERS);
    expect(orders[0]).toEqual({
      id: 1,
      customer_id: 32,
      amount: '17.37',
      currency: 'EUR',
      ordered_at: expect.any(Date),
      updated_at: expect.any(Date),
    });
    expect(orders.every((o) => (o['updated_at'] as Date) >= (o['ordered_at'] as Date) && (o['updated_at'] as Date).getTime() <= Date.now())).toBe(true);
  });

  it('describes the demo tables', async () => {
    expect(await reader.describeTable('crm.orders')).toEqual([
      { name: 'id', type: 'long', xdm: { type: 'integer' }, dbType: 'integer' },
      { name: 'customer_id', type: 'long', xdm: { type: 'integer' }, dbType: 'integer' },
      { name: 'amount', type: 'double', xdm: { type: 'number' }, dbType: 'numeric(10,2)' },
      { name: 'currency', type: 'string', xdm: { type: 'string' }, dbType: 'text' },
      { name: 'ordered_at', type: 'string', 'meta:xdmType': 'date-time', xdm: { type: 'string', format: 'date-time' }, dbType: 'timestamp with time zone' },
      { name: 'updated_at', type: 'string', 'meta:xdmType': 'date-time', xdm: { type: 'string', format: 'date-time' }, dbType: 'timestamp with time zone' },
    ]);
    expect((await reader.describeTable('crm.customers')).find((c) => c.name === 'birth_date')).toMatchObject({ type: 'string', dbType: 'text' });
    await expect(reader.describeTable('crm.nope')).rejects.toThrow('the table crm.nope does not exist');
  });

  it('reads in ascending delta order, with bounds, in batches, and stops early', async () => {
    const all = await readAll(reader, 'crm.customers', 'updated_at');
    const after = all[99]?.['updated_at'] as Date;
    const until = all[349]?.['updated_at'] as Date;
    const batches: Row[][] = [];
    for await (const batch of reader.readRows('crm.customers', { deltaColumn: 'updated_at', after, until, batchSize: 100, columns: ['id', 'updated_at'] })) batches.push(batch);
    expect(batches.map((b) => b.length)).toEqual([100, 100, 50]);
    expect(batches.flat().map((r) => r['id'])).toEqual(all.slice(100, 350).map((r) => r['id']));
    expect(Object.keys(batches[0]?.[0] ?? {})).toEqual(['id', 'updated_at']);

    const ids: unknown[] = [];
    for await (const batch of reader.readRows('crm.orders', { deltaColumn: 'id', after: 10, until: 13, batchSize: 10 })) ids.push(...batch.map((r) => r['id']));
    expect(ids).toEqual([11, 12, 13]);

    // Abandoned reads close their cursors; other readers of the shared instance are never blocked.
    const other = open('Server=EMBEDDED;Database=demo;Port=5432;UID=ignored;Password=ignored');
    for (let i = 0; i < 3; i++) {
      for await (const batch of reader.readRows('crm.customers', { deltaColumn: 'id', batchSize: 5 })) {
        expect(await other.describeTable('crm.orders')).toHaveLength(6);
        expect(batch).toHaveLength(5);
        break;
      }
    }
    const db = await embeddedDatabase('demo', undefined);
    expect((await db.query("SELECT count(*)::int AS n FROM pg_cursors WHERE name LIKE 'flowctl_read_%'")).rows).toEqual([{ n: 0 }]);
  });

  it('refuses bad embedded database names', () => {
    expect(() => open('Server=embedded;Database=../etc')).toThrow(DatabaseError);
    expect(() => open('Server=embedded;Database=../etc')).toThrow(/embedded database name "..\/etc"/);
  });

  describe('in a database of its own', () => {
    const name = `types_${process.pid}`;
    let own: DatabaseReader;

    beforeAll(async () => {
      const db = await embeddedDatabase(name, undefined);
      await db.exec(`
        CREATE TABLE public.all_types (
          id integer PRIMARY KEY, note text, doc jsonb, tags text[], bin bytea,
          big bigint, price numeric(10,2), ratio double precision, active boolean, birth date, created timestamp(3), stamped timestamptz);
        INSERT INTO public.all_types VALUES
          (1, 'x', '{"a": 1}', '{x,y}', '\\x0102', 9007199254740993, 12.34, 0.5, true, '2020-02-29', '2024-01-02 03:04:05.678', '2024-06-07 10:09:10.123+02'),
          (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
        CREATE TABLE public.big (id integer PRIMARY KEY, updated_at timestamptz NOT NULL, filler text NOT NULL);
        INSERT INTO public.big SELECT g, timestamptz '2024-01-01Z' + g * interval '1 second', repeat(chr(65 + g % 26), 2000) FROM generate_series(1, 50000) g;
      `);
      own = open(`Server=embedded;Database=${name}`);
    }, 60_000);

    afterAll(async () => {
      await own?.close();
    });

    it('types and normalises values like the pg reader', async () => {
      const columns = await own.describeTable('all_types');
      expect(columns.map((c) => [c.name, c.type, c['meta:xdmType'] ?? null])).toEqual([
        ['id', 'long', null],
        ['note', 'string', null],
        ['doc', 'string', null],
        ['tags', 'string', null],
        ['bin', 'string', null],
        ['big', 'long', null],
        ['price', 'double', null],
        ['ratio', 'double', null],
        ['active', 'boolean', null],
        ['birth', 'string', 'date'],
        ['created', 'string', 'date-time'],
        ['stamped', 'string', 'date-time'],
      ]);
      const rows = await readAll(own, 'public.all_types', 'id');
      expect(rows[0]).toEqual({
        id: 1,
        note: 'x',
        doc: '{"a": 1}',
        tags: '["x","y"]',
        bin: Buffer.from([1, 2]).toString('base64'),
        big: '9007199254740993',
        price: '12.34',
        ratio: 0.5,
        active: true,
        birth: '2020-02-29',
        created: new Date('2024-01-02T03:04:05.678Z'),
        stamped: new Date('2024-06-07T08:09:10.123Z'),
      });
      expect(Object.values(rows[1] as Row).slice(1).every((v) => v === null)).toBe(true);
    });

    it('streams 50,000 rows with bounded memory', async () => {
      const before = heapMb();
      let peak = before;
      let count = 0;
      let last = 0;
      const started = performance.now();
      for await (const batch of own.readRows('public.big', { deltaColumn: 'updated_at', batchSize: 1000 })) {
        expect(batch.length).toBeLessThanOrEqual(1000);
        for (const row of batch) {
          const t = (row['updated_at'] as Date).getTime();
          expect(t).toBeGreaterThan(last);
          last = t;
        }
        count += batch.length;
        peak = Math.max(peak, heapMb());
      }
      const seconds = (performance.now() - started) / 1000;
      console.info(`PGlite: 50,000 rows × 2 KB in ${seconds.toFixed(2)} s = ${Math.round(count / seconds)} rows/s; heap ${before.toFixed(0)} → peak ${peak.toFixed(0)} MB`);
      expect(count).toBe(50_000);
      expect(peak - before).toBeLessThan(64);
    }, 120_000);
  });

  describe('under a data dir', () => {
    let dir: string;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'flowctl-pglite-'));
    });

    afterAll(async () => {
      await closeEmbeddedDatabases(dir);
      await rm(dir, { recursive: true, force: true });
    });

    it('keeps the database under <dataDir>/pglite/<database>, seeded once', async () => {
      const first = open('Server=embedded;Database=kept', dir);
      const firstRows = await readAll(first, 'crm.customers', 'id', 5000);
      expect(firstRows).toHaveLength(DEMO_CUSTOMERS);
      expect(existsSync(join(dir, 'pglite', 'kept'))).toBe(true);
      await (await embeddedDatabase('kept', dir)).exec('CREATE TABLE crm.marker (x integer)');
      await closeEmbeddedDatabases(dir);

      const again = open('Server=embedded;Database=kept', dir);
      expect((await again.listTables()).map((t) => t.path)).toEqual(['crm.customers', 'crm.marker', 'crm.orders']);
      expect(await readAll(again, 'crm.customers', 'id', 5000)).toEqual(firstRows);
      await closeEmbeddedDatabases(dir);
    }, 60_000);
  });
});
