// A mapping set body in either shape (documented: https://experienceleague.adobe.com/en/docs/experience-platform/data-prep/api/mapping-set;
// legacy: the database dataflow tutorial, https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/database-nosql),
// normalised to one:
//   documented  {outputSchema:{schemaRef:{id,contentType}}, mappings:[{sourceType, source, destination, name?}]}
//   legacy      {xdmSchema, xdmVersion, id:null, version:0, mappings:[{sourceAttribute, destinationXdmPath, identity, …}]}
// Every destination must be a leaf field of the schema (as the Schema Registry resolves it).

import { fail, problem } from '../../errors.js';
import type { EmulatorRequest } from '../../http-types.js';
import { findSchema, type Json, type ResourceRecord, type SchemaField } from '../../records.js';
import { inlineSchemaFields, resolveSchemaFields } from '../schema-registry/fields.js';

export type SourceType = 'ATTRIBUTE' | 'EXPRESSION' | 'STATIC';

/** On read the service names source types by MIME-like strings; both spellings are accepted on write. */
export const SOURCE_TYPE_ON_READ: Record<SourceType, string> = { ATTRIBUTE: 'text/x.schema-path', EXPRESSION: 'text/x.aep-xl', STATIC: 'STATIC' };
const SOURCE_TYPES: Record<string, SourceType> = {
  ATTRIBUTE: 'ATTRIBUTE',
  EXPRESSION: 'EXPRESSION',
  STATIC: 'STATIC',
  'text/x.schema-path': 'ATTRIBUTE',
  'text/x.aep-xl': 'EXPRESSION',
};

const DOT_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
export const DEFAULT_CONTENT_TYPE = 'application/vnd.adobe.xed-full+json;version=1';

export interface Mapping {
  sourceType: SourceType;
  source: string;
  destination: string;
  name?: string;
  description?: string;
  identity?: boolean;
  identityGroup?: unknown;
  namespaceCode?: unknown;
}

/** One mapping as sent, checked: the normalised mapping, or why it fails (and what to echo in the error). */
export interface CheckedMapping {
  mapping: Mapping | undefined;
  errors: string[];
  echo: { source: string; destination: string; sourceType: SourceType | undefined };
}

export interface MappingSetInput {
  schema: ResourceRecord;
  /** The schema's leaf fields, as the runner converts to them. */
  fields: SchemaField[];
  contentType: string;
  xdmVersion: string;
  extras: Json;
  mappings: CheckedMapping[];
}

export const invalid = (detail: string) => problem(400, 'Invalid mapping set request', detail);

export const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function checkMapping(raw: unknown, index: number, fields: Map<string, string>, schemaId: string, seen: Set<string>): CheckedMapping {
  if (!isObject(raw)) return { mapping: undefined, errors: [`mappings[${index}] is not an object`], echo: { source: '', destination: '', sourceType: undefined } };
  const errors: string[] = [];
  const source = text(raw['source']) ?? text(raw['sourceAttribute']);
  const destination = text(raw['destination']) ?? text(raw['destinationXdmPath']);
  const rawType = raw['sourceType'] ?? 'ATTRIBUTE';
  const sourceType = typeof rawType === 'string' ? SOURCE_TYPES[rawType] : undefined;
  const echo = { source: source ?? '', destination: destination ?? '', sourceType };
  if (raw['source'] !== undefined && raw['sourceAttribute'] !== undefined && raw['source'] !== raw['sourceAttribute']) errors.push('source and sourceAttribute differ');
  if (raw['destination'] !== undefined && raw['destinationXdmPath'] !== undefined && raw['destination'] !== raw['destinationXdmPath']) {
    errors.push('destination and destinationXdmPath differ');
  }
  if (!sourceType) errors.push(`sourceType ${JSON.stringify(rawType)} is not one of ATTRIBUTE, EXPRESSION, STATIC`);
  if (source === undefined || (source.trim() === '' && sourceType !== 'STATIC')) errors.push('source (or the legacy sourceAttribute) is required');
  if (destination === undefined || destination.trim() === '') {
    errors.push('destination (or the legacy destinationXdmPath) is required');
  } else if (!DOT_PATH.test(destination)) {
    errors.push(`Destination ${destination} is not a dot path into the schema (person.name.fullName)`);
  } else if (!fields.has(destination)) {
    const under = [...fields.keys()].filter((p) => p.startsWith(`${destination}.`));
    errors.push(
      under.length > 0
        ? `Destination ${destination} is an object in schema ${schemaId}; map to one of its fields (${under.slice(0, 3).join(', ')}, …)`
        : `Destination ${destination} is not a field of schema ${schemaId}`,
    );
  } else if (seen.has(destination)) {
    errors.push(`Destination ${destination} is mapped more than once`);
  }
  if (destination !== undefined) seen.add(destination);
  for (const key of ['name', 'description'] as const) if (raw[key] !== undefined && typeof raw[key] !== 'string') errors.push(`${key} must be a string`);
  if (raw['identity'] !== undefined && typeof raw['identity'] !== 'boolean') errors.push('identity must be true or false');
  if (errors.length > 0 || !sourceType || source === undefined || destination === undefined) return { mapping: undefined, errors, echo };
  const mapping: Mapping = { sourceType, source, destination };
  if (typeof raw['name'] === 'string') mapping.name = raw['name'];
  if (typeof raw['description'] === 'string') mapping.description = raw['description'];
  if (typeof raw['identity'] === 'boolean') mapping.identity = raw['identity'];
  if (raw['identityGroup'] !== undefined) mapping.identityGroup = raw['identityGroup'];
  if (raw['namespaceCode'] !== undefined) mapping.namespaceCode = raw['namespaceCode'];
  return { mapping, errors, echo };
}

/**
 * Reads either shape — the request body, or the `mappingSet` a preview nests in it; fails (400) on what makes
 * the whole body unusable, and leaves per-mapping problems to the caller.
 */
/**
 * The target schema and its leaf fields: a stored schema named by `outputSchema.schemaRef.id` (or the legacy
 * `xdmSchema`), or — where `inline` is allowed (preview) — a JSON schema given in `outputSchema.jsonSchema`
 * (the OpenAPI's SchemaRepresentation), for a schema that does not exist yet.
 */
function targetSchema(request: EmulatorRequest, body: Json, inline: boolean): { schema: ResourceRecord; fields: SchemaField[]; documented: Json | undefined; topRef: Json | undefined } {
  const outputSchema = body['outputSchema'];
  const documented = isObject(outputSchema) && isObject(outputSchema['schemaRef']) ? (outputSchema['schemaRef'] as Json) : undefined;
  const topRef = isObject(body['schemaRef']) ? (body['schemaRef'] as Json) : undefined;
  const candidates = [text(documented?.['id']), text(topRef?.['id']), text(body['xdmSchema'])].filter((c): c is string => c !== undefined && c !== '');
  const [schemaId] = candidates;
  const jsonSchema = isObject(outputSchema) && isObject(outputSchema['jsonSchema']) ? (outputSchema['jsonSchema'] as Json) : undefined;
  if (schemaId === undefined && inline && jsonSchema !== undefined) {
    if (!isObject(jsonSchema['properties'])) return fail(invalid('outputSchema.jsonSchema must be a JSON schema with properties'));
    const schema: ResourceRecord = { id: 'inline', $id: 'the inline outputSchema.jsonSchema', ...jsonSchema };
    return { schema, fields: inlineSchemaFields(jsonSchema['properties'] as Record<string, Json>), documented, topRef };
  }
  if (schemaId === undefined) {
    return fail(invalid(`outputSchema.schemaRef.id (or the legacy xdmSchema) is required: the $id of the target XDM schema${inline ? ' (or an inline outputSchema.jsonSchema)' : ''}`));
  }
  const schema = findSchema(request.sandbox, schemaId) ?? fail(invalid(`Schema ${schemaId} does not exist in sandbox ${request.sandbox.info.name}`));
  if (candidates.some((c) => findSchema(request.sandbox, c) !== schema)) return fail(invalid(`outputSchema.schemaRef.id and xdmSchema name different schemas (${[...new Set(candidates)].join(', ')})`));
  return { schema, fields: resolveSchemaFields(request.sandbox, schema), documented, topRef };
}

export function readMappingSet(request: EmulatorRequest, body: unknown = request.body, what = 'The request body', options: { inlineSchema?: boolean } = {}): MappingSetInput {
  if (!isObject(body)) return fail(invalid(`${what} must be a JSON object`));
  const { schema, fields: schemaFields, documented, topRef } = targetSchema(request, body, options.inlineSchema === true);
  if (!Array.isArray(body['mappings'])) return fail(invalid('mappings must be an array of {sourceType, source, destination}'));
  for (const key of ['name', 'description'] as const) if (body[key] !== undefined && typeof body[key] !== 'string') fail(invalid(`${key} must be a string`));
  if (body['allowNullValues'] !== undefined && typeof body['allowNullValues'] !== 'boolean') fail(invalid('allowNullValues must be true or false'));
  const schemaUri = schema['$id'] as string;
  const fields = new Map(schemaFields.map((f) => [f.path, f.type]));
  const seen = new Set<string>();
  const mappings = (body['mappings'] as unknown[]).map((m, i) => checkMapping(m, i, fields, schemaUri, seen));
  const extras: Json = {};
  for (const key of ['name', 'description', 'inputSchema', 'allowNullValues', 'tags'] as const) if (body[key] !== undefined) extras[key] = body[key];
  return {
    schema,
    fields: schemaFields,
    contentType: text(documented?.['contentType']) ?? text(topRef?.['contentType']) ?? DEFAULT_CONTENT_TYPE,
    xdmVersion: text(body['xdmVersion']) ?? '1.0',
    extras,
    mappings,
  };
}

/** For create and update: every mapping must pass, else 400 naming the first problems. */
export function requireValid(input: MappingSetInput): Mapping[] {
  const problems = input.mappings.flatMap((m, i) => m.errors.map((e) => `mappings[${i}]: ${e}`));
  if (problems.length > 0) fail(invalid(problems.slice(0, 10).join('; ')));
  return input.mappings.map((m) => m.mapping as Mapping);
}
