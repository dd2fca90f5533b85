// Data Prep (`/data/foundation/conversion`): mapping sets (Data Prep API: https://experienceleague.adobe.com/en/docs/experience-platform/data-prep/api/mapping-set). Creates answer 200 with
// `{id, version}`, not 201.

import { BadRequestError } from './errors.js';
import type { PlatformHttp, PlatformRequest, RequestOptions } from './internal/http.js';
import { parseRequest, parseResponse } from './models/common.js';
import {
  MappingSet,
  MappingSetCreate,
  MappingSetCreated,
  MappingValidation,
  PreviewMappingSet,
  PreviewResponse,
  type PreviewRow,
} from './models/data-prep.js';
import { dataPrepPages, paginate } from './internal/paginate.js';
import { dryRunMappingId } from './internal/dry-run.js';

const CLOCK_SKEW_MS = 120_000;

function epochMs(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const n = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
    return Number.isNaN(n) ? undefined : n;
  }
  return undefined;
}

/** Mapping sets: versioned, named (not uniquely), validated and previewed without being stored. */
export class MappingSets {
  constructor(private readonly http: PlatformHttp, private readonly now: () => number = Date.now) {}

  async get(id: string, version?: number, options?: RequestOptions): Promise<MappingSet> {
    const request: PlatformRequest = {
      method: 'GET',
      service: 'conversion',
      path: `/mappingSets/${encodeURIComponent(id)}`,
      query: { version },
    };
    return parseResponse(MappingSet, (await this.http.send(request, options)).data, request);
  }

  async *list(list: { maxItems: number; name?: string }, options?: RequestOptions): AsyncGenerator<MappingSet> {
    const request: PlatformRequest = {
      method: 'GET',
      service: 'conversion',
      path: '/mappingSets',
      query: { limit: Math.min(list.maxItems, 100), start: 0, name: list.name },
    };
    let index = 0;
    for await (const item of paginate(this.http, request, dataPrepPages, { maxItems: list.maxItems, request: options })) {
      yield parseResponse(MappingSet, item, { method: 'GET', path: `/mappingSets data[${index++}]` });
    }
  }

  async validate(body: MappingSetCreate, options?: RequestOptions): Promise<MappingValidation> {
    const request: PlatformRequest = { method: 'POST', service: 'conversion', path: '/mappingSets/validate', body: parseRequest(MappingSetCreate, body) };
    const response = await this.http.send(request, options);
    if (response.dryRun) return { validationResponse: body.mappings.map(() => ({ status: 'NOT SENT', errors: null })) };
    return parseResponse(MappingValidation, response.data, request);
  }

  /**
   * `POST /mappingSets/preview`: how each row would land through the mapping set — its XDM record and its errors,
   * one entry per row, in order. Changes nothing, so it is sent under dry-run too.
   */
  async preview(mappingSet: PreviewMappingSet, rows: readonly Record<string, unknown>[], options?: RequestOptions): Promise<PreviewRow[]> {
    const body = { data: rows, mappingSet: parseRequest(PreviewMappingSet, mappingSet) };
    const request: PlatformRequest = { method: 'POST', service: 'conversion', path: '/mappingSets/preview', body };
    return parseResponse(PreviewResponse, (await this.http.send(request, { ...options, readOnly: true })).data, request);
  }

  async create(body: MappingSetCreate, options?: RequestOptions): Promise<MappingSetCreated> {
    const parsed = parseRequest(MappingSetCreate, body);
    const request: PlatformRequest = { method: 'POST', service: 'conversion', path: '/mappingSets', body: parsed };
    const startedAt = this.now();
    const name = parsed.name;
    // Without a name there is nothing to look a lost create up by: it then fails instead of being re-sent.
    const reconcile = async (wanted: string) => {
      for await (const set of this.list({ maxItems: 100, name: wanted }, options)) {
        const created = epochMs(set.createdDate);
        if (set.name === wanted && (created ?? Infinity) >= startedAt - CLOCK_SKEW_MS) return { id: set.id, version: set.version ?? 0 };
      }
      return undefined;
    };
    const response = await this.http.send(request, name === undefined ? { ...options } : { ...options, reconcile: () => reconcile(name) });
    if (response.dryRun) return { id: dryRunMappingId(), version: 0 };
    return parseResponse(MappingSetCreated, response.data, request);
  }

  /**
   * The mapping set of that exact name; names are not unique in Data Prep, so of several the most recently
   * created one. Undefined when there is none.
   */
  async findByName(name: string, options?: RequestOptions): Promise<MappingSet | undefined> {
    let newest: MappingSet | undefined;
    for await (const set of this.list({ maxItems: 100, name }, options)) {
      if (set.name !== name) continue;
      if (!newest || (epochMs(set.createdDate) ?? 0) > (epochMs(newest.createdDate) ?? 0)) newest = set;
    }
    return newest;
  }

  /**
   * `PUT /mappingSets/{id}` with a whole body: the Platform keeps the old version and answers the mapping set at
   * its new version. In dry-run the new version is predicted from the current one (a GET).
   */
  async update(id: string, body: MappingSetCreate, options?: RequestOptions): Promise<MappingSetCreated> {
    const parsed = parseRequest(MappingSetCreate, body);
    const request: PlatformRequest = { method: 'PUT', service: 'conversion', path: `/mappingSets/${encodeURIComponent(id)}`, body: parsed };
    const response = await this.http.send(request, options);
    if (response.dryRun) return { id, version: ((await this.get(id, undefined, options)).version ?? 0) + 1 };
    return parseResponse(MappingSetCreated, response.data, request);
  }

  /** `DELETE /mappingSets/{id}` (200 or 204). */
  async delete(id: string, options?: RequestOptions): Promise<void> {
    await this.http.send({ method: 'DELETE', service: 'conversion', path: `/mappingSets/${encodeURIComponent(id)}` }, options);
  }
}

/** Data Prep's expression language. */
export class Expressions {
  constructor(private readonly http: PlatformHttp) {}

  /**
   * `POST /languages/el/validate`: whether Data Prep accepts one expression, and if not why (the 400's detail).
   * Changes nothing, so it is sent under dry-run too.
   */
  async validate(expression: string, options?: RequestOptions): Promise<{ valid: true } | { valid: false; reason: string }> {
    const request: PlatformRequest = { method: 'POST', service: 'conversion', path: '/languages/el/validate', body: { expression } };
    try {
      const { data } = await this.http.send(request, { ...options, readOnly: true });
      // The OpenAPI answers a bare boolean, the guide `{validationStatus: "succeeded" | "failed", error}`.
      if (data === false) return { valid: false, reason: 'Data Prep calls the expression invalid' };
      const body = data as { validationStatus?: unknown; error?: unknown } | undefined;
      if (body?.validationStatus === 'failed') return { valid: false, reason: typeof body.error === 'string' ? body.error : 'Data Prep calls the expression invalid' };
      return { valid: true };
    } catch (error) {
      if (error instanceof BadRequestError) return { valid: false, reason: error.detail ?? error.title };
      throw error;
    }
  }
}

export class DataPrep {
  readonly mappingSets: MappingSets;
  readonly expressions: Expressions;

  constructor(http: PlatformHttp, now: () => number = Date.now) {
    this.mappingSets = new MappingSets(http, now);
    this.expressions = new Expressions(http);
  }
}
