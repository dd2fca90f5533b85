// Access tokens: AEP_ACCESS_TOKEN when given; otherwise OAuth server-to-server (client_credentials) against
// IMS `/ims/token/v3`, cached on disk and refreshed ahead of expiry. `expires_in` is in seconds for v3
// (the retired JWT exchange used milliseconds). IMS OAuth server-to-server:
// https://experienceleague.adobe.com/en/docs/experience-platform/landing/platform-apis/api-authentication

import { errorFromResponse, ImsError, PlatformError, ResponseShapeError } from './errors.js';
import { decideRetry, DEFAULT_RETRY_POLICY, retrying, timerSleep, type RetryPolicy, type Sleep } from './internal/retry.js';
import type { TokenCache, TokenCacheKey } from './token-cache.js';
import type { Transport } from './internal/transport.js';

export type TokenOrigin = 'AEP_ACCESS_TOKEN' | 'cache' | 'ims';

export interface TokenInfo {
  accessToken: string;
  /** Epoch ms; undefined when a static token does not say. */
  expiresAt: number | undefined;
  origin: TokenOrigin;
  /** Epoch ms when it was issued, if known: the refresh margin depends on the token's lifetime. */
  obtainedAt?: number | undefined;
}

export interface TokenProviderOptions {
  imsUrl: string;
  clientId: string;
  orgId: string;
  scopes: readonly string[];
  clientSecret?: string | undefined;
  accessToken?: string | undefined;
  transport: Transport;
  cache?: TokenCache | undefined;
  timeoutMs?: number;
  retry?: RetryPolicy;
  now?: () => number;
  sleep?: Sleep;
  random?: () => number;
  log?: (line: string) => void;
}

/** Refresh this long before expiry: ten minutes, or a tenth of a short-lived token's life. */
export function refreshMarginMs(lifetimeMs: number): number {
  return Math.min(10 * 60_000, Math.max(0, lifetimeMs) / 10);
}

export class TokenProvider {
  private current: TokenInfo | undefined;
  private inflight: Promise<TokenInfo> | undefined;
  private readonly now: () => number;

  constructor(private readonly o: TokenProviderOptions) {
    this.now = o.now ?? Date.now;
    if (o.accessToken !== undefined) {
      this.current = { accessToken: o.accessToken, expiresAt: expiryOfJwt(o.accessToken), origin: 'AEP_ACCESS_TOKEN' };
    }
  }

  get cacheKey(): TokenCacheKey {
    return { imsUrl: this.o.imsUrl, clientId: this.o.clientId, orgId: this.o.orgId, scopes: this.o.scopes };
  }

  async getToken(): Promise<string> {
    return (await this.info()).accessToken;
  }

  /** The token to use now, with where it came from and when it expires. */
  async info(): Promise<TokenInfo> {
    if (this.current && this.isFresh(this.current)) return this.current;
    // Concurrent requests (onboard runs steps in parallel) share one IMS call.
    this.inflight ??= this.obtain().finally(() => {
      this.inflight = undefined;
    });
    this.current = await this.inflight;
    return this.current;
  }

  /**
   * After a 401 for `rejected`: forget that token so that the next request gets a new one. When concurrent
   * requests are refused together, only the first forgets it; the others find the renewed token already there
   * (one IMS call, not one per request). False when no new token can be had.
   */
  async invalidate(rejected: string): Promise<boolean> {
    if (this.o.clientSecret === undefined || this.o.accessToken !== undefined) return false;
    if (this.inflight || (this.current !== undefined && this.current.accessToken !== rejected)) return true;
    this.current = undefined;
    const cached = await this.o.cache?.read(this.cacheKey);
    if (cached?.accessToken === rejected) await this.o.cache?.delete(this.cacheKey);
    return true;
  }

  /** Removes the cached token (auth logout). */
  async forget(): Promise<boolean> {
    this.current = undefined;
    return (await this.o.cache?.delete(this.cacheKey)) ?? false;
  }

  private isFresh(token: TokenInfo): boolean {
    if (token.origin === 'AEP_ACCESS_TOKEN' || token.expiresAt === undefined) return true;
    return this.now() < token.expiresAt - refreshMarginMs(token.expiresAt - (token.obtainedAt ?? this.now()));
  }

  private async obtain(): Promise<TokenInfo> {
    const cached = await this.o.cache?.read(this.cacheKey);
    if (cached && this.now() < cached.expiresAt - refreshMarginMs(cached.expiresAt - cached.obtainedAt)) {
      return { accessToken: cached.accessToken, expiresAt: cached.expiresAt, obtainedAt: cached.obtainedAt, origin: 'cache' };
    }
    const fresh = await this.requestToken();
    await this.o.cache?.write(this.cacheKey, {
      accessToken: fresh.accessToken,
      expiresAt: fresh.expiresAt ?? this.now(),
      obtainedAt: fresh.obtainedAt ?? this.now(),
    });
    return fresh;
  }

  private async requestToken(): Promise<TokenInfo> {
    if (this.o.clientSecret === undefined) {
      throw new ImsError({ title: 'no credential to get a token with', detail: 'set AEP_CLIENT_SECRET or AEP_ACCESS_TOKEN' });
    }
    const url = `${this.o.imsUrl}/ims/token/v3`;
    // The secret goes in the form body, never in the query string, where proxies log it.
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.o.clientId,
      client_secret: this.o.clientSecret,
      scope: this.o.scopes.join(','),
    }).toString();
    return retrying(() => this.tokenAttempt(url, body), {
      policy: this.o.retry ?? DEFAULT_RETRY_POLICY,
      sleep: this.o.sleep ?? timerSleep,
      random: this.o.random ?? Math.random,
      now: this.now,
      // Asking IMS for a token twice is harmless, so any transient failure is retried like a read.
      decide: (error) => (error instanceof PlatformError && decideRetry('GET', error) !== 'fail' ? { action: 'retry' } : { action: 'fail' }),
    });
  }

  private async tokenAttempt(url: string, body: string): Promise<TokenInfo> {
    this.o.log?.(`→ POST ${url} (client_id=${this.o.clientId}, client_secret=***)`);
    const started = this.now();
    const raw = await this.o.transport({
      method: 'POST',
      url,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body,
      timeoutMs: this.o.timeoutMs ?? 30_000,
    });
    this.o.log?.(`← ${raw.status} POST ${url} (${this.now() - started} ms)`);
    if (raw.status < 200 || raw.status >= 300) throw errorFromResponse(raw.status, raw.body, { method: 'POST', url, headers: raw.headers, ims: true });
    return this.parseTokenResponse(raw.body, url);
  }

  private parseTokenResponse(text: string, url: string): TokenInfo {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new ResponseShapeError({ title: 'IMS answered with something that is not JSON', url, method: 'POST' });
    }
    const d = (data ?? {}) as Record<string, unknown>;
    const token = d['access_token'];
    const expiresIn = Number(d['expires_in']);
    if (typeof token !== 'string' || token === '' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
      throw new ResponseShapeError({ title: 'IMS token response lacks access_token or expires_in', url, method: 'POST' });
    }
    const now = this.now();
    return { accessToken: token, expiresAt: now + expiresIn * 1000, obtainedAt: now, origin: 'ims' };
  }
}

/** Expiry of an IMS JWT (`created_at` + `expires_in`, both ms) or a standard `exp` claim; no verification. */
export function expiryOfJwt(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const created = Number(claims['created_at']);
    const expiresIn = Number(claims['expires_in']);
    if (Number.isFinite(created) && Number.isFinite(expiresIn) && created > 0) return created + expiresIn;
    const exp = Number(claims['exp']);
    if (Number.isFinite(exp) && exp > 0) return exp * 1000;
  } catch {
    // Not a JWT: the expiry is unknown.
  }
  return undefined;
}
