// Flows (`/flows`, https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/database-nosql): create, read, JSON Patch, enable/disable, delete. The rules a flow
// must satisfy are in flow-rules.ts; a flow is created `enabled`, and `lastOperation` records what happened
// to it last.

import type { Handler } from '../../http-types.js';
import { newEtag, newUuid } from '../../ids.js';
import { type Json, publicView, type ResourceRecord } from '../../records.js';
import type { Router } from '../../router.js';
import { checkFlow } from './flow-rules.js';
import { applyPatch, type PatchOp, parsePatch, touchedFields } from './patch.js';
import { fieldSet, listReply } from './query.js';
import { checkIfMatch, created, createdReply, invalid, itemReply, lookup, objectBody, pick, reject, specRef, touched, updatedReply } from './resource.js';
import { checkStartTimeChange } from './schedule.js';
import { findFlowSpec, type FlowSpec } from './specs.js';

const FIELDS = fieldSet(
  'flowSpec',
  'sourceConnectionIds',
  'targetConnectionIds',
  'inheritedAttributes',
  'scheduleParams',
  'transformations',
  'options',
  'runs',
  'lastOperation',
  'lastRunDetails',
);

/** What a client may set, on create and through PATCH. */
const CONTENT = ['name', 'description', 'sourceConnectionIds', 'targetConnectionIds', 'transformations', 'scheduleParams', 'options'];

function lastOperation(operation: string, now: number, ops?: PatchOp[]): Json {
  return {
    started: now,
    updated: now,
    percentCompleted: 100,
    status: { value: 'completed', errors: [] },
    ...(ops && { ops }),
    operation,
  };
}

function flowSpecOf(record: ResourceRecord): FlowSpec {
  return findFlowSpec((record['flowSpec'] as Json)['id']) as FlowSpec;
}

const create: Handler = async (request) => {
  const body = objectBody(request);
  if (body['state'] !== undefined) reject(request, '1410-400', '`State` is not allowed in the create flow request.');
  const { id: specId, version } = specRef(body['flowSpec']);
  const spec = findFlowSpec(specId);
  if (!spec || (version !== undefined && String(version) !== spec.version)) {
    reject(request, '1413-400', `The spec ID provided is invalid (flowSpec.id ${String(specId)}). Please provide a valid spec ID and try again.`);
  }
  const checked = checkFlow(request, spec, body);
  const id = newUuid();
  const etag = newEtag();
  const content = pick({ ...body, ...(checked.transformations && { transformations: checked.transformations }) }, CONTENT);
  const record: ResourceRecord = {
    id,
    ...created(request),
    ...pick(content, ['name', 'description']),
    flowSpec: { id: spec.id, version: spec.version },
    state: 'enabled',
    version: etag,
    etag,
    ...pick(content, ['sourceConnectionIds', 'targetConnectionIds']),
    inheritedAttributes: checked.inheritedAttributes,
    ...pick(content, ['scheduleParams', 'transformations', 'options']),
    runs: `/runs?property=flowId==${id}`,
    lastOperation: lastOperation('create', request.now),
  };
  await request.sandbox.collection<ResourceRecord>('flows').put(record);
  return createdReply('flows', record);
};

const list: Handler = (request) =>
  listReply(request, request.sandbox.collection<ResourceRecord>('flows').all().map((r) => publicView(r)), { collection: 'flows', fields: FIELDS });

const get: Handler = (request, params) => itemReply(lookup(request, 'flows', params['id'] as string));

const update: Handler = async (request, params) => {
  const record = lookup(request, 'flows', params['id'] as string);
  checkIfMatch(request, record);
  const ops = parsePatch(request);
  for (const field of touchedFields(ops)) {
    if (field === 'state') invalid(request, '/state cannot be patched: use POST /flows/{id}/action?op=enable|disable');
    if (!CONTENT.includes(field)) invalid(request, `/${field} of a flow cannot be updated`);
  }
  const patched = applyPatch(request, pick(record, CONTENT), ops);
  const checked = checkFlow(request, flowSpecOf(record), patched);
  checkStartTimeChange(request, record['scheduleParams'], patched['scheduleParams']);
  const next: ResourceRecord = {
    ...record,
    ...patched,
    ...(checked.transformations && { transformations: checked.transformations }),
    inheritedAttributes: checked.inheritedAttributes,
    ...touched(request),
    lastOperation: lastOperation('update', request.now, ops),
  };
  for (const key of CONTENT) if (patched[key] === undefined) delete next[key];
  await request.sandbox.collection<ResourceRecord>('flows').put(next);
  return updatedReply(next);
};

const ACTIONS: Record<string, string> = { enable: 'enabled', disable: 'disabled' };
const SUB_OPS = ['apply', 'rollback', 'progress'];

/** `POST /flows/{id}/action?op=enable|disable`: no body, no If-Match needed (a stale one is still refused). */
const action: Handler = async (request, params) => {
  const record = lookup(request, 'flows', params['id'] as string);
  checkIfMatch(request, record, false);
  const op = request.query.get('op')?.toLowerCase() ?? '';
  const target = ACTIONS[op];
  if (!target) {
    if (op === 'finalize') reject(request, '1402-400', "The action 'finalize' is supported for provider requests only.");
    reject(request, '1434-400', `Unsupported operation '${request.query.get('op') ?? ''}' received. Please use one of the supported operation types (enable, disable) and try again.`);
  }
  for (const subOp of request.query.getAll('subOp').flatMap((s) => s.split(','))) {
    if (!SUB_OPS.includes(subOp.trim().toLowerCase())) {
      reject(request, '1435-400', `Unsupported sub action '${subOp}' received. Please use one of the supported sub action types and try again.`);
    }
  }
  if (record['state'] === target) {
    reject(request, '1422-400', `The action ${op} cannot be applied on the current state ${target}. Please update the action and try again.`);
  }
  const next: ResourceRecord = { ...record, state: target, ...touched(request), lastOperation: lastOperation(op, request.now) };
  await request.sandbox.collection<ResourceRecord>('flows').put(next);
  return updatedReply(next);
};

const remove: Handler = async (request, params) => {
  const record = lookup(request, 'flows', params['id'] as string);
  await request.sandbox.collection<ResourceRecord>('flows').delete(record.id);
  return { status: 204 };
};

export function addFlowRoutes(router: Router): void {
  router
    .add('GET', '/flows', list)
    .add('POST', '/flows', create)
    .add('GET', '/flows/:id', get)
    .add('PATCH', '/flows/:id', update)
    .add('DELETE', '/flows/:id', remove)
    .add('POST', '/flows/:id/action', action);
}
