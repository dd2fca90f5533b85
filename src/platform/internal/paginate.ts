// One async iterator over the Platform's paging styles (documented in
// https://experienceleague.adobe.com/en/docs/experience-platform/dataflows/api/sort-and-filter,
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/appendix,
// https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/filter-data and
// https://developer.adobe.com/experience-platform-apis/references/data-prep/):
//  - Flow Service: `{items, _links.next.href}`; the href (relative to the service) carries `continuationToken`.
//  - Schema Registry: `{results, _page.next, _links.next.href}`; the next page starts after `_page.next`.
//  - Catalog: an object keyed by id; `start` is an offset, `limit` ≤ 100.
//  - Data Prep: `{data, _page}` with the same offset `start`/`limit`.
// Every caller says how many items it wants at most: nothing here runs unbounded by accident.

import { ResponseShapeError } from '../errors.js';
import type { PlatformHttp, PlatformRequest, PlatformResponse, QueryValue, RequestOptions } from './http.js';
import { SERVICE_BASE } from './http.js';

export interface Page {
  items: unknown[];
  next: PlatformRequest | undefined;
}

export type PageStyle = (response: PlatformResponse, request: PlatformRequest) => Page;

export interface PaginateOptions {
  /** Stop after this many items (Infinity to read every page, deliberately). */
  maxItems: number;
  /** The caller's per-call options, given to every page's request. */
  request?: RequestOptions | undefined;
}

export async function* paginate(http: PlatformHttp, first: PlatformRequest, style: PageStyle, options: PaginateOptions): AsyncGenerator<unknown> {
  let request: PlatformRequest | undefined = first;
  let yielded = 0;
  const seen = new Set<string>();
  while (request && yielded < options.maxItems) {
    const key = http.url(request);
    if (seen.has(key)) throw new ResponseShapeError({ title: 'the Platform returned the same page twice', url: key, method: 'GET' });
    seen.add(key);
    const response = await http.send(request, options.request);
    const page = style(response, request);
    for (const item of page.items) {
      if (yielded >= options.maxItems) return;
      yielded++;
      yield item;
    }
    request = page.items.length === 0 ? undefined : page.next;
  }
}

function shapeError(request: PlatformRequest, expected: string): ResponseShapeError {
  return new ResponseShapeError({ title: `the list response has no ${expected}`, method: 'GET', url: request.path });
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A `_links.next` may be `{href}` or a bare string, absolute or relative to the service. */
function nextHref(links: unknown): string | undefined {
  const next = asObject(links)?.['next'];
  const href = typeof next === 'string' ? next : asObject(next)?.['href'];
  return typeof href === 'string' && href.trim() !== '' ? href : undefined;
}

/** The request for a `_links.next.href`, keeping the first request's filters unless the href restates them. */
export function requestForHref(href: string, request: PlatformRequest): PlatformRequest {
  const url = new URL(href, 'http://relative.invalid');
  let path = url.pathname;
  const base = SERVICE_BASE[request.service];
  if (path.startsWith(base)) path = path.slice(base.length);
  const query: Record<string, QueryValue> = { ...request.query };
  const fromHref = new Map<string, string[]>();
  for (const [name, value] of url.searchParams) fromHref.set(name, [...(fromHref.get(name) ?? []), value]);
  for (const [name, values] of fromHref) query[name] = values.length === 1 ? values[0] : values;
  return { ...request, path: path || request.path, query };
}

export const flowServicePages: PageStyle = (response, request) => {
  const data = asObject(response.data);
  const items = data?.['items'];
  if (!Array.isArray(items)) throw shapeError(request, '`items` array');
  const href = nextHref(data?.['_links']);
  return { items, next: href ? requestForHref(href, request) : undefined };
};

export const registryPages: PageStyle = (response, request) => {
  const data = asObject(response.data);
  const items = data?.['results'];
  if (!Array.isArray(items)) throw shapeError(request, '`results` array');
  const href = nextHref(data?.['_links']);
  if (href) return { items, next: requestForHref(href, request) };
  const start = asObject(data?.['_page'])?.['next'];
  if (typeof start === 'string' && start !== '') return { items, next: { ...request, query: { ...request.query, start } } };
  return { items, next: undefined };
};

function offsetNext(request: PlatformRequest, received: number): PlatformRequest | undefined {
  const limit = Number(request.query?.['limit']);
  if (!Number.isFinite(limit) || received < limit) return undefined;
  const start = Number(request.query?.['start'] ?? 0) + received;
  return { ...request, query: { ...request.query, start } };
}

/** Catalog lists are objects keyed by id; each item gets its id back as `id`. */
export const catalogPages: PageStyle = (response, request) => {
  const data = asObject(response.data);
  if (!data) throw shapeError(request, 'object of resources keyed by id');
  const items = Object.entries(data).map(([id, value]) => ({ id, ...asObject(value) }));
  return { items, next: offsetNext(request, items.length) };
};

export const dataPrepPages: PageStyle = (response, request) => {
  const data = asObject(response.data);
  const items = data?.['data'];
  if (!Array.isArray(items)) throw shapeError(request, '`data` array');
  return { items, next: offsetNext(request, items.length) };
};
