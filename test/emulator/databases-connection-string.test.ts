// Connection settings from the Platform's connection-string formats (platform-api.md §8.1) and Basic-auth
// params, the choice of driver by connection spec, and the checks on names that reach SQL.

import { describe, expect, it } from 'vitest';
import { connectionSettings, parseConnectionString } from '../../src/emulator/databases/connection-string.js';
import { splitParts } from '../../src/platform/connection-string.js';
import { columnInfo, mysqlKind, postgresKind } from '../../src/emulator/databases/column-types.js';
import { databaseError } from '../../src/emulator/databases/driver-errors.js';
import { parseTablePath } from '../../src/emulator/databases/identifiers.js';
import { MysqlReader } from '../../src/emulator/databases/mysql.js';
import { openReader } from '../../src/emulator/databases/open.js';
import { PgliteReader } from '../../src/emulator/databases/pglite.js';
import { PostgresReader } from '../../src/emulator/databases/postgres.js';
import { DatabaseError, UnsupportedDatabaseError } from '../../src/emulator/databases/reader.js';
import { GREENPLUM_SPEC, MARIADB_SPEC, MYSQL_SPEC, ORACLE_SPEC, POSTGRES_SPEC } from '../helpers/databases.js';

const thrown = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
};

describe('connection strings', () => {
  it('reads the MySQL/MariaDB format', () => {
    expect(parseConnectionString('Server=db.example.com;Port=3307;Database=shop;UID=aep_reader;PWD=s3cret;', 'mysql')).toEqual({
      host: 'db.example.com',
      port: 3307,
      database: 'shop',
      user: 'aep_reader',
      password: 's3cret',
    });
  });

  it('reads the PostgreSQL format', () => {
    expect(parseConnectionString('Server=pg.example.com;Database=crm;Port=5433;UID=reader;Password=pw', 'postgres')).toEqual({
      host: 'pg.example.com',
      port: 5433,
      database: 'crm',
      user: 'reader',
      password: 'pw',
    });
  });

  it('reads the Greenplum format', () => {
    expect(parseConnectionString('HOST=gp.example.com;PORT=5432;DB=warehouse;UID=gp;PWD=pw', 'postgres')).toEqual({
      host: 'gp.example.com',
      port: 5432,
      database: 'warehouse',
      user: 'gp',
      password: 'pw',
    });
  });

  it('accepts keys in any case, User Id / Password variants, blanks and a trailing semicolon', () => {
    expect(parseConnectionString(' server = h ; DATABASE=d;user id=u; password = p ;', 'mysql')).toEqual({ host: 'h', port: 3306, database: 'd', user: 'u', password: 'p' });
    expect(parseConnectionString('Host=h;Initial Catalog=d;User=u;Pwd=p', 'postgres')).toMatchObject({ database: 'd', user: 'u', password: 'p' });
    expect(parseConnectionString('Data Source=h;Username=u', 'postgres')).toMatchObject({ host: 'h', user: 'u' });
  });

  it('gives missing pieces the driver’s defaults', () => {
    expect(parseConnectionString('Server=h;UID=u', 'mysql')).toEqual({ host: 'h', port: 3306, database: undefined, user: 'u', password: '' });
    expect(parseConnectionString('Server=h;UID=u', 'postgres')).toMatchObject({ port: 5432, password: '' });
    expect(parseConnectionString('Server=h;Port=;UID=u', 'postgres').port).toBe(5432);
  });

  it('takes the port from the server field, and keeps passwords with = and braced ; intact', () => {
    expect(parseConnectionString('Server=h:6000;UID=u', 'mysql').port).toBe(6000);
    expect(parseConnectionString('Server=[::1]:6001;UID=u', 'mysql')).toMatchObject({ host: '::1', port: 6001 });
    expect(parseConnectionString('Server=h;UID=u;PWD=a=b', 'mysql').password).toBe('a=b');
    expect(parseConnectionString('Server=h;UID=u;PWD={x;y=z};Database=d', 'mysql')).toMatchObject({ password: 'x;y=z', database: 'd' });
  });

  it('names what is missing or malformed, never the password', () => {
    const noServer = thrown(() => parseConnectionString('Port=1;Database=d;UID=u;PWD=TopSecret1', 'mysql'));
    expect(noServer).toBeInstanceOf(DatabaseError);
    expect(noServer.message).toBe('the connection settings lack the server (Server=… or Host=…)');
    expect((noServer as DatabaseError).code).toBe('INVALID_CONNECTION_STRING');
    expect(thrown(() => parseConnectionString('Database=d;PWD=TopSecret1', 'postgres')).message).toBe(
      'the connection settings lack the server (Server=… or Host=…) and the user (UID=… or User Id=…)',
    );
    const badPort = thrown(() => parseConnectionString('Server=h;Port=TopSecret1;UID=u', 'mysql'));
    expect(badPort.message).toBe('the port of the connection settings is not a number between 1 and 65535');
    const malformed = thrown(() => parseConnectionString('Server=h;UID=u;TopSecret1', 'mysql'));
    expect(malformed.message).toBe('the connection string is malformed: part 3 is not key=value');
    const brace = thrown(() => parseConnectionString('Server=h;UID=u;PWD={TopSecret1', 'mysql'));
    expect(brace.message).toMatch(/opens a brace/);
    for (const error of [noServer, badPort, malformed, brace]) expect(error.message).not.toContain('TopSecret1');
    expect(thrown(() => parseConnectionString('', 'mysql')).message).toMatch(/lack the server/);
  });

  it.each([
    ['the MySQL tutorial (no trailing ;)', 'Server=db.example.com;Port=3306;Database=shop;UID=reader;PWD=s3cret', 'mysql', { host: 'db.example.com', port: 3306, database: 'shop', user: 'reader', password: 's3cret' }],
    [
      "the MySQL spec's example (blanks after ;, SslMode)",
      'Server=myserver.mysql.database.azure.com; Port=3306; Database=my_sql_db; Uid=username; Pwd=password; SslMode=Preferred;',
      'mysql',
      { host: 'myserver.mysql.database.azure.com', port: 3306, database: 'my_sql_db', user: 'username', password: 'password' },
    ],
    ['the MariaDB tutorial (no trailing ;)', 'Server=maria.example.com;Port=3307;Database=shop;UID=reader;PWD=s3cret', 'mysql', { host: 'maria.example.com', port: 3307, database: 'shop', user: 'reader', password: 's3cret' }],
    [
      'the PostgreSQL tutorial with its SSL properties',
      'Server=pg.example.com;Database=crm;Port=5432;UID=reader;Password=s3cret;EncryptionMethod=1;ValidateServerCertificate=1',
      'postgres',
      { host: 'pg.example.com', port: 5432, database: 'crm', user: 'reader', password: 's3cret' },
    ],
  ] as const)('reads %s', (_label, text, driver, expected) => {
    expect(parseConnectionString(text, driver)).toEqual(expected);
  });

  it('numbers a malformed part as flowctl does before sending it', () => {
    for (const [text, position] of [['Server=h;UID=u;secret', 3], ['Server=h;;UID=u;PWD=ab;cd', 5], ['postgresql://u@h/d', 1]] as const) {
      expect(thrown(() => parseConnectionString(text, 'postgres')).message).toBe(`the connection string is malformed: part ${position} is not key=value`);
      if (position > 1) expect(thrown(() => splitParts(text)).message).toMatch(new RegExp(`^part ${position} is not Key=Value`));
    }
  });

  it('reads Basic-auth params, and a connectionString param in any case', () => {
    expect(connectionSettings({ server: 'h', port: 3310, database: 'd', username: 'u', password: 'p', sslMode: 'require' }, 'mysql')).toEqual({
      host: 'h',
      port: 3310,
      database: 'd',
      user: 'u',
      password: 'p',
    });
    expect(connectionSettings({ server: 'h:5440', database: 'd', username: 'u', password: 'p' }, 'postgres').port).toBe(5440);
    expect(connectionSettings({ ConnectionString: 'Server=h;UID=u' }, 'postgres').host).toBe('h');
    expect(thrown(() => connectionSettings({ database: 'd' }, 'postgres')).message).toMatch(/lack the server/);
    expect(thrown(() => connectionSettings({ connectionString: 42 }, 'postgres')).message).toBe('auth.params.connectionString must be a string');
  });
});

describe('openReader', () => {
  const auth = (connectionString: string) => ({ specName: 'Connection String Based Authentication', params: { connectionString } });

  it('chooses the driver by connection spec, PGlite for Server=embedded', () => {
    expect(openReader(MYSQL_SPEC, auth('Server=h;UID=u'), { dataDir: undefined })).toBeInstanceOf(MysqlReader);
    expect(openReader(MARIADB_SPEC, auth('Server=h;UID=u'), { dataDir: undefined })).toBeInstanceOf(MysqlReader);
    expect(openReader(POSTGRES_SPEC, auth('Server=h;UID=u'), { dataDir: undefined })).toBeInstanceOf(PostgresReader);
    expect(openReader(GREENPLUM_SPEC, auth('HOST=h;UID=u'), { dataDir: undefined })).toBeInstanceOf(PostgresReader);
    expect(openReader(POSTGRES_SPEC, auth('Server=Embedded;Database=demo'), { dataDir: undefined })).toBeInstanceOf(PgliteReader);
    expect(openReader(GREENPLUM_SPEC, auth('HOST=embedded'), { dataDir: undefined })).toBeInstanceOf(PgliteReader);
    // MySQL has no embedded database: `embedded` is just a host name there.
    expect(openReader(MYSQL_SPEC, auth('Server=embedded;UID=u'), { dataDir: undefined })).toBeInstanceOf(MysqlReader);
  });

  it('refuses other specs with UnsupportedDatabaseError, and bad settings with DatabaseError', () => {
    const error = thrown(() => openReader(ORACLE_SPEC, auth('Host=h;Port=1521;Sid=x;User Id=u;Password=p'), { dataDir: undefined }));
    expect(error).toBeInstanceOf(UnsupportedDatabaseError);
    expect((error as Error).message).toBe(
      'the emulator cannot reach Oracle databases: it reads MySQL, MariaDB, PostgreSQL and Greenplum (and the embedded demo database)',
    );
    expect(() => openReader(POSTGRES_SPEC, auth('Database=d'), { dataDir: undefined })).toThrow(DatabaseError);
  });
});

describe('names that reach SQL', () => {
  it('accepts plain schema.table paths only', () => {
    expect(parseTablePath('shop.customers', undefined)).toEqual({ schema: 'shop', table: 'customers' });
    expect(parseTablePath('customers', 'public')).toEqual({ schema: 'public', table: 'customers' });
    expect(parseTablePath('Ünïcode_1.t$2', undefined)).toEqual({ schema: 'Ünïcode_1', table: 't$2' });
    for (const bad of ['a.b.c', 'a;b', 'a."b"', 'a.b c', '', '.x', 'x.', 'a.`b`', "a.b'--"]) {
      expect(() => parseTablePath(bad, 'public'), bad).toThrow(DatabaseError);
    }
    expect(() => parseTablePath('customers', undefined)).toThrow(/names no schema/);
  });
});

describe('column types', () => {
  it('maps MySQL and PostgreSQL types to the Platform’s', () => {
    expect(mysqlKind('tinyint', 'tinyint(1)')).toBe('boolean');
    expect(mysqlKind('tinyint', 'tinyint(4)')).toBe('long');
    expect(mysqlKind('bigint', 'bigint(20) unsigned')).toBe('long');
    expect(mysqlKind('decimal', 'decimal(10,2)')).toBe('double');
    expect(mysqlKind('datetime', 'datetime(6)')).toBe('date-time');
    expect(mysqlKind('geometry', 'geometry')).toBe('string');
    expect(postgresKind('timestamp(6) with time zone')).toBe('date-time');
    expect(postgresKind('numeric(10,2)')).toBe('double');
    expect(postgresKind('integer[]')).toBe('string');
    expect(postgresKind('character varying(20)')).toBe('string');
    expect(columnInfo('d', 'date', 'date')).toEqual({ name: 'd', type: 'string', 'meta:xdmType': 'date', xdm: { type: 'string', format: 'date' }, dbType: 'date' });
  });
});

describe('driver errors', () => {
  it('keep the database’s message and code, scrub secrets, and say where a network failure happened', () => {
    const error = databaseError(Object.assign(new Error("Access denied for user 'u' using password hunter22"), { code: 'ER_ACCESS_DENIED_ERROR' }), ['hunter22']);
    expect(error).toEqual(expect.objectContaining({ message: "Access denied for user 'u' using password ***", code: 'ER_ACCESS_DENIED_ERROR' }));
    const refused = databaseError(new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' })], ''), [], 'localhost:5432');
    expect(refused).toEqual(expect.objectContaining({ message: 'cannot reach the database server at localhost:5432: connect ECONNREFUSED ::1:5432', code: 'ECONNREFUSED' }));
    const network = databaseError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), [], '127.0.0.1:1');
    expect(network.message).toBe('cannot reach the database server at 127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1');
  });
});
