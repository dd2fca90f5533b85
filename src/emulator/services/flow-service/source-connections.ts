// Source connections (`/sourceConnections`, https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/database-nosql): one table behind a base connection.

import type { EmulatorRequest } from '../../http-types.js';
import type { Json, ResourceRecord } from '../../records.js';
import type { Router } from '../../router.js';
import { addFlowEndRoutes, requireConnectionSpec } from './connection-routes.js';
import { validate } from './json-schema.js';
import { fieldSet } from './query.js';
import { invalid, isObject, newConnectionEnd, nonEmptyString, objectBody, reject } from './resource.js';
import type { ConnectionSpec } from './specs.js';

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

/**
 * The base connection a create names: `baseConnectionId`, or `connectionId` as Adobe's older database tutorial
 * (the seed tutorial) sends it. Only `baseConnectionId` is stored, so filters, the runner and connection-delete
 * blocking see one field.
 */
function baseConnectionIdOf(request: EmulatorRequest, body: Json): string {
  const { baseConnectionId, connectionId } = body;
  if (baseConnectionId !== undefined && connectionId !== undefined && baseConnectionId !== connectionId) {
    invalid(request, `baseConnectionId ${String(baseConnectionId)} and connectionId ${String(connectionId)} name different base connections; send baseConnectionId only`);
  }
  const id = nonEmptyString(baseConnectionId) ?? nonEmptyString(connectionId);
  if (!id) invalid(request, 'baseConnectionId is required');
  return id;
}

function create(request: EmulatorRequest): ResourceRecord {
  const body = objectBody(request);
  const baseId = baseConnectionIdOf(request, body);
  const base = request.sandbox.collection<ResourceRecord>('connections').get(baseId);
  if (!base) invalid(request, `the base connection ${baseId} does not exist in sandbox ${request.sandbox.info.name}`);
  const { spec, ref } = requireConnectionSpec(request, body['connectionSpec']);
  const baseSpec = base['connectionSpec'] as { id: string; version: string };
  if (spec.id !== baseSpec.id) {
    reject(request, '1413-400', `The spec ID provided is invalid: connectionSpec.id ${spec.id} is not the connection spec ${baseSpec.id} of base connection ${baseId}.`);
  }
  checkContent(request, spec, body);
  return newConnectionEnd(request, body, ref, { id: baseId, connectionSpec: baseSpec });
}

export function addSourceConnectionRoutes(router: Router): void {
  addFlowEndRoutes(router, {
    collection: 'sourceConnections',
    label: 'source connection',
    editable: ['name', 'description', 'data', 'params'],
    filters: fieldSet('baseConnectionId', 'data', 'connectionSpec', 'params', 'providerRefId', 'inheritedAttributes'),
    create,
    check: checkContent,
    usedBy: 'sourceConnectionIds',
  });
}
