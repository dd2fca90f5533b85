// Catalog datasets (https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/create-dataset; https://developer.adobe.com/experience-platform-apis/references/catalog/): create, read, list, merge-patch (or JSON Patch), delete.
//
// Stored record (collection `dataSets`, keyed by the 24-hex id), shown without `id`:
//   { id, name, description?, imsOrg, version: "1.0.0", created, updated, createdClient, createdUser,
//     updatedUser, schemaRef: { id, contentType }, tags, viewId, files: "@/dataSets/…",
//     enableErrorDiagnostics?, fileDescription?, observableSchema?,
//     lastBatchId?, lastBatchStatus?, lastSuccessfulBatch?, lastFailedBatch? }   (the last four: batches.ts)

import { fail, problem } from '../../errors.js';
import type { EmulatorRequest, Reply } from '../../http-types.js';
import { newDatasetId } from '../../ids.js';
import { findSchema, publicView, type Json, type ResourceRecord } from '../../records.js';
import type { BatchStatus } from './batches.js';
import { badRequest, page, parseOrderBy, projection, propertyFilter, sortItems } from './query.js';

export interface DatasetRecord extends ResourceRecord {
  name: string;
  description?: string;
  imsOrg: string;
  version: string;
  created: number;
  updated: number;
  createdClient: string;
  createdUser: string;
  updatedUser: string;
  schemaRef: { id: string; contentType: string };
  tags: Record<string, string[]>;
  viewId: string;
  files: string;
  enableErrorDiagnostics?: boolean;
  lastBatchId?: string;
  lastBatchStatus?: BatchStatus;
  lastSuccessfulBatch?: string;
  lastFailedBatch?: string;
}

const CONTENT_TYPE = /^application\/vnd\.adobe\.xed(-full)?(-notext)?\+json\s*(;\s*version=[\d.]+)?$/i;

/** Fields a PATCH may change; everything else a dataset shows is Catalog's own. */
const PATCHABLE = new Set(['name', 'description', 'tags', 'enableErrorDiagnostics']);

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export const datasetRef = (id: string): string => `@/dataSets/${id}`;

export function datasetView(record: DatasetRecord): Json {
  return publicView(record, { keepId: false });
}

function notFound(id: string): never {
  return fail(problem(404, 'Not Found', `Dataset ${id} was not found`));
}

function checkTags(tags: unknown, where = 'tags'): Record<string, string[]> {
  if (!isObject(tags)) badRequest(`${where} must be an object of string arrays`);
  for (const [key, value] of Object.entries(tags)) {
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) badRequest(`${where}.${key} must be an array of strings`);
  }
  return tags as Record<string, string[]>;
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') badRequest('name is required and must be a non-empty string');
  return name;
}

function bumpVersion(version: string): string {
  const parts = version.split('.').map(Number);
  if (parts.length !== 3 || parts.some((n) => !Number.isInteger(n))) return '1.0.1';
  return `${parts[0]}.${parts[1]}.${(parts[2] as number) + 1}`;
}

/** The table name Query Service would use: lowercase, non-alphanumerics as `_`. */
function tableName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'dataset';
}

export async function createDataset(request: EmulatorRequest): Promise<Reply> {
  const body = request.body;
  if (!isObject(body)) return badRequest('The request body must be a JSON object with name and schemaRef');
  const name = checkName(body['name']);
  if (body['description'] !== undefined && typeof body['description'] !== 'string') badRequest('description must be a string');
  const schemaRef = body['schemaRef'];
  if (!isObject(schemaRef)) return badRequest('schemaRef is required: {"id": "<schema $id>", "contentType": "application/vnd.adobe.xed-full+json;version=1"}');
  const schemaId = schemaRef['id'];
  const contentType = schemaRef['contentType'];
  if (typeof schemaId !== 'string' || schemaId.trim() === '') badRequest('schemaRef.id is required and must be a schema $id');
  if (typeof contentType !== 'string' || !CONTENT_TYPE.test(contentType.trim())) {
    badRequest('schemaRef.contentType must be an XDM content type such as application/vnd.adobe.xed-full+json;version=1');
  }
  const schema = findSchema(request.sandbox, schemaId);
  if (!schema) badRequest(`Schema ${schemaId} was not found in sandbox ${request.sandbox.info.name}`);
  const tags = body['tags'] === undefined ? {} : checkTags(body['tags']);
  if (body['enableErrorDiagnostics'] !== undefined && typeof body['enableErrorDiagnostics'] !== 'boolean') badRequest('enableErrorDiagnostics must be a boolean');
  for (const key of ['fileDescription', 'observableSchema']) {
    if (body[key] !== undefined && !isObject(body[key])) badRequest(`${key} must be an object`);
  }

  const datasets = request.sandbox.collection<DatasetRecord>('dataSets');
  let id = newDatasetId();
  while (datasets.get(id)) id = newDatasetId();
  const user = `${request.caller.clientId}@AdobeID`;
  const record: DatasetRecord = {
    id,
    name,
    ...(typeof body['description'] === 'string' && { description: body['description'] }),
    imsOrg: request.caller.orgId,
    version: '1.0.0',
    created: request.now,
    updated: request.now,
    createdClient: request.caller.clientId,
    createdUser: user,
    updatedUser: user,
    schemaRef: { id: typeof schema['$id'] === 'string' ? schema['$id'] : schemaId, contentType: contentType as string },
    tags: { 'adobe/pqs/table': [tableName(name)], 'adobe/siphon/table/format': ['delta'], ...tags },
    viewId: newDatasetId(),
    files: `@/dataSetFiles?dataSetId=${id}`,
    ...(typeof body['enableErrorDiagnostics'] === 'boolean' && { enableErrorDiagnostics: body['enableErrorDiagnostics'] }),
    ...(isObject(body['fileDescription']) && { fileDescription: body['fileDescription'] }),
    ...(isObject(body['observableSchema']) && { observableSchema: body['observableSchema'] }),
  };
  await datasets.put(record);
  return { status: 201, body: [datasetRef(id)], headers: { location: `/data/foundation/catalog/dataSets/${id}` } };
}

export function getDataset(request: EmulatorRequest, id: string): Reply {
  const record = request.sandbox.collection<DatasetRecord>('dataSets').get(id);
  if (!record) return notFound(id);
  return { status: 200, body: { [id]: projection(request.query)(datasetView(record)) } };
}

/** Query parameters that filter by equality on a field of the same name. */
const EXACT_FILTERS = ['name', 'description', 'createdClient', 'createdUser', 'updatedUser', 'version', 'viewId'];
const NUMBER_FILTERS = ['created', 'updated'];

export function listDatasets(request: EmulatorRequest): Reply {
  const q = request.query;
  const orderBy = parseOrderBy(q.get('orderBy'));
  const matches = propertyFilter(q);
  for (const key of NUMBER_FILTERS) {
    const raw = q.get(key);
    if (raw !== null && !/^\d+$/.test(raw)) badRequest(`Query parameter ${key} must be an epoch time in milliseconds`);
  }
  const enableErrorDiagnostics = q.get('enableErrorDiagnostics');
  const items = request.sandbox
    .collection<DatasetRecord>('dataSets')
    .all()
    .filter((d) => EXACT_FILTERS.every((key) => !q.has(key) || d[key] === q.get(key)))
    .filter((d) => NUMBER_FILTERS.every((key) => !q.has(key) || d[key] === Number(q.get(key))))
    .filter((d) => enableErrorDiagnostics === null || String(d.enableErrorDiagnostics ?? false) === enableErrorDiagnostics)
    .filter((d) => matches(datasetView(d)));
  return { status: 200, body: page(sortItems(items, orderBy), q, datasetView) };
}

/** JSON Patch (RFC 6902) on the patchable fields, turned into the equivalent merge. */
function patchToMerge(operations: unknown[], record: DatasetRecord): Json {
  const merge: Json = {};
  const tags: Json = {};
  for (const op of operations) {
    if (!isObject(op) || typeof op['op'] !== 'string' || typeof op['path'] !== 'string') badRequest('Each JSON Patch operation needs op and path');
    const kind = op['op'];
    const path = op['path'].split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (!['add', 'replace', 'remove'].includes(kind)) badRequest(`JSON Patch op ${kind} is not supported on datasets`);
    const value = kind === 'remove' ? null : op['value'];
    if (kind !== 'remove' && value === undefined) badRequest(`JSON Patch ${kind} ${op['path']} needs a value`);
    const [field = '', key, ...rest] = path;
    if (field === 'tags' && key !== undefined && rest.length === 0) {
      if (kind === 'replace' && !(key in record.tags)) badRequest(`Cannot replace ${op['path']}: no such tag`);
      tags[key] = value;
      merge['tags'] = tags;
    } else if (path.length === 1) {
      if (field === 'tags') {
        if (value !== null && !isObject(value)) badRequest('tags must be an object of string arrays');
        // Replacing the whole tag object: remove every current tag not in the new one.
        for (const old of Object.keys(record.tags)) tags[old] = null;
        Object.assign(tags, value ?? {});
        merge['tags'] = tags;
      } else merge[field] = value;
    } else badRequest(`JSON Patch path ${op['path']} is not supported on datasets`);
  }
  return merge;
}

export async function patchDataset(request: EmulatorRequest, id: string): Promise<Reply> {
  const datasets = request.sandbox.collection<DatasetRecord>('dataSets');
  const record = datasets.get(id);
  if (!record) return notFound(id);
  const body = request.body;
  const merge = Array.isArray(body) ? patchToMerge(body, record) : body;
  if (!isObject(merge)) return badRequest('The request body must be a JSON object (merge) or a JSON Patch array');
  const next: DatasetRecord = { ...record, tags: { ...record.tags } };
  for (const [key, value] of Object.entries(merge)) {
    if (!PATCHABLE.has(key)) badRequest(`Field ${key} cannot be changed with PATCH (changeable: ${[...PATCHABLE].join(', ')})`);
    if (key === 'name') next.name = checkName(value);
    else if (key === 'description') {
      if (value === null) delete next.description;
      else if (typeof value === 'string') next.description = value;
      else badRequest('description must be a string');
    } else if (key === 'enableErrorDiagnostics') {
      if (typeof value !== 'boolean') badRequest('enableErrorDiagnostics must be a boolean');
      next.enableErrorDiagnostics = value;
    } else if (value === null) next.tags = {};
    else {
      if (!isObject(value)) badRequest('tags must be an object of string arrays');
      for (const [tag, values] of Object.entries(value)) {
        if (values === null) delete next.tags[tag];
        else next.tags[tag] = checkTags({ [tag]: values })[tag] as string[];
      }
    }
  }
  next.updated = request.now;
  next.updatedUser = `${request.caller.clientId}@AdobeID`;
  next.version = bumpVersion(record.version);
  await datasets.put(next);
  return { status: 200, body: [datasetRef(id)] };
}

export async function deleteDataset(request: EmulatorRequest, id: string): Promise<Reply> {
  if (!(await request.sandbox.collection<DatasetRecord>('dataSets').delete(id))) return notFound(id);
  return { status: 200, body: [datasetRef(id)] };
}
