// Schema Registry (`/data/foundation/schemaregistry`): the tenant id, tenant schemas, field groups, classes and
// descriptors (https://developer.adobe.com/experience-platform-apis/references/schema-registry/; https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/getting-started). GETs must say which representation they want in `Accept`: lists take no
// version, lookups need one, descriptor lists use the `xdm` media types.

import * as z from './models/zod.js';
import type { PlatformHttp, PlatformRequest, RequestOptions } from './internal/http.js';
import { registryPathId, schemaUri } from './ids.js';
import { parseRequest, parseResponse } from './models/common.js';
import { PatchDocument, type PatchOperation } from './models/flow-service.js';
import {
  ClassCreate,
  type ClassSummary,
  Descriptor,
  DescriptorCreate,
  DescriptorGroups,
  FieldGroup,
  FieldGroupCreate,
  FieldGroupSummary,
  Schema,
  SchemaCreate,
  SchemaSummary,
  TenantClass,
  TenantStats,
} from './models/schema-registry.js';
import { paginate, registryPages } from './internal/paginate.js';
import { dryRunDescriptorId, dryRunUuid } from './internal/dry-run.js';

export const ACCEPT = {
  /** Lists: ids and titles only. */
  list: 'application/vnd.adobe.xed-id+json',
  /** Lists of whole resources (`$ref`s kept; lists take no version). */
  listWhole: 'application/vnd.adobe.xed+json',
  /** Lookup of one resource as stored (`$ref`s kept). */
  raw: 'application/vnd.adobe.xed+json; version=1',
  /** Lookup with every reference resolved. */
  full: 'application/vnd.adobe.xed-full+json; version=1',
  /** Descriptor lists, whole descriptors grouped by `@type`. */
  descriptors: 'application/vnd.adobe.xdm+json',
} as const;

const CLOCK_SKEW_MS = 120_000;

type Titled = { $id: string; 'meta:registryMetadata'?: { 'repo:createdDate'?: number | undefined } | undefined };

/**
 * Tenant schemas, field groups and classes share everything but their path and shapes: lookup with an Accept
 * representation, lists paged by title, find by title (unique in a sandbox), create with reconciliation by
 * title and creation date, delete.
 */
export class TitledResources<Item extends Titled, Summary extends { $id: string; title?: string | undefined }, Create extends { title: string }> {
  constructor(
    protected readonly http: PlatformHttp,
    private readonly now: () => number,
    protected readonly path: '/tenant/schemas' | '/tenant/fieldgroups' | '/tenant/classes',
    private readonly models: { item: z.ZodMiniType<Item>; summary: z.ZodMiniType<Summary>; create: z.ZodMiniType<Create> },
    /** `schemas` or `mixins`: where a dry-run placeholder `$id` lives. */
    private readonly idSegment: string,
  ) {}

  async get(id: string, representation: 'raw' | 'full' = 'raw', options?: RequestOptions): Promise<Item> {
    const request: PlatformRequest = { method: 'GET', service: 'schemaregistry', path: `${this.path}/${registryPathId(id)}`, headers: { Accept: ACCEPT[representation] } };
    return parseResponse(this.models.item, (await this.http.send(request, options)).data, request);
  }

  list(list: { maxItems: number; title?: string }, options?: RequestOptions): AsyncGenerator<Summary> {
    return this.pages(list, ACCEPT.list, this.models.summary, options);
  }

  private async *pages<T>(list: { maxItems: number; title?: string }, accept: string, model: z.ZodMiniType<T>, options: RequestOptions | undefined): AsyncGenerator<T> {
    const request: PlatformRequest = {
      method: 'GET',
      service: 'schemaregistry',
      path: this.path,
      query: {
        // start/limit page only together with orderby (https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/appendix).
        orderby: 'title',
        limit: Math.min(list.maxItems, 500),
        property: list.title === undefined ? undefined : `title==${list.title}`,
      },
      headers: { Accept: accept },
    };
    let index = 0;
    for await (const item of paginate(this.http, request, registryPages, { maxItems: list.maxItems, request: options })) {
      yield parseResponse(model, item, { method: 'GET', path: `${this.path} results[${index++}]` });
    }
  }

  /** Titles are unique across a sandbox's tenant resources, so a title finds at most one. */
  private async first<T>(title: string, accept: string, model: z.ZodMiniType<T>, options: RequestOptions | undefined): Promise<T | undefined> {
    for await (const item of this.pages({ maxItems: 500, title }, accept, model, options)) if ((item as { title?: unknown }).title === title) return item;
    return undefined;
  }

  /** The resource of that title, as its list summary. */
  async findByTitle(title: string, options?: RequestOptions): Promise<Summary | undefined> {
    return this.first(title, ACCEPT.list, this.models.summary, options);
  }

  /** As findByTitle, but the whole resource (a schema's `meta:class`, a field group's definitions) in the same one request. */
  findWholeByTitle(title: string, options?: RequestOptions): Promise<Item | undefined> {
    return this.first(title, ACCEPT.listWhole, this.models.item, options);
  }

  async create(body: Create, options?: RequestOptions): Promise<Item> {
    const parsed = parseRequest(this.models.create, body);
    const request: PlatformRequest = { method: 'POST', service: 'schemaregistry', path: this.path, body: parsed };
    const startedAt = this.now();
    const response = await this.http.send(request, {
      ...options,
      // After an ambiguous failure: the resource of that title, if it was created since the request started.
      reconcile: async () => {
        const found = await this.first(parsed.title, ACCEPT.list, this.models.summary, options);
        if (!found) return undefined;
        const item = await this.get(found.$id, 'raw', options);
        const created = item['meta:registryMetadata']?.['repo:createdDate'];
        return created === undefined || created >= startedAt - CLOCK_SKEW_MS ? item : undefined;
      },
    });
    if (response.dryRun) {
      const hex = dryRunUuid().replace(/-/g, '');
      return { $id: `https://ns.adobe.com/TENANT/${this.idSegment}/${hex}`, 'meta:altId': `_TENANT.${this.idSegment}.${hex}`, title: parsed.title } as unknown as Item;
    }
    return parseResponse(this.models.item, response.data, request);
  }

  async delete(id: string, options?: RequestOptions): Promise<void> {
    await this.http.send({ method: 'DELETE', service: 'schemaregistry', path: `${this.path}/${registryPathId(id)}` }, options);
  }

  /** JSON Patch of the resource → the resource; `dryRun` stands in for the Platform's answer under dry-run. */
  protected async patchAs(id: string, operations: PatchOperation[], options: RequestOptions | undefined, dryRun: () => Item): Promise<Item> {
    const body = parseRequest(PatchDocument, operations);
    const request: PlatformRequest = { method: 'PATCH', service: 'schemaregistry', path: `${this.path}/${registryPathId(id)}`, body };
    const response = await this.http.send(request, options);
    if (response.dryRun) return dryRun();
    return parseResponse(this.models.item, response.data, request);
  }
}

/** Tenant schemas. */
export class Schemas extends TitledResources<Schema, SchemaSummary, SchemaCreate> {
  constructor(http: PlatformHttp, now: () => number) {
    super(http, now, '/tenant/schemas', { item: Schema, summary: SchemaSummary, create: SchemaCreate }, 'schemas');
  }

  /** The schema of that title, whole: its `meta:class` and composition come with the one list request. */
  override findByTitle(title: string, options?: RequestOptions): Promise<Schema | undefined> {
    return this.findWholeByTitle(title, options);
  }

  /** JSON Patch of a tenant schema (`[{"op":"add","path":"/allOf/-","value":{"$ref":…}}]`) → the schema. */
  patch(id: string, operations: PatchOperation[], options?: RequestOptions): Promise<Schema> {
    return this.patchAs(id, operations, options, () => ({ $id: id.startsWith('https://') ? id : schemaUri(id, 'id') }));
  }
}

/** Tenant field groups (`POST` answers 201 with the field group; its `$id` is under `/mixins/`). */
export class FieldGroups extends TitledResources<FieldGroup, FieldGroupSummary, FieldGroupCreate> {
  constructor(http: PlatformHttp, now: () => number) {
    super(http, now, '/tenant/fieldgroups', { item: FieldGroup, summary: FieldGroupSummary, create: FieldGroupCreate }, 'mixins');
  }

  /**
   * JSON Patch of a tenant field group → the field group. Once a schema uses it, the Platform takes additive
   * changes only (new fields), so that is what flowctl sends.
   */
  patch(id: string, operations: PatchOperation[], options?: RequestOptions): Promise<FieldGroup> {
    return this.patchAs(id, operations, options, () => ({ $id: id }) as FieldGroup);
  }
}

/** Tenant classes (`POST` answers 201 with the class, `$id` under `/classes/`, built on one behavior). */
export class Classes extends TitledResources<TenantClass, ClassSummary, ClassCreate> {
  constructor(http: PlatformHttp, now: () => number) {
    super(http, now, '/tenant/classes', { item: TenantClass, summary: SchemaSummary, create: ClassCreate }, 'classes');
  }

}

/** Descriptors (identity, relationship…) of tenant schemas' fields. */
export class Descriptors {
  constructor(private readonly http: PlatformHttp, private readonly now: () => number) {}

  /**
   * The sandbox's descriptors as one list (the registry answers them grouped by `@type`), optionally only
   * those of one schema (`$id` or `meta:altId`). The filter is sent as `property=xdm:sourceSchema==…` and
   * applied again here. This form of the list is not paged: `maxItems` cuts the answer.
   */
  async list(list: { maxItems: number; sourceSchema?: string }, options?: RequestOptions): Promise<Descriptor[]> {
    const sourceSchema = list.sourceSchema === undefined ? undefined : schemaUri(list.sourceSchema, 'sourceSchema');
    const request: PlatformRequest = {
      method: 'GET',
      service: 'schemaregistry',
      path: '/tenant/descriptors',
      query: { property: sourceSchema === undefined ? undefined : `xdm:sourceSchema==${sourceSchema}` },
      headers: { Accept: ACCEPT.descriptors },
    };
    const groups = parseResponse(DescriptorGroups, (await this.http.send(request, options)).data ?? {}, request);
    const descriptors: Descriptor[] = [];
    for (const [type, items] of Object.entries(groups)) {
      items.forEach((item, index) => {
        const withType = item && typeof item === 'object' && !Array.isArray(item) ? { '@type': type, ...item } : item;
        const descriptor = parseResponse(Descriptor, withType, { method: 'GET', path: `/tenant/descriptors ${type}[${index}]` });
        if (sourceSchema === undefined || descriptor['xdm:sourceSchema'] === sourceSchema) descriptors.push(descriptor);
      });
    }
    return descriptors.slice(0, list.maxItems);
  }

  /**
   * `POST /tenant/descriptors` → 201 with the descriptor and its `@id`. A create whose outcome is unknown is
   * looked up by schema, `@type` and field (descriptors have no title), and adopted if it was made since.
   */
  async create(body: DescriptorCreate, options?: RequestOptions): Promise<Descriptor> {
    const parsed = parseRequest(DescriptorCreate, body);
    const request: PlatformRequest = { method: 'POST', service: 'schemaregistry', path: '/tenant/descriptors', body: parsed };
    const startedAt = this.now();
    const response = await this.http.send(request, {
      ...options,
      reconcile: async () => {
        const existing = await this.list({ maxItems: 10_000, sourceSchema: parsed['xdm:sourceSchema'] }, options);
        return existing.find((d) => {
          const created = d['meta:registryMetadata']?.['repo:createdDate'];
          return (
            d['@type'] === parsed['@type'] &&
            d['xdm:sourceProperty'] === parsed['xdm:sourceProperty'] &&
            (parsed['xdm:namespace'] === undefined || String(d['xdm:namespace']) === String(parsed['xdm:namespace'])) &&
            (created === undefined || created >= startedAt - CLOCK_SKEW_MS)
          );
        });
      },
    });
    if (response.dryRun) return { ...parsed, '@id': dryRunDescriptorId() };
    return parseResponse(Descriptor, response.data, request);
  }

  async delete(id: string, options?: RequestOptions): Promise<void> {
    await this.http.send({ method: 'DELETE', service: 'schemaregistry', path: `/tenant/descriptors/${encodeURIComponent(id)}` }, options);
  }
}

/** The global container's classes and field groups: Adobe's, read-only. */
export class GlobalResources {
  constructor(private readonly http: PlatformHttp) {}

  /**
   * A class or field group of the global container (`/global/classes/{id}`, `/global/fieldgroups/{id}`), fully
   * resolved: the fields a schema made of it will have.
   */
  async get(kind: 'classes' | 'fieldgroups', id: string, options?: RequestOptions): Promise<Record<string, unknown>> {
    const request: PlatformRequest = { method: 'GET', service: 'schemaregistry', path: `/global/${kind}/${encodeURIComponent(id)}`, headers: { Accept: ACCEPT.full } };
    return parseResponse(z.record(z.string(), z.unknown()), (await this.http.send(request, options)).data, request);
  }
}

export class SchemaRegistry {
  readonly schemas: Schemas;
  readonly fieldGroups: FieldGroups;
  readonly classes: Classes;
  readonly descriptors: Descriptors;
  readonly global: GlobalResources;

  constructor(private readonly http: PlatformHttp, now: () => number = Date.now) {
    this.schemas = new Schemas(http, now);
    this.fieldGroups = new FieldGroups(http, now);
    this.classes = new Classes(http, now);
    this.descriptors = new Descriptors(http, now);
    this.global = new GlobalResources(http);
  }

  /** The sandbox's tenant id (`_yourtenant`), for the fields flowctl adds. */
  async stats(options?: RequestOptions): Promise<TenantStats> {
    const request: PlatformRequest = { method: 'GET', service: 'schemaregistry', path: '/stats', headers: { Accept: 'application/json' } };
    return parseResponse(TenantStats, (await this.http.send(request, options)).data, request);
  }
}
