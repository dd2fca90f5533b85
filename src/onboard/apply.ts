// A whole flowctl.yaml against one sandbox: the shared base connection first (found by the file's name, or
// created once, so that tables running side by side never make two), then every table with at most
// `concurrency` of them in flight. A table that fails does not stop the others: each one's result (or error) is
// reported. Plan and apply run `onboardTable` with `reconcile`, so a flow whose schedule or state was changed
// outside flowctl shows (and is fixed) as an update. Destroy tears the tables down the same way, then the base
// connection, once, if the file made it.

import type { PlatformClient } from '../platform/client.js';
import { checkCrmSource, createBaseConnection } from '../platform/base-connection.js';
import { NotFoundError, RateLimitError } from '../platform/errors.js';
import type { Connection } from '../platform/models/flow-service.js';
import type { ReadCacheRule } from '../platform/internal/read-cache.js';
import { parseRetryAfter, retrying, timerSleep, type RetryingOptions, type RetryVerdict, type Sleep } from '../platform/internal/retry.js';
import { connectionSpecTitle, CRM_TO_AEP_FLOW_SPEC_NAME } from '../platform/specs.js';
import { DestroyError, destroyConnection, destroyTable } from './destroy.js';
import type { Manifest } from './manifest.js';
import { hasCalculatedFields } from './expressions.js';
import { onboardTable, type OnboardResult } from './onboard.js';
import type { ConnectionChoice, ResourceKind, ResourceOutcome, TableRequest } from './types.js';

export interface TableRun {
  table: string;
  prefix: string;
  status: 'ok' | 'failed';
  ids: Partial<Record<ResourceKind, string>>;
  /** Per resource: create / update / adopt (no change) / none, or delete in a teardown. */
  resources: ResourceOutcome[];
  warnings: string[];
  error?: unknown;
  /** Runs it took when the Platform throttled it (more than 1 only then). */
  attempts?: number;
  /** In a plan of a table with calculated fields: sample rows as they would land. */
  preview?: OnboardResult['preview'];
}

export interface FileRun {
  /** The shared base connection's outcomes (none for a teardown that found nothing). */
  connection: ResourceOutcome[];
  tables: TableRun[];
}

export interface FileRunOptions {
  mode: 'plan' | 'apply';
  /** Tables in flight at once. */
  concurrency: number;
  /** Steps in flight within one table (default 4). */
  stepConcurrency?: number;
  /** The entries to act on (default: every table of the file). */
  tables?: readonly TableRequest[];
  /** Called as each table finishes. */
  onTable?: (run: TableRun) => void;
  /** How to wait before running a throttled table again (default: a timer). */
  sleep?: Sleep;
  /** The clock a `Retry-After` date is read against (default: Date.now). */
  now?: () => number;
  /** In a plan: preview this many sample rows of each table whose mapping has calculated fields. */
  previewRows?: number;
}

/** Runs of one table when the Platform keeps answering 429 beyond the client's own retries. */
export const TABLE_ATTEMPTS = 4;

/**
 * Reads that are the same for every table of one run — the tenant, the flow spec, the base connection, a table's
 * columns — made once and shared, not once per table (three or four requests per table, which count under a rate
 * limit). Remembered by the HTTP layer, which forgets them when the run writes to them.
 */
export const SHARED_READS: readonly ReadCacheRule[] = [
  { service: 'schemaregistry', paths: [/^\/stats$/] },
  { service: 'flowservice', paths: [/^\/flowSpecs$/, /^\/connections\/[^/]+$/, /^\/connections\/[^/]+\/explore$/] },
];

/**
 * The client as every table of one run sees it: `SHARED_READS` remembered, the connections already `known`
 * (found before the tables start) among them.
 */
export function withSharedReads(client: PlatformClient, known: readonly Connection[] = []): PlatformClient {
  const shared = client.withReadCache(SHARED_READS);
  for (const connection of known) {
    // Flow Service answers `GET /connections/{id}` with the connection as the one item of `items`.
    shared.http.seedRead({ method: 'GET', service: 'flowservice', path: `/connections/${encodeURIComponent(connection.id)}` }, { items: [connection] });
  }
  return shared;
}

/** Runs `task` over `items` with at most `limit` in flight; results in the order of `items`. */
export async function inPool<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** The oldest of several connections with one name. */
function oldest<T extends { createdAt?: number | undefined }>(found: T[]): T | undefined {
  return [...found].sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0))[0];
}

/**
 * The file's base connection: found (by id, or by the file's connection name) or, in apply mode, created.
 * Returns what the tables should be given: `{id}` once it exists, the file's description otherwise (a plan).
 */
export async function ensureConnection(
  client: PlatformClient,
  manifest: Manifest,
  mode: 'plan' | 'apply',
): Promise<{ outcome: ResourceOutcome; choice: ConnectionChoice; connection?: Connection; warnings: string[] }> {
  const { flowService } = client;
  const choice = manifest.connection;
  if ('id' in choice) {
    const found = await flowService.connections.get(choice.id).catch((error: unknown) => {
      if (error instanceof NotFoundError) throw new NotFoundError({ status: 404, title: `base connection ${choice.id} not found`, detail: `check connection.id in ${manifest.file}` });
      throw error;
    });
    return { outcome: { kind: 'connection', name: found.name ?? choice.id, id: found.id, action: 'adopt' }, choice: { id: found.id }, connection: found, warnings: [] };
  }
  const name = manifest.connectionName ?? choice.name ?? 'flowctl connection';
  const found = await flowService.connections.findByName(name);
  const warnings = found.length > 1 ? [`${found.length} base connections are named "${name}": the oldest is used`] : [];
  const existing = oldest(found);
  if (existing) {
    if (existing.connectionSpec.id !== choice.specId) {
      const title = (id: string) => connectionSpecTitle(id) ?? id;
      warnings.push(`the base connection "${name}" is a ${title(existing.connectionSpec.id)} connection, not ${title(choice.specId)} as ${manifest.file} says: it is used as it is`);
    }
    return { outcome: { kind: 'connection', name, id: existing.id, action: 'adopt' }, choice: { id: existing.id }, connection: existing, warnings };
  }
  // The database must be one CRMToAEP reads; checked before anything is written.
  checkCrmSource(await flowService.flowSpecs.findOneByName(CRM_TO_AEP_FLOW_SPEC_NAME), choice.specId, `${manifest.file}: connection.spec`);
  if (mode === 'plan') return { outcome: { kind: 'connection', name, action: 'create' }, choice, warnings };
  const created = await createBaseConnection(client, {
    specId: choice.specId,
    params: choice.params,
    authSpec: choice.authSpec,
    name,
    description: `Created by flowctl apply from ${manifest.file}`,
  });
  return { outcome: { kind: 'connection', name, id: created.id, action: 'create' }, choice: { id: created.id }, warnings };
}

/** `plan` or `apply` for the file's tables (or the ones chosen). */
export async function applyFile(client: PlatformClient, manifest: Manifest, options: FileRunOptions): Promise<FileRun & { warnings: string[] }> {
  const { outcome, choice, connection, warnings } = await ensureConnection(client, manifest, options.mode);
  const shared = withSharedReads(client, connection ? [connection] : []);
  const tables = await inPool(options.tables ?? manifest.tables, options.concurrency, async (request) => {
    let attempts = 0;
    let run: TableRun;
    try {
      const result = await retrying((n) => {
        attempts = n;
        return runTable(shared, request, choice, options);
      }, tableRetries(options));
      const { connection: _shared, ...ids } = result.ids;
      run = {
        table: result.table,
        prefix: result.prefix,
        status: 'ok',
        ids,
        // The base connection is the file's, reported once.
        resources: result.resources.filter((r) => r.kind !== 'connection'),
        warnings: result.warnings,
        ...(result.preview && { preview: result.preview }),
      };
    } catch (error) {
      run = { table: request.table, prefix: request.prefix, status: 'failed', ids: {}, resources: [], warnings: [], error };
    }
    if (attempts > 1) run.attempts = attempts;
    options.onTable?.(run);
    return run;
  });
  const connectionOutcome = options.mode === 'apply' && outcome.action === 'create' ? await undoUnusedConnection(client, outcome, tables) : outcome;
  return { connection: [connectionOutcome], tables, warnings };
}

function runTable(client: PlatformClient, request: TableRequest, connection: ConnectionChoice, options: FileRunOptions): Promise<OnboardResult> {
  // A plan shows how rows would land through calculated fields: the one thing a reader of the file cannot work
  // out alone.
  const preview = options.mode === 'plan' && options.previewRows !== undefined && hasCalculatedFields(request) ? { preview: { rows: options.previewRows } } : {};
  return onboardTable(client, { ...request, connection }, { mode: options.mode, reconcile: true, concurrency: options.stepConcurrency ?? 4, ...preview });
}

/**
 * Still throttled after the client's own retries: the table waits — the server's `Retry-After`, and at least 2 s
 * more for each run so far — then runs again (what it made so far is found and adopted), while the other tables
 * go on. Up to TABLE_ATTEMPTS runs; any other failure ends the table at once.
 */
function tableRetries(options: FileRunOptions): RetryingOptions<OnboardResult> {
  const now = options.now ?? Date.now;
  return {
    policy: { maxRetries: TABLE_ATTEMPTS - 1, baseDelayMs: 2_000, maxDelayMs: Infinity },
    sleep: options.sleep ?? timerSleep,
    random: Math.random,
    now,
    decide: (error, attempt): RetryVerdict<OnboardResult> =>
      error instanceof RateLimitError ? { action: 'retry', delayMs: Math.max(parseRetryAfter(error.retryAfter, now) ?? 0, 2_000 * attempt) } : { action: 'fail' },
  };
}

/**
 * A base connection this run created so that its tables could be explored, when not one of them could be onboarded
 * and nothing reads through it (no source connection names it): deleted again, so that bad input leaves nothing
 * behind. Otherwise the outcome as it was.
 */
async function undoUnusedConnection(client: PlatformClient, outcome: ResourceOutcome, tables: readonly TableRun[]): Promise<ResourceOutcome> {
  if (!outcome.id || tables.some((t) => t.status === 'ok')) return outcome;
  const users = await client.flowService.sourceConnections.list({ maxItems: 1, filters: [`baseConnectionId==${outcome.id}`] }).next();
  if (!users.done) return outcome;
  await client.flowService.connections.delete(outcome.id);
  return { ...outcome, action: 'none', detail: 'created to explore the tables, and deleted again: none could be onboarded' };
}

/**
 * Tears the tables down (or, in plan mode, lists what would go), then the base connection when the file made it:
 * only when every table of the file was torn down without a failure (flows of other tables would still use it).
 */
export async function destroyFile(client: PlatformClient, manifest: Manifest, options: FileRunOptions): Promise<FileRun> {
  const chosen = options.tables ?? manifest.tables;
  const tables = await inPool(chosen, options.concurrency, async (request) => {
    let run: TableRun;
    try {
      const result = await destroyTable(client, request, { mode: options.mode });
      run = { table: request.table, prefix: request.prefix, status: 'ok', ids: idsOf(result.resources), resources: result.resources, warnings: [] };
    } catch (error) {
      const partial = error instanceof DestroyError ? error.partial.resources : [];
      run = { table: request.table, prefix: request.prefix, status: 'failed', ids: idsOf(partial), resources: partial, warnings: [], error: error instanceof DestroyError ? error.cause : error };
    }
    options.onTable?.(run);
    return run;
  });
  let connection: ResourceOutcome[] = [];
  const name = manifest.connectionName;
  if ('id' in manifest.connection) {
    connection = [{ kind: 'connection', name: manifest.connection.id, id: manifest.connection.id, action: 'none', detail: 'kept: not created by this file (connection.id)' }];
  } else if (name !== undefined) {
    const whole = chosen.length === manifest.tables.length;
    const failed = tables.some((t) => t.status === 'failed');
    if (whole && !failed) {
      connection = await destroyConnection(client, name, { mode: options.mode });
    } else {
      const why = failed ? 'kept: a table was not torn down' : 'kept: only some tables were chosen (--table)';
      connection = (await client.flowService.connections.findByName(name)).map((c) => ({ kind: 'connection', name, id: c.id, action: 'none', detail: why }));
    }
  }
  return { connection, tables };
}

function idsOf(resources: readonly ResourceOutcome[]): Partial<Record<ResourceKind, string>> {
  const ids: Partial<Record<ResourceKind, string>> = {};
  for (const r of resources) if (r.id && r.action === 'delete') ids[r.kind] = r.id;
  return ids;
}
