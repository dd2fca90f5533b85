// Tenant schemas (https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/schemas): POST creates one from a class and field groups, PUT rewrites it,
// PATCH applies JSON Patch (`add /allOf/-`, `add /meta:immutableTags`), DELETE removes it unless a dataset
// uses it. A schema is stored keyed by its `meta:altId`.

import { fail, registryError } from '../../errors.js';
import { ok, type EmulatorRequest, type Reply } from '../../http-types.js';
import { newRegistryHex } from '../../ids.js';
import { datasetSchemaId, publicView, type Json, type ResourceRecord } from '../../records.js';
import type { SandboxState } from '../../store.js';
import type { ServiceDeps } from '../../service.js';
import { altIdOf, badRequest, bodyObject, isObject, nextMinor, notFound, patchedResource, registryMetadata, titleNotUnique } from './common.js';
import { resolveSchemaFields } from './fields.js';
import { lookupIn, resolvedProperties } from './resolve.js';
import { findAny, findTenant, tenantResources } from './resources.js';

interface Composition {
  allOf: Json[];
  refs: string[];
  classId: string;
  extends: string[];
}

/** `allOf` must name exactly one class and any number of field groups meant for that class. */
export function compose(sandbox: SandboxState, allOf: unknown): Composition {
  if (!Array.isArray(allOf) || allOf.length === 0) fail(badRequest('allOf must list one class and zero or more field groups, as [{"$ref": "<$id>"}]'));
  const refs: string[] = [];
  for (const entry of allOf) {
    const ref = isObject(entry) ? entry['$ref'] : undefined;
    if (typeof ref !== 'string' || ref.trim() === '') fail(badRequest('Each allOf entry must be {"$ref": "<$id of a class or field group>"}'));
    if (refs.includes(ref)) fail(badRequest(`allOf lists ${ref} twice`));
    refs.push(ref);
  }
  const classes: ResourceRecord[] = [];
  const fieldGroups: ResourceRecord[] = [];
  for (const ref of refs) {
    const target = findAny(sandbox, ref);
    if (!target) fail(badRequest(`allOf references ${ref}, which does not exist in this sandbox`));
    const type = target['meta:resourceType'];
    if (type === 'classes') classes.push(target);
    else if (type === 'mixins') fieldGroups.push(target);
    else fail(badRequest(`allOf references ${ref}, which is a ${String(type)} resource, not a class or field group`));
  }
  const [klass] = classes;
  if (classes.length !== 1 || !klass) fail(badRequest(`A schema extends exactly one class; allOf lists ${classes.length}`));
  const classId = klass['$id'] as string;
  for (const group of fieldGroups) {
    const intended = Array.isArray(group['meta:intendedToExtend']) ? (group['meta:intendedToExtend'] as unknown[]) : [];
    if (intended.length > 0 && !intended.includes(classId)) {
      fail(badRequest(`Field group ${String(group['$id'])} is not compatible with class ${classId}: its meta:intendedToExtend is ${JSON.stringify(intended)}`));
    }
  }
  const extendsOf = (r: ResourceRecord) => (Array.isArray(r['meta:extends']) ? (r['meta:extends'] as string[]) : []);
  const all = [classId, ...extendsOf(klass), ...fieldGroups.flatMap((g) => [g['$id'] as string, ...extendsOf(g)])];
  // The class first, as the registry lists it.
  const ordered = [classId, ...refs.filter((r) => r !== classId)];
  return {
    allOf: ordered.map(($ref) => ({ $ref, type: 'object', 'meta:xdmType': 'object' })),
    refs: ordered,
    classId,
    extends: [...new Set(all)],
  };
}

/** Titles are unique across the sandbox's tenant schemas, field groups and classes. */
export function checkTitle(sandbox: SandboxState, title: unknown, request: EmulatorRequest, self?: string): string {
  if (typeof title !== 'string' || title.trim() === '') fail(badRequest('title is required and must be a non-empty string'));
  const all = [...tenantResources(sandbox, 'schemas'), ...tenantResources(sandbox, 'fieldgroups'), ...tenantResources(sandbox, 'classes')];
  const clash = all.find((r) => r['title'] === title && r['$id'] !== self);
  if (clash) fail(titleNotUnique(clash['$id'] as string, request));
  return title;
}

/** `union` in `meta:immutableTags` needs an identityMap or a primary identity descriptor (XDM-1528-400). */
function checkTags(sandbox: SandboxState, schema: Json, request: EmulatorRequest, before: unknown): void {
  const tags = schema['meta:immutableTags'];
  const previous = Array.isArray(before) ? (before as unknown[]) : [];
  if (tags === undefined) {
    if (previous.length > 0) fail(badRequest('meta:immutableTags cannot be removed once set'));
    return;
  }
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) fail(badRequest('meta:immutableTags must be an array of strings, e.g. ["union"]'));
  for (const tag of previous) if (!tags.includes(tag)) fail(badRequest(`meta:immutableTags cannot lose "${String(tag)}" once set`));
  if (!tags.includes('union') || previous.includes('union')) return;
  const identityMap = resolvedProperties(schema, lookupIn(sandbox))['identityMap'];
  const primary = sandbox
    .collection<ResourceRecord>('descriptors')
    .all()
    .some((d) => d['@type'] === 'xdm:descriptorIdentity' && d['xdm:sourceSchema'] === schema['$id'] && d['xdm:isPrimary'] === true);
  if (!identityMap && !primary) {
    fail(registryError('1528-400', 'Union descriptor validation error', 'To participate in a union, a schema must include an identityMap fieldgroup or a primary identity descriptor.', request.requestId));
  }
}

/** Datasets in the sandbox whose schemaRef names this schema. */
export function datasetsUsing(sandbox: SandboxState, schema: Json): ResourceRecord[] {
  return sandbox
    .collection<ResourceRecord>('dataSets')
    .all()
    .filter((d) => {
      const id = datasetSchemaId(d);
      return id !== undefined && (id === schema['$id'] || id === schema['meta:altId']);
    });
}

/** Once a dataset uses a schema, changes may only add fields (schema evolution). */
function checkEvolution(sandbox: SandboxState, before: ResourceRecord, after: ResourceRecord): void {
  const users = datasetsUsing(sandbox, before);
  if (users.length === 0 && !(Array.isArray(before['meta:immutableTags']) && before['meta:immutableTags'].includes('union'))) return;
  const kept = new Set(resolveSchemaFields(sandbox, after).map((f) => `${f.path}:${f.type}:${f.format ?? ''}`));
  const lost = resolveSchemaFields(sandbox, before).filter((f) => !kept.has(`${f.path}:${f.type}:${f.format ?? ''}`));
  if (before['meta:class'] !== after['meta:class'] || lost.length > 0) {
    const why = users.length > 0 ? `dataset ${users[0]?.id ?? ''} uses it` : 'it is enabled for Profile';
    fail(badRequest(`Breaking change refused: ${why}, so fields can only be added (would remove ${lost.slice(0, 5).map((f) => f.path).join(', ') || 'the class'})`));
  }
}

type Validated = { title: string; description: string; composition: Composition };

function validateBody(request: EmulatorRequest, body: Json, self?: string): Validated {
  // Every schema is an object schema, stored with "type": "object". Adobe's Python client aepp
  // (schema.py createProfileSchema/createExperienceEventSchema, schemamanager.py SchemaManager.createSchema)
  // leaves `type` out and the Platform creates the schema all the same; another type is still refused.
  if (body['type'] !== undefined && body['type'] !== 'object') fail(badRequest('type must be "object" (or left out): a schema is an object schema'));
  const title = checkTitle(request.sandbox, body['title'], request, self);
  const description = body['description'];
  if (typeof description !== 'string') fail(badRequest('description is required and must be a string'));
  return { title, description, composition: compose(request.sandbox, body['allOf']) };
}

/** Sets `meta:registryMetadata` afresh, keeping the creation date and creating client across rewrites. */
function stamp(request: EmulatorRequest, record: ResourceRecord, created: number, createdClient?: unknown): ResourceRecord {
  const { 'meta:registryMetadata': _old, ...content } = record;
  const metadata = registryMetadata(created, request.now, request.caller.clientId, content);
  if (typeof createdClient === 'string') {
    metadata['xdm:createdClientId'] = createdClient;
    metadata['xdm:createdUserId'] = `${createdClient}@techacct.adobe.com`;
  }
  return { ...record, 'meta:registryMetadata': metadata };
}

function build(tenantId: string, request: EmulatorRequest, $id: string, version: string, v: Validated, extra: Json): ResourceRecord {
  const info = request.sandbox.info;
  return {
    id: altIdOf($id),
    $id,
    'meta:altId': altIdOf($id),
    'meta:resourceType': 'schemas',
    version,
    title: v.title,
    type: 'object',
    description: v.description,
    allOf: v.composition.allOf,
    refs: v.composition.refs,
    imsOrg: request.caller.orgId,
    'meta:extensible': false,
    'meta:abstract': false,
    'meta:extends': v.composition.extends,
    'meta:xdmType': 'object',
    ...extra,
    // After `extra`, so these can never be overridden by it.
    'meta:class': v.composition.classId,
    'meta:containerId': 'tenant',
    'meta:sandboxId': info.id,
    'meta:sandboxType': info.type,
    'meta:tenantNamespace': `_${tenantId}`,
  };
}

const find = (request: EmulatorRequest, id: string): ResourceRecord => findTenant(request.sandbox, 'schemas', id) ?? fail(notFound(id, request));
const created = (r: ResourceRecord) => Number((r['meta:registryMetadata'] as Json | undefined)?.['repo:createdDate'] ?? 0);
const createdClient = (r: ResourceRecord) => (r['meta:registryMetadata'] as Json | undefined)?.['xdm:createdClientId'];

async function create(tenantId: string, request: EmulatorRequest): Promise<Reply> {
  const body = bodyObject(request);
  const v = validateBody(request, body);
  const $id = `https://ns.adobe.com/${tenantId}/schemas/${newRegistryHex()}`;
  const record = stamp(request, build(tenantId, request, $id, '1.0', v, {}), request.now);
  await request.sandbox.collection<ResourceRecord>('schemas').put(record);
  return ok(publicView(record, { keepId: false }), 201);
}

async function replace(tenantId: string, request: EmulatorRequest, { id = '' }: Record<string, string>): Promise<Reply> {
  const existing = find(request, id);
  const body = bodyObject(request);
  const v = validateBody(request, body, existing['$id'] as string);
  const tags = existing['meta:immutableTags'];
  const next = build(tenantId, request, existing['$id'] as string, nextMinor(existing['version']), v, tags === undefined ? {} : { 'meta:immutableTags': tags });
  checkEvolution(request.sandbox, existing, next);
  const record = stamp(request, next, created(existing), createdClient(existing));
  await request.sandbox.collection<ResourceRecord>('schemas').put(record);
  return ok(publicView(record, { keepId: false }));
}

const PATCHABLE = new Set(['title', 'description', 'allOf', 'meta:immutableTags']);

async function patch(tenantId: string, request: EmulatorRequest, { id = '' }: Record<string, string>): Promise<Reply> {
  const existing = find(request, id);
  const before = publicView(existing, { keepId: false });
  const patched = patchedResource(before, request.body, PATCHABLE, 'schema');
  const v = validateBody(request, patched, existing['$id'] as string);
  const tags = patched['meta:immutableTags'];
  const next = build(tenantId, request, existing['$id'] as string, nextMinor(existing['version']), v, tags === undefined ? {} : { 'meta:immutableTags': tags });
  checkTags(request.sandbox, next, request, existing['meta:immutableTags']);
  checkEvolution(request.sandbox, existing, next);
  const record = stamp(request, next, created(existing), createdClient(existing));
  await request.sandbox.collection<ResourceRecord>('schemas').put(record);
  return ok(publicView(record, { keepId: false }));
}

async function remove(request: EmulatorRequest, { id = '' }: Record<string, string>): Promise<Reply> {
  const existing = find(request, id);
  const users = datasetsUsing(request.sandbox, existing);
  if (users.length > 0) {
    const names = users.map((d) => `${d.id}${typeof d['name'] === 'string' ? ` (${d['name']})` : ''}`).join(', ');
    return fail(badRequest(`Schema ${String(existing['$id'])} cannot be deleted: it is used by dataset ${names}. Delete the dataset first.`));
  }
  // A schema's descriptors go with it.
  const descriptors = request.sandbox.collection<ResourceRecord>('descriptors');
  for (const d of descriptors.all()) if (d['xdm:sourceSchema'] === existing['$id']) await descriptors.delete(d.id);
  await request.sandbox.collection<ResourceRecord>('schemas').delete(existing.id);
  return { status: 204 };
}

/** The schema handlers, bound to the tenant whose namespace new schemas' `$id`s use. */
export function schemaRoutes(deps: ServiceDeps) {
  return {
    create: (request: EmulatorRequest) => create(deps.tenantId, request),
    replace: (request: EmulatorRequest, params: Record<string, string>) => replace(deps.tenantId, request, params),
    patch: (request: EmulatorRequest, params: Record<string, string>) => patch(deps.tenantId, request, params),
    remove,
  };
}
