// flowctl.yaml: every rule of src/onboard/manifest.ts — the shape, ${NAME} from the environment, secrets that
// must come from it (never echoed), schedules checked with their key paths, unknown keys, malformed YAML,
// duplicate entries.

import { describe, expect, it } from 'vitest';
import { keyPath, parseManifest } from '../../src/onboard/manifest.js';
import { holdsCredential } from '../../src/platform/redact.js';
import { invalid } from '../helpers/invalid.js';

const NOW_MS = Date.UTC(2026, 0, 31, 9, 0, 0);
const NOW = NOW_MS / 1000;
const SECRET = 'Server=db.internal;Database=shop;UID=reader;PWD=hunter2-s3cret';
const ENV = { SHOP_DB_URL: SECRET, DB_PASSWORD: 'pa55-w0rd', DB_HOST: 'db.internal', EMPTY: '' };

function parse(text: string, env: Record<string, string | undefined> = ENV) {
  return parseManifest(text, { file: 'flowctl.yaml', env, now: () => NOW_MS });
}

/** The example of the README, whole. */
const FULL = `
version: 1
connection:
  spec: mysql
  connectionString: \${SHOP_DB_URL}
  name: shop-db
defaults:
  schedule: { frequency: hour, interval: 1 }
  partialIngestionPercent: 5
  errorDiagnostics: true
tables:
  - table: shop.customers
    name: shop customers
    deltaColumn: updated_at
    identity: id:CRMID
    schedule: { frequency: minute, interval: 15, startTime: 2026-12-01T00:00:00Z, backfill: true }
    mapping: { full_name: person.name.fullName, internal_notes: null }
    enabled: true
  - table: shop.orders
`;

/** A valid file with `tables` replaced. */
const withTables = (tables: string) => `version: 1
connection:
  spec: mysql
  connectionString: \${SHOP_DB_URL}
tables:
${tables}
`;

describe('parseManifest: a valid file', () => {
  it('reads the full example into one TableRequest per entry, sharing one named connection', () => {
    const m = parse(FULL);
    expect(m.file).toBe('flowctl.yaml');
    expect(m.connectionName).toBe('shop-db');
    expect(m.connection).toEqual({ specId: '26d738e0-8963-47ea-aadf-c60de735468a', params: { connectionString: SECRET }, authSpec: undefined, name: 'shop-db' });
    expect(m.secrets).toEqual([SECRET]);
    expect(m.tables).toHaveLength(2);
    const [customers, orders] = m.tables;
    expect(customers).toEqual({
      connection: m.connection,
      table: 'shop.customers',
      prefix: 'shop customers',
      deltaColumn: 'updated_at',
      identity: 'id:CRMID',
      schedule: { startTime: Date.UTC(2026, 11, 1) / 1000, frequency: 'minute', interval: 15, backfill: true },
      mappingOverrides: { full_name: 'person.name.fullName', internal_notes: '' },
      options: { partialIngestionPercent: 5, errorDiagnosticsEnabled: true },
      enabled: true,
    });
    // Defaults fill in what an entry leaves out; the prefix defaults to "flowctl <table>".
    expect(orders).toMatchObject({ table: 'shop.orders', prefix: 'flowctl shop.orders', schedule: { startTime: NOW, frequency: 'hour', interval: 1 }, enabled: true });
    expect(orders?.connection).toBe(m.connection);
  });

  it('defaults the connection name to the first prefix + " connection", the schedule to daily from now', () => {
    const m = parse(withTables('  - table: shop.customers\n  - table: shop.orders\n    enabled: false'));
    expect(m.connectionName).toBe('flowctl shop.customers connection');
    expect(m.tables[0]?.schedule).toEqual({ startTime: NOW, frequency: 'day', interval: 1 });
    expect(m.tables[0]?.options).toEqual({});
    expect(m.tables[1]?.enabled).toBe(false);
  });

  it('takes an existing connection by id, which it does not name', () => {
    const m = parse('version: 1\nconnection: { id: 1A444165-3439-4C16-8441-653439DC166A }\ntables: [{ table: shop.customers }]');
    expect(m.connection).toEqual({ id: '1a444165-3439-4c16-8441-653439dc166a' });
    expect(m.connectionName).toBeUndefined();
    expect(m.secrets).toEqual([]);
  });

  it('takes params with secrets from the environment, and a spec UUID', () => {
    const m = parse(`version: 1
connection:
  spec: 74a1c565-4e59-48d7-9d67-7c03b8a13137
  authSpec: Basic Authentication
  params: { host: "\${DB_HOST}", port: 5432, username: reader, password: "\${DB_PASSWORD}" }
tables: [{ table: public.users }]
`);
    expect(m.connection).toEqual({
      specId: '74a1c565-4e59-48d7-9d67-7c03b8a13137',
      params: { host: 'db.internal', port: 5432, username: 'reader', password: 'pa55-w0rd' },
      authSpec: 'Basic Authentication',
      name: 'flowctl public.users connection',
    });
    expect(m.secrets).toEqual(['pa55-w0rd']);
  });

  it('substitutes ${NAME} anywhere, also inside a longer value', () => {
    const m = parse(withTables('  - table: shop.customers\n    name: shop ${DB_HOST} customers'), { ...ENV });
    expect(m.tables[0]?.prefix).toBe('shop db.internal customers');
  });

  it('a schedule: the table\'s keys override the defaults\' one by one; a new frequency does not inherit the interval', () => {
    const m = parse(`version: 1
connection: { spec: mysql, connectionString: "\${SHOP_DB_URL}" }
defaults: { schedule: { frequency: hour, interval: 6, backfill: false, startTime: 1767225600 } }
tables:
  - { table: a.one }
  - { table: a.two, schedule: { interval: 2 } }
  - { table: a.three, schedule: { frequency: minute } }
  - { table: a.four, schedule: { frequency: once } }
  - { table: a.five, schedule: { frequency: week, startTime: now } }
`);
    expect(m.tables.map((t) => t.schedule)).toEqual([
      { startTime: 1767225600, frequency: 'hour', interval: 6, backfill: false },
      { startTime: 1767225600, frequency: 'hour', interval: 2, backfill: false },
      { startTime: 1767225600, frequency: 'minute', interval: 15, backfill: false },
      { startTime: 1767225600, frequency: 'once' },
      { startTime: NOW, frequency: 'week', interval: 1, backfill: false },
    ]);
  });

  it('allows one table under several names (each its own set of resources)', () => {
    const m = parse(withTables('  - { table: shop.customers, name: eu customers }\n  - { table: shop.customers, name: us customers }'));
    expect(m.tables.map((t) => t.prefix)).toEqual(['eu customers', 'us customers']);
  });
});

describe('parseManifest: the environment', () => {
  it('a variable that is not set: named, with the key', () => {
    const error = invalid(() => parse(FULL, {}));
    expect(error.field).toBe('flowctl.yaml: connection.connectionString');
    expect(error.rule).toBe('the environment variable SHOP_DB_URL is not set');
  });

  it('a variable that is empty', () => {
    const error = invalid(() => parse(withTables('  - table: shop.customers\n    name: ${EMPTY}')));
    expect(error.field).toBe('flowctl.yaml: tables[0].name');
    expect(error.rule).toBe('the environment variable EMPTY is empty');
  });
});

describe('parseManifest: secrets never sit in the file', () => {
  const literal = (connection: string) => invalid(() => parse(`version: 1\nconnection:\n${connection}\ntables: [{ table: shop.customers }]\n`));

  it('a literal connection string is refused, and not echoed', () => {
    const error = literal(`  spec: mysql\n  connectionString: ${SECRET}`);
    expect(error.field).toBe('flowctl.yaml: connection.connectionString');
    expect(error.rule).toMatch(/^must come from an environment variable, e\.g\. \$\{SHOP_DB\}/);
    expect(error.message).not.toContain('hunter2');
  });

  it('a password-like param, even partly from the environment, is refused', () => {
    for (const [key, value] of [
      ['password', 'hunter2-s3cret'],
      ['PWD', 'hunter2-s3cret'],
      ['client_secret', 'hunter2-s3cret'],
      ['accessToken', 'hunter2-s3cret'],
      ['password', 'hunter2-s3cret${DB_PASSWORD}'],
      ['password', 123456],
    ] as const) {
      const error = literal(`  spec: mysql\n  params:\n    host: db\n    ${key}: ${String(value)}`);
      expect(error.field).toBe(`flowctl.yaml: connection.params.${key}`);
      expect(error.rule).toContain('must come from an environment variable');
      expect(error.message).not.toContain('hunter2');
      expect(error.message).not.toContain('123456');
    }
  });

  it('a non-secret param may be literal; secret keys are recognised by name', () => {
    expect(parse(`version: 1\nconnection:\n  spec: mysql\n  params: { host: db.internal, port: 3306, username: reader, password: "\${DB_PASSWORD}" }\ntables: [{ table: a.b }]`).connection).toMatchObject({
      params: { host: 'db.internal', port: 3306, username: 'reader', password: 'pa55-w0rd' },
    });
    // The rule is redact.ts's (test/unit/secret-keys.test.ts checks that both places agree).
    for (const key of ['connectionString', 'password', 'db_password', 'PWD', 'secret', 'sasToken', 'apiKey', 'privateKey']) expect(holdsCredential(key), key).toBe(true);
    for (const key of ['host', 'port', 'username', 'database', 'name', 'spec']) expect(holdsCredential(key), key).toBe(false);
  });

  it('an unquoted ${NAME} inside { … } is malformed YAML: the message says to quote it', () => {
    const error = invalid(() => parse('version: 1\nconnection: { spec: mysql, connectionString: ${SHOP_DB_URL} }\ntables: [{ table: a.b }]'));
    expect(error.rule).toMatch(/^line 2, column \d+: not valid YAML: .*quote a reference: "\$\{NAME\}"/);
  });

  it('a malformed file never echoes the line it failed on', () => {
    const error = invalid(() => parse(`version: 1\nconnection:\n  spec: mysql\n  connectionString: "${SECRET}\n  oops: [\n`));
    expect(error.message).not.toContain('hunter2');
  });
});

describe('parseManifest: schedules, with the key path of the rule broken', () => {
  const schedule = (s: string) => invalid(() => parse(withTables(`  - table: shop.customers\n  - table: shop.orders\n    schedule: ${s}`)));

  it.each([
    ['{ frequency: minute, interval: 10 }', 'tables[1].schedule.interval', 'must be at least 15 when frequency is minute'],
    ['{ frequency: hour, interval: 0 }', 'tables[1].schedule.interval', 'must be at least 1 when frequency is hour'],
    ['{ frequency: hour, interval: 1.5 }', 'tables[1].schedule.interval', 'must be a whole number'],
    ['{ frequency: fortnight }', 'tables[1].schedule.frequency', 'must be one of once, minute, hour, day, week'],
    ['{ frequency: once, interval: 1 }', 'tables[1].schedule.interval', 'must not be set when frequency is once'],
    ['{ frequency: once, backfill: true }', 'tables[1].schedule.backfill', 'must not be set when frequency is once'],
    ['{ startTime: 1769850000000 }', 'tables[1].schedule.startTime', 'must be epoch seconds, not milliseconds'],
    ['{ startTime: 2026-02-30 }', 'tables[1].schedule.startTime', expect.stringContaining('is not now, epoch seconds or an ISO-8601 date-time')],
    ['{ interval: "15" }', 'tables[1].schedule.interval', 'must be a number, not text'],
    ['{ backfill: yes }', 'tables[1].schedule.backfill', 'must be true or false, not text'],
    ['{ every: 5 }', 'tables[1].schedule.every', 'unknown key (expected one of: frequency, interval, startTime, backfill)'],
  ])('%s → %s', (value, path, rule) => {
    const error = schedule(value);
    expect(error.field).toBe(`flowctl.yaml: ${path}`);
    expect(error.rule).toEqual(rule);
  });

  it('a rule broken by the defaults names the defaults', () => {
    const error = invalid(() => parse(`version: 1\nconnection: { spec: mysql, connectionString: "\${SHOP_DB_URL}" }\ndefaults: { schedule: { frequency: minute, interval: 5 } }\ntables: [{ table: a.b }]`));
    expect(error.field).toBe('flowctl.yaml: defaults.schedule.interval');
    expect(error.rule).toBe('must be at least 15 when frequency is minute');
  });
});

describe('parseManifest: the shape', () => {
  const shape = (text: string) => invalid(() => parse(text));

  it.each([
    ['version: 2\nconnection: { id: 1a444165-3439-4c16-8441-653439dc166a }\ntables: [{ table: a.b }]', 'flowctl.yaml: version', 'must be 1'],
    ['connection: { id: 1a444165-3439-4c16-8441-653439dc166a }\ntables: [{ table: a.b }]', 'flowctl.yaml: version', 'is required'],
    ['version: 1\ntables: [{ table: a.b }]', 'flowctl.yaml: connection', 'is required'],
    ['version: 1\nconnection: { id: 1a444165-3439-4c16-8441-653439dc166a }', 'flowctl.yaml: tables', 'is required'],
    ['version: 1\nconnection: { id: 1a444165-3439-4c16-8441-653439dc166a }\ntables: []', 'flowctl.yaml: tables', 'must list at least one table'],
    ['version: 1\nconnection: { id: 1a444165-3439-4c16-8441-653439dc166a }\ntables: { table: a.b }', 'flowctl.yaml: tables', 'must be a list of tables, not a mapping'],
    ['version: 1\nconnection: { id: 1a444165-3439-4c16-8441-653439dc166a }\ntables: [{ name: x }]', 'flowctl.yaml: tables[0].table', 'is required'],
    ['version: 1\nconnection: { id: 1a444165-3439-4c16-8441-653439dc166a }\ntables: [{ table: a.b, enabled: maybe }]', 'flowctl.yaml: tables[0].enabled', 'must be true or false, not text'],
    ['version: 1\nconnection: { id: 1a444165-3439-4c16-8441-653439dc166a }\ntables: [{ table: a.b, partialIngestionPercent: 0 }]', 'flowctl.yaml: tables[0].partialIngestionPercent', 'must be greater than 0'],
    ['version: 1\nconnection: { id: 1a444165-3439-4c16-8441-653439dc166a }\ntables: [{ table: a.b, partialIngestionPercent: 101 }]', 'flowctl.yaml: tables[0].partialIngestionPercent', 'must be at most 100'],
    ['version: 1\nconnection: { id: 1a444165-3439-4c16-8441-653439dc166a }\ntables: [{ table: a.b, mapping: { a: 3 } }]', 'flowctl.yaml: tables[0].mapping.a', 'must be text, not a number'],
    ['version: 1\nconnection: { id: 1a444165-3439-4c16-8441-653439dc166a }\ntables: [{ table: "a b" }]', 'flowctl.yaml: tables[0].table', '"a b" is not a table path: expected schema.table as `connection explore` lists it (1 to 3 names joined by dots, none empty, no spaces or quotes)'],
    ['version: 1\nconnection: { id: not-a-uuid }\ntables: [{ table: a.b }]', 'flowctl.yaml: connection.id', expect.stringContaining('is not a UUID')],
    ['version: 1\nconnection: { id: 1a444165-3439-4c16-8441-653439dc166a, spec: mysql }\ntables: [{ table: a.b }]', 'flowctl.yaml: connection.spec', 'cannot be combined with connection.id (an existing connection is used as it is)'],
    ['version: 1\nconnection: { connectionString: "${SHOP_DB_URL}" }\ntables: [{ table: a.b }]', 'flowctl.yaml: connection', expect.stringContaining('needs spec')],
    ['version: 1\nconnection: { spec: mysql }\ntables: [{ table: a.b }]', 'flowctl.yaml: connection', expect.stringContaining('needs connectionString')],
    ['version: 1\nconnection: { spec: oracle9, connectionString: "${SHOP_DB_URL}" }\ntables: [{ table: a.b }]', 'flowctl.yaml: connection.spec', expect.stringContaining('unknown database "oracle9"')],
  ])('%#: %s → %s', (text, field, rule) => {
    const error = shape(text);
    expect(error.field).toBe(field);
    expect(error.rule).toEqual(rule);
  });

  it.each([
    ['top level', 'version: 1\nconection: {}\nconnection: { id: 1a444165-3439-4c16-8441-653439dc166a }\ntables: [{ table: a.b }]', 'conection', 'version, connection, defaults, tables'],
    ['connection', 'version: 1\nconnection: { id: 1a444165-3439-4c16-8441-653439dc166a, host: db }\ntables: [{ table: a.b }]', 'connection.host', 'spec, connectionString, params, authSpec, name, id'],
    ['defaults', 'version: 1\nconnection: { id: 1a444165-3439-4c16-8441-653439dc166a }\ndefaults: { enabled: false }\ntables: [{ table: a.b }]', 'defaults.enabled', 'schedule, partialIngestionPercent, errorDiagnostics'],
    ['a table', 'version: 1\nconnection: { id: 1a444165-3439-4c16-8441-653439dc166a }\ntables: [{ table: a.b }, { table: a.c, delta_column: x }]', 'tables[1].delta_column', 'table, name, deltaColumn'],
  ])('an unknown key (%s) is named with the keys that level takes', (_level, text, path, known) => {
    const error = shape(text);
    expect(error.field).toBe(`flowctl.yaml: ${path}`);
    expect(error.rule).toContain('unknown key (expected one of: ');
    expect(error.rule).toContain(known);
  });

  it('malformed YAML: the line and column, exit 2 (an InvalidInputError)', () => {
    const error = shape('version: 1\nconnection:\n  spec: mysql\n  connectionString: [unclosed\ntables: []\n');
    expect(error.field).toBe('flowctl.yaml');
    expect(error.rule).toMatch(/^line \d+, column \d+: not valid YAML: /);
    const tab = shape('version: 1\ntables:\n  - table: a.b\n   name: x\n');
    expect(tab.rule).toMatch(/^line 4, column \d+: not valid YAML/);
  });

  it('a key given twice in one mapping is malformed YAML, with its line', () => {
    const error = shape('version: 1\nversion: 1\n');
    expect(error.rule).toMatch(/^line 2, column 1: not valid YAML: Map keys must be unique/);
  });

  it('an empty file, or one that is not a mapping', () => {
    expect(shape('').rule).toMatch(/^is empty/);
    expect(shape('# only a comment\n').rule).toMatch(/^is empty/);
    expect(shape('- a\n- b\n').rule).toBe('must be a mapping with version, connection and tables, not a list');
  });
});

describe('parseManifest: duplicates', () => {
  it('the same table twice without names', () => {
    const error = invalid(() => parse(withTables('  - table: shop.customers\n  - table: shop.orders\n  - table: shop.customers')));
    expect(error.field).toBe('flowctl.yaml: tables[2].table');
    expect(error.rule).toBe('shop.customers is listed twice (tables[0]): give each entry its own name');
  });

  it('two entries with one prefix (names compare case-insensitively)', () => {
    const error = invalid(() => parse(withTables('  - { table: shop.customers, name: Shop }\n  - { table: shop.orders, name: shop }')));
    expect(error.field).toBe('flowctl.yaml: tables[1].name');
    expect(error.rule).toBe('the prefix "shop" is already used by tables[0]: every entry needs its own name');
  });

  it('a name equal to another entry\'s default prefix', () => {
    const error = invalid(() => parse(withTables('  - { table: shop.customers }\n  - { table: shop.orders, name: flowctl shop.customers }')));
    expect(error.field).toBe('flowctl.yaml: tables[1].name');
  });
});

describe('keyPath', () => {
  it('writes indexes in brackets and odd keys quoted', () => {
    expect(keyPath(['tables', 1, 'schedule', 'interval'])).toBe('tables[1].schedule.interval');
    expect(keyPath(['tables', 0, 'mapping', 'full name'])).toBe('tables[0].mapping["full name"]');
    expect(keyPath([])).toBe('');
  });
});

describe('parseManifest: class and timestamp', () => {
  it('class: event with its timestamp column, record and profile; none leaves the choice to onboard', () => {
    const m = parse(withTables('  - table: shop.orders\n    class: event\n    timestamp: ordered_at\n  - table: shop.countries\n    class: record\n  - table: shop.customers\n    class: profile\n  - table: shop.other'));
    expect(m.tables.map((t) => [t.xdmClass, t.timestamp])).toEqual([
      ['event', 'ordered_at'],
      ['record', undefined],
      ['profile', undefined],
      [undefined, undefined],
    ]);
  });

  it.each([
    ['    class: events', 'tables[0].class', 'must be "profile" or "event" or "record"'],
    ['    class: 1', 'tables[0].class', 'must be "profile" or "event" or "record"'],
    ['    timestamp: ordered_at', 'tables[0].timestamp', 'only an event has a timestamp: add class: event to this table'],
    ['    class: record\n    timestamp: ordered_at', 'tables[0].timestamp', 'only an event has a timestamp: add class: event to this table'],
    ['    class: event\n    timestamp: " "', 'tables[0].timestamp', 'must not be empty'],
    ['    klass: event', 'tables[0].klass', expect.stringContaining('class, timestamp')],
  ])('%s → %s', (lines, path, rule) => {
    const error = invalid(() => parse(withTables(`  - table: shop.orders\n${lines}`)));
    expect(error.field).toBe(`flowctl.yaml: ${path}`);
    expect(error.rule).toEqual(rule);
  });
});
