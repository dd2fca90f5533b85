// Schema Registry (`/data/foundation/schemaregistry`): the tenant id, tenant schemas, field groups, classes and
// descriptors (https://developer.adobe.com/experience-platform-apis/references/schema-registry/; https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/getting-started). GETs must say which representation they want in `Accept`: lists take no
// version, lookups need one, descriptor lists use the `xdm` media types.

import { z } from 'zod';
import type { PlatformHttp, PlatformRequest } from './http.js';
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
import { paginate, registryPages } from './paginate.js';
import { dryRunDescriptorId, dryRunUuid } from './dry-run.js';

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

/**
 * Tenant schemas, field groups and classes share everything but their path and shapes: lookup with an Accept
 * representation, lists paged by title, find by title (unique in a sandbox), create with reconciliation by
 * title and creation date, delete.
 */
class TitledResources<Item extends { $id: string; 'meta:registryMetadata'?: { 'repo:createdDate'?: number | undefined } | undefined }, Summary extends { $id: string; title?: string | undefined }, Create extends { title: string }> {
  constructor(
    private readonly http: PlatformHttp,
    private readonly now: () => number,
    private readonly path: '/tenant/schemas' | '/tenant/fieldgroups' | '/tenant/classes',
    private readonly models: { item: z.ZodType<Item>; summary: z.ZodType<Summary>; create: z.ZodType<Create> },
    /** `schemas` or `mixins`: where a dry-run placeholder `$id` lives. */
    private readonly idSegment: string,
  ) {}

  async get(id: string, representation: 'raw' | 'full'): Promise<Item> {
    const request: PlatformRequest = { method: 'GET', service: 'schemaregistry', path: `${this.path}/${registryPathId(id)}`, headers: { Accept: ACCEPT[representation] } };
    return parseResponse(this.models.item, (await this.http.send(request)).data, request);
  }

  list(options: { maxItems: number; title?: string }): AsyncGenerator<Summary> {
    return this.pages(options, ACCEPT.list, this.models.summary);
  }

  private async *pages<T>(options: { maxItems: number; title?: string }, accept: string, model: z.ZodType<T>): AsyncGenerator<T> {
    const request: PlatformRequest = {
      method: 'GET',
      service: 'schemaregistry',
      path: this.path,
      query: {
        // start/limit page only together with orderby (https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/appendix).
        orderby: 'title',
        limit: Math.min(options.maxItems, 500),
        property: options.title === undefined ? undefined : `title==${options.title}`,
      },
      headers: { Accept: accept },
    };
    let index = 0;
    for await (const item of paginate(this.http, request, registryPages, { maxItems: options.maxItems })) {
      yield parseResponse(model, item, { method: 'GET', path: `${this.path} results[${index++}]` });
    }
  }

  /** Titles are unique across a sandbox's tenant resources, so a title finds at most one. */
  async findByTitle(title: string): Promise<Summary | undefined> {
    for await (const item of this.list({ maxItems: 500, title })) if (item.title === title) return item;
    return undefined;
  }

  /** As findByTitle, but the whole resource (a schema's `meta:class`, a field group's definitions) in the same one request. */
  async findWholeByTitle(title: string): Promise<Item | undefined> {
    for await (const item of this.pages({ maxItems: 500, title }, ACCEPT.listWhole, this.models.item)) if ((item as { title?: unknown }).title === title) return item;
    return undefined;
  }

  async create(body: Create): Promise<Item> {
    const parsed = parseRequest(this.models.create, body);
    const request: PlatformRequest = { method: 'POST', service: 'schemaregistry', path: this.path, body: parsed };
    const startedAt = this.now();
    const response = await this.http.send(request, {
      // After an ambiguous failure: the resource of that title, if it was created since the request started.
      reconcile: async () => {
        const found = await this.findByTitle(parsed.title);
        if (!found) return undefined;
        const item = await this.get(found.$id, 'raw');
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

  async delete(id: string): Promise<void> {
    await this.http.send({ method: 'DELETE', service: 'schemaregistry', path: `${this.path}/${registryPathId(id)}` });
  }
}

export class SchemaRegistry {
  private readonly schemas: TitledResources<Schema, SchemaSummary, SchemaCreate>;
  private readonly fieldGroups: TitledResources<FieldGroup, FieldGroupSummary, FieldGroupCreate>;
  private readonly classes: TitledResources<TenantClass, ClassSummary, ClassCreate>;

  constructor(private readonly http: PlatformHttp, private readonly now: () => number = Date.now) {
    this.schemas = new TitledResources(http, now, '/tenant/schemas', { item: Schema, summary: SchemaSummary, create: SchemaCreate }, 'schemas');
    this.fieldGroups = new TitledResources(http, now, '/tenant/fieldgroups', { item: FieldGroup, summary: FieldGroupSummary, create: FieldGroupCreate }, 'mixins');
    this.classes = new TitledResources(http, now, '/tenant/classes', { item: TenantClass, summary: SchemaSummary, create: ClassCreate }, 'classes');
  }

  async stats(): Promise<TenantStats> {
    const request: PlatformRequest = { method: 'GET', service: 'schemaregistry', path: '/stats', headers: { Accept: 'application/json' } };
    return parseResponse(TenantStats, (await this.http.send(request)).data, request);
  }

  // ── Schemas ──────────────────────────────────────────────────────────────────────────────────────────────

  getSchema(id: string, representation: 'raw' | 'full' = 'raw'): Promise<Schema> {
    return this.schemas.get(id, representation);
  }

  /**
   * A class or field group of the global container (`/global/classes/{id}`, `/global/fieldgroups/{id}`), fully
   * resolved: the fields a schema made of it will have.
   */
  async getGlobal(kind: 'classes' | 'fieldgroups', id: string): Promise<Record<string, unknown>> {
    const request: PlatformRequest = { method: 'GET', service: 'schemaregistry', path: `/global/${kind}/${encodeURIComponent(id)}`, headers: { Accept: ACCEPT.full } };
    return parseResponse(z.record(z.string(), z.unknown()), (await this.http.send(request)).data, request);
  }

  listSchemas(options: { maxItems: number; title?: string }): AsyncGenerator<SchemaSummary> {
    return this.schemas.list(options);
  }

  /** The schema of that title, whole: its `meta:class` and composition come with the one list request. */
  findSchemaByTitle(title: string): Promise<Schema | undefined> {
    return this.schemas.findWholeByTitle(title);
  }

  createSchema(body: SchemaCreate): Promise<Schema> {
    return this.schemas.create(body);
  }

  deleteSchema(id: string): Promise<void> {
    return this.schemas.delete(id);
  }

  /** JSON Patch of a tenant schema (`[{"op":"add","path":"/allOf/-","value":{"$ref":…}}]`) → the schema. */
  async patchSchema(id: string, operations: PatchOperation[]): Promise<Schema> {
    const body = parseRequest(PatchDocument, operations);
    const request: PlatformRequest = { method: 'PATCH', service: 'schemaregistry', path: `/tenant/schemas/${registryPathId(id)}`, body };
    const response = await this.http.send(request);
    if (response.dryRun) return { $id: id.startsWith('https://') ? id : schemaUri(id, 'id') };
    return parseResponse(Schema, response.data, request);
  }

  // ── Field groups ─────────────────────────────────────────────────────────────────────────────────────────

  getFieldGroup(id: string, representation: 'raw' | 'full' = 'raw'): Promise<FieldGroup> {
    return this.fieldGroups.get(id, representation);
  }

  listFieldGroups(options: { maxItems: number; title?: string }): AsyncGenerator<FieldGroupSummary> {
    return this.fieldGroups.list(options);
  }

  findFieldGroupByTitle(title: string): Promise<FieldGroupSummary | undefined> {
    return this.fieldGroups.findByTitle(title);
  }

  /** `POST /tenant/fieldgroups` → 201 with the field group (its `$id` is under `/mixins/`). */
  createFieldGroup(body: FieldGroupCreate): Promise<FieldGroup> {
    return this.fieldGroups.create(body);
  }

  /**
   * JSON Patch of a tenant field group → the field group. Once a schema uses it, the Platform takes additive
   * changes only (new fields), so that is what flowctl sends.
   */
  async patchFieldGroup(id: string, operations: PatchOperation[]): Promise<FieldGroup> {
    const body = parseRequest(PatchDocument, operations);
    const request: PlatformRequest = { method: 'PATCH', service: 'schemaregistry', path: `/tenant/fieldgroups/${registryPathId(id)}`, body };
    const response = await this.http.send(request);
    if (response.dryRun) return { $id: id } as FieldGroup;
    return parseResponse(FieldGroup, response.data, request);
  }

  deleteFieldGroup(id: string): Promise<void> {
    return this.fieldGroups.delete(id);
  }

  // ── Classes ──────────────────────────────────────────────────────────────────────────────────────────────

  findClassByTitle(title: string): Promise<ClassSummary | undefined> {
    return this.classes.findByTitle(title);
  }

  /** `POST /tenant/classes` → 201 with the class (`$id` under `/classes/`), built on one behavior. */
  createClass(body: ClassCreate): Promise<TenantClass> {
    return this.classes.create(body);
  }

  deleteClass(id: string): Promise<void> {
    return this.classes.delete(id);
  }

  // ── Descriptors ──────────────────────────────────────────────────────────────────────────────────────────

  /**
   * The sandbox's descriptors as one list (the registry answers them grouped by `@type`), optionally only
   * those of one schema (`$id` or `meta:altId`). The filter is sent as `property=xdm:sourceSchema==…` and
   * applied again here. This form of the list is not paged: `maxItems` cuts the answer.
   */
  async listDescriptors(options: { maxItems: number; sourceSchema?: string }): Promise<Descriptor[]> {
    const sourceSchema = options.sourceSchema === undefined ? undefined : schemaUri(options.sourceSchema, 'sourceSchema');
    const request: PlatformRequest = {
      method: 'GET',
      service: 'schemaregistry',
      path: '/tenant/descriptors',
      query: { property: sourceSchema === undefined ? undefined : `xdm:sourceSchema==${sourceSchema}` },
      headers: { Accept: ACCEPT.descriptors },
    };
    const groups = parseResponse(DescriptorGroups, (await this.http.send(request)).data ?? {}, request);
    const descriptors: Descriptor[] = [];
    for (const [type, items] of Object.entries(groups)) {
      items.forEach((item, index) => {
        const withType = item && typeof item === 'object' && !Array.isArray(item) ? { '@type': type, ...item } : item;
        const descriptor = parseResponse(Descriptor, withType, { method: 'GET', path: `/tenant/descriptors ${type}[${index}]` });
        if (sourceSchema === undefined || descriptor['xdm:sourceSchema'] === sourceSchema) descriptors.push(descriptor);
      });
    }
    return descriptors.slice(0, options.maxItems);
  }

  /**
   * `POST /tenant/descriptors` → 201 with the descriptor and its `@id`. A create whose outcome is unknown is
   * looked up by schema, `@type` and field (descriptors have no title), and adopted if it was made since.
   */
  async createDescriptor(body: DescriptorCreate): Promise<Descriptor> {
    const parsed = parseRequest(DescriptorCreate, body);
    const request: PlatformRequest = { method: 'POST', service: 'schemaregistry', path: '/tenant/descriptors', body: parsed };
    const startedAt = this.now();
    const response = await this.http.send(request, {
      reconcile: async () => {
        const existing = await this.listDescriptors({ maxItems: 10_000, sourceSchema: parsed['xdm:sourceSchema'] });
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

  async deleteDescriptor(id: string): Promise<void> {
    await this.http.send({ method: 'DELETE', service: 'schemaregistry', path: `/tenant/descriptors/${encodeURIComponent(id)}` });
  }
}
