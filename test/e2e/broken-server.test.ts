// The real binary against servers that answer badly: an HTML error page, truncated JSON, a 200 of the wrong
// shape, a create answered without an id, a connection that hangs, a body cut short, an IMS that answers HTML.
// Each is one line a person can act on, exit 1, no stack trace (only with --debug), and nothing is reported or
// kept as a success: no id on stdout, no token cached.

import { existsSync, readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { runBin } from '../helpers/spawn.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const IMS = '/ims/token/v3';

const json = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
const html = (res: ServerResponse, status: number) =>
  res.writeHead(status, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>nginx</p></body></html>');

/** What each scenario's server does, by path; the scenario is chosen by the first path segment of the URL. */
const SCENARIOS: Record<string, Handler> = {
  'html-error': (_req, res) => html(res, 502),
  'html-ok': (_req, res) => html(res, 200),
  truncated: (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"items": [{"id": "2edc08ac-4df5-4fe6-936f-81a19ce92f5c", "name": "cust'),
  'wrong-shape': (_req, res) => json(res, 200, { items: 'none today', _links: 42 }),
  'no-id': (req, res) => {
    if (req.url?.includes('/connectionSpecs/')) {
      return json(res, 200, { items: [{ id: '26d738e0-8963-47ea-aadf-c60de735468a', name: 'MySQL', authSpec: [{ name: 'Connection String Based Authentication', spec: { required: ['connectionString'] } }] }] });
    }
    if (req.method === 'POST' && req.url?.endsWith('/dataSets')) return json(res, 201, []);
    return json(res, 201, { etag: '"1"' });
  },
  hang: () => undefined,
  'cut-short': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
    res.write('{"items": [');
    setTimeout(() => res.socket?.destroy(), 50);
  },
  'ims-html': (req, res) => (req.url?.includes(IMS) ? html(res, 503) : json(res, 200, { items: [] })),
};

let server: Server;
let base: string;
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const [, scenario = '', ...rest] = (req.url ?? '').split('/');
      req.url = `/${rest.join('/')}`;
      const handler = SCENARIOS[scenario];
      if (handler) handler(req, res);
      else json(res, 404, { title: 'no such scenario' });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => server.close(resolve));
});

function env(scenario: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AEP_PLATFORM_URL: `${base}/${scenario}`,
    AEP_IMS_URL: `${base}/${scenario}`,
    AEP_ACCESS_TOKEN: 'broken-server-token-0123456789',
    AEP_API_KEY: 'broken-client',
    AEP_IMS_ORG: 'BROKEN@AdobeOrg',
    AEP_SANDBOX_NAME: 'dev',
    FLOWCTL_CACHE_DIR: tempDir(),
    FLOWCTL_MAX_RETRIES: '1',
    FLOWCTL_TIMEOUT: '1',
    ...extra,
  };
}

function expectOneLineFailure(result: { code: number | null; stdout: string; stderr: string }, says: RegExp): void {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(says);
  expect(result.stderr).not.toMatch(/\n\s+at |\.js:\d+:\d+/);
  expect(result.stderr).not.toContain('<html');
  expect(result.stderr).not.toContain('broken-server-token');
}

describe('broken servers', () => {
  it('an HTML error page (502 from a proxy) is a one-line server error, after the retry', async () => {
    expectOneLineFailure(await runBin(['flow', 'list'], { env: env('html-error') }), /502/);
  });

  it('a 200 that is an HTML page says the server is not the Platform API', async () => {
    expectOneLineFailure(await runBin(['flow', 'list'], { env: env('html-ok') }), /not valid JSON — an HTML page titled "502 Bad Gateway" — the server did not answer like the Platform API: check AEP_PLATFORM_URL/);
  });

  it('truncated JSON is a clear error, not a parser crash', async () => {
    expectOneLineFailure(await runBin(['flow', 'list'], { env: env('truncated') }), /JSON|did not answer like the Platform API/i);
  });

  it('a 200 of the wrong shape names what is wrong', async () => {
    expectOneLineFailure(await runBin(['flow', 'list'], { env: env('wrong-shape') }), /items/);
  });

  it('a create answered without an id prints no id and says so', async () => {
    const result = await runBin(['connection', 'create', '--spec', 'mysql', '--connection-string-file', '-', '--name', 'x'], { env: env('no-id'), stdin: 'Server=db;UID=u;PWD=pw-never-shown' });
    expectOneLineFailure(result, /\bid\b/);
    expect(result.stderr).not.toContain('Created');
    expect(result.stderr).not.toContain('pw-never-shown');
  });

  it('a dataset create answered with an empty list prints no id', async () => {
    const result = await runBin(['dataset', 'create', '--schema', 'https://ns.adobe.com/acme/schemas/0123456789abcdef0123456789abcdef', '--name', 'x'], { env: env('no-id') });
    expectOneLineFailure(result, /dataSets|dataset/i);
  });

  it('a server that never answers times out, with the setting to raise', async () => {
    const started = Date.now();
    const result = await runBin(['flow', 'list'], { env: env('hang') });
    expectOneLineFailure(result, /FLOWCTL_TIMEOUT/);
    // One attempt and one retry of one second each, and the back-off between: not a hang.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a body cut short is a network error a person can act on', async () => {
    expectOneLineFailure(await runBin(['flow', 'list'], { env: env('cut-short') }), /network|connection|reset|closed|aborted/i);
  });

  it('IMS answering an HTML page: one line, no token cached', async () => {
    const e = env('ims-html', { AEP_CLIENT_SECRET: 'ims-secret-never-shown' });
    delete (e as Record<string, string | undefined>)['AEP_ACCESS_TOKEN'];
    const result = await runBin(['flow', 'list'], { env: e });
    expect(result.code, result.stderr).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^error: 503 IMS could not issue a token: .*an HTML page titled "502 Bad Gateway" — IMS is failing: try again later, or check AEP_IMS_URL/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr).not.toContain('ims-secret-never-shown');
    const cache = e['FLOWCTL_CACHE_DIR'] ?? '';
    const files = existsSync(cache) ? readdirSync(cache, { recursive: true }).map(String) : [];
    expect(files.filter((f) => f.endsWith('.json'))).toEqual([]);
  });

  it('--debug adds the stack trace on stderr, still without secrets', async () => {
    const result = await runBin(['flow', 'list', '--debug'], { env: env('wrong-shape') });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\n\s+at /);
    expect(result.stderr).not.toContain('broken-server-token-0123456789');
  });
});
