// Descriptors (https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/descriptors): metadata about a schema's fields — above all identity descriptors,
// which mark a field (`/_acme/customerId`, `/personalEmail/address`) as an identity of a namespace. Stored
// keyed by their 40-hex `@id`. Lists are grouped by `@type` (or paged with the `-v2` Accept forms).

import { fail } from '../../errors.js';
import { ok, type EmulatorRequest, type Reply } from '../../http-types.js';
import { newDescriptorId } from '../../ids.js';
import { publicView, type Json, type ResourceRecord } from '../../records.js';
import { descriptorListAccept, descriptorLookupAccept } from './accept.js';
import { badRequest, bodyObject, notFound, registryMetadata } from './common.js';
import { fieldAtPointer } from './fields.js';
import { filterByProperty, nextLink, selectPage } from './listing.js';
import { findTenant } from './resources.js';

const TYPES = new Set([
  'xdm:descriptorIdentity',
  'xdm:alternateDisplayInfo',
  'xdm:descriptorReferenceIdentity',
  'xdm:descriptorOneToOne',
  'xdm:descriptorOneToMany',
  'xdm:descriptorManyToMany',
  'xdm:descriptorRelationship',
  'xdm:descriptorPrimaryKey',
  'xdm:descriptorVersion',
  'xdm:descriptorTimestamp',
]);

const collection = (request: EmulatorRequest) => request.sandbox.collection<ResourceRecord>('descriptors');

/** Checks a descriptor body against its schema; returns it with `xdm:sourceSchema` as the schema's `$id`. */
function validate(request: EmulatorRequest, body: Json, self?: string): Json {
  const type = body['@type'];
  if (typeof type !== 'string' || !TYPES.has(type)) fail(badRequest(`@type must be one of ${[...TYPES].join(', ')}`));
  const source = body['xdm:sourceSchema'];
  if (typeof source !== 'string' || source === '') return fail(badRequest('xdm:sourceSchema is required: the $id of the schema the descriptor describes'));
  const schema = findTenant(request.sandbox, 'schemas', source) ?? fail(badRequest(`xdm:sourceSchema ${source} is not a schema of this sandbox`));
  const version = body['xdm:sourceVersion'];
  if (version === undefined || !/^\d+$/.test(String(version))) fail(badRequest('xdm:sourceVersion is required: the major version of the schema (1)'));
  const property = body['xdm:sourceProperty'];
  let field: Json | undefined;
  if (property !== undefined || type !== 'xdm:descriptorVersion') {
    if (typeof property !== 'string') return fail(badRequest('xdm:sourceProperty is required: the path of the field, e.g. /_tenant/customerId'));
    field = fieldAtPointer(request.sandbox, schema, property);
    if (!field) fail(badRequest(`xdm:sourceProperty ${property} is not a field of schema ${String(schema['$id'])} (write it as a path: /personalEmail/address)`));
  }
  const others = collection(request)
    .all()
    .filter((d) => d.id !== self && d['xdm:sourceSchema'] === schema['$id']);
  if (others.some((d) => d['@type'] === type && d['xdm:sourceProperty'] === property)) {
    fail(badRequest(`A ${type} descriptor already exists for ${String(property)} in schema ${String(schema['$id'])}`));
  }
  if (type === 'xdm:descriptorIdentity') {
    const namespace = body['xdm:namespace'];
    const by = body['xdm:property'];
    if (by !== 'xdm:code' && by !== 'xdm:id') fail(badRequest('xdm:property must be "xdm:code" (namespace given by code) or "xdm:id" (by numeric id)'));
    if (by === 'xdm:code' ? typeof namespace !== 'string' || namespace === '' : !/^\d+$/.test(String(namespace ?? ''))) {
      fail(badRequest(`xdm:namespace must be an identity namespace ${by === 'xdm:code' ? 'code (Email, Phone, ECID, CRMID, …)' : 'id (a number)'}`));
    }
    const primary = body['xdm:isPrimary'];
    if (primary !== undefined && typeof primary !== 'boolean') fail(badRequest('xdm:isPrimary must be true or false'));
    if (field?.['type'] !== 'string') fail(badRequest(`Identity fields must be of type string; ${String(property)} is ${String(field?.['type'] ?? 'not a leaf field')}`));
    if (primary === true && others.some((d) => d['@type'] === type && d['xdm:isPrimary'] === true)) {
      fail(badRequest(`Schema ${String(schema['$id'])} already has a primary identity; a schema has at most one`));
    }
  }
  if (type === 'xdm:descriptorReferenceIdentity' && (typeof body['xdm:identityNamespace'] !== 'string' || body['xdm:identityNamespace'] === '')) {
    fail(badRequest('xdm:identityNamespace is required for xdm:descriptorReferenceIdentity'));
  }
  if (['xdm:descriptorOneToOne', 'xdm:descriptorOneToMany', 'xdm:descriptorManyToMany', 'xdm:descriptorRelationship'].includes(type)) {
    const destination = body['xdm:destinationSchema'];
    if (typeof destination !== 'string' || !findTenant(request.sandbox, 'schemas', destination)) fail(badRequest(`xdm:destinationSchema ${String(destination)} is not a schema of this sandbox`));
  }
  // Sent as 1 or "1"; the registry answers with the integer.
  return { ...body, 'xdm:sourceSchema': schema['$id'], 'xdm:sourceVersion': Number(version) };
}

function store(request: EmulatorRequest, id: string, body: Json, created: number): ResourceRecord {
  const { '@id': _id, imsOrg: _org, version: _v, 'meta:containerId': _c, 'meta:sandboxId': _s, 'meta:sandboxType': _t, 'meta:registryMetadata': _m, ...fields } = body;
  const content: Json = {
    '@id': id,
    ...fields,
    imsOrg: request.caller.orgId,
    version: '1',
    'meta:containerId': 'tenant',
    'meta:sandboxId': request.sandbox.info.id,
    'meta:sandboxType': request.sandbox.info.type,
  };
  return { id, ...content, 'meta:registryMetadata': registryMetadata(created, request.now, request.caller.clientId, content) };
}

export const descriptorRoutes = {
  async create(request: EmulatorRequest): Promise<Reply> {
    const body = validate(request, bodyObject(request));
    const record = store(request, newDescriptorId(), body, request.now);
    await collection(request).put(record);
    return ok(publicView(record, { keepId: false }), 201);
  },

  async replace(request: EmulatorRequest, { id = '' }: Record<string, string>): Promise<Reply> {
    const existing = collection(request).get(id) ?? fail(notFound(id, request));
    const body = validate(request, bodyObject(request), id);
    const created = Number((existing['meta:registryMetadata'] as Json | undefined)?.['repo:createdDate'] ?? request.now);
    const record = store(request, id, body, created);
    await collection(request).put(record);
    return ok(publicView(record, { keepId: false }));
  },

  async remove(request: EmulatorRequest, { id = '' }: Record<string, string>): Promise<Reply> {
    if (!(await collection(request).delete(id))) fail(notFound(id, request));
    return { status: 204 };
  },

  lookup(request: EmulatorRequest, { id = '' }: Record<string, string>): Reply {
    descriptorLookupAccept(request);
    const record = collection(request).get(id) ?? fail(notFound(id, request));
    return ok(publicView(record, { keepId: false }));
  },

  list(request: EmulatorRequest): Reply {
    const view = descriptorListAccept(request);
    const render = (d: ResourceRecord): unknown =>
      view.format === 'id' ? d.id : view.format === 'link' ? `/tenant/descriptors/${d.id}` : publicView(d, { keepId: false });
    const all = collection(request).all();
    if (view.paged) {
      const page = selectPage(request, all, 'created');
      return ok({ results: page.items.map(render), _page: { orderby: page.orderby, next: page.next, count: page.items.length }, _links: { next: nextLink(request, page.next) } });
    }
    if (request.query.has('limit') || request.query.has('start')) fail(badRequest('Paging descriptors needs an application/vnd.adobe.xdm-v2…+json Accept header'));
    const grouped: Record<string, unknown[]> = {};
    for (const d of filterByProperty(request, all)) (grouped[String(d['@type'])] ??= []).push(render(d));
    return ok(grouped);
  },
};
