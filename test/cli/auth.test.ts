import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_ID, IMS, ORG, PLATFORM, runCli, tempDir, TOKEN } from '../helpers/cli.js';
import { nock, unmatched, useNock } from '../helpers/nock.js';

useNock();

const SECRET = 'p8e-test-client-secret-0123456789';
const IMS_TOKEN = 'ims-issued-access-token-abcdef0123456789';
const SCOPES = 'openid,session,AdobeID,read_organizations,additional_info.projectedProductContext';
/** 2026-01-01T00:00:00Z in ms. */
const NOW = 1767225600000;
const now = () => NOW;

/** A client-credentials setup: a secret and no ready token. */
const SECRET_ENV = { AEP_ACCESS_TOKEN: undefined, AEP_CLIENT_SECRET: SECRET };

/** Expects one token request to IMS; returns a getter for the form it received. */
function expectTokenRequest(reply: [number, Record<string, unknown>] = [200, { access_token: IMS_TOKEN, token_type: 'bearer', expires_in: 86399 }]): () => unknown {
  let form: unknown;
  nock(IMS)
    .post('/ims/token/v3', (body) => ((form = body), true))
    .matchHeader('content-type', 'application/x-www-form-urlencoded')
    .reply(reply[0], reply[1]);
  return () => form;
}

function cacheFiles(cwd: string): string[] {
  const dir = join(cwd, '.cache');
  return existsSync(dir) ? readdirSync(dir).map((f) => join(dir, f)) : [];
}

function expectNoSecrets(output: string): void {
  expect(output).not.toContain(IMS_TOKEN);
  expect(output).not.toContain(SECRET);
  expect(output).not.toContain(TOKEN);
}

describe('auth status', () => {
  it('gets a token from IMS with a form-encoded client_credentials request and shows org, client id, sandbox and expiry', async () => {
    const form = expectTokenRequest();
    const result = await runCli(['auth', 'status'], { env: SECRET_ENV, now });

    expect(result.code).toBe(0);
    expect(form()).toEqual({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: SECRET, scope: SCOPES });
    expect(result.stdout.split('\n')).toEqual([
      `Organization: ${ORG}`,
      `Client id:    ${CLIENT_ID}`,
      'Sandbox:      dev',
      'Platform:     https://platform.adobe.io',
      'IMS:          https://ims-na1.adobelogin.com',
      'Token from:   IMS (new, cached)',
      'Expires:      2026-01-01 23:59:59Z (in 1440 min)',
      '',
    ]);
    expectNoSecrets(result.stdout + result.stderr);
  });

  it('--json shows the same facts and neither the token nor the secret', async () => {
    expectTokenRequest();
    const result = await runCli(['auth', 'status', '--json'], { env: SECRET_ENV, now });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      orgId: ORG,
      clientId: CLIENT_ID,
      sandbox: 'dev',
      platformUrl: 'https://platform.adobe.io',
      imsUrl: 'https://ims-na1.adobelogin.com',
      tokenSource: 'ims',
      expiresAt: '2026-01-01T23:59:59.000Z',
      expiresInSeconds: 86399,
    });
    expectNoSecrets(result.stdout + result.stderr);
  });

  it('caches the token in a 0600 file and uses it the next time without asking IMS', async () => {
    const cwd = tempDir();
    expectTokenRequest();
    const first = await runCli(['auth', 'status'], { env: SECRET_ENV, now, cwd });
    expect(first.code).toBe(0);

    const files = cacheFiles(cwd);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/token-[0-9a-f]+\.json$/);
    expect(statSync(files[0] ?? '').mode & 0o777).toBe(0o600);
    expect(statSync(join(cwd, '.cache')).mode & 0o077, 'the cache folder is private').toBe(0);

    const second = await runCli(['auth', 'status', '--json'], { env: SECRET_ENV, now: () => NOW + 3_600_000, cwd });
    expect(second.code).toBe(0);
    expect(unmatched).toEqual([]);
    expect(JSON.parse(second.stdout)).toMatchObject({ tokenSource: 'cache', expiresAt: '2026-01-01T23:59:59.000Z', expiresInSeconds: 86399 - 3600 });
    expectNoSecrets(second.stdout + second.stderr);
  });

  it('does not reuse a token cached for another client id', async () => {
    const cwd = tempDir();
    expectTokenRequest();
    expect((await runCli(['auth', 'status'], { env: SECRET_ENV, now, cwd })).code).toBe(0);
    const other = expectTokenRequest();
    const result = await runCli(['auth', 'status', '--json'], { env: { ...SECRET_ENV, AEP_API_KEY: 'other-client' }, now, cwd });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ clientId: 'other-client', tokenSource: 'ims' });
    expect(other()).toMatchObject({ client_id: 'other-client' });
    expect(cacheFiles(cwd)).toHaveLength(2);
  });

  it('asks IMS again when the cached token is about to expire', async () => {
    const cwd = tempDir();
    expectTokenRequest();
    expect((await runCli(['auth', 'status'], { env: SECRET_ENV, now, cwd })).code).toBe(0);
    expectTokenRequest([200, { access_token: 'second-token-0123456789', token_type: 'bearer', expires_in: 86399 }]);
    const later = NOW + 86399_000 - 5 * 60_000;
    const result = await runCli(['auth', 'status', '--json'], { env: SECRET_ENV, now: () => later, cwd });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ tokenSource: 'ims', expiresInSeconds: 86399 });
  });

  it('with AEP_ACCESS_TOKEN asks IMS nothing and reads the expiry from the JWT', async () => {
    const payload = Buffer.from(JSON.stringify({ created_at: String(NOW), expires_in: '86400000', type: 'access_token' })).toString('base64url');
    const jwt = `eyJhbGciOiJSUzI1NiJ9.${payload}.c2lnbmF0dXJl`;
    const result = await runCli(['auth', 'status'], { env: { AEP_ACCESS_TOKEN: jwt }, now });
    expect(result.code).toBe(0);
    expect(unmatched).toEqual([]);
    expect(result.stdout).toContain('Token from:   AEP_ACCESS_TOKEN\n');
    expect(result.stdout).toContain('Expires:      2026-01-02 00:00:00Z (in 1440 min)\n');
    expect(result.stdout + result.stderr).not.toContain(jwt);
    expect(result.stdout + result.stderr).not.toContain(payload);
  });

  it('needs no sandbox', async () => {
    expectTokenRequest();
    const result = await runCli(['auth', 'status'], { env: { ...SECRET_ENV, AEP_SANDBOX_NAME: undefined }, now });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Sandbox:      not set (set AEP_SANDBOX_NAME or pass --sandbox)');
  });

  it('--debug logs the IMS call with the secret masked and never the token', async () => {
    expectTokenRequest();
    const result = await runCli(['auth', 'status', '--debug'], { env: SECRET_ENV, now });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`→ POST https://ims-na1.adobelogin.com/ims/token/v3 (client_id=${CLIENT_ID}, client_secret=***)`);
    expect(result.stderr).toContain('← 200 POST https://ims-na1.adobelogin.com/ims/token/v3');
    expectNoSecrets(result.stdout + result.stderr);
  });

  it('IMS invalid_client exits 3 with a hint naming AEP_CLIENT_SECRET, and caches nothing', async () => {
    const cwd = tempDir();
    expectTokenRequest([401, { error: 'invalid_client', error_description: 'invalid client_secret parameter' }]);
    const result = await runCli(['auth', 'status'], { env: SECRET_ENV, now, cwd });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('invalid client_secret parameter [invalid_client]');
    expect(result.stderr).toMatch(/— check AEP_API_KEY and AEP_CLIENT_SECRET/);
    expect(result.stdout).toBe('');
    expect(result.sleeps).toEqual([]);
    expect(cacheFiles(cwd)).toEqual([]);
    expectNoSecrets(result.stdout + result.stderr);
  });

  it('IMS invalid_scope exits 3 and points at AEP_SCOPES', async () => {
    expectTokenRequest([400, { error: 'invalid_scope', error_description: 'Invalid scope(s): bogus' }]);
    const result = await runCli(['auth', 'status'], { env: { ...SECRET_ENV, AEP_SCOPES: 'openid,bogus' }, now });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('check AEP_SCOPES');
  });

  it('retries IMS when it fails with a 5xx', async () => {
    nock(IMS).post('/ims/token/v3').reply(503, 'Service Unavailable');
    expectTokenRequest();
    const result = await runCli(['auth', 'status', '--json'], { env: SECRET_ENV, now });
    expect(result.code).toBe(0);
    expect(result.sleeps).toHaveLength(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ tokenSource: 'ims' });
  });

  it.each<[string, Record<string, string | undefined>, string]>([
    ['AEP_IMS_ORG', { ...SECRET_ENV, AEP_IMS_ORG: undefined }, 'AEP_IMS_ORG: not set'],
    ['AEP_API_KEY', { ...SECRET_ENV, AEP_API_KEY: undefined }, 'AEP_API_KEY: not set'],
    ['a blank AEP_API_KEY', { ...SECRET_ENV, AEP_API_KEY: '  ' }, 'AEP_API_KEY: not set'],
    ['both AEP_CLIENT_SECRET and AEP_ACCESS_TOKEN', { AEP_ACCESS_TOKEN: undefined }, "AEP_CLIENT_SECRET: not set: put the credential's client secret (or a ready AEP_ACCESS_TOKEN)"],
    ['both secrets (blank)', { AEP_ACCESS_TOKEN: '', AEP_CLIENT_SECRET: '' }, 'AEP_CLIENT_SECRET: not set'],
  ])('without %s exits 2 naming the variable and sends nothing', async (_case, env, message) => {
    const ims = nock(IMS).post(() => true).reply(599);
    const gateway = nock(PLATFORM).get(() => true).reply(599);
    for (const command of ['status', 'token']) {
      const result = await runCli(['auth', command], { env, now });
      expect(result.stderr).toContain(message);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
    }
    expect(unmatched).toEqual([]);
    expect(ims.isDone() || gateway.isDone(), 'nothing was sent').toBe(false);
    nock.cleanAll();
  });
});

describe('auth token', () => {
  it('prints exactly the token on stdout', async () => {
    expectTokenRequest();
    const result = await runCli(['auth', 'token'], { env: SECRET_ENV, now });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${IMS_TOKEN}\n`);
    expect(result.stderr).toBe('');
  });

  it('prints AEP_ACCESS_TOKEN when that is the credential; --json wraps it', async () => {
    const plain = await runCli(['auth', 'token']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe(`${TOKEN}\n`);
    const json = await runCli(['auth', 'token', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ accessToken: TOKEN });
    expect(unmatched).toEqual([]);
  });

  it('uses the cached token', async () => {
    const cwd = tempDir();
    expectTokenRequest();
    expect((await runCli(['auth', 'token'], { env: SECRET_ENV, now, cwd })).stdout).toBe(`${IMS_TOKEN}\n`);
    const again = await runCli(['auth', 'token'], { env: SECRET_ENV, now, cwd });
    expect(again.stdout).toBe(`${IMS_TOKEN}\n`);
    expect(unmatched).toEqual([]);
  });
});

describe('auth logout', () => {
  it('removes the cached token file; the next command asks IMS again', async () => {
    const cwd = tempDir();
    expectTokenRequest();
    expect((await runCli(['auth', 'status'], { env: SECRET_ENV, now, cwd })).code).toBe(0);
    expect(cacheFiles(cwd)).toHaveLength(1);

    const logout = await runCli(['auth', 'logout'], { env: SECRET_ENV, now, cwd });
    expect(logout.code).toBe(0);
    expect(logout.stderr).toBe('✓ Removed the cached token\n');
    expect(cacheFiles(cwd)).toEqual([]);

    const again = await runCli(['auth', 'logout', '--json'], { env: SECRET_ENV, now, cwd });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ removed: false });
    expect(again.stderr).toContain('No cached token to remove');

    expectTokenRequest();
    const status = await runCli(['auth', 'status', '--json'], { env: SECRET_ENV, now, cwd });
    expect(JSON.parse(status.stdout)).toMatchObject({ tokenSource: 'ims' });
  });
});
