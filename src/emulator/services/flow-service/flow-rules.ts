// What makes a flow valid (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/database-nosql; error codes: https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors), checked on create and again after every PATCH:
// its connections exist in the sandbox and fit the flow spec, its transformations fit the spec's
// transformationSpecs, its mapping set exists at that version and writes the target dataset's schema, and its
// schedule and options fit the scheduleSpec and optionSpec.

import type { EmulatorRequest } from '../../http-types.js';
import { datasetSchemaId, findDataset, findMappingSet, findSchema, type Json, mappingSetSchemaId, type ResourceRecord } from '../../records.js';
import { asNumber, validate } from './json-schema.js';
import { invalid, isObject, nonEmptyString, reject } from './resource.js';
import { checkSchedule } from './schedule.js';
import type { FlowSpec } from './specs.js';

export interface CheckedFlow {
  /** Transformations as stored: `mappingVersion` as a string, as the Platform echoes it. */
  transformations?: Json[];
  inheritedAttributes: Json;
}

type Side = 'source' | 'target';

/** The connections a flow lists, each existing in this sandbox with a spec the flow spec allows. */
function connections(request: EmulatorRequest, spec: FlowSpec, side: Side, ids: unknown): ResourceRecord[] {
  const field = `${side}ConnectionIds`;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string')) invalid(request, `${field} must be a non-empty array of ids`);
  const collection = request.sandbox.collection<ResourceRecord>(side === 'source' ? 'sourceConnections' : 'targetConnections');
  const allowed = side === 'source' ? spec.sourceConnectionSpecIds : spec.targetConnectionSpecIds;
  return (ids as string[]).map((id) => {
    const record = collection.get(id);
    if (!record) reject(request, '1413-400', `The ${side} connection ${id} does not exist in sandbox ${request.sandbox.info.name}.`);
    const specId = (record['connectionSpec'] as Json)['id'];
    if (!allowed.includes(specId as string)) {
      reject(request, '1413-400', `The ${side} connection ${id} has connection spec ${String(specId)}, which flow spec ${spec.name} (${spec.id}) does not support.`);
    }
    return record;
  });
}

/** A schema reference in its `$id` form, whichever form (altId or `$id`) it was written in. */
function canonicalSchema(request: EmulatorRequest, id: string | undefined): string | undefined {
  if (id === undefined) return undefined;
  const schema = findSchema(request.sandbox, id);
  return typeof schema?.['$id'] === 'string' ? schema['$id'] : id;
}

function checkMapping(request: EmulatorRequest, params: Json, targets: ResourceRecord[]): void {
  const mappingId = nonEmptyString(params['mappingId']);
  if (!mappingId) invalid(request, 'the Mapping transformation needs params.mappingId');
  const requested = params['mappingVersion'];
  const latest = findMappingSet(request.sandbox, mappingId);
  if (!latest) {
    reject(
      request,
      '1419-400',
      `Error while validating mapping with id ${mappingId}, version ${String(requested ?? 'latest')}: no such mapping set in sandbox ${request.sandbox.info.name}.`,
    );
  }
  let mapping = latest;
  if (requested !== undefined) {
    const version = asNumber(requested);
    const found = version !== undefined && Number.isInteger(version) && version >= 0 ? findMappingSet(request.sandbox, mappingId, version) : undefined;
    if (!found) reject(request, '1412-400', `Invalid Mapping Version in request. Please provide correct mapping version (mapping set ${mappingId} has no version ${String(requested)}).`);
    mapping = found;
  }
  const mappingSchema = canonicalSchema(request, mappingSetSchemaId(mapping));
  for (const target of targets) {
    const dataSetId = String((target['params'] as Json)['dataSetId']);
    const dataset = findDataset(request.sandbox, dataSetId);
    if (!dataset) invalid(request, `the dataset ${dataSetId} of target connection ${target.id} no longer exists`);
    if (canonicalSchema(request, datasetSchemaId(dataset)) !== mappingSchema) {
      reject(
        request,
        '1425-400',
        `Error while matching schema in target dataset ${dataSetId} with schema in mapping ${mappingId}. Schema with same id and version must be used in both mapping and target dataset.`,
      );
    }
  }
}

function checkTransformations(request: EmulatorRequest, spec: FlowSpec, value: unknown, targets: ResourceRecord[]): Json[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) invalid(request, 'transformations must be an array of {name, params}');
  const names = spec.transformationSpecs.map((t) => t.name);
  return value.map((transformation: unknown, i) => {
    if (!isObject(transformation) || !isObject(transformation['params'])) invalid(request, `transformations[${i}] must be {"name": ..., "params": {...}}`);
    const name = transformation['name'];
    const transformationSpec = spec.transformationSpecs.find((t) => t.name === name);
    if (!transformationSpec) invalid(request, `transformations[${i}].name ${String(name)} is not one of ${names.join(', ')} (flow spec ${spec.name})`);
    const params = transformation['params'];
    const problem = validate(params, transformationSpec.spec, { coerce: true }, `transformations[${i}].params`);
    if (problem) invalid(request, `${problem.message} (${name} transformation of ${spec.name})`);
    if (name !== 'Mapping') return transformation;
    checkMapping(request, params, targets);
    const version = params['mappingVersion'];
    return version === undefined ? transformation : { ...transformation, params: { ...params, mappingVersion: String(version) } };
  });
}

/** Checks a flow's content (everything but its flow spec, which is fixed) and derives what is stored with it. */
export function checkFlow(request: EmulatorRequest, spec: FlowSpec, body: Json): CheckedFlow {
  const sources = connections(request, spec, 'source', body['sourceConnectionIds']);
  const targets = connections(request, spec, 'target', body['targetConnectionIds']);
  const transformations = checkTransformations(request, spec, body['transformations'], targets);
  checkSchedule(request, spec, body['scheduleParams']);
  if (body['options'] !== undefined) {
    // Like scheduleParams: "true"/"false" and numeric strings pass (clients send them and the Platform takes
    // them), and are stored as sent, since the Platform echoes what it stored; the runner reads both forms.
    const problem = validate(body['options'], spec.optionSpec.spec, { coerce: true }, 'options');
    if (problem) invalid(request, problem.message);
  }
  const inheritedAttributes = {
    sourceConnections: sources.map((s) => ({
      id: s.id,
      connectionSpec: s['connectionSpec'],
      baseConnection: (s['inheritedAttributes'] as Json)['baseConnection'],
    })),
    targetConnections: targets.map((t) => ({ id: t.id, connectionSpec: t['connectionSpec'] })),
  };
  return { ...(transformations && { transformations }), inheritedAttributes };
}
