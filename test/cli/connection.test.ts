import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { FLOW, platform, unmatched, useNock } from '../helpers/nock.js';

useNock();

const MYSQL = '26d738e0-8963-47ea-aadf-c60de735468a';
const POSTGRES = '74a1c565-4e59-48d7-9d67-7c03b8a13137';
const CONN = '1a444165-3439-4c16-8441-653439dc166a';
const CONN_STRING = 'Server=db.example.com;Port=3306;Database=shop;UID=reader;PWD=s3cret-pw;';

const mysqlSpec = {
  items: [
    {
      id: MYSQL,
      name: 'mysql',
      version: '1.0',
      authSpec: [
        {
          name: 'Connection String Based Authentication',
          type: 'connectionStringAuth',
          spec: {
            type: 'object',
            properties: { connectionString: { type: 'string', format: 'password', pattern: '^([sS]erver=)(.*)( ?;[pP]ort=)(.*)(; ?[dD]atabase=)(.*)(; ?[uU]id=)(.*)(; ?[pP]wd=)(.*)(;)' } },
            required: ['connectionString'],
          },
        },
      ],
    },
  ],
};

describe('connection create', () => {
  it('reads the connection string from a file, resolves the auth spec, and POSTs the documented body', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'conn.txt'), `${CONN_STRING}\n`);
    let sent: unknown;
    const scope = platform()
      .get(`${FLOW}/connectionSpecs/${MYSQL}`)
      .reply(200, mysqlSpec)
      .post(`${FLOW}/connections`, (body) => ((sent = body), true))
      .matchHeader('content-type', 'application/json')
      .reply(201, { id: CONN, etag: '"5b04c219-0000-0200-0000-5e179c8f0000"' });

    const result = await runCli(['connection', 'create', '--spec', 'mysql', '--connection-string-file', 'conn.txt', '--name', 'shop-db'], { cwd: dir });

    expect(result.stderr).not.toContain('s3cret-pw');
    expect(result.stderr).toBe(`✓ Created connection ${CONN} (shop-db)\n`);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${CONN}\n`);
    expect(sent).toEqual({
      name: 'shop-db',
      description: 'Created by flowctl',
      auth: { specName: 'Connection String Based Authentication', params: { connectionString: CONN_STRING } },
      connectionSpec: { id: MYSQL, version: '1.0' },
    });
    expect(scope.isDone()).toBe(true);
  });

  it('reads the connection string from stdin with -, names it after database and host, and prints JSON', async () => {
    platform()
      .get(`${FLOW}/connectionSpecs/${MYSQL}`)
      .reply(200, mysqlSpec)
      .post(`${FLOW}/connections`, (body: { name: string }) => body.name === 'MySQL shop@db.example.com')
      .reply(201, { id: CONN, etag: '"e1"' });

    const result = await runCli(['connection', 'create', '--spec', 'mysql', '--connection-string-file', '-', '--json'], { stdin: CONN_STRING });

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ id: CONN, etag: '"e1"' });
  });

  it('rejects a connection string that lacks a key, naming it, without echoing the string or sending anything', async () => {
    // The documented format is checked before any request: no spec is read (nock fails on any request not mocked).
    const result = await runCli(['connection', 'create', '--spec', 'mysql', '--connection-string-file', '-'], { stdin: 'host=db;password=hunter22' });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: --connection-string: lacks UID= — MySQL expects Server={SERVER};Port={PORT};Database={DB};UID={USER};PWD=***;\n');
    expect(result.stderr).not.toContain('hunter22');
  });

  it('sends the documented form without its trailing ; (and with blanks after each ;) as the spec pattern wants it', async () => {
    const sent: string[] = [];
    platform()
      .get(`${FLOW}/connectionSpecs/${MYSQL}`)
      .times(2)
      .reply(200, mysqlSpec)
      .post(`${FLOW}/connections`, (body: { auth: { params: { connectionString: string } } }) => (sent.push(body.auth.params.connectionString), true))
      .times(2)
      .reply(201, { id: CONN, etag: '"e"' });

    const bare = await runCli(['connection', 'create', '--spec', 'mysql', '--connection-string-file', '-'], { stdin: CONN_STRING.slice(0, -1) });
    const spaced = await runCli(['connection', 'create', '--spec', 'mysql', '--connection-string-file', '-'], { stdin: 'Server=db.example.com; Port=3306; Database=shop; Uid=reader; Pwd=s3cret-pw; SslMode=Preferred;' });

    expect([bare.code, spaced.code]).toEqual([0, 0]);
    expect(sent).toEqual([CONN_STRING, 'Server=db.example.com;Port=3306;Database=shop;Uid=reader;Pwd=s3cret-pw;SslMode=Preferred;']);
    expect(bare.stderr + spaced.stderr).not.toContain('s3cret-pw');
  });

  it.each([
    // Judged from the documented format alone: refused before any request.
    ['a URL', 'postgresql', 'postgresql://reader:s3cret-pw@db.example.com/shop', '--connection-string: is a URL (postgresql://…), not Key=Value parts separated by ; — PostgreSQL expects', 'offline'],
    ['a part without =', 'postgresql', 'Server=db;Database=shop;UID=reader;Password=ab;s3cret-pw', '--connection-string: part 5 is not Key=Value (does a value hold a ;?)', 'offline'],
    ['no user', 'postgresql', 'Server=db;Database=shop;Port=5432;Password=s3cret-pw', '--connection-string: lacks UID=', 'offline'],
    // Judged against the spec's own pattern, which is read from the Platform first.
    ['MySQL keys out of order', 'mysql', 'Server=db;Database=shop;Port=3306;UID=reader;PWD=s3cret-pw', '--connection-string: part 2 (Database=) must come after Port=', 'spec read'],
    ['a MySQL key spelt otherwise', 'mysql', 'Server=db;Port=3306;Database=shop;User Id=reader;PWD=s3cret-pw', '--connection-string: part 4 (User Id=) must be spelt UID= for MySQL', 'spec read'],
  ])('refuses %s with exit 2, naming the first wrong part, and creates nothing', async (_label, spec, given, message, when) => {
    const postgresSpec = { items: [{ ...mysqlSpec.items[0], id: POSTGRES, name: 'postgre-sql', authSpec: [{ ...mysqlSpec.items[0]?.authSpec[0], spec: { type: 'object', required: ['connectionString'] } }] }] };
    if (when === 'spec read') platform().get(`${FLOW}/connectionSpecs/${spec === 'mysql' ? MYSQL : POSTGRES}`).reply(200, spec === 'mysql' ? mysqlSpec : postgresSpec);
    const result = await runCli(['connection', 'create', '--spec', spec, '--connection-string-file', '-'], { stdin: given });
    expect(result.stderr).toContain(`error: ${message}`);
    expect(result.stderr).not.toContain('s3cret-pw');
    expect(result.code).toBe(2);
    expect(unmatched).toEqual([]);
  });

  it.each([
    [['connection', 'create', '--spec', 'nosuchdb', '--connection-string', 'x'], '--spec: unknown database "nosuchdb"'],
    [['connection', 'create', '--spec', 'mysql'], '--connection-string-file: a credential is required'],
    [['connection', 'create', '--spec', 'mysql', '--connection-string-file', 'missing.txt'], '--connection-string-file: file not found: missing.txt'],
    [['connection', 'create', '--spec', 'mysql', '--param', 'novalue'], '--param: "novalue" must look like KEY=VALUE'],
    [['connection', 'get', 'not-a-uuid'], 'connection id: "not-a-uuid" is not a UUID'],
    [['connection', 'list', '--limit', '0'], '--limit: must be at least 1'],
  ])('bad input %j exits 2 with a clear message and sends nothing', async (argv, message) => {
    const result = await runCli(argv);
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(2);
    expect(unmatched).toEqual([]);
  });

  it('warns that a connection string on the command line is visible, and never prints it', async () => {
    platform().get(`${FLOW}/connectionSpecs/${MYSQL}`).reply(200, mysqlSpec).post(`${FLOW}/connections`).reply(201, { id: CONN, etag: '"e"' });
    const result = await runCli(['connection', 'create', '--spec', 'mysql', '--connection-string', CONN_STRING]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('prefer --connection-string-file');
    expect(result.stderr + result.stdout).not.toContain('s3cret-pw');
  });
});

describe('connection create --test', () => {
  const create = (extra: string[] = []) => runCli(['connection', 'create', '--spec', 'mysql', '--connection-string-file', '-', '--test', ...extra], { stdin: CONN_STRING });
  const created = () => platform().get(`${FLOW}/connectionSpecs/${MYSQL}`).reply(200, mysqlSpec).post(`${FLOW}/connections`).reply(201, { id: CONN, etag: '"e"' });

  it('tests the new connection before printing its id', async () => {
    created().get(`${FLOW}/connections/${CONN}/test`).reply(200, { result: true });
    const result = await create();
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${CONN}\n`);
    expect(result.stderr).toContain(`✓ Created connection ${CONN}`);
    expect(result.stderr).toContain('✓ Tested: the Platform reached the database');
  });

  it('deletes the connection again when the test answers false, and exits 1 saying so', async () => {
    created().get(`${FLOW}/connections/${CONN}/test`).reply(200, { result: false }).delete(`${FLOW}/connections/${CONN}`).reply(204);
    const result = await create(['--json']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `error: connection ${CONN} failed its test, so it was deleted again: the Platform could not reach the database — check the host, port, database and credentials\n`,
    );
  });

  it("deletes it again when the test is refused, quoting the Platform's reason with the password scrubbed", async () => {
    const report = { 'detailed-message': "Error from flow provider: cannot connect to the MySQL database: Access denied for user 'reader' (password s3cret-pw)" };
    created()
      .get(`${FLOW}/connections/${CONN}/test`)
      .reply(400, { type: 'https://ns.adobe.com/aep/errors/FLOW-1100-400', title: 'Invalid request', status: 400, report })
      .delete(`${FLOW}/connections/${CONN}`)
      .reply(204);
    const result = await create();
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^error: connection ${CONN} failed its test, so it was deleted again: 400 Invalid request .*Access denied for user 'reader'.*\\[FLOW-1100-400\\]\\n$`));
    expect(result.stderr).not.toContain('s3cret-pw');
  });

  it('says so when the failed connection cannot be deleted either', async () => {
    created().get(`${FLOW}/connections/${CONN}/test`).reply(200, { result: false }).delete(`${FLOW}/connections/${CONN}`).reply(404, { title: 'Not found' });
    const result = await create();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: connection ${CONN} failed its test: the Platform could not reach the database`);
    expect(result.stderr).toContain(`deleting it failed too (404 Not found): run flowctl connection delete ${CONN}`);
  });

  it('--dry-run creates nothing, so it tests nothing', async () => {
    platform().get(`${FLOW}/connectionSpecs/${MYSQL}`).reply(200, mysqlSpec);
    const result = await create(['--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`POST https://platform.adobe.io${FLOW}/connections`);
    expect(result.stdout).not.toContain('/test');
    expect(result.stdout + result.stderr).not.toContain('s3cret-pw');
    expect(unmatched).toEqual([]);
  });
});

describe('connection get/list/delete', () => {
  const item = {
    id: CONN,
    name: 'shop-db',
    connectionSpec: { id: MYSQL, version: '1.0' },
    state: 'enabled',
    auth: { specName: 'Connection String Based Authentication', params: { connectionString: CONN_STRING } },
    etag: '"e"',
    createdAt: 1767225600000,
  };

  it('get masks the password in human and JSON output', async () => {
    platform().get(`${FLOW}/connections/${CONN}`).times(2).reply(200, { items: [item] });
    const human = await runCli(['connection', 'get', CONN]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('MySQL');
    expect(human.stdout).toContain('PWD=***');
    expect(human.stdout).not.toContain('s3cret-pw');
    const json = await runCli(['connection', 'get', CONN, '--json']);
    expect(JSON.parse(json.stdout).auth.params.connectionString).toBe('Server=db.example.com;Port=3306;Database=shop;UID=reader;PWD=***;');
  });

  it('list filters by spec and follows _links.next pages', async () => {
    platform()
      .get(`${FLOW}/connections`)
      .query({ property: `connectionSpec.id==${MYSQL}`, limit: '50' })
      .reply(200, { items: [item], _links: { next: { href: '/connections?continuationToken=abc' } } })
      .get(`${FLOW}/connections`)
      .query({ property: `connectionSpec.id==${MYSQL}`, limit: '50', continuationToken: 'abc' })
      .reply(200, { items: [{ ...item, id: '2a444165-3439-4c16-8441-653439dc166a', name: 'second' }], _links: {} });
    const result = await runCli(['connection', 'list', '--spec', 'mysql']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(2);
    expect(result.stdout).toContain('second');
  });

  it('delete answers 204 and reports it; 1418-400 is explained', async () => {
    platform().delete(`${FLOW}/connections/${CONN}`).reply(204);
    const ok = await runCli(['connection', 'delete', CONN]);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain(`Deleted connection ${CONN}`);

    platform()
      .delete(`${FLOW}/connections/${CONN}`)
      .reply(400, { type: 'https://ns.adobe.com/aep/errors/FLOW-1418-400', title: 'Invalid request', status: 400, report: { 'detailed-message': 'The connection is used by flows' } });
    const refused = await runCli(['connection', 'delete', CONN]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/400 Invalid request .*\[FLOW-1418-400\] — delete the flows that use this connection first/);
  });
});
