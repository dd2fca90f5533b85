import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceRecord } from '../../src/emulator/records.js';
import { resolveSchemaFields } from '../../src/emulator/services/schema-registry/fields.js';
import { SERVICES, startTestEmulator, type ApiResponse, type TestEmulator } from '../helpers/emulator.js';

const R = SERVICES.registry;
const PROFILE = 'https://ns.adobe.com/xdm/context/profile';
const EVENT = 'https://ns.adobe.com/xdm/context/experienceevent';
const PERSON_DETAILS = 'https://ns.adobe.com/xdm/context/profile-person-details';
const PERSONAL_DETAILS = 'https://ns.adobe.com/xdm/context/profile-personal-details';
const XED_ID = 'application/vnd.adobe.xed-id+json';
const XED = 'application/vnd.adobe.xed+json';
const XED_V1 = 'application/vnd.adobe.xed+json; version=1';
const FULL = 'application/vnd.adobe.xed-full+json; version=1';

let e: TestEmulator;
beforeAll(async () => {
  e = await startTestEmulator();
});
afterAll(() => e.close());

const get = (path: string, accept: string | null, sandbox = 'dev') => e.api('GET', `${R}${path}`, { headers: { accept }, sandbox });
const post = (path: string, body: unknown, sandbox = 'dev') => e.api('POST', `${R}${path}`, { body, sandbox });
const enc = encodeURIComponent;

/** A field group of custom columns under `_flowctl`. */
function customFieldGroup(title: string, fields: Record<string, unknown> = {}) {
  return {
    type: 'object',
    title,
    description: 'Columns of shop.customers',
    'meta:intendedToExtend': [PROFILE],
    definitions: {
      customFields: {
        properties: {
          _flowctl: {
            type: 'object',
            properties: {
              customerId: { title: 'Customer ID', type: 'string' },
              loyaltyScore: { title: 'Loyalty score', type: 'number' },
              updatedAt: { title: 'Updated at', type: 'string', format: 'date-time' },
              ...fields,
            },
          },
        },
      },
    },
    allOf: [{ $ref: '#/definitions/customFields' }],
  };
}

const schemaBody = (title: string, refs: string[]) => ({ type: 'object', title, description: `${title} description`, allOf: refs.map(($ref) => ({ $ref })) });

function expectRegistryError(r: ApiResponse, status: number, code: string, title: string) {
  expect(r.status).toBe(status);
  expect(r.body).toMatchObject({ type: `http://ns.adobe.com/aep/errors/XDM-${code}`, title, status });
  expect(typeof r.body.detail).toBe('string');
  expect(r.body.report['detailed-message']).toBe(r.body.detail);
}

describe('global XDM resources', () => {
  it('serves the XDM Individual Profile class by meta:altId and by encoded $id', async () => {
    const byAlt = await get('/global/classes/_xdm.context.profile', XED_V1);
    expect(byAlt.status).toBe(200);
    expect(byAlt.body).toMatchObject({ $id: PROFILE, 'meta:altId': '_xdm.context.profile', 'meta:resourceType': 'classes', title: 'XDM Individual Profile', 'meta:containerId': 'global' });
    expect(byAlt.body.allOf.map((a: { $ref: string }) => a.$ref)).toContain('https://ns.adobe.com/xdm/data/record');
    expect(byAlt.body.properties).toBeUndefined();
    const byUri = await get(`/global/classes/${enc(PROFILE)}`, XED_V1);
    expect(byUri.body).toEqual(byAlt.body);
  });

  it('resolves the profile class fields with their XDM types (xed-full)', async () => {
    const r = await get('/global/classes/_xdm.context.profile', FULL);
    expect(r.status).toBe(200);
    const p = r.body.properties;
    expect(r.body.allOf).toBeUndefined();
    expect(p._id).toMatchObject({ type: 'string', format: 'uri-reference', 'meta:xdmField': '@id' });
    expect(p._repo.properties.createDate).toMatchObject({ type: 'string', format: 'date-time', 'meta:xdmType': 'date-time' });
    expect(p._repo.properties.modifyDate).toMatchObject({ type: 'string', format: 'date-time' });
    for (const name of ['createdByBatchID', 'modifiedByBatchID', 'repositoryCreatedBy', 'repositoryLastModifiedBy', 'personID']) expect(p[name]?.type).toBe('string');
    expect(p.identityMap).toMatchObject({ type: 'object', 'meta:xdmType': 'map' });
    expect(p.identityMap.additionalProperties.items.properties.authenticatedState.enum).toEqual(['ambiguous', 'authenticated', 'loggedOut']);
  });

  it('serves the Demographic Details field group, under fieldgroups and the mixins alias', async () => {
    const raw = await get(`/global/fieldgroups/${enc(PERSON_DETAILS)}`, XED_V1);
    expect(raw.body).toMatchObject({ 'meta:resourceType': 'mixins', title: 'Demographic Details', 'meta:intendedToExtend': [PROFILE] });
    expect(raw.body.definitions['profile-person-details'].properties.person.$ref).toBe('https://ns.adobe.com/xdm/context/person');
    const full = await get('/global/mixins/_xdm.context.profile-person-details', FULL);
    const person = full.body.properties.person;
    expect(person['meta:referencedFrom']).toBe('https://ns.adobe.com/xdm/context/person');
    expect(Object.keys(person.properties.name.properties).sort()).toEqual(['courtesyTitle', 'firstName', 'fullName', 'lastName', 'middleName', 'suffix']);
    expect(person.properties.birthDate).toMatchObject({ type: 'string', format: 'date' });
    expect(person.properties.birthYear).toMatchObject({ type: 'integer', minimum: 1, maximum: 32767 });
    expect(person.properties.birthDayAndMonth).toMatchObject({ type: 'string', pattern: '[0-1][0-9]-[0-9][0-9]' });
    expect(person.properties.gender.enum).toEqual(['male', 'female', 'not_specified', 'non_specific']);
  });

  it('serves the Personal Contact Details field group', async () => {
    const r = await get('/global/fieldgroups/_xdm.context.profile-personal-details', FULL);
    const p = r.body.properties;
    expect(p.personalEmail.properties.address).toMatchObject({ type: 'string', format: 'email' });
    expect(p.personalEmail.properties.primary.type).toBe('boolean');
    expect(p.personalEmail.properties.status.type).toBe('string');
    for (const phone of ['mobilePhone', 'homePhone', 'faxPhone']) expect(p[phone].properties.number.type).toBe('string');
    for (const f of ['street1', 'city', 'postalCode', 'country', 'countryCode', 'stateProvince']) expect(p.homeAddress.properties[f]?.type).toBe('string');
    expect(p.homeAddress.properties._schema.properties.latitude.type).toBe('number');
  });

  it('lists global field groups, filtered by property', async () => {
    const all = await get('/global/fieldgroups', XED_ID);
    expect(all.status).toBe(200);
    const ids = all.body.results.map((x: { $id: string }) => x.$id);
    expect(ids).toEqual(expect.arrayContaining([PERSON_DETAILS, PERSONAL_DETAILS]));
    expect(Object.keys(all.body.results[0]).sort()).toEqual(['$id', 'meta:altId', 'title', 'version']);
    const forEvents = await get(`/global/fieldgroups?property=${enc(`meta:intendedToExtend==${EVENT}`)}`, XED_ID);
    const eventIds = forEvents.body.results.map((x: { $id: string }) => x.$id);
    expect(eventIds).toContain(PERSONAL_DETAILS);
    expect(eventIds).not.toContain(PERSON_DETAILS);
    const classes = await get('/global/classes', XED_ID);
    expect(classes.body.results.map((x: { $id: string }) => x.$id).sort()).toEqual([EVENT, PROFILE]);
  });

  it('answers XDM-1012-404 for an unknown id, also across containers', async () => {
    expectRegistryError(await get('/global/classes/_xdm.context.nope', XED_V1), 404, '1012-404', 'Resource Not Found');
    expectRegistryError(await get('/tenant/classes/_xdm.context.profile', XED_V1), 404, '1012-404', 'Resource Not Found');
    expectRegistryError(await get('/tenant/schemas/_flowctl.schemas.0123', XED_V1), 404, '1012-404', 'Resource Not Found');
  });
});

describe('Accept rules (platform-api.md §4.2)', () => {
  it('requires an Accept header on lookups and lists (406)', async () => {
    for (const path of ['/global/classes/_xdm.context.profile', '/global/classes', '/tenant/schemas', '/tenant/descriptors']) {
      const r = await get(path, null);
      expect(r.status, path).toBe(406);
      expect(r.body).toMatchObject({ title: 'NotAcceptableError', detail: 'Accept header parameter is required' });
    }
  });

  it('requires a version on lookups (XDM-1007-400) and refuses one on lists (XDM-1006-400)', async () => {
    expectRegistryError(await get('/global/classes/_xdm.context.profile', XED), 400, '1007-400', 'Accept header invalid');
    expectRegistryError(await get('/global/classes/_xdm.context.profile', 'application/vnd.adobe.xed-full+json'), 400, '1007-400', 'Accept header invalid');
    expectRegistryError(await get('/global/classes', XED_V1), 400, '1006-400', 'Accept header invalid');
    expectRegistryError(await get('/tenant/schemas', 'application/vnd.adobe.xed-id+json;version=1'), 400, '1006-400', 'Accept header invalid');
  });

  it('answers 406 for media types that are not the registry\'s, or not available for the call', async () => {
    for (const [path, accept] of [
      ['/global/classes/_xdm.context.profile', 'application/json'],
      ['/global/classes', 'application/json'],
      ['/global/classes', 'text/html'],
      ['/global/classes/_xdm.context.profile', 'application/vnd.adobe.xed-id+json; version=1'],
      ['/global/classes', 'application/vnd.adobe.xed-full+json'],
      ['/global/classes/_xdm.context.profile', 'application/vnd.adobe.xed+json; version=2'],
    ] as const) {
      expect((await get(path, accept)).status, `${path} ${accept}`).toBe(406);
    }
  });

  it('takes xdm as well as xed', async () => {
    expect((await get('/global/classes/_xdm.context.profile', 'application/vnd.adobe.xdm-full+json; version=1')).body.properties._id).toBeDefined();
    expect((await get('/global/classes', 'application/vnd.adobe.xdm-id+json')).status).toBe(200);
    expect((await get('/global/classes/_xdm.context.profile', 'application/vnd.adobe.xed+json;version=1')).status).toBe(200);
  });

  it('serves each representation', async () => {
    const path = `/global/fieldgroups/${enc(PERSON_DETAILS)}`;
    const notext = (await get(path, 'application/vnd.adobe.xed-notext+json; version=1')).body;
    expect(notext.title).toBeUndefined();
    expect(notext.description).toBeUndefined();
    expect(notext.definitions['profile-person-details'].properties.person.$ref).toBeDefined();
    expect(notext.definitions['profile-person-details'].properties.person.title).toBeUndefined();
    const fullNotext = (await get(path, 'application/vnd.adobe.xed-full-notext+json; version=1')).body;
    expect(fullNotext.properties.person.properties.name.properties.fullName).toEqual({ type: 'string', 'meta:xdmType': 'string', 'meta:xdmField': 'xdm:fullName' });
    const fullDesc = (await get(path, 'application/vnd.adobe.xed-full-desc+json; version=1')).body;
    expect(fullDesc.properties.person.properties.name.properties.fullName.title).toBe('Full name');
    expect(fullDesc['meta:descriptors']).toEqual([]);
    const list = (await get('/global/fieldgroups', XED)).body;
    expect(list.results.find((x: { $id: string }) => x.$id === PERSON_DETAILS).definitions).toBeDefined();
  });

  it('applies the descriptor rules: xdm media on lists (XDM-1008-400), no versioned xed on lookups (XDM-1009-400)', async () => {
    expectRegistryError(await get('/tenant/descriptors', XED), 400, '1008-400', 'Accept header invalid');
    expectRegistryError(await get('/tenant/descriptors', 'application/vnd.adobe.xdm-id+json; version=1'), 400, '1008-400', 'Accept header invalid');
    expectRegistryError(await get('/tenant/descriptors/0000000000000000000000000000000000000000', XED_V1), 400, '1009-400', 'Accept header invalid');
    expect((await get('/tenant/descriptors', 'application/vnd.adobe.xdm-id+json')).body).toEqual({});
  });

  it('/stats takes application/json', async () => {
    const r = await e.api('GET', `${R}/stats`, { sandbox: 'prod' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ imsOrg: e.emulator.credentials.orgId, tenantId: 'flowctl', counts: { schemas: 0, mixins: 0, datatypes: 0, classes: 0, unions: 0 } });
    expect(r.body.classUsage).toEqual([]);
  });
});

describe('tenant schemas, field groups and descriptors end to end', () => {
  let fieldGroup: Record<string, any>;
  let schema: Record<string, any>;

  it('creates a custom field group under _flowctl', async () => {
    const r = await post('/tenant/fieldgroups', customFieldGroup('Orders DB customer fields'));
    expect(r.status).toBe(201);
    fieldGroup = r.body;
    expect(fieldGroup.$id).toMatch(/^https:\/\/ns\.adobe\.com\/flowctl\/mixins\/[0-9a-f]{48}$/);
    expect(fieldGroup['meta:altId']).toBe(`_flowctl.mixins.${fieldGroup.$id.split('/').pop()}`);
    expect(fieldGroup).toMatchObject({ 'meta:resourceType': 'mixins', version: '1.0', 'meta:containerId': 'tenant', 'meta:tenantNamespace': '_flowctl', 'meta:intendedToExtend': [PROFILE] });
    expect(fieldGroup.definitions.customFields.properties._flowctl.properties.updatedAt['meta:xdmType']).toBe('date-time');
    expect(fieldGroup.id).toBeUndefined();
    const back = await get(`/tenant/mixins/${enc(fieldGroup.$id)}`, XED_V1);
    expect(back.body).toEqual(fieldGroup);
  });

  it('refuses custom fields outside _flowctl (XDM-1021-400) and a field group without meta:intendedToExtend', async () => {
    const outside = customFieldGroup('Outside');
    (outside.definitions.customFields.properties as Record<string, unknown>)['customerId'] = { type: 'string' };
    const r = await post('/tenant/fieldgroups', outside);
    expectRegistryError(r, 400, '1021-400', 'Namespace validation error');
    expect(r.body.detail).toMatch(/^For custom fields, you must use a top level field named _flowctl/);
    expect(r.body.detail).toContain('customerId');
    const { 'meta:intendedToExtend': _dropped, ...noClass } = customFieldGroup('No class');
    const r2 = await post('/tenant/fieldgroups', noClass);
    expect([r2.status, r2.body.title]).toEqual([400, 'BadRequestError']);
    expect(r2.body.detail).toContain('meta:intendedToExtend');
    const badType = await post('/tenant/fieldgroups', customFieldGroup('Bad type', { weird: { type: 'decimal' } }));
    expect(badType.status).toBe(400);
  });

  it('creates the seed schema: profile class, both Adobe field groups and the custom one', async () => {
    const r = await post('/tenant/schemas', schemaBody('Orders DB Customers', [PROFILE, PERSON_DETAILS, PERSONAL_DETAILS, fieldGroup['$id']]));
    expect(r.status).toBe(201);
    schema = r.body;
    const hex = schema['$id'].split('/').pop();
    expect(schema.$id).toMatch(/^https:\/\/ns\.adobe\.com\/flowctl\/schemas\/[0-9a-f]{48}$/);
    const dev = e.emulator.store.sandbox('dev')!.info;
    expect(schema).toMatchObject({
      'meta:altId': `_flowctl.schemas.${hex}`,
      'meta:resourceType': 'schemas',
      version: '1.0',
      title: 'Orders DB Customers',
      type: 'object',
      'meta:class': PROFILE,
      'meta:containerId': 'tenant',
      'meta:sandboxId': dev.id,
      'meta:sandboxType': 'development',
      'meta:tenantNamespace': '_flowctl',
      'meta:extensible': false,
      'meta:abstract': false,
      imsOrg: e.emulator.credentials.orgId,
    });
    expect(schema.allOf).toEqual([PROFILE, PERSON_DETAILS, PERSONAL_DETAILS, fieldGroup['$id']].map(($ref) => ({ $ref, type: 'object', 'meta:xdmType': 'object' })));
    expect(schema.refs).toContain(fieldGroup['$id']);
    expect(schema['meta:extends']).toEqual(expect.arrayContaining([PROFILE, 'https://ns.adobe.com/xdm/data/record', PERSON_DETAILS, fieldGroup['$id']]));
    const meta = schema['meta:registryMetadata'];
    expect(meta).toMatchObject({ 'xdm:createdClientId': e.emulator.credentials.clientId });
    expect(meta['repo:createdDate']).toBeTypeOf('number');
    expect(meta['repo:lastModifiedDate']).toBe(meta['repo:createdDate']);
    expect(meta.eTag).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads the schema back by altId and by encoded $id, raw and resolved', async () => {
    const raw = await get(`/tenant/schemas/${schema['meta:altId']}`, XED_V1);
    expect(raw.body).toEqual(schema);
    const full = await get(`/tenant/schemas/${enc(schema['$id'])}`, FULL);
    expect(full.status).toBe(200);
    const p = full.body.properties;
    expect(p._flowctl.properties.customerId.type).toBe('string');
    expect(p.person.properties.name.properties.fullName.type).toBe('string');
    expect(p.personalEmail.properties.address.format).toBe('email');
    expect(p._repo.properties.createDate.format).toBe('date-time');
    expect((await get(`/tenant/schemas/${schema['meta:altId']}`, XED_V1, 'prod')).status).toBe(404);
  });

  it('lists every leaf field of the schema with its type (resolveSchemaFields)', () => {
    const record = e.emulator.store.sandbox('dev')!.collection<ResourceRecord>('schemas').get(schema['meta:altId'])!;
    const fields = resolveSchemaFields(e.emulator.store.sandbox('dev')!, record);
    const byPath = new Map(fields.map((f) => [f.path, f]));
    expect(byPath.get('_id')).toEqual({ path: '_id', type: 'string', format: 'uri-reference' });
    expect(byPath.get('_repo.createDate')).toEqual({ path: '_repo.createDate', type: 'string', format: 'date-time' });
    expect(byPath.get('person.birthDate')).toEqual({ path: 'person.birthDate', type: 'string', format: 'date' });
    expect(byPath.get('person.birthYear')).toEqual({ path: 'person.birthYear', type: 'integer' });
    expect(byPath.get('person.name.fullName')?.type).toBe('string');
    expect(byPath.get('personalEmail.address')).toEqual({ path: 'personalEmail.address', type: 'string', format: 'email' });
    expect(byPath.get('personalEmail.primary')?.type).toBe('boolean');
    expect(byPath.get('homeAddress.city')?.type).toBe('string');
    expect(byPath.get('_flowctl.loyaltyScore')?.type).toBe('number');
    expect(byPath.get('_flowctl.updatedAt')?.format).toBe('date-time');
    expect(byPath.has('person')).toBe(false);
    expect([...byPath.keys()].some((p) => p.startsWith('identityMap'))).toBe(false);
    expect(new Set(fields.map((f) => f.path)).size).toBe(fields.length);
  });

  it('keeps titles unique across schemas and field groups (XDM-1521-400)', async () => {
    const again = await post('/tenant/schemas', schemaBody('Orders DB Customers', [PROFILE]));
    expectRegistryError(again, 400, '1521-400', 'Title not unique');
    expect(again.body.detail).toBe(`Title must be unique. An object ${schema['$id']} already exists with the same title.`);
    expectRegistryError(await post('/tenant/fieldgroups', customFieldGroup('Orders DB Customers')), 400, '1521-400', 'Title not unique');
    expectRegistryError(await post('/tenant/schemas', schemaBody('Orders DB customer fields', [PROFILE])), 400, '1521-400', 'Title not unique');
    expect((await post('/tenant/schemas', schemaBody('Orders DB Customers', [PROFILE]), 'prod')).status).toBe(201);
  });

  it('validates the composition of allOf', async () => {
    const bad = async (body: unknown, text: string | RegExp) => {
      const r = await post('/tenant/schemas', body);
      expect(r.status).toBe(400);
      expect(r.body.title).toBe('BadRequestError');
      expect(r.body.detail).toMatch(text);
    };
    await bad(schemaBody('No class', [PERSON_DETAILS]), /exactly one class; allOf lists 0/);
    await bad(schemaBody('Two classes', [PROFILE, EVENT]), /exactly one class; allOf lists 2/);
    await bad(schemaBody('Wrong class', [EVENT, PERSON_DETAILS]), /not compatible with class https:\/\/ns\.adobe\.com\/xdm\/context\/experienceevent/);
    await bad(schemaBody('Missing group', [PROFILE, 'https://ns.adobe.com/flowctl/mixins/0000']), /does not exist/);
    await bad(schemaBody('Data type', [PROFILE, 'https://ns.adobe.com/xdm/context/person']), /datatypes resource, not a class or field group/);
    await bad({ type: 'object', title: 'No description', allOf: [{ $ref: PROFILE }] }, /description is required/);
    // A missing type is an object schema (aepp sends none: real-clients.test.ts); another type is refused.
    await bad({ type: 'array', title: 'Array type', description: '', allOf: [{ $ref: PROFILE }] }, /type must be "object"/);
    await bad({ type: 'object', title: 'No allOf', description: '' }, /allOf must list/);
    expect((await post('/tenant/schemas', schemaBody('Events with contact details', [EVENT, PERSONAL_DETAILS]))).status).toBe(201);
  });

  it('creates an identity descriptor on a custom field and lists descriptors in each form', async () => {
    const r = await post('/tenant/descriptors', {
      '@type': 'xdm:descriptorIdentity',
      'xdm:sourceSchema': schema['$id'],
      'xdm:sourceVersion': 1,
      'xdm:sourceProperty': '/_flowctl/customerId',
      'xdm:namespace': 'CRMID',
      'xdm:property': 'xdm:code',
      'xdm:isPrimary': true,
    });
    expect(r.status).toBe(201);
    const descriptor = r.body;
    expect(descriptor).toMatchObject({ '@type': 'xdm:descriptorIdentity', imsOrg: e.emulator.credentials.orgId, version: '1', 'meta:containerId': 'tenant', 'meta:sandboxType': 'development' });
    expect(descriptor['@id']).toMatch(/^[0-9a-f]{40}$/);
    expect(descriptor['xdm:sourceVersion']).toBe(1);
    const id = descriptor['@id'];
    expect((await get(`/tenant/descriptors/${id}`, 'application/vnd.adobe.xdm+json')).body).toEqual(descriptor);
    expect((await get(`/tenant/descriptors/${id}`, null)).status).toBe(200);
    expect((await get('/tenant/descriptors', 'application/vnd.adobe.xdm-id+json')).body).toEqual({ 'xdm:descriptorIdentity': [id] });
    expect((await get('/tenant/descriptors', 'application/vnd.adobe.xdm-link+json')).body).toEqual({ 'xdm:descriptorIdentity': [`/tenant/descriptors/${id}`] });
    expect((await get('/tenant/descriptors', 'application/vnd.adobe.xdm+json')).body).toEqual({ 'xdm:descriptorIdentity': [descriptor] });
    const paged = (await get('/tenant/descriptors?orderby=created&limit=1', 'application/vnd.adobe.xdm-v2+json')).body;
    expect(paged.results).toEqual([descriptor]);
    expect(paged._page).toMatchObject({ count: 1, next: null });
    const filtered = await get(`/tenant/descriptors?property=${enc(`xdm:sourceSchema==${schema['$id']}`)}`, 'application/vnd.adobe.xdm-id+json');
    expect(filtered.body).toEqual({ 'xdm:descriptorIdentity': [id] });
    const desc = (await get(`/tenant/schemas/${schema['meta:altId']}`, 'application/vnd.adobe.xed-full-desc+json; version=1')).body;
    expect(desc['meta:descriptors']).toEqual([descriptor]);
  });

  it('validates descriptors against the resolved schema', async () => {
    const identity = (over: Record<string, unknown>) =>
      post('/tenant/descriptors', {
        '@type': 'xdm:descriptorIdentity',
        'xdm:sourceSchema': schema['$id'],
        'xdm:sourceVersion': '1',
        'xdm:sourceProperty': '/personalEmail/address',
        'xdm:namespace': 'Email',
        'xdm:property': 'xdm:code',
        'xdm:isPrimary': false,
        ...over,
      });
    const nope = await identity({ 'xdm:sourceProperty': '/_flowctl/nope' });
    expect([nope.status, nope.body.detail]).toEqual([400, expect.stringContaining('/_flowctl/nope is not a field of schema')]);
    expect((await identity({ 'xdm:sourceProperty': '/_flowctl/loyaltyScore' })).body.detail).toMatch(/must be of type string/);
    expect((await identity({ 'xdm:isPrimary': true })).body.detail).toMatch(/already has a primary identity/);
    expect((await identity({ 'xdm:sourceSchema': 'https://ns.adobe.com/flowctl/schemas/0000' })).status).toBe(400);
    expect((await identity({ 'xdm:property': 'code' })).status).toBe(400);
    const email = await identity({});
    expect(email.status).toBe(201);
    expect((await identity({})).body.detail).toMatch(/already exists/);
    expect((await e.api('DELETE', `${R}/tenant/descriptors/${email.body['@id']}`)).status).toBe(204);
    expect((await get(`/tenant/descriptors/${email.body['@id']}`, null)).status).toBe(404);
  });

  it('patches a schema: add a field group, enable it for Profile', async () => {
    const extra = await post('/tenant/fieldgroups', customFieldGroup('More customer fields', { tier: { type: 'string' } }));
    expect(extra.status).toBe(201);
    const patch = (ops: unknown) => e.api('PATCH', `${R}/tenant/schemas/${enc(schema['$id'])}`, { body: ops });
    const added = await patch([{ op: 'add', path: '/allOf/-', value: { $ref: extra.body.$id } }]);
    expect(added.status).toBe(200);
    expect(added.body.version).toBe('1.1');
    expect(added.body.allOf.at(-1)).toEqual({ $ref: extra.body.$id, type: 'object', 'meta:xdmType': 'object' });
    expect(added.body['meta:registryMetadata']['repo:createdDate']).toBe(schema['meta:registryMetadata']['repo:createdDate']);
    const full = await get(`/tenant/schemas/${schema['meta:altId']}`, FULL);
    expect(Object.keys(full.body.properties._flowctl.properties).sort()).toEqual(['customerId', 'loyaltyScore', 'tier', 'updatedAt']);
    const union = await patch([{ op: 'add', path: '/meta:immutableTags', value: ['union'] }]);
    expect([union.status, union.body.version, union.body['meta:immutableTags']]).toEqual([200, '1.2', ['union']]);
    expect((await patch([{ op: 'remove', path: '/meta:immutableTags' }])).status).toBe(400);
    expect((await patch([{ op: 'replace', path: '/$id', value: 'https://ns.adobe.com/flowctl/schemas/abc' }])).body.detail).toMatch(/\$id cannot be changed/);
    expect((await patch({ op: 'add' })).status).toBe(400);
    expect((await patch([{ op: 'remove', path: '/allOf/9' }])).body.detail).toMatch(/Invalid JSON Patch/);
    // Profile-enabled: fields may only be added.
    const lost = await patch([{ op: 'remove', path: '/allOf/1' }]);
    expect([lost.status, lost.body.detail]).toEqual([400, expect.stringMatching(/Breaking change refused/)]);
    const stats = (await e.api('GET', `${R}/stats`)).body;
    expect(stats.counts).toMatchObject({ schemas: 2, mixins: 2, unions: 1 });
    expect(stats.recentlyUpdatedResources[0].$id).toBe(schema['$id']);
    expect(stats.classUsage).toEqual(expect.arrayContaining([expect.objectContaining({ $id: PROFILE, title: 'XDM Individual Profile', numberOfSchemas: 1 })]));
  });

  it('refuses to delete a schema a dataset uses, and a field group a schema uses', async () => {
    const datasets = e.emulator.store.sandbox('dev')!.collection('dataSets');
    await datasets.put({ id: '5c8c3c555033b814b69f947f', name: 'Customers', schemaRef: { id: schema['$id'], contentType: 'application/vnd.adobe.xed-full+json;version=1' } } as never);
    const refused = await e.api('DELETE', `${R}/tenant/schemas/${schema['meta:altId']}`);
    expect([refused.status, refused.body.detail]).toEqual([400, expect.stringContaining('5c8c3c555033b814b69f947f')]);
    const fgRefused = await e.api('DELETE', `${R}/tenant/fieldgroups/${fieldGroup['meta:altId']}`);
    expect([fgRefused.status, fgRefused.body.detail]).toEqual([400, expect.stringContaining(schema['$id'])]);
    await datasets.delete('5c8c3c555033b814b69f947f');
    expect((await e.api('DELETE', `${R}/tenant/schemas/${enc(schema['$id'])}`)).status).toBe(204);
    expectRegistryError(await get(`/tenant/schemas/${schema['meta:altId']}`, XED_V1), 404, '1012-404', 'Resource Not Found');
    expect((await get('/tenant/descriptors', 'application/vnd.adobe.xdm-id+json')).body).toEqual({});
    expect((await e.api('DELETE', `${R}/tenant/fieldgroups/${fieldGroup['meta:altId']}`)).status).toBe(204);
    expectRegistryError(await e.api('DELETE', `${R}/tenant/fieldgroups/${fieldGroup['meta:altId']}`), 404, '1012-404', 'Resource Not Found');
  });
});

describe('list paging (orderby, limit, start, property)', () => {
  const sandbox = 'prod';
  beforeAll(async () => {
    for (const letter of ['D', 'B', 'E', 'A', 'C']) expect((await post('/tenant/schemas', schemaBody(`Page ${letter}`, [PROFILE]), sandbox)).status).toBe(201);
  });

  it('pages by the primary sort field and links the next page', async () => {
    const first = (await get('/tenant/schemas?orderby=title&limit=2&property=title~%5EPage', XED_ID, sandbox)).body;
    expect(first.results.map((r: { title: string }) => r.title)).toEqual(['Page A', 'Page B']);
    expect(first._page).toEqual({ orderby: 'title', next: 'Page B', count: 2 });
    expect(first._links.global_schemas.href).toMatch(/\/data\/foundation\/schemaregistry\/global\/schemas$/);
    const href = new URL(first._links.next);
    expect(href.searchParams.get('start')).toBe('Page B');
    const second = (await get(`${href.pathname.replace(R, '')}${href.search}`, XED_ID, sandbox)).body;
    expect(second.results.map((r: { title: string }) => r.title)).toEqual(['Page C', 'Page D']);
    const last = (await get('/tenant/schemas?orderby=title&limit=2&start=Page%20D&property=title~%5EPage', XED_ID, sandbox)).body;
    expect(last.results.map((r: { title: string }) => r.title)).toEqual(['Page E']);
    expect([last._page.next, last._links.next]).toEqual([null, null]);
    const down = (await get('/tenant/schemas?orderby=-title&limit=1&property=title~%5EPage', XED_ID, sandbox)).body;
    expect([down.results[0].title, down._page.next]).toEqual(['Page E', 'Page E']);
  });

  it('filters by property and returns whole resources with xed', async () => {
    const one = (await get(`/tenant/schemas?property=${enc('title==Page C')}`, XED, sandbox)).body;
    expect(one.results).toHaveLength(1);
    expect(one.results[0]).toMatchObject({ title: 'Page C', 'meta:class': PROFILE, allOf: [{ $ref: PROFILE }] });
    expect((await get(`/tenant/schemas?property=${enc(`meta:class==${EVENT}`)}`, XED_ID, sandbox)).body.results).toEqual([]);
  });

  it('refuses limit and start without orderby, and limits beyond 500', async () => {
    for (const q of ['limit=2', 'start=Page%20A', 'orderby=title&limit=501', 'orderby=title&limit=-1', 'orderby=title&limit=x']) {
      const r = await get(`/tenant/schemas?${q}`, XED_ID, sandbox);
      expect([r.status, r.body.title], q).toEqual([400, 'BadRequestError']);
    }
  });
});
