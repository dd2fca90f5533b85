// What every Schema Registry handler shares: its error bodies (the XDM troubleshooting guide's codes:
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/troubleshooting-guide),
// resource ids, registry metadata and the request body check.

import { createHash } from 'node:crypto';
import { fail, problem, registryError } from '../../errors.js';
import type { EmulatorRequest, Reply } from '../../http-types.js';
import { applyPatch, parsePatch, PatchError } from '../../json-patch.js';
import type { Json } from '../../records.js';

export const BASE = '/data/foundation/schemaregistry';

/** `XDM-1012-404`, the registry's "resource not found". */
export function notFound(id: string, request: EmulatorRequest, version?: string): Reply {
  const detail = version === undefined ? `Requested resource ${id} is not found` : `Requested resource ${id} with version ${version} is not found`;
  return registryError('1012-404', 'Resource Not Found', detail, request.requestId);
}

/** A request the registry rejects without a specific XDM code: the older documented `BadRequestError` body. */
export function badRequest(detail: string): Reply {
  return problem(400, 'BadRequestError', detail);
}

export function notAcceptable(detail: string): Reply {
  return problem(406, 'NotAcceptableError', detail);
}

/** `XDM-1521-400`: titles are unique across the sandbox's tenant schemas and field groups. */
export function titleNotUnique(existingId: string, request: EmulatorRequest): Reply {
  return registryError('1521-400', 'Title not unique', `Title must be unique. An object ${existingId} already exists with the same title.`, request.requestId);
}

/** The JSON object a POST/PUT must carry. */
export function bodyObject(request: EmulatorRequest): Json {
  const body = request.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) fail(badRequest('The request body must be a JSON object'));
  return body as Json;
}

export function isObject(value: unknown): value is Json {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** `https://ns.adobe.com/acme/schemas/<hex>` ⇔ `_acme.schemas.<hex>`. */
export function altIdOf(uri: string): string {
  return `_${uri.replace(/^https?:\/\/ns\.adobe\.com\//, '').replace(/\//g, '.')}`;
}

export function eTagOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

export function registryMetadata(created: number, modified: number, clientId: string, content: unknown): Json {
  return {
    'repo:createdDate': created,
    'repo:lastModifiedDate': modified,
    'xdm:createdClientId': clientId,
    'xdm:lastModifiedClientId': clientId,
    'xdm:createdUserId': `${clientId}@techacct.adobe.com`,
    'xdm:lastModifiedUserId': `${clientId}@techacct.adobe.com`,
    eTag: eTagOf(content),
    'meta:globalLibVersion': '1.27.4',
  };
}

/** "1.0" → "1.1". */
export function nextMinor(version: unknown): string {
  const [major = '1', minor = '0'] = String(version ?? '1.0').split('.');
  return `${major}.${Number(minor) + 1}`;
}

/** The header's value, first one if repeated. */
export function header(request: EmulatorRequest, name: string): string | undefined {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}

/**
 * A registry resource as a JSON Patch leaves it (`what`: "schema", "field group"): the registry takes every RFC
 * 6902 op (in any case) and answers any failure of the patch with one 400; keys outside `patchable` (and the
 * registry's own metadata) must come out unchanged.
 */
export function patchedResource(before: Json, body: unknown, patchable: ReadonlySet<string>, what: string): Json {
  let patched: unknown;
  try {
    patched = applyPatch(before, parsePatch(body));
  } catch (error) {
    if (error instanceof PatchError) return fail(badRequest(`Invalid JSON Patch: ${error.message}`));
    throw error;
  }
  if (!isObject(patched)) return fail(badRequest(`The patched ${what} must stay a JSON object`));
  for (const key of new Set([...Object.keys(before), ...Object.keys(patched)])) {
    if (!patchable.has(key) && key !== 'meta:registryMetadata' && JSON.stringify(before[key]) !== JSON.stringify(patched[key])) {
      fail(badRequest(`${key} cannot be changed; a PATCH may change ${[...patchable].join(', ')}`));
    }
  }
  return patched;
}
