// What base, source and target connections (https://developer.adobe.com/experience-platform-apis/references/flow-service/) do alike: the spec a request names,
// list and get, the checks before a PATCH, and the routes. Source and target connections share their whole
// PATCH and DELETE as well. Each module keeps its own create and the rules its content must meet.

import type { EmulatorRequest, Handler } from '../../http-types.js';
import { type Json, publicView, type ResourceRecord } from '../../records.js';
import type { Router } from '../../router.js';
import { applyPatch, type PatchOp, parsePatch, touchedFields } from './patch.js';
import { listReply } from './query.js';
import { checkIfMatch, createdReply, flowsUsing, invalid, itemReply, lookup, pick, reject, specRef, touched, updatedReply } from './resource.js';
import { type ConnectionSpec, findConnectionSpec, SPEC_VERSION } from './specs.js';

export interface ConnectionKind {
  collection: 'connections' | 'sourceConnections' | 'targetConnections';
  /** What error messages call one, e.g. `source connection`. */
  label: string;
  /** The top-level fields a PATCH may touch. */
  editable: readonly string[];
  /** The fields a list's `property=` may filter on. */
  filters: ReadonlySet<string>;
}

/** The connection spec a request names: unknown id or version is `1413-400`. */
export function requireConnectionSpec(request: EmulatorRequest, value: unknown, field = 'connectionSpec'): { spec: ConnectionSpec; ref: { id: string; version: string } } {
  const { id, version } = specRef(value);
  const spec = findConnectionSpec(id);
  if (!spec || (version !== undefined && String(version) !== spec.version)) {
    reject(request, '1413-400', `The spec ID provided is invalid (${field}.id ${String(id)}, version ${String(version ?? SPEC_VERSION)}). Please provide a valid spec ID and try again.`);
  }
  return { spec, ref: { id: spec.id, version: spec.version } };
}

/** The instance a PATCH names and its operations, once If-Match holds and only editable fields are touched. */
export function connectionPatch(request: EmulatorRequest, kind: ConnectionKind, id: string): { record: ResourceRecord; ops: PatchOp[] } {
  const record = lookup(request, kind.collection, id);
  checkIfMatch(request, record);
  const ops = parsePatch(request);
  for (const field of touchedFields(ops)) {
    if (field === 'connectionSpec') reject(request, '1414-400', 'The connection spec of a connection cannot be updated.');
    if (!kind.editable.includes(field)) invalid(request, `/${field} of a ${kind.label} cannot be updated`);
  }
  return { record, ops };
}

/** `GET`, `POST` on the collection, `GET`, `PATCH`, `DELETE` on one instance. */
export function addConnectionCollection(router: Router, kind: ConnectionKind, handlers: { create: Handler; update: Handler; remove: Handler }): Router {
  const { collection, filters: fields } = kind;
  const list: Handler = (request) =>
    listReply(request, request.sandbox.collection<ResourceRecord>(collection).all().map((r) => publicView(r)), { collection, fields });
  const get: Handler = (request, params) => itemReply(lookup(request, collection, params['id'] as string));
  return router
    .add('GET', `/${collection}`, list)
    .add('POST', `/${collection}`, handlers.create)
    .add('GET', `/${collection}/:id`, get)
    .add('PATCH', `/${collection}/:id`, handlers.update)
    .add('DELETE', `/${collection}/:id`, handlers.remove);
}

/** A source or target connection: content checked against its spec, and in use while a flow lists it. */
export interface FlowEndKind extends ConnectionKind {
  collection: 'sourceConnections' | 'targetConnections';
  /** The new instance a POST describes, checked; it is stored and answered here. */
  create(request: EmulatorRequest): ResourceRecord;
  /** The rules a create body, and the editable fields after a PATCH, must meet. */
  check(request: EmulatorRequest, spec: ConnectionSpec, content: Json): void;
  /** The flow field that lists it; while a flow does, it cannot be deleted (`1447-400`). */
  usedBy: 'sourceConnectionIds' | 'targetConnectionIds';
}

export function addFlowEndRoutes(router: Router, kind: FlowEndKind): void {
  const create: Handler = async (request) => {
    const record = kind.create(request);
    await request.sandbox.collection<ResourceRecord>(kind.collection).put(record);
    return createdReply(kind.collection, record);
  };
  const update: Handler = async (request, params) => {
    const { record, ops } = connectionPatch(request, kind, params['id'] as string);
    const patched = applyPatch(request, pick(record, kind.editable), ops);
    kind.check(request, requireConnectionSpec(request, record['connectionSpec']).spec, patched);
    const next: ResourceRecord = { ...record, ...patched, ...touched(request) };
    // A field the patch removed must not survive from the record.
    for (const key of kind.editable) if (patched[key] === undefined) delete next[key];
    await request.sandbox.collection<ResourceRecord>(kind.collection).put(next);
    return updatedReply(next);
  };
  const remove: Handler = async (request, params) => {
    const record = lookup(request, kind.collection, params['id'] as string);
    if (flowsUsing(request, kind.usedBy, record.id).length > 0) reject(request, '1447-400', `Found active flows containing id ${record.id}.`);
    await request.sandbox.collection<ResourceRecord>(kind.collection).delete(record.id);
    return { status: 204 };
  };
  addConnectionCollection(router, kind, { create, update, remove });
}
