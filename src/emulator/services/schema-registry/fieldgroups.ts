// Tenant field groups (https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/field-groups; `/tenant/mixins` is the deprecated alias): the custom fields a
// schema adds to its class, all under the tenant's own top-level field `_{tenantId}`. Their `$id` is under
// `/mixins/`. A field group in use by a schema cannot be deleted. `PATCH` (JSON Patch, as the field groups guide
// documents) changes title, description, definitions and allOf; once a schema uses the field group, only
// additive changes are allowed: every field keeps its path and type (the registry's rule for schemas in use).

import { fail, registryError } from '../../errors.js';
import { ok, type EmulatorRequest, type Reply } from '../../http-types.js';
import { newRegistryHex } from '../../ids.js';
import { publicView, type Json, type ResourceRecord } from '../../records.js';
import type { ServiceDeps } from '../../service.js';
import { altIdOf, badRequest, bodyObject, isObject, nextMinor, notFound, patchedResource, registryMetadata } from './common.js';
import { inlineSchemaFields } from './fields.js';
import { findAny, findTenant, tenantResources } from './resources.js';
import { checkTitle } from './schemas.js';

const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array']);
const FORMATS = new Set(['date', 'date-time', 'email', 'uri', 'uri-reference', 'hostname', 'ipv4', 'ipv6', 'uuid', 'regex']);

function xdmTypeOf(field: Json): string {
  const type = field['type'];
  if (type === 'string' && (field['format'] === 'date' || field['format'] === 'date-time')) return field['format'];
  if (type === 'integer') return 'int';
  if (type === 'object' && !isObject(field['properties']) && isObject(field['additionalProperties'])) return 'map';
  return String(type);
}

/** Checks one field definition and returns it with `meta:xdmType` filled in, as the registry stores it. */
function normaliseField(sandbox: EmulatorRequest['sandbox'], field: unknown, path: string): Json {
  if (!isObject(field)) return fail(badRequest(`Field ${path} must be an object`));
  const ref = field['$ref'];
  if (typeof ref === 'string') {
    const target = findAny(sandbox, ref);
    if (!target || target['meta:resourceType'] !== 'datatypes') fail(badRequest(`Field ${path} refers to ${ref}, which is not a known data type`));
    return { type: 'object', 'meta:xdmType': 'object', ...field };
  }
  const type = field['type'];
  if (typeof type !== 'string' || !TYPES.has(type)) fail(badRequest(`Field ${path} needs a type: one of ${[...TYPES].join(', ')}`));
  const format = field['format'];
  if (format !== undefined && (type !== 'string' || typeof format !== 'string' || !FORMATS.has(format))) {
    fail(badRequest(`Field ${path} has an unsupported format ${JSON.stringify(format)}; string fields may use ${[...FORMATS].join(', ')}`));
  }
  if (field['enum'] !== undefined && !Array.isArray(field['enum'])) fail(badRequest(`Field ${path}: enum must be an array`));
  const out: Json = { ...field, 'meta:xdmType': typeof field['meta:xdmType'] === 'string' ? field['meta:xdmType'] : xdmTypeOf(field) };
  if (type === 'object') {
    if (isObject(field['properties'])) out['properties'] = normaliseProperties(sandbox, field['properties'], path);
    else if (isObject(field['additionalProperties'])) out['additionalProperties'] = normaliseField(sandbox, field['additionalProperties'], `${path}.*`);
    else fail(badRequest(`Field ${path} is an object without properties`));
  }
  if (type === 'array') {
    if (!isObject(field['items'])) fail(badRequest(`Field ${path} is an array without items`));
    out['items'] = normaliseField(sandbox, field['items'], `${path}[]`);
  }
  return out;
}

function normaliseProperties(sandbox: EmulatorRequest['sandbox'], properties: Json, prefix: string): Json {
  const out: Json = {};
  for (const [name, field] of Object.entries(properties)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) fail(badRequest(`Field name "${name}" (under ${prefix || 'the root'}) may only hold letters, digits and underscores`));
    out[name] = normaliseField(sandbox, field, prefix === '' ? name : `${prefix}.${name}`);
  }
  return out;
}

export function fieldGroupRoutes(deps: ServiceDeps) {
  const namespace = `_${deps.tenantId}`;

  function validate(request: EmulatorRequest, body: Json, self?: string): { definitions: Json; allOf: Json[]; intended: string[]; title: string; description: string | undefined } {
    if (body['type'] !== 'object') fail(badRequest('type is required and must be "object"'));
    const title = checkTitle(request.sandbox, body['title'], request, self);
    const description = body['description'];
    if (description !== undefined && typeof description !== 'string') fail(badRequest('description must be a string'));
    const intended = body['meta:intendedToExtend'];
    if (!Array.isArray(intended) || intended.length === 0 || intended.some((c) => typeof c !== 'string')) {
      fail(badRequest('meta:intendedToExtend is required: the $id of each class this field group is meant for, e.g. ["https://ns.adobe.com/xdm/context/profile"]'));
    }
    for (const classId of intended as string[]) {
      if (findAny(request.sandbox, classId)?.['meta:resourceType'] !== 'classes') fail(badRequest(`meta:intendedToExtend names ${classId}, which is not a known class`));
    }
    if (body['properties'] !== undefined) fail(badRequest('Fields of a field group go under definitions.<name>.properties, referenced from allOf'));
    const definitions = customDefinitions(request, body['definitions'], namespace);
    const rawAllOf = body['allOf'] ?? Object.keys(definitions).map((name) => ({ $ref: `#/definitions/${name}` }));
    if (!Array.isArray(rawAllOf)) return fail(badRequest('allOf must be an array of {"$ref": …}'));
    const allOf = rawAllOf.map((entry): Json => {
      const ref = isObject(entry) ? entry['$ref'] : undefined;
      if (typeof ref !== 'string') return fail(badRequest('Each allOf entry must be {"$ref": "#/definitions/<name>" or a data type or field group $id}'));
      if (ref.startsWith('#/definitions/')) {
        if (!isObject(definitions[ref.slice('#/definitions/'.length)])) fail(badRequest(`allOf references ${ref}, which is not in definitions`));
      } else if (!findAny(request.sandbox, ref)) {
        fail(badRequest(`allOf references ${ref}, which does not exist`));
      }
      return { $ref: ref, type: 'object', 'meta:xdmType': 'object' };
    });
    return { definitions, allOf, intended: intended as string[], title, description: description as string | undefined };
  }

  async function create(request: EmulatorRequest): Promise<Reply> {
    const v = validate(request, bodyObject(request));
    const $id = `https://ns.adobe.com/${deps.tenantId}/mixins/${newRegistryHex()}`;
    const info = request.sandbox.info;
    const content: Json = {
      $id,
      'meta:altId': altIdOf($id),
      'meta:resourceType': 'mixins',
      version: '1.0',
      title: v.title,
      type: 'object',
      description: v.description ?? '',
      definitions: v.definitions,
      allOf: v.allOf,
      refs: v.allOf.map((a) => a['$ref'] as string).filter((r) => !r.startsWith('#')),
      imsOrg: request.caller.orgId,
      'meta:extensible': true,
      'meta:abstract': true,
      'meta:intendedToExtend': v.intended,
      'meta:xdmType': 'object',
      'meta:containerId': 'tenant',
      'meta:sandboxId': info.id,
      'meta:sandboxType': info.type,
      'meta:tenantNamespace': `_${deps.tenantId}`,
    };
    const record: ResourceRecord = { id: altIdOf($id), ...content, 'meta:registryMetadata': registryMetadata(request.now, request.now, request.caller.clientId, content) };
    await request.sandbox.collection<ResourceRecord>('fieldgroups').put(record);
    return ok(publicView(record, { keepId: false }), 201);
  }

  const PATCHABLE = new Set(['title', 'description', 'definitions', 'allOf']);

  async function patch(request: EmulatorRequest, { id = '' }: Record<string, string>): Promise<Reply> {
    const existing = findTenant(request.sandbox, 'fieldgroups', id) ?? fail(notFound(id, request));
    const before = publicView(existing, { keepId: false });
    const patched = patchedResource(before, request.body, PATCHABLE, 'field group');
    const v = validate(request, patched, existing['$id'] as string);
    if (usersOf(request, existing).length > 0) checkAdditive(existing['definitions'] as Json, v.definitions);
    const content: Json = { ...existing, version: nextMinor(existing['version']), title: v.title, description: v.description ?? '', definitions: v.definitions, allOf: v.allOf };
    content['refs'] = v.allOf.map((a) => a['$ref'] as string).filter((r) => !r.startsWith('#'));
    const { id: _id, 'meta:registryMetadata': metadata, ...rest } = content;
    const created = (metadata as Json | undefined)?.['repo:createdDate'];
    const record: ResourceRecord = { id: existing.id, ...rest, 'meta:registryMetadata': registryMetadata(typeof created === 'number' ? created : request.now, request.now, request.caller.clientId, rest) };
    await request.sandbox.collection<ResourceRecord>('fieldgroups').put(record);
    return ok(publicView(record, { keepId: false }));
  }

  /** The schemas that use a field group. */
  function usersOf(request: EmulatorRequest, fieldGroup: ResourceRecord): ResourceRecord[] {
    return tenantResources(request.sandbox, 'schemas').filter((s) => Array.isArray(s['allOf']) && (s['allOf'] as Json[]).some((a) => a['$ref'] === fieldGroup['$id']));
  }

  async function remove(request: EmulatorRequest, { id = '' }: Record<string, string>): Promise<Reply> {
    const existing = findTenant(request.sandbox, 'fieldgroups', id) ?? fail(notFound(id, request));
    const users = usersOf(request, existing);
    if (users.length > 0) {
      return fail(badRequest(`Field group ${String(existing['$id'])} cannot be deleted: schema ${users.map((s) => String(s['$id'])).join(', ')} uses it`));
    }
    await request.sandbox.collection<ResourceRecord>('fieldgroups').delete(existing.id);
    return { status: 204 };
  }

  return { create, patch, remove };
}

/**
 * A field group's (or a class's) `definitions`, checked and with `meta:xdmType` filled in: every field must be
 * under the tenant's own top-level field (`XDM-1021-400` otherwise).
 */
export function customDefinitions(request: EmulatorRequest, raw: unknown, namespace: string): Json {
  const rawDefinitions = raw ?? {};
  if (!isObject(rawDefinitions)) return fail(badRequest('definitions must be an object'));
  const topLevel: string[] = [];
  const definitions: Json = {};
  for (const [name, definition] of Object.entries(rawDefinitions)) {
    if (!isObject(definition) || !isObject(definition['properties'])) fail(badRequest(`definitions.${name} must be an object with properties`));
    const properties = (definition as Json)['properties'] as Json;
    topLevel.push(...Object.keys(properties));
    definitions[name] = { ...definition, properties: normaliseProperties(request.sandbox, properties, '') };
  }
  const foreign = [...new Set(topLevel.filter((n) => n !== namespace))];
  if (foreign.length > 0) {
    fail(
      registryError(
        '1021-400',
        'Namespace validation error',
        `For custom fields, you must use a top level field named ${namespace}; all custom fields must be defined under it. Not allowed at the top level: ${foreign.join(', ')}`,
        request.requestId,
      ),
    );
  }
  for (const name of Object.keys(definitions)) {
    const tenantField = ((definitions[name] as Json)['properties'] as Json)[namespace];
    if (isObject(tenantField) && tenantField['type'] !== 'object') fail(badRequest(`${namespace} must be an object holding the custom fields`));
  }
  return definitions;
}

/** The leaf fields of a field group's definitions, as `path:type:format`. */
function leafKeys(definitions: Json): Set<string> {
  const keys = new Set<string>();
  for (const definition of Object.values(definitions)) {
    if (!isObject(definition) || !isObject(definition['properties'])) continue;
    for (const f of inlineSchemaFields(definition['properties'] as Record<string, Json>)) keys.add(`${f.path}:${f.type}:${f.format ?? ''}`);
  }
  return keys;
}

/** A field group in use may only gain fields: one that loses or retypes a field is refused, naming it. */
function checkAdditive(before: Json, after: Json): void {
  const kept = leafKeys(after);
  const lost = [...leafKeys(before)].filter((k) => !kept.has(k)).map((k) => k.split(':')[0] as string);
  if (lost.length > 0) {
    fail(badRequest(`Breaking change refused: the field group is used by a schema, so fields can only be added, not removed or retyped (would remove or change ${lost.slice(0, 5).join(', ')})`));
  }
}
