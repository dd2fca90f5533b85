// The mysql2 reader against the real MariaDB server (MySQL and MariaDB specs), in a database of its own.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { openReader } from '../../src/emulator/databases/open.js';
import { DatabaseError, type DatabaseReader, type Row } from '../../src/emulator/databases/reader.js';
import { createTestDatabase, databaseServer, describeWith, heapMb, MARIADB_SPEC, MYSQL_SPEC, type TestDatabase } from '../helpers/databases.js';

const server = await databaseServer('mariadb');

describeWith(server, 'MariaDB reader (mysql2)', () => {
  let db: TestDatabase;
  let reader: DatabaseReader;
  const open = (connectionString: string, spec = MARIADB_SPEC) => openReader(spec, { specName: 'Connection String Based Authentication', params: { connectionString } }, { dataDir: undefined });

  beforeAll(async () => {
    db = await createTestDatabase(server);
    await db.exec(
      `CREATE TABLE all_types (
        id INT PRIMARY KEY, name VARCHAR(50), note TEXT, code CHAR(3), kind ENUM('a','b'), doc JSON, t TIME, bin VARBINARY(4),
        small SMALLINT, big BIGINT, ubig BIGINT UNSIGNED, tiny TINYINT, yr YEAR,
        price DECIMAL(10,2), ratio DOUBLE, f FLOAT,
        active TINYINT(1), flag BIT(1), b BOOLEAN,
        birth DATE, created DATETIME(3), stamped TIMESTAMP(3) NULL)`,
      `INSERT INTO all_types VALUES
        (1, 'Ada', 'long text', 'abc', 'b', '{"a": 1}', '10:11:12', 0x01020304,
         -12, 9007199254740993, 18446744073709551615, 7, 2024,
         12.34, 0.5, 1.5,
         1, b'1', FALSE,
         '2020-02-29', '2024-01-02 03:04:05.678', '2024-06-07 08:09:10.123'),
        (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
      `CREATE TABLE events (id INT PRIMARY KEY, updated_at DATETIME(3) NOT NULL, seq INT NOT NULL, label VARCHAR(20))`,
      // 30 rows, three per second: ties on updated_at.
      `INSERT INTO events SELECT seq, TIMESTAMP '2024-03-01 00:00:00' + INTERVAL (seq DIV 3) SECOND, seq DIV 3, CONCAT('e', seq) FROM seq_1_to_30`,
      `CREATE VIEW recent_events AS SELECT id, updated_at FROM events WHERE id > 20`,
    );
    reader = open(db.connectionString());
  });

  afterAll(async () => {
    await reader?.close();
    await db?.drop();
  });

  it('tests the connection, and reports a wrong password with the database’s message and without the password', async () => {
    await expect(reader.test()).resolves.toBeUndefined();
    const wrong = open(db.connectionString({ password: 'Sup3r-Secret-pw' }));
    const error = await wrong.test().then(() => undefined, (e: unknown) => e);
    await wrong.close();
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).message).toMatch(/Access denied for user/);
    expect((error as DatabaseError).message).not.toContain('Sup3r-Secret-pw');
    expect((error as DatabaseError).code).toBe('ER_ACCESS_DENIED_ERROR');
  });

  it('reports an unreachable server and an unknown database', async () => {
    const nowhere = open('Server=127.0.0.1;Port=1;Database=x;UID=root;PWD=pw12345;');
    await expect(nowhere.test()).rejects.toThrow(/cannot reach the database server at 127\.0\.0\.1:1: .*ECONNREFUSED/);
    await nowhere.close();
    const unknown = open(`Server=127.0.0.1;Port=${server.address.port};Database=${db.name}_nope;UID=root;PWD=;`);
    await expect(unknown.test()).rejects.toThrow(/Unknown database/);
    await unknown.close();
  });

  it('lists the database’s tables and views as database.table', async () => {
    const tables = await reader.listTables();
    expect(tables.map((t) => t.path)).toEqual([`${db.name}.all_types`, `${db.name}.events`, `${db.name}.recent_events`]);
    expect(tables[0]).toEqual({ path: `${db.name}.all_types`, schema: db.name, table: 'all_types' });
  });

  it('describes every type family in the Platform’s terms', async () => {
    const columns = await reader.describeTable(`${db.name}.all_types`);
    const byName = Object.fromEntries(columns.map((c) => [c.name, c]));
    const string = { type: 'string', xdm: { type: 'string' } };
    const long = { type: 'long', xdm: { type: 'integer' } };
    const double = { type: 'double', xdm: { type: 'number' } };
    const boolean = { type: 'boolean', xdm: { type: 'boolean' } };
    for (const name of ['name', 'note', 'code', 'kind', 'doc', 't', 'bin']) expect(byName[name], name).toMatchObject(string);
    for (const name of ['id', 'small', 'big', 'ubig', 'tiny', 'yr']) expect(byName[name], name).toMatchObject(long);
    for (const name of ['price', 'ratio', 'f']) expect(byName[name], name).toMatchObject(double);
    for (const name of ['active', 'flag', 'b']) expect(byName[name], name).toMatchObject(boolean);
    expect(byName['birth']).toEqual({ name: 'birth', type: 'string', 'meta:xdmType': 'date', xdm: { type: 'string', format: 'date' }, dbType: 'date' });
    expect(byName['created']).toEqual({ name: 'created', type: 'string', 'meta:xdmType': 'date-time', xdm: { type: 'string', format: 'date-time' }, dbType: 'datetime(3)' });
    expect(byName['stamped']).toMatchObject({ type: 'string', 'meta:xdmType': 'date-time' });
    expect(byName['price']?.dbType).toBe('decimal(10,2)');
    expect(byName['active']?.dbType).toBe('tinyint(1)');
    expect(columns.map((c) => c.name)[0]).toBe('id');
    // A path without a schema is in the connection's database.
    expect(await reader.describeTable('all_types')).toEqual(columns);
  });

  it('refuses unknown tables and paths that are not plain names', async () => {
    await expect(reader.describeTable(`${db.name}.nope`)).rejects.toThrow(`the table ${db.name}.nope does not exist`);
    await expect(reader.describeTable('x.y; DROP TABLE events')).rejects.toMatchObject({ name: 'DatabaseError', code: 'INVALID_IDENTIFIER' });
    await expect(reader.describeTable('a.b.c')).rejects.toThrow(/not a plain table path/);
    const read = async () => {
      for await (const _ of reader.readRows(`${db.name}.events`, { deltaColumn: 'updated_at`; --', batchSize: 5 }));
    };
    await expect(read()).rejects.toMatchObject({ code: 'INVALID_IDENTIFIER' });
    const missing = async () => {
      for await (const _ of reader.readRows(`${db.name}.events`, { deltaColumn: 'nope', batchSize: 5 }));
    };
    await expect(missing()).rejects.toThrow(`the delta column nope is not a column of ${db.name}.events`);
  });

  it('normalises values: UTC Dates, YYYY-MM-DD dates, big numbers as strings, booleans, nulls', async () => {
    const rows: Row[] = [];
    for await (const batch of reader.readRows(`${db.name}.all_types`, { deltaColumn: 'id', batchSize: 10 })) rows.push(...batch);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      id: 1,
      name: 'Ada',
      note: 'long text',
      code: 'abc',
      kind: 'b',
      doc: '{"a": 1}',
      t: '10:11:12',
      bin: Buffer.from([1, 2, 3, 4]).toString('base64'),
      small: -12,
      big: '9007199254740993',
      ubig: '18446744073709551615',
      tiny: 7,
      yr: 2024,
      price: '12.34',
      ratio: 0.5,
      f: 1.5,
      active: true,
      flag: true,
      b: false,
      birth: '2020-02-29',
      created: new Date('2024-01-02T03:04:05.678Z'),
      stamped: new Date('2024-06-07T08:09:10.123Z'),
    });
    expect(Object.values(rows[1] as Row).slice(1).every((v) => v === null)).toBe(true);
  });

  it('reads in ascending delta order, after (exclusive) and until (inclusive), in batches', async () => {
    const batches: Row[][] = [];
    for await (const batch of reader.readRows(`${db.name}.events`, { deltaColumn: 'updated_at', batchSize: 4, columns: ['id', 'updated_at'] })) batches.push(batch);
    expect(batches.map((b) => b.length)).toEqual([4, 4, 4, 4, 4, 4, 4, 2]);
    const all = batches.flat();
    expect(Object.keys(all[0] as Row)).toEqual(['id', 'updated_at']);
    const times = all.map((r) => (r['updated_at'] as Date).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));

    // after = second 2 (rows 6,7,8 are at it: excluded), until = second 5 (rows 15,16,17: included).
    const window: Row[] = [];
    for await (const batch of reader.readRows(`${db.name}.events`, {
      deltaColumn: 'updated_at',
      after: new Date('2024-03-01T00:00:02Z'),
      until: '2024-03-01 00:00:05',
      batchSize: 5,
    })) {
      expect(batch.length).toBeLessThanOrEqual(5);
      window.push(...batch);
    }
    expect(window.map((r) => r['id']).sort((a, b) => Number(a) - Number(b))).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(window.map((r) => r['seq'])).toEqual([3, 3, 3, 4, 4, 4, 5, 5, 5]);

    // Numeric bounds on an integer delta column, and a view.
    const ids: unknown[] = [];
    for await (const batch of reader.readRows(`${db.name}.recent_events`, { deltaColumn: 'id', after: 25, until: 28, batchSize: 100 })) ids.push(...batch.map((r) => r['id']));
    expect(ids).toEqual([26, 27, 28]);
  });

  it('binds bounds as parameters (a quote in a bound is a value, not SQL)', async () => {
    const rows: Row[] = [];
    for await (const batch of reader.readRows(`${db.name}.events`, { deltaColumn: 'label', after: "z' OR '1'='1", batchSize: 10 })) rows.push(...batch);
    expect(rows).toEqual([]);
  });

  it('stops early without leaking the connection', async () => {
    for (let i = 0; i < 6; i++) {
      for await (const batch of reader.readRows(`${db.name}.events`, { deltaColumn: 'id', batchSize: 2 })) {
        expect(batch).toHaveLength(2);
        break;
      }
    }
    await expect(reader.listTables()).resolves.toHaveLength(3);
  });

  it('works the same under the MySQL spec', async () => {
    const mysql = open(db.connectionString(), MYSQL_SPEC);
    expect((await mysql.listTables()).length).toBe(3);
    await mysql.close();
  });

  it('streams 50,000 rows with bounded memory', async () => {
    await db.exec(
      'CREATE TABLE big (id INT PRIMARY KEY, updated_at DATETIME NOT NULL, filler VARCHAR(2000) NOT NULL)',
      "INSERT INTO big SELECT seq, TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq SECOND, REPEAT(CHAR(65 + seq % 26), 2000) FROM seq_1_to_50000",
    );
    const before = heapMb();
    let peak = before;
    let count = 0;
    let last = 0;
    const started = performance.now();
    for await (const batch of reader.readRows(`${db.name}.big`, { deltaColumn: 'updated_at', batchSize: 1000 })) {
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
    console.info(`mysql2 (MariaDB): 50,000 rows × 2 KB in ${seconds.toFixed(2)} s = ${Math.round(count / seconds)} rows/s; heap ${before.toFixed(0)} → peak ${peak.toFixed(0)} MB`);
    expect(count).toBe(50_000);
    // All 50,000 rows held at once would be over 100 MB of strings.
    expect(peak - before).toBeLessThan(64);
  }, 120_000);
});
