// Every Platform request goes through PlatformHttp.send: it adds the four AEP headers, serialises the body,
// applies the timeout and the retry policy (per call, when the caller says), refreshes a rejected token once,
// reconciles creates whose outcome is unknown, honours the caller's cancellation, logs (redacted) when asked,
// turns failures into typed errors, and in dry-run mode records writes instead of sending them. A client made
// `withReadCache` also remembers the reads its rules name (read-cache.ts).

import { AbortError, errorFromResponse, PlatformError, describeBody, ResponseShapeError } from '../errors.js';
import { ReadCache, type ReadCacheRule } from './read-cache.js';
import { redact, redactForm, redactHeaders, scrubText } from '../redact.js';
import { Pacer } from './pacer.js';
import { decideRetry, DEFAULT_RETRY_POLICY, parseRetryAfter, retrying, timerSleep, waitFor, type RetryEvent, type RetryingOptions, type RetryPolicy, type RetryVerdict, type Sleep } from './retry.js';
import type { RawResponse, StreamResponse, StreamTransport, Transport } from './transport.js';

export type Service = 'flowservice' | 'schemaregistry' | 'catalog' | 'conversion' | 'sandbox-management' | 'export';

export const SERVICE_BASE: Record<Service, string> = {
  flowservice: '/data/foundation/flowservice',
  schemaregistry: '/data/foundation/schemaregistry',
  catalog: '/data/foundation/catalog',
  conversion: '/data/foundation/conversion',
  'sandbox-management': '/data/foundation/sandbox-management',
  export: '/data/foundation/export',
};

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | readonly string[] | undefined;

export interface PlatformRequest {
  method: Method;
  service: Service;
  /** Path below the service's base path, starting with `/`; may carry its own query (a `_links.next.href`). */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Extra headers: Accept variants, If-Match. */
  headers?: Record<string, string>;
}

export interface PlatformResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON, or undefined for an empty body. */
  data: unknown;
  /** True when dry-run recorded the request instead of sending it. */
  dryRun?: boolean;
}

/** A request as it would go on the wire, secrets masked: what --dry-run and --debug show. */
export interface RequestDescription {
  method: Method;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** Options every client method takes for one call, as openai-node and stripe-node do. */
export interface RequestOptions {
  /** Cancels the call, including a back-off wait between attempts; the call rejects with an AbortError. */
  signal?: AbortSignal | undefined;
  /** The time one attempt may take, in place of the client's `timeoutMs`. */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt, in place of the client's retry policy's `maxRetries`. */
  maxRetries?: number | undefined;
}

export interface SendOptions extends RequestOptions {
  /**
   * For creates: finds the resource if an ambiguous failure (timeout, reset, 5xx) may have created it.
   * Returns the response data to use in place of the create's (e.g. `{id, etag}`), or undefined if absent.
   */
  reconcile?: () => Promise<unknown>;
  /**
   * A POST that changes nothing on the Platform (a mapping preview, an expression check): sent under dry-run
   * too, and retried like a GET.
   */
  readOnly?: boolean;
}

export interface TokenSource {
  getToken(): Promise<string>;
  /** Drops a token the Platform rejected; returns false when a fresh one cannot be had (static token). */
  invalidate(rejected: string): Promise<boolean>;
}

export interface HttpOptions {
  platformUrl: string;
  sandbox: string;
  orgId: string;
  apiKey: string;
  tokens: TokenSource;
  transport: Transport;
  /** For reading data files as they arrive; without it `openStream` is unavailable. */
  streamTransport?: StreamTransport | undefined;
  timeoutMs?: number;
  retry?: RetryPolicy;
  sleep?: Sleep;
  random?: () => number;
  now?: () => number;
  /** Debug log lines (already redacted). */
  log?: (line: string) => void;
  /** Dry-run: writes are passed here instead of being sent. Reads still go out. */
  onDryRun?: (request: RequestDescription) => void;
  /** Values to scrub from anything logged (the client secret, a static token). */
  secrets?: readonly string[];
  /** The pace every request of the client keeps (pacer.ts); default: one of its own, on `now` and `sleep`. */
  pacer?: Pacer;
}

/** What one call's attempts share: the token the last one used, and whether a rejected token was renewed. */
interface CallState {
  /** Undefined while (or when) the token is being had. */
  token: string | undefined;
  refreshed: boolean;
}

const FAIL = { action: 'fail' } as const;

export class PlatformHttp {
  readonly sandbox: string;
  readonly platformUrl: string;
  private readonly o: Required<Omit<HttpOptions, 'log' | 'onDryRun' | 'secrets' | 'streamTransport' | 'pacer'>> &
    Pick<HttpOptions, 'log' | 'onDryRun' | 'secrets' | 'streamTransport' | 'pacer'>;
  /** Shared with the clients made `withReadCache`, so that the effort reported counts their requests too. */
  private readonly counter: { attempts: number };
  private readonly cache: ReadCache | undefined;

  /** `shared` is for `withReadCache` only. */
  constructor(options: HttpOptions, shared: { counter?: { attempts: number }; cache?: ReadCache } = {}) {
    this.o = {
      timeoutMs: 30_000,
      retry: DEFAULT_RETRY_POLICY,
      sleep: timerSleep,
      random: Math.random,
      now: Date.now,
      ...options,
    };
    // One pace for the client and the clients made from it `withReadCache` (they are given this.o).
    this.o.pacer ??= new Pacer({ now: this.o.now, sleep: this.o.sleep, settings: { maxPauseMs: this.o.retry.maxDelayMs } });
    this.sandbox = options.sandbox;
    this.platformUrl = options.platformUrl;
    this.counter = shared.counter ?? { attempts: 0 };
    this.cache = shared.cache;
  }

  /** Requests sent (attempts), for callers that report effort. */
  get attempts(): number {
    return this.counter.attempts;
  }

  get dryRun(): boolean {
    return this.o.onDryRun !== undefined;
  }

  /**
   * The same client (settings, token, request count) remembering the GETs `rules` name, in a cache of its own
   * that lives as long as the returned object: for a job that reads the same resources many times.
   */
  withReadCache(rules: readonly ReadCacheRule[]): PlatformHttp {
    return new PlatformHttp(this.o, { counter: this.counter, cache: new ReadCache(rules) });
  }

  /** Gives a read cache the answer to a GET already had another way (e.g. the resource, found in a list). */
  seedRead(request: PlatformRequest, data: unknown): void {
    if (this.cache?.covers(request)) this.cache.seed(request, this.cacheKey(request), { status: 200, headers: {}, data });
  }

  url(request: Pick<PlatformRequest, 'service' | 'path' | 'query'>): string {
    const url = new URL(this.o.platformUrl + SERVICE_BASE[request.service] + request.path);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value) url.searchParams.append(name, v);
      else url.searchParams.append(name, String(value));
    }
    return url.toString();
  }

  headers(request: PlatformRequest, token: string): Record<string, string> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      'x-api-key': this.o.apiKey,
      'x-gw-ims-org-id': this.o.orgId,
      'x-sandbox-name': this.o.sandbox,
      Accept: 'application/json',
    };
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    return { ...headers, ...request.headers };
  }

  describe(request: PlatformRequest): RequestDescription {
    const description: RequestDescription = {
      method: request.method,
      url: this.url(request),
      headers: redactHeaders(this.headers(request, 'token')),
    };
    if (request.body !== undefined) description.body = redact(request.body);
    return description;
  }

  /**
   * A request for a link the Platform gave (`_links.self.href`, absolute as the Data Access API writes them:
   * `https://platform.adobe.io:443/data/foundation/export/files/…?path=…`). It must point below `service` on
   * the Platform this client talks to: credentials are never sent to another host.
   */
  requestFor(href: string, service: Service): PlatformRequest {
    let target: URL;
    try {
      target = new URL(href, this.o.platformUrl);
    } catch {
      throw new ResponseShapeError({ title: 'the Platform gave a link that is not a URL', detail: describeBody(href), method: 'GET', url: href });
    }
    const base = SERVICE_BASE[service];
    const platform = new URL(this.o.platformUrl);
    if (target.origin !== platform.origin || !(target.pathname === base || target.pathname.startsWith(`${base}/`))) {
      throw new ResponseShapeError({
        title: `the Platform linked to ${target.origin}${target.pathname}, outside ${platform.origin}${base}`,
        detail: 'flowctl follows links only to the Platform it was configured with, so that credentials never travel elsewhere',
        method: 'GET',
        url: `${target.origin}${target.pathname}`,
      });
    }
    return { method: 'GET', service, path: `${target.pathname.slice(base.length)}${target.search}` };
  }

  async send(request: PlatformRequest, options: SendOptions = {}): Promise<PlatformResponse> {
    const read = request.method === 'GET' || request.method === 'HEAD' || options.readOnly === true;
    if (this.o.onDryRun && !read) {
      this.o.onDryRun(this.describe(request));
      return { status: 0, headers: {}, data: undefined, dryRun: true };
    }
    const cache = this.cache;
    if (!cache) return this.sendNow(request, options);
    // A read shared by concurrent callers is sent with the first one's options (its signal and timeout included).
    if (cache.covers(request)) return cache.read(request, this.cacheKey(request), () => this.sendNow(request, options));
    if (read) return this.sendNow(request, options);
    // Forgotten before (no new reader gets the old answer while it is written) and after (nor one read meanwhile).
    cache.forget(request);
    try {
      return await this.sendNow(request, options);
    } finally {
      cache.forget(request);
    }
  }

  /**
   * A GET whose body is read as a stream (with its status and headers: a `Range` request answers 206). Failures
   * before the body starts are retried like any read, a rejected token is renewed once; an error status is read
   * whole and turned into the usual typed error.
   */
  async openStream(request: PlatformRequest, options: RequestOptions = {}): Promise<StreamResponse> {
    const stream = this.o.streamTransport;
    if (!stream) throw new Error('this client has no stream transport');
    const url = this.url(request);
    const state: CallState = { token: undefined, refreshed: false };
    const decide = this.decider<StreamResponse>(request.method, state);
    let throttled = false;
    return retrying(async () => {
      const sentAt = await this.pace(request.method, url, options, throttled);
      const headers = this.headers(request, await this.tokenFor(state));
      this.counter.attempts++;
      this.log(`→ ${request.method} ${url} (streamed)${request.headers?.['Range'] ? ` Range: ${request.headers['Range']}` : ''}`);
      const response = await stream({ method: request.method, url, headers, ...this.perCall(options) });
      this.log(`← ${response.status} ${request.method} ${url}`);
      throttled = this.paced(sentAt, response.status, response.headers);
      if (response.status >= 200 && response.status < 300) return response;
      throw errorFromResponse(response.status, await readAll(response.body), { method: request.method, url, headers: response.headers });
    }, this.retryOptions(request.method, url, options, decide));
  }

  /** One call's attempts, after dry-run and the read cache have had their say. */
  private sendNow(request: PlatformRequest, options: SendOptions): Promise<PlatformResponse> {
    const url = this.url(request);
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const state: CallState = { token: undefined, refreshed: false };
    const reconcile = options.reconcile && this.reconciler(request.method, url, options.reconcile);
    const decide = this.decider<PlatformResponse>(options.readOnly ? 'GET' : request.method, state, reconcile);
    // The retry of a 429 has honoured its Retry-After in the back-off: the client's pause is not waited again.
    let throttled = false;
    return retrying(async () => {
      const sentAt = await this.pace(request.method, url, options, throttled);
      const headers = this.headers(request, await this.tokenFor(state));
      const raw = await this.exchange(request, url, headers, body, options);
      throttled = this.paced(sentAt, raw.status, raw.headers);
      if (raw.status >= 200 && raw.status < 300) return { status: raw.status, headers: raw.headers, data: parseBody(raw, request.method, url) };
      throw errorFromResponse(raw.status, raw.body, { method: request.method, url, headers: raw.headers });
    }, this.retryOptions(request.method, url, options, decide));
  }

  /** The request's turn under the client's pace (at once until the Platform has throttled it); when it goes. */
  private pace(method: string, url: string, options: RequestOptions, pauseWaited: boolean): number | Promise<number> {
    const pacer = this.o.pacer as Pacer;
    const aborted = () => new AbortError({ title: 'request cancelled', method, url, cause: options.signal?.reason });
    return pacer.take({ wait: (ms) => waitFor(ms, { sleep: this.o.sleep, signal: options.signal, aborted }), pauseWaited });
  }

  /** Tells the pace how a request sent at `sentAt` was answered: served, or throttled (true; and for how long). */
  private paced(sentAt: number, status: number, headers: Record<string, string>): boolean {
    const pacer = this.o.pacer as Pacer;
    if (status !== 429) {
      pacer.served();
      return false;
    }
    pacer.throttled(sentAt, parseRetryAfter(headers['retry-after'], this.o.now));
    const { rate, pausedUntil } = pacer.state;
    if (this.o.log) this.log(`… throttled: every request waits ${Math.max(0, pausedUntil - this.o.now())} ms${rate === undefined ? '' : `, then goes at ${rate.toFixed(1)} requests/s`}`);
    return true;
  }

  private async tokenFor(state: CallState): Promise<string> {
    state.token = undefined;
    state.token = await this.o.tokens.getToken();
    return state.token;
  }

  /** What a failed attempt leads to: a renewed token (once), a retry, a look-up of the create, or the end. */
  private decider<T>(method: string, state: CallState, reconcile?: () => Promise<T | undefined>): (error: unknown) => Promise<RetryVerdict<T>> {
    return async (error) => {
      // A token that could not be had is IMS's failure (retried there), not this request's.
      if (!(error instanceof PlatformError) || state.token === undefined) return FAIL;
      // A token can be revoked or expire early: get a new one, once, and try again.
      if (error.status === 401 && !state.refreshed && (await this.o.tokens.invalidate(state.token))) {
        state.refreshed = true;
        return { action: 'again' };
      }
      const decision = decideRetry(method, error);
      if (decision === 'retry') return { action: 'retry' };
      // The back-off comes before the look-up: a create that timed out may still be being carried out, and
      // a look-up straight away would miss it and the create sent again would make a duplicate.
      if (decision === 'reconcile' && reconcile) return { action: 'retry', recover: reconcile };
      return FAIL;
    };
  }

  /** The create's look-up, as the call's answer when it finds the resource. */
  private reconciler(method: string, url: string, reconcile: () => Promise<unknown>): () => Promise<PlatformResponse | undefined> {
    return async () => {
      const existing = await reconcile();
      if (existing !== undefined) return { status: 200, headers: {}, data: existing };
      this.log(`… ${method} ${url}: it was not created`);
      return undefined;
    };
  }

  /** The client's retry settings, with the call's own maximum and signal. */
  private retryOptions<T>(method: string, url: string, options: RequestOptions, decide: RetryingOptions<T>['decide']): RetryingOptions<T> {
    return {
      policy: options.maxRetries === undefined ? this.o.retry : { ...this.o.retry, maxRetries: options.maxRetries },
      sleep: this.o.sleep,
      random: this.o.random,
      now: this.o.now,
      signal: options.signal,
      decide,
      onRetry: (event) => this.logRetry(method, url, event),
      aborted: () => new AbortError({ title: 'request cancelled', method, url, cause: options.signal?.reason }),
    };
  }

  private logRetry(method: string, url: string, { attempt, maxRetries, delayMs, error, recovering }: RetryEvent): void {
    const why = error instanceof Error ? error.message : String(error);
    if (recovering) this.log(`… ${method} ${url} failed (${why}); looking the resource up in ${delayMs} ms before retrying`);
    else this.log(`… retry ${attempt}/${maxRetries} of ${method} ${url} in ${delayMs} ms (${why})`);
  }

  /** What the transport is told for one attempt: the call's timeout in place of the client's, and its signal. */
  private perCall(options: RequestOptions): { timeoutMs: number; signal?: AbortSignal } {
    return { timeoutMs: options.timeoutMs ?? this.o.timeoutMs, ...(options.signal && { signal: options.signal }) };
  }

  /** A cached read's key: the URL and the headers that change the answer (Accept). */
  private cacheKey(request: PlatformRequest): string {
    return `${this.url(request)} ${JSON.stringify(request.headers ?? {})}`;
  }

  private async exchange(request: PlatformRequest, url: string, headers: Record<string, string>, body: string | undefined, options: RequestOptions): Promise<RawResponse> {
    this.counter.attempts++;
    const started = this.o.now();
    if (this.o.log) {
      this.log(`→ ${request.method} ${url}`);
      for (const [name, value] of Object.entries(redactHeaders(headers))) this.log(`  ${name}: ${value}`);
      if (request.body !== undefined) this.log(`  ${JSON.stringify(redact(request.body))}`);
    }
    const raw = await this.o.transport({ method: request.method, url, headers, body, ...this.perCall(options) });
    if (this.o.log) {
      const requestId = raw.headers['x-request-id'] ? ` x-request-id: ${raw.headers['x-request-id']}` : '';
      this.log(`← ${raw.status} ${request.method} ${url} (${this.o.now() - started} ms)${requestId}`);
      if (raw.body) this.log(`  ${truncate(redactBodyText(raw.body), 4000)}`);
    }
    return raw;
  }

  private log(line: string): void {
    this.o.log?.(scrubText(line, this.o.secrets));
  }
}

function parseBody(raw: RawResponse, method: string, url: string): unknown {
  if (raw.body.trim() === '') return undefined;
  try {
    return JSON.parse(raw.body);
  } catch {
    throw new ResponseShapeError({
      status: raw.status,
      title: 'the response is not valid JSON',
      detail: describeBody(raw.body),
      method,
      url,
      requestId: raw.headers['x-request-id'],
    });
  }
}

function redactBodyText(text: string): string {
  try {
    return JSON.stringify(redact(JSON.parse(text)));
  } catch {
    return redactForm(text);
  }
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
