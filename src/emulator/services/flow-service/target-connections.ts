// Target connections (`/targetConnections`, https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/database-nosql): the data lake, one dataset of the sandbox.

import type { EmulatorRequest } from '../../http-types.js';
import { findDataset, findSchema, type Json, type ResourceRecord } from '../../records.js';
import type { Router } from '../../router.js';
import { addFlowEndRoutes, requireConnectionSpec } from './connection-routes.js';
import { validate } from './json-schema.js';
import { fieldSet } from './query.js';
import { invalid, isObject, newConnectionEnd, objectBody, reject } from './resource.js';
import { type ConnectionSpec, DATA_LAKE_SPEC_ID } from './specs.js';

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

function create(request: EmulatorRequest): ResourceRecord {
  const body = objectBody(request);
  const { spec, ref } = requireConnectionSpec(request, body['connectionSpec']);
  if (spec.id !== DATA_LAKE_SPEC_ID) {
    reject(request, '1413-400', `The spec ID provided is invalid: ${spec.id} is not a target connection spec (the data lake is ${DATA_LAKE_SPEC_ID}).`);
  }
  checkContent(request, spec, body);
  return newConnectionEnd(request, body, ref);
}

export function addTargetConnectionRoutes(router: Router): void {
  addFlowEndRoutes(router, {
    collection: 'targetConnections',
    label: 'target connection',
    editable: ['name', 'description', 'data', 'params'],
    filters: fieldSet('data', 'connectionSpec', 'params', 'providerRefId', 'inheritedAttributes'),
    create,
    check: checkContent,
    usedBy: 'targetConnectionIds',
  });
}
