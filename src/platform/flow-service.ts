// Flow Service (`/data/foundation/flowservice`): base connections, source and target connections, flows,
// runs, and the connection/flow spec catalogs (Flow Service API: https://developer.adobe.com/experience-platform-apis/references/flow-service/).

import type * as z from './models/zod.js';
import { InvalidInputError } from './errors.js';
import type { PlatformHttp, PlatformRequest, RequestOptions } from './internal/http.js';
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
import { flowServicePages, paginate } from './internal/paginate.js';
import { dryRunCreated } from './internal/dry-run.js';
import { checkFlowColumns, type FlowCheckReads, flowColumnsOf } from './flow-checks.js';
import { MappingSets } from './data-prep.js';

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


type Item = { id: string; name?: string | undefined; createdAt?: number | undefined };

/**
 * One Flow Service collection: the same verbs and shapes for connections, flows, runs and the rest. `C` is the
 * create body; with `createModel` it is checked before it is sent.
 */
export class FlowCollection<T extends Item, C extends object = { name: string }> {
  constructor(
    protected readonly http: PlatformHttp,
    readonly path: string,
    private readonly item: z.ZodMiniType<T>,
    protected readonly now: () => number = Date.now,
    private readonly createModel?: z.ZodMiniType<C>,
  ) {}

  async get(id: string, options?: RequestOptions): Promise<T> {
    const request: PlatformRequest = { method: 'GET', service: 'flowservice', path: `${this.path}/${encodeURIComponent(id)}` };
    const response = await this.http.send(request, options);
    return parseResponse(itemsOf(this.item), response.data, request).items[0] as T;
  }

  list(list: ListOptions, options?: RequestOptions): AsyncGenerator<T> {
    const request: PlatformRequest = {
      method: 'GET',
      service: 'flowservice',
      path: this.path,
      query: {
        property: list.filters && list.filters.length > 0 ? [...list.filters] : undefined,
        orderby: list.orderBy,
        limit: list.pageSize ?? Math.min(list.maxItems, 100),
      },
    };
    return this.parsed(paginate(this.http, request, flowServicePages, { maxItems: list.maxItems, request: options }), request);
  }

  private async *parsed(items: AsyncGenerator<unknown>, request: PlatformRequest): AsyncGenerator<T> {
    let index = 0;
    for await (const item of items) yield parseResponse(this.item, item, { method: request.method, path: `${request.path} items[${index++}]` });
  }

  async count(filters: readonly string[] = [], options?: RequestOptions): Promise<number> {
    const request: PlatformRequest = {
      method: 'GET',
      service: 'flowservice',
      path: this.path,
      query: { property: filters.length > 0 ? [...filters] : undefined, count: true },
    };
    const response = await this.http.send(request, options);
    const data = response.data as { count?: unknown } | undefined;
    if (typeof data?.count !== 'number') return parseResponse(itemsOf(this.item), response.data, request).items.length;
    return data.count;
  }

  /** Resources with exactly this name (the filter is checked again here: names may hold quotes). */
  async findByName(name: string, maxItems = 100, options?: RequestOptions): Promise<T[]> {
    const found: T[] = [];
    for await (const item of this.list({ filters: [nameFilter(name)], maxItems }, options)) if (item.name === name) found.push(item);
    return found;
  }

  /**
   * POST a create. If the outcome is unknown (timeout, reset, 5xx), the resource is looked up (by name, unless a
   * collection says otherwise) and adopted when one was created since the request started, instead of being
   * created twice.
   */
  async create(body: C, options?: RequestOptions): Promise<Created> {
    return this.post(this.parseCreate(body), options);
  }

  /** The create body as checked before anything is sent. */
  protected parseCreate(body: C): C {
    return this.createModel ? parseRequest(this.createModel, body) : body;
  }

  protected async post(body: C, options?: RequestOptions): Promise<Created> {
    const request: PlatformRequest = { method: 'POST', service: 'flowservice', path: this.path, body };
    const startedAt = this.now();
    const response = await this.http.send(request, { ...options, reconcile: () => this.reconcile(body, startedAt, options) });
    if (response.dryRun) return dryRunCreated();
    return this.created(response.data, request);
  }

  /** Found by its name: one without a creation time is taken for the one just made. */
  protected async reconcile(body: C, startedAt: number, options?: RequestOptions): Promise<Created | undefined> {
    const name = (body as { name?: unknown }).name;
    if (typeof name !== 'string') return undefined;
    return newestCreatedSince(await this.findByName(name, 100, options), startedAt, true);
  }

  protected created(data: unknown, request: PlatformRequest): Created {
    return parseResponse(Created, data, request);
  }

  async delete(id: string, options?: RequestOptions): Promise<void> {
    await this.http.send({ method: 'DELETE', service: 'flowservice', path: `${this.path}/${encodeURIComponent(id)}` }, options);
  }

  /** JSON Patch with the etag verbatim (quotes included) in If-Match. */
  async patch(id: string, operations: PatchOperation[], etag: string, options?: RequestOptions): Promise<Created> {
    const body = parseRequest(PatchDocument, operations);
    const request: PlatformRequest = {
      method: 'PATCH',
      service: 'flowservice',
      path: `${this.path}/${encodeURIComponent(id)}`,
      body,
      headers: { 'If-Match': etag },
    };
    const response = await this.http.send(request, options);
    if (response.dryRun) return { id, etag };
    return parseResponse(Created, response.data, request);
  }
}

/** Base connections, and what a database connection can tell about itself: whether it connects, its tables. */
export class Connections extends FlowCollection<Connection, ConnectionCreate> {
  constructor(http: PlatformHttp, now?: () => number) {
    super(http, '/connections', Connection, now, ConnectionCreate);
  }

  async test(id: string, options?: RequestOptions): Promise<boolean | undefined> {
    const request: PlatformRequest = { method: 'GET', service: 'flowservice', path: `/connections/${encodeURIComponent(checkUuid(id, 'connection'))}/test` };
    const response = await this.http.send(request, options);
    return parseResponse(ConnectionTest, response.data ?? {}, request).result;
  }

  /** The tables of a database connection (`objectType=root`). */
  explore(connectionId: string, options?: RequestOptions): Promise<z.infer<typeof ExploreRoot>> {
    return this.exploreAs(connectionId, { objectType: 'root' }, ExploreRoot, options);
  }

  /** The columns of one table, with their Platform and XDM types. */
  exploreTable(connectionId: string, tablePath: string, options?: RequestOptions): Promise<ExploreTable> {
    return this.exploreAs(connectionId, { objectType: 'table', object: tablePath }, ExploreTable, options);
  }

  /**
   * The columns of one table and a sample of its rows (`preview=true`; https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/explore/tabular — the source decides
   * how many rows it gives).
   */
  previewTable(connectionId: string, tablePath: string, options?: RequestOptions): Promise<ExploreTablePreview> {
    return this.exploreAs(connectionId, { objectType: 'table', object: tablePath, preview: 'true' }, ExploreTablePreview, options);
  }

  private async exploreAs<R>(connectionId: string, query: Record<string, string>, model: z.ZodMiniType<R>, options?: RequestOptions): Promise<R> {
    const request: PlatformRequest = { method: 'GET', service: 'flowservice', path: `/connections/${encodeURIComponent(connectionId)}/explore`, query };
    return parseResponse(model, (await this.http.send(request, options)).data, request);
  }
}

/** Source connections: a database source's names its table (`params.tableName`) or a file's path. */
export class SourceConnections extends FlowCollection<SourceConnection, SourceConnectionCreate> {
  constructor(http: PlatformHttp, now?: () => number) {
    super(http, '/sourceConnections', SourceConnection, now, SourceConnectionCreate);
  }

  protected override parseCreate(body: SourceConnectionCreate): SourceConnectionCreate {
    const parsed = super.parseCreate(body);
    if (parsed.params.tableName === undefined && parsed.params.path === undefined) {
      throw new InvalidInputError('params.tableName', 'is required (the table path, e.g. shop.customers)');
    }
    return parsed;
  }
}

export type FlowAction = 'enable' | 'disable';

export interface FlowCreateOptions extends RequestOptions {
  /**
   * The flow's columns were checked already (its mapping was built from the table's own columns): the checks'
   * reads are skipped.
   */
  checked?: boolean | undefined;
  /** Told when the source table cannot be explored, so the columns went unchecked. */
  onWarning?: ((message: string) => void) | undefined;
}

/** Dataflows: created only after their columns are checked against the source table (flow-checks.ts). */
export class Flows extends FlowCollection<Flow, FlowCreate> {
  constructor(
    http: PlatformHttp,
    now: (() => number) | undefined,
    private readonly reads: FlowCheckReads,
  ) {
    super(http, '/flows', Flow, now, FlowCreate);
  }

  /**
   * Creates the flow once the columns its mapping set and delta column read are found in the source table (an
   * InvalidInputError naming the body's field otherwise, nothing sent). A dry run reads nothing for this: the
   * connections it names may be placeholders.
   */
  override async create(body: FlowCreate, options: FlowCreateOptions = {}): Promise<Created> {
    const { checked, onWarning, ...request } = options;
    const parsed = this.parseCreate(body);
    if (!checked && !this.http.dryRun) {
      const { columns, fields } = flowColumnsOf(parsed);
      await checkFlowColumns(this.reads, columns, { ...request, fields, onWarning });
    }
    return this.post(parsed, request);
  }

  enable(id: string, options?: RequestOptions): Promise<Created> {
    return this.act(id, 'enable', options);
  }

  disable(id: string, options?: RequestOptions): Promise<Created> {
    return this.act(id, 'disable', options);
  }

  async act(id: string, op: FlowAction, options?: RequestOptions): Promise<Created> {
    const request: PlatformRequest = { method: 'POST', service: 'flowservice', path: `/flows/${encodeURIComponent(id)}/action`, query: { op } };
    const response = await this.http.send(request, options);
    if (response.dryRun) return { id };
    return parseResponse(Created, response.data ?? { id }, request);
  }
}

/**
 * Runs of flows. On-demand runs (of a flow scheduled `once`) have no name to look one up by, so a create whose
 * outcome is unknown is reconciled by the flow's newest run created since the request started.
 */
export class Runs extends FlowCollection<Run, RunCreate> {
  constructor(http: PlatformHttp, now?: () => number) {
    super(http, '/runs', Run, now, RunCreate);
  }

  protected override async reconcile(body: RunCreate, startedAt: number, options?: RequestOptions): Promise<Created | undefined> {
    // Only a run dated after the request started can be the one it made. Newest first, so that it is on the
    // first page however many runs the flow has.
    const runs: Run[] = [];
    for await (const run of this.list({ filters: [`flowId==${body.flowId}`], orderBy: '-createdAt', maxItems: 100 }, options)) runs.push(run);
    return newestCreatedSince(runs, startedAt, false);
  }

  /** `{"items": [{id, etag}]}`, or the run itself as an older page of the tutorial showed. */
  protected override created(data: unknown, request: PlatformRequest): Created {
    const reply = parseResponse(RunCreated, data, request);
    return 'items' in reply && Array.isArray(reply.items) ? (reply.items[0] as Created) : (reply as Created);
  }
}

/** Flow specs (`CRMToAEP`…), whose names are unique. */
export class FlowSpecs extends FlowCollection<FlowSpec> {
  constructor(http: PlatformHttp, now?: () => number) {
    super(http, '/flowSpecs', FlowSpec, now);
  }

  /** The flow spec of that name; undefined when the Platform has none. */
  async findOneByName(name: string, options?: RequestOptions): Promise<FlowSpec | undefined> {
    return (await this.findByName(name, 10, options))[0];
  }
}

export class FlowService {
  readonly connections: Connections;
  readonly sourceConnections: SourceConnections;
  readonly targetConnections: FlowCollection<TargetConnection, TargetConnectionCreate>;
  readonly flows: Flows;
  readonly runs: Runs;
  readonly connectionSpecs: FlowCollection<ConnectionSpec>;
  readonly flowSpecs: FlowSpecs;

  /** `mappingSets`: where a flow's mapping set is read to check its columns (the client gives its Data Prep's). */
  constructor(http: PlatformHttp, now: () => number = Date.now, mappingSets?: FlowCheckReads['mappingSets']) {
    this.connections = new Connections(http, now);
    this.sourceConnections = new SourceConnections(http, now);
    this.targetConnections = new FlowCollection(http, '/targetConnections', TargetConnection, now, TargetConnectionCreate);
    this.flows = new Flows(http, now, { mappingSets: mappingSets ?? new MappingSets(http, now), sourceConnections: this.sourceConnections, connections: this.connections });
    this.runs = new Runs(http, now);
    this.connectionSpecs = new FlowCollection(http, '/connectionSpecs', ConnectionSpec, now);
    this.flowSpecs = new FlowSpecs(http, now);
  }
}
