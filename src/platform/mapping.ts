// Mapping sets from what people write: `--map source=xdm.path` pairs, a JSON file in the documented or the
// seed's legacy shape (or a bare array, or what `mapping get --json` prints), or a CSV with
// `source,destination[,sourceType]` columns. Each problem names the file, line or flag it comes from.
//
// A source that is not a plain column name is a calculated field (`sourceType: EXPRESSION`): `lower(email)`,
// `concat(first, " ", last)`, `${First Name}`. Whether the expression is valid is the Platform's call
// (`mapping validate`, `mapping preview`); here only its shape as a mapping is checked.

import { InvalidInputError } from './errors.js';
import { type Mapping, SOURCE_TYPES, XDM_PATH } from './models/data-prep.js';

export interface MappingFileContent {
  mappings: Mapping[];
  /** The schema named inside the file (`outputSchema.schemaRef.id` or legacy `xdmSchema`), if any. */
  schemaId?: string | undefined;
}

/**
 * Data Prep's own words for source types, as it answers them on read (`mapping get`): accepted on write too, so
 * that what flowctl prints can be fed back.
 */
const SOURCE_TYPE_ALIASES: Readonly<Record<string, Mapping['sourceType']>> = { 'TEXT/X.SCHEMA-PATH': 'ATTRIBUTE', 'TEXT/X.AEP-XL': 'EXPRESSION' };

/** Data Prep's reserved words: a column with one of these names must be written `${name}`, so it is an expression. */
const RESERVED = new Set(
  'new mod or break var lt for false while eq gt div not null continue else and ne true le if ge return _errors do function empty size'.split(' '),
);

/** A source column written as is: an identifier (Unicode letters and digits, `_`, `$`) that is not a reserved word. */
export function isPlainColumn(source: string): boolean {
  return /^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(source) && !RESERVED.has(source);
}

function sourceTypeOf(raw: unknown, source: unknown): string {
  if (raw === undefined || raw === null || raw === '') return typeof source === 'string' && !isPlainColumn(source.trim()) ? 'EXPRESSION' : 'ATTRIBUTE';
  const upper = String(raw).toUpperCase();
  return SOURCE_TYPE_ALIASES[upper] ?? upper;
}

function checkMapping(m: { source: unknown; destination: unknown; sourceType?: unknown }, where: string): Mapping {
  const sourceType = sourceTypeOf(m.sourceType, m.source);
  if (!(SOURCE_TYPES as readonly string[]).includes(sourceType)) {
    throw new InvalidInputError(`${where} sourceType`, `must be one of ${SOURCE_TYPES.join(', ')}, got "${String(m.sourceType)}"`);
  }
  if (typeof m.source !== 'string' || m.source.trim() === '') throw new InvalidInputError(`${where} source`, 'must be a non-empty column name or expression');
  if (typeof m.destination !== 'string' || !XDM_PATH.test(m.destination.trim())) {
    throw new InvalidInputError(`${where} destination`, `"${String(m.destination)}" is not a dot path into the schema (person.name.fullName)`);
  }
  return { sourceType: sourceType as Mapping['sourceType'], source: m.source.trim(), destination: m.destination.trim() };
}

/**
 * `customer_id=_acme.customerId`, or `EXPRESSION=xdm.path` when the left side is not a plain column name (split
 * at the last `=`, so expressions may contain `==`).
 */
export function parseMapFlag(value: string): Mapping {
  const at = value.lastIndexOf('=');
  if (at <= 0 || at === value.length - 1) throw new InvalidInputError('--map', `"${value}" must look like SOURCE=xdm.path`);
  return checkMapping({ source: value.slice(0, at), destination: value.slice(at + 1) }, '--map');
}

export function parseMappingJson(text: string, file: string): MappingFileContent {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(file, `is not valid JSON (${(error as Error).message})`);
  }
  const list = Array.isArray(data) ? data : (data as { mappings?: unknown } | null)?.mappings;
  if (!Array.isArray(list) || list.length === 0) throw new InvalidInputError(file, 'must hold a non-empty "mappings" array (or be one)');
  const mappings = list.map((raw, i) => {
    if (!raw || typeof raw !== 'object') throw new InvalidInputError(`${file} mappings[${i}]`, 'must be an object');
    const m = raw as Record<string, unknown>;
    // Legacy shape: sourceAttribute / destinationXdmPath.
    return checkMapping(
      { source: m['source'] ?? m['sourceAttribute'], destination: m['destination'] ?? m['destinationXdmPath'], sourceType: m['sourceType'] },
      `${file} mappings[${i}]`,
    );
  });
  const top = Array.isArray(data) ? {} : (data as Record<string, unknown>);
  const outputSchema = top['outputSchema'] as { schemaRef?: { id?: unknown } } | undefined;
  const schemaId = outputSchema?.schemaRef?.id ?? top['xdmSchema'];
  return { mappings, schemaId: typeof schemaId === 'string' ? schemaId : undefined };
}

/** Minimal RFC 4180 CSV: quoted fields with "" escapes, commas and newlines inside quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new InvalidInputError('csv', 'a quoted field is not closed');
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  return rows;
}

const isBlank = (row: readonly string[]) => row.every((f) => f.trim() === '');

export function parseMappingCsv(text: string, file: string): MappingFileContent {
  let rows: string[][];
  try {
    rows = parseCsv(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new InvalidInputError(file, (error as InvalidInputError).rule ?? 'is not valid CSV');
  }
  // Row numbers count blank rows too, so that they match what an editor shows.
  const headerAt = rows.findIndex((r) => !isBlank(r));
  const header = rows[headerAt]?.map((h) => h.trim().toLowerCase());
  if (!header) throw new InvalidInputError(file, 'is empty (expected a header row: source,destination[,sourceType])');
  const col = (...names: string[]) => header.findIndex((h) => names.includes(h));
  const source = col('source', 'sourceattribute', 'source attribute');
  const destination = col('destination', 'destinationxdmpath', 'target', 'xdm path');
  const sourceType = col('sourcetype', 'source type');
  if (source < 0 || destination < 0) throw new InvalidInputError(`${file} row ${headerAt + 1}`, 'the header must name a source and a destination column');
  const mappings: Mapping[] = [];
  rows.forEach((r, i) => {
    if (i <= headerAt || isBlank(r)) return;
    const where = `${file} row ${i + 1}`;
    const cell = (index: number, name: string) => {
      const value = r[index];
      if (value === undefined) throw new InvalidInputError(`${where} ${name}`, 'is missing (the row has fewer cells than the header)');
      return value;
    };
    mappings.push(checkMapping({ source: cell(source, 'source'), destination: cell(destination, 'destination'), sourceType: sourceType < 0 ? undefined : r[sourceType] }, where));
  });
  if (mappings.length === 0) throw new InvalidInputError(file, 'has a header but no mappings');
  return { mappings };
}

export function parseMappingFile(text: string, file: string): MappingFileContent {
  if (/\.csv$/i.test(file)) return parseMappingCsv(text, file);
  if (/\.json$/i.test(file) || /^\s*[[{]/.test(text)) return parseMappingJson(text, file);
  throw new InvalidInputError(file, 'must be a .json or .csv mapping file');
}
