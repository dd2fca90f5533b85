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

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const credentials: EmulatorCredentials = { ...DEFAULT_CREDENTIALS, ...options.credentials };
  const now = options.now ?? Date.now;
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
  let url: string | undefined;
  const runner = await createRunner({ store, now: clock, openReader: options.openReader, baseUrl: () => url, rowGroupRows: options.rowGroupRows });
  const databases = createDatabaseAccess({ dataDir: store.dataDir });
  const services: ServiceModule[] = [
    createFlowService(deps, databases),
    createSchemaRegistry(deps),
    createCatalog(deps),
    createDataPrep(deps),
    createSandboxManagement(deps),
    createExportService({ ...deps, baseUrl: () => url }, runner.lake),
  ];
  const ttl = options.tokenTtlSeconds ?? 86_400;
  const sockets = new Set<Socket>();
  const held = new Set<ServerResponse>();
  /** Tokens issued before this (epoch ms, emulator clock) are refused: see expireTokens(). */
  let tokensValidFrom = 0;

  async function respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const requestId = randomUUID();
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const service = services.find((s) => url.pathname === s.base || url.pathname.startsWith(`${s.base}/`));
    let sandboxName: string | undefined;
    let fault: FaultKind | undefined;

    const finish = (reply: Reply) => {
      const delay = latencyMs(options.latency, random);
      const send = () => {
        if (res.destroyed) return;
        const headers: Record<string, string> = { 'x-request-id': requestId, ...reply.headers };
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
        options.onExchange?.({ method, url: req.url ?? '/', status: reply.status, headers, body: stream ? undefined : reply.body, requestHeaders: req.headers });
        requestLog?.write({
          time: new Date(started).toISOString(),
          method,
          path: req.url ?? '/',
          status: reply.status,
          ms: Date.now() - started,
          requestId,
          ...(sandboxName && { sandbox: sandboxName }),
          ...(fault && { fault }),
        });
      };
      if (delay > 0) setTimeout(send, delay);
      else send();
    };

    let rawBody: string;
    try {
      rawBody = await readBody(req);
    } catch {
      if (!res.destroyed) finish({ status: 413, body: { title: 'Payload too large', status: 413 } });
      return;
    }

    if (url.pathname === '/emulator/health') return finish({ status: 200, body: { status: 'ok', sandboxes: store.sandboxes.map((s) => s.name) } });

    // Faults and the rate limit are the Platform's; IMS, a separate service, stays well-behaved.
    // Faults strike before anything is done, except commit-then-500, which strikes after.
    if (service) fault = faults.draw();
    if (fault === 'reset') {
      requestLog?.write({ time: new Date(started).toISOString(), method, path: req.url ?? '/', status: null, ms: 0, requestId, fault });
      req.socket.destroy();
      return;
    }
    if (fault === 'timeout') {
      requestLog?.write({ time: new Date(started).toISOString(), method, path: req.url ?? '/', status: null, ms: 0, requestId, fault });
      held.add(res);
      res.on('close', () => held.delete(res));
      return;
    }
    if (fault === '429') return finish({ status: 429, body: { error_code: '429050', message: 'Too many requests' }, headers: { 'retry-after': '1' } });
    if (fault === '500' || fault === '503') {
      const kind = fault === '500' ? 'internal' : 'unavailable';
      const reply = service?.error(kind, 'injected fault', requestId) ?? { status: Number(fault), body: { title: 'injected fault' } };
      return finish(fault === '503' ? { ...reply, headers: { 'retry-after': '1' } } : reply);
    }

    if (limiter && service) {
      const client = String(req.headers['x-api-key'] ?? req.socket.remoteAddress ?? 'anonymous');
      const wait = limiter.take(client, Date.now());
      if (wait > 0) {
        return finish({
          status: 429,
          body: { error_code: '429050', message: 'Too many requests' },
          headers: { 'retry-after': String(Math.max(1, Math.ceil(wait / 1000))) },
        });
      }
    }

    let reply: Reply;
    if (url.pathname === '/ims/token/v3' || url.pathname === '/ims/token/v2') {
      if (method !== 'POST') return finish({ status: 405, body: { error: 'invalid_request', error_description: 'use POST' } });
      const params = new URLSearchParams(url.search);
      for (const [k, v] of new URLSearchParams(rawBody)) params.set(k, v);
      reply = tokenRequest(params, credentials, store.meta.signingKey, now(), ttl);
    } else if (!service) {
      reply = { status: 404, body: { title: 'Not found', status: 404, detail: `no API at ${url.pathname}` } };
    } else {
      reply = await serve(service, { req, url, method, rawBody, requestId }, (name) => (sandboxName = name));
    }
    if (fault === 'commit-then-500' && reply.status < 300) reply = service?.error('internal', 'injected fault after commit', requestId) ?? { status: 500 };
    finish(reply);
  }

  async function serve(
    service: ServiceModule,
    r: { req: IncomingMessage; url: URL; method: string; rawBody: string; requestId: string },
    onSandbox: (name: string) => void,
  ): Promise<Reply> {
    const caller = checkGateway(r.req.headers, credentials, store.meta.signingKey, now(), tokensValidFrom);
    if (isReply(caller)) return caller;
    const badType = checkContentType(r.method, r.req.headers, r.rawBody);
    if (badType) return badType;
    const header = r.req.headers['x-sandbox-name'];
    const requested = (Array.isArray(header) ? header[0] : header)?.trim();
    if (!requested && options.strictSandbox) return service.error('sandboxMissing', 'The header x-sandbox-name is missing in the request', r.requestId);
    const sandboxName = requested || 'prod';
    onSandbox(sandboxName);
    const sandbox = store.sandbox(sandboxName);
    if (!sandbox) return service.error('sandboxUnknown', `Sandbox ${sandboxName} is not found`, r.requestId);
    const path = r.url.pathname.slice(service.base.length) || '/';
    const match = service.router.match(r.method, path);
    if (match === undefined) return service.error('notFound', `no ${r.method} ${path} in this API`, r.requestId);
    if (match === 'methodNotAllowed') return { ...service.error('methodNotAllowed', `${r.method} is not allowed on ${path}`, r.requestId), status: 405 };
    let body: unknown;
    if (r.rawBody.trim() !== '') {
      try {
        body = JSON.parse(r.rawBody);
      } catch {
        return service.error('badJson', 'The request body is not valid JSON', r.requestId);
      }
    }
    const request: EmulatorRequest = {
      method: r.method,
      path,
      query: r.url.searchParams,
      headers: r.req.headers,
      body,
      rawBody: r.rawBody,
      sandbox,
      caller,
      store,
      now: clock(),
      requestId: r.requestId,
    };
    try {
      return await match.handler(request, match.params);
    } catch (error) {
      if (error instanceof ReplyError) return error.reply;
      process.emitWarning(`flowctl emulator: ${r.method} ${path} failed: ${(error as Error).stack ?? String(error)}`);
      return service.error('internal', 'The emulator failed on this request', r.requestId);
    }
  }

  const server: Server = createServer((req, res) => {
    respond(req, res).catch((error: unknown) => {
      process.emitWarning(`flowctl emulator: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4010, host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (error: unknown) => {
    await runner.stop();
    throw error;
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  url = `http://${shownHost}:${port}`;
  await runner.start();
  return {
    url,
    port,
    host,
    credentials,
    sandboxes: store.sandboxes.map((s) => s.name),
    store,
    expireTokens: () => {
      tokensValidFrom = now() + 1;
    },
    close: async () => {
      for (const res of held) res.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      await runner.stop();
      await requestLog?.close();
      await databases.close();
    },
  };
}
