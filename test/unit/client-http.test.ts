// The typed client over real HTTP (axios → nock): the four AEP headers, Content-Type and Accept variants,
// the retry policy (what is retried, how long it waits, when it gives up), create reconciliation after an
// ambiguous failure, the one-time token refresh on 401, response-shape checks, per-attempt timeouts,
// dry-run recording and input validation before anything is sent.

import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlatformClient, PlatformClientOptions } from '../../src/platform/client.js';
import { testClient } from '../helpers/client.js';
import {
  AuthenticationError,
  BadRequestError,
  ImsError,
  InvalidInputError,
  NotFoundError,
  RateLimitError,
  ResponseShapeError,
  ServerError,
  TimeoutError,
} from '../../src/platform/errors.js';
import type { RequestDescription } from '../../src/platform/internal/http.js';
import type { FlowCreate } from '../../src/platform/models/flow-service.js';

const PLATFORM = 'https://platform.adobe.io';
const IMS = 'https://ims-na1.adobelogin.com';
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

const FLOW_SPEC = '14518937-270c-4525-bdec-c2ba7cce3860';
const MYSQL_SPEC = '26d738e0-8963-47ea-aadf-c60de735468a';
const SOURCE_ID = 'a1b2c3d4-0000-4000-8000-000000000001';
const TARGET_ID = 'a1b2c3d4-0000-4000-8000-000000000002';
const FLOW_ID = 'f10f10f1-0000-4000-8000-0000000000f1';
const DATASET_ID = '5c8c3c555033b814b69f947f';
const MAPPING_ID = 'e7c80e4c0d8f4a98a7d400b4e178b635';
const SCHEMA_ID = 'https://ns.adobe.com/acme/schemas/52b59140414aa6a370ef5e21155fd7a686744b8739ecc168';
const CONN_STRING = 'Server=db.example.com;Port=3306;Database=shop;UID=reader;PWD=s3cret-pw;';

/** Fixed wall clock (epoch ms) the client sees through `now`. */
const T0 = 1_760_000_000_000;
let clock = T0;
const fakeClock = (): number => clock;

let sleeps: number[] = [];
const recorder = async (ms: number): Promise<void> => {
  sleeps.push(ms);
};

let unmatched: string[] = [];
function recordUnmatched(req: { method?: string; path?: string; options?: { method?: string; path?: string } }): void {
  unmatched.push(`${req.method ?? req.options?.method ?? '?'} ${req.path ?? req.options?.path ?? '?'}`);
}

beforeEach(() => {
  clock = T0;
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

function client(overrides: Partial<PlatformClientOptions> = {}): Promise<PlatformClient> {
  return testClient({ sleep: recorder, random: () => 0.5, now: fakeClock, ...overrides });
}

/** The gateway, expecting the four AEP headers on every request. */
function platform(options: { badheaders?: string[] } = {}): nock.Scope {
  return nock(PLATFORM, { reqheaders: AEP_HEADERS, ...options });
}

/** A scope for reads: the four headers, and no Content-Type (a GET has no body). */
function reads(): nock.Scope {
  return platform({ badheaders: ['content-type'] });
}

function flowBody(overrides: Partial<FlowCreate> = {}): FlowCreate {
  return {
    name: 'nightly',
    flowSpec: { id: FLOW_SPEC, version: '1.0' },
    sourceConnectionIds: [SOURCE_ID],
    targetConnectionIds: [TARGET_ID],
    transformations: [{ name: 'Copy', params: { deltaColumn: { name: 'updated_at' } } }],
    scheduleParams: { startTime: 1_760_000_000, frequency: 'minute', interval: 15 },
    ...overrides,
  };
}

const nameQuery = (name: string) => ({ property: `name=="${name}"`, limit: '100' });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('AEP headers, Content-Type and Accept', () => {
  it('every request carries the bearer token, x-api-key, org and sandbox; bodies are application/json, GETs send no Content-Type', async () => {
    const aep = await client();
    const getScope = reads()
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .matchHeader('accept', 'application/json')
      .reply(200, { items: [{ id: FLOW_ID, name: 'nightly' }] });
    const postScope = platform()
      .post(`${FLOW}/flows`, (body: { name?: string }) => body.name === 'nightly')
      .matchHeader('content-type', 'application/json')
      .reply(201, { id: FLOW_ID, etag: '"e1"' })
      .patch(`${FLOW}/flows/${FLOW_ID}`, [{ op: 'replace', path: '/name', value: 'renamed' }])
      .matchHeader('content-type', 'application/json')
      .matchHeader('if-match', '"e1"')
      .reply(200, { id: FLOW_ID, etag: '"e2"' })
      .post(`${CATALOG}/dataSets`, (body: { name?: string }) => body.name === 'Orders')
      .matchHeader('content-type', 'application/json')
      .reply(201, [`@/dataSets/${DATASET_ID}`])
      .post(`${CONVERSION}/mappingSets`, (body: { mappings?: unknown[] }) => body.mappings?.length === 1)
      .matchHeader('content-type', 'application/json')
      .reply(200, { id: MAPPING_ID, version: 0 });
    const deleteScope = reads().delete(`${FLOW}/flows/${FLOW_ID}`).reply(204, '');

    expect((await aep.flowService.flows.get(FLOW_ID)).name).toBe('nightly');
    expect(await aep.flowService.flows.create(flowBody(), { checked: true })).toEqual({ id: FLOW_ID, etag: '"e1"' });
    expect(await aep.flowService.flows.patch(FLOW_ID, [{ op: 'replace', path: '/name', value: 'renamed' }], '"e1"')).toEqual({ id: FLOW_ID, etag: '"e2"' });
    expect(await aep.catalog.datasets.create({ name: 'Orders', schemaRef: { id: SCHEMA_ID, contentType: 'application/vnd.adobe.xed-full+json;version=1' } })).toBe(DATASET_ID);
    expect(
      await aep.dataPrep.mappingSets.create({
        outputSchema: { schemaRef: { id: SCHEMA_ID, contentType: 'application/vnd.adobe.xed-full+json;version=1' } },
        mappings: [{ sourceType: 'ATTRIBUTE', source: 'email', destination: 'personalEmail.address' }],
      }),
    ).toEqual({ id: MAPPING_ID, version: 0 });
    await aep.flowService.flows.delete(FLOW_ID);

    expect(getScope.isDone()).toBe(true);
    expect(postScope.isDone()).toBe(true);
    expect(deleteScope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('a request without the right token is not matched (the header assertions can fail)', async () => {
    const aep = await client({ accessToken: 'other-token', maxRetries: 0 });
    const scope = reads().get(`${FLOW}/flows/${FLOW_ID}`).reply(200, { items: [{ id: FLOW_ID }] });
    await expect(aep.flowService.flows.get(FLOW_ID)).rejects.toThrow();
    expect(scope.isDone()).toBe(false);
    expect(unmatched).toEqual([`GET ${FLOW}/flows/${FLOW_ID}`]);
  });

  it('Schema Registry lists ask for xed-id+json (no version), lookups for xed/xed-full with version=1, /stats for JSON', async () => {
    const aep = await client();
    const encoded = encodeURIComponent(SCHEMA_ID);
    const scope = reads()
      .get(`${REGISTRY}/tenant/schemas`)
      .query({ orderby: 'title', limit: '10' })
      .matchHeader('accept', 'application/vnd.adobe.xed-id+json')
      .reply(200, { results: [{ $id: SCHEMA_ID, title: 'Customers' }], _page: { count: 1 } })
      .get(`${REGISTRY}/tenant/schemas/${encoded}`)
      .matchHeader('accept', 'application/vnd.adobe.xed+json; version=1')
      .reply(200, { $id: SCHEMA_ID, title: 'Customers', allOf: [{ $ref: 'https://ns.adobe.com/xdm/context/profile' }] })
      .get(`${REGISTRY}/tenant/schemas/${encoded}`)
      .matchHeader('accept', 'application/vnd.adobe.xed-full+json; version=1')
      .reply(200, { $id: SCHEMA_ID, title: 'Customers', properties: {} })
      .get(`${REGISTRY}/stats`)
      .matchHeader('accept', 'application/json')
      .reply(200, { tenantId: 'acme', imsOrg: 'ORG@AdobeOrg' });

    const listed = [];
    for await (const s of aep.schemaRegistry.schemas.list({ maxItems: 10 })) listed.push(s.title);
    expect(listed).toEqual(['Customers']);
    expect((await aep.schemaRegistry.schemas.get(SCHEMA_ID)).allOf).toHaveLength(1);
    expect(await aep.schemaRegistry.schemas.get(SCHEMA_ID, 'full')).toMatchObject({ properties: {} });
    expect((await aep.schemaRegistry.stats()).tenantId).toBe('acme');
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });
});

describe('retries', () => {
  it('retries a GET answered 503, then returns the 200 (one back-off recorded, two attempts)', async () => {
    const aep = await client();
    const scope = reads()
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .reply(503, { error_code: '503000', message: 'Service unavailable' })
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .reply(200, { items: [{ id: FLOW_ID, name: 'nightly' }] });

    const flow = await aep.flowService.flows.get(FLOW_ID);

    expect(flow.id).toBe(FLOW_ID);
    expect(aep.http.attempts).toBe(2);
    // base 500 ms, equal jitter with random() = 0.5 → 250 + 125.
    expect(sleeps).toEqual([375]);
    expect(scope.isDone()).toBe(true);
  });

  it('honours Retry-After: 7 (waits at least 7 s)', async () => {
    const aep = await client();
    const scope = reads()
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .reply(503, '', { 'Retry-After': '7' })
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .reply(200, { items: [{ id: FLOW_ID }] });

    await aep.flowService.flows.get(FLOW_ID);

    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(7000);
    expect(scope.isDone()).toBe(true);
  });

  it('retries a 429', async () => {
    const aep = await client();
    const scope = reads()
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .reply(429, { error_code: '429050', error: 'too many requests' })
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .reply(200, { items: [{ id: FLOW_ID }] });

    await aep.flowService.flows.get(FLOW_ID);

    expect(aep.http.attempts).toBe(2);
    expect(sleeps).toHaveLength(1);
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    [400, BadRequestError],
    [404, NotFoundError],
  ])('does not retry a %i', async (status, errorClass) => {
    const aep = await client();
    const scope = reads()
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .reply(status, { type: 'https://ns.adobe.com/aep/errors/FLOW-1101-404', title: 'Resource not found' })
      // Would answer a (wrong) retry: it must stay unused.
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .reply(200, { items: [{ id: FLOW_ID }] });

    const error = await rejection(aep.flowService.flows.get(FLOW_ID));

    expect(error).toBeInstanceOf(errorClass);
    expect((error as NotFoundError).status).toBe(status);
    expect(aep.http.attempts).toBe(1);
    expect(sleeps).toEqual([]);
    expect(scope.pendingMocks()).toHaveLength(1);
  });

  it('retries a DELETE answered 500', async () => {
    const aep = await client();
    const scope = reads()
      .delete(`${FLOW}/flows/${FLOW_ID}`)
      .reply(500, { title: 'Internal error' })
      .delete(`${FLOW}/flows/${FLOW_ID}`)
      .reply(200, '');

    await aep.flowService.flows.delete(FLOW_ID);

    expect(aep.http.attempts).toBe(2);
    expect(sleeps).toEqual([375]);
    expect(scope.isDone()).toBe(true);
  });

  it('gives up after maxRetries with the typed error, backing off exponentially', async () => {
    const aep = await client({ maxRetries: 2 });
    const scope = reads()
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .times(3)
      .reply(503, { error_code: '503000', message: 'Service unavailable' }, { 'x-request-id': 'req-42' });

    const error = await rejection(aep.flowService.flows.get(FLOW_ID));

    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).status).toBe(503);
    expect((error as ServerError).requestId).toBe('req-42');
    expect(aep.http.attempts).toBe(3);
    expect(sleeps).toEqual([375, 750]);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });
});

describe('creates whose outcome is unknown (reconcile)', () => {
  it('POST /flows answered 500 after committing: adopts the flow found by name, without a second POST', async () => {
    const aep = await client();
    let posts = 0;
    const scope = platform()
      .post(`${FLOW}/flows`, () => ++posts > 0)
      .reply(500, { title: 'Internal error' })
      .get(`${FLOW}/flows`)
      .query(nameQuery('nightly'))
      .reply(200, { items: [{ id: FLOW_ID, name: 'nightly', createdAt: T0 + 150, etag: '"e1"' }], _links: {} });

    const created = await aep.flowService.flows.create(flowBody(), { checked: true });

    expect(created).toEqual({ id: FLOW_ID, etag: '"e1"' });
    expect(posts).toBe(1);
    // The look-up waits out the back-off first: a create still being carried out has time to land.
    expect(sleeps).toEqual([375]);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('adopts the newest of several recent matches, ignoring near-name matches', async () => {
    const aep = await client();
    const newer = 'f10f10f1-0000-4000-8000-0000000000f2';
    const scope = platform()
      .post(`${FLOW}/flows`)
      .reply(502, '<html>Bad gateway</html>')
      .get(`${FLOW}/flows`)
      .query(nameQuery('nightly'))
      .reply(200, {
        items: [
          { id: FLOW_ID, name: 'nightly', createdAt: T0 - 1000 },
          { id: newer, name: 'nightly', createdAt: T0 + 10 },
          { id: 'f10f10f1-0000-4000-8000-0000000000f3', name: 'nightly-copy', createdAt: T0 + 20 },
        ],
      });

    expect((await aep.flowService.flows.create(flowBody(), { checked: true })).id).toBe(newer);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('when the lookup finds nothing, re-sends the POST once and returns its id', async () => {
    const aep = await client();
    const scope = platform()
      .post(`${FLOW}/flows`)
      .reply(500, { title: 'Internal error' })
      .get(`${FLOW}/flows`)
      .query(nameQuery('nightly'))
      .reply(200, { items: [], _links: {} })
      .post(`${FLOW}/flows`, (body: { name?: string }) => body.name === 'nightly')
      .reply(201, { id: FLOW_ID, etag: '"e1"' });

    expect(await aep.flowService.flows.create(flowBody(), { checked: true })).toEqual({ id: FLOW_ID, etag: '"e1"' });
    expect(sleeps).toEqual([375]);
    expect(aep.http.attempts).toBe(3);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('does not adopt a same-named flow created long before the request started', async () => {
    const aep = await client();
    const old = 'f10f10f1-0000-4000-8000-0000000000a0';
    const scope = platform()
      .post(`${FLOW}/flows`)
      .reply(503, '')
      .get(`${FLOW}/flows`)
      .query(nameQuery('nightly'))
      .reply(200, { items: [{ id: old, name: 'nightly', createdAt: T0 - 3 * 60_000 }] })
      .post(`${FLOW}/flows`)
      .reply(201, { id: FLOW_ID, etag: '"e1"' });

    expect((await aep.flowService.flows.create(flowBody(), { checked: true })).id).toBe(FLOW_ID);
    expect(scope.isDone()).toBe(true);
  });

  it('a POST that timed out is looked up too', async () => {
    const aep = await client({ timeoutMs: 200 });
    const scope = platform()
      .post(`${FLOW}/flows`)
      .delay(1000)
      .reply(201, { id: FLOW_ID })
      .get(`${FLOW}/flows`)
      .query(nameQuery('nightly'))
      .reply(200, { items: [{ id: FLOW_ID, name: 'nightly', createdAt: T0 }] });

    expect((await aep.flowService.flows.create(flowBody(), { checked: true })).id).toBe(FLOW_ID);
    expect(aep.http.attempts).toBe(2);
    expect(scope.isDone()).toBe(true);
  });

  it('POST answered 429 is re-sent without a lookup (the Platform did not act on it)', async () => {
    const aep = await client();
    const scope = platform()
      .post(`${FLOW}/flows`)
      .reply(429, { error_code: '429050', error: 'too many requests' }, { 'Retry-After': '2' })
      .post(`${FLOW}/flows`)
      .reply(201, { id: FLOW_ID, etag: '"e1"' });

    expect((await aep.flowService.flows.create(flowBody(), { checked: true })).id).toBe(FLOW_ID);
    expect(sleeps).toEqual([2000]);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('POST answered 400 is not retried and not looked up', async () => {
    const aep = await client();
    const scope = platform()
      .post(`${FLOW}/flows`)
      .reply(400, { type: 'https://ns.adobe.com/aep/errors/FLOW-1418-400', title: 'Invalid flow', detail: 'bad spec' });

    const error = await rejection(aep.flowService.flows.create(flowBody(), { checked: true }));

    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).code).toBe('FLOW-1418-400');
    expect(aep.http.attempts).toBe(1);
    expect(sleeps).toEqual([]);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('POST answered 500 every time: gives up with the ServerError after maxRetries, looking up before each re-send', async () => {
    const aep = await client({ maxRetries: 1 });
    let lookups = 0;
    const scope = platform()
      .post(`${FLOW}/flows`)
      .times(2)
      .reply(500, { title: 'Internal error' })
      .get(`${FLOW}/flows`)
      .query(nameQuery('nightly'))
      .times(2)
      .reply(() => (lookups++, [200, { items: [] }]));

    expect(await rejection(aep.flowService.flows.create(flowBody(), { checked: true }))).toBeInstanceOf(ServerError);
    expect(lookups).toBe(2);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('catalog dataset create answered 500: finds the dataset by name and returns its id', async () => {
    const aep = await client();
    const scope = platform()
      .post(`${CATALOG}/dataSets`)
      .reply(500, '')
      .get(`${CATALOG}/dataSets`)
      .query({ limit: '100', start: '0', orderBy: 'desc:created', name: 'Orders', properties: 'name,description,schemaRef,created,updated' })
      .reply(200, { [DATASET_ID]: { name: 'Orders', created: T0 + 5 } });

    const id = await aep.catalog.datasets.create({ name: 'Orders', schemaRef: { id: SCHEMA_ID, contentType: 'application/vnd.adobe.xed-full+json;version=1' } });

    expect(id).toBe(DATASET_ID);
    // The look-up waits out the back-off first: a create still being carried out has time to land.
    expect(sleeps).toEqual([375]);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('catalog dataset create: an old dataset of that name is not adopted; the POST is re-sent', async () => {
    const aep = await client();
    const fresh = 'aaaabbbbccccddddeeeeffff';
    const scope = platform()
      .post(`${CATALOG}/dataSets`)
      .reply(504, '')
      .get(`${CATALOG}/dataSets`)
      .query((q) => q['name'] === 'Orders')
      .reply(200, { [DATASET_ID]: { name: 'Orders', created: T0 - 10 * 60_000 } })
      .post(`${CATALOG}/dataSets`)
      .reply(201, [`@/dataSets/${fresh}`]);

    expect(await aep.catalog.datasets.create({ name: 'Orders', schemaRef: { id: SCHEMA_ID, contentType: 'application/vnd.adobe.xed-full+json;version=1' } })).toBe(fresh);
    expect(scope.isDone()).toBe(true);
  });

  it('schema create answered 502: finds the schema by title, reads it, and returns it', async () => {
    const aep = await client();
    const scope = platform()
      .post(`${REGISTRY}/tenant/schemas`, (body: { title?: string }) => body.title === 'Customers')
      .matchHeader('content-type', 'application/json')
      .reply(502, '')
      .get(`${REGISTRY}/tenant/schemas`)
      .query({ orderby: 'title', limit: '500', property: 'title==Customers' })
      .matchHeader('accept', 'application/vnd.adobe.xed-id+json')
      .reply(200, { results: [{ $id: SCHEMA_ID, title: 'Customers' }], _page: { count: 1 } })
      .get(`${REGISTRY}/tenant/schemas/${encodeURIComponent(SCHEMA_ID)}`)
      .matchHeader('accept', 'application/vnd.adobe.xed+json; version=1')
      .reply(200, { $id: SCHEMA_ID, title: 'Customers', 'meta:registryMetadata': { 'repo:createdDate': T0 + 1 } });

    const schema = await aep.schemaRegistry.schemas.create({
      type: 'object',
      title: 'Customers',
      description: 'Customers from shop',
      allOf: [{ $ref: 'https://ns.adobe.com/xdm/context/profile' }],
    });

    expect(schema.$id).toBe(SCHEMA_ID);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('mapping set create answered 503: finds the mapping set by name and returns {id, version}', async () => {
    const aep = await client();
    const scope = platform()
      .post(`${CONVERSION}/mappingSets`)
      .reply(503, '')
      .get(`${CONVERSION}/mappingSets`)
      .query({ limit: '100', start: '0', name: 'customers-map' })
      .reply(200, { data: [{ id: MAPPING_ID, name: 'customers-map', version: 0, createdDate: T0 + 3 }], _page: { count: 1 } });

    const created = await aep.dataPrep.mappingSets.create({
      name: 'customers-map',
      outputSchema: { schemaRef: { id: SCHEMA_ID, contentType: 'application/vnd.adobe.xed-full+json;version=1' } },
      mappings: [{ sourceType: 'ATTRIBUTE', source: 'email', destination: 'personalEmail.address' }],
    });

    expect(created).toEqual({ id: MAPPING_ID, version: 0 });
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('mapping set create without a name answered 500: fails instead of being re-sent blind (nothing to look it up by)', async () => {
    const aep = await client();
    let posts = 0;
    const scope = platform()
      .post(`${CONVERSION}/mappingSets`, () => ++posts > 0)
      .reply(500, { title: 'Internal error' })
      // A blind re-send would be answered here and create a duplicate.
      .post(`${CONVERSION}/mappingSets`, () => ++posts > 0)
      .reply(200, { id: MAPPING_ID, version: 0 });

    const error = await rejection(
      aep.dataPrep.mappingSets.create({
        outputSchema: { schemaRef: { id: SCHEMA_ID, contentType: 'application/vnd.adobe.xed-full+json;version=1' } },
        mappings: [{ sourceType: 'ATTRIBUTE', source: 'email', destination: 'personalEmail.address' }],
      }),
    );

    expect(error).toBeInstanceOf(ServerError);
    expect(posts).toBe(1);
    expect(scope.pendingMocks()).toHaveLength(1);
  });
});

describe('token refresh on 401', () => {
  function ims(...tokens: string[]): nock.Scope {
    const scope = nock(IMS);
    for (const token of tokens) scope.post('/ims/token/v3').reply(200, { access_token: token, token_type: 'bearer', expires_in: 86399 });
    return scope;
  }

  it('with a client secret: refreshes the token once and replays the request once', async () => {
    const aep = await client({ accessToken: undefined, clientSecret: 'client-secret-value' });
    const imsScope = ims('tok-1', 'tok-2');
    const scope = nock(PLATFORM)
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .matchHeader('authorization', 'Bearer tok-1')
      .reply(401, { error_code: '401013', message: 'Oauth token is not valid' })
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .matchHeader('authorization', 'Bearer tok-2')
      .reply(200, { items: [{ id: FLOW_ID }] });

    expect((await aep.flowService.flows.get(FLOW_ID)).id).toBe(FLOW_ID);
    expect(imsScope.isDone()).toBe(true);
    expect(scope.isDone()).toBe(true);
    // The refresh is not a back-off retry.
    expect(sleeps).toEqual([]);
    expect(unmatched).toEqual([]);
  });

  it('with a client secret: a second 401 after the refresh is final (no loop)', async () => {
    const aep = await client({ accessToken: undefined, clientSecret: 'client-secret-value' });
    const imsScope = ims('tok-1', 'tok-2');
    const scope = nock(PLATFORM)
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .times(2)
      .reply(401, { error_code: '401013', message: 'Oauth token is not valid' });

    expect(await rejection(aep.flowService.flows.get(FLOW_ID))).toBeInstanceOf(AuthenticationError);
    expect(aep.http.attempts).toBe(2);
    expect(imsScope.isDone()).toBe(true);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('with a static access token: the 401 is final, no IMS call', async () => {
    const aep = await client();
    const scope = reads().get(`${FLOW}/flows/${FLOW_ID}`).reply(401, { error_code: '401013', message: 'Oauth token is not valid' });

    const error = await rejection(aep.flowService.flows.get(FLOW_ID));

    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).code).toBe('401013');
    expect(aep.http.attempts).toBe(1);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('IMS refusing the credential (invalid_client) is asked once, not again as a "refresh"', async () => {
    const aep = await client({ accessToken: undefined, clientSecret: 'wrong-secret' });
    let imsCalls = 0;
    nock(IMS)
      .post('/ims/token/v3')
      .times(3)
      .reply(() => (imsCalls++, [401, { error: 'invalid_client', error_description: 'invalid client_secret parameter' }]));

    const error = await rejection(aep.flowService.flows.get(FLOW_ID));

    expect(error).toBeInstanceOf(ImsError);
    expect((error as ImsError).code).toBe('invalid_client');
    expect(imsCalls).toBe(1);
    expect(unmatched).toEqual([]);
  });

  it('IMS failing with 503 is retried by the token provider only, not again by the request loop', async () => {
    const aep = await client({ accessToken: undefined, clientSecret: 'client-secret-value', maxRetries: 1 });
    let imsCalls = 0;
    nock(IMS)
      .post('/ims/token/v3')
      .times(10)
      .reply(() => (imsCalls++, [503, '']));

    expect(await rejection(aep.flowService.flows.get(FLOW_ID))).toBeInstanceOf(ServerError);
    // maxRetries 1 → 2 IMS attempts; retrying the whole exchange on top multiplies them (2 × 2).
    expect(imsCalls).toBe(2);
    expect(unmatched).toEqual([]);
  });
});

describe('response shapes', () => {
  it('a 200 whose body is not JSON is a ResponseShapeError (not retried)', async () => {
    const aep = await client();
    const scope = reads().get(`${FLOW}/flows/${FLOW_ID}`).reply(200, '<html><body>Maintenance</body></html>', { 'Content-Type': 'text/html' });

    const error = await rejection(aep.flowService.flows.get(FLOW_ID));

    expect(error).toBeInstanceOf(ResponseShapeError);
    expect((error as ResponseShapeError).message).toContain('not valid JSON');
    expect((error as ResponseShapeError).detail).toContain('Maintenance');
    expect(aep.http.attempts).toBe(1);
    expect(scope.isDone()).toBe(true);
  });

  it('GET /flows/{id} answering {} is a ResponseShapeError naming the missing field', async () => {
    const aep = await client();
    const scope = reads().get(`${FLOW}/flows/${FLOW_ID}`).reply(200, {});

    const error = await rejection(aep.flowService.flows.get(FLOW_ID));

    expect(error).toBeInstanceOf(ResponseShapeError);
    expect((error as ResponseShapeError).detail).toMatch(/^items\b/);
    expect((error as ResponseShapeError).message).toContain(`/flows/${FLOW_ID}`);
    expect(scope.isDone()).toBe(true);
  });

  it('a flow item without an id, or an empty items list, is a ResponseShapeError', async () => {
    const aep = await client();
    const scope = reads()
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .reply(200, { items: [{ name: 'no id' }] })
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .reply(200, { items: [] });

    const first = await rejection(aep.flowService.flows.get(FLOW_ID));
    expect(first).toBeInstanceOf(ResponseShapeError);
    expect((first as ResponseShapeError).detail).toContain('items[0].id');
    const second = await rejection(aep.flowService.flows.get(FLOW_ID));
    expect(second).toBeInstanceOf(ResponseShapeError);
    expect((second as ResponseShapeError).detail).toContain('items');
    expect(scope.isDone()).toBe(true);
  });

  it('a create answered 201 without an id is a ResponseShapeError naming id', async () => {
    const aep = await client();
    const scope = platform().post(`${FLOW}/flows`).reply(201, { etag: '"e1"' });

    const error = await rejection(aep.flowService.flows.create(flowBody(), { checked: true }));

    expect(error).toBeInstanceOf(ResponseShapeError);
    expect((error as ResponseShapeError).detail).toMatch(/^id\b/);
    expect(scope.isDone()).toBe(true);
  });
});

describe('per-attempt timeout', () => {
  it('a GET with no answer within timeoutMs is a TimeoutError and is retried', async () => {
    const aep = await client({ timeoutMs: 200 });
    const scope = reads()
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .delay(1000)
      .reply(200, { items: [{ id: 'late' }] })
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .reply(200, { items: [{ id: FLOW_ID }] });

    const started = Date.now();
    expect((await aep.flowService.flows.get(FLOW_ID)).id).toBe(FLOW_ID);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(aep.http.attempts).toBe(2);
    expect(sleeps).toHaveLength(1);
    expect(scope.isDone()).toBe(true);
  });

  it('every attempt timing out ends in TimeoutError', async () => {
    const aep = await client({ timeoutMs: 150, maxRetries: 1 });
    const scope = reads()
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .times(2)
      .delay(1000)
      .reply(200, { items: [{ id: FLOW_ID }] });

    const error = await rejection(aep.flowService.flows.get(FLOW_ID));

    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).outcomeUnknown).toBe(false);
    expect(aep.http.attempts).toBe(2);
    expect(scope.isDone()).toBe(true);
  });
});

describe('dry run', () => {
  it('records POST/PATCH/DELETE redacted instead of sending them; GETs still go out', async () => {
    const recorded: RequestDescription[] = [];
    const aep = await client({ onDryRun: (r) => recorded.push(r) });
    const scope = reads()
      .get(`${FLOW}/connectionSpecs/${MYSQL_SPEC}`)
      .reply(200, { items: [{ id: MYSQL_SPEC, name: 'mysql', version: '1.0' }] });

    const spec = await aep.flowService.connectionSpecs.get(MYSQL_SPEC);
    const created = await aep.flowService.connections.create({
      name: 'shop-db',
      auth: { specName: 'Connection String Based Authentication', params: { connectionString: CONN_STRING } },
      connectionSpec: { id: spec.id, version: '1.0' },
    });
    await aep.flowService.flows.patch(FLOW_ID, [{ op: 'replace', path: '/name', value: 'renamed' }], '"e1"');
    await aep.flowService.flows.delete(FLOW_ID);

    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
    expect(aep.http.attempts).toBe(1);
    expect(created.id).toMatch(/^00000000-0000-4000-8000-\d{12}$/);

    expect(recorded.map((r) => `${r.method} ${r.url}`)).toEqual([
      `POST ${PLATFORM}${FLOW}/connections`,
      `PATCH ${PLATFORM}${FLOW}/flows/${FLOW_ID}`,
      `DELETE ${PLATFORM}${FLOW}/flows/${FLOW_ID}`,
    ]);
    const [post, patch] = recorded;
    expect(post?.headers['Authorization']).toBe('Bearer ***');
    expect(post?.headers).toMatchObject({ 'x-api-key': 'cid', 'x-gw-ims-org-id': 'ORG@AdobeOrg', 'x-sandbox-name': 'dev', 'Content-Type': 'application/json' });
    expect(post?.body).toMatchObject({
      auth: { params: { connectionString: 'Server=db.example.com;Port=3306;Database=shop;UID=reader;PWD=***;' } },
    });
    expect(JSON.stringify(recorded)).not.toContain('s3cret-pw');
    expect(JSON.stringify(recorded)).not.toContain('Bearer tok');
    expect(patch?.headers['If-Match']).toBe('"e1"');
  });

  it('dry-run creates of every service return placeholders and send nothing', async () => {
    const recorded: RequestDescription[] = [];
    const aep = await client({ onDryRun: (r) => recorded.push(r) });
    const schemaRef = { id: SCHEMA_ID, contentType: 'application/vnd.adobe.xed-full+json;version=1' };

    expect(await aep.catalog.datasets.create({ name: 'Orders', schemaRef })).toMatch(/^\d{24}$/);
    expect((await aep.dataPrep.mappingSets.create({ name: 'm', outputSchema: { schemaRef }, mappings: [{ sourceType: 'ATTRIBUTE', source: 'a', destination: 'b' }] })).id).toMatch(/^\d{32}$/);
    expect((await aep.schemaRegistry.schemas.create({ type: 'object', title: 'T', description: '', allOf: [{ $ref: 'https://ns.adobe.com/xdm/context/profile' }] })).title).toBe('T');
    expect((await aep.flowService.flows.create(flowBody(), { checked: true })).id).toMatch(/^00000000-/);

    expect(recorded.map((r) => r.method)).toEqual(['POST', 'POST', 'POST', 'POST']);
    expect(aep.http.attempts).toBe(0);
    expect(unmatched).toEqual([]);
  });
});

describe('invalid request bodies are rejected before anything is sent', () => {
  const cases: Array<[string, (aep: PlatformClient) => Promise<unknown>, string]> = [
    [
      'interval 5 for frequency minute',
      (aep) => aep.flowService.flows.create(flowBody({ scheduleParams: { startTime: 1_760_000_000, frequency: 'minute', interval: 5 } })),
      'scheduleParams.interval',
    ],
    [
      'missing deltaColumn',
      (aep) => aep.flowService.flows.create(flowBody({ transformations: [{ name: 'Copy', params: {} }] })),
      'transformations.Copy.deltaColumn.name',
    ],
    ['a source connection id that is not a UUID', (aep) => aep.flowService.flows.create(flowBody({ sourceConnectionIds: ['not-a-uuid'] })), 'sourceConnectionIds[0]'],
    ['startTime in milliseconds', (aep) => aep.flowService.flows.create(flowBody({ scheduleParams: { startTime: T0, frequency: 'hour', interval: 1 } })), 'scheduleParams.startTime'],
    ['a connection id that is not a UUID', (aep) => aep.flowService.connections.test('shop-db'), 'connection'],
    [
      'a dataset schemaRef that is not a schema URI',
      (aep) => aep.catalog.datasets.create({ name: 'Orders', schemaRef: { id: 'Customers', contentType: 'application/json' } }),
      'schemaRef.id',
    ],
    [
      'a mapping destination that is not a dot path',
      (aep) =>
        aep.dataPrep.mappingSets.create({
          outputSchema: { schemaRef: { id: SCHEMA_ID, contentType: 'application/json' } },
          mappings: [{ sourceType: 'ATTRIBUTE', source: 'email', destination: '/personalEmail/address' }],
        }),
      'mappings[0].destination',
    ],
  ];

  it.each(cases)('%s → InvalidInputError naming the field', async (_label, call, field) => {
    const aep = await client();
    // Caught whether it is thrown or rejected: the rejection itself is checked below.
    const error = await rejection(Promise.resolve().then(() => call(aep)));

    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe(field);
    expect(aep.http.attempts).toBe(0);
    expect(unmatched).toEqual([]);
  });

  it.each([
    ['createFlow', (aep: PlatformClient) => aep.flowService.flows.create(flowBody({ sourceConnectionIds: ['nope'] }))],
    ['createConnection', (aep: PlatformClient) => aep.flowService.connections.create({ name: '', auth: { specName: 'x', params: { a: 1 } }, connectionSpec: { id: MYSQL_SPEC, version: '1.0' } })],
  ])('%s reports invalid input as a rejected promise, not a synchronous throw', async (_label, call) => {
    const aep = await client();
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = call(aep);
    }).not.toThrow();
    await expect(promise).rejects.toBeInstanceOf(InvalidInputError);
    expect(aep.http.attempts).toBe(0);
  });

  it('the "nothing sent" check can fail: an unexpected request is recorded', async () => {
    const aep = await client({ maxRetries: 0 });
    await expect(aep.flowService.flows.get(FLOW_ID)).rejects.toThrow();
    expect(unmatched).toEqual([`GET ${FLOW}/flows/${FLOW_ID}`]);
  });
});

describe('misc error classes', () => {
  it('a 429 that never clears ends in RateLimitError', async () => {
    const aep = await client({ maxRetries: 1 });
    const scope = reads().get(`${FLOW}/flows`).query(true).times(2).reply(429, '');

    const error = await rejection(aep.flowService.flows.count());

    expect(error).toBeInstanceOf(RateLimitError);
    expect(scope.isDone()).toBe(true);
  });
});
