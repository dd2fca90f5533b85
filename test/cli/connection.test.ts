import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { FLOW, platform, unmatched, useNock } from '../helpers/nock.js';

useNock();

const MYSQL = '26d738e0-8963-47ea-aadf-c60de735468a';
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

  it('rejects a connection string the spec pattern refuses, without echoing it and without creating anything', async () => {
    platform().get(`${FLOW}/connectionSpecs/${MYSQL}`).reply(200, mysqlSpec);
    const result = await runCli(['connection', 'create', '--spec', 'mysql', '--connection-string-file', '-'], { stdin: 'host=db;password=hunter22' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--connection-string: does not match the format MySQL expects');
    expect(result.stderr).not.toContain('hunter22');
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
