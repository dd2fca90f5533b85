// Flow Service (`/data/foundation/flowservice`): base connections, source and target connections, flows,
// runs, and the connection/flow spec catalogs (Flow Service API: https://developer.adobe.com/experience-platform-apis/references/flow-service/).

import type { z } from 'zod';
import { InvalidInputError } from './errors.js';
import type { PlatformHttp, PlatformRequest } from './http.js';
import { checkUuid } from './ids.js';
import { Created, parseRequest, parseResponse } from './models/common.js';
import {
  Connection,
  ConnectionCreate,
  ConnectionSpec,
  ConnectionTest,
  ExploreRoot,
  ExploreTable,
  ExploreTablePreview,
  Flow,
  FlowCreate,
  FlowSpec,
  itemsOf,
  PatchDocument,
  type PatchOperation,
  Run,
  RunCreate,
  RunCreated,
  SourceConnection,
  SourceConnectionCreate,
  TargetConnection,
  TargetConnectionCreate,
} from './models/flow-service.js';
import { flowServicePages, paginate } from './paginate.js';
import { dryRunCreated } from './dry-run.js';

export interface ListOptions {
  /** `property=` filters, AND-ed: `state==enabled`, `flowId==…`. */
  filters?: readonly string[];
  /** `orderby=`: `createdAt`, `-createdAt`. */
  orderBy?: string;
  /** Page size asked of the Platform. */
  pageSize?: number;
  /** Stop after this many items. */
  maxItems: number;
}

/** Allowed clock difference between us and the Platform when deciding a found resource is "ours". */
const CLOCK_SKEW_MS = 120_000;

/**
 * What a create whose outcome is unknown adopts: the newest of `items` created since `startedAt` (less the clock
 * skew allowed), as `{id, etag}`. An item without `createdAt` counts as recent when `undatedIsRecent`.
 */
function newestCreatedSince(items: Array<{ id: string; createdAt?: number | undefined }>, startedAt: number, undatedIsRecent: boolean): Created | undefined {
  const undated = undatedIsRecent ? Infinity : -Infinity;
  const recent = items.filter((r) => (r.createdAt ?? undated) >= startedAt - CLOCK_SKEW_MS);
  const newest = recent.sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0))[0];
  return newest ? { id: newest.id, etag: (newest as { etag?: string }).etag } : undefined;
}

/** `property=name=="…"`: quoted, because a comma would otherwise mean "any of". */
export function nameFilter(name: string): string {
  return `name=="${name}"`;
}

/** One Flow Service collection: the same verbs and shapes for connections, flows, runs and the rest. */
export class FlowCollection<T extends { id: string; name?: string | undefined; createdAt?: number | undefined }> {
  constructor(
    private readonly http: PlatformHttp,
    readonly path: string,
    private readonly item: z.ZodType<T>,
    private readonly now: () => number = Date.now,
  ) {}

  async get(id: string): Promise<T> {
    const request: PlatformRequest = { method: 'GET', service: 'flowservice', path: `${this.path}/${encodeURIComponent(id)}` };
    const response = await this.http.send(request);
    return parseResponse(itemsOf(this.item), response.data, request).items[0] as T;
  }

  list(options: ListOptions): AsyncGenerator<T> {
    const request: PlatformRequest = {
      method: 'GET',
      service: 'flowservice',
      path: this.path,
      query: {
        property: options.filters && options.filters.length > 0 ? [...options.filters] : undefined,
        orderby: options.orderBy,
        limit: options.pageSize ?? Math.min(options.maxItems, 100),
      },
    };
    return this.parsed(paginate(this.http, request, flowServicePages, { maxItems: options.maxItems }), request);
  }

  private async *parsed(items: AsyncGenerator<unknown>, request: PlatformRequest): AsyncGenerator<T> {
    let index = 0;
    for await (const item of items) yield parseResponse(this.item, item, { method: request.method, path: `${request.path} items[${index++}]` });
  }

  async count(filters: readonly string[] = []): Promise<number> {
    const request: PlatformRequest = {
      method: 'GET',
      service: 'flowservice',
      path: this.path,
      query: { property: filters.length > 0 ? [...filters] : undefined, count: true },
    };
    const response = await this.http.send(request);
    const data = response.data as { count?: unknown } | undefined;
    if (typeof data?.count !== 'number') return parseResponse(itemsOf(this.item), response.data, request).items.length;
    return data.count;
  }

  /** Resources with exactly this name (the filter is checked again here: names may hold quotes). */
  async findByName(name: string, maxItems = 100): Promise<T[]> {
    const found: T[] = [];
    for await (const item of this.list({ filters: [nameFilter(name)], maxItems })) if (item.name === name) found.push(item);
    return found;
  }

  /**
   * POST a create. If the outcome is unknown (timeout, reset, 5xx), the resource is looked up by name and
   * adopted when one was created since the request started, instead of being created twice.
   */
  async create(body: { name: string }): Promise<Created> {
    const request: PlatformRequest = { method: 'POST', service: 'flowservice', path: this.path, body };
    const startedAt = this.now();
    const response = await this.http.send(request, {
      reconcile: async () => {
        // Found by its name: one without a creation time is taken for the one just made.
        return newestCreatedSince(await this.findByName(body.name), startedAt, true);
      },
    });
    if (response.dryRun) return dryRunCreated();
    return parseResponse(Created, response.data, request);
  }

  async delete(id: string): Promise<void> {
    await this.http.send({ method: 'DELETE', service: 'flowservice', path: `${this.path}/${encodeURIComponent(id)}` });
  }

  /** JSON Patch with the etag verbatim (quotes included) in If-Match. */
  async patch(id: string, operations: PatchOperation[], etag: string): Promise<Created> {
    const body = parseRequest(PatchDocument, operations);
    const request: PlatformRequest = {
      method: 'PATCH',
      service: 'flowservice',
      path: `${this.path}/${encodeURIComponent(id)}`,
      body,
      headers: { 'If-Match': etag },
    };
    const response = await this.http.send(request);
    if (response.dryRun) return { id, etag };
    return parseResponse(Created, response.data, request);
  }
}

export type FlowAction = 'enable' | 'disable';

export class FlowService {
  readonly connections: FlowCollection<Connection>;
  readonly sourceConnections: FlowCollection<SourceConnection>;
  readonly targetConnections: FlowCollection<TargetConnection>;
  readonly flows: FlowCollection<Flow>;
  readonly runs: FlowCollection<Run>;
  readonly connectionSpecs: FlowCollection<ConnectionSpec>;
  readonly flowSpecs: FlowCollection<FlowSpec>;

  constructor(
    private readonly http: PlatformHttp,
    private readonly now: () => number = Date.now,
  ) {
    this.connections = new FlowCollection(http, '/connections', Connection, now);
    this.sourceConnections = new FlowCollection(http, '/sourceConnections', SourceConnection, now);
    this.targetConnections = new FlowCollection(http, '/targetConnections', TargetConnection, now);
    this.flows = new FlowCollection(http, '/flows', Flow, now);
    this.runs = new FlowCollection(http, '/runs', Run, now);
    this.connectionSpecs = new FlowCollection(http, '/connectionSpecs', ConnectionSpec, now);
    this.flowSpecs = new FlowCollection(http, '/flowSpecs', FlowSpec, now);
  }

  async createConnection(body: ConnectionCreate): Promise<Created> {
    return this.connections.create(parseRequest(ConnectionCreate, body));
  }

  async createSourceConnection(body: SourceConnectionCreate): Promise<Created> {
    const parsed = parseRequest(SourceConnectionCreate, body);
    if (parsed.params.tableName === undefined && parsed.params.path === undefined) {
      throw new InvalidInputError('params.tableName', 'is required (the table path, e.g. shop.customers)');
    }
    return this.sourceConnections.create(parsed);
  }

  async createTargetConnection(body: TargetConnectionCreate): Promise<Created> {
    return this.targetConnections.create(parseRequest(TargetConnectionCreate, body));
  }

  async createFlow(body: FlowCreate): Promise<Created> {
    return this.flows.create(parseRequest(FlowCreate, body));
  }

  /**
   * Starts an on-demand run of a flow scheduled `once`; its id and etag. Runs have no name to look one up by, so a
   * create whose outcome is unknown is reconciled by the flow's newest run created since the request started.
   */
  async createRun(body: RunCreate): Promise<Created> {
    const parsed = parseRequest(RunCreate, body);
    const request: PlatformRequest = { method: 'POST', service: 'flowservice', path: '/runs', body: parsed };
    const startedAt = this.now();
    const response = await this.http.send(request, {
      reconcile: async () => {
        // Runs have no name: only a run dated after the request started can be the one it made. Newest first, so
        // that it is on the first page however many runs the flow has.
        const runs: Run[] = [];
        for await (const run of this.runs.list({ filters: [`flowId==${parsed.flowId}`], orderBy: '-createdAt', maxItems: 100 })) runs.push(run);
        return newestCreatedSince(runs, startedAt, false);
      },
    });
    if (response.dryRun) return dryRunCreated();
    const reply = parseResponse(RunCreated, response.data, request);
    return 'items' in reply && Array.isArray(reply.items) ? (reply.items[0] as Created) : (reply as Created);
  }

  async testConnection(id: string): Promise<boolean | undefined> {
    const request: PlatformRequest = { method: 'GET', service: 'flowservice', path: `/connections/${encodeURIComponent(checkUuid(id, 'connection'))}/test` };
    const response = await this.http.send(request);
    return parseResponse(ConnectionTest, response.data ?? {}, request).result;
  }

  /** The tables of a database connection (`objectType=root`). */
  async exploreRoot(connectionId: string): Promise<z.infer<typeof ExploreRoot>> {
    const request: PlatformRequest = {
      method: 'GET',
      service: 'flowservice',
      path: `/connections/${encodeURIComponent(connectionId)}/explore`,
      query: { objectType: 'root' },
    };
    return parseResponse(ExploreRoot, (await this.http.send(request)).data, request);
  }

  /** The columns of one table, with their Platform and XDM types. */
  async exploreTable(connectionId: string, tablePath: string): Promise<ExploreTable> {
    const request: PlatformRequest = {
      method: 'GET',
      service: 'flowservice',
      path: `/connections/${encodeURIComponent(connectionId)}/explore`,
      query: { objectType: 'table', object: tablePath },
    };
    return parseResponse(ExploreTable, (await this.http.send(request)).data, request);
  }

  /**
   * The columns of one table and a sample of its rows (`preview=true`; https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/explore/tabular — the source decides
   * how many rows it gives).
   */
  async previewTable(connectionId: string, tablePath: string): Promise<ExploreTablePreview> {
    const request: PlatformRequest = {
      method: 'GET',
      service: 'flowservice',
      path: `/connections/${encodeURIComponent(connectionId)}/explore`,
      query: { objectType: 'table', object: tablePath, preview: 'true' },
    };
    return parseResponse(ExploreTablePreview, (await this.http.send(request)).data, request);
  }

  /** A flow spec by name (`CRMToAEP`); undefined when the Platform has none of that name. */
  async flowSpecByName(name: string): Promise<FlowSpec | undefined> {
    return (await this.flowSpecs.findByName(name, 10))[0];
  }

  async flowAction(id: string, op: FlowAction): Promise<Created> {
    const request: PlatformRequest = {
      method: 'POST',
      service: 'flowservice',
      path: `/flows/${encodeURIComponent(id)}/action`,
      query: { op },
    };
    const response = await this.http.send(request);
    if (response.dryRun) return { id };
    return parseResponse(Created, response.data ?? { id }, request);
  }
}
