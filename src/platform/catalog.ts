// Catalog (`/data/foundation/catalog`): datasets (Catalog API: https://developer.adobe.com/experience-platform-apis/references/catalog/). Catalog answers creates with
// `["@/dataSets/ID"]` and lookups with an object keyed by id.

import { NotFoundError } from './errors.js';
import type { PlatformHttp, PlatformRequest } from './http.js';
import { Batch, DatasetCreate, DatasetRefs, Dataset } from './models/catalog.js';
import { parseRequest, parseResponse } from './models/common.js';
import { catalogPages, paginate } from './paginate.js';
import { dryRunDatasetId } from './dry-run.js';

const CLOCK_SKEW_MS = 120_000;

/** `["@/dataSets/5c8c…"]` → `5c8c…`. */
export function datasetIdFromRefs(refs: readonly string[]): string {
  return (refs[0] ?? '').split('/').pop() ?? '';
}

export class Catalog {
  constructor(private readonly http: PlatformHttp, private readonly now: () => number = Date.now) {}

  async getDataset(id: string): Promise<Dataset> {
    const request: PlatformRequest = { method: 'GET', service: 'catalog', path: `/dataSets/${encodeURIComponent(id)}` };
    const response = await this.http.send(request);
    const map = (response.data ?? {}) as Record<string, unknown>;
    const value = map[id] ?? Object.values(map)[0];
    if (value === undefined) throw new NotFoundError({ status: 404, title: `dataset ${id} not found`, method: 'GET', url: request.path });
    return parseResponse(Dataset, { id, ...(value as object) }, request);
  }

  async *listDatasets(options: { maxItems: number; name?: string }): AsyncGenerator<Dataset> {
    const request: PlatformRequest = {
      method: 'GET',
      service: 'catalog',
      path: '/dataSets',
      query: {
        limit: Math.min(options.maxItems, 100),
        start: 0,
        orderBy: 'desc:created',
        name: options.name,
        properties: 'name,description,schemaRef,created,updated',
      },
    };
    let index = 0;
    for await (const item of paginate(this.http, request, catalogPages, { maxItems: options.maxItems })) {
      yield parseResponse(Dataset, item, { method: 'GET', path: `/dataSets [${index++}]` });
    }
  }

  /** Datasets with exactly this name, newest first (Catalog does not keep names unique). */
  async findDatasetByName(name: string, maxItems = 100): Promise<Dataset[]> {
    const found: Dataset[] = [];
    for await (const dataset of this.listDatasets({ maxItems, name })) if (dataset.name === name) found.push(dataset);
    return found;
  }

  async createDataset(body: DatasetCreate): Promise<string> {
    const parsed = parseRequest(DatasetCreate, body);
    const request: PlatformRequest = { method: 'POST', service: 'catalog', path: '/dataSets', body: parsed };
    const startedAt = this.now();
    const response = await this.http.send(request, {
      reconcile: async () => {
        for await (const dataset of this.listDatasets({ maxItems: 100, name: parsed.name })) {
          if (dataset.name === parsed.name && (dataset.created ?? Infinity) >= startedAt - CLOCK_SKEW_MS) return [`@/dataSets/${dataset.id}`];
        }
        return undefined;
      },
    });
    if (response.dryRun) return dryRunDatasetId();
    return datasetIdFromRefs(parseResponse(DatasetRefs, response.data, request));
  }

  async deleteDataset(id: string): Promise<void> {
    await this.http.send({ method: 'DELETE', service: 'catalog', path: `/dataSets/${encodeURIComponent(id)}` });
  }

  /** Batches of a dataset, newest first. */
  async *listBatches(options: { maxItems: number; dataSet?: string; status?: string }): AsyncGenerator<Batch> {
    const request: PlatformRequest = {
      method: 'GET',
      service: 'catalog',
      path: '/batches',
      query: { limit: Math.min(options.maxItems, 100), start: 0, orderBy: 'desc:created', dataSet: options.dataSet, status: options.status },
    };
    let index = 0;
    for await (const item of paginate(this.http, request, catalogPages, { maxItems: options.maxItems })) {
      yield parseResponse(Batch, item, { method: 'GET', path: `/batches [${index++}]` });
    }
  }

  async getBatch(id: string): Promise<Batch> {
    const request: PlatformRequest = { method: 'GET', service: 'catalog', path: `/batches/${encodeURIComponent(id)}` };
    const map = ((await this.http.send(request)).data ?? {}) as Record<string, unknown>;
    const value = map[id] ?? Object.values(map)[0];
    if (value === undefined) throw new NotFoundError({ status: 404, title: `batch ${id} not found`, method: 'GET', url: request.path });
    return parseResponse(Batch, { id, ...(value as object) }, request);
  }
}
