// Schema Registry (`/data/foundation/schemaregistry`): the tenant id, tenant schemas, field groups and
// descriptors (platform-api.md §4). GETs must say which representation they want in `Accept`: lists take no
// version, lookups need one, descriptor lists use the `xdm` media types.

import type { PlatformHttp, PlatformRequest } from './http.js';
import { registryPathId, schemaUri } from './ids.js';
import { parseRequest, parseResponse } from './models/common.js';
import { PatchDocument, type PatchOperation } from './models/flow-service.js';
import {
  Descriptor,
  DescriptorCreate,
  DescriptorGroups,
  FieldGroup,
  FieldGroupCreate,
  FieldGroupSummary,
  Schema,
  SchemaCreate,
  SchemaSummary,
  TenantStats,
} from './models/schema-registry.js';
import { paginate, registryPages } from './paginate.js';
import { dryRunDescriptorId, dryRunUuid } from './dry-run.js';

export const ACCEPT = {
  /** Lists: ids and titles only. */
  list: 'application/vnd.adobe.xed-id+json',
  /** Lookup of one resource as stored (`$ref`s kept). */
  raw: 'application/vnd.adobe.xed+json; version=1',
  /** Lookup with every reference resolved. */
  full: 'application/vnd.adobe.xed-full+json; version=1',
  /** Descriptor lists, whole descriptors grouped by `@type`. */
  descriptors: 'application/vnd.adobe.xdm+json',
} as const;

const CLOCK_SKEW_MS = 120_000;

export class SchemaRegistry {
  constructor(private readonly http: PlatformHttp, private readonly now: () => number = Date.now) {}

  async stats(): Promise<TenantStats> {
    const request: PlatformRequest = { method: 'GET', service: 'schemaregistry', path: '/stats', headers: { Accept: 'application/json' } };
    return parseResponse(TenantStats, (await this.http.send(request)).data, request);
  }

  async getSchema(id: string, representation: 'raw' | 'full' = 'raw'): Promise<Schema> {
    const request: PlatformRequest = {
      method: 'GET',
      service: 'schemaregistry',
      path: `/tenant/schemas/${registryPathId(id)}`,
      headers: { Accept: ACCEPT[representation] },
    };
    return parseResponse(Schema, (await this.http.send(request)).data, request);
  }

  async *listSchemas(options: { maxItems: number; title?: string }): AsyncGenerator<SchemaSummary> {
    const request: PlatformRequest = {
      method: 'GET',
      service: 'schemaregistry',
      path: '/tenant/schemas',
      query: {
        // start/limit page only together with orderby (platform-api.md §4.2).
        orderby: 'title',
        limit: Math.min(options.maxItems, 500),
        property: options.title === undefined ? undefined : `title==${options.title}`,
      },
      headers: { Accept: ACCEPT.list },
    };
    let index = 0;
    for await (const item of paginate(this.http, request, registryPages, { maxItems: options.maxItems })) {
      yield parseResponse(SchemaSummary, item, { method: 'GET', path: `/tenant/schemas results[${index++}]` });
    }
  }

  /** Titles are unique per sandbox, so a title finds at most one schema. */
  async findSchemaByTitle(title: string): Promise<SchemaSummary | undefined> {
    for await (const schema of this.listSchemas({ maxItems: 500, title })) if (schema.title === title) return schema;
    return undefined;
  }

  async createSchema(body: SchemaCreate): Promise<Schema> {
    const parsed = parseRequest(SchemaCreate, body);
    const request: PlatformRequest = { method: 'POST', service: 'schemaregistry', path: '/tenant/schemas', body: parsed };
    const startedAt = this.now();
    const response = await this.http.send(request, {
      reconcile: async () => {
        const found = await this.findSchemaByTitle(parsed.title);
        if (!found) return undefined;
        const schema = await this.getSchema(found.$id);
        const created = schema['meta:registryMetadata']?.['repo:createdDate'];
        return created === undefined || created >= startedAt - CLOCK_SKEW_MS ? schema : undefined;
      },
    });
    if (response.dryRun) {
      const hex = dryRunUuid().replace(/-/g, '');
      return { $id: `https://ns.adobe.com/TENANT/schemas/${hex}`, 'meta:altId': `_TENANT.schemas.${hex}`, title: parsed.title };
    }
    return parseResponse(Schema, response.data, request);
  }

  async deleteSchema(id: string): Promise<void> {
    await this.http.send({ method: 'DELETE', service: 'schemaregistry', path: `/tenant/schemas/${registryPathId(id)}` });
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

  async getFieldGroup(id: string, representation: 'raw' | 'full' = 'raw'): Promise<FieldGroup> {
    const request: PlatformRequest = {
      method: 'GET',
      service: 'schemaregistry',
      path: `/tenant/fieldgroups/${registryPathId(id)}`,
      headers: { Accept: ACCEPT[representation] },
    };
    return parseResponse(FieldGroup, (await this.http.send(request)).data, request);
  }

  async *listFieldGroups(options: { maxItems: number; title?: string }): AsyncGenerator<FieldGroupSummary> {
    const request: PlatformRequest = {
      method: 'GET',
      service: 'schemaregistry',
      path: '/tenant/fieldgroups',
      query: {
        orderby: 'title',
        limit: Math.min(options.maxItems, 500),
        property: options.title === undefined ? undefined : `title==${options.title}`,
      },
      headers: { Accept: ACCEPT.list },
    };
    let index = 0;
    for await (const item of paginate(this.http, request, registryPages, { maxItems: options.maxItems })) {
      yield parseResponse(FieldGroupSummary, item, { method: 'GET', path: `/tenant/fieldgroups results[${index++}]` });
    }
  }

  /** Titles are unique across a sandbox's tenant resources, so a title finds at most one field group. */
  async findFieldGroupByTitle(title: string): Promise<FieldGroupSummary | undefined> {
    for await (const group of this.listFieldGroups({ maxItems: 500, title })) if (group.title === title) return group;
    return undefined;
  }

  /** `POST /tenant/fieldgroups` → 201 with the field group (its `$id` is under `/mixins/`). */
  async createFieldGroup(body: FieldGroupCreate): Promise<FieldGroup> {
    const parsed = parseRequest(FieldGroupCreate, body);
    const request: PlatformRequest = { method: 'POST', service: 'schemaregistry', path: '/tenant/fieldgroups', body: parsed };
    const startedAt = this.now();
    const response = await this.http.send(request, {
      reconcile: async () => {
        const found = await this.findFieldGroupByTitle(parsed.title);
        if (!found) return undefined;
        const group = await this.getFieldGroup(found.$id);
        const created = group['meta:registryMetadata']?.['repo:createdDate'];
        return created === undefined || created >= startedAt - CLOCK_SKEW_MS ? group : undefined;
      },
    });
    if (response.dryRun) {
      const hex = dryRunUuid().replace(/-/g, '');
      return { $id: `https://ns.adobe.com/TENANT/mixins/${hex}`, 'meta:altId': `_TENANT.mixins.${hex}`, title: parsed.title };
    }
    return parseResponse(FieldGroup, response.data, request);
  }

  async deleteFieldGroup(id: string): Promise<void> {
    await this.http.send({ method: 'DELETE', service: 'schemaregistry', path: `/tenant/fieldgroups/${registryPathId(id)}` });
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
