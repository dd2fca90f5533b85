// The local Platform: one HTTP server for IMS and the four services, with the gateway's checks, per-sandbox
// state on disk, and optional latency, rate limiting and faults. Start it in-process:
//
//   const emulator = await startEmulator({ port: 0, inMemory: true });
//   … emulator.url, emulator.credentials …
//   await emulator.close();

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import { DEFAULT_CREDENTIALS, type EmulatorCredentials } from './credentials.js';
import { checkContentType, checkGateway, isReply } from './gateway.js';
import { type EmulatorRequest, type Reply, ReplyError } from './http-types.js';
import { tokenRequest } from './ims.js';
import { FaultInjector, type FaultKind, type Latency, latencyMs, RateLimiter } from './misbehave.js';
import { seededRandom } from './random.js';
import { RequestLog } from './request-log.js';
import type { ServiceDeps, ServiceModule } from './service.js';
import { Store } from './store.js';
import { createFlowService } from './services/flow-service/index.js';
import { createSchemaRegistry } from './services/schema-registry/index.js';
import { createCatalog } from './services/catalog.js';
import { createDataPrep } from './services/data-prep.js';
import { createSandboxManagement } from './services/sandboxes.js';
import { createExportService } from './services/export.js';
import { createRunner, emulatorClock, type OpenReader } from './runner/index.js';
import { createDatabaseAccess } from './databases/open.js';

export interface EmulatorOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Where state lives; ignored with inMemory. */
  dataDir?: string;
  inMemory?: boolean;
  sandboxes?: readonly string[];
  credentials?: Partial<EmulatorCredentials>;
  tenantId?: string;
  tokenTtlSeconds?: number;
  /** Answer a missing x-sandbox-name with 2105-400 instead of using prod. */
  strictSandbox?: boolean;
  latency?: Latency;
  /** Requests per second per client; beyond it, 429 with Retry-After. */
  rateLimit?: number;
  faultRate?: number;
  faults?: readonly FaultKind[];
  seed?: number;
  requestLog?: string;
  /** The emulator's clock (epoch ms). */
  now?: () => number;
  /**
   * Emulator time runs this many times faster than `now` (default 1): at 900, a 15-minute schedule runs every
   * second. The services and runs use the scaled clock; IMS tokens and the gateway keep the base clock.
   */
  timeScale?: number;
  /** How runs open databases (default: the real readers); tests pass fakes. */
  openReader?: OpenReader;
  /** Records per row group of the Parquet files runs write (default 5,000): tests make several groups with few rows. */
  rowGroupRows?: number;
  /** Called with every response sent (tests use it to check responses against the OpenAPI specs). */
  onExchange?: (exchange: Exchange) => void;
}

export interface Exchange {
  method: string;
  /** Full path with query. */
  url: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
  requestHeaders: IncomingMessage['headers'];
}

export interface RunningEmulator {
  url: string;
  port: number;
  host: string;
  credentials: EmulatorCredentials;
  sandboxes: string[];
  store: Store;
  /**
   * Makes every token issued so far invalid at once, as if they had all expired early (a revoked credential, a
   * clock that disagrees): the next request with one gets 401 `401013`. For tests of token renewal.
   */
  expireTokens(): void;
  close(): Promise<void>;
}

const MAX_BODY = 10 * 1024 * 1024;
export const DEFAULT_SANDBOXES = ['prod', 'dev'];
export const DEFAULT_TENANT = 'flowctl';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(Object.assign(new Error('body too large'), { code: 'TOO_LARGE' }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Everything one running emulator holds; the steps below share it. */
interface Emulator {
  options: EmulatorOptions;
  credentials: EmulatorCredentials;
  /** The base clock (IMS tokens, the gateway); `clock` is the scaled one the services and runs use. */
  now: () => number;
  clock: () => number;
  store: Store;
  random: () => number;
  faults: FaultInjector;
  limiter: RateLimiter | undefined;
  requestLog: RequestLog | undefined;
  runner: Awaited<ReturnType<typeof createRunner>>;
  databases: ReturnType<typeof createDatabaseAccess>;
  services: ServiceModule[];
  ttl: number;
  sockets: Set<Socket>;
  /** Responses a `timeout` fault holds open; close() ends them. */
  held: Set<ServerResponse>;
  /** Known once the server listens; the runner and export service read it when they need links. */
  url: string | undefined;
  /** Tokens issued before this (epoch ms, emulator clock) are refused: see expireTokens(). */
  tokensValidFrom: number;
}

/** One request in flight: what the log line and the response need, filled in as the steps learn it. */
interface InFlight {
  req: IncomingMessage;
  res: ServerResponse;
  started: number;
  requestId: string;
  url: URL;
  method: string;
  /** The Platform service whose base the path is under; undefined for IMS, health and unknown paths. */
  service: ServiceModule | undefined;
  sandboxName?: string;
  fault?: FaultKind;
}

/** Opens the store, the runner and the services, in the order each needs the one before. */
async function openEmulator(options: EmulatorOptions): Promise<Emulator> {
  const credentials: EmulatorCredentials = { ...DEFAULT_CREDENTIALS, ...options.credentials };
  const store = await Store.open({
    dataDir: options.inMemory ? undefined : (options.dataDir ?? '.flowctl/emulator'),
    sandboxes: options.sandboxes ?? DEFAULT_SANDBOXES,
    tenantId: options.tenantId ?? DEFAULT_TENANT,
  });
  const random = seededRandom(options.seed ?? Date.now());
  const faults = new FaultInjector(options.faultRate ?? 0, options.faults ?? [], random);
  const limiter = options.rateLimit ? new RateLimiter(options.rateLimit) : undefined;
  const requestLog = options.requestLog ? new RequestLog(options.requestLog) : undefined;
  const clock = emulatorClock({ now: options.now, timeScale: options.timeScale });
  const deps: ServiceDeps = { store, credentials, tenantId: store.meta.tenantId, now: clock };
  // The URL is only known after listen(), so the runner and export service get a getter for it (undefined
  // until then, and until `opened` below is set).
  let opened: Emulator | undefined;
  const baseUrl = () => opened?.url;
  const runner = await createRunner({ store, now: clock, openReader: options.openReader, baseUrl, rowGroupRows: options.rowGroupRows });
  const databases = createDatabaseAccess({ dataDir: store.dataDir });
  const services: ServiceModule[] = [
    createFlowService(deps, databases),
    createSchemaRegistry(deps),
    createCatalog(deps),
    createDataPrep(deps),
    createSandboxManagement(deps),
    createExportService({ ...deps, baseUrl }, runner.lake),
  ];
  opened = {
    options,
    credentials,
    now: options.now ?? Date.now,
    clock,
    store,
    random,
    faults,
    limiter,
    requestLog,
    runner,
    databases,
    services,
    ttl: options.tokenTtlSeconds ?? 86_400,
    sockets: new Set(),
    held: new Set(),
    url: undefined,
    tokensValidFrom: 0,
  };
  return opened;
}

/** Sends the reply after the configured latency, then reports it to onExchange and the request log. */
function finish(emulator: Emulator, r: InFlight, reply: Reply): void {
  const delay = latencyMs(emulator.options.latency, emulator.random);
  if (delay > 0) setTimeout(() => send(emulator, r, reply), delay);
  else send(emulator, r, reply);
}

function send(emulator: Emulator, r: InFlight, reply: Reply): void {
  const { req, res } = r;
  // The client may have gone during the latency delay.
  if (res.destroyed) return;
  const headers: Record<string, string> = { 'x-request-id': r.requestId, ...reply.headers };
  let payload = '';
  // A Readable body (the export service's files) is streamed as it is read.
  const stream = reply.body instanceof Readable ? reply.body : undefined;
  if (stream) {
    res.writeHead(reply.status, headers);
    pipeline(stream, res).catch(() => res.destroy());
  } else if (reply.body !== undefined && reply.status !== 204) {
    headers['content-type'] ??= 'application/json;charset=utf-8';
    payload = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  }
  if (!stream) res.writeHead(reply.status, headers).end(payload);
  emulator.options.onExchange?.({ method: r.method, url: req.url ?? '/', status: reply.status, headers, body: stream ? undefined : reply.body, requestHeaders: req.headers });
  log(emulator, r, reply.status, Date.now() - r.started);
}

/** One request-log line; status null for a request that got no response (a reset or timeout fault). */
function log(emulator: Emulator, r: InFlight, status: number | null, ms: number): void {
  emulator.requestLog?.write({
    time: new Date(r.started).toISOString(),
    method: r.method,
    path: r.req.url ?? '/',
    status,
    ms,
    requestId: r.requestId,
    ...(r.sandboxName && { sandbox: r.sandboxName }),
    ...(r.fault && { fault: r.fault }),
  });
}

const TOO_MANY: Reply['body'] = { error_code: '429050', message: 'Too many requests' };

/**
 * Faults and the rate limit, for Platform requests only: IMS, a separate service, stays well-behaved. Faults
 * strike before anything is done (commit-then-500, which strikes after, is applied in respond()). Answers the
 * reply to send instead of serving, 'dropped' when nothing is to be sent, or undefined to go on.
 */
function misbehave(emulator: Emulator, r: InFlight): Reply | 'dropped' | undefined {
  const { service, req, res } = r;
  if (service) {
    const drawn = emulator.faults.draw();
    if (drawn) r.fault = drawn;
  }
  const fault = r.fault;
  if (fault === 'reset') {
    log(emulator, r, null, 0);
    req.socket.destroy();
    return 'dropped';
  }
  if (fault === 'timeout') {
    log(emulator, r, null, 0);
    emulator.held.add(res);
    res.on('close', () => emulator.held.delete(res));
    return 'dropped';
  }
  if (fault === '429') return { status: 429, body: TOO_MANY, headers: { 'retry-after': '1' } };
  if (fault === '500' || fault === '503') {
    const kind = fault === '500' ? 'internal' : 'unavailable';
    const reply = service?.error(kind, 'injected fault', r.requestId) ?? { status: Number(fault), body: { title: 'injected fault' } };
    return fault === '503' ? { ...reply, headers: { 'retry-after': '1' } } : reply;
  }
  if (emulator.limiter && service) {
    const client = String(req.headers['x-api-key'] ?? req.socket.remoteAddress ?? 'anonymous');
    // The gateway's base clock (`now`), so that a test can run the rate limit's window in virtual time.
    const wait = emulator.limiter.take(client, emulator.now());
    if (wait > 0) return { status: 429, body: TOO_MANY, headers: { 'retry-after': String(Math.max(1, Math.ceil(wait / 1000))) } };
  }
  return undefined;
}

/** IMS token requests, the Platform services, or 404. */
async function route(emulator: Emulator, r: InFlight, rawBody: string): Promise<Reply> {
  const { url, method } = r;
  if (url.pathname === '/ims/token/v3' || url.pathname === '/ims/token/v2') {
    if (method !== 'POST') return { status: 405, body: { error: 'invalid_request', error_description: 'use POST' } };
    // IMS takes its parameters from the query and the form body alike; the body wins.
    const params = new URLSearchParams(url.search);
    for (const [k, v] of new URLSearchParams(rawBody)) params.set(k, v);
    return tokenRequest(params, emulator.credentials, emulator.store.meta.signingKey, emulator.now(), emulator.ttl);
  }
  if (!r.service) return { status: 404, body: { title: 'Not found', status: 404, detail: `no API at ${url.pathname}` } };
  return serve(emulator, r.service, r, rawBody);
}

async function respond(emulator: Emulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  const r: InFlight = {
    req,
    res,
    started: Date.now(),
    requestId: randomUUID(),
    url,
    method: (req.method ?? 'GET').toUpperCase(),
    service: emulator.services.find((s) => url.pathname === s.base || url.pathname.startsWith(`${s.base}/`)),
  };
  let rawBody: string;
  try {
    rawBody = await readBody(req);
  } catch {
    if (!res.destroyed) finish(emulator, r, { status: 413, body: { title: 'Payload too large', status: 413 } });
    return;
  }
  if (url.pathname === '/emulator/health') return finish(emulator, r, { status: 200, body: { status: 'ok', sandboxes: emulator.store.sandboxes.map((s) => s.name) } });
  const misbehaved = misbehave(emulator, r);
  if (misbehaved === 'dropped') return;
  if (misbehaved) return finish(emulator, r, misbehaved);
  let reply = await route(emulator, r, rawBody);
  if (r.fault === 'commit-then-500' && reply.status < 300) reply = r.service?.error('internal', 'injected fault after commit', r.requestId) ?? { status: 500 };
  finish(emulator, r, reply);
}

/** The gateway's checks (token, content type) and the sandbox the request names: the sandbox, or the refusal. */
function admit(emulator: Emulator, service: ServiceModule, r: InFlight, rawBody: string) {
  const { store } = emulator;
  const caller = checkGateway(r.req.headers, emulator.credentials, store.meta.signingKey, emulator.now(), emulator.tokensValidFrom);
  if (isReply(caller)) return caller;
  const badType = checkContentType(r.method, r.req.headers, rawBody);
  if (badType) return badType;
  const header = r.req.headers['x-sandbox-name'];
  const requested = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!requested && emulator.options.strictSandbox) return service.error('sandboxMissing', 'The header x-sandbox-name is missing in the request', r.requestId);
  const sandboxName = requested || 'prod';
  // Logged even when the sandbox turns out not to exist.
  r.sandboxName = sandboxName;
  const sandbox = store.sandbox(sandboxName);
  if (!sandbox) return service.error('sandboxUnknown', `Sandbox ${sandboxName} is not found`, r.requestId);
  return { caller, sandbox };
}

async function serve(emulator: Emulator, service: ServiceModule, r: InFlight, rawBody: string): Promise<Reply> {
  const admitted = admit(emulator, service, r, rawBody);
  if (!('sandbox' in admitted)) return admitted;
  const { method, requestId } = r;
  const path = r.url.pathname.slice(service.base.length) || '/';
  const match = service.router.match(method, path);
  if (match === undefined) return service.error('notFound', `no ${method} ${path} in this API`, requestId);
  if (match === 'methodNotAllowed') return { ...service.error('methodNotAllowed', `${method} is not allowed on ${path}`, requestId), status: 405 };
  let body: unknown;
  if (rawBody.trim() !== '') {
    try {
      body = JSON.parse(rawBody);
    } catch {
      return service.error('badJson', 'The request body is not valid JSON', requestId);
    }
  }
  const { store, clock } = emulator;
  const request: EmulatorRequest = { method, path, query: r.url.searchParams, headers: r.req.headers, body, rawBody, sandbox: admitted.sandbox, caller: admitted.caller, store, now: clock(), requestId };
  try {
    return await match.handler(request, match.params);
  } catch (error) {
    if (error instanceof ReplyError) return error.reply;
    process.emitWarning(`flowctl emulator: ${method} ${path} failed: ${(error as Error).stack ?? String(error)}`);
    return service.error('internal', 'The emulator failed on this request', requestId);
  }
}

function createEmulatorServer(emulator: Emulator): Server {
  const server = createServer((req, res) => {
    respond(emulator, req, res).catch((error: unknown) => {
      process.emitWarning(`flowctl emulator: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  // An idle keep-alive connection is kept for 65 s, not Node's 5 s: a client polling every few seconds (`run watch`,
  // a test waiting for a run) would otherwise now and then send on a connection the emulator is closing at that
  // very moment, and get ECONNRESET; the more likely, the longer a run holds the event loop (seeding the demo
  // database, under load). Gateways and load balancers in front of APIs commonly keep them a minute or more.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  // Tracked so close() can end keep-alive connections instead of waiting for them.
  server.on('connection', (socket) => {
    emulator.sockets.add(socket);
    socket.on('close', () => emulator.sockets.delete(socket));
  });
  return server;
}

/** Stops what openEmulator started (the store needs no closing). */
async function release(emulator: Emulator): Promise<void> {
  await emulator.runner.stop();
  await emulator.requestLog?.close();
  await emulator.databases.close();
}

/** Listens; if that fails (port taken, say), releases everything opened so far before rethrowing. */
async function listen(emulator: Emulator, server: Server, host: string): Promise<number> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(emulator.options.port ?? 4010, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await release(emulator);
    throw error;
  }
  return (server.address() as AddressInfo).port;
}

async function close(emulator: Emulator, server: Server): Promise<void> {
  for (const res of emulator.held) res.destroy();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    for (const socket of emulator.sockets) socket.destroy();
  });
  await release(emulator);
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = await openEmulator(options);
  const server = createEmulatorServer(emulator);
  const host = options.host ?? '127.0.0.1';
  const port = await listen(emulator, server, host);
  // A URL clients can reach: IPv6 in brackets, and the wildcard address as loopback.
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const url = `http://${shownHost}:${port}`;
  emulator.url = url;
  await emulator.runner.start();
  return {
    url,
    port,
    host,
    credentials: emulator.credentials,
    sandboxes: emulator.store.sandboxes.map((s) => s.name),
    store: emulator.store,
    expireTokens: () => {
      emulator.tokensValidFrom = emulator.now() + 1;
    },
    close: () => close(emulator, server),
  };
}
