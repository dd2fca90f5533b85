// The client calls `flowctl onboard` needs beyond the basic ones, over real HTTP (axios → nock): Schema
// Registry field groups, descriptors and schema patches; Data Prep lookup by name, update and delete; Catalog
// lookup by name. Each: exact method, path, headers (Accept included) and body; the success answer; a
// wrong-shaped answer → ResponseShapeError; creates reconciled by title (or, for descriptors, by field) after a 5xx.

import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlatformClient, PlatformClientOptions } from '../../src/platform/client.js';
import { testClient } from '../helpers/client.js';
import { InvalidInputError, NotFoundError, ResponseShapeError, ServerError } from '../../src/platform/errors.js';
import type { RequestDescription } from '../../src/platform/internal/http.js';
import type { DescriptorCreate, FieldGroupCreate } from '../../src/platform/models/schema-registry.js';
import type { MappingSetCreate } from '../../src/platform/models/data-prep.js';

const PLATFORM = 'https://platform.adobe.io';
const REGISTRY = '/data/foundation/schemaregistry';
const CATALOG = '/data/foundation/catalog';
const CONVERSION = '/data/foundation/conversion';

const AEP_HEADERS = {
  authorization: 'Bearer tok',
  'x-api-key': 'cid',
  'x-gw-ims-org-id': 'ORG@AdobeOrg',
  'x-sandbox-name': 'dev',
};

const SCHEMA_ID = 'https://ns.adobe.com/acme/schemas/52b59140414aa6a370ef5e21155fd7a686744b8739ecc168';
const SCHEMA_ALT_ID = '_acme.schemas.52b59140414aa6a370ef5e21155fd7a686744b8739ecc168';
const OTHER_SCHEMA_ID = 'https://ns.adobe.com/acme/schemas/0000000000000000000000000000000000000000000000aa';
const FIELD_GROUP_ID = 'https://ns.adobe.com/acme/mixins/8779fd45d6e4eb074300023a439862bbba359b60d451627a';
const FIELD_GROUP_ALT_ID = '_acme.mixins.8779fd45d6e4eb074300023a439862bbba359b60d451627a';
const DESCRIPTOR_ID = 'c8f4e7a9b1d2c3e4f5a6b7c8d9e0f1a2b3c4d5e6';
const MAPPING_ID = 'e7c80e4c0d8f4a98a7d400b4e178b635';
const DATASET_ID = '5c8c3c555033b814b69f947f';
const XED_FULL = 'application/vnd.adobe.xed-full+json;version=1';

const T0 = 1_760_000_000_000;
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

function client(overrides: Partial<PlatformClientOptions> = {}): Promise<PlatformClient> {
  return testClient({ sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, now: () => T0, ...overrides });
}

function platform(options: { badheaders?: string[] } = {}): nock.Scope {
  return nock(PLATFORM, { reqheaders: AEP_HEADERS, ...options });
}

/** Reads and deletes: the four headers and no Content-Type (no body). */
function reads(): nock.Scope {
  return platform({ badheaders: ['content-type'] });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

function fieldGroupBody(overrides: Partial<FieldGroupCreate> = {}): FieldGroupCreate {
  return {
    type: 'object',
    title: 'shop customers fields',
    description: 'Columns of shop.customers',
    'meta:intendedToExtend': ['https://ns.adobe.com/xdm/context/profile'],
    definitions: {
      customFields: {
        properties: {
          _acme: {
            type: 'object',
            properties: {
              customerId: { title: 'Customer ID', type: 'string' },
              updatedAt: { title: 'Updated at', type: 'string', format: 'date-time' },
            },
          },
        },
      },
    },
    allOf: [{ $ref: '#/definitions/customFields' }],
    ...overrides,
  };
}

function identityBody(overrides: Partial<DescriptorCreate> = {}): DescriptorCreate {
  return {
    '@type': 'xdm:descriptorIdentity',
    'xdm:sourceSchema': SCHEMA_ID,
    'xdm:sourceVersion': 1,
    'xdm:sourceProperty': '/_acme/customerId',
    'xdm:namespace': 'CRMID',
    'xdm:property': 'xdm:code',
    'xdm:isPrimary': true,
    ...overrides,
  };
}

function mappingBody(): MappingSetCreate {
  return {
    name: 'shop-customers-mapping',
    outputSchema: { schemaRef: { id: SCHEMA_ID, contentType: XED_FULL } },
    mappings: [
      { sourceType: 'ATTRIBUTE', source: 'customer_id', destination: '_acme.customerId' },
      { sourceType: 'ATTRIBUTE', source: 'email', destination: 'personalEmail.address' },
    ],
  };
}

const titleQuery = (title: string) => ({ orderby: 'title', limit: '500', property: `title==${title}` });

describe('SchemaRegistry field groups', () => {
  it('fieldGroups.create POSTs the body as JSON to /tenant/fieldgroups and returns the 201 field group', async () => {
    const aep = await client();
    const scope = platform()
      .post(`${REGISTRY}/tenant/fieldgroups`, fieldGroupBody() as unknown as nock.RequestBodyMatcher)
      .matchHeader('content-type', 'application/json')
      .matchHeader('accept', 'application/json')
      .reply(201, { $id: FIELD_GROUP_ID, 'meta:altId': FIELD_GROUP_ALT_ID, title: 'shop customers fields', version: '1.0' });

    const group = await aep.schemaRegistry.fieldGroups.create(fieldGroupBody());

    expect(group).toMatchObject({ $id: FIELD_GROUP_ID, 'meta:altId': FIELD_GROUP_ALT_ID, title: 'shop customers fields' });
    expect(aep.http.attempts).toBe(1);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('fieldGroups.create answered 201 without $id is a ResponseShapeError naming $id', async () => {
    const aep = await client();
    const scope = platform().post(`${REGISTRY}/tenant/fieldgroups`).reply(201, { title: 'shop customers fields' });

    const error = await rejection(aep.schemaRegistry.fieldGroups.create(fieldGroupBody()));

    expect(error).toBeInstanceOf(ResponseShapeError);
    expect((error as ResponseShapeError).detail).toMatch(/^\$id\b/);
    expect(scope.isDone()).toBe(true);
  });

  it('fieldGroups.create answered 500: finds the field group by title, reads it, and returns it without a second POST', async () => {
    const aep = await client();
    let posts = 0;
    const scope = platform()
      .post(`${REGISTRY}/tenant/fieldgroups`, () => ++posts > 0)
      .reply(500, { title: 'Internal error' })
      .get(`${REGISTRY}/tenant/fieldgroups`)
      .query(titleQuery('shop customers fields'))
      .matchHeader('accept', 'application/vnd.adobe.xed-id+json')
      .reply(200, { results: [{ $id: FIELD_GROUP_ID, title: 'shop customers fields' }], _page: { count: 1 } })
      .get(`${REGISTRY}/tenant/fieldgroups/${encodeURIComponent(FIELD_GROUP_ID)}`)
      .matchHeader('accept', 'application/vnd.adobe.xed+json; version=1')
      .reply(200, { $id: FIELD_GROUP_ID, title: 'shop customers fields', 'meta:registryMetadata': { 'repo:createdDate': T0 + 5 } });

    const group = await aep.schemaRegistry.fieldGroups.create(fieldGroupBody());

    expect(group.$id).toBe(FIELD_GROUP_ID);
    expect(posts).toBe(1);
    // The look-up waits out the back-off first: a create still being carried out has time to land.
    expect(sleeps).toEqual([375]);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('fieldGroups.create answered 503: a same-titled field group made long before is not adopted; the POST is re-sent', async () => {
    const aep = await client();
    const fresh = 'https://ns.adobe.com/acme/mixins/ffff';
    const scope = platform()
      .post(`${REGISTRY}/tenant/fieldgroups`)
      .reply(503, '')
      .get(`${REGISTRY}/tenant/fieldgroups`)
      .query(titleQuery('shop customers fields'))
      .reply(200, { results: [{ $id: FIELD_GROUP_ID, title: 'shop customers fields' }] })
      .get(`${REGISTRY}/tenant/fieldgroups/${encodeURIComponent(FIELD_GROUP_ID)}`)
      .reply(200, { $id: FIELD_GROUP_ID, title: 'shop customers fields', 'meta:registryMetadata': { 'repo:createdDate': T0 - 10 * 60_000 } })
      .post(`${REGISTRY}/tenant/fieldgroups`)
      .reply(201, { $id: fresh, title: 'shop customers fields' });

    expect((await aep.schemaRegistry.fieldGroups.create(fieldGroupBody())).$id).toBe(fresh);
    expect(sleeps).toHaveLength(1);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it.each<[string, Partial<FieldGroupCreate>, string]>([
    ['a custom field outside _{tenantId}', { definitions: { customFields: { properties: { loyalty: { type: 'string' } } } } }, 'definitions.customFields.properties.loyalty'],
    ['allOf naming a definition the body lacks', { allOf: [{ $ref: '#/definitions/other' }] }, 'allOf[0].$ref'],
    ['no class to extend', { 'meta:intendedToExtend': [] }, 'meta:intendedToExtend'],
    ['an empty title', { title: ' ' }, 'title'],
    ['an empty allOf', { allOf: [] }, 'allOf'],
  ])('fieldGroups.create with %s → InvalidInputError naming the field, nothing sent', async (_label, overrides, field) => {
    const aep = await client();

    const error = await rejection(aep.schemaRegistry.fieldGroups.create(fieldGroupBody(overrides)));

    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe(field);
    expect(aep.http.attempts).toBe(0);
    expect(unmatched).toEqual([]);
  });

  it('fieldGroups.get asks for xed+json with version=1 (xed-full for full) by the encoded $id or the altId', async () => {
    const aep = await client();
    const scope = reads()
      .get(`${REGISTRY}/tenant/fieldgroups/${encodeURIComponent(FIELD_GROUP_ID)}`)
      .matchHeader('accept', 'application/vnd.adobe.xed+json; version=1')
      .reply(200, { $id: FIELD_GROUP_ID, title: 'T', 'meta:intendedToExtend': ['https://ns.adobe.com/xdm/context/profile'] })
      .get(`${REGISTRY}/tenant/fieldgroups/${FIELD_GROUP_ALT_ID}`)
      .matchHeader('accept', 'application/vnd.adobe.xed-full+json; version=1')
      .reply(200, { $id: FIELD_GROUP_ID, title: 'T' });

    expect((await aep.schemaRegistry.fieldGroups.get(FIELD_GROUP_ID))['meta:intendedToExtend']).toEqual(['https://ns.adobe.com/xdm/context/profile']);
    expect((await aep.schemaRegistry.fieldGroups.get(FIELD_GROUP_ALT_ID, 'full')).$id).toBe(FIELD_GROUP_ID);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('fieldGroups.get answered without $id is a ResponseShapeError', async () => {
    const aep = await client();
    reads().get(`${REGISTRY}/tenant/fieldgroups/${FIELD_GROUP_ALT_ID}`).reply(200, { title: 'T' });

    expect(await rejection(aep.schemaRegistry.fieldGroups.get(FIELD_GROUP_ALT_ID))).toBeInstanceOf(ResponseShapeError);
  });

  it('fieldGroups.findByTitle lists with property=title==…, orderby and the xed-id Accept, and keeps only the exact title', async () => {
    const aep = await client();
    const scope = reads()
      .get(`${REGISTRY}/tenant/fieldgroups`)
      .query(titleQuery('shop customers fields'))
      .matchHeader('accept', 'application/vnd.adobe.xed-id+json')
      .reply(200, {
        results: [
          { $id: 'https://ns.adobe.com/acme/mixins/aaaa', title: 'shop customers fields (old)' },
          { $id: FIELD_GROUP_ID, 'meta:altId': FIELD_GROUP_ALT_ID, title: 'shop customers fields', version: '1.1' },
        ],
        _page: { count: 2 },
      })
      .get(`${REGISTRY}/tenant/fieldgroups`)
      .query(titleQuery('nothing'))
      .reply(200, { results: [], _page: { count: 0 } });

    expect(await aep.schemaRegistry.fieldGroups.findByTitle('shop customers fields')).toEqual({
      $id: FIELD_GROUP_ID,
      'meta:altId': FIELD_GROUP_ALT_ID,
      title: 'shop customers fields',
      version: '1.1',
    });
    expect(await aep.schemaRegistry.fieldGroups.findByTitle('nothing')).toBeUndefined();
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('fieldGroups.findByTitle: a list without results, or an entry without $id, is a ResponseShapeError', async () => {
    const aep = await client();
    reads()
      .get(`${REGISTRY}/tenant/fieldgroups`)
      .query(true)
      .reply(200, { items: [] })
      .get(`${REGISTRY}/tenant/fieldgroups`)
      .query(true)
      .reply(200, { results: [{ title: 'x' }] });

    expect(await rejection(aep.schemaRegistry.fieldGroups.findByTitle('x'))).toBeInstanceOf(ResponseShapeError);
    const second = await rejection(aep.schemaRegistry.fieldGroups.findByTitle('x'));
    expect(second).toBeInstanceOf(ResponseShapeError);
    expect((second as ResponseShapeError).detail).toMatch(/^\$id\b/);
  });

  it('fieldGroups.delete DELETEs /tenant/fieldgroups/{encoded $id} (204)', async () => {
    const aep = await client();
    const scope = reads().delete(`${REGISTRY}/tenant/fieldgroups/${encodeURIComponent(FIELD_GROUP_ID)}`).reply(204);

    await aep.schemaRegistry.fieldGroups.delete(FIELD_GROUP_ID);

    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('fieldGroups.delete of a missing field group is a NotFoundError', async () => {
    const aep = await client();
    reads()
      .delete(`${REGISTRY}/tenant/fieldgroups/${FIELD_GROUP_ALT_ID}`)
      .reply(404, { type: 'http://ns.adobe.com/aep/errors/XDM-1012-404', title: 'Resource Not Found', status: 404 });

    const error = await rejection(aep.schemaRegistry.fieldGroups.delete(FIELD_GROUP_ALT_ID));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).code).toBe('XDM-1012-404');
  });
});

describe('SchemaRegistry descriptors', () => {
  const descriptorQuery = (schema: string) => ({ property: `xdm:sourceSchema==${schema}` });

  it('descriptors.create POSTs the identity descriptor to /tenant/descriptors and returns it with its @id', async () => {
    const aep = await client();
    const scope = platform()
      .post(`${REGISTRY}/tenant/descriptors`, identityBody() as unknown as nock.RequestBodyMatcher)
      .matchHeader('content-type', 'application/json')
      .reply(201, { '@id': DESCRIPTOR_ID, ...identityBody(), version: '1', 'meta:containerId': 'tenant' });

    const descriptor = await aep.schemaRegistry.descriptors.create(identityBody());

    expect(descriptor).toMatchObject({ '@id': DESCRIPTOR_ID, '@type': 'xdm:descriptorIdentity', 'xdm:namespace': 'CRMID', 'xdm:isPrimary': true });
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('descriptors.create answered 201 without @id is a ResponseShapeError naming @id', async () => {
    const aep = await client();
    platform().post(`${REGISTRY}/tenant/descriptors`).reply(201, identityBody());

    const error = await rejection(aep.schemaRegistry.descriptors.create(identityBody()));

    expect(error).toBeInstanceOf(ResponseShapeError);
    expect((error as ResponseShapeError).detail).toMatch(/^@id\b/);
  });

  it('descriptors.create answered 500: finds the descriptor of that schema, type and field, and adopts it', async () => {
    const aep = await client();
    let posts = 0;
    const scope = platform()
      .post(`${REGISTRY}/tenant/descriptors`, () => ++posts > 0)
      .reply(500, '')
      .get(`${REGISTRY}/tenant/descriptors`)
      .query(descriptorQuery(SCHEMA_ID))
      .matchHeader('accept', 'application/vnd.adobe.xdm+json')
      .reply(200, {
        'xdm:alternateDisplayInfo': [{ '@id': 'a'.repeat(40), '@type': 'xdm:alternateDisplayInfo', 'xdm:sourceSchema': SCHEMA_ID, 'xdm:sourceProperty': '/_acme/customerId' }],
        'xdm:descriptorIdentity': [
          { '@id': 'b'.repeat(40), ...identityBody({ 'xdm:sourceProperty': '/personalEmail/address', 'xdm:namespace': 'Email', 'xdm:isPrimary': false }) },
          { '@id': DESCRIPTOR_ID, ...identityBody(), 'meta:registryMetadata': { 'repo:createdDate': T0 + 20 } },
        ],
      });

    const descriptor = await aep.schemaRegistry.descriptors.create(identityBody());

    expect(descriptor['@id']).toBe(DESCRIPTOR_ID);
    expect(posts).toBe(1);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('descriptors.create answered 502 with no such descriptor: the POST is re-sent once', async () => {
    const aep = await client();
    const scope = platform()
      .post(`${REGISTRY}/tenant/descriptors`)
      .reply(502, '')
      .get(`${REGISTRY}/tenant/descriptors`)
      .query(descriptorQuery(SCHEMA_ID))
      .reply(200, {})
      .post(`${REGISTRY}/tenant/descriptors`)
      .reply(201, { '@id': DESCRIPTOR_ID, ...identityBody() });

    expect((await aep.schemaRegistry.descriptors.create(identityBody()))['@id']).toBe(DESCRIPTOR_ID);
    expect(aep.http.attempts).toBe(3);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it.each<[string, Partial<DescriptorCreate>, string]>([
    ['an identity without a namespace', { 'xdm:namespace': undefined }, 'xdm:namespace'],
    ['an identity without xdm:property', { 'xdm:property': undefined }, 'xdm:property'],
    ['an identity without a field', { 'xdm:sourceProperty': undefined }, 'xdm:sourceProperty'],
    ['a dot path as the field', { 'xdm:sourceProperty': '_acme.customerId' }, 'xdm:sourceProperty'],
    ['a schema that is not a schema $id', { 'xdm:sourceSchema': 'Customers' }, 'xdm:sourceSchema'],
    ['version 0', { 'xdm:sourceVersion': 0 }, 'xdm:sourceVersion'],
    ['a numeric namespace with xdm:code', { 'xdm:namespace': 6 }, 'xdm:namespace'],
  ])('descriptors.create with %s → InvalidInputError, nothing sent', async (_label, overrides, field) => {
    const aep = await client();
    const body = { ...identityBody(), ...overrides };
    for (const key of Object.keys(overrides) as (keyof DescriptorCreate)[]) if (overrides[key] === undefined) delete body[key];

    const error = await rejection(aep.schemaRegistry.descriptors.create(body));

    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe(field);
    expect(aep.http.attempts).toBe(0);
    expect(unmatched).toEqual([]);
  });

  it('descriptors.list asks with Accept xdm+json, flattens the groups by @type, and keeps the schema asked for', async () => {
    const aep = await client();
    const scope = reads()
      .get(`${REGISTRY}/tenant/descriptors`)
      .query(descriptorQuery(SCHEMA_ID))
      .matchHeader('accept', 'application/vnd.adobe.xdm+json')
      .reply(200, {
        'xdm:descriptorIdentity': [
          { '@id': DESCRIPTOR_ID, ...identityBody() },
          // The server filter is not trusted: another schema's descriptor is dropped here.
          { '@id': 'c'.repeat(40), ...identityBody({ 'xdm:sourceSchema': OTHER_SCHEMA_ID }) },
        ],
        // An entry without @type takes its group's.
        'xdm:alternateDisplayInfo': [{ '@id': 'd'.repeat(40), 'xdm:sourceSchema': SCHEMA_ID, 'xdm:sourceProperty': '/_acme/customerId', 'xdm:title': { en_us: 'Customer' } }],
      });

    const descriptors = await aep.schemaRegistry.descriptors.list({ sourceSchema: SCHEMA_ID, maxItems: 100 });

    expect(descriptors.map((d) => [d['@id'], d['@type']])).toEqual([
      [DESCRIPTOR_ID, 'xdm:descriptorIdentity'],
      ['d'.repeat(40), 'xdm:alternateDisplayInfo'],
    ]);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('descriptors.list takes the schema by its altId too, sends no filter without one, and stops at maxItems', async () => {
    const aep = await client();
    const scope = reads()
      .get(`${REGISTRY}/tenant/descriptors`)
      .query(descriptorQuery(SCHEMA_ID))
      .reply(200, { 'xdm:descriptorIdentity': [{ '@id': DESCRIPTOR_ID, ...identityBody() }] })
      .get(`${REGISTRY}/tenant/descriptors`)
      .query((q) => Object.keys(q).length === 0)
      .matchHeader('accept', 'application/vnd.adobe.xdm+json')
      .reply(200, {
        'xdm:descriptorIdentity': [
          { '@id': DESCRIPTOR_ID, ...identityBody() },
          { '@id': 'c'.repeat(40), ...identityBody({ 'xdm:sourceSchema': OTHER_SCHEMA_ID }) },
        ],
      });

    expect(await aep.schemaRegistry.descriptors.list({ sourceSchema: SCHEMA_ALT_ID, maxItems: 10 })).toHaveLength(1);
    expect((await aep.schemaRegistry.descriptors.list({ maxItems: 1 })).map((d) => d['@id'])).toEqual([DESCRIPTOR_ID]);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it.each([
    ['an array instead of groups', [{ '@id': DESCRIPTOR_ID }], 'body'],
    ['a group that is not an array', { 'xdm:descriptorIdentity': { '@id': DESCRIPTOR_ID } }, 'xdm:descriptorIdentity'],
    ['a descriptor without @id', { 'xdm:descriptorIdentity': [identityBody()] }, '@id'],
  ])('descriptors.list answered with %s is a ResponseShapeError', async (_label, body, where) => {
    const aep = await client();
    reads().get(`${REGISTRY}/tenant/descriptors`).query(true).reply(200, body);

    const error = await rejection(aep.schemaRegistry.descriptors.list({ sourceSchema: SCHEMA_ID, maxItems: 10 }));

    expect(error).toBeInstanceOf(ResponseShapeError);
    expect((error as ResponseShapeError).detail).toContain(where);
  });

  it('descriptors.delete DELETEs /tenant/descriptors/{@id} (204)', async () => {
    const aep = await client();
    const scope = reads().delete(`${REGISTRY}/tenant/descriptors/${DESCRIPTOR_ID}`).reply(204);

    await aep.schemaRegistry.descriptors.delete(DESCRIPTOR_ID);

    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });
});

describe('schemaRegistry.schemas.patch', () => {
  const ops = [{ op: 'add' as const, path: '/allOf/-', value: { $ref: FIELD_GROUP_ID } }];

  it('PATCHes /tenant/schemas/{encoded $id} with the JSON Patch document and returns the schema', async () => {
    const aep = await client();
    const scope = platform()
      .patch(`${REGISTRY}/tenant/schemas/${encodeURIComponent(SCHEMA_ID)}`, ops)
      .matchHeader('content-type', 'application/json')
      .reply(200, { $id: SCHEMA_ID, title: 'Customers', allOf: [{ $ref: 'https://ns.adobe.com/xdm/context/profile' }, { $ref: FIELD_GROUP_ID }] });

    const schema = await aep.schemaRegistry.schemas.patch(SCHEMA_ID, ops);

    expect(schema.allOf?.map((a) => a.$ref)).toContain(FIELD_GROUP_ID);
    expect(aep.http.attempts).toBe(1);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('a PATCH answered {} is a ResponseShapeError; an empty or malformed patch is refused before sending', async () => {
    const aep = await client();
    platform().patch(`${REGISTRY}/tenant/schemas/${SCHEMA_ALT_ID}`).reply(200, {});

    expect(await rejection(aep.schemaRegistry.schemas.patch(SCHEMA_ALT_ID, ops))).toBeInstanceOf(ResponseShapeError);
    const empty = await rejection(aep.schemaRegistry.schemas.patch(SCHEMA_ID, []));
    expect(empty).toBeInstanceOf(InvalidInputError);
    const relative = await rejection(aep.schemaRegistry.schemas.patch(SCHEMA_ID, [{ op: 'add', path: 'allOf/-', value: {} }]));
    expect((relative as InvalidInputError).field).toBe('[0].path');
    expect(aep.http.attempts).toBe(1);
  });
});

describe('DataPrep', () => {
  const listQuery = (name: string) => ({ limit: '100', start: '0', name });

  it('mappingSets.findByName lists by name and returns the newest exact match', async () => {
    const aep = await client();
    const older = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
    const scope = reads()
      .get(`${CONVERSION}/mappingSets`)
      .query(listQuery('shop-customers-mapping'))
      .matchHeader('accept', 'application/json')
      .reply(200, {
        data: [
          { id: older, name: 'shop-customers-mapping', version: 0, createdDate: T0 - 5000 },
          { id: MAPPING_ID, name: 'shop-customers-mapping', version: 2, createdDate: T0 - 1000 },
          { id: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', name: 'shop-customers-mapping-2', version: 0, createdDate: T0 },
        ],
        _page: { count: 3 },
      })
      .get(`${CONVERSION}/mappingSets`)
      .query(listQuery('none'))
      .reply(200, { data: [], _page: { count: 0 } });

    expect(await aep.dataPrep.mappingSets.findByName('shop-customers-mapping')).toMatchObject({ id: MAPPING_ID, version: 2 });
    expect(await aep.dataPrep.mappingSets.findByName('none')).toBeUndefined();
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('mappingSets.findByName answered without a data array is a ResponseShapeError', async () => {
    const aep = await client();
    reads().get(`${CONVERSION}/mappingSets`).query(true).reply(200, { items: [] });

    expect(await rejection(aep.dataPrep.mappingSets.findByName('x'))).toBeInstanceOf(ResponseShapeError);
  });

  it('mappingSets.update PUTs the whole body to /mappingSets/{id} and returns the new version', async () => {
    const aep = await client();
    const scope = platform()
      .put(`${CONVERSION}/mappingSets/${MAPPING_ID}`, mappingBody() as unknown as nock.RequestBodyMatcher)
      .matchHeader('content-type', 'application/json')
      .reply(200, { id: MAPPING_ID, version: 1, createdDate: T0 - 1000, modifiedDate: T0, mappings: [] });

    const updated = await aep.dataPrep.mappingSets.update(MAPPING_ID, mappingBody());

    expect(updated).toMatchObject({ id: MAPPING_ID, version: 1 });
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('mappingSets.update: an answer without a version is a ResponseShapeError; a bad body is refused before sending', async () => {
    const aep = await client();
    platform().put(`${CONVERSION}/mappingSets/${MAPPING_ID}`).reply(200, { id: MAPPING_ID });

    const shape = await rejection(aep.dataPrep.mappingSets.update(MAPPING_ID, mappingBody()));
    expect(shape).toBeInstanceOf(ResponseShapeError);
    expect((shape as ResponseShapeError).detail).toMatch(/^version\b/);

    const invalid = await rejection(aep.dataPrep.mappingSets.update(MAPPING_ID, { ...mappingBody(), mappings: [] }));
    expect(invalid).toBeInstanceOf(InvalidInputError);
    expect((invalid as InvalidInputError).field).toBe('mappings');
    expect(aep.http.attempts).toBe(1);
  });

  it('mappingSets.update answered 500 is not re-sent blindly (a PUT is not reconciled)', async () => {
    const aep = await client();
    const scope = platform().put(`${CONVERSION}/mappingSets/${MAPPING_ID}`).reply(500, { title: 'Internal error' });

    expect(await rejection(aep.dataPrep.mappingSets.update(MAPPING_ID, mappingBody()))).toBeInstanceOf(ServerError);
    expect(aep.http.attempts).toBe(1);
    expect(scope.isDone()).toBe(true);
  });

  it.each([200, 204])('mappingSets.delete DELETEs /mappingSets/{id} (answered %i)', async (status) => {
    const aep = await client();
    const scope = reads().delete(`${CONVERSION}/mappingSets/${MAPPING_ID}`).reply(status, status === 200 ? { id: MAPPING_ID } : undefined);

    await aep.dataPrep.mappingSets.delete(MAPPING_ID);

    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });
});

describe('catalog.datasets.findByName', () => {
  it('lists by name (newest first) and returns every dataset of exactly that name', async () => {
    const aep = await client();
    const second = 'aaaabbbbccccddddeeeeffff';
    const scope = reads()
      .get(`${CATALOG}/dataSets`)
      .query({ limit: '100', start: '0', orderBy: 'desc:created', name: 'shop customers', properties: 'name,description,schemaRef,created,updated' })
      .matchHeader('accept', 'application/json')
      .reply(200, {
        [DATASET_ID]: { name: 'shop customers', created: T0 },
        [second]: { name: 'shop customers', created: T0 - 1000 },
        '111122223333444455556666': { name: 'shop customers copy', created: T0 - 2000 },
      });

    const found = await aep.catalog.datasets.findByName('shop customers');

    expect(found.map((d) => d.id)).toEqual([DATASET_ID, second]);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it('finds nothing as an empty list; an answer that is not an object keyed by id is a ResponseShapeError', async () => {
    const aep = await client();
    reads()
      .get(`${CATALOG}/dataSets`)
      .query(true)
      .reply(200, {})
      .get(`${CATALOG}/dataSets`)
      .query(true)
      .reply(200, [`@/dataSets/${DATASET_ID}`]);

    expect(await aep.catalog.datasets.findByName('none')).toEqual([]);
    expect(await rejection(aep.catalog.datasets.findByName('x'))).toBeInstanceOf(ResponseShapeError);
  });
});

describe('dry run', () => {
  it('records the new writes instead of sending them and returns placeholders; the mapping update reads the current version', async () => {
    const recorded: RequestDescription[] = [];
    const aep = await client({ onDryRun: (r) => recorded.push(r) });
    const scope = reads()
      .get(`${CONVERSION}/mappingSets/${MAPPING_ID}`)
      .reply(200, { id: MAPPING_ID, version: 3 });

    const group = await aep.schemaRegistry.fieldGroups.create(fieldGroupBody());
    const descriptor = await aep.schemaRegistry.descriptors.create(identityBody());
    const patched = await aep.schemaRegistry.schemas.patch(SCHEMA_ALT_ID, [{ op: 'add', path: '/allOf/-', value: { $ref: group.$id } }]);
    const updated = await aep.dataPrep.mappingSets.update(MAPPING_ID, mappingBody());
    await aep.schemaRegistry.descriptors.delete(DESCRIPTOR_ID);
    await aep.schemaRegistry.fieldGroups.delete(FIELD_GROUP_ID);
    await aep.dataPrep.mappingSets.delete(MAPPING_ID);

    expect(group.$id).toMatch(/^https:\/\/ns\.adobe\.com\/TENANT\/mixins\/0{8}/);
    expect(descriptor['@id']).toMatch(/^\d{40}$/);
    expect(patched.$id).toBe(SCHEMA_ID);
    expect(updated).toEqual({ id: MAPPING_ID, version: 4 });
    expect(recorded.map((r) => `${r.method} ${r.url.replace(PLATFORM, '')}`)).toEqual([
      `POST ${REGISTRY}/tenant/fieldgroups`,
      `POST ${REGISTRY}/tenant/descriptors`,
      `PATCH ${REGISTRY}/tenant/schemas/${SCHEMA_ALT_ID}`,
      `PUT ${CONVERSION}/mappingSets/${MAPPING_ID}`,
      `DELETE ${REGISTRY}/tenant/descriptors/${DESCRIPTOR_ID}`,
      `DELETE ${REGISTRY}/tenant/fieldgroups/${encodeURIComponent(FIELD_GROUP_ID)}`,
      `DELETE ${CONVERSION}/mappingSets/${MAPPING_ID}`,
    ]);
    expect(aep.http.attempts).toBe(1);
    expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });
});
