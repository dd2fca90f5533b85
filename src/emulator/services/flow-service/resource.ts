// What every Flow Service instance (connections, source/target connections, flows, runs) shares: audit
// fields, etags, look-ups that 404 in the Flow format, If-Match, and the create/get reply shapes
// (https://developer.adobe.com/experience-platform-apis/references/flow-service/; error codes: https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors).

import { fail, flowError } from '../../errors.js';
import type { EmulatorRequest, Reply } from '../../http-types.js';
import { newEtag, newUuid } from '../../ids.js';
import { type Json, publicView, type ResourceRecord } from '../../records.js';
import type { CollectionName } from '../../store.js';

export const BASE = '/data/foundation/flowservice';

export type FlowCollection = Extract<CollectionName, 'connections' | 'sourceConnections' | 'targetConnections' | 'flows' | 'runs'>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Throws a Flow error reply carrying the request id, as the Platform's `report` does. */
export function reject(request: EmulatorRequest, code: string, message: string, extra: { id?: string; type?: string } = {}): never {
  fail(flowError(code, message, { ...extra, requestId: request.requestId }));
}

/** The catch-all for a request the Platform refuses without a more specific code. */
export function invalid(request: EmulatorRequest, message: string): never {
  reject(request, '1100-400', `The request could not be processed. Error from flow provider: ${message}`);
}

/** With a service token, createdBy is the technical account, `<client id>@AdobeID`. */
function who(request: EmulatorRequest): { by: string; client: string } {
  return { by: `${request.caller.clientId}@AdobeID`, client: request.caller.clientId };
}

/** Audit fields of a new instance, in the sandbox of the request. */
export function created(request: EmulatorRequest): Json {
  const { by, client } = who(request);
  const { id: sandboxId, name: sandboxName } = request.sandbox.info;
  return {
    createdAt: request.now,
    updatedAt: request.now,
    createdBy: by,
    updatedBy: by,
    createdClient: client,
    updatedClient: client,
    sandboxId,
    sandboxName,
    imsOrgId: request.caller.orgId,
  };
}

/**
 * A new source or target connection as stored: audit fields, name and description, `data` and `params`, the
 * spec reference and a fresh etag (also shown as `version`). A source connection names its base connection,
 * which it also shows under `inheritedAttributes`.
 */
export function newConnectionEnd(request: EmulatorRequest, body: Json, ref: { id: string; version: string }, base?: { id: string; connectionSpec: unknown }): ResourceRecord {
  const etag = newEtag();
  return {
    id: newUuid(),
    ...created(request),
    ...pick(body, ['name', 'description']),
    ...(base && { baseConnectionId: base.id }),
    state: 'enabled',
    ...pick(body, ['data']),
    connectionSpec: ref,
    params: body['params'],
    version: etag,
    etag,
    ...(base && { inheritedAttributes: { baseConnection: { id: base.id, connectionSpec: base.connectionSpec } } }),
  };
}

/** The fields an update changes besides the content: who, when, and a fresh etag (also shown as `version`). */
export function touched(request: EmulatorRequest): Json {
  const { by, client } = who(request);
  const etag = newEtag();
  return { updatedAt: request.now, updatedBy: by, updatedClient: client, version: etag, etag };
}

/** The instance, or the Platform's 404: flows say `1439-404`, everything else `1101-404`. */
export function lookup(request: EmulatorRequest, collection: FlowCollection, id: string): ResourceRecord {
  const record = request.sandbox.collection<ResourceRecord>(collection).get(id);
  if (record) return record;
  if (collection === 'flows') {
    reject(request, '1439-404', `The requested flows resource ${id} is not found. Verify the resource ID before trying again.`, { id, type: 'flows' });
  }
  reject(request, '1101-404', `The requested resource is not found. Error from flow provider: Resource with given id ${id} does not exist.`, { id, type: collection });
}

/** The JSON object body of a create; an empty (or non-object) one is `1405-400`. */
export function objectBody(request: EmulatorRequest): Json {
  if (!isObject(request.body) || Object.keys(request.body).length === 0) {
    reject(request, '1405-400', 'The request body cannot be null or empty. Please provide a request body and try again.');
  }
  return request.body;
}

/** PATCH needs the current etag, quotes included: missing `1403-400`, stale `1404-412`. */
export function checkIfMatch(request: EmulatorRequest, record: ResourceRecord, required = true): void {
  const header = request.headers['if-match'];
  const supplied = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!supplied) {
    if (!required) return;
    reject(request, '1403-400', "The header 'If-Match' is missing in the request. Please provide the header and try again.");
  }
  if (supplied !== record['etag']) {
    reject(
      request,
      '1404-412',
      `The supplied version '${supplied}' does not match the current version on entity '${String(record['etag'])}'. Please ensure that the supplied version matches the current version on entity and try again.`,
    );
  }
}

/** A `{id, version}` reference from a request body; a missing version means the current one. */
export function specRef(value: unknown): { id: unknown; version: unknown } {
  return isObject(value) ? { id: value['id'], version: value['version'] } : { id: undefined, version: undefined };
}

/** `201 {id, etag}`, with a Location for the new instance. */
export function createdReply(collection: FlowCollection, record: ResourceRecord): Reply {
  return { status: 201, body: { id: record.id, etag: record['etag'] }, headers: { location: `${BASE}/${collection}/${record.id}` } };
}

/** GET by id answers a one-item list. */
export function itemReply(record: ResourceRecord): Reply {
  return { status: 200, body: { items: [publicView(record)] } };
}

export function updatedReply(record: ResourceRecord): Reply {
  return { status: 200, body: { id: record.id, etag: record['etag'] } };
}

/** Flows whose source or target connections include `id`. */
export function flowsUsing(request: EmulatorRequest, field: 'sourceConnectionIds' | 'targetConnectionIds', id: string): ResourceRecord[] {
  return request.sandbox
    .collection<ResourceRecord>('flows')
    .all()
    .filter((flow) => Array.isArray(flow[field]) && (flow[field] as unknown[]).includes(id));
}

/** A non-empty string field, or undefined. */
export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Keeps only the given keys that are set, in that order. */
export function pick(source: Json, keys: readonly string[]): Json {
  const out: Json = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
