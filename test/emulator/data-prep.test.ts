import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findMappingSet, mappingSetSchemaId } from '../../src/emulator/records.js';
import { SERVICES, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

const C = SERVICES.conversion;
const PROFILE = 'https://ns.adobe.com/xdm/context/profile';
const XED_FULL = 'application/vnd.adobe.xed-full+json;version=1';

let e: TestEmulator;
let schema: { $id: string; 'meta:altId': string };
let otherSchema: { $id: string };

beforeAll(async () => {
  e = await startTestEmulator();
  const registry = (path: string, body: unknown) => e.api('POST', `${SERVICES.registry}${path}`, { body });
  const fieldGroup = await registry('/tenant/fieldgroups', {
    type: 'object',
    title: 'Customer columns',
    'meta:intendedToExtend': [PROFILE],
    definitions: { columns: { properties: { _flowctl: { type: 'object', properties: { customerId: { type: 'string' }, loyaltyScore: { type: 'number' } } } } } },
    allOf: [{ $ref: '#/definitions/columns' }],
  });
  expect(fieldGroup.status).toBe(201);
  const created = await registry('/tenant/schemas', {
    type: 'object',
    title: 'Customers',
    description: 'shop.customers',
    allOf: [PROFILE, 'https://ns.adobe.com/xdm/context/profile-person-details', 'https://ns.adobe.com/xdm/context/profile-personal-details', fieldGroup.body.$id].map(($ref) => ({ $ref })),
  });
  expect(created.status).toBe(201);
  schema = created.body;
  const other = await registry('/tenant/schemas', { type: 'object', title: 'Bare profiles', description: '', allOf: [{ $ref: PROFILE }] });
  otherSchema = other.body;
});
afterAll(() => e.close());

const documented = (mappings: unknown[], extra: Record<string, unknown> = {}) => ({
  outputSchema: { schemaRef: { id: schema.$id, contentType: XED_FULL } },
  mappings,
  ...extra,
});
const attribute = (source: string, destination: string) => ({ sourceType: 'ATTRIBUTE', source, destination });
const post = (path: string, body: unknown) => e.api('POST', `${C}${path}`, { body });

describe('POST /mappingSets', () => {
  it('creates a mapping set in the documented shape (200, not 201)', async () => {
    const r = await post('/mappingSets', documented([
      attribute('full_name', 'person.name.fullName'),
      attribute('birth_date', 'person.birthDate'),
      attribute('email', 'personalEmail.address'),
      attribute('id', '_id'),
      attribute('created_at', '_repo.createDate'),
      attribute('customer_id', '_flowctl.customerId'),
      { sourceType: 'EXPRESSION', source: 'lower(email)', destination: 'person.name.lastName', name: 'lowerEmail' },
    ], { name: 'customers v1' }));
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(['createdBy', 'createdDate', 'id', 'modifiedBy', 'modifiedDate', 'version']);
    expect(r.body.id).toMatch(/^[0-9a-f]{32}$/);
    expect(r.body.version).toBe(0);
    expect(r.body.createdDate).toBeTypeOf('number');
    expect(r.body.createdBy).toBe(e.emulator.credentials.clientId);
  });

  it('creates one in the legacy shape and reads both name sets back', async () => {
    const r = await post('/mappingSets', {
      version: 0,
      xdmSchema: schema.$id,
      xdmVersion: '1.0',
      id: null,
      mappings: [
        { destinationXdmPath: 'personalEmail.address', sourceAttribute: 'email', identity: false, identityGroup: null, namespaceCode: null, version: 0 },
        { destinationXdmPath: 'person.birthDate', sourceAttribute: 'dob', identity: false, identityGroup: null, namespaceCode: null, version: 0 },
      ],
    });
    expect(r.status).toBe(200);
    const set = (await e.api('GET', `${C}/mappingSets/${r.body.id}`)).body;
    expect(set).toMatchObject({
      id: r.body.id,
      version: 0,
      xdmSchema: schema.$id,
      xdmVersion: '1.0',
      schemaRef: { id: schema.$id, contentType: XED_FULL },
      outputSchema: { schemaRef: { id: schema.$id, contentType: XED_FULL } },
      allowNullValues: false,
    });
    expect(set.outputSchema.id).toMatch(/^[0-9a-f]{32}$/);
    expect(set.mappings).toHaveLength(2);
    expect(set.mappings[0]).toMatchObject({
      sourceType: 'text/x.schema-path',
      source: 'email',
      destination: 'personalEmail.address',
      sourceAttribute: 'email',
      destinationXdmPath: 'personalEmail.address',
      identity: false,
      version: 0,
    });
    expect(set.mappings[0].id).toMatch(/^[0-9a-f]{32}$/);
    const record = findMappingSet(e.emulator.store.sandbox('dev')!, r.body.id)!;
    expect(mappingSetSchemaId(record)).toBe(schema.$id);
    expect(record['mappings']).toEqual([expect.objectContaining({ sourceType: 'ATTRIBUTE', source: 'email', destination: 'personalEmail.address' }), expect.anything()]);
  });

  it('accepts the schema by meta:altId and stores its $id', async () => {
    const r = await post('/mappingSets', { outputSchema: { schemaRef: { id: schema['meta:altId'], contentType: XED_FULL } }, mappings: [attribute('id', '_id')] });
    expect(r.status).toBe(200);
    expect((await e.api('GET', `${C}/mappingSets/${r.body.id}`)).body.xdmSchema).toBe(schema.$id);
  });

  it('refuses a destination that is not a field of the schema, naming it', async () => {
    const nope = await post('/mappingSets', documented([attribute('email', 'personalEmail.address'), attribute('x', 'person.nope')]));
    expect(nope.status).toBe(400);
    expect(nope.body).toMatchObject({ status: 400, title: 'Invalid mapping set request' });
    expect(nope.body.detail).toContain('mappings[1]: Destination person.nope is not a field of schema');
    const object = await post('/mappingSets', documented([attribute('name', 'person.name')]));
    expect(object.body.detail).toMatch(/person\.name is an object .* map to one of its fields/);
    // A field of another schema only.
    const wrongSchema = await post('/mappingSets', { outputSchema: { schemaRef: { id: otherSchema.$id, contentType: XED_FULL } }, mappings: [attribute('email', 'personalEmail.address')] });
    expect(wrongSchema.body.detail).toContain('Destination personalEmail.address is not a field of schema');
  });

  it('refuses other invalid bodies', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [documented([{ sourceType: 'COLUMN', source: 'a', destination: '_id' }]), /sourceType "COLUMN" is not one of ATTRIBUTE, EXPRESSION, STATIC/],
      [documented([{ sourceType: 'ATTRIBUTE', destination: '_id' }]), /source \(or the legacy sourceAttribute\) is required/],
      [documented([attribute('a', '_id'), attribute('b', '_id')]), /Destination _id is mapped more than once/],
      [documented([attribute('a', '/person/name')]), /not a dot path/],
      [{ mappings: [] }, /outputSchema\.schemaRef\.id \(or the legacy xdmSchema\) is required/],
      [{ xdmSchema: 'https://ns.adobe.com/flowctl/schemas/0000', mappings: [] }, /does not exist in sandbox dev/],
      [{ xdmSchema: schema.$id, outputSchema: { schemaRef: { id: otherSchema.$id } }, mappings: [] }, /name different schemas/],
      [{ xdmSchema: schema.$id }, /mappings must be an array/],
    ];
    for (const [body, detail] of cases) {
      const r = await post('/mappingSets', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.detail).toMatch(detail);
    }
    expect((await e.api('POST', `${C}/mappingSets`, { body: documented([attribute('id', '_id')]), sandbox: 'prod' })).body.detail).toMatch(/does not exist in sandbox prod/);
  });
});

describe('POST /mappingSets/validate', () => {
  it('answers one result per mapping, in order', async () => {
    const r = await post('/mappingSets/validate', documented([attribute('name', 'person.name.fullName'), attribute('x', 'person.nope'), { sourceType: 'STATIC', source: 'gold', destination: '_flowctl.customerId' }]));
    expect(r.status).toBe(200);
    expect(r.body.validationResponse).toEqual([
      { status: 'SUCCESS', errors: null },
      {
        status: 'FAILED',
        errors: [{ destination: 'person.nope', source: 'x', sourceType: 'ATTRIBUTE', columnName: 'x', exception: expect.stringContaining('Destination person.nope is not a field of schema') }],
      },
      { status: 'SUCCESS', errors: null },
    ]);
    const legacy = await post('/mappingSets/validate', { xdmSchema: schema.$id, mappings: [{ sourceAttribute: 'dob', destinationXdmPath: 'person.birthDate' }] });
    expect(legacy.body.validationResponse).toEqual([{ status: 'SUCCESS', errors: null }]);
    expect((await post('/mappingSets/validate', { mappings: [] })).status).toBe(400);
  });
});

describe('reading, listing, versions', () => {
  let id: string;

  beforeAll(async () => {
    const r = await post('/mappingSets', documented([attribute('email', 'personalEmail.address'), attribute('dob', 'person.birthDate')], { name: 'versioned' }));
    id = r.body.id;
  });

  it('lists the mappings of a set, and one mapping', async () => {
    const mappings = (await e.api('GET', `${C}/mappingSets/${id}/mappings`)).body;
    expect(mappings.map((m: { destinationXdmPath: string }) => m.destinationXdmPath)).toEqual(['personalEmail.address', 'person.birthDate']);
    const one = await e.api('GET', `${C}/mappingSets/${id}/mappings/${mappings[1].id}`);
    expect(one.body).toMatchObject({ source: 'dob', sourceAttribute: 'dob', sourceType: 'text/x.schema-path', primaryIdentity: false });
    expect((await e.api('GET', `${C}/mappingSets/${id}/mappings/0000`)).status).toBe(404);
  });

  it('makes a new version with PUT and keeps the older one readable', async () => {
    const put = await e.api('PUT', `${C}/mappingSets/${id}`, { body: documented([attribute('mail', 'personalEmail.address'), attribute('full', 'person.name.fullName')], { name: 'versioned' }) });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ id, version: 1, name: 'versioned' });
    const latest = (await e.api('GET', `${C}/mappingSets/${id}`)).body;
    expect(latest.version).toBe(1);
    expect(latest.mappings.map((m: { source: string }) => m.source)).toEqual(['mail', 'full']);
    const first = (await e.api('GET', `${C}/mappingSets/${id}?version=0`)).body;
    expect(first.version).toBe(0);
    expect(first.mappings.map((m: { source: string }) => m.source)).toEqual(['email', 'dob']);
    expect(first.createdDate).toBe(latest.createdDate);
    expect((await e.api('GET', `${C}/mappingSets/${id}/mappings?version=0`)).body).toHaveLength(2);
    expect((await e.api('GET', `${C}/mappingSets/${id}?version=7`)).status).toBe(404);
    expect((await e.api('GET', `${C}/mappingSets/${id}?version=x`)).status).toBe(400);
    expect(findMappingSet(e.emulator.store.sandbox('dev')!, id, 0)?.['version']).toBe(0);
    const bad = await e.api('PUT', `${C}/mappingSets/${id}`, { body: documented([attribute('x', 'person.nope')]) });
    expect(bad.status).toBe(400);
    expect((await e.api('GET', `${C}/mappingSets/${id}`)).body.version).toBe(1);
    expect((await e.api('PUT', `${C}/mappingSets/${'0'.repeat(32)}`, { body: documented([]) })).status).toBe(404);
  });

  it('lists mapping sets with limit, start and name', async () => {
    const page1 = (await e.api('GET', `${C}/mappingSets?limit=2&start=0`)).body;
    expect(page1.data).toHaveLength(2);
    expect(page1._page).toEqual({ count: 2, limit: 2 });
    expect(page1._links.next.href).toContain('start=2');
    const all = (await e.api('GET', `${C}/mappingSets?limit=100&start=0`)).body;
    const page2 = (await e.api('GET', `${C}/mappingSets?limit=2&start=2`)).body;
    expect(page2.data.map((s: { id: string }) => s.id)).toEqual(all.data.slice(2, 4).map((s: { id: string }) => s.id));
    expect(all._links).toEqual({});
    const named = (await e.api('GET', `${C}/mappingSets?limit=10&start=0&name=versioned`)).body;
    expect(named.data.map((s: { id: string }) => s.id)).toEqual([id]);
    expect(named.data[0].mappings[0].sourceAttribute).toBe('mail');
    const newest = (await e.api('GET', `${C}/mappingSets?limit=1&start=0&orderBy=-createdDate`)).body;
    expect(newest.data[0].id).toBe(all.data.at(-1).id);
    expect((await e.api('GET', `${C}/mappingSets?limit=-1`)).status).toBe(400);
    expect((await e.api('GET', `${C}/mappingSets?limit=10&start=0`, { sandbox: 'prod' })).body.data).toEqual([]);
  });

  it('expands the output schema on request', async () => {
    const set = (await e.api('GET', `${C}/mappingSets/${id}?expandSchema=true`)).body;
    expect(set.outputSchema.jsonSchema.properties.person.properties.birthDate.format).toBe('date');
  });

  it('deletes a mapping set', async () => {
    expect((await e.api('DELETE', `${C}/mappingSets/${id}`)).status).toBe(204);
    const gone = await e.api('GET', `${C}/mappingSets/${id}`);
    expect([gone.status, gone.body.title]).toEqual([404, 'Not Found']);
    expect((await e.api('DELETE', `${C}/mappingSets/${id}`)).status).toBe(404);
  });
});
