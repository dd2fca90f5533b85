// `POST /mappingSets/preview`: source rows through a mapping set that need not be stored, answered as the
// mapping-set guide shows it — an array with one `{data, errors}` per row, in order. The rows are mapped by the
// runner's own compileMapping against the schema's resolved fields, so a preview and a run agree row for row:
// a row that a run would reject has `data: null` and the errors the run would report (TransformErrorInfo form).

import { fail } from '../../errors.js';
import { ok, type EmulatorRequest, type Reply } from '../../http-types.js';
import type { Json } from '../../records.js';
import type { RowError } from '../../runner/convert.js';
import { compileMapping, MappingConfigError } from '../../runner/mapping.js';
import { invalid, isObject, readMappingSet, requireValid, type Mapping } from './mapping-set.js';

/** A preview is for eyeballing a mapping, not for bulk conversion: more rows than this is a 400. */
export const PREVIEW_ROW_LIMIT = 100;

/** The rows to map: an array of objects, or one object (the OpenAPI example sends a single row that way). */
function readRows(data: unknown): Json[] {
  if (data === undefined || data === null) return fail(invalid('data is required: the source rows to map, [{"column": value, …}, …]'));
  const rows: unknown[] = Array.isArray(data) ? data : [data];
  if (rows.length > PREVIEW_ROW_LIMIT) fail(invalid(`data has ${rows.length} rows; a preview maps at most ${PREVIEW_ROW_LIMIT}`));
  rows.forEach((row, i) => {
    if (!isObject(row)) fail(invalid(`data[${i}] must be a JSON object of column names to values, not ${Array.isArray(row) ? 'an array' : JSON.stringify(row)}`));
  });
  return rows as Json[];
}

/** A run's row error in the TransformErrorInfo form validate also uses (`exception` is the message). */
function transformError(error: RowError, mappings: readonly Mapping[]): Json {
  const rule = mappings.find((m) => m.destination === error.field && m.source === error.source);
  return {
    ...(error.field !== undefined && { destination: error.field }),
    ...(error.source !== undefined && { source: error.source }),
    ...(rule && { sourceType: rule.sourceType }),
    ...(rule?.sourceType === 'ATTRIBUTE' && { columnName: rule.source }),
    exception: error.message,
  };
}

export function preview(request: EmulatorRequest): Reply {
  const body = request.body;
  if (!isObject(body)) return fail(invalid('The request body must be a JSON object: {"data": [rows…], "mappingSet": {…}}'));
  if (body['mappingSet'] === undefined) return fail(invalid('mappingSet is required: the mapping set to preview, as POST /mappingSets takes it'));
  const input = readMappingSet(request, body['mappingSet'], 'mappingSet', { inlineSchema: true });
  const mappings = requireValid(input);
  const rows = readRows(body['data']);
  let compiled;
  try {
    compiled = compileMapping(mappings, input.fields, `schema ${String(input.schema['$id'])}`, () => request.now);
  } catch (error) {
    // Destinations were checked against the same fields just above; kept for safety.
    if (error instanceof MappingConfigError) return fail(invalid(error.message));
    throw error;
  }
  return ok(
    rows.map((row) => {
      const mapped = compiled.apply(row);
      return mapped.ok ? { data: mapped.record, errors: null } : { data: null, errors: mapped.errors.map((e) => transformError(e, mappings)) };
    }),
  );
}
