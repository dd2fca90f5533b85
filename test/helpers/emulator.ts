// An in-process emulator for tests, with a token already obtained and a small raw HTTP client that sends the
// four AEP headers by default (each can be overridden or removed to test the gateway). Every response the
// emulator sends is recorded in `exchanges` (the OpenAPI conformance check reads them).

import { type EmulatorOptions, type Exchange, type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import type { CollectionName } from '../../src/emulator/store.js';
import { type RunOptions, runCli } from './cli.js';

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, the raw text if it is not JSON, or undefined when empty. */
  body: any;
  text: string;
  /** The body as it came (a Parquet file is not text). */
  bytes: Uint8Array;
}

export interface ApiOptions {
  body?: unknown;
  /** Sent verbatim instead of JSON.stringify(body). */
  rawBody?: string;
  /** Headers to add or replace; a value of null removes a default header. */
  headers?: Record<string, string | null>;
  sandbox?: string | null;
}

export interface TestEmulator {
  emulator: RunningEmulator;
  url: string;
  token: string;
  exchanges: Exchange[];
  /** `api('GET', '/data/foundation/flowservice/flows')` */
  api(method: string, path: string, options?: ApiOptions): Promise<ApiResponse>;
  close(): Promise<void>;
}

/** The embedded PGlite demo CRM (crm.customers, crm.orders) as a connection string. */
export const DEMO_DB = 'Server=embedded;Database=demo';

/** A flowctl.yaml of one table of the demo CRM, its connection string read from $DEMO_DB (to set to DEMO_DB). */
export const DEMO_MANIFEST = `
version: 1
connection:
  spec: postgresql
  connectionString: \${DEMO_DB}
  name: demo crm
defaults:
  schedule: { frequency: hour, interval: 1, startTime: 2099-01-01T00:00:00Z }
tables:
  - table: crm.customers
    name: crm customers
`;

/** The collections of a sandbox that onboarding fills: to count what a command made or deleted. */
export const RESOURCE_COLLECTIONS: readonly CollectionName[] = ['connections', 'sourceConnections', 'targetConnections', 'flows', 'schemas', 'fieldgroups', 'descriptors', 'dataSets', 'mappingSets'];

/** How many resources of each collection `sandbox` holds. */
export function resourceCounts(e: TestEmulator, sandbox = 'dev'): Record<CollectionName, number> {
  const state = e.emulator.store.sandbox(sandbox);
  return Object.fromEntries(RESOURCE_COLLECTIONS.map((c) => [c, state?.collection(c).size ?? 0])) as Record<CollectionName, number>;
}

export const SERVICES = {
  flow: '/data/foundation/flowservice',
  registry: '/data/foundation/schemaregistry',
  catalog: '/data/foundation/catalog',
  conversion: '/data/foundation/conversion',
  sandboxes: '/data/foundation/sandbox-management',
} as const;

/** Every exchange recorded by every emulator started through this helper in this test file. */
export const allExchanges: Exchange[] = [];
// Found there by test/conformance/setup.ts, so that files that never load this helper don't pay for loading it.
(globalThis as { __flowctlExchanges?: Exchange[] }).__flowctlExchanges = allExchanges;

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const exchanges: Exchange[] = [];
  const emulator = await startEmulator({
    port: 0,
    inMemory: options.dataDir === undefined,
    ...options,
    onExchange: (exchange) => {
      exchanges.push(exchange);
      allExchanges.push(exchange);
      options.onExchange?.(exchange);
    },
  });
  const { clientId, clientSecret, orgId, scopes } = emulator.credentials;
  const tokenResponse = await fetch(`${emulator.url}/ims/token/v3`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: scopes.join(',') }),
  });
  const token = ((await tokenResponse.json()) as { access_token: string }).access_token;

  async function api(method: string, path: string, o: ApiOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      'x-api-key': clientId,
      'x-gw-ims-org-id': orgId,
      accept: 'application/json',
    };
    if (o.sandbox !== null) headers['x-sandbox-name'] = o.sandbox ?? 'dev';
    const payload = o.rawBody ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
    if (payload !== undefined) headers['content-type'] = 'application/json';
    for (const [name, value] of Object.entries(o.headers ?? {})) {
      if (value === null) delete headers[name.toLowerCase()];
      else headers[name.toLowerCase()] = value;
    }
    const response = await fetch(`${emulator.url}${path}`, { method, headers, ...(payload !== undefined && { body: payload }) });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    let body: unknown = undefined;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    return { status: response.status, headers: response.headers, body, text, bytes };
  }

  return { emulator, url: emulator.url, token, exchanges, api, close: () => emulator.close() };
}

/** The settings flowctl needs to reach this emulator with its own credentials, in sandbox dev. */
export function emulatorEnv(e: TestEmulator): Record<string, string> {
  const c = e.emulator.credentials;
  return { AEP_PLATFORM_URL: e.url, AEP_IMS_URL: e.url, AEP_API_KEY: c.clientId, AEP_CLIENT_SECRET: c.clientSecret, AEP_IMS_ORG: c.orgId, AEP_SANDBOX_NAME: 'dev' };
}

/**
 * flowctl against this emulator, in-process, sleeping for real while it waits for runs: `run` gives the whole
 * result, `ok` the trimmed stdout of a command that must succeed (else it throws with its stderr).
 */
export function flowctlAgainst(e: TestEmulator, cwd: string) {
  const options: RunOptions = { env: emulatorEnv(e), bareEnv: true, cwd, realSleep: true };
  const run = (...argv: string[]) => runCli(argv, options);
  const ok = async (...argv: string[]) => {
    const result = await run(...argv);
    if (result.code !== 0) throw new Error(`flowctl ${argv.join(' ')} exited ${result.code}: ${result.stderr}`);
    return result.stdout.trim();
  };
  return { run, ok };
}
