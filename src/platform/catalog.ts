// Catalog (`/data/foundation/catalog`): datasets (Catalog API: https://developer.adobe.com/experience-platform-apis/references/catalog/). Catalog answers creates with
// `["@/dataSets/ID"]` and lookups with an object keyed by id.

import { NotFoundError } from './errors.js';
import type { PlatformHttp, PlatformRequest, QueryValue, RequestOptions } from './internal/http.js';
import { Batch, DatasetCreate, DatasetRefs, Dataset } from './models/catalog.js';
import { parseRequest, parseResponse } from './models/common.js';
import type * as z from './models/zod.js';
import { catalogPages, paginate } from './internal/paginate.js';
import { dryRunDatasetId } from './internal/dry-run.js';

const CLOCK_SKEW_MS = 120_000;

/** `["@/dataSets/5c8c…"]` → `5c8c…`. */
export function datasetIdFromRefs(refs: readonly string[]): string {
  return (refs[0] ?? '').split('/').pop() ?? '';
}

/**
 * A Catalog collection: a lookup answers an object keyed by id, a list is paged by offset, newest first. Each
 * item gets its id back as `id`.
 */
class CatalogCollection<T> {
  constructor(
    protected readonly http: PlatformHttp,
    private readonly path: '/dataSets' | '/batches',
    private readonly model: z.ZodMiniType<T>,
    /** What a "not found" calls it. */
    private readonly noun: string,
  ) {}

  async get(id: string, options?: RequestOptions): Promise<T> {
    const request: PlatformRequest = { method: 'GET', service: 'catalog', path: `${this.path}/${encodeURIComponent(id)}` };
    const map = ((await this.http.send(request, options)).data ?? {}) as Record<string, unknown>;
    const value = map[id] ?? Object.values(map)[0];
    if (value === undefined) throw new NotFoundError({ status: 404, title: `${this.noun} ${id} not found`, method: 'GET', url: request.path });
    return parseResponse(this.model, { id, ...(value as object) }, request);
  }

  protected async *pages(maxItems: number, query: Record<string, QueryValue>, options: RequestOptions | undefined): AsyncGenerator<T> {
    const request: PlatformRequest = {
      method: 'GET',
      service: 'catalog',
      path: this.path,
      query: { limit: Math.min(maxItems, 100), start: 0, orderBy: 'desc:created', ...query },
    };
    let index = 0;
    for await (const item of paginate(this.http, request, catalogPages, { maxItems, request: options })) {
      yield parseResponse(this.model, item, { method: 'GET', path: `${this.path} [${index++}]` });
    }
  }
}

export class Datasets extends CatalogCollection<Dataset> {
  constructor(http: PlatformHttp, private readonly now: () => number = Date.now) {
    super(http, '/dataSets', Dataset, 'dataset');
  }

  list(list: { maxItems: number; name?: string }, options?: RequestOptions): AsyncGenerator<Dataset> {
    return this.pages(list.maxItems, { name: list.name, properties: 'name,description,schemaRef,created,updated' }, options);
  }

  /** Datasets with exactly this name, newest first (Catalog does not keep names unique). */
  async findByName(name: string, maxItems = 100, options?: RequestOptions): Promise<Dataset[]> {
    const found: Dataset[] = [];
    for await (const dataset of this.list({ maxItems, name }, options)) if (dataset.name === name) found.push(dataset);
    return found;
  }

  async create(body: DatasetCreate, options?: RequestOptions): Promise<string> {
    const parsed = parseRequest(DatasetCreate, body);
    const request: PlatformRequest = { method: 'POST', service: 'catalog', path: '/dataSets', body: parsed };
    const startedAt = this.now();
    const response = await this.http.send(request, {
      ...options,
      reconcile: async () => {
        for await (const dataset of this.list({ maxItems: 100, name: parsed.name }, options)) {
          if (dataset.name === parsed.name && (dataset.created ?? Infinity) >= startedAt - CLOCK_SKEW_MS) return [`@/dataSets/${dataset.id}`];
        }
        return undefined;
      },
    });
    if (response.dryRun) return dryRunDatasetId();
    return datasetIdFromRefs(parseResponse(DatasetRefs, response.data, request));
  }

  async delete(id: string, options?: RequestOptions): Promise<void> {
    await this.http.send({ method: 'DELETE', service: 'catalog', path: `/dataSets/${encodeURIComponent(id)}` }, options);
  }
}

export class Batches extends CatalogCollection<Batch> {
  constructor(http: PlatformHttp) {
    super(http, '/batches', Batch, 'batch');
  }

  /** Batches (of a dataset, in a status), newest first. */
  list(list: { maxItems: number; dataSet?: string; status?: string }, options?: RequestOptions): AsyncGenerator<Batch> {
    return this.pages(list.maxItems, { dataSet: list.dataSet, status: list.status }, options);
  }
}

export class Catalog {
  readonly datasets: Datasets;
  readonly batches: Batches;

  constructor(http: PlatformHttp, now: () => number = Date.now) {
    this.datasets = new Datasets(http, now);
    this.batches = new Batches(http);
  }
}
