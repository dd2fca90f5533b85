// The typed Platform client: one object with a module per service, sharing one HTTP stack and one token.
// It is a library: no commander, chalk or ora in here.
//
//   const aep = await createPlatformClient({ sandbox: 'dev', orgId, clientId, clientSecret });
//   const { id } = await aep.flowService.connections.create({ … });

import { TokenProvider } from './auth.js';
import { Catalog } from './catalog.js';
import { DataAccess } from './data-access.js';
import { DataPrep } from './data-prep.js';
import { FlowService } from './flow-service.js';
import { PlatformHttp, type RequestDescription } from './internal/http.js';
import type { ReadCacheRule } from './internal/read-cache.js';
import { Pacer } from './internal/pacer.js';
import { DEFAULT_RETRY_POLICY, timerSleep, type RetryPolicy, type Sleep } from './internal/retry.js';
import { SchemaRegistry } from './schema-registry.js';
import { checkSandboxName, checkUrl } from './settings.js';
import { InvalidInputError } from './errors.js';
import { TokenCache } from './token-cache.js';
import { axiosStreamTransport, axiosTransport, createAxios, type StreamTransport, type Transport } from './internal/transport.js';

export interface PlatformClientOptions {
  sandbox: string;
  orgId: string;
  /** The OAuth credential's client id (x-api-key). */
  clientId: string;
  clientSecret?: string | undefined;
  /** A ready token; when set, no token is requested from IMS. */
  accessToken?: string | undefined;
  scopes?: readonly string[] | undefined;
  platformUrl?: string | undefined;
  imsUrl?: string | undefined;
  /** Folder for the on-disk token cache; omit to keep tokens in memory only. */
  cacheDir?: string | undefined;
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  /** Request/response log lines, secrets already masked. */
  log?: ((line: string) => void) | undefined;
  /** Dry-run: writes are handed here instead of being sent. */
  onDryRun?: ((request: RequestDescription) => void) | undefined;
  /** For tests: replace the HTTP exchange, the clock, sleeping and randomness. */
  transport?: Transport | undefined;
  streamTransport?: StreamTransport | undefined;
  now?: (() => number) | undefined;
  sleep?: Sleep | undefined;
  random?: (() => number) | undefined;
  userAgent?: string | undefined;
}

export interface PlatformClient {
  http: PlatformHttp;
  tokens: TokenProvider;
  flowService: FlowService;
  schemaRegistry: SchemaRegistry;
  catalog: Catalog;
  dataPrep: DataPrep;
  dataAccess: DataAccess;
  /**
   * The same client (settings, token, request count) remembering the GETs `rules` name until the returned client
   * is dropped; a write through it forgets what was read of the written resource. See read-cache.ts.
   */
  withReadCache(rules: readonly ReadCacheRule[]): PlatformClient;
}

export const DEFAULT_SCOPES = ['openid', 'session', 'AdobeID', 'read_organizations', 'additional_info.projectedProductContext'];

export async function createPlatformClient(options: PlatformClientOptions): Promise<PlatformClient> {
  checkSandboxName(options.sandbox, 'sandbox');
  if (!options.orgId) throw new InvalidInputError('orgId', 'is required (the IMS organization id)');
  if (!options.clientId) throw new InvalidInputError('clientId', "is required (the credential's client id)");
  const platformUrl = checkUrl(options.platformUrl ?? 'https://platform.adobe.io', 'platformUrl');
  const imsUrl = checkUrl(options.imsUrl ?? 'https://ims-na1.adobelogin.com', 'imsUrl');
  const needsAxios = options.transport === undefined || options.streamTransport === undefined;
  const axios = needsAxios ? await createAxios(options.userAgent ?? 'flowctl') : undefined;
  const transport = options.transport ?? (axios && axiosTransport(axios));
  const streamTransport = options.streamTransport ?? (axios && axiosStreamTransport(axios));
  if (!transport) throw new Error('unreachable: no transport');
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  if (options.maxRetries !== undefined) retry.maxRetries = options.maxRetries;
  const now = options.now ?? Date.now;
  const common = {
    ...(options.sleep && { sleep: options.sleep }),
    ...(options.random && { random: options.random }),
    now,
    retry,
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
  };
  const tokens = new TokenProvider({
    imsUrl,
    clientId: options.clientId,
    orgId: options.orgId,
    scopes: options.scopes ?? DEFAULT_SCOPES,
    clientSecret: options.clientSecret,
    accessToken: options.accessToken,
    transport,
    cache: options.cacheDir === undefined ? undefined : new TokenCache(options.cacheDir),
    ...common,
    ...(options.log && { log: options.log }),
  });
  const http = new PlatformHttp({
    platformUrl,
    sandbox: options.sandbox,
    orgId: options.orgId,
    apiKey: options.clientId,
    tokens,
    transport,
    streamTransport,
    ...common,
    ...(options.log && { log: options.log }),
    ...(options.onDryRun && { onDryRun: options.onDryRun }),
    secrets: [options.clientSecret, options.accessToken].filter((s): s is string => typeof s === 'string'),
    // The client's own pace once the Platform has throttled it, shared by all its requests (not IMS's).
    pacer: new Pacer({ now, sleep: options.sleep ?? timerSleep, settings: { maxPauseMs: retry.maxDelayMs } }),
  });
  return clientOver(http, tokens, now);
}

/** The service objects over one HTTP stack. */
function clientOver(http: PlatformHttp, tokens: TokenProvider, now: () => number): PlatformClient {
  // A flow's create reads its mapping set (to check its columns) through the client's own Data Prep.
  const dataPrep = new DataPrep(http, now);
  return {
    http,
    tokens,
    flowService: new FlowService(http, now, dataPrep.mappingSets),
    schemaRegistry: new SchemaRegistry(http, now),
    catalog: new Catalog(http, now),
    dataPrep,
    dataAccess: new DataAccess(http),
    withReadCache: (rules) => clientOver(http.withReadCache(rules), tokens, now),
  };
}
