// Registry lists (https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/appendix): `property` filters, `orderby` (comma-separated, `-` for descending),
// and `start` + `limit` paging that only works together with `orderby`. `start` is the last seen value of the
// primary sort field; the next page holds the items strictly after it, so a page never ends inside a run of
// equal values (the OpenAPI calls `limit` a hint for exactly this reason).

import { fail } from '../../errors.js';
import type { EmulatorRequest } from '../../http-types.js';
import type { Json, ResourceRecord } from '../../records.js';
import { BASE, badRequest, header } from './common.js';

export interface Page {
  items: ResourceRecord[];
  orderby: string;
  /** The `start` of the next page, or null on the last one. */
  next: string | null;
}

/** Sort keys with a meaning of their own; any other is a top-level attribute. */
function sortValue(record: Json, field: string): unknown {
  const meta = record['meta:registryMetadata'] as Record<string, unknown> | undefined;
  if (field === 'updated') return meta?.['repo:lastModifiedDate'] ?? 0;
  if (field === 'created') return meta?.['repo:createdDate'] ?? 0;
  return record[field];
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a === undefined || a === null) return b === undefined || b === null ? 0 : -1;
  if (b === undefined || b === null) return 1;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `start` arrives as text: compare it as a number when the sort field holds numbers. */
function compareToStart(value: unknown, start: string): number {
  if (typeof value === 'number' && start.trim() !== '' && !Number.isNaN(Number(start))) return value - Number(start);
  return compare(value === undefined || value === null ? '' : String(value), start);
}

const FILTER = /^(.+?)(==|!=|<=|>=|<|>|~)(.*)$/;

/** One `property=` filter: `title==X`, `title!=X`, `version>1.0`, `title~regex`, or a bare name (attribute exists). */
function matches(record: Json, filter: string): boolean {
  const parsed = FILTER.exec(filter);
  if (!parsed) return record[filter.trim()] !== undefined;
  const [, rawField = '', op = '', expected = ''] = parsed;
  const value = sortValue(record, rawField.trim());
  const values = Array.isArray(value) ? value : [value];
  const test = (v: unknown): boolean => {
    if (v === undefined || v === null) return false;
    const c = compareToStart(v, expected);
    switch (op) {
      case '==': return String(v) === expected;
      case '!=': return String(v) !== expected;
      case '<': return c < 0;
      case '>': return c > 0;
      case '<=': return c <= 0;
      case '>=': return c >= 0;
      default: {
        let regex: RegExp;
        try {
          regex = new RegExp(expected);
        } catch {
          return fail(badRequest(`The property filter ${filter} holds an invalid regular expression`));
        }
        return regex.test(String(v));
      }
    }
  };
  return op === '!=' ? values.every(test) : values.some(test);
}

export function filterByProperty(request: EmulatorRequest, items: ResourceRecord[]): ResourceRecord[] {
  const filters = request.query.getAll('property').flatMap((p) => (p.trim() === '' ? [] : [p]));
  return items.filter((item) => filters.every((f) => matches(item, f)));
}

/** Filters, sorts and cuts one page; `defaultOrder` applies when the request names no `orderby`. */
export function selectPage(request: EmulatorRequest, all: ResourceRecord[], defaultOrder = 'updated'): Page {
  const orderby = request.query.get('orderby')?.trim() || undefined;
  const limitText = request.query.get('limit');
  const start = request.query.get('start');
  if ((limitText !== null || start !== null) && orderby === undefined) fail(badRequest('The limit and start parameters can only be used together with orderby'));
  let limit: number | undefined;
  if (limitText !== null) {
    limit = Number(limitText);
    if (!/^\d+$/.test(limitText.trim()) || limit > 500) fail(badRequest(`limit must be a whole number between 0 and 500, not "${limitText}"`));
  }
  const keys = (orderby ?? defaultOrder).split(',').map((k) => k.trim()).filter(Boolean).map((k) => (k.startsWith('-') ? { field: k.slice(1), dir: -1 } : { field: k.replace(/^\+/, ''), dir: 1 }));
  const primary = keys[0] ?? { field: 'updated', dir: 1 };
  const indexed = filterByProperty(request, all).map((item, i) => ({ item, i }));
  indexed.sort((a, b) => {
    for (const key of keys) {
      const c = compare(sortValue(a.item, key.field), sortValue(b.item, key.field)) * key.dir;
      if (c !== 0) return c;
    }
    return a.i - b.i;
  });
  let sorted = indexed.map((x) => x.item);
  if (start !== null) sorted = sorted.filter((item) => compareToStart(sortValue(item, primary.field), start) * primary.dir > 0);
  if (limit === undefined || sorted.length <= limit) return { items: sorted, orderby: orderby ?? defaultOrder, next: null };
  let end = limit;
  if (end === 0) return { items: [], orderby: orderby ?? defaultOrder, next: null };
  const last = sortValue(sorted[end - 1] as ResourceRecord, primary.field);
  while (end < sorted.length && compare(sortValue(sorted[end] as ResourceRecord, primary.field), last) === 0) end++;
  const items = sorted.slice(0, end);
  const next = end < sorted.length ? String(last ?? '') : null;
  return { items, orderby: orderby ?? defaultOrder, next };
}

/** `http://host/data/foundation/schemaregistry/<path>?<query>`, absolute like the Platform's own links. */
export function link(request: EmulatorRequest, path: string, query?: URLSearchParams): string {
  const host = header(request, 'host');
  const search = query && [...query].length > 0 ? `?${query.toString()}` : '';
  return `${host ? `http://${host}` : ''}${BASE}${path}${search}`;
}

/** The `_links.next` of a page (a URI, as the spec's linksBasic says): the same request with `start` moved on. */
export function nextLink(request: EmulatorRequest, next: string | null): string | null {
  if (next === null) return null;
  const query = new URLSearchParams(request.query);
  query.set('start', next);
  return link(request, request.path, query);
}
