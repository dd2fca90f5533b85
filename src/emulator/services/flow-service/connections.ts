// Base connections (`/connections`, platform-api.md §3.3): credentials for one database, checked against the
// connection spec's auth spec. GET masks secrets; the real values stay under `__auth`.

import type { EmulatorRequest, Handler, Reply } from '../../http-types.js';
import { newEtag, newUuid } from '../../ids.js';
import { type Json, publicView, type ResourceRecord } from '../../records.js';
import type { Router } from '../../router.js';
import type { DatabaseAccess, DatabaseConnection } from './databases.js';
import { validate } from './json-schema.js';
import { applyPatch, parsePatch, touchedFields } from './patch.js';
import { fieldSet, listReply } from './query.js';
import {
  checkIfMatch,
  created,
  createdReply,
  invalid,
  isObject,
  itemReply,
  lookup,
  nonEmptyString,
  objectBody,
  pick,
  reject,
  specRef,
  touched,
  updatedReply,
} from './resource.js';
import { maskParams } from './secrets.js';
import { type ConnectionSpec, findConnectionSpec, SPEC_VERSION } from './specs.js';

const FIELDS = fieldSet('connectionSpec', 'auth', 'providerId');

interface Auth {
  specName: string;
  params: Json;
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

const list: Handler = (request) =>
  listReply(
    request,
    request.sandbox.collection<ResourceRecord>('connections').all().map((r) => publicView(r)),
    { collection: 'connections', fields: FIELDS },
  );

const get: Handler = (request, params) => itemReply(lookup(request, 'connections', params['id'] as string));

const EDITABLE = ['name', 'description', 'auth'];

const update: Handler = async (request, params) => {
  const record = lookup(request, 'connections', params['id'] as string);
  checkIfMatch(request, record);
  const ops = parsePatch(request);
  for (const field of touchedFields(ops)) {
    if (field === 'connectionSpec') reject(request, '1414-400', 'The connection spec of a connection cannot be updated.');
    if (!EDITABLE.includes(field)) invalid(request, `/${field} of a connection cannot be updated`);
  }
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
  router
    .add('GET', '/connections', list)
    .add('POST', '/connections', create)
    .add('GET', '/connections/:id', get)
    .add('PATCH', '/connections/:id', update)
    .add('DELETE', '/connections/:id', remove)
    .add('GET', '/connections/:id/test', test)
    .add('GET', '/connections/:id/explore', explore);
}
