// Every Platform request goes through PlatformHttp.send: it adds the four AEP headers, serialises the body,
// applies the timeout and the retry policy, refreshes a rejected token once, reconciles creates whose outcome
// is unknown, logs (redacted) when asked, turns failures into typed errors, and in dry-run mode records
// writes instead of sending them.

import { errorFromResponse, PlatformError, describeBody, ResponseShapeError } from './errors.js';
import { redact, redactForm, redactHeaders, scrubText } from './redact.js';
import { decideRetry, DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './retry.js';
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
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** Debug log lines (already redacted). */
  log?: (line: string) => void;
  /** Dry-run: writes are passed here instead of being sent. Reads still go out. */
  onDryRun?: (request: RequestDescription) => void;
  /** Values to scrub from anything logged (the client secret, a static token). */
  secrets?: readonly string[];
}

export class PlatformHttp {
  readonly sandbox: string;
  readonly platformUrl: string;
  private readonly o: Required<Omit<HttpOptions, 'log' | 'onDryRun' | 'secrets' | 'streamTransport'>> &
    Pick<HttpOptions, 'log' | 'onDryRun' | 'secrets' | 'streamTransport'>;
  /** Requests sent (attempts), for callers that report effort. */
  attempts = 0;

  constructor(options: HttpOptions) {
    this.o = {
      timeoutMs: 30_000,
      retry: DEFAULT_RETRY_POLICY,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      random: Math.random,
      now: Date.now,
      ...options,
    };
    this.sandbox = options.sandbox;
    this.platformUrl = options.platformUrl;
  }

  get dryRun(): boolean {
    return this.o.onDryRun !== undefined;
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
    if (this.o.onDryRun && request.method !== 'GET' && request.method !== 'HEAD' && !options.readOnly) {
      this.o.onDryRun(this.describe(request));
      return { status: 0, headers: {}, data: undefined, dryRun: true };
    }
    const url = this.url(request);
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    let refreshedToken = false;
    for (let attempt = 1; ; attempt++) {
      // Outside the try: a token that cannot be had is IMS's failure (retried there), not this request's.
      const token = await this.o.tokens.getToken();
      try {
        const raw = await this.exchange(request, url, this.headers(request, token), body);
        if (raw.status >= 200 && raw.status < 300) return { status: raw.status, headers: raw.headers, data: parseBody(raw, request.method, url) };
        throw errorFromResponse(raw.status, raw.body, { method: request.method, url, headers: raw.headers });
      } catch (error) {
        if (!(error instanceof PlatformError)) throw error;
        // A token can be revoked or expire early: get a new one, once, and try again.
        if (error.status === 401 && !refreshedToken && (await this.o.tokens.invalidate(token))) {
          refreshedToken = true;
          attempt--;
          continue;
        }
        const decision = decideRetry(options.readOnly ? 'GET' : request.method, error);
        const reconcile = decision === 'reconcile' ? options.reconcile : undefined;
        if (decision === 'fail' || (decision === 'reconcile' && !reconcile)) throw error;
        const delay = retryDelayMs(attempt, error.retryAfter, this.o.retry, this.o.random, this.o.now);
        if (reconcile) {
          // The back-off comes before the look-up: a create that timed out may still be being carried out, and
          // a look-up straight away would miss it and the create sent again would make a duplicate.
          this.log(`… ${request.method} ${url} failed (${error.message}); looking the resource up in ${delay} ms before retrying`);
          await this.o.sleep(delay);
          const existing = await reconcile();
          if (existing !== undefined) return { status: 200, headers: {}, data: existing };
          if (attempt > this.o.retry.maxRetries) throw error;
          this.log(`… retry ${attempt}/${this.o.retry.maxRetries} of ${request.method} ${url}: it was not created`);
          continue;
        }
        if (attempt > this.o.retry.maxRetries) throw error;
        this.log(`… retry ${attempt}/${this.o.retry.maxRetries} of ${request.method} ${url} in ${delay} ms (${error.message})`);
        await this.o.sleep(delay);
      }
    }
  }

  /**
   * A GET whose body is read as a stream (with its status and headers: a `Range` request answers 206). Failures
   * before the body starts are retried like any read, a rejected token is renewed once; an error status is read
   * whole and turned into the usual typed error.
   */
  async openStream(request: PlatformRequest): Promise<StreamResponse> {
    const stream = this.o.streamTransport;
    if (!stream) throw new Error('this client has no stream transport');
    const url = this.url(request);
    let refreshedToken = false;
    for (let attempt = 1; ; attempt++) {
      const token = await this.o.tokens.getToken();
      try {
        this.attempts++;
        this.log(`→ ${request.method} ${url} (streamed)${request.headers?.['Range'] ? ` Range: ${request.headers['Range']}` : ''}`);
        const response = await stream({ method: request.method, url, headers: this.headers(request, token), timeoutMs: this.o.timeoutMs });
        this.log(`← ${response.status} ${request.method} ${url}`);
        if (response.status >= 200 && response.status < 300) return response;
        throw errorFromResponse(response.status, await readAll(response.body), { method: request.method, url, headers: response.headers });
      } catch (error) {
        if (!(error instanceof PlatformError)) throw error;
        if (error.status === 401 && !refreshedToken && (await this.o.tokens.invalidate(token))) {
          refreshedToken = true;
          attempt--;
          continue;
        }
        if (decideRetry(request.method, error) !== 'retry' || attempt > this.o.retry.maxRetries) throw error;
        await this.o.sleep(retryDelayMs(attempt, error.retryAfter, this.o.retry, this.o.random, this.o.now));
      }
    }
  }

  private async exchange(request: PlatformRequest, url: string, headers: Record<string, string>, body: string | undefined): Promise<RawResponse> {
    this.attempts++;
    const started = this.o.now();
    if (this.o.log) {
      this.log(`→ ${request.method} ${url}`);
      for (const [name, value] of Object.entries(redactHeaders(headers))) this.log(`  ${name}: ${value}`);
      if (request.body !== undefined) this.log(`  ${JSON.stringify(redact(request.body))}`);
    }
    const raw = await this.o.transport({ method: request.method, url, headers, body, timeoutMs: this.o.timeoutMs });
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
