import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { FLOW, platform, unmatched, useNock } from '../helpers/nock.js';

useNock();

const MYSQL = '26d738e0-8963-47ea-aadf-c60de735468a';
const CONN = '1a444165-3439-4c16-8441-653439dc166a';
const SOURCE = 'b7581b59-c603-4df1-a689-d23d7ac440f3';
const ETAG = '"2b00d3c2-0000-0200-0000-5e179c8f0000"';

const baseConnection = {
  items: [
    {
      id: CONN,
      name: 'shop-db',
      connectionSpec: { id: MYSQL, version: '1.0' },
      state: 'enabled',
      auth: { specName: 'Connection String Based Authentication', params: { connectionString: 'Server=db;Port=3306;Database=shop;UID=u;PWD=***;' } },
    },
  ],
};

const idColumn = { name: 'id', type: 'string', xdm: { type: 'string' } };
const emailColumn = { name: 'email', type: 'string', xdm: { type: 'string' } };
const updatedColumn = { name: 'updated_at', type: 'string', 'meta:xdmType': 'date-time', xdm: { type: 'string', format: 'date-time' } };
const customersTable = { format: 'flat', schema: { columns: [idColumn, emailColumn, updatedColumn] } };

describe('source create', () => {
  it('copies the connection spec of the base connection and POSTs the documented body; stdout is only the id', async () => {
    let sent: unknown;
    const scope = platform()
      .get(`${FLOW}/connections/${CONN}`)
      .reply(200, baseConnection)
      .post(`${FLOW}/sourceConnections`, (body) => ((sent = body), true))
      .matchHeader('content-type', 'application/json')
      .reply(201, { id: SOURCE, etag: ETAG });

    const result = await runCli(['source', 'create', '--connection', CONN, '--table', 'shop.customers']);

    expect(result.stderr).toBe(`✓ Created source connection ${SOURCE} (shop.customers source)\n`);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${SOURCE}\n`);
    expect(sent).toEqual({
      name: 'shop.customers source',
      description: 'Table shop.customers, created by flowctl',
      baseConnectionId: CONN,
      connectionSpec: { id: MYSQL, version: '1.0' },
      data: { format: 'tabular' },
      params: { tableName: 'shop.customers' },
    });
    expect(scope.isDone()).toBe(true);
  });

  it('uses the spec of whatever database the base connection is, not a default one', async () => {
    const postgres = '74a1c565-4e59-48d7-9d67-7c03b8a13137';
    let sent: { connectionSpec?: unknown } | undefined;
    platform()
      .get(`${FLOW}/connections/${CONN}`)
      .reply(200, { items: [{ id: CONN, connectionSpec: { id: postgres, version: '1.0' } }] })
      .post(`${FLOW}/sourceConnections`, (body) => ((sent = body), true))
      .reply(201, { id: SOURCE, etag: ETAG });

    const result = await runCli(['source', 'create', '--connection', CONN, '--table', 'public.customers', '--name', 'pg customers', '--description', 'from pg']);

    expect(result.code).toBe(0);
    expect(sent).toMatchObject({ name: 'pg customers', description: 'from pg', connectionSpec: { id: postgres, version: '1.0' } });
  });

  it('--columns explores the table and sends the matching column objects, in the order asked', async () => {
    let sent: { params?: unknown } | undefined;
    platform()
      .get(`${FLOW}/connections/${CONN}`)
      .reply(200, baseConnection)
      .get(`${FLOW}/connections/${CONN}/explore`)
      .query({ objectType: 'table', object: 'shop.customers' })
      .reply(200, customersTable)
      .post(`${FLOW}/sourceConnections`, (body) => ((sent = body), true))
      .reply(201, { id: SOURCE, etag: ETAG });

    const result = await runCli(['source', 'create', '--connection', CONN, '--table', 'shop.customers', '--columns', 'updated_at, id,email']);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${SOURCE}\n`);
    // The explore objects are sent as the Platform gave them (xdm types and meta:xdmType included).
    expect(sent?.params).toEqual({ tableName: 'shop.customers', columns: [updatedColumn, idColumn, emailColumn] });
  });

  it('an unknown column exits 2, lists the real columns, and POSTs nothing', async () => {
    platform()
      .get(`${FLOW}/connections/${CONN}`)
      .reply(200, baseConnection)
      .get(`${FLOW}/connections/${CONN}/explore`)
      .query({ objectType: 'table', object: 'shop.customers' })
      .reply(200, customersTable);

    const result = await runCli(['source', 'create', '--connection', CONN, '--table', 'shop.customers', '--columns', 'id,phone']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--columns: phone not in shop.customers; its columns are id, email, updated_at');
    expect(result.stdout).toBe('');
    expect(unmatched).toEqual([]);
  });

  it('--format sends the chosen data format; a format outside the choices exits 2 before any request', async () => {
    let sent: { data?: unknown } | undefined;
    platform()
      .get(`${FLOW}/connections/${CONN}`)
      .reply(200, baseConnection)
      .post(`${FLOW}/sourceConnections`, (body) => ((sent = body), true))
      .reply(201, { id: SOURCE, etag: ETAG });
    const ok = await runCli(['source', 'create', '--connection', CONN, '--table', 'shop.customers', '--format', 'delimited']);
    expect(ok.code).toBe(0);
    expect(sent?.data).toEqual({ format: 'delimited' });

    const bad = await runCli(['source', 'create', '--connection', CONN, '--table', 'shop.customers', '--format', 'csv']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("argument 'csv' is invalid");
    expect(bad.stderr).toContain('tabular, delimited, json, parquet');
    expect(unmatched).toEqual([]);
  });

  it('--json prints the whole create response and nothing else on stdout', async () => {
    platform()
      .get(`${FLOW}/connections/${CONN}`)
      .reply(200, baseConnection)
      .post(`${FLOW}/sourceConnections`)
      .reply(201, { id: SOURCE, etag: ETAG });

    const result = await runCli(['source', 'create', '--connection', CONN, '--table', 'shop.customers', '--json']);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ id: SOURCE, etag: ETAG });
  });

  it('a base connection that does not exist exits 4 and creates nothing', async () => {
    platform()
      .get(`${FLOW}/connections/${CONN}`)
      .reply(404, { type: 'https://ns.adobe.com/aep/errors/FLOW-1101-404', title: 'Resource not found', status: 404 });

    const result = await runCli(['source', 'create', '--connection', CONN, '--table', 'shop.customers']);

    expect(result.code).toBe(4);
    expect(result.stderr).toContain('404 Resource not found');
    expect(result.stdout).toBe('');
  });

  it('--dry-run reads the base connection, prints the POST it would send, and sends no write', async () => {
    platform().get(`${FLOW}/connections/${CONN}`).reply(200, baseConnection);

    const result = await runCli(['source', 'create', '--connection', CONN, '--table', 'shop.customers', '--dry-run']);

    expect(result.code).toBe(0);
    expect(unmatched).toEqual([]);
    const [head, body] = splitDryRun(result.stdout);
    expect(head).toEqual([
      `POST https://platform.adobe.io${FLOW}/sourceConnections`,
      'Authorization: Bearer ***',
      'x-api-key: test-client-id',
      'x-gw-ims-org-id: 0123456789ABCDEF01234567@AdobeOrg',
      'x-sandbox-name: dev',
      'Accept: application/json',
      'Content-Type: application/json',
    ]);
    expect(body).toEqual({
      name: 'shop.customers source',
      description: 'Table shop.customers, created by flowctl',
      baseConnectionId: CONN,
      connectionSpec: { id: MYSQL, version: '1.0' },
      data: { format: 'tabular' },
      params: { tableName: 'shop.customers' },
    });
    expect(result.stdout).not.toContain('test-access-token');
    expect(result.stderr).toContain('Dry run: 1 request not sent.');
  });

  it('--dry-run without credentials exits 2 before the read it needs, naming the missing setting', async () => {
    const result = await runCli(['source', 'create', '--connection', CONN, '--table', 'shop.customers', '--dry-run'], {
      bareEnv: true,
      env: { AEP_SANDBOX_NAME: 'dev' },
    });

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('settings: not set: AEP_IMS_ORG, AEP_API_KEY, AEP_CLIENT_SECRET (or AEP_ACCESS_TOKEN)');
    expect(unmatched).toEqual([]);
  });

  it.each([
    [['source', 'create', '--connection', 'not-a-uuid', '--table', 'shop.customers'], '--connection: "not-a-uuid" is not a UUID'],
    [['source', 'create', '--connection', CONN, '--table', 'a;drop'], '--table: "a;drop" is not a table path'],
    [['source', 'create', '--connection', CONN, '--table', "shop.customers'"], '--table: "shop.customers\'" is not a table path'],
    [['source', 'create', '--connection', CONN, '--table', 'shop customers'], '--table: "shop customers" is not a table path'],
    [['source', 'create', '--connection', CONN, '--table', 'shop.`customers`'], '--table: "shop.`customers`" is not a table path'],
    [['source', 'create', '--connection', CONN, '--table', '   '], '--table: must not be empty'],
    [['source', 'create', '--connection', CONN, '--table', 'shop.customers', '--columns', ''], '--columns: must be a comma-separated list of column names'],
    [['source', 'create', '--connection', CONN, '--table', 'shop.customers', '--columns', 'id,,email'], '--columns: must be a comma-separated list of column names'],
    [['source', 'create', '--connection', CONN, '--table', 'shop.customers', '--name', ''], '--name: must not be empty'],
    [['source', 'create', '--table', 'shop.customers'], "required option '--connection <id>' not specified"],
    [['source', 'create', '--connection', CONN], "required option '--table <path>' not specified"],
    [['source', 'get', 'b7581b59'], 'source connection id: "b7581b59" is not a UUID'],
    [['source', 'delete', 'nope'], 'source connection id: "nope" is not a UUID'],
    [['source', 'list', '--connection', '1234'], '--connection: "1234" is not a UUID'],
    [['source', 'list', '--limit', 'ten'], '--limit: must be a whole number'],
  ])('bad input %j exits 2 with the flag named and sends nothing', async (argv, message) => {
    const result = await runCli(argv);
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(unmatched).toEqual([]);
  });
});

describe('source get/list/delete', () => {
  const item = {
    id: SOURCE,
    name: 'shop.customers source',
    baseConnectionId: CONN,
    connectionSpec: { id: MYSQL, version: '1.0' },
    data: { format: 'tabular' },
    params: { tableName: 'shop.customers', columns: [idColumn, emailColumn] },
    state: 'enabled',
    etag: ETAG,
    createdAt: 1767225600000,
  };

  it('get shows the table, the columns, the spec by name and the creation time; --json the item', async () => {
    platform().get(`${FLOW}/sourceConnections/${SOURCE}`).times(2).reply(200, { items: [item] });

    const human = await runCli(['source', 'get', SOURCE]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Table:\s+shop\.customers$/m);
    expect(human.stdout).toMatch(/^Columns:\s+id, email$/m);
    expect(human.stdout).toMatch(/^Spec:\s+MySQL$/m);
    expect(human.stdout).toMatch(/^Base connection:\s+1a444165-3439-4c16-8441-653439dc166a$/m);
    expect(human.stdout).toMatch(/^Created:\s+2026-01-01 00:00:00Z$/m);

    const json = await runCli(['source', 'get', SOURCE, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(item);
  });

  it('get of an unknown id exits 4', async () => {
    platform()
      .get(`${FLOW}/sourceConnections/${SOURCE}`)
      .reply(404, { type: 'https://ns.adobe.com/aep/errors/FLOW-1101-404', title: 'Resource not found', status: 404 });
    const result = await runCli(['source', 'get', SOURCE]);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('flowctl source list');
  });

  it('list --connection filters by baseConnectionId and prints one tab-separated row per source', async () => {
    const second = { ...item, id: '2b581b59-c603-4df1-a689-d23d7ac440f3', name: 'orders source', params: { tableName: 'shop.orders' } };
    platform()
      .get(`${FLOW}/sourceConnections`)
      .query({ property: `baseConnectionId==${CONN}`, limit: '50' })
      .reply(200, { items: [item], _links: { next: { href: '/sourceConnections?continuationToken=p2' } } })
      .get(`${FLOW}/sourceConnections`)
      .query({ property: `baseConnectionId==${CONN}`, limit: '50', continuationToken: 'p2' })
      .reply(200, { items: [second], _links: {} });

    const result = await runCli(['source', 'list', '--connection', CONN]);

    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([
      [SOURCE, 'shop.customers source', 'shop.customers', CONN, '2026-01-01 00:00:00Z'].join('\t'),
      ['2b581b59-c603-4df1-a689-d23d7ac440f3', 'orders source', 'shop.orders', CONN, '2026-01-01 00:00:00Z'].join('\t'),
    ]);
  });

  it('list without --connection sends no filter; --limit caps the page size and the output', async () => {
    platform()
      .get(`${FLOW}/sourceConnections`)
      .query({ limit: '1' })
      .reply(200, { items: [item], _links: { next: { href: '/sourceConnections?continuationToken=p2' } } });

    const result = await runCli(['source', 'list', '--limit', '1', '--json']);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([item]);
  });

  it('delete sends DELETE and confirms on stderr; --json prints {id, deleted}', async () => {
    platform().delete(`${FLOW}/sourceConnections/${SOURCE}`).times(2).reply(204);

    const human = await runCli(['source', 'delete', SOURCE]);
    expect(human.code).toBe(0);
    expect(human.stdout).toBe('');
    expect(human.stderr).toBe(`✓ Deleted source connection ${SOURCE}\n`);

    const json = await runCli(['source', 'delete', SOURCE, '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ id: SOURCE, deleted: true });
  });
});

/** Splits the human dry-run output of one request into its request/header lines and its parsed JSON body. */
function splitDryRun(stdout: string): [string[], unknown] {
  const at = stdout.indexOf('\n\n');
  expect(at, 'a blank line separates the headers from the body').toBeGreaterThan(0);
  return [stdout.slice(0, at).split('\n'), JSON.parse(stdout.slice(at + 2))];
}
