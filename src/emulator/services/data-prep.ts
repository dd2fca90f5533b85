// Data Prep (`/data/foundation/conversion`, https://experienceleague.adobe.com/en/docs/experience-platform/data-prep/api/mapping-set): mapping sets from source columns (or
// expressions, or constants) to the fields of an XDM schema. Create answers 200 (not 201) with `{id, version}`;
// PUT makes a new version and keeps the older ones readable (`?version=`); both body shapes are accepted
// (data-prep/mapping-set.ts). Errors are plain problem bodies. Expressions are checked by validate (and by
// create/update with `?validate=true`, data-prep/expression-check.ts); preview maps rows as a run does
// (data-prep/preview.ts); `/languages/el` lists and checks the expression language (data-prep/languages.ts).

import { fail, problem } from '../errors.js';
import { ok, type EmulatorRequest, type Reply } from '../http-types.js';
import { newMappingId } from '../ids.js';
import { findMappingSet, findSchema, mappingSetSchemaId, type Json, type ResourceRecord } from '../records.js';
import { Router } from '../router.js';
import { problemError, type ServiceDeps, type ServiceModule } from '../service.js';
import { allErrors, requireExpressionsValid } from './data-prep/expression-check.js';
import { listFunctions, listOperators, validateExpression } from './data-prep/languages.js';
import { DEFAULT_CONTENT_TYPE, invalid, readMappingSet, requireValid, type CheckedMapping, type MappingSetInput } from './data-prep/mapping-set.js';
import { preview } from './data-prep/preview.js';
import { mappingSetView, mappingView } from './data-prep/views.js';
import { fullView, lookupIn } from './schema-registry/resolve.js';

const BASE = '/data/foundation/conversion';

const collection = (request: EmulatorRequest) => request.sandbox.collection<ResourceRecord>('mappingSets');
const notFound = (what: string) => problem(404, 'Not Found', what);

/** A whole number from the query, or the default; 400 otherwise. */
function integer(request: EmulatorRequest, name: string, fallback: number | undefined): number | undefined {
  const value = request.query.get(name);
  if (value === null || value === '') return fallback;
  if (!/^\d+$/.test(value.trim())) return fail(invalid(`${name} must be a whole number ≥ 0, not "${value}"`));
  return Number(value);
}

function find(request: EmulatorRequest, id: string): ResourceRecord {
  const version = integer(request, 'version', undefined);
  const record = findMappingSet(request.sandbox, id, version);
  if (!record) return fail(notFound(version === undefined ? `Mapping set ${id} not found` : `Mapping set ${id} has no version ${version}`));
  return record;
}

function expanded(request: EmulatorRequest, record: ResourceRecord): Json | undefined {
  if (request.query.get('expandSchema') !== 'true') return undefined;
  const schemaId = mappingSetSchemaId(record);
  const schema = schemaId === undefined ? undefined : findSchema(request.sandbox, schemaId);
  return schema ? fullView(schema, lookupIn(request.sandbox)) : undefined;
}

/** One mapping's validate answer: SUCCESS, or FAILED with one TransformErrorInfo per problem. */
function validationEntry(m: CheckedMapping, problems: readonly string[]): Json {
  if (problems.length === 0) return { status: 'SUCCESS', errors: null };
  return {
    status: 'FAILED',
    errors: problems.map((exception) => ({
      destination: m.echo.destination,
      source: m.echo.source,
      ...(m.echo.sourceType && { sourceType: m.echo.sourceType }),
      ...(m.echo.sourceType === 'ATTRIBUTE' && m.echo.source !== '' && { columnName: m.echo.source }),
      exception,
    })),
  };
}

/** The stored form of one version: normalised mappings, the schema by its `$id`. */
function content(request: EmulatorRequest, input: MappingSetInput, outputSchemaId: string): Json {
  // With ?validate=true every problem validate would report refuses the set; without, only the shape does.
  if (request.query.get('validate') === 'true') requireExpressionsValid(input);
  const mappings = requireValid(input).map((m) => ({ id: newMappingId(), ...m }));
  return {
    ...input.extras,
    outputSchema: { id: outputSchemaId, version: 0, schemaRef: { id: input.schema['$id'], contentType: input.contentType || DEFAULT_CONTENT_TYPE } },
    mappings,
    xdmVersion: input.xdmVersion,
    modifiedDate: request.now,
    modifiedBy: request.caller.clientId,
  };
}

async function create(request: EmulatorRequest): Promise<Reply> {
  const input = readMappingSet(request);
  const id = newMappingId();
  const record: ResourceRecord = { id, version: 0, createdDate: request.now, createdBy: request.caller.clientId, ...content(request, input, newMappingId()) };
  await collection(request).put(record);
  return ok({ id, version: 0, createdDate: record['createdDate'], modifiedDate: record['modifiedDate'], createdBy: record['createdBy'], modifiedBy: record['modifiedBy'] });
}

async function update(request: EmulatorRequest, { id = '' }: Record<string, string>): Promise<Reply> {
  const existing = collection(request).get(id) ?? fail(notFound(`Mapping set ${id} not found`));
  const input = readMappingSet(request);
  const { __versions, ...current } = existing;
  const versions = { ...(__versions as Record<string, Json> | undefined), [String(existing['version'])]: current };
  const outputSchemaId = ((existing['outputSchema'] as Json)['id'] as string | undefined) ?? newMappingId();
  const record: ResourceRecord = {
    id,
    version: Number(existing['version']) + 1,
    createdDate: existing['createdDate'],
    createdBy: existing['createdBy'],
    ...content(request, input, outputSchemaId),
    __versions: versions,
  };
  await collection(request).put(record);
  return ok(mappingSetView(record));
}

function validate(request: EmulatorRequest): Reply {
  const input = readMappingSet(request);
  const errors = allErrors(input);
  return ok({ validationResponse: input.mappings.map((m, i) => validationEntry(m, errors[i] ?? [])) });
}

/** The `orderBy` of a list: the stored date to sort on and the direction (+1 oldest first, -1 newest first). */
function listOrder(request: EmulatorRequest): { key: 'createdDate' | 'modifiedDate'; dir: number } {
  const orderBy = request.query.get('orderBy') ?? request.query.get('orderby') ?? '+createdDate';
  const match = /^([+-]?)(createdDate|updatedDate|modifiedDate|lastUpdateDate)$/.exec(orderBy.trim());
  if (!match) return fail(invalid(`orderBy must be +createdDate, -createdDate, +updatedDate or -updatedDate, not "${orderBy}"`));
  // updatedDate and its aliases are the stored modifiedDate.
  return { key: match[2] === 'createdDate' ? 'createdDate' : 'modifiedDate', dir: match[1] === '-' ? -1 : 1 };
}

/** `_links.next` for a page, when more sets follow it. */
function nextLink(request: EmulatorRequest, start: number, limit: number, shown: number, total: number): Json {
  const links: Json = {};
  if (start + shown < total && shown > 0) {
    const query = new URLSearchParams(request.query);
    query.set('start', String(start + shown));
    query.set('limit', String(limit));
    links['next'] = { href: `${BASE}/mappingSets?${query.toString()}` };
  }
  return links;
}

function list(request: EmulatorRequest): Reply {
  const limit = integer(request, 'limit', 10) as number;
  const start = integer(request, 'start', 0) as number;
  const name = request.query.get('name');
  const { key, dir } = listOrder(request);
  // Ties keep insertion order (reversed for a descending sort), hence the index carried through the sort.
  const all = collection(request)
    .all()
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => name === null || r['name'] === name)
    .sort((a, b) => (Number(a.r[key]) - Number(b.r[key])) * dir || (a.i - b.i) * dir)
    .map(({ r }) => r);
  const page = all.slice(start, start + limit);
  const links = nextLink(request, start, limit, page.length, all.length);
  return ok({ data: page.map((r) => mappingSetView(r, expanded(request, r))), _page: { count: page.length, limit }, _links: links });
}

function getOne(request: EmulatorRequest, { id = '' }: Record<string, string>): Reply {
  const record = find(request, id);
  return ok(mappingSetView(record, expanded(request, record)));
}

async function remove(request: EmulatorRequest, { id = '' }: Record<string, string>): Promise<Reply> {
  if (!(await collection(request).delete(id))) fail(notFound(`Mapping set ${id} not found`));
  return { status: 204 };
}

function listMappings(request: EmulatorRequest, { id = '' }: Record<string, string>): Reply {
  const record = find(request, id);
  return ok(((record['mappings'] as Json[] | undefined) ?? []).map((m) => mappingView(record, m)));
}

function getMapping(request: EmulatorRequest, { id = '', mappingId = '' }: Record<string, string>): Reply {
  const record = find(request, id);
  const mapping = ((record['mappings'] as Json[] | undefined) ?? []).find((m) => m['id'] === mappingId);
  if (!mapping) return fail(notFound(`Mapping ${mappingId} not found in mapping set ${id}`));
  return ok(mappingView(record, mapping));
}

export function createDataPrep(_deps: ServiceDeps): ServiceModule {
  const router = new Router()
    .add('GET', '/mappingSets', list)
    .add('POST', '/mappingSets', create)
    .add('POST', '/mappingSets/validate', validate)
    .add('POST', '/mappingSets/preview', preview)
    .add('GET', '/languages/el/functions', listFunctions)
    .add('GET', '/languages/el/operators', listOperators)
    .add('POST', '/languages/el/validate', validateExpression)
    .add('GET', '/mappingSets/:id', getOne)
    .add('PUT', '/mappingSets/:id', update)
    .add('DELETE', '/mappingSets/:id', remove)
    .add('GET', '/mappingSets/:id/mappings', listMappings)
    .add('GET', '/mappingSets/:id/mappings/:mappingId', getMapping);

  return { base: BASE, router, error: problemError };
}
