// The bad-input corpus: every case is run against a live emulator and must exit 2 with one line on stderr that
// names the field (flag, variable, file key) and the rule it breaks — and the emulator must have seen no request
// at all (not even for a token), or, for the few inputs that can only be judged against what exists on the
// Platform (a mapping destination missing from a schema that is already there), no write.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { emulatorEnv, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

interface Case {
  name: string;
  argv: string[];
  /** Environment changes for this case; undefined removes a variable. */
  env?: Record<string, string | undefined>;
  /** Files written into the working folder first. */
  files?: Record<string, string>;
  /** What the one line must say: the field, then the rule. */
  says: RegExp;
  /** The input can only be judged against the Platform's state: reads are allowed, writes are not. */
  readsAllowed?: boolean;
}

const UUID = '1a444165-3439-4c16-8441-653439dc166a';
const UUID2 = '2b555276-4540-4d27-9552-764540ed277b';
const MAPPING = '0123456789abcdef0123456789abcdef';
const FLOW = ['flow', 'create', '--source', UUID, '--target', UUID2, '--mapping', MAPPING, '--delta-column', 'updated_at'];
const schedule = (...flags: string[]) => [...FLOW, ...flags];
const YAML_HEAD = 'version: 1\nconnection:\n  spec: postgresql\n  connectionString: ${DB_URL}\n';
const yaml = (body: string) => ({ 'flowctl.yaml': body });
/** `plan` checks a file exactly as `apply` does, and is the safer of the two to feed bad files. */
const PLAN = ['plan', '-f', 'flowctl.yaml'];

const CASES: Case[] = [
  // Schedule rules of the CRMToAEP flow spec, in every combination that breaks one.
  { name: 'once with an interval', argv: schedule('--frequency', 'once', '--interval', '15'), says: /--interval: .*once/ },
  { name: 'once with backfill', argv: schedule('--frequency', 'once', '--backfill'), says: /--backfill: .*once/ },
  { name: 'minute without interval', argv: schedule('--frequency', 'minute'), says: /--interval: .*required/ },
  { name: 'minute every 14', argv: schedule('--frequency', 'minute', '--interval', '14'), says: /--interval: must be at least 15 when --frequency is minute/ },
  { name: 'hour every 0', argv: schedule('--frequency', 'hour', '--interval', '0'), says: /--interval: .*at least 1/ },
  { name: 'day every -1', argv: schedule('--frequency', 'day', '--interval', '-1'), says: /--interval: .*(at least 1|whole number)/ },
  { name: 'week every 1.5', argv: schedule('--frequency', 'week', '--interval', '1.5'), says: /--interval: .*whole number/ },
  { name: 'interval NaN', argv: schedule('--frequency', 'hour', '--interval', 'NaN'), says: /--interval: .*whole number/ },
  { name: 'interval huge', argv: schedule('--frequency', 'hour', '--interval', '1e309'), says: /--interval: / },
  { name: 'interval beyond a safe integer', argv: schedule('--frequency', 'hour', '--interval', '99999999999999999999'), says: /--interval: / },
  { name: 'unknown frequency', argv: schedule('--frequency', 'yearly', '--interval', '1'), says: /--frequency <frequency>' argument 'yearly' is invalid. Allowed choices are once, minute, hour, day, week/ },
  { name: 'start time not a time', argv: schedule('--frequency', 'hour', '--interval', '1', '--start-time', 'tomorrow'), says: /--start-time: / },
  { name: 'start time fractional', argv: schedule('--frequency', 'hour', '--interval', '1', '--start-time', '1796105765.5'), says: /--start-time: / },
  { name: 'start time without a zone', argv: schedule('--frequency', 'hour', '--interval', '1', '--start-time', '2026-12-01T00:00:00'), says: /--start-time: .*zone/ },
  { name: 'start time negative', argv: schedule('--frequency', 'hour', '--interval', '1', '--start-time', '-5'), says: /--start-time: / },
  { name: 'partial ingestion over 100', argv: schedule('--frequency', 'hour', '--interval', '1', '--partial-ingestion-percent', '101'), says: /--partial-ingestion-percent: / },
  { name: 'partial ingestion negative', argv: schedule('--frequency', 'hour', '--interval', '1', '--partial-ingestion-percent', '-1'), says: /--partial-ingestion-percent: / },
  { name: 'partial ingestion not a number', argv: schedule('--frequency', 'hour', '--interval', '1', '--partial-ingestion-percent', 'abc'), says: /--partial-ingestion-percent: / },
  { name: 'flow update with a bad schedule', argv: ['flow', 'update', UUID, '--frequency', 'minute', '--interval', '5'], says: /--interval: must be at least 15/ },

  // Malformed ids.
  { name: 'flow id not a UUID', argv: ['flow', 'get', 'not-a-uuid'], says: /flow id: .*not a UUID/ },
  { name: 'source id not a UUID', argv: [...FLOW.slice(0, 3), 'x', ...FLOW.slice(4), '--frequency', 'hour', '--interval', '1'], says: /--source: .*not a UUID/ },
  { name: 'mapping id not 32 hex', argv: ['flow', 'create', '--source', UUID, '--target', UUID2, '--mapping', 'abc', '--delta-column', 'u', '--frequency', 'hour', '--interval', '1'], says: /--mapping: / },
  { name: 'mapping version not a number', argv: ['flow', 'create', '--source', UUID, '--target', UUID2, '--mapping', `${MAPPING}@latest`, '--delta-column', 'u', '--frequency', 'hour', '--interval', '1'], says: /--mapping: .*version/ },
  { name: 'dataset id not 24 hex', argv: ['dataset', 'get', 'xyz'], says: /dataset id: / },
  { name: 'run id not a UUID', argv: ['run', 'get', '123'], says: /run id: .*not a UUID/ },
  { name: 'connection id with a path', argv: ['connection', 'delete', '../../etc/passwd'], says: /connection id: .*not a UUID/ },
  { name: 'empty schema id', argv: ['schema', 'get', ''], says: /schema id: / },
  { name: 'target schema not an id', argv: ['target', 'create', '--schema', 'people', '--dataset', '0123456789abcdef01234567'], says: /--schema: / },

  // Unknown names.
  { name: 'unknown spec', argv: ['connection', 'create', '--spec', 'nosuch', '--connection-string', 'Server=x'], says: /--spec: unknown database "nosuch"/ },
  { name: 'unknown spec in a list filter', argv: ['connection', 'list', '--spec', 'nosuch'], says: /--spec: unknown database "nosuch"/ },
  { name: 'unknown spec in onboard', argv: ['onboard', '--spec', 'nosuch', '--connection-string', 'Server=x', '--table', 'a.b'], says: /--spec: unknown database "nosuch"/ },
  { name: 'unknown spec in a file', argv: PLAN, env: { DB_URL: 'Server=x' }, files: yaml('version: 1\nconnection:\n  spec: nosuch\n  connectionString: ${DB_URL}\ntables:\n  - table: a.b\n'), says: /connection\.spec: unknown database "nosuch"/ },

  // Bad table paths.
  { name: 'table with an empty part', argv: ['source', 'create', '--connection', UUID, '--table', 'shop..customers'], says: /--table: / },
  { name: 'empty table', argv: ['source', 'create', '--connection', UUID, '--table', ''], says: /--table: / },
  { name: 'table starting with a dot', argv: ['onboard', '--connection', UUID, '--table', '.customers'], says: /--table: / },
  { name: 'table with a control character', argv: ['source', 'create', '--connection', UUID, '--table', 'shop.\u0007customers'], says: /--table: .*control/ },
  { name: 'table with too many parts', argv: ['source', 'create', '--connection', UUID, '--table', 'a.b.c.d'], says: /--table: / },
  { name: 'table in a file', argv: PLAN, env: { DB_URL: 'Server=x' }, files: yaml(`${YAML_HEAD}tables:\n  - table: shop..customers\n`), says: /tables\[0\]\.table: / },

  // Mappings.
  { name: 'map without =', argv: ['mapping', 'create', '--schema', `https://ns.adobe.com/t/schemas/${MAPPING}`, '--map', 'email'], says: /--map: .*SOURCE=/ },
  { name: 'map without a source', argv: ['mapping', 'create', '--schema', `https://ns.adobe.com/t/schemas/${MAPPING}`, '--map', '=personalEmail.address'], says: /--map: / },
  { name: 'map without a destination', argv: ['mapping', 'create', '--schema', `https://ns.adobe.com/t/schemas/${MAPPING}`, '--map', 'email='], says: /--map: / },
  { name: 'map to a malformed path', argv: ['mapping', 'create', '--schema', `https://ns.adobe.com/t/schemas/${MAPPING}`, '--map', 'email=person..email'], says: /--map destination: "person\.\.email" is not a dot path/ },
  { name: 'mapping file not JSON', argv: ['mapping', 'create', '--schema', `https://ns.adobe.com/t/schemas/${MAPPING}`, '--file', 'm.json'], files: { 'm.json': '{"mappings": [' }, says: /m\.json: is not valid JSON/ },
  { name: 'mapping file CSV without destination', argv: ['mapping', 'create', '--schema', `https://ns.adobe.com/t/schemas/${MAPPING}`, '--file', 'm.csv'], files: { 'm.csv': 'source,destination\nemail\n' }, says: /m\.csv row 2 destination: / },
  { name: 'mapping file empty', argv: ['mapping', 'create', '--schema', `https://ns.adobe.com/t/schemas/${MAPPING}`, '--file', 'm.csv'], files: { 'm.csv': '' }, says: /m\.csv: is empty/ },
  { name: 'mapping file missing', argv: ['mapping', 'create', '--schema', `https://ns.adobe.com/t/schemas/${MAPPING}`, '--file', 'nope.json'], says: /--file: .*nope\.json/ },
  { name: 'onboard mapping file not JSON', argv: ['onboard', '--connection', UUID, '--table', 'a.b', '--mapping-file', 'm.json'], files: { 'm.json': '{oops' }, says: /m\.json: is not valid JSON/ },
  { name: 'onboard mapping to a malformed path', argv: ['onboard', '--connection', UUID, '--table', 'a.b', '--mapping-file', 'm.json'], files: { 'm.json': '{"email": "person..x"}' }, says: /--mapping-file m\.json "email": "person\.\.x" is not a dot path/ },
  { name: 'mapping in a file to a malformed path', argv: PLAN, env: { DB_URL: 'Server=x' }, files: yaml(`${YAML_HEAD}tables:\n  - table: a.b\n    mapping: { email: "person..x" }\n`), says: /tables\[0\]\.mapping\.email: / },

  // Files flowctl reads.
  { name: 'malformed YAML', argv: PLAN, files: yaml('version: 1\ntables: [a\n'), says: /flowctl\.yaml: .*line/ },
  { name: 'YAML with a literal connection string', argv: PLAN, files: yaml('version: 1\nconnection:\n  spec: mysql\n  connectionString: "Server=db;UID=u;PWD=hunter2"\ntables:\n  - table: a.b\n'), says: /connection\.connectionString: .*\$\{/ },
  { name: 'YAML with a literal password param', argv: PLAN, files: yaml('version: 1\nconnection:\n  spec: mysql\n  params: { host: db, password: hunter2 }\ntables:\n  - table: a.b\n'), says: /connection\.params\.password: .*\$\{/ },
  { name: 'YAML with an unknown key', argv: PLAN, env: { DB_URL: 'Server=x' }, files: yaml(`${YAML_HEAD}tables:\n  - table: a.b\n    delta: updated_at\n`), says: /tables\[0\]\.delta: / },
  { name: 'YAML without tables', argv: PLAN, env: { DB_URL: 'Server=x' }, files: yaml(`${YAML_HEAD}tables: []\n`), says: /tables: / },
  { name: 'YAML with an unset variable', argv: PLAN, env: { DB_URL: undefined }, files: yaml(`${YAML_HEAD}tables:\n  - table: a.b\n`), says: /connection\.connectionString: .*DB_URL/ },
  { name: 'YAML with an empty variable', argv: PLAN, env: { DB_URL: '' }, files: yaml(`${YAML_HEAD}tables:\n  - table: a.b\n`), says: /connection\.connectionString: .*DB_URL/ },
  { name: 'YAML with a bad schedule', argv: PLAN, env: { DB_URL: 'Server=x' }, files: yaml(`${YAML_HEAD}tables:\n  - table: a.b\n    schedule: { frequency: minute, interval: 5 }\n`), says: /tables\[0\]\.schedule\.interval: must be at least 15/ },
  { name: 'YAML with one prefix twice', argv: PLAN, env: { DB_URL: 'Server=x' }, files: yaml(`${YAML_HEAD}tables:\n  - table: a.b\n    name: same\n  - table: a.c\n    name: same\n`), says: /tables\[1\]\.name: / },
  { name: 'YAML of an unknown version', argv: PLAN, env: { DB_URL: 'Server=x' }, files: yaml('version: 2\nconnection:\n  spec: postgresql\n  connectionString: ${DB_URL}\ntables:\n  - table: a.b\n'), says: /version: / },
  { name: 'YAML file missing', argv: ['plan', '-f', 'nope.yaml'], says: /nope\.yaml/ },
  // A connection string not in the database's documented form is refused before any request (connection-auth.ts).
  { name: 'connection string a URL', argv: ['connection', 'create', '--spec', 'postgresql', '--connection-string-file', 'c.txt'], files: { 'c.txt': 'postgresql://u:p@db.example.com:5432/shop' }, says: /--connection-string: is a URL/ },
  { name: 'connection string a URL in onboard', argv: ['onboard', '--spec', 'mysql', '--connection-string-file', 'c.txt', '--table', 'shop.customers'], files: { 'c.txt': 'mysql://u:p@db.example.com/shop' }, says: /--connection-string: is a URL/ },
  { name: 'connection string a URL in a file', argv: PLAN, env: { DB_URL: 'postgresql://u:p@db.example.com:5432/shop' }, files: yaml(`${YAML_HEAD}tables:\n  - table: public.customers\n`), says: /connection\.connectionString: is a URL/ },
  { name: 'connection string file missing', argv: ['connection', 'create', '--spec', 'mysql', '--connection-string-file', 'nope.txt'], says: /--connection-string-file: .*nope\.txt/ },
  { name: 'connection string file empty', argv: ['connection', 'create', '--spec', 'mysql', '--connection-string-file', 'c.txt'], files: { 'c.txt': '\n' }, says: /--connection-string-file: .*empty/ },
  { name: 'params file not JSON', argv: ['connection', 'create', '--spec', 'bigquery', '--params-file', 'p.json'], files: { 'p.json': '[1,' }, says: /--params-file: .*JSON/ },
  { name: 'param without =', argv: ['connection', 'create', '--spec', 'bigquery', '--param', 'project'], says: /--param: "project" must look like/ },
  { name: 'both connection string flags', argv: ['connection', 'create', '--spec', 'mysql', '--connection-string', 'a', '--connection-string-file', 'c.txt'], files: { 'c.txt': 'b' }, says: /--connection-string-file.*cannot be used with.*--connection-string/ },

  // The environment.
  { name: 'no sandbox', argv: ['flow', 'list'], env: { AEP_SANDBOX_NAME: undefined }, says: /sandbox: .*AEP_SANDBOX_NAME/ },
  { name: 'empty sandbox', argv: ['flow', 'list'], env: { AEP_SANDBOX_NAME: '' }, says: /sandbox: .*AEP_SANDBOX_NAME/ },
  { name: 'no organization', argv: ['flow', 'list'], env: { AEP_IMS_ORG: undefined }, says: /AEP_IMS_ORG/ },
  { name: 'no client id', argv: ['flow', 'list'], env: { AEP_API_KEY: '' }, says: /AEP_API_KEY/ },
  { name: 'neither a secret nor a token', argv: ['flow', 'list'], env: { AEP_CLIENT_SECRET: undefined }, says: /AEP_CLIENT_SECRET.*AEP_ACCESS_TOKEN|AEP_ACCESS_TOKEN.*AEP_CLIENT_SECRET/ },
  { name: 'timeout not a number', argv: ['flow', 'list'], env: { FLOWCTL_TIMEOUT: 'soon' }, says: /FLOWCTL_TIMEOUT: / },
  { name: 'retries negative', argv: ['flow', 'list'], env: { FLOWCTL_MAX_RETRIES: '-1' }, says: /FLOWCTL_MAX_RETRIES: / },
  { name: 'plain http to another host', argv: ['flow', 'list'], env: { AEP_PLATFORM_URL: 'http://platform.example.com' }, says: /AEP_PLATFORM_URL: .*https/ },
  { name: 'platform URL not a URL', argv: ['flow', 'list'], env: { AEP_PLATFORM_URL: 'platform adobe io' }, says: /AEP_PLATFORM_URL: / },
  { name: 'IMS URL plain http to another host', argv: ['flow', 'list'], env: { AEP_IMS_URL: 'http://ims.example.com' }, says: /AEP_IMS_URL: .*https/ },

  // Numbers.
  { name: 'limit zero', argv: ['flow', 'list', '--limit', '0'], says: /--limit: must be at least 1/ },
  { name: 'limit huge', argv: ['flow', 'list', '--limit', '1e9'], says: /--limit: / },
  { name: 'wait timeout negative', argv: ['run', 'wait', '--flow', UUID, '--timeout', '-5s'], says: /--timeout: / },
  { name: 'wait timeout not a duration', argv: ['run', 'wait', '--flow', UUID, '--timeout', 'forever'], says: /--timeout: / },
  { name: 'preview limit NaN', argv: ['dataset', 'preview', '0123456789abcdef01234567', '--limit', 'NaN'], says: /--limit: / },
  { name: 'apply concurrency zero', argv: ['apply', '-f', 'flowctl.yaml', '--concurrency', '0'], env: { DB_URL: 'Server=x' }, files: yaml(`${YAML_HEAD}tables:\n  - table: a.b\n`), says: /--concurrency: / },

  // Flags and commands.
  { name: 'unknown flag', argv: ['--frobnicate'], says: /unknown option '--frobnicate'/ },
  { name: 'unknown flag of a command', argv: ['flow', 'list', '--stat', 'enabled'], says: /unknown option '--stat'.*--state/ },
  { name: 'unknown command', argv: ['flw', 'list'], says: /unknown command 'flw'.*flow/ },
  { name: 'missing required flag', argv: ['source', 'create', '--table', 'a.b'], says: /--connection/ },
  { name: 'flag without its value', argv: ['flow', 'list', '--limit'], says: /--limit/ },

  // Unicode and control characters.
  { name: 'name with a NUL', argv: ['schema', 'create', '--title', 'a\u0000b'], says: /--title: .*control/ },
  { name: 'name with a newline', argv: ['dataset', 'create', '--schema', `https://ns.adobe.com/t/schemas/${MAPPING}`, '--name', 'two\nlines'], says: /--name: .*control/ },
  { name: 'description with an escape sequence', argv: ['flow', 'update', UUID, '--description', 'x\u001b[31m'], says: /--description: .*control/ },
  { name: 'name too long', argv: ['connection', 'create', '--spec', 'mysql', '--connection-string', 'Server=x', '--name', 'n'.repeat(1000)], says: /--name: .*characters/ },
  { name: 'sandbox with a newline', argv: ['flow', 'list', '--sandbox', 'dev\nprod'], says: /--sandbox: / },
  { name: 'sandbox with capitals and spaces', argv: ['flow', 'list', '--sandbox', 'My Sandbox'], says: /--sandbox: / },
  { name: 'prefix with a right-to-left override', argv: ['onboard', '--connection', UUID, '--table', 'a.b', '--name', 'abc\u202Edef'], says: /--name: .*control/ },
  { name: 'a lone surrogate', argv: ['schema', 'create', '--title', 'bad \uD800 text'], says: /--title: / },

  // Inputs judged against what exists: the schema is read, nothing is written.
  { name: 'map to a path the schema lacks', argv: ['mapping', 'create', '--schema', 'SCHEMA', '--map', 'email=person.nosuch'], says: /--map: "person\.nosuch" \(the destination of email\) is not a field of schema/, readsAllowed: true },
];

describe('bad input: exit 2, one line naming the field and the rule, nothing sent', () => {
  let e: TestEmulator;
  let baseEnv: Record<string, string>;
  let schemaId: string;
  beforeAll(async () => {
    e = await startTestEmulator();
    baseEnv = emulatorEnv(e);
    const created = await runCli(['schema', 'create', '--title', 'Corpus schema'], { env: baseEnv, bareEnv: true });
    expect(created.code, created.stderr).toBe(0);
    schemaId = created.stdout.trim();
  });
  afterAll(() => e.close());

  it('has at least 60 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES)('$name', async (c) => {
    const cwd = tempDir();
    for (const [file, text] of Object.entries(c.files ?? {})) writeFileSync(join(cwd, file), text);
    const env: Record<string, string | undefined> = { ...baseEnv, ...c.env };
    const argv = c.argv.map((a) => (a === 'SCHEMA' ? schemaId : a));
    const before = e.exchanges.length;
    const result = await runCli(argv, { env, bareEnv: true, cwd });
    const sent = e.exchanges.slice(before);

    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n').filter((l) => l !== '');
    expect(lines, 'one line on stderr').toHaveLength(1);
    expect(lines[0]).toMatch(/^error: /);
    expect(lines[0]).toMatch(c.says);
    expect(lines[0], 'no stack trace').not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
    if (c.readsAllowed) expect(sent.filter((x) => x.method !== 'GET' && !x.url.startsWith('/ims/')).map((x) => `${x.method} ${x.url}`)).toEqual([]);
    else expect(sent.map((x) => `${x.method} ${x.url}`), 'requests sent').toEqual([]);
  });
});
