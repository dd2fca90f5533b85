// TokenProvider against a nock IMS: the client_credentials form request, expires_in in seconds, the on-disk
// cache (0600 file in a 0700 folder, shared across instances, keyed by IMS url/client/org/scopes), refresh
// ahead of expiry, one IMS call for concurrent callers, IMS errors, invalidate(), JWT expiry and static tokens.

import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expiryOfJwt, refreshMarginMs, TokenProvider, type TokenProviderOptions } from '../../src/platform/auth.js';
import { ImsError, ResponseShapeError, ServerError } from '../../src/platform/errors.js';
import { fnv1a64, TokenCache, type TokenCacheKey } from '../../src/platform/token-cache.js';
import { axiosTransport, createAxios, type Transport } from '../../src/platform/internal/transport.js';

const IMS = 'https://ims-na1.adobelogin.com';
const SCOPES = ['openid', 'session', 'AdobeID', 'read_organizations', 'additional_info.projectedProductContext'];
const SECRET = 'p8e-client-secret-value';
const T0 = 1_760_000_000_000;
const HOUR_S = 3600;

let clock = T0;
const now = (): number => clock;
let sleeps: number[] = [];
let unmatched: string[] = [];
let transport: Transport;
let cacheDir: string;

function recordUnmatched(req: { method?: string; path?: string; options?: { method?: string; path?: string } }): void {
  unmatched.push(`${req.method ?? req.options?.method ?? '?'} ${req.path ?? req.options?.path ?? '?'}`);
}

beforeEach(async () => {
  clock = T0;
  sleeps = [];
  unmatched = [];
  transport ??= axiosTransport(await createAxios('flowctl-test'));
  // A folder that does not exist yet: the cache creates it (0700).
  cacheDir = join(mkdtempSync(join(tmpdir(), 'flowctl-auth-')), 'cache');
  nock.cleanAll();
  nock.disableNetConnect();
  nock.emitter.on('no match', recordUnmatched);
});

afterEach(() => {
  nock.emitter.off('no match', recordUnmatched);
  nock.cleanAll();
  nock.enableNetConnect();
});

function provider(overrides: Partial<TokenProviderOptions> = {}): TokenProvider {
  return new TokenProvider({
    imsUrl: IMS,
    clientId: 'cid',
    orgId: 'ORG@AdobeOrg',
    scopes: SCOPES,
    clientSecret: SECRET,
    transport,
    cache: new TokenCache(cacheDir),
    now,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  });
}

const FORM = { grant_type: 'client_credentials', client_id: 'cid', client_secret: SECRET, scope: SCOPES.join(',') };

/** IMS answering each token in turn; records the request URIs and raw bodies. */
function ims(tokens: string[], seen: Array<{ uri: string; body: string }> = [], expiresIn = HOUR_S): nock.Scope {
  const scope = nock(IMS);
  for (const token of tokens) {
    scope
      .post('/ims/token/v3', FORM)
      .matchHeader('content-type', 'application/x-www-form-urlencoded')
      .reply((uri, body) => {
        seen.push({ uri, body: typeof body === 'string' ? body : JSON.stringify(body) });
        return [200, { access_token: token, token_type: 'bearer', expires_in: expiresIn }];
      });
  }
  return scope;
}

function jwt(claims: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.signature`;
}

const KEY: TokenCacheKey = { imsUrl: IMS, clientId: 'cid', orgId: 'ORG@AdobeOrg', scopes: SCOPES };

describe('IMS token request', () => {
  it('POSTs the client_credentials form (secret in the body, never the query) and reads expires_in as seconds', async () => {
    const seen: Array<{ uri: string; body: string }> = [];
    const scope = ims(['token-1'], seen);
    const tokens = provider();

    const info = await tokens.info();

    expect(info).toMatchObject({ accessToken: 'token-1', origin: 'ims', obtainedAt: T0, expiresAt: T0 + HOUR_S * 1000 });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.uri).toBe('/ims/token/v3');
    expect(seen[0]?.uri).not.toContain(SECRET);
    const form = new URLSearchParams(seen[0]?.body ?? '');
    expect(Object.fromEntries(form)).toEqual(FORM);
    expect(form.get('scope')).toBe('openid,session,AdobeID,read_organizations,additional_info.projectedProductContext');
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('a second getToken() on the same instance uses the token in memory', async () => {
    const scope = ims(['token-1']);
    const tokens = provider({ cache: undefined });
    expect(await tokens.getToken()).toBe('token-1');
    expect(await tokens.getToken()).toBe('token-1');
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('concurrent getToken() calls share one IMS request', async () => {
    const scope = nock(IMS)
      .post('/ims/token/v3')
      .delay(30)
      .reply(200, { access_token: 'token-1', expires_in: HOUR_S });
    const tokens = provider();

    const all = await Promise.all([tokens.getToken(), tokens.getToken(), tokens.getToken(), tokens.info()]);

    expect(all.slice(0, 3)).toEqual(['token-1', 'token-1', 'token-1']);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it.each([
    [401, 'invalid_client', 'invalid client_secret parameter'],
    [400, 'invalid_scope', 'Invalid scope: foo'],
  ])('IMS %i {"error":"%s"} → ImsError with the OAuth code and description, not retried', async (status, code, description) => {
    const scope = nock(IMS).post('/ims/token/v3').reply(status, { error: code, error_description: description });
    const tokens = provider();

    const error = await tokens.getToken().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ImsError);
    expect((error as ImsError).status).toBe(status);
    expect((error as ImsError).code).toBe(code);
    expect((error as ImsError).title).toBe(description);
    expect((error as ImsError).message).not.toContain(SECRET);
    expect(sleeps).toEqual([]);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
    // Nothing was cached.
    expect(existsSync(new TokenCache(cacheDir).pathFor(KEY))).toBe(false);
  });

  it('IMS 503 is retried (with a recorded back-off) and then succeeds', async () => {
    const scope = nock(IMS)
      .post('/ims/token/v3')
      .reply(503, '<html>Service Unavailable</html>')
      .post('/ims/token/v3')
      .reply(200, { access_token: 'token-1', expires_in: HOUR_S });

    expect(await provider().getToken()).toBe('token-1');
    expect(sleeps).toEqual([375]);
    expect(scope.isDone()).toBe(true);
  });

  it('IMS 503 every time: ServerError after maxRetries', async () => {
    const scope = nock(IMS).post('/ims/token/v3').times(3).reply(503, '');
    const error = await provider({ retry: { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 1000 } })
      .getToken()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(sleeps).toHaveLength(2);
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    ['not JSON', '<html>ok</html>'],
    ['no access_token', { expires_in: HOUR_S }],
    ['no expires_in', { access_token: 'token-1' }],
  ])('a 200 with %s is a ResponseShapeError', async (_label, body) => {
    const scope = nock(IMS).post('/ims/token/v3').reply(200, body);
    expect(await provider().getToken().catch((e: unknown) => e)).toBeInstanceOf(ResponseShapeError);
    expect(scope.isDone()).toBe(true);
  });

  it('without a client secret or a token there is no credential: ImsError, no IMS call', async () => {
    const error = await provider({ clientSecret: undefined }).getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImsError);
    expect((error as ImsError).detail).toContain('AEP_CLIENT_SECRET');
    expect(unmatched).toEqual([]);
  });
});

describe('on-disk token cache', () => {
  it('names each file by the FNV-1a hash of its key: one file per IMS host, client, org and set of scopes', () => {
    // The published 64-bit FNV-1a test vectors.
    expect([fnv1a64(''), fnv1a64('a'), fnv1a64('foobar')]).toEqual(['cbf29ce484222325', 'af63dc4c8601ec8c', '85944171f73967e8']);
    // The two 32-bit halves agree with the definition in 64-bit arithmetic, multi-byte UTF-8 included.
    const reference = (text: string) => {
      let hash = 0xcbf29ce484222325n;
      for (const byte of Buffer.from(text, 'utf8')) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
      return hash.toString(16).padStart(16, '0');
    };
    const texts = Array.from({ length: 300 }, (_, i) => `https://ims-na1.adobelogin.com\nclient-${i}\nORG${i * 7919}@AdobeOrg\nopenid,é😀${'x'.repeat(i % 13)}`);
    expect(texts.map(fnv1a64)).toEqual(texts.map(reference));
    const cache = new TokenCache(cacheDir);
    expect(cache.pathFor(KEY)).toMatch(/[\\/]token-[0-9a-f]{16}\.json$/);
    expect(cache.pathFor({ ...KEY, scopes: [...KEY.scopes].reverse() })).toBe(cache.pathFor(KEY));
    const others = [{ ...KEY, orgId: 'other@AdobeOrg' }, { ...KEY, clientId: 'other' }, { ...KEY, imsUrl: 'https://ims.example' }, { ...KEY, scopes: ['openid'] }];
    expect(new Set([cache.pathFor(KEY), ...others.map((key) => cache.pathFor(key))]).size).toBe(5);
  });

  it('writes the token to a 0600 file in a 0700 folder, without the client secret', async () => {
    const scope = ims(['token-1']);
    await provider().getToken();

    const file = new TokenCache(cacheDir).pathFor(KEY);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(file)).mode & 0o777).toBe(0o700);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(stored).toEqual({ accessToken: 'token-1', expiresAt: T0 + HOUR_S * 1000, obtainedAt: T0 });
    expect(readFileSync(file, 'utf8')).not.toContain(SECRET);
    expect(scope.isDone()).toBe(true);
  });

  it('a second provider instance reuses the cached token with no IMS call', async () => {
    const scope = ims(['token-1']);
    await provider().getToken();
    expect(scope.isDone()).toBe(true);

    clock = T0 + 10 * 60_000;
    const second = provider();
    const info = await second.info();

    expect(info).toMatchObject({ accessToken: 'token-1', origin: 'cache', expiresAt: T0 + HOUR_S * 1000 });
    expect(unmatched).toEqual([]);
  });

  it('fetches a new token once the clock enters the refresh margin (and not before)', async () => {
    const lifetime = HOUR_S * 1000;
    const margin = refreshMarginMs(lifetime);
    expect(margin).toBe(6 * 60_000);
    const scope = ims(['token-1', 'token-2']);
    const tokens = provider();
    expect(await tokens.getToken()).toBe('token-1');

    clock = T0 + lifetime - margin - 1;
    expect(await tokens.getToken()).toBe('token-1');
    expect(await provider().getToken()).toBe('token-1');
    expect(scope.pendingMocks()).toHaveLength(1);

    clock = T0 + lifetime - margin + 1;
    expect(await tokens.getToken()).toBe('token-2');
    expect(scope.isDone()).toBe(true);
    // The refreshed token replaced the cached one.
    expect(JSON.parse(readFileSync(new TokenCache(cacheDir).pathFor(KEY), 'utf8'))).toMatchObject({ accessToken: 'token-2', obtainedAt: clock });
  });

  it('a new instance does not reuse a cached token that is inside the refresh margin', async () => {
    const scope = ims(['token-1', 'token-2']);
    await provider().getToken();
    clock = T0 + HOUR_S * 1000 - 60_000;
    expect(await provider().getToken()).toBe('token-2');
    expect(scope.isDone()).toBe(true);
  });

  it('ignores a corrupt cache file and overwrites it', async () => {
    const cache = new TokenCache(cacheDir);
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    writeFileSync(cache.pathFor(KEY), '{"accessToken": "half', { mode: 0o600 });
    const scope = ims(['token-1']);

    expect(await provider().getToken()).toBe('token-1');
    expect(scope.isDone()).toBe(true);
    expect(await cache.read(KEY)).toMatchObject({ accessToken: 'token-1' });
  });

  it('ignores a cache file of the wrong shape', async () => {
    const cache = new TokenCache(cacheDir);
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    writeFileSync(cache.pathFor(KEY), JSON.stringify({ accessToken: 42, expiresAt: 'later' }));
    const scope = ims(['token-1']);
    expect(await provider().getToken()).toBe('token-1');
    expect(scope.isDone()).toBe(true);
  });

  it('the cache key differs by scopes, org, client id and IMS url (scope order does not matter)', async () => {
    const cache = new TokenCache(cacheDir);
    const base = cache.pathFor(KEY);
    expect(cache.pathFor({ ...KEY, scopes: ['openid'] })).not.toBe(base);
    expect(cache.pathFor({ ...KEY, orgId: 'OTHER@AdobeOrg' })).not.toBe(base);
    expect(cache.pathFor({ ...KEY, clientId: 'other' })).not.toBe(base);
    expect(cache.pathFor({ ...KEY, imsUrl: 'https://ims-na1-stg1.adobelogin.com' })).not.toBe(base);
    expect(cache.pathFor({ ...KEY, scopes: [...SCOPES].reverse() })).toBe(base);
    expect(provider().cacheKey).toEqual(KEY);

    // A token cached for one org is not used for another.
    const scope = ims(['token-1']);
    await provider().getToken();
    const other = nock(IMS).post('/ims/token/v3').reply(200, { access_token: 'token-other', expires_in: HOUR_S });
    expect(await provider({ orgId: 'OTHER@AdobeOrg' }).getToken()).toBe('token-other');
    expect(scope.isDone()).toBe(true);
    expect(other.isDone()).toBe(true);
  });
});

describe('invalidate()', () => {
  it('with a client secret: drops the token (memory and disk) so the next call asks IMS', async () => {
    const scope = ims(['token-1', 'token-2']);
    const tokens = provider();
    expect(await tokens.getToken()).toBe('token-1');

    expect(await tokens.invalidate('token-1')).toBe(true);
    expect(existsSync(new TokenCache(cacheDir).pathFor(KEY))).toBe(false);
    expect(await tokens.getToken()).toBe('token-2');
    expect(scope.isDone()).toBe(true);
  });

  it('requests refused together renew the token once: a 401 for a token already replaced changes nothing', async () => {
    const scope = ims(['token-1', 'token-2']);
    const tokens = provider();
    expect(await tokens.getToken()).toBe('token-1');
    // Three requests sent with token-1 come back 401 at about the same time.
    expect(await Promise.all([tokens.invalidate('token-1'), tokens.invalidate('token-1')])).toEqual([true, true]);
    expect(await tokens.getToken()).toBe('token-2');
    expect(await tokens.invalidate('token-1')).toBe(true);
    expect(await tokens.getToken()).toBe('token-2');
    expect(new TokenCache(cacheDir).pathFor(KEY)).toSatisfy(existsSync);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('with a static token: returns false and keeps the token', async () => {
    const tokens = provider({ clientSecret: undefined, accessToken: 'static-token' });
    expect(await tokens.invalidate('static-token')).toBe(false);
    expect(await tokens.getToken()).toBe('static-token');
    // Even with a secret too, a given token is what the user asked for.
    const both = provider({ accessToken: 'static-token' });
    expect(await both.invalidate('static-token')).toBe(false);
    expect(unmatched).toEqual([]);
  });

  it('forget() removes the cached token', async () => {
    ims(['token-1']);
    const tokens = provider();
    await tokens.getToken();
    expect(await tokens.forget()).toBe(true);
    expect(await tokens.forget()).toBe(false);
  });
});

describe('static access token (AEP_ACCESS_TOKEN)', () => {
  it('is used as is and never calls IMS, even past its expiry', async () => {
    const token = jwt({ created_at: String(T0), expires_in: '86400000' });
    const tokens = provider({ clientSecret: undefined, accessToken: token });

    expect(await tokens.info()).toEqual({ accessToken: token, expiresAt: T0 + 86_400_000, origin: 'AEP_ACCESS_TOKEN' });
    clock = T0 + 2 * 86_400_000;
    expect(await tokens.getToken()).toBe(token);
    expect(unmatched).toEqual([]);
    expect(existsSync(cacheDir)).toBe(false);
  });

  it('takes precedence over a client secret', async () => {
    const tokens = provider({ accessToken: 'opaque-token' });
    expect(await tokens.info()).toEqual({ accessToken: 'opaque-token', expiresAt: undefined, origin: 'AEP_ACCESS_TOKEN' });
    expect(unmatched).toEqual([]);
  });
});

describe('expiryOfJwt', () => {
  it('reads IMS created_at + expires_in (milliseconds, as strings or numbers)', () => {
    expect(expiryOfJwt(jwt({ created_at: '1700000000000', expires_in: '86400000', type: 'access_token' }))).toBe(1_700_086_400_000);
    expect(expiryOfJwt(jwt({ created_at: 1_700_000_000_000, expires_in: 3_600_000 }))).toBe(1_700_003_600_000);
  });

  it('reads a standard exp claim (seconds) as epoch ms', () => {
    expect(expiryOfJwt(jwt({ exp: 1_700_000_000 }))).toBe(1_700_000_000_000);
  });

  it('is undefined for an opaque token, a broken payload, or no expiry claim', () => {
    expect(expiryOfJwt('opaque-token')).toBeUndefined();
    expect(expiryOfJwt('a.%%%not-base64.c')).toBeUndefined();
    expect(expiryOfJwt(jwt({ sub: 'x' }))).toBeUndefined();
  });
});
