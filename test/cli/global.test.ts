import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { type CliIO, watchPipes } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { BASE_ENV, CLIENT_ID, IMS, ORG, PLATFORM, runCli, SANDBOX, tempDir, TOKEN } from '../helpers/cli.js';
import { expectNothingSent, FLOW, nock, platform, trap, unmatched, useNock } from '../helpers/nock.js';

useNock();

const FLOW_ID = '2edc08ac-4df5-4fe6-936f-81a19ce92f5c';
const SOURCE = 'b7581b59-c603-4df1-a689-d23d7ac440f3';
const TARGET = '320f119a-5ac1-4ab1-88ea-eb19e674ea2e';
const MAPPING = '0b090130b58b4819afc78b6dc98b484d';
const CREDENTIALS = { AEP_ACCESS_TOKEN: TOKEN, AEP_API_KEY: CLIENT_ID, AEP_IMS_ORG: ORG };
const ANSI = /\u001b\[/;
const SECRET = 'p8e-test-client-secret-0123456789';
const SECRET_ENV = { AEP_ACCESS_TOKEN: undefined, AEP_CLIENT_SECRET: SECRET };

function imsToken(token: string): void {
  nock(IMS).post('/ims/token/v3').reply(200, { access_token: token, token_type: 'bearer', expires_in: 86399 });
}

const flow = {
  id: FLOW_ID,
  name: 'orders',
  state: 'enabled',
  etag: '"e1"',
  scheduleParams: { startTime: 1767225600, frequency: 'hour', interval: 1 },
};

/** The gateway, expecting the four AEP headers with this sandbox (and the test token unless given). */
function gateway(sandbox: string, base = PLATFORM, token = TOKEN): nock.Scope {
  return nock(base, {
    reqheaders: { authorization: `Bearer ${token}`, 'x-api-key': CLIENT_ID, 'x-gw-ims-org-id': ORG, 'x-sandbox-name': sandbox },
  });
}

function listFlows(scope: nock.Scope = platform()): nock.Scope {
  return scope.get(`${FLOW}/flows`).query({ limit: '50' }).reply(200, { items: [flow] });
}

/** Catches any Platform request: after a run that must send nothing, none may have been hit. */
describe('global options', () => {
  it('--json gives the same output before the command, between group and command, and after it', async () => {
    listFlows().get(`${FLOW}/flows`).query({ limit: '50' }).times(2).reply(200, { items: [flow] });
    const before = await runCli(['--json', 'flow', 'list']);
    const middle = await runCli(['flow', '--json', 'list']);
    const after = await runCli(['flow', 'list', '--json']);
    for (const result of [before, middle, after]) expect(result.code).toBe(0);
    expect(JSON.parse(before.stdout)).toEqual([flow]);
    expect(before.stdout).toBe(after.stdout);
    expect(middle.stdout).toBe(after.stdout);
  });

  it.each([
    [['--sandbox', 'x', 'flow', 'list']],
    [['flow', '--sandbox', 'x', 'list']],
    [['flow', 'list', '--sandbox', 'x']],
    [['flow', 'list', '--sandbox=x']],
    [['--json', '--sandbox', 'x', 'flow', 'list', '--limit', '50']],
  ])('%j sends x-sandbox-name: x', async (argv) => {
    listFlows(gateway('x'));
    const result = await runCli(argv);
    expect(result.stderr).not.toContain('error');
    expect(result.code).toBe(0);
    expect(unmatched).toEqual([]);
  });

  it('--sandbox wins over AEP_SANDBOX_NAME; a bad sandbox name exits 2', async () => {
    listFlows(gateway('prod'));
    expect((await runCli(['flow', 'list', '--sandbox', 'prod'])).code).toBe(0);

    const scope = trap();
    const bad = await runCli(['flow', 'list', '--sandbox', 'Dev Sandbox']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--sandbox: "Dev Sandbox" is not a sandbox name');
    expectNothingSent(scope);
  });

  it('with no configuration at all exits 2 with one error listing every missing setting and how to start, and sends nothing', async () => {
    const scope = trap();
    const result = await runCli(['flow', 'list'], { bareEnv: true, env: {} });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'error: settings: not set: AEP_SANDBOX_NAME (or --sandbox), AEP_IMS_ORG, AEP_API_KEY, AEP_CLIENT_SECRET (or AEP_ACCESS_TOKEN). ' +
        'To start: copy .env.example to .env and fill it in, or try flowctl offline with `flowctl emulator start --save-env .env` (in another terminal) or `npm run demo`\n',
    );
    // A dry run needs no credentials: only the sandbox is missing, and said as before.
    const dry = await runCli(['--dry-run', 'flow', 'delete', FLOW_ID], { bareEnv: true, env: {} });
    expect(dry).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error: sandbox: not set: pass --sandbox NAME/) });
    expectNothingSent(scope);
  });

  it('without a sandbox exits 2, says how to set one, and sends nothing', async () => {
    const scope = trap();
    const result = await runCli(['flow', 'list'], { bareEnv: true, env: CREDENTIALS });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--sandbox');
    expect(result.stderr).toContain('AEP_SANDBOX_NAME');
    expect(result.stderr).toBe(
      'error: sandbox: not set: pass --sandbox NAME or set AEP_SANDBOX_NAME (flowctl never falls back to prod as the Platform does)\n',
    );
    expectNothingSent(scope);
  });

  it('reads .env in the working folder for what the environment does not set', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, '.env'), 'AEP_SANDBOX_NAME=from-dotenv\nAEP_ACCESS_TOKEN=\n');
    listFlows(gateway('from-dotenv'));
    const result = await runCli(['flow', 'list'], { bareEnv: true, env: CREDENTIALS, cwd });
    expect(result.code).toBe(0);
    expect(unmatched).toEqual([]);
  });

  it('.env never overrides the environment', async () => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, '.env'),
      ['AEP_SANDBOX_NAME=from-dotenv', 'AEP_ACCESS_TOKEN=dotenv-token-0123456789', 'AEP_API_KEY=dotenv-key', 'AEP_IMS_ORG=DOTENV@AdobeOrg', ''].join('\n'),
    );
    // platform() insists on the environment's token, key, org and sandbox.
    listFlows();
    const result = await runCli(['flow', 'list'], { cwd });
    expect(result.code).toBe(0);
    expect(unmatched).toEqual([]);
  });

  it('--platform-url must be https; plain http only on loopback', async () => {
    const scope = trap();
    const insecure = await runCli(['--platform-url', 'http://example.com', 'flow', 'list']);
    expect(insecure.code).toBe(2);
    expect(insecure.stderr).toContain('--platform-url: must use https://');
    const fromEnv = await runCli(['flow', 'list'], { env: { AEP_PLATFORM_URL: 'http://example.com' } });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toContain('AEP_PLATFORM_URL: must use https://');
    expectNothingSent(scope);

    listFlows(gateway(SANDBOX, 'http://127.0.0.1:8089'));
    const local = await runCli(['flow', 'list', '--platform-url', 'http://127.0.0.1:8089']);
    expect(local.code).toBe(0);
    expect(local.stdout).toContain(FLOW_ID);
  });

  it('--version prints the version', async () => {
    for (const flag of ['--version', '-V']) {
      const result = await runCli([flag]);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('0.0.0-test\n');
    }
  });

  it('no arguments prints help on stderr and exits 2; --help exits 0', async () => {
    const none = await runCli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: flowctl');
    expect(none.stderr).toContain('flow ');
    expect(none.stdout).toBe('');

    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: flowctl');
    expect(help.stdout).toContain('--sandbox <name>');
  });

  it('a group without a command prints its help on stderr and exits 2; help GROUP exits 0', async () => {
    const bare = await runCli(['flow']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('Usage: flowctl flow');
    expect(bare.stderr).toContain('create');
    const help = await runCli(['help', 'flow']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: flowctl flow');
    expect(unmatched).toEqual([]);
  });

  it.each<[string[], RegExp]>([
    [['flwo', 'list'], /^error: unknown command 'flwo' \(Did you mean flow\?\) \(add --help for usage\)\n$/],
    [['flow', 'lst'], /^error: unknown command 'lst' \(Did you mean list\?\) \(add --help for usage\)\n$/],
    [['flow', 'list', '--stat', 'enabled'], /^error: unknown option '--stat' \(Did you mean --state\?\) \(add --help for usage\)\n$/],
    [['--jsn', 'flow', 'list'], /^error: unknown option '--jsn' \(Did you mean --json\?\) \(add --help for usage\)\n$/],
  ])('%j exits 2 with a suggestion and sends nothing', async (argv, message) => {
    const scope = trap();
    const result = await runCli(argv);
    expect(result.stderr).toMatch(message);
    expect(result.code).toBe(2);
    expectNothingSent(scope);
  });
});

describe('errors and exit codes', () => {
  it('gateway 403010 (no token) exits 3 and says which variables to set', async () => {
    platform().get(`${FLOW}/flows`).query(true).reply(403, { error_code: '403010', message: 'Oauth token is missing.' });
    const result = await runCli(['flow', 'list']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/403 Oauth token is missing.*set AEP_ACCESS_TOKEN or AEP_CLIENT_SECRET/);
    expect(result.stdout).toBe('');
  });

  it('gateway 401013 (bad token) exits 3 after one request: a fixed token cannot be renewed', async () => {
    platform().get(`${FLOW}/flows`).query(true).reply(401, { error_code: '401013', message: 'Oauth token is not valid' });
    const result = await runCli(['flow', 'list']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('401 Oauth token is not valid [401013] — the token is invalid or expired');
    expect(result.sleeps).toEqual([]);
    expect(unmatched).toEqual([]);
  });

  it('404 FLOW-1439-404 exits 4', async () => {
    platform()
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .reply(404, {
        type: 'https://ns.adobe.com/aep/errors/FLOW-1439-404',
        title: 'Resource not found',
        status: 404,
        report: { 'detailed-message': `The requested flows resource ${FLOW_ID} is not found.`, 'request-id': 'req-123' },
      });
    const result = await runCli(['flow', 'get', FLOW_ID]);
    expect(result.code).toBe(4);
    expect(result.stderr).toBe(
      `error: 404 Resource not found — The requested flows resource ${FLOW_ID} is not found. [FLOW-1439-404] — check the id and the sandbox (list what exists with \`flowctl flow list\`) (request id req-123)\n`,
    );
  });

  it('400 exits 1 without retrying', async () => {
    platform()
      .get(`${FLOW}/flows`)
      .query(true)
      .reply(400, { type: 'https://ns.adobe.com/aep/errors/FLOW-1451-400', title: 'Invalid request', status: 400, detail: 'bad property filter' });
    const result = await runCli(['flow', 'list']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('400 Invalid request — bad property filter [FLOW-1451-400]');
    expect(result.sleeps).toEqual([]);
  });

  it('a GET that fails with 500 is retried with back-off, then succeeds', async () => {
    platform()
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .times(2)
      .reply(500, { type: 'https://ns.adobe.com/aep/errors/FLOW-1102-500', title: 'Internal error', status: 500 })
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .reply(200, { items: [flow] });
    const result = await runCli(['flow', 'get', FLOW_ID, '--json']);
    expect(result.code).toBe(0);
    expect(result.sleeps).toEqual([375, 750]);
    expect(JSON.parse(result.stdout)).toEqual(flow);
  });

  it('a persistent 503 exits 1 after the retries', async () => {
    platform().get(`${FLOW}/flows`).query(true).times(5).reply(503, { type: 'https://ns.adobe.com/aep/errors/FLOW-1103-503', title: 'Service unavailable', status: 503 });
    const result = await runCli(['flow', 'list']);
    expect(result.code).toBe(1);
    expect(result.sleeps).toEqual([375, 750, 1500, 3000]);
    expect(result.stderr).toContain('503 Service unavailable [FLOW-1103-503] — the Platform failed: try again later');
    expect(unmatched).toEqual([]);
  });

  it('an HTML 502 page is named by its title, without markup or a stack trace', async () => {
    const page = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';
    platform().get(`${FLOW}/flows/${FLOW_ID}`).times(5).reply(502, page, { 'content-type': 'text/html' });
    const result = await runCli(['flow', 'get', FLOW_ID]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('502 Bad gateway — an HTML page titled "502 Bad Gateway"');
    expect(result.stderr).not.toMatch(/[<>]/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--debug adds the stack trace', async () => {
    platform().get(`${FLOW}/flows/${FLOW_ID}`).reply(404, { type: 'https://ns.adobe.com/aep/errors/FLOW-1439-404', title: 'Resource not found', status: 404 });
    const result = await runCli(['--debug', 'flow', 'get', FLOW_ID]);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^\s+at /m);
    expect(result.stderr).not.toContain(TOKEN);
  });

  it('--debug logs requests and responses on stderr with the token masked', async () => {
    platform().get(`${FLOW}/flows`).query(true).reply(200, { items: [flow] }, { 'x-request-id': 'req-9' });
    const result = await runCli(['flow', 'list', '--debug']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`→ GET ${PLATFORM}${FLOW}/flows?limit=50`);
    expect(result.stderr).toContain('  Authorization: Bearer ***');
    expect(result.stderr).toContain(`  x-sandbox-name: ${SANDBOX}`);
    expect(result.stderr).toMatch(/← 200 GET .*\/flows\?limit=50 \(\d+ ms\) x-request-id: req-9/);
    expect(result.stderr + result.stdout).not.toContain(TOKEN);
    expect(result.stdout).toBe(`${FLOW_ID}\torders\tenabled\tevery hour from 2026-01-01 00:00:00Z\t-\n`);
  });

  it('--debug with a client secret shows neither the secret nor the token IMS issued', async () => {
    imsToken('ims-issued-token-0123456789');
    listFlows(gateway(SANDBOX, PLATFORM, 'ims-issued-token-0123456789'));
    const result = await runCli(['--debug', 'flow', 'list'], { env: SECRET_ENV });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('client_secret=***');
    expect(result.stderr).toContain('Authorization: Bearer ***');
    expect(result.stderr + result.stdout).not.toContain(SECRET);
    expect(result.stderr + result.stdout).not.toContain('ims-issued-token-0123456789');
  });

  it('a 401 with a client secret gets a new token once and retries', async () => {
    imsToken('first-token-0123456789');
    imsToken('second-token-0123456789');
    gateway(SANDBOX, PLATFORM, 'first-token-0123456789')
      .get(`${FLOW}/flows`)
      .query(true)
      .reply(401, { error_code: '401013', message: 'Oauth token is not valid' });
    listFlows(gateway(SANDBOX, PLATFORM, 'second-token-0123456789'));
    const result = await runCli(['flow', 'list'], { env: SECRET_ENV });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(FLOW_ID);
    expect(unmatched).toEqual([]);
  });

  it('with --json an error still goes to stderr only', async () => {
    platform().get(`${FLOW}/flows/${FLOW_ID}`).reply(404, { type: 'https://ns.adobe.com/aep/errors/FLOW-1439-404', title: 'Resource not found', status: 404 });
    const result = await runCli(['flow', 'get', FLOW_ID, '--json']);
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('[FLOW-1439-404]');
  });

  it('without --debug nothing is logged', async () => {
    listFlows();
    const result = await runCli(['flow', 'list']);
    expect(result.stderr).toBe('');
  });
});

describe('--dry-run', () => {
  it('prints the DELETE it would send and sends nothing', async () => {
    const scope = trap();
    const result = await runCli(['--dry-run', 'flow', 'delete', FLOW_ID]);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(`DELETE ${PLATFORM}${FLOW}/flows/${FLOW_ID}`);
    expect(result.stdout).toContain('Authorization: Bearer ***');
    expect(result.stdout).not.toContain(TOKEN);
    expect(result.stderr).toBe('Dry run: 1 request not sent.\n');
    expectNothingSent(scope);
  });

  it('works after the command too', async () => {
    const scope = trap();
    const result = await runCli(['flow', 'disable', FLOW_ID, '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(`POST ${PLATFORM}${FLOW}/flows/${FLOW_ID}/action?op=disable`);
    expectNothingSent(scope);
  });

  it('with no credentials at all still prints the planned write', async () => {
    const scope = trap();
    const result = await runCli(['--dry-run', 'flow', 'delete', FLOW_ID], { bareEnv: true, env: { AEP_SANDBOX_NAME: SANDBOX } });
    expect(result.stderr).toBe('Dry run: 1 request not sent.\n');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(`DELETE ${PLATFORM}${FLOW}/flows/${FLOW_ID}`);
    expectNothingSent(scope);
  });

  it('with no credentials plans a flow create, body included, as JSON', async () => {
    const scope = trap();
    const result = await runCli(
      [
        '--dry-run',
        '--json',
        'flow',
        'create',
        '--source',
        SOURCE,
        '--target',
        TARGET,
        '--mapping',
        `${MAPPING}@0`,
        '--delta-column',
        'updated_at',
        '--frequency',
        'hour',
        '--interval',
        '1',
        '--start-time',
        '1767225600',
      ],
      { bareEnv: true, env: { AEP_SANDBOX_NAME: SANDBOX } },
    );
    expect(result.code).toBe(0);
    const planned = JSON.parse(result.stdout) as { method: string; url: string; body: Record<string, unknown> }[];
    expect(planned).toHaveLength(1);
    expect(planned[0]?.method).toBe('POST');
    expect(planned[0]?.url).toBe(`${PLATFORM}${FLOW}/flows`);
    expect(planned[0]?.body).toMatchObject({
      flowSpec: { id: '14518937-270c-4525-bdec-c2ba7cce3860', version: '1.0' },
      scheduleParams: { startTime: 1767225600, frequency: 'hour', interval: 1 },
    });
    expectNothingSent(scope);
  });

  it.each<[Record<string, string>, string]>([
    [{}, 'error: settings: not set: AEP_IMS_ORG, AEP_API_KEY, AEP_CLIENT_SECRET (or AEP_ACCESS_TOKEN). To start: copy .env.example to .env'],
    [{ AEP_API_KEY: CLIENT_ID, AEP_CLIENT_SECRET: 'secret' }, 'error: AEP_IMS_ORG: not set'],
    [{ AEP_IMS_ORG: ORG, AEP_API_KEY: CLIENT_ID }, 'error: AEP_CLIENT_SECRET: not set'],
  ])('with credentials %j only, a command that must read first exits 2 naming what is missing', async (env, message) => {
    const scope = trap();
    const result = await runCli(['--dry-run', 'flow', 'update', FLOW_ID, '--name', 'x'], { bareEnv: true, env: { AEP_SANDBOX_NAME: SANDBOX, ...env } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expectNothingSent(scope);
  });
});

describe('colours', () => {
  it('on a terminal, success lines are green and errors red on stderr', async () => {
    platform().delete(`${FLOW}/flows/${FLOW_ID}`).reply(204);
    const ok = await runCli(['flow', 'delete', FLOW_ID], { tty: true });
    expect(ok.code).toBe(0);
    expect(ok.stderr).toBe(`\u001b[32m✓\u001b[39m Deleted flow ${FLOW_ID}\n`);

    const bad = await runCli(['flow', 'get', 'nope'], { tty: true });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^\u001b\[31merror: flow id: "nope" is not a UUID/);
  });

  it.each<[string, string[], Record<string, string>]>([
    ['NO_COLOR', [], { NO_COLOR: '1' }],
    ['--no-color', ['--no-color'], {}],
    ['TERM=dumb', [], { TERM: 'dumb' }],
  ])('%s: no ANSI codes even on a terminal', async (_case, flags, env) => {
    platform().delete(`${FLOW}/flows/${FLOW_ID}`).reply(204);
    listFlows();
    const ok = await runCli([...flags, 'flow', 'delete', FLOW_ID], { tty: true, env });
    expect(ok.code).toBe(0);
    expect(ok.stderr).toBe(`✓ Deleted flow ${FLOW_ID}\n`);
    const list = await runCli(['flow', 'list', ...flags], { tty: true, env });
    expect(list.stdout).toMatch(/^ID\s+NAME/);
    expect(list.stdout).not.toMatch(ANSI);
    const bad = await runCli(['flow', 'get', 'nope', ...flags], { tty: true, env });
    expect(bad.stderr).toBe('error: flow id: "nope" is not a UUID (Flow Service ids look like 1a444165-3439-4c16-8441-653439dc166a)\n');
  });

  it('not on a terminal: no colours', async () => {
    platform().delete(`${FLOW}/flows/${FLOW_ID}`).reply(204);
    const ok = await runCli(['flow', 'delete', FLOW_ID]);
    expect(ok.stderr).not.toMatch(ANSI);
  });
  // FORCE_COLOR as Node reads it (src/output/style.ts): a supported value forces colours in a pipe and outweighs
  // NO_COLOR and TERM=dumb; 0 or false turns them off even on a terminal; --no-color outweighs it.
  it.each<[string, Record<string, string>, boolean, string[], boolean]>([
    ['FORCE_COLOR=1 in a pipe', { FORCE_COLOR: '1' }, false, [], true],
    ['FORCE_COLOR=2 in a pipe', { FORCE_COLOR: '2' }, false, [], true],
    ['FORCE_COLOR=3 in a pipe', { FORCE_COLOR: '3' }, false, [], true],
    ['FORCE_COLOR=true in a pipe', { FORCE_COLOR: 'true' }, false, [], true],
    ['FORCE_COLOR=1 with NO_COLOR=1', { FORCE_COLOR: '1', NO_COLOR: '1' }, false, [], true],
    ['FORCE_COLOR=1 with TERM=dumb', { FORCE_COLOR: '1', TERM: 'dumb' }, false, [], true],
    ['FORCE_COLOR=0 on a terminal', { FORCE_COLOR: '0' }, true, [], false],
    ['FORCE_COLOR=false on a terminal', { FORCE_COLOR: 'false' }, true, [], false],
    ['FORCE_COLOR=1 with --no-color', { FORCE_COLOR: '1' }, true, ['--no-color'], false],
    ['FORCE_COLOR=1 on a terminal with NO_COLOR=1', { FORCE_COLOR: '1', NO_COLOR: '1' }, true, [], true],
  ])('%s: colours %s', async (_case, env, tty, flags, coloured) => {
    platform().delete(`${FLOW}/flows/${FLOW_ID}`).reply(204);
    listFlows();
    const ok = await runCli([...flags, 'flow', 'delete', FLOW_ID], { tty, env });
    expect(ok.code).toBe(0);
    expect(ok.stderr).toBe(coloured ? `\u001b[32m✓\u001b[39m Deleted flow ${FLOW_ID}\n` : `✓ Deleted flow ${FLOW_ID}\n`);
    const bad = await runCli(['flow', 'get', 'nope', ...flags], { tty, env });
    expect(bad.stderr.startsWith('\u001b[31merror: flow id')).toBe(coloured);
    // A table in a pipe stays tab-separated rows without a header (nothing bold), whatever the colours.
    const list = await runCli(['flow', 'list', ...flags], { tty, env });
    expect(list.code).toBe(0);
    expect(ANSI.test(list.stdout)).toBe(coloured && tty);
  });
});

/** An error as Node reports a write to a pipe whose reader has gone. */
function epipe(): NodeJS.ErrnoException {
  return Object.assign(new Error('write EPIPE'), { code: 'EPIPE', errno: -32, syscall: 'write' });
}

/** A pipe whose reader goes away after `keep` writes: later writes fail with EPIPE, as an 'error' event. */
function closingPipe(keep = 0): Writable & { text: string } {
  let writes = 0;
  const pipe = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (writes++ >= keep) return callback(epipe());
      pipe.text += chunk.toString();
      callback();
    },
  }) as Writable & { text: string };
  pipe.text = '';
  return pipe;
}

/** Runs the CLI in-process with these streams; `exit` records how the process would have been ended. */
async function runWithPipes(argv: string[], streams: { stdout?: Writable; stderr?: Writable }) {
  let stderr = '';
  const exit = vi.fn();
  const io: CliIO = {
    stdout: streams.stdout ?? { write: () => true },
    stderr: streams.stderr ?? { write: (t: string) => (stderr += t) },
    stdin: Readable.from([]) as CliIO['stdin'],
    env: { FLOWCTL_CACHE_DIR: join(tempDir(), '.cache'), ...BASE_ENV },
    cwd: tempDir(),
    sleep: async () => undefined,
    exit,
  };
  const code = await main(argv, io);
  return { code, stderr: () => stderr, exit };
}

describe('a reader that goes away (EPIPE)', () => {
  it('flow list --json into a closed pipe exits 0 without a stack trace, and ends the process', async () => {
    listFlows();
    const result = await runWithPipes(['flow', 'list', '--json'], { stdout: closingPipe() });
    expect(result.code).toBe(0);
    // Node reports the failed write a tick later, when the command may already be done.
    await delay(0);
    expect(result.exit).toHaveBeenCalledWith(0);
    expect(result.stderr()).toBe('');
  });

  it('--help into a pipe closed after the first chunk exits 0', async () => {
    const stdout = closingPipe(1);
    const result = await runWithPipes(['flow', '--help'], { stdout });
    // Help is one write: nothing fails, the reader just saw the start.
    expect(result.code).toBe(0);
    expect(stdout.text).toContain('Usage: flowctl flow');
    const closed = await runWithPipes(['flow', 'create', '--help'], { stdout: closingPipe() });
    expect(closed.code).toBe(0);
    expect(closed.stderr()).toBe('');
  });

  it('a closed stderr (2>&1 | head) ends the command quietly too', async () => {
    platform().delete(`${FLOW}/flows/${FLOW_ID}`).reply(204);
    const result = await runWithPipes(['flow', 'delete', FLOW_ID], { stderr: closingPipe() });
    expect(result.code).toBe(0);
    await delay(0);
    expect(result.exit).toHaveBeenCalledWith(0);
  });

  it('run watch stops polling once stdout has gone', async () => {
    const RUN = '9830305a-985f-47d0-b030-5a985fd7d004';
    let polls = 0;
    const runs = (n: number) => ({ items: [{ id: RUN, flowId: FLOW_ID, createdAt: n, metrics: { statusSummary: { status: `poll ${n}` } } }], _links: {} });
    platform()
      .get(`${FLOW}/runs`)
      .query(true)
      .times(50)
      .optionally()
      .reply(200, () => runs(++polls));
    // Every poll changes the run, so every poll writes; sleeping is instant: only the closed pipe can stop it.
    const result = await runWithPipes(['run', 'watch', '--flow', FLOW_ID, '--json', '--interval', '1s'], { stdout: closingPipe(1) });
    expect(result.code).toBe(0);
    expect(result.exit).toHaveBeenCalledWith(0);
    // The poll in flight when the reader left may still finish; after it, none.
    await delay(100);
    const settled = polls;
    await delay(200);
    expect(polls).toBe(settled);
    expect(settled).toBeLessThanOrEqual(4);
  });
});

describe('watchPipes', () => {
  function fakeIO(): CliIO & { stdout: EventEmitter & CliIO['stdout'] } {
    const stdout = Object.assign(new EventEmitter(), { write: () => true });
    return { stdout, stderr: { write: () => true }, stdin: Readable.from([]) as CliIO['stdin'], env: {}, cwd: '/' };
  }

  it('settles `closed` on EPIPE and makes later waits never end', async () => {
    const io = fakeIO();
    const watched = watchPipes(io);
    io.stdout.emit('error', epipe());
    await watched.closed;
    const waited = await Promise.race([watched.io.sleep?.(0).then(() => 'woke'), delay(50).then(() => 'still waiting')]);
    expect(waited).toBe('still waiting');
  });

  it('throws any other write error on, as before', () => {
    const io = fakeIO();
    watchPipes(io);
    const eio = Object.assign(new Error('write EIO'), { code: 'EIO' });
    expect(() => io.stdout.emit('error', eio)).toThrow('write EIO');
  });
});
