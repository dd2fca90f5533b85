// The pg reader against the real PostgreSQL server (PostgreSQL and Greenplum specs), in a database of its own.
// The server trusts local connections, so a wrong password cannot fail here: an unknown role stands in for
// bad credentials.

import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openReader } from '../../src/emulator/databases/open.js';
import { DatabaseError, type DatabaseReader, type Row } from '../../src/emulator/databases/reader.js';
import { createTestDatabase, databaseServer, describeWith, GREENPLUM_SPEC, heapMb, POSTGRES_SPEC, type TestDatabase } from '../helpers/databases.js';

const server = await databaseServer('postgres');

describeWith(server, 'PostgreSQL reader (pg)', () => {
  let db: TestDatabase;
  let reader: DatabaseReader;
  const open = (connectionString: string, spec = POSTGRES_SPEC) => openReader(spec, { specName: 'Connection String Based Authentication', params: { connectionString } }, { dataDir: undefined });

  beforeAll(async () => {
    db = await createTestDatabase(server);
    await db.exec(
      'CREATE SCHEMA shop',
      `CREATE TABLE shop.all_types (
        id integer PRIMARY KEY, name varchar(50), note text, code char(3), uid uuid, doc jsonb, tags text[], t time, span interval, bin bytea,
        small smallint, big bigint, serial_id bigserial,
        price numeric(10,2), ratio double precision, f real,
        active boolean,
        birth date, created timestamp(3), stamped timestamptz)`,
      `INSERT INTO shop.all_types (id, name, note, code, uid, doc, tags, t, span, bin, small, big, price, ratio, f, active, birth, created, stamped) VALUES
        (1, 'Ada', 'long text', 'abc', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": 1}', '{x,y}', '10:11:12', '1 day', '\\x01020304',
         -12, 9007199254740993, 12.34, 0.5, 1.5, true, '2020-02-29', '2024-01-02 03:04:05.678', '2024-06-07 10:09:10.123+02'),
        (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
      'CREATE TABLE public.events (id integer PRIMARY KEY, updated_at timestamptz NOT NULL, seq integer NOT NULL, label text)',
      // 30 rows, three per second: ties on updated_at.
      "INSERT INTO public.events SELECT g, timestamptz '2024-03-01 00:00:00Z' + (g / 3) * interval '1 second', g / 3, 'e' || g FROM generate_series(1, 30) g",
      'CREATE VIEW public.recent_events AS SELECT id, updated_at FROM public.events WHERE id > 20',
    );
    reader = open(db.connectionString());
  });

  afterAll(async () => {
    await reader?.close();
    await db?.drop();
  });

  it('tests the connection, and reports bad credentials with the database’s message and without the password', async () => {
    await expect(reader.test()).resolves.toBeUndefined();
    const wrong = open(db.connectionString({ user: 'flowctl_nobody', password: 'Sup3r-Secret-pw' }));
    const error = await wrong.test().then(() => undefined, (e: unknown) => e);
    await wrong.close();
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).message).toBe('role "flowctl_nobody" does not exist');
    expect((error as DatabaseError).code).toBe('28000');
    const unknown = open(`Server=${server.address.host};Database=${db.name}_nope;Port=${server.address.port};UID=postgres;Password=Sup3r-Secret-pw`);
    await expect(unknown.test()).rejects.toThrow(`database "${db.name}_nope" does not exist`);
    await unknown.close();
  });

  it('scrubs the password from messages that would echo it', async () => {
    // The unknown database is named after the password: the server's message holds it, the error must not.
    const leaky = open(`Server=${server.address.host};Database=Sup3rSecret;Port=${server.address.port};UID=postgres;Password=Sup3rSecret`);
    const error = (await leaky.test().then(() => undefined, (e: unknown) => e)) as DatabaseError;
    await leaky.close();
    expect(error.message).toBe('database "***" does not exist');
  });

  it('reports an unreachable server', async () => {
    const nowhere = open('Server=127.0.0.1;Database=x;Port=1;UID=postgres;Password=pw12345');
    await expect(nowhere.test()).rejects.toThrow(/cannot reach the database server at 127\.0\.0\.1:1: .*ECONNREFUSED/);
    await nowhere.close();
  });

  it('lists user tables and views as schema.table, without system schemas', async () => {
    expect((await reader.listTables()).map((t) => t.path)).toEqual(['public.events', 'public.recent_events', 'shop.all_types']);
  });

  it('describes every type family in the Platform’s terms', async () => {
    const columns = await reader.describeTable('shop.all_types');
    const byName = Object.fromEntries(columns.map((c) => [c.name, c]));
    const string = { type: 'string', xdm: { type: 'string' } };
    const long = { type: 'long', xdm: { type: 'integer' } };
    const double = { type: 'double', xdm: { type: 'number' } };
    for (const name of ['name', 'note', 'code', 'uid', 'doc', 'tags', 't', 'span', 'bin']) expect(byName[name], name).toEqual({ name, ...string, dbType: expect.any(String) });
    for (const name of ['id', 'small', 'big', 'serial_id']) expect(byName[name], name).toMatchObject(long);
    for (const name of ['price', 'ratio', 'f']) expect(byName[name], name).toMatchObject(double);
    expect(byName['active']).toEqual({ name: 'active', type: 'boolean', xdm: { type: 'boolean' }, dbType: 'boolean' });
    expect(byName['birth']).toEqual({ name: 'birth', type: 'string', 'meta:xdmType': 'date', xdm: { type: 'string', format: 'date' }, dbType: 'date' });
    expect(byName['created']).toEqual({
      name: 'created',
      type: 'string',
      'meta:xdmType': 'date-time',
      xdm: { type: 'string', format: 'date-time' },
      dbType: 'timestamp(3) without time zone',
    });
    expect(byName['stamped']).toMatchObject({ 'meta:xdmType': 'date-time', dbType: 'timestamp with time zone' });
    expect(byName['price']?.dbType).toBe('numeric(10,2)');
    expect(byName['tags']?.dbType).toBe('text[]');
    // A path without a schema is in public.
    expect((await reader.describeTable('events')).map((c) => c.name)).toEqual(['id', 'updated_at', 'seq', 'label']);
  });

  it('refuses unknown tables and paths that are not plain names', async () => {
    await expect(reader.describeTable('shop.nope')).rejects.toThrow('the table shop.nope does not exist');
    await expect(reader.describeTable('shop."all_types"')).rejects.toMatchObject({ name: 'DatabaseError', code: 'INVALID_IDENTIFIER' });
    const read = async () => {
      for await (const _ of reader.readRows('public.events', { deltaColumn: 'updated_at" --', batchSize: 5 }));
    };
    await expect(read()).rejects.toMatchObject({ code: 'INVALID_IDENTIFIER' });
  });

  it('normalises values: UTC Dates, YYYY-MM-DD dates, int8 and numeric as strings, booleans, nulls', async () => {
    const rows: Row[] = [];
    for await (const batch of reader.readRows('shop.all_types', { deltaColumn: 'id', batchSize: 10 })) rows.push(...batch);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      id: 1,
      name: 'Ada',
      note: 'long text',
      code: 'abc',
      uid: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
      doc: '{"a": 1}',
      tags: '{x,y}',
      t: '10:11:12',
      span: '1 day',
      bin: '\\x01020304',
      small: -12,
      big: '9007199254740993',
      serial_id: '1',
      price: '12.34',
      ratio: 0.5,
      f: 1.5,
      active: true,
      birth: '2020-02-29',
      created: new Date('2024-01-02T03:04:05.678Z'),
      stamped: new Date('2024-06-07T08:09:10.123Z'),
    });
    expect(Object.entries(rows[1] as Row).filter(([k, v]) => v !== null && k !== 'id' && k !== 'serial_id')).toEqual([]);
  });

  it('leaves pg’s global type parsers alone', async () => {
    const client = new pg.Client({ ...server.address, database: db.name });
    await client.connect();
    const { rows } = await client.query("SELECT date '2020-02-29' AS d, '{\"a\":1}'::jsonb AS j");
    await client.end();
    expect(rows[0].d).toBeInstanceOf(Date);
    expect(rows[0].j).toEqual({ a: 1 });
  });

  it('reads in ascending delta order, after (exclusive) and until (inclusive), in batches', async () => {
    const batches: Row[][] = [];
    for await (const batch of reader.readRows('public.events', { deltaColumn: 'updated_at', batchSize: 4, columns: ['id', 'updated_at'] })) batches.push(batch);
    expect(batches.map((b) => b.length)).toEqual([4, 4, 4, 4, 4, 4, 4, 2]);
    const all = batches.flat();
    expect(Object.keys(all[0] as Row)).toEqual(['id', 'updated_at']);
    const times = all.map((r) => (r['updated_at'] as Date).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const window: Row[] = [];
    for await (const batch of reader.readRows('public.events', {
      deltaColumn: 'updated_at',
      after: new Date('2024-03-01T00:00:02Z'),
      until: '2024-03-01T00:00:05Z',
      batchSize: 5,
    })) {
      expect(batch.length).toBeLessThanOrEqual(5);
      window.push(...batch);
    }
    expect(window.map((r) => r['id']).sort((a, b) => Number(a) - Number(b))).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(window.map((r) => r['seq'])).toEqual([3, 3, 3, 4, 4, 4, 5, 5, 5]);

    const ids: unknown[] = [];
    for await (const batch of reader.readRows('public.recent_events', { deltaColumn: 'id', after: 25, until: 28, batchSize: 100 })) ids.push(...batch.map((r) => r['id']));
    expect(ids).toEqual([26, 27, 28]);

    // A timestamp without time zone compares in UTC, like its values read.
    const created: Row[] = [];
    for await (const batch of reader.readRows('shop.all_types', { deltaColumn: 'created', after: new Date('2024-01-02T03:04:05.677Z'), until: new Date('2024-01-02T03:04:05.678Z'), batchSize: 5 })) created.push(...batch);
    expect(created.map((r) => r['id'])).toEqual([1]);
  });

  it('binds bounds as parameters (a quote in a bound is a value, not SQL)', async () => {
    const rows: Row[] = [];
    for await (const batch of reader.readRows('public.events', { deltaColumn: 'label', after: "z' OR '1'='1", batchSize: 10 })) rows.push(...batch);
    expect(rows).toEqual([]);
  });

  it('stops early without leaking connections', async () => {
    for (let i = 0; i < 6; i++) {
      for await (const batch of reader.readRows('public.events', { deltaColumn: 'id', batchSize: 2 })) {
        expect(batch).toHaveLength(2);
        break;
      }
    }
    await expect(reader.listTables()).resolves.toHaveLength(3);
  });

  it('works the same under the Greenplum spec and its connection string', async () => {
    const { host, port } = server.address;
    const greenplum = open(`HOST=${host};PORT=${port};DB=${db.name};UID=postgres;PWD=`, GREENPLUM_SPEC);
    expect((await greenplum.listTables()).length).toBe(3);
    await greenplum.close();
  });

  it('streams 50,000 rows with bounded memory', async () => {
    await db.exec(
      'CREATE TABLE public.big (id integer PRIMARY KEY, updated_at timestamptz NOT NULL, filler text NOT NULL)',
      "INSERT INTO public.big SELECT g, timestamptz '2024-01-01Z' + g * interval '1 second', repeat(chr(65 + g % 26), 2000) FROM generate_series(1, 50000) g",
    );
    const before = heapMb();
    let peak = before;
    let count = 0;
    let last = 0;
    const started = performance.now();
    for await (const batch of reader.readRows('public.big', { deltaColumn: 'updated_at', batchSize: 1000 })) {
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
    console.info(`pg (PostgreSQL): 50,000 rows × 2 KB in ${seconds.toFixed(2)} s = ${Math.round(count / seconds)} rows/s; heap ${before.toFixed(0)} → peak ${peak.toFixed(0)} MB`);
    expect(count).toBe(50_000);
    // All 50,000 rows held at once would be over 100 MB of strings.
    expect(peak - before).toBeLessThan(64);
  }, 120_000);
});
