// Schema Registry (`/data/foundation/schemaregistry`): the tenant id and tenant schemas (platform-api.md §4).
// GETs must say which representation they want in `Accept`: lists take no version, lookups need one.

import type { PlatformHttp, PlatformRequest } from './http.js';
import { registryPathId } from './ids.js';
import { parseRequest, parseResponse } from './models/common.js';
import { Schema, SchemaCreate, SchemaSummary, TenantStats } from './models/schema-registry.js';
import { paginate, registryPages } from './paginate.js';
import { dryRunUuid } from './dry-run.js';

export const ACCEPT = {
  /** Lists: ids and titles only. */
  list: 'application/vnd.adobe.xed-id+json',
  /** Lookup of one resource as stored (`$ref`s kept). */
  raw: 'application/vnd.adobe.xed+json; version=1',
  /** Lookup with every reference resolved. */
  full: 'application/vnd.adobe.xed-full+json; version=1',
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
}
