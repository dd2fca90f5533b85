// Base connections (`/connections`, https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/create/databases/mysql): credentials for one database, checked against the
// connection spec's auth spec. GET masks secrets; the real values stay under `__auth`.

import type { EmulatorRequest, Handler, Reply } from '../../http-types.js';
import { newEtag, newUuid } from '../../ids.js';
import type { Json, ResourceRecord } from '../../records.js';
import type { Router } from '../../router.js';
import { addConnectionCollection, type ConnectionKind, connectionPatch, requireConnectionSpec } from './connection-routes.js';
import type { DatabaseAccess, DatabaseConnection } from './databases.js';
import { validate } from './json-schema.js';
import { applyPatch } from './patch.js';
import { fieldSet } from './query.js';
import { created, createdReply, invalid, isObject, lookup, nonEmptyString, objectBody, pick, reject, touched, updatedReply } from './resource.js';
import { maskParams } from './secrets.js';
import { type ConnectionSpec, findConnectionSpec } from './specs.js';

const KIND: ConnectionKind = {
  collection: 'connections',
  label: 'connection',
  editable: ['name', 'description', 'auth'],
  filters: fieldSet('connectionSpec', 'auth', 'providerId'),
};

interface Auth {
  specName: string;
  params: Json;
}

/** `auth` must name one of the spec's auth specs and satisfy its JSON schema (patterns case-insensitively). */
function checkAuth(request: EmulatorRequest, spec: ConnectionSpec, auth: unknown): Auth {
  if (!isObject(auth)) invalid(request, 'auth is required: {"specName": "...", "params": {...}}');
  const specName = auth['specName'];
  const authSpec = spec.authSpec.find((a) => a.name === specName);
  if (!authSpec) reject(request, '1415-400', `The auth spec '${String(specName)}' could not be found for the connection spec ID ${spec.id}.`);
  const params = auth['params'] ?? {};
  const problem = validate(params, authSpec.spec, { coerce: true, ignoreCase: true }, 'auth.params');
  if (problem) invalid(request, `${problem.message} (auth spec '${authSpec.name}' of ${spec.name})`);
  return { specName: authSpec.name, params: params as Json };
}

function view(record: ResourceRecord): ResourceRecord {
  const auth = record['__auth'] as Auth;
  return { ...record, auth: { specName: auth.specName, params: maskParams(auth.params) } };
}

const create: Handler = async (request) => {
  const body = objectBody(request);
  const { spec, ref } = requireConnectionSpec(request, body['connectionSpec']);
  const name = nonEmptyString(body['name']);
  if (!name) invalid(request, 'name is required');
  const auth = checkAuth(request, spec, body['auth']);
  const etag = newEtag();
  const record = view({
    id: newUuid(),
    ...created(request),
    name,
    ...pick(body, ['description']),
    connectionSpec: ref,
    state: 'enabled',
    auth: {},
    version: etag,
    etag,
    __auth: auth,
  });
  await request.sandbox.collection<ResourceRecord>('connections').put(record);
  return createdReply('connections', record);
};

const update: Handler = async (request, params) => {
  const { record, ops } = connectionPatch(request, KIND, params['id'] as string);
  // Patch the real credentials, so that `replace /auth/params/password` works like on the Platform.
  const patched = applyPatch(request, { ...pick(record, ['name', 'description']), auth: record['__auth'] as Json }, ops);
  const spec = findConnectionSpec((record['connectionSpec'] as Json)['id']) as ConnectionSpec;
  if (!nonEmptyString(patched['name'])) invalid(request, 'name is required');
  const auth = checkAuth(request, spec, patched['auth']);
  const next: ResourceRecord = view({ ...record, ...patched, ...touched(request), __auth: auth });
  if (patched['description'] === undefined) delete next['description'];
  await request.sandbox.collection<ResourceRecord>('connections').put(next);
  return updatedReply(next);
};

const remove: Handler = async (request, params) => {
  const record = lookup(request, 'connections', params['id'] as string);
  const sources = request.sandbox
    .collection<ResourceRecord>('sourceConnections')
    .all()
    .filter((s) => s['baseConnectionId'] === record.id)
    .map((s) => s.id);
  const used = request.sandbox
    .collection<ResourceRecord>('flows')
    .all()
    .some((flow) => (flow['sourceConnectionIds'] as unknown[]).some((id) => sources.includes(id as string)));
  if (used) {
    reject(
      request,
      '1418-400',
      `The base connection with the ID ${record.id} cannot be deleted because the base connection is being used in one or more flows. Please ensure that corresponding flows are deleted before deleting a base connection.`,
    );
  }
  await request.sandbox.collection<ResourceRecord>('connections').delete(record.id);
  return { status: 204 };
};

function databaseConnection(request: EmulatorRequest, id: string): DatabaseConnection {
  const record = lookup(request, 'connections', id);
  const auth = record['__auth'] as Auth;
  return { id: record.id, spec: findConnectionSpec((record['connectionSpec'] as Json)['id']) as ConnectionSpec, auth: { specName: auth.specName, params: { ...auth.params } } };
}

/** `/connections`, including `test` and `explore`, which go through `databases`. */
export function addConnectionRoutes(router: Router, databases: DatabaseAccess): void {
  const test: Handler = async (request, params): Promise<Reply> => ({
    status: 200,
    body: await databases.test(databaseConnection(request, params['id'] as string), request),
  });
  const explore: Handler = async (request, params): Promise<Reply> => ({
    status: 200,
    body: await databases.explore(databaseConnection(request, params['id'] as string), request.query, request),
  });
  addConnectionCollection(router, KIND, { create, update, remove })
    .add('GET', '/connections/:id/test', test)
    .add('GET', '/connections/:id/explore', explore);
}
