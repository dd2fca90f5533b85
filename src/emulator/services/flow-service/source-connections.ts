// Source connections (`/sourceConnections`, platform-api.md §3.5): one table behind a base connection.

import type { EmulatorRequest, Handler } from '../../http-types.js';
import { newEtag, newUuid } from '../../ids.js';
import { type Json, publicView, type ResourceRecord } from '../../records.js';
import type { Router } from '../../router.js';
import { requireConnectionSpec } from './connections.js';
import { validate } from './json-schema.js';
import { applyPatch, parsePatch, touchedFields } from './patch.js';
import { fieldSet, listReply } from './query.js';
import {
  checkIfMatch,
  created,
  createdReply,
  flowsUsing,
  invalid,
  isObject,
  itemReply,
  lookup,
  nonEmptyString,
  objectBody,
  pick,
  reject,
  touched,
  updatedReply,
} from './resource.js';
import type { ConnectionSpec } from './specs.js';

const FIELDS = fieldSet('baseConnectionId', 'data', 'connectionSpec', 'params', 'providerRefId', 'inheritedAttributes');
export const SOURCE_FORMATS = ['tabular', 'delimited', 'json', 'parquet'];

/** The table a source connection reads: `params.tableName`, or `params.path` as the seed tutorial sends it. */
export function sourceTable(record: Json): string | undefined {
  const params = isObject(record['params']) ? record['params'] : {};
  return nonEmptyString(params['tableName']) ?? nonEmptyString(params['path']);
}

/** `data` and `params` against the spec's sourceSpec; the rest is fixed at creation. */
function checkContent(request: EmulatorRequest, spec: ConnectionSpec, body: Json): void {
  if (!nonEmptyString(body['name'])) invalid(request, 'name is required');
  const format = isObject(body['data']) ? body['data']['format'] : undefined;
  if (typeof format !== 'string' || !SOURCE_FORMATS.includes(format)) invalid(request, `data.format must be one of ${SOURCE_FORMATS.join(', ')}`);
  if (!isObject(body['params'])) invalid(request, 'params is required (params.tableName names the table)');
  if (spec.sourceSpec) {
    const params = { ...body['params'], tableName: sourceTable(body) };
    const problem = validate(params, spec.sourceSpec.spec, { coerce: true }, 'params');
    if (problem) invalid(request, problem.message);
  }
}

const create: Handler = async (request) => {
  const body = objectBody(request);
  const baseId = nonEmptyString(body['baseConnectionId']);
  if (!baseId) invalid(request, 'baseConnectionId is required');
  const base = request.sandbox.collection<ResourceRecord>('connections').get(baseId);
  if (!base) invalid(request, `the base connection ${baseId} does not exist in sandbox ${request.sandbox.info.name}`);
  const { spec, ref } = requireConnectionSpec(request, body['connectionSpec']);
  const baseSpec = base['connectionSpec'] as { id: string; version: string };
  if (spec.id !== baseSpec.id) {
    reject(request, '1413-400', `The spec ID provided is invalid: connectionSpec.id ${spec.id} is not the connection spec ${baseSpec.id} of base connection ${baseId}.`);
  }
  checkContent(request, spec, body);
  const etag = newEtag();
  const record: ResourceRecord = {
    id: newUuid(),
    ...created(request),
    ...pick(body, ['name', 'description']),
    baseConnectionId: baseId,
    state: 'enabled',
    data: body['data'],
    connectionSpec: ref,
    params: body['params'],
    version: etag,
    etag,
    inheritedAttributes: { baseConnection: { id: baseId, connectionSpec: baseSpec } },
  };
  await request.sandbox.collection<ResourceRecord>('sourceConnections').put(record);
  return createdReply('sourceConnections', record);
};

const list: Handler = (request) =>
  listReply(
    request,
    request.sandbox.collection<ResourceRecord>('sourceConnections').all().map((r) => publicView(r)),
    { collection: 'sourceConnections', fields: FIELDS },
  );

const get: Handler = (request, params) => itemReply(lookup(request, 'sourceConnections', params['id'] as string));

const EDITABLE = ['name', 'description', 'data', 'params'];

const update: Handler = async (request, params) => {
  const record = lookup(request, 'sourceConnections', params['id'] as string);
  checkIfMatch(request, record);
  const ops = parsePatch(request);
  for (const field of touchedFields(ops)) {
    if (field === 'connectionSpec') reject(request, '1414-400', 'The connection spec of a connection cannot be updated.');
    if (!EDITABLE.includes(field)) invalid(request, `/${field} of a source connection cannot be updated`);
  }
  const patched = applyPatch(request, pick(record, EDITABLE), ops);
  const { spec } = requireConnectionSpec(request, record['connectionSpec']);
  checkContent(request, spec, patched);
  const next: ResourceRecord = { ...record, ...patched, ...touched(request) };
  if (patched['description'] === undefined) delete next['description'];
  await request.sandbox.collection<ResourceRecord>('sourceConnections').put(next);
  return updatedReply(next);
};

const remove: Handler = async (request, params) => {
  const record = lookup(request, 'sourceConnections', params['id'] as string);
  if (flowsUsing(request, 'sourceConnectionIds', record.id).length > 0) reject(request, '1447-400', `Found active flows containing id ${record.id}.`);
  await request.sandbox.collection<ResourceRecord>('sourceConnections').delete(record.id);
  return { status: 204 };
};

export function addSourceConnectionRoutes(router: Router): void {
  router
    .add('GET', '/sourceConnections', list)
    .add('POST', '/sourceConnections', create)
    .add('GET', '/sourceConnections/:id', get)
    .add('PATCH', '/sourceConnections/:id', update)
    .add('DELETE', '/sourceConnections/:id', remove);
}
