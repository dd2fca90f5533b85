// Catalog list queries (https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/filter-data): `limit` (default 20, at most 100), `start` (an offset),
// `orderBy=desc:created,asc:name`, `properties=a,b` (top-level allowlist) and `property=` filter expressions.

import { fail, problem } from '../../errors.js';
import type { Json } from '../../records.js';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

export function badRequest(detail: string): never {
  return fail(problem(400, 'Bad Request', detail));
}

function integerParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  if (!/^-?\d+$/.test(raw.trim())) badRequest(`Query parameter ${name} must be an integer, got "${raw}"`);
  return Number(raw);
}

export function limitParam(query: URLSearchParams): number {
  const limit = integerParam(query, 'limit') ?? DEFAULT_LIMIT;
  if (limit < 1 || limit > MAX_LIMIT) badRequest(`Query parameter limit must be between 1 and ${MAX_LIMIT}, got ${limit}`);
  return limit;
}

export function startParam(query: URLSearchParams): number {
  const start = integerParam(query, 'start') ?? 0;
  if (start < 0) badRequest(`Query parameter start must not be negative, got ${start}`);
  return start;
}

/** An epoch-ms parameter (`createdAfter`), if present. */
export function timeParam(query: URLSearchParams, name: string): number | undefined {
  return integerParam(query, name);
}

interface SortKey {
  field: string;
  descending: boolean;
}

/** `desc:created`, `asc:created,updated` (a field without direction keeps the previous one), `name`. */
export function parseOrderBy(raw: string | null): SortKey[] {
  if (raw === null || raw.trim() === '') return [];
  const keys: SortKey[] = [];
  let descending = false;
  for (const part of raw.split(',')) {
    const m = /^\s*(?:(asc|desc):)?([A-Za-z_][\w.]*)\s*$/.exec(part);
    if (!m) badRequest(`Invalid orderBy "${raw}": use orderBy=asc:FIELD or orderBy=desc:FIELD`);
    if (m[1]) descending = m[1] === 'desc';
    keys.push({ field: m[2] as string, descending });
  }
  return keys;
}

function fieldValue(item: Json, path: string): unknown {
  let value: unknown = item;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Json)[key];
  }
  return value;
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return 1;
  if (b === undefined || b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** Stable sort by the keys; items without the field go last. */
export function sortItems<T extends Json>(items: T[], keys: SortKey[]): T[] {
  if (keys.length === 0) return items;
  return [...items].sort((a, b) => {
    for (const key of keys) {
      const va = fieldValue(a, key.field);
      const vb = fieldValue(b, key.field);
      if (va === undefined || va === null || vb === undefined || vb === null) {
        const c = compare(va, vb);
        if (c !== 0) return c;
        continue;
      }
      const c = compare(va, vb);
      if (c !== 0) return key.descending ? -c : c;
    }
    return 0;
  });
}

/**
 * `property=` filter expressions (Catalog's "filter-data" grammar, the part worth having): `field==value`,
 * `field!=value`, `field~regex`, `field>n`, `field>=n`, `field<n`, `field<=n`, `field` (exists), `!field`
 * (does not exist). Several `property` parameters must all hold.
 */
export function propertyFilter(query: URLSearchParams): (item: Json) => boolean {
  const tests: Array<(item: Json) => boolean> = [];
  for (const raw of query.getAll('property')) if (raw.trim() !== '') tests.push(parseProperty(raw.trim()));
  return (item) => tests.every((test) => test(item));
}

function parseProperty(expression: string): (item: Json) => boolean {
  const m = /^(!?)([A-Za-z_][\w.]*)(?:(==|!=|>=|<=|>|<|~)(.*))?$/.exec(expression);
  if (!m) badRequest(`Invalid property filter "${expression}"`);
  const [, not, field = '', op, operand = ''] = m;
  if (not) {
    if (op) badRequest(`Invalid property filter "${expression}"`);
    return (item) => fieldValue(item, field) === undefined;
  }
  if (!op) return (item) => fieldValue(item, field) !== undefined;
  if (op === '~') {
    let regex: RegExp;
    try {
      regex = new RegExp(operand);
    } catch {
      return badRequest(`Invalid regular expression in property filter "${expression}"`);
    }
    return (item) => {
      const v = fieldValue(item, field);
      return v !== undefined && v !== null && regex.test(String(v));
    };
  }
  return (item) => {
    const v = fieldValue(item, field);
    if (v === undefined) return op === '!=';
    const c = typeof v === 'number' && operand.trim() !== '' && !Number.isNaN(Number(operand)) ? v - Number(operand) : compare(String(v), operand);
    switch (op) {
      case '==':
        return c === 0;
      case '!=':
        return c !== 0;
      case '>':
        return c > 0;
      case '>=':
        return c >= 0;
      case '<':
        return c < 0;
      default:
        return c <= 0;
    }
  };
}

/** `properties=name,schemaRef`: only those top-level fields; absent or empty means all. */
export function projection(query: URLSearchParams): (view: Json) => Json {
  const raw = query.get('properties');
  const wanted = raw
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!wanted || wanted.length === 0) return (view) => view;
  return (view) => {
    const out: Json = {};
    for (const key of wanted) if (key in view) out[key] = view[key];
    return out;
  };
}

/** The page of `items` as Catalog shows lists: an object keyed by id. */
export function page<T extends Json & { id: string }>(items: T[], query: URLSearchParams, view: (item: T) => Json): Json {
  const start = startParam(query);
  const limit = limitParam(query);
  const project = projection(query);
  const out: Json = {};
  for (const item of items.slice(start, start + limit)) out[item.id] = project(view(item));
  return out;
}
