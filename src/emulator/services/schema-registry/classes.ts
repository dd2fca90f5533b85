// Tenant classes (Adobe's classes endpoint guide, `POST /tenant/classes`): a class of the organization's own,
// built on one behavior — record or time-series — named in `allOf`, optionally with class-level fields under the
// tenant's object (`definitions`, as a field group holds them) and field groups. Its `$id` is under `/classes/`.
// A schema then names it as its class, and field groups name it in `meta:intendedToExtend`. A class a schema
// still uses cannot be deleted.

import { fail } from '../../errors.js';
import { ok, type EmulatorRequest, type Reply } from '../../http-types.js';
import { newRegistryHex } from '../../ids.js';
import { publicView, type Json, type ResourceRecord } from '../../records.js';
import type { ServiceDeps } from '../../service.js';
import { altIdOf, badRequest, bodyObject, isObject, notFound, registryMetadata } from './common.js';
import { customDefinitions } from './fieldgroups.js';
import { findAny, findTenant, tenantResources } from './resources.js';
import { checkTitle } from './schemas.js';

const BEHAVIORS = ['https://ns.adobe.com/xdm/data/record', 'https://ns.adobe.com/xdm/data/time-series'];

/** `allOf`: exactly one behavior, local definitions, and field groups; normalised as the registry shows it. */
function checkAllOf(request: EmulatorRequest, raw: unknown, definitions: Json): { allOf: Json[]; behavior: string; extends: string[] } {
  if (!Array.isArray(raw) || raw.length === 0) return fail(badRequest(`allOf is required: it names the behavior of the class (${BEHAVIORS.join(' or ')})`));
  const refs = raw.map((entry) => (isObject(entry) && typeof entry['$ref'] === 'string' ? entry['$ref'] : fail(badRequest('Each allOf entry must be {"$ref": "<behavior, #/definitions/<name> or field group $id>"}'))));
  const behaviors = refs.filter((r) => BEHAVIORS.includes(r));
  if (behaviors.length !== 1) fail(badRequest(`allOf must name exactly one behavior (${BEHAVIORS.join(' or ')}); it names ${behaviors.length}`));
  const extended: string[] = [];
  for (const ref of refs) {
    if (BEHAVIORS.includes(ref)) continue;
    if (ref.startsWith('#/definitions/')) {
      if (!isObject(definitions[ref.slice('#/definitions/'.length)])) fail(badRequest(`allOf references ${ref}, which is not in definitions`));
      continue;
    }
    if (findAny(request.sandbox, ref)?.['meta:resourceType'] !== 'mixins') fail(badRequest(`allOf references ${ref}, which is neither a behavior nor a field group`));
    extended.push(ref);
  }
  const behavior = behaviors[0] as string;
  return { allOf: refs.map(($ref) => ({ $ref, type: 'object', 'meta:xdmType': 'object' })), behavior, extends: [behavior, ...extended] };
}

export function classRoutes(deps: ServiceDeps) {
  const namespace = `_${deps.tenantId}`;

  async function create(request: EmulatorRequest): Promise<Reply> {
    const body = bodyObject(request);
    if (body['type'] !== 'object') fail(badRequest('type is required and must be "object"'));
    const title = checkTitle(request.sandbox, body['title'], request);
    const description = body['description'];
    if (typeof description !== 'string') fail(badRequest('description is required and must be a string'));
    const definitions = customDefinitions(request, body['definitions'], namespace);
    const { allOf, extends: extended } = checkAllOf(request, body['allOf'], definitions);
    const $id = `https://ns.adobe.com/${deps.tenantId}/classes/${newRegistryHex()}`;
    const info = request.sandbox.info;
    const content: Json = {
      $id,
      'meta:altId': altIdOf($id),
      'meta:resourceType': 'classes',
      version: '1.0',
      title,
      type: 'object',
      description,
      ...(Object.keys(definitions).length > 0 && { definitions }),
      allOf,
      refs: allOf.map((a) => a['$ref'] as string).filter((r) => !r.startsWith('#')),
      imsOrg: request.caller.orgId,
      'meta:extensible': true,
      'meta:abstract': true,
      'meta:extends': extended,
      'meta:xdmType': 'object',
      'meta:containerId': 'tenant',
      'meta:sandboxId': info.id,
      'meta:sandboxType': info.type,
      'meta:tenantNamespace': namespace,
    };
    const record: ResourceRecord = { id: altIdOf($id), ...content, 'meta:registryMetadata': registryMetadata(request.now, request.now, request.caller.clientId, content) };
    await request.sandbox.collection<ResourceRecord>('classes').put(record);
    return ok(publicView(record, { keepId: false }), 201);
  }

  async function remove(request: EmulatorRequest, { id = '' }: Record<string, string>): Promise<Reply> {
    const existing = findTenant(request.sandbox, 'classes', id) ?? fail(notFound(id, request));
    const users = tenantResources(request.sandbox, 'schemas').filter((s) => s['meta:class'] === existing['$id']);
    if (users.length > 0) {
      return fail(badRequest(`Class ${String(existing['$id'])} cannot be deleted: schema ${users.map((s) => String(s['$id'])).join(', ')} is built on it`));
    }
    await request.sandbox.collection<ResourceRecord>('classes').delete(existing.id);
    return { status: 204 };
  }

  return { create, remove };
}
