// Target connections (`/targetConnections`, platform-api.md §3.6): the data lake, one dataset of the sandbox.

import type { EmulatorRequest, Handler } from '../../http-types.js';
import { newEtag, newUuid } from '../../ids.js';
import { findDataset, findSchema, type Json, publicView, type ResourceRecord } from '../../records.js';
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
  objectBody,
  pick,
  reject,
  touched,
  updatedReply,
} from './resource.js';
import { type ConnectionSpec, DATA_LAKE_SPEC_ID } from './specs.js';

const FIELDS = fieldSet('data', 'connectionSpec', 'params', 'providerRefId', 'inheritedAttributes');

/** The dataset must exist in the sandbox; a schema, when named, must be one of the sandbox's schemas. */
function checkContent(request: EmulatorRequest, spec: ConnectionSpec, body: Json): void {
  const sandbox = request.sandbox.info.name;
  if (body['data'] !== undefined && !isObject(body['data'])) invalid(request, 'data must be an object: {"format": "parquet_xdm", "schema": {...}}');
  const schema = isObject(body['data']) ? body['data']['schema'] : undefined;
  if (schema !== undefined) {
    const schemaId = isObject(schema) ? schema['id'] : undefined;
    if (typeof schemaId !== 'string' || !findSchema(request.sandbox, schemaId)) invalid(request, `the schema ${String(schemaId)} does not exist in sandbox ${sandbox}`);
  }
  if (!isObject(body['params'])) invalid(request, 'params.dataSetId is required');
  if (spec.targetSpec) {
    const problem = validate(body['params'], spec.targetSpec.spec, {}, 'params');
    if (problem) invalid(request, problem.message);
  }
  const dataSetId = body['params']['dataSetId'];
  if (typeof dataSetId === 'string' && !findDataset(request.sandbox, dataSetId)) invalid(request, `the dataset ${dataSetId} does not exist in sandbox ${sandbox}`);
}

const create: Handler = async (request) => {
  const body = objectBody(request);
  const { spec, ref } = requireConnectionSpec(request, body['connectionSpec']);
  if (spec.id !== DATA_LAKE_SPEC_ID) {
    reject(request, '1413-400', `The spec ID provided is invalid: ${spec.id} is not a target connection spec (the data lake is ${DATA_LAKE_SPEC_ID}).`);
  }
  checkContent(request, spec, body);
  const etag = newEtag();
  const record: ResourceRecord = {
    id: newUuid(),
    ...created(request),
    ...pick(body, ['name', 'description']),
    state: 'enabled',
    ...pick(body, ['data']),
    connectionSpec: ref,
    params: body['params'],
    version: etag,
    etag,
  };
  await request.sandbox.collection<ResourceRecord>('targetConnections').put(record);
  return createdReply('targetConnections', record);
};

const list: Handler = (request) =>
  listReply(
    request,
    request.sandbox.collection<ResourceRecord>('targetConnections').all().map((r) => publicView(r)),
    { collection: 'targetConnections', fields: FIELDS },
  );

const get: Handler = (request, params) => itemReply(lookup(request, 'targetConnections', params['id'] as string));

const EDITABLE = ['name', 'description', 'data', 'params'];

const update: Handler = async (request, params) => {
  const record = lookup(request, 'targetConnections', params['id'] as string);
  checkIfMatch(request, record);
  const ops = parsePatch(request);
  for (const field of touchedFields(ops)) {
    if (field === 'connectionSpec') reject(request, '1414-400', 'The connection spec of a connection cannot be updated.');
    if (!EDITABLE.includes(field)) invalid(request, `/${field} of a target connection cannot be updated`);
  }
  const patched = applyPatch(request, pick(record, EDITABLE), ops);
  const { spec } = requireConnectionSpec(request, record['connectionSpec']);
  checkContent(request, spec, patched);
  const next: ResourceRecord = { ...record, ...patched, ...touched(request) };
  for (const key of EDITABLE) if (patched[key] === undefined) delete next[key];
  await request.sandbox.collection<ResourceRecord>('targetConnections').put(next);
  return updatedReply(next);
};

const remove: Handler = async (request, params) => {
  const record = lookup(request, 'targetConnections', params['id'] as string);
  if (flowsUsing(request, 'targetConnectionIds', record.id).length > 0) reject(request, '1447-400', `Found active flows containing id ${record.id}.`);
  await request.sandbox.collection<ResourceRecord>('targetConnections').delete(record.id);
  return { status: 204 };
};

export function addTargetConnectionRoutes(router: Router): void {
  router
    .add('GET', '/targetConnections', list)
    .add('POST', '/targetConnections', create)
    .add('GET', '/targetConnections/:id', get)
    .add('PATCH', '/targetConnections/:id', update)
    .add('DELETE', '/targetConnections/:id', remove);
}
