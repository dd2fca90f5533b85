// paginate() in its four styles, driven through the real client services over HTTP (axios → nock):
// Flow Service `_links.next.href`, Schema Registry `results` + `_page.next`, Catalog id-keyed objects with
// offsets, Data Prep `{data, _page}` offsets; plus maxItems, loop detection and FlowCollection.count().

import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPlatformClient, type PlatformClient } from '../../src/platform/client.js';
import { ResponseShapeError } from '../../src/platform/errors.js';
import type { PlatformRequest } from '../../src/platform/internal/http.js';
import { catalogPages, dataPrepPages, paginate } from '../../src/platform/internal/paginate.js';

const PLATFORM = 'https://platform.adobe.io';
const FLOW = '/data/foundation/flowservice';
const REGISTRY = '/data/foundation/schemaregistry';
const CATALOG = '/data/foundation/catalog';
const CONVERSION = '/data/foundation/conversion';

const AEP_HEADERS = {
  authorization: 'Bearer tok',
  'x-api-key': 'cid',
  'x-gw-ims-org-id': 'ORG@AdobeOrg',
  'x-sandbox-name': 'dev',
};

let sleeps: number[] = [];
let unmatched: string[] = [];
function recordUnmatched(req: { method?: string; path?: string; options?: { method?: string; path?: string } }): void {
  unmatched.push(`${req.method ?? req.options?.method ?? '?'} ${req.path ?? req.options?.path ?? '?'}`);
}

beforeEach(() => {
  sleeps = [];
  unmatched = [];
  nock.cleanAll();
  nock.disableNetConnect();
  nock.emitter.on('no match', recordUnmatched);
});

afterEach(() => {
  nock.emitter.off('no match', recordUnmatched);
  nock.cleanAll();
  nock.enableNetConnect();
});

function client(): Promise<PlatformClient> {
  return createPlatformClient({
    sandbox: 'dev',
    orgId: 'ORG@AdobeOrg',
    clientId: 'cid',
    accessToken: 'tok',
    // A request nock does not match must fail fast, not be retried four times.
    maxRetries: 0,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    now: () => 1_760_000_000_000,
  });
}

function platform(): nock.Scope {
  return nock(PLATFORM, { reqheaders: AEP_HEADERS });
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const flows = (...ns: number[]) => ns.map((n) => ({ id: uuid(n), name: `flow-${n}` }));
const hex24 = (n: number) => n.toString(16).padStart(24, '0');

describe('Flow Service: _links.next.href', () => {
  it('follows a relative href (continuationToken) and keeps the original property filter and limit', async () => {
    const aep = await client();
    const scope = platform()
      .get(`${FLOW}/flows`)
      .query({ property: 'state==enabled', limit: '2' })
      .reply(200, { items: flows(1, 2), _links: { next: { href: '/flows?continuationToken=abc' } } })
      .get(`${FLOW}/flows`)
      .query({ property: 'state==enabled', limit: '2', continuationToken: 'abc' })
      .reply(200, { items: flows(3), _links: {} });

    const got = await collect(aep.flowService.flows.list({ filters: ['state==enabled'], pageSize: 2, maxItems: 10 }));

    expect(got.map((f) => f.id)).toEqual([uuid(1), uuid(2), uuid(3)]);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('keeps several AND-ed property filters and orderby across pages', async () => {
    const aep = await client();
    const query = { property: ['state==enabled', 'flowSpec.id==14518937-270c-4525-bdec-c2ba7cce3860'], orderby: '-createdAt', limit: '1' };
    const scope = platform()
      .get(`${FLOW}/flows`)
      .query(query)
      .reply(200, { items: flows(1), _links: { next: { href: '/flows?continuationToken=t1' } } })
      .get(`${FLOW}/flows`)
      .query({ ...query, continuationToken: 't1' })
      .reply(200, { items: flows(2) });

    const got = await collect(
      aep.flowService.flows.list({ filters: query.property, orderBy: '-createdAt', pageSize: 1, maxItems: 10 }),
    );

    expect(got).toHaveLength(2);
    expect(scope.isDone()).toBe(true);
  });

  it('follows an absolute href below the service base path', async () => {
    const aep = await client();
    const scope = platform()
      .get(`${FLOW}/runs`)
      .query({ property: `flowId==${uuid(9)}`, limit: '2' })
      .reply(200, { items: [{ id: uuid(1) }, { id: uuid(2) }], _links: { next: { href: `${PLATFORM}${FLOW}/runs?continuationToken=def` } } })
      .get(`${FLOW}/runs`)
      .query({ property: `flowId==${uuid(9)}`, limit: '2', continuationToken: 'def' })
      .reply(200, { items: [{ id: uuid(3) }], _links: {} });

    const got = await collect(aep.flowService.runs.list({ filters: [`flowId==${uuid(9)}`], pageSize: 2, maxItems: 10 }));

    expect(got.map((r) => r.id)).toEqual([uuid(1), uuid(2), uuid(3)]);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('an href naming another host still goes to the configured gateway (the token never leaves it)', async () => {
    const aep = await client();
    const evil = nock('https://evil.example.com').get(/.*/).reply(200, { items: [] });
    const scope = platform()
      .get(`${FLOW}/flows`)
      .query({ limit: '2' })
      .reply(200, { items: flows(1, 2), _links: { next: { href: `https://evil.example.com${FLOW}/flows?continuationToken=x` } } })
      .get(`${FLOW}/flows`)
      .query({ limit: '2', continuationToken: 'x' })
      .reply(200, { items: flows(3) });

    expect(await collect(aep.flowService.flows.list({ maxItems: 10, pageSize: 2 }))).toHaveLength(3);
    expect(scope.isDone()).toBe(true);
    expect(evil.isDone()).toBe(false);
  });

  it('stops when _links is {} (no further request)', async () => {
    const aep = await client();
    const scope = platform()
      .get(`${FLOW}/flows`)
      .query({ limit: '100' })
      .reply(200, { items: flows(1, 2), _links: {} });

    expect(await collect(aep.flowService.flows.list({ maxItems: 1000 }))).toHaveLength(2);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('stops on an empty page even if it carries a next link', async () => {
    const aep = await client();
    const scope = platform()
      .get(`${FLOW}/flows`)
      .query({ limit: '100' })
      .reply(200, { items: [], _links: { next: { href: '/flows?continuationToken=more' } } });

    expect(await collect(aep.flowService.flows.list({ maxItems: 1000 }))).toEqual([]);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('maxItems stops early without fetching more pages', async () => {
    const aep = await client();
    const scope = platform()
      .get(`${FLOW}/flows`)
      .query({ limit: '5' })
      .reply(200, { items: flows(1, 2, 3, 4, 5), _links: { next: { href: '/flows?continuationToken=p2' } } });

    const got = await collect(aep.flowService.flows.list({ maxItems: 3, pageSize: 5 }));

    expect(got.map((f) => f.name)).toEqual(['flow-1', 'flow-2', 'flow-3']);
    expect(scope.isDone()).toBe(true);
    expect(aep.http.attempts).toBe(1);
    expect(unmatched).toEqual([]);
  });

  it('maxItems reached exactly at a page boundary: the next page is not fetched', async () => {
    const aep = await client();
    const scope = platform()
      .get(`${FLOW}/flows`)
      .query({ limit: '2' })
      .reply(200, { items: flows(1, 2), _links: { next: { href: '/flows?continuationToken=p2' } } });

    expect(await collect(aep.flowService.flows.list({ maxItems: 2 }))).toHaveLength(2);
    expect(aep.http.attempts).toBe(1);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('a server returning the same next page twice → ResponseShapeError, no infinite loop', async () => {
    const aep = await client();
    const scope = platform()
      .get(`${FLOW}/flows`)
      .query({ limit: '2' })
      .reply(200, { items: flows(1, 2), _links: { next: { href: '/flows?continuationToken=same' } } })
      .get(`${FLOW}/flows`)
      .query({ limit: '2', continuationToken: 'same' })
      .reply(200, { items: flows(3, 4), _links: { next: { href: '/flows?continuationToken=same' } } });

    const seen: string[] = [];
    const error = await (async () => {
      for await (const flow of aep.flowService.flows.list({ maxItems: 100, pageSize: 2 })) seen.push(flow.id);
    })().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ResponseShapeError);
    expect((error as ResponseShapeError).message).toContain('same page twice');
    expect(seen).toHaveLength(4);
    expect(aep.http.attempts).toBe(2);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('a next link back to the first page is caught too', async () => {
    const aep = await client();
    const scope = platform()
      .get(`${FLOW}/flows`)
      .query({ limit: '2' })
      .reply(200, { items: flows(1, 2), _links: { next: { href: '/flows?limit=2' } } });

    await expect(collect(aep.flowService.flows.list({ maxItems: 100, pageSize: 2 }))).rejects.toBeInstanceOf(ResponseShapeError);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('a list page without items is a ResponseShapeError naming `items`', async () => {
    const aep = await client();
    const scope = platform().get(`${FLOW}/flows`).query(true).reply(200, { flows: [] });
    const error = await collect(aep.flowService.flows.list({ maxItems: 10 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseShapeError);
    expect((error as ResponseShapeError).message).toContain('`items`');
    expect(scope.isDone()).toBe(true);
  });

  it('an item of the wrong shape is a ResponseShapeError naming its index', async () => {
    const aep = await client();
    const scope = platform().get(`${FLOW}/flows`).query(true).reply(200, { items: [{ id: uuid(1) }, { name: 'no id' }] });
    const error = await collect(aep.flowService.flows.list({ maxItems: 10 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseShapeError);
    expect((error as ResponseShapeError).message).toContain('items[1]');
    expect(scope.isDone()).toBe(true);
  });
});

describe('FlowCollection.count()', () => {
  it('asks count=true (without limit) and returns {count}', async () => {
    const aep = await client();
    const scope = platform()
      .get(`${FLOW}/flows`)
      .query({ count: 'true' })
      .reply(200, { count: 42 })
      .get(`${FLOW}/runs`)
      .query({ property: `flowId==${uuid(7)}`, count: 'true' })
      .reply(200, { count: 3 });

    expect(await aep.flowService.flows.count()).toBe(42);
    expect(await aep.flowService.runs.count([`flowId==${uuid(7)}`])).toBe(3);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('falls back to the number of items when the answer has no count', async () => {
    const aep = await client();
    const scope = platform().get(`${FLOW}/flows`).query({ count: 'true' }).reply(200, { items: flows(1, 2, 3) });
    expect(await aep.flowService.flows.count()).toBe(3);
    expect(scope.isDone()).toBe(true);
  });
});

describe('Schema Registry: results + _page.next', () => {
  const schema = (n: number) => ({ $id: `https://ns.adobe.com/acme/schemas/${hex24(n)}${hex24(n)}`, title: `Schema ${n}` });

  it('asks the next page with start=<_page.next>, keeping orderby, limit and the Accept header', async () => {
    const aep = await client();
    const scope = platform()
      .get(`${REGISTRY}/tenant/schemas`)
      .query({ orderby: 'title', limit: '5' })
      .matchHeader('accept', 'application/vnd.adobe.xed-id+json')
      .reply(200, { results: [schema(1), schema(2)], _page: { orderby: 'title', next: 'Schema 2', count: 2 } })
      .get(`${REGISTRY}/tenant/schemas`)
      .query({ orderby: 'title', limit: '5', start: 'Schema 2' })
      .matchHeader('accept', 'application/vnd.adobe.xed-id+json')
      .reply(200, { results: [schema(3)], _page: { orderby: 'title', next: null, count: 1 } });

    const got = await collect(aep.schemaRegistry.schemas.list({ maxItems: 5 }));

    expect(got.map((s) => s.title)).toEqual(['Schema 1', 'Schema 2', 'Schema 3']);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('prefers _links.next.href when the registry gives one', async () => {
    const aep = await client();
    const scope = platform()
      .get(`${REGISTRY}/tenant/schemas`)
      .query({ orderby: 'title', limit: '5' })
      .reply(200, {
        results: [schema(1)],
        _page: { next: 'Schema 1' },
        _links: { next: { href: `${PLATFORM}${REGISTRY}/tenant/schemas?orderby=title&start=Schema%201&limit=5` } },
      })
      .get(`${REGISTRY}/tenant/schemas`)
      .query({ orderby: 'title', limit: '5', start: 'Schema 1' })
      .reply(200, { results: [schema(2)], _page: {}, _links: {} });

    expect(await collect(aep.schemaRegistry.schemas.list({ maxItems: 5 }))).toHaveLength(2);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('a page without results is a ResponseShapeError', async () => {
    const aep = await client();
    const scope = platform().get(`${REGISTRY}/tenant/schemas`).query(true).reply(200, [schema(1)]);
    expect(await collect(aep.schemaRegistry.schemas.list({ maxItems: 5 })).catch((e: unknown) => e)).toBeInstanceOf(ResponseShapeError);
    expect(scope.isDone()).toBe(true);
  });
});

describe('Catalog: object keyed by id, start/limit offsets', () => {
  const page = (from: number, count: number) =>
    Object.fromEntries(Array.from({ length: count }, (_, i) => [hex24(from + i), { name: `ds-${from + i}`, created: 1_700_000_000_000 + from + i }]));
  const baseQuery = { orderBy: 'desc:created', properties: 'name,description,schemaRef,created,updated' };

  it('pages by offset until a page is shorter than limit; items get their id', async () => {
    const aep = await client();
    const scope = platform()
      .get(`${CATALOG}/dataSets`)
      .query({ ...baseQuery, limit: '100', start: '0' })
      .reply(200, page(0, 100))
      .get(`${CATALOG}/dataSets`)
      .query({ ...baseQuery, limit: '100', start: '100' })
      .reply(200, page(100, 3));

    const got = await collect(aep.catalog.datasets.list({ maxItems: 500 }));

    expect(got).toHaveLength(103);
    expect(got[0]).toMatchObject({ id: hex24(0), name: 'ds-0' });
    expect(got[102]).toMatchObject({ id: hex24(102), name: 'ds-102' });
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('a full last page is followed by one request that answers {} and ends the list', async () => {
    const aep = await client();
    const scope = platform()
      .get(`${CATALOG}/dataSets`)
      .query({ ...baseQuery, limit: '100', start: '0' })
      .reply(200, page(0, 100))
      .get(`${CATALOG}/dataSets`)
      .query({ ...baseQuery, limit: '100', start: '100' })
      .reply(200, {});

    expect(await collect(aep.catalog.datasets.list({ maxItems: 1000 }))).toHaveLength(100);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('paginate + catalogPages through the client HTTP stack with a small limit', async () => {
    const aep = await client();
    const scope = platform()
      .get(`${CATALOG}/batches`)
      .query({ dataSet: hex24(1), limit: '2', start: '0' })
      .reply(200, { b1: { status: 'success' }, b2: { status: 'failed' } })
      .get(`${CATALOG}/batches`)
      .query({ dataSet: hex24(1), limit: '2', start: '2' })
      .reply(200, { b3: { status: 'processing' } });
    const request: PlatformRequest = { method: 'GET', service: 'catalog', path: '/batches', query: { dataSet: hex24(1), limit: 2, start: 0 } };

    const got = await collect(paginate(aep.http, request, catalogPages, { maxItems: 10 }));

    expect(got).toEqual([
      { id: 'b1', status: 'success' },
      { id: 'b2', status: 'failed' },
      { id: 'b3', status: 'processing' },
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it('a list answer that is not an object is a ResponseShapeError', async () => {
    const aep = await client();
    const scope = platform().get(`${CATALOG}/dataSets`).query(true).reply(200, '["@/dataSets/x"]', { 'Content-Type': 'application/json' });
    expect(await collect(aep.catalog.datasets.list({ maxItems: 5 })).catch((e: unknown) => e)).toBeInstanceOf(ResponseShapeError);
    expect(scope.isDone()).toBe(true);
  });
});

describe('Data Prep: {data, _page} offsets', () => {
  const sets = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => ({ id: `${hex24(from + i)}00000000`, name: `map-${from + i}`, version: 0 }));

  it('pages by start/limit until a short page', async () => {
    const aep = await client();
    const scope = platform()
      .get(`${CONVERSION}/mappingSets`)
      .query({ limit: '100', start: '0' })
      .reply(200, { data: sets(0, 100), _page: { count: 100, limit: 100 } })
      .get(`${CONVERSION}/mappingSets`)
      .query({ limit: '100', start: '100' })
      .reply(200, { data: sets(100, 20), _page: { count: 20, limit: 100 } });

    const got = await collect(aep.dataPrep.mappingSets.list({ maxItems: 1000 }));

    expect(got).toHaveLength(120);
    expect(got[119]?.name).toBe('map-119');
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('maxItems caps the page size and the number of requests', async () => {
    const aep = await client();
    const scope = platform()
      .get(`${CONVERSION}/mappingSets`)
      .query({ limit: '2', start: '0', name: 'map' })
      .reply(200, { data: sets(0, 2), _page: { count: 2, limit: 2 } });

    expect(await collect(aep.dataPrep.mappingSets.list({ maxItems: 2, name: 'map' }))).toHaveLength(2);
    expect(aep.http.attempts).toBe(1);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('paginate + dataPrepPages with a small limit follows offsets', async () => {
    const aep = await client();
    const scope = platform()
      .get(`${CONVERSION}/mappingSets`)
      .query({ limit: '2', start: '0' })
      .reply(200, { data: sets(0, 2), _page: { count: 2 } })
      .get(`${CONVERSION}/mappingSets`)
      .query({ limit: '2', start: '2' })
      .reply(200, { data: sets(2, 2), _page: { count: 2 } })
      .get(`${CONVERSION}/mappingSets`)
      .query({ limit: '2', start: '4' })
      .reply(200, { data: [], _page: { count: 0 } });
    const request: PlatformRequest = { method: 'GET', service: 'conversion', path: '/mappingSets', query: { limit: 2, start: 0 } };

    expect(await collect(paginate(aep.http, request, dataPrepPages, { maxItems: Infinity }))).toHaveLength(4);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('a page without data is a ResponseShapeError naming `data`', async () => {
    const aep = await client();
    const scope = platform().get(`${CONVERSION}/mappingSets`).query(true).reply(200, { items: [] });
    const error = await collect(aep.dataPrep.mappingSets.list({ maxItems: 5 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseShapeError);
    expect((error as ResponseShapeError).message).toContain('`data`');
    expect(scope.isDone()).toBe(true);
  });
});
