// Connection strings as the docs write them: split, checked against each database's documented format,
// normalised into what the spec's pattern accepts (MySQL's is the emulator's copy of the documented one), and
// explained part by part when they do not fit — never echoing a value.

import { describe, expect, it } from 'vitest';
import { CONNECTION_SPECS as EMULATOR_SPECS } from '../../src/emulator/services/flow-service/specs.js';
import { prepareAuth } from '../../src/platform/connection-auth.js';
import {
  ConnectionStringProblem,
  describeConnectionString,
  normaliseConnectionString,
  patternProblem,
  secretValues,
  splitParts,
} from '../../src/platform/connection-string.js';
import { InvalidInputError } from '../../src/platform/errors.js';
import type { ConnectionSpec } from '../../src/platform/models/flow-service.js';
import { type ConnectionSpecEntry, findConnectionSpec } from '../../src/platform/specs.js';

const SECRET = 'Pa55-w0rd-9c1e';
const entry = (key: string) => findConnectionSpec(key) as ConnectionSpecEntry;
const format = (key: string) => ({ title: entry(key).title, template: entry(key).connectionString as string });
const remote = (key: string) => EMULATOR_SPECS.find((s) => s.id === entry(key).id) as unknown as ConnectionSpec;
const mysqlAuth = EMULATOR_SPECS.find((s) => s.name === 'mysql')?.authSpec[0];
const MYSQL_PATTERN = new RegExp((mysqlAuth?.spec['properties'] as { connectionString: { pattern: string } }).connectionString.pattern, 'i');

/** The message of what `fn` throws. */
function problem(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return (error as Error).message;
  }
  throw new Error('expected a problem');
}

describe('the documented forms are accepted', () => {
  it.each([
    ['mysql', 'MySQL tutorial (no trailing ;)', `Server=db.example.com;Port=3306;Database=shop;UID=reader;PWD=${SECRET}`, `Server=db.example.com;Port=3306;Database=shop;UID=reader;PWD=${SECRET};`],
    ['mysql', 'platform-api.md §3.3 (trailing ;)', `Server=db.example.com;Port=3306;Database=shop;UID=aep_reader;PWD=${SECRET};`, `Server=db.example.com;Port=3306;Database=shop;UID=aep_reader;PWD=${SECRET};`],
    [
      'mysql',
      "MySQL spec's own example (blanks after ;, SslMode)",
      `Server=myserver.mysql.database.azure.com; Port=3306; Database=my_sql_db; Uid=username; Pwd=${SECRET}; SslMode=Preferred;`,
      `Server=myserver.mysql.database.azure.com;Port=3306;Database=my_sql_db;Uid=username;Pwd=${SECRET};SslMode=Preferred;`,
    ],
    ['mariadb', 'MariaDB tutorial (no trailing ;)', `Server=maria.example.com;Port=3306;Database=shop;UID=reader;PWD=${SECRET}`, `Server=maria.example.com;Port=3306;Database=shop;UID=reader;PWD=${SECRET};`],
    ['postgresql', 'PostgreSQL tutorial', `Server=pg.example.com;Database=crm;Port=5432;UID=reader;Password=${SECRET}`, `Server=pg.example.com;Database=crm;Port=5432;UID=reader;Password=${SECRET}`],
    [
      'postgresql',
      'PostgreSQL with SSL properties',
      `Server=pg.example.com;Database=crm;Port=5432;UID=reader;Password=${SECRET};EncryptionMethod=1;ValidateServerCertificate=1`,
      `Server=pg.example.com;Database=crm;Port=5432;UID=reader;Password=${SECRET};EncryptionMethod=1;ValidateServerCertificate=1`,
    ],
    ['postgresql', "flowctl's embedded demo database (no user)", 'Server=embedded;Database=demo', 'Server=embedded;Database=demo'],
    ['postgresql', 'an empty password (trust authentication)', 'Server=127.0.0.1;Database=crm;Port=5432;UID=postgres;Password=', 'Server=127.0.0.1;Database=crm;Port=5432;UID=postgres;Password='],
    ['greenplum', 'Greenplum', `HOST=gp.example.com;PORT=5432;DB=sales;UID=etl;PWD=${SECRET}`, `HOST=gp.example.com;PORT=5432;DB=sales;UID=etl;PWD=${SECRET}`],
    ['oracle', 'Oracle', `Host=ora.example.com;Port=1521;Sid=ORCL;User Id=etl;Password=${SECRET}`, `Host=ora.example.com;Port=1521;Sid=ORCL;User Id=etl;Password=${SECRET}`],
    [
      'sqlserver',
      'SQL Server (no trailing ;)',
      `Data Source=sql.example.com;Initial Catalog=crm;Integrated Security=False;User ID=etl;Password=${SECRET}`,
      `Data Source=sql.example.com;Initial Catalog=crm;Integrated Security=False;User ID=etl;Password=${SECRET};`,
    ],
    ['teradata', 'Teradata', `DBCName=td.example.com;Uid=etl;Pwd=${SECRET}`, `DBCName=td.example.com;Uid=etl;Pwd=${SECRET}`],
  ])('%s: %s', (key, _label, given, sent) => {
    expect(normaliseConnectionString(given, format(key))).toBe(sent);
  });

  it('normalises the MySQL forms into what its spec pattern accepts, which the raw forms are not', () => {
    for (const given of [`Server=h;Port=3306;Database=d;UID=u;PWD=${SECRET}`, `Server=h; Port=3306; Database=d; Uid=u; Pwd=${SECRET}; SslMode=Preferred;`]) {
      expect(MYSQL_PATTERN.test(given)).toBe(false);
      expect(MYSQL_PATTERN.test(normaliseConnectionString(given, format('mysql')))).toBe(true);
    }
  });

  it('keeps values exactly as written: = in a password, braces holding ;, blanks inside values', () => {
    expect(normaliseConnectionString('Server=h;Port=3306;Database=d;UID=u;PWD=a=b', format('mysql'))).toBe('Server=h;Port=3306;Database=d;UID=u;PWD=a=b;');
    expect(normaliseConnectionString('Server=h;Port=3306;Database=d;UID=u;PWD={x;y=z}', format('mysql'))).toBe('Server=h;Port=3306;Database=d;UID=u;PWD={x;y=z};');
    expect(normaliseConnectionString(' Server=h;;UID=u ; Password =my pass word;', format('postgresql'))).toBe('Server=h;UID=u ;Password=my pass word;');
  });
});

describe('a string that does not fit names its first wrong part, never a value', () => {
  it.each([
    ['postgresql', `postgresql://postgres:${SECRET}@127.0.0.1/crm`, 'is a URL (postgresql://…), not Key=Value parts separated by ;'],
    ['mysql', `jdbc:mysql://db:3306/shop?user=u&password=${SECRET}`, 'is a URL (jdbc:mysql://…), not Key=Value parts separated by ;'],
    ['mysql', `Server=h;Port=3306;UID=u;${SECRET}`, 'part 4 is not Key=Value (does a value hold a ;?)'],
    ['mysql', `Server=h;Port=3306;UID=u;PWD=ab;${SECRET}`, 'part 5 is not Key=Value (does a value hold a ;?)'],
    ['mysql', `Server=h;UID=u;PWD="ab;${SECRET}"`, 'part 4 is not Key=Value (does a value hold a ;?)'],
    ['mysql', `Server=h;=${SECRET}`, 'part 2 has no key before its ='],
    ['mysql', `Server=h;UID=u;PWD={${SECRET}`, 'part 3 (PWD=) opens a brace it never closes'],
    ['mysql', `Server=h;UID=u;PWD={ab}${SECRET}`, 'part 3 (PWD=) has text after its braced value'],
    ['mysql', `Port=3306;Database=d;UID=u;PWD=${SECRET}`, 'lacks Server='],
    ['postgresql', `Server=h;Database=d;Port=5432;Password=${SECRET}`, 'lacks UID='],
    ['postgresql', `Server=h;Database=d;Port=5432;Usr=u;Password=${SECRET}`, 'lacks UID= (is part 4 a misspelt one?)'],
    ['mariadb', `Server=;Port=3306;Database=d;UID=u;PWD=${SECRET}`, 'part 1 (Server=) is empty'],
    ['mariadb', `Server=h;Port=33o6;Database=d;UID=u;PWD=${SECRET}`, 'part 2 (Port=) is not a port number between 1 and 65535'],
    ['mariadb', ';;', 'has no Key=Value parts'],
  ])('%s: %s', (key, given, message) => {
    const text = problem(() => normaliseConnectionString(given, format(key)));
    expect(text).toBe(message);
    expect(text).not.toContain(SECRET);
  });

  it('a password split at its ; never lends a piece of itself as a key name', () => {
    const text = problem(() => normaliseConnectionString(`Server=h;Database=d;Port=5432;Usr=u;Password=ab;cd=${SECRET}`, format('postgresql')));
    expect(text).toBe('lacks UID= (is part 4 a misspelt one?)');
    expect(text).not.toContain('cd');
  });

  it.each([
    [`Host=h;Port=3306;Database=d;UID=u;PWD=${SECRET};`, "part 1 (Host=) should be Server=: MySQL's format begins with it"],
    [`Server=h;Database=d;Port=3306;UID=u;PWD=${SECRET};`, 'part 2 (Database=) must come after Port=: the keys go in the order Server, Port, Database, UID, PWD'],
    [`Server=h;Port=3306;Database=d;User Id=u;PWD=${SECRET};`, 'part 4 (User Id=) must be spelt UID= for MySQL'],
    [`Server=h;Port=3306;Database=d;UID=u;Password=${SECRET};`, 'part 5 (Password=) must be spelt PWD= for MySQL'],
    [`Server=h;Database=d;UID=u;PWD=${SECRET};`, 'lacks Port='],
  ])("explains why MySQL's pattern refuses %s", (given, message) => {
    expect(MYSQL_PATTERN.test(normaliseConnectionString(given, format('mysql')))).toBe(false);
    expect(patternProblem(given, format('mysql'))).toBe(message);
  });

  it('problems are ConnectionStringProblems', () => {
    expect(() => splitParts('nonsense')).toThrow(ConnectionStringProblem);
  });
});

describe('prepareAuth', () => {
  const cs = (connectionString: string) => ({ connectionString });

  it('send the normalised string and keep the other params', () => {
    const prepared = prepareAuth(remote('mysql'), entry('mysql'), { ...cs(`Server=h;Port=3306;Database=d;UID=u;PWD=${SECRET}`), extra: 1 }, undefined);
    expect(prepared).toEqual({ specName: 'Connection String Based Authentication', params: { connectionString: `Server=h;Port=3306;Database=d;UID=u;PWD=${SECRET};`, extra: 1 } });
    // The params given are left as they were: the normalised string goes into the copy that is sent.
    const params: Record<string, unknown> = cs(`Server=h;Port=3306;Database=d;UID=u;PWD=${SECRET}`);
    prepareAuth(remote('mysql'), entry('mysql'), params, undefined);
    expect(params['connectionString']).toBe(`Server=h;Port=3306;Database=d;UID=u;PWD=${SECRET}`);
  });

  it('name the field, the first wrong part and the documented format, never the value', () => {
    const url = problem(() => prepareAuth(remote('postgresql'), entry('postgresql'), cs(`postgresql://u:${SECRET}@h/d`), undefined));
    expect(url).toBe(
      '--connection-string: is a URL (postgresql://…), not Key=Value parts separated by ; — PostgreSQL expects Server={SERVER};Database={DB};Port={PORT};UID={USER};Password={PASSWORD}',
    );
    const order = problem(() => prepareAuth(remote('mysql'), entry('mysql'), cs(`Server=h;Database=d;Port=3306;UID=u;PWD=${SECRET}`), undefined, { params: 'p', connectionString: 'connection.connectionString' }));
    expect(order).toBe(
      'connection.connectionString: part 2 (Database=) must come after Port=: the keys go in the order Server, Port, Database, UID, PWD — MySQL expects Server={SERVER};Port={PORT};Database={DB};UID={USER};PWD={PASSWORD};',
    );
    for (const text of [url, order]) expect(text).not.toContain(SECRET);
  });

  it('check even without the remote spec (an explicit --auth-spec), and leave other auth params alone', () => {
    expect(() => prepareAuth(undefined, entry('postgresql'), cs('postgresql://u@h/d'), 'Connection String Based Authentication')).toThrow(InvalidInputError);
    const basic = { server: 'h', port: '3306', database: 'd', username: 'u', password: SECRET };
    expect(prepareAuth(undefined, entry('mysql'), basic, undefined)).toEqual({ specName: 'Basic Authentication', params: basic });
    // Snowflake's format is a JDBC URL: sent as given.
    const snowflake = cs(`jdbc:snowflake://acme.snowflakecomputing.com/?user=u&password=${SECRET}&db=D&warehouse=W`);
    expect(prepareAuth(undefined, entry('snowflake'), snowflake, undefined).params).toEqual(snowflake);
  });
});

describe('describeConnectionString', () => {
  it('names database@host from any documented spelling, and nothing when the string is not Key=Value', () => {
    expect(describeConnectionString(`Server=db;Port=3306;Database=shop;UID=u;PWD=${SECRET}`)).toBe('shop@db');
    expect(describeConnectionString(`Data Source=sql;Initial Catalog=crm;User ID=u;Password=${SECRET}`)).toBe('crm@sql');
    expect(describeConnectionString(`Host=ora;Sid=ORCL;User Id=u;Password=${SECRET}`)).toBe('ORCL@ora');
    expect(describeConnectionString('Server=h')).toBe('h');
    expect(describeConnectionString(`postgresql://u:${SECRET}@h/d`)).toBeUndefined();
  });
});

describe('secretValues', () => {
  it('lists the password (braced and bare) so that a server echoing it is scrubbed; nothing from a string that does not split', () => {
    expect(secretValues(`Server=h;UID=u;PWD=${SECRET}`)).toEqual([SECRET, SECRET]);
    expect(secretValues(`Server=h;UID=u;Password={${SECRET};x}`)).toEqual([`{${SECRET};x}`, `${SECRET};x`]);
    expect(secretValues(`DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${SECRET}`)).toEqual([SECRET, SECRET]);
    expect(secretValues('Server=h;UID=u;PWD=')).toEqual([]);
    expect(secretValues(`postgresql://u:${SECRET}@h/d`)).toEqual([]);
  });
});
