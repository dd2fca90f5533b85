// List queries shared by every Flow Service collection (https://experienceleague.adobe.com/en/docs/experience-platform/dataflows/api/sort-and-filter): `property=` filters (repeatable,
// AND-ed; comma = any of; quoted strings; dot paths; `[]` for arrays), `orderby=[+-]field`, `limit` pages with
// an opaque `continuationToken`, and `count=true`.

import type { EmulatorRequest, Reply } from '../../http-types.js';
import type { Json } from '../../records.js';
import { isObject, reject } from './resource.js';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

const OPERATORS = ['==', '!=', '<=', '>=', '<', '>'] as const;
type Operator = (typeof OPERATORS)[number];

interface Filter {
  text: string;
  path: string[];
  operator: Operator;
  /** Values with `quoted` set compare as strings only. */
  values: { text: string; quoted: boolean }[];
}

/** `a.b[].c`: identifier segments, each optionally marked as an array. */
const FIELD = /^[A-Za-z_$@][\w$@-]*(\[\])?(\.[A-Za-z_$@][\w$@-]*(\[\])?)*$/;

const fieldPath = (field: string) => field.split('.').map((s) => s.replace(/\[\]$/, ''));

/** Splits `a,"b,c",d` on the commas outside quotes. */
function splitValues(text: string): { text: string; quoted: boolean }[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = undefined;
      current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      current += c;
    } else if (c === ',') {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts.map((p) => {
    const t = p.trim();
    const quoted = t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0];
    return { text: quoted ? t.slice(1, -1) : t, quoted };
  });
}

function parseFilter(request: EmulatorRequest, text: string, fields: ReadonlySet<string>): Filter {
  const at = text.search(/[=!<>~]/);
  if (at <= 0) reject(request, '1453-400', `Invalid query value ${text} provided in query param.`);
  const field = text.slice(0, at).trim();
  const operatorText = /^[=!<>~]+/.exec(text.slice(at))?.[0] ?? '';
  const operator = OPERATORS.find((o) => o === operatorText);
  if (!operator) reject(request, '1450-400', `Invalid operator ${operatorText} in filter params.`);
  const path = fieldPath(field);
  if (!FIELD.test(field) || !fields.has(path[0] as string)) reject(request, '1449-400', `Invalid field ${field} in filter params.`);
  const rest = text.slice(at + operatorText.length);
  const values = splitValues(rest);
  if (rest.trim() === '' || values.some((v) => v.text === '' && !v.quoted)) reject(request, '1453-400', `Invalid query value ${text} provided in query param.`);
  if (values.length > 1 && operator !== '==' && operator !== '!=') reject(request, '1443-400', `Operator '${operator}' is not allowed for multiple values.`);
  return { text, path, operator, values };
}

/** Every value at `path`, arrays flattened (with or without `[]` in the filter). */
function valuesAt(item: Json, path: string[]): unknown[] {
  let current: unknown[] = [item];
  for (const key of path) {
    const next: unknown[] = [];
    for (const value of current) {
      if (!isObject(value) || value[key] === undefined) continue;
      const child = value[key];
      if (Array.isArray(child)) next.push(...child);
      else next.push(child);
    }
    current = next;
  }
  return current.flatMap((v) => (Array.isArray(v) ? v : [v]));
}

const numeric = (text: string) => (/^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : undefined);

function equals(actual: unknown, value: { text: string; quoted: boolean }): boolean {
  if (typeof actual === 'number' && !value.quoted) return numeric(value.text) === actual;
  if (typeof actual === 'boolean') return String(actual) === value.text.toLowerCase();
  // Case-insensitive: Adobe's own examples filter `status==Failed` on values written `failed`.
  return typeof actual === 'string' && actual.toLowerCase() === value.text.toLowerCase();
}

function compare(request: EmulatorRequest, filter: Filter, actual: unknown, value: { text: string; quoted: boolean }): boolean {
  let order: number;
  if (typeof actual === 'number') {
    const n = numeric(value.text);
    if (n === undefined) reject(request, '1452-400', `Invalid value ${value.text} for field ${filter.path.join('.')}.`);
    order = actual - n;
  } else if (typeof actual === 'string') {
    const a = numeric(actual);
    const n = numeric(value.text);
    order = a !== undefined && n !== undefined && !value.quoted ? a - n : actual < value.text ? -1 : actual > value.text ? 1 : 0;
  } else return false;
  switch (filter.operator) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    default:
      return order >= 0;
  }
}

function matches(request: EmulatorRequest, item: Json, filter: Filter): boolean {
  const actual = valuesAt(item, filter.path);
  const hit = actual.some((a) => filter.values.some((v) => equals(a, v)));
  if (filter.operator === '==') return hit;
  if (filter.operator === '!=') return !hit;
  return actual.some((a) => filter.values.some((v) => compare(request, filter, a, v)));
}

interface Sort {
  path: string[];
  descending: boolean;
}

function parseOrderBy(request: EmulatorRequest, text: string, fields: ReadonlySet<string>): Sort[] {
  return text.split(',').map((part) => {
    const m = /^\s*([+-]?)(.*?)\s*$/.exec(part) as RegExpExecArray;
    const field = m[2] as string;
    if (!FIELD.test(field)) reject(request, '1433-400', `Incorrect field= ${field} passed in orderBy, example are +name, -name, name.`);
    const path = fieldPath(field);
    if (!fields.has(path[0] as string)) {
      reject(request, '1432-400', `Sort field ${field} is not correct: order by a field of the resource, prepend + for ascending order and - for descending order.`);
    }
    return { path, descending: m[1] === '-' };
  });
}

function sortValue(item: Json, path: string[]): unknown {
  return valuesAt(item, path)[0];
}

function byOrder(sorts: Sort[]) {
  return (a: Json, b: Json): number => {
    for (const { path, descending } of sorts) {
      const x = sortValue(a, path);
      const y = sortValue(b, path);
      if (x === y) continue;
      // Items without the field go last whichever the direction.
      if (x === undefined || x === null) return 1;
      if (y === undefined || y === null) return -1;
      const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
      if (order !== 0) return descending ? -order : order;
    }
    return 0;
  };
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodeToken(request: EmulatorRequest, token: string): number {
  try {
    const offset = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown }).o;
    if (typeof offset === 'number' && Number.isSafeInteger(offset) && offset >= 0) return offset;
  } catch {
    // falls through to the error below
  }
  reject(request, '1451-400', 'Invalid params continuationToken provided in query params.');
}

function parseLimit(request: EmulatorRequest, text: string | null): number {
  if (text === null) return DEFAULT_LIMIT;
  const n = numeric(text);
  if (n === undefined || !Number.isInteger(n) || n < 1) reject(request, '1451-400', `Invalid params limit=${text} provided in query params.`);
  return Math.min(n, MAX_LIMIT);
}

export interface ListOptions {
  /** The collection's path below the service, e.g. `flows`: the `_links.next.href` starts with it. */
  collection: string;
  /** Top-level fields that may be filtered and sorted on. */
  fields: ReadonlySet<string>;
}

/** The reply to `GET /<collection>?…` over `items` (already in their public shape, oldest first). */
export function listReply(request: EmulatorRequest, items: Json[], options: ListOptions): Reply {
  const query = request.query;
  const count = query.get('count');
  if (count !== null && !['true', 'false'].includes(count.toLowerCase())) reject(request, '1451-400', `Invalid params count=${count} provided in query params.`);
  const counting = count?.toLowerCase() === 'true';
  if (counting && query.has('limit')) {
    reject(request, '1401-400', 'The limit and count parameters cannot be given together in the same request. Please provide either only the limit or the count parameter and try again.');
  }
  const filters = query.getAll('property').map((p) => parseFilter(request, p, options.fields));
  const orderby = query.get('orderby');
  const sorts = orderby ? parseOrderBy(request, orderby, options.fields) : [];
  const limit = parseLimit(request, query.get('limit'));
  const token = query.get('continuationToken');
  const offset = token ? decodeToken(request, token) : 0;

  let selected = items.filter((item) => filters.every((f) => matches(request, item, f)));
  if (counting) return { status: 200, body: { count: selected.length } };
  if (sorts.length > 0) selected = [...selected].sort(byOrder(sorts));
  const page = selected.slice(offset, offset + limit);
  const links: Json = {};
  if (offset + limit < selected.length) {
    const next = new URLSearchParams({ continuationToken: encodeToken(offset + limit) });
    if (query.has('limit')) next.set('limit', query.get('limit') as string);
    for (const p of query.getAll('property')) next.append('property', p);
    if (orderby) next.set('orderby', orderby);
    links['next'] = { href: `/${options.collection}?${next.toString()}` };
  }
  return { status: 200, body: { items: page, _links: links } };
}

/** Audit and identity fields every instance has, for filters and sorting. */
export const COMMON_FIELDS = [
  'id',
  'name',
  'description',
  'state',
  'version',
  'etag',
  'createdAt',
  'updatedAt',
  'createdBy',
  'updatedBy',
  'createdClient',
  'updatedClient',
  'sandboxId',
  'sandboxName',
  'imsOrgId',
] as const;

export function fieldSet(...extra: string[]): ReadonlySet<string> {
  return new Set<string>([...COMMON_FIELDS, ...extra]);
}
