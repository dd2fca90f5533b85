// Tenant classes in the emulator's Schema Registry (Adobe's classes endpoint guide): POST /tenant/classes on one
// behavior, the lookups and lists, a field group and a schema built on the class, the rules a create breaks,
// and a delete refused while a schema uses the class.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

const R = SERVICES.registry;
const RECORD = 'https://ns.adobe.com/xdm/data/record';
const TIME_SERIES = 'https://ns.adobe.com/xdm/data/time-series';
const PROFILE = 'https://ns.adobe.com/xdm/context/profile';
const XED_ID = 'application/vnd.adobe.xed-id+json';
const XED_V1 = 'application/vnd.adobe.xed+json; version=1';
const FULL = 'application/vnd.adobe.xed-full+json; version=1';

let e: TestEmulator;
beforeAll(async () => {
  e = await startTestEmulator();
});
afterAll(() => e.close());

const get = (path: string, accept: string) => e.api('GET', `${R}${path}`, { headers: { accept } });
const post = (path: string, body: unknown) => e.api('POST', `${R}${path}`, { body });
const enc = encodeURIComponent;
const classBody = (title: string, allOf: string[] = [RECORD], extra: Record<string, unknown> = {}) => ({ type: 'object', title, description: `${title} rows`, allOf: allOf.map(($ref) => ({ $ref })), ...extra });

describe('POST /tenant/classes', () => {
  it('creates a class on the record behavior: 201, $id under /classes/, found by list and lookup, its fields resolved', async () => {
    const created = await post('/tenant/classes', classBody('Countries class'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: 'Countries class',
      'meta:resourceType': 'classes',
      version: '1.0',
      'meta:extends': [RECORD],
      'meta:abstract': true,
      'meta:extensible': true,
      'meta:containerId': 'tenant',
      'meta:tenantNamespace': '_flowctl',
    });
    const id = created.body.$id as string;
    expect(id).toMatch(/^https:\/\/ns\.adobe\.com\/flowctl\/classes\/[0-9a-f]+$/);
    expect(created.body['meta:altId']).toBe(`_flowctl.classes.${id.split('/').pop()}`);

    const listed = await get(`/tenant/classes?property=${enc('title==Countries class')}`, XED_ID);
    expect(listed.body.results).toEqual([{ $id: id, 'meta:altId': created.body['meta:altId'], version: '1.0', title: 'Countries class' }]);
    expect((await get(`/tenant/classes/${created.body['meta:altId']}`, XED_V1)).body.allOf).toEqual([{ $ref: RECORD, type: 'object', 'meta:xdmType': 'object' }]);
    const full = await get(`/tenant/classes/${enc(id)}`, FULL);
    expect(full.body.properties._id).toMatchObject({ type: 'string', 'meta:xdmField': '@id' });
    expect((await e.api('GET', `${R}/stats`)).body.counts.classes).toBe(1);
  });

  it('class-level custom fields under the tenant object, and the time-series behavior', async () => {
    const fields = { definitions: { own: { properties: { _flowctl: { type: 'object', properties: { code: { title: 'Code', type: 'string' } } } } } } };
    const created = await post('/tenant/classes', classBody('Visits class', [TIME_SERIES, '#/definitions/own'], fields));
    expect(created.status).toBe(201);
    expect(created.body['meta:extends']).toEqual([TIME_SERIES]);
    const full = await get(`/tenant/classes/${enc(created.body.$id)}`, FULL);
    expect(full.body.properties.timestamp).toMatchObject({ format: 'date-time' });
    expect(full.body.properties._flowctl.properties.code).toMatchObject({ type: 'string', 'meta:xdmType': 'string' });
  });

  it.each([
    ['no behavior', classBody('c1', []), /allOf is required/],
    ['a class instead of a behavior', classBody('c2', [PROFILE]), /exactly one behavior .* it names 0/],
    ['two behaviors', classBody('c3', [RECORD, TIME_SERIES]), /exactly one behavior .* it names 2/],
    ['no description', { type: 'object', title: 'c4', allOf: [{ $ref: RECORD }] }, /description is required/],
    ['a definition not referenced correctly', classBody('c5', [RECORD, '#/definitions/nope']), /not in definitions/],
  ])('refuses %s with 400', async (_what, body, detail) => {
    const r = await post('/tenant/classes', body);
    expect(r.status).toBe(400);
    expect(r.body.detail).toMatch(detail);
  });

  it('refuses custom fields outside the tenant object (XDM-1021-400) and a title already taken (XDM-1521-400)', async () => {
    const outside = await post('/tenant/classes', classBody('c6', [RECORD, '#/definitions/own'], { definitions: { own: { properties: { code: { type: 'string' } } } } }));
    expect(outside.status).toBe(400);
    expect(outside.body.type).toBe('http://ns.adobe.com/aep/errors/XDM-1021-400');
    const taken = await post('/tenant/classes', classBody('Countries class'));
    expect(taken.status).toBe(400);
    expect(taken.body.type).toBe('http://ns.adobe.com/aep/errors/XDM-1521-400');
  });
});

describe('a schema on a tenant class', () => {
  it('takes field groups meant for the class (not a profile one); the class cannot be deleted while the schema uses it', async () => {
    const klass = (await post('/tenant/classes', classBody('Products class'))).body.$id as string;
    const fieldGroup = await post('/tenant/fieldgroups', {
      type: 'object',
      title: 'Products fields',
      description: 'Columns of shop.products',
      'meta:intendedToExtend': [klass],
      definitions: { customFields: { properties: { _flowctl: { type: 'object', properties: { sku: { title: 'SKU', type: 'string' } } } } } },
      allOf: [{ $ref: '#/definitions/customFields' }],
    });
    expect(fieldGroup.status).toBe(201);
    const refused = await post('/tenant/schemas', { type: 'object', title: 'Products wrong', description: 'x', allOf: [{ $ref: klass }, { $ref: 'https://ns.adobe.com/xdm/context/profile-person-details' }] });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toContain('is not compatible with class');

    const schema = await post('/tenant/schemas', { type: 'object', title: 'Products schema', description: 'x', allOf: [{ $ref: klass }, { $ref: fieldGroup.body.$id }] });
    expect(schema.status).toBe(201);
    expect(schema.body['meta:class']).toBe(klass);
    expect(schema.body['meta:extends']).toEqual(expect.arrayContaining([klass, RECORD, fieldGroup.body.$id]));
    const full = await get(`/tenant/schemas/${enc(schema.body.$id)}`, FULL);
    expect(Object.keys(full.body.properties).sort()).toEqual(['_flowctl', '_id']);

    const inUse = await e.api('DELETE', `${R}/tenant/classes/${enc(klass)}`);
    expect(inUse.status).toBe(400);
    expect(inUse.body.detail).toContain('is built on it');
    expect((await e.api('DELETE', `${R}/tenant/schemas/${enc(schema.body.$id)}`)).status).toBe(204);
    expect((await e.api('DELETE', `${R}/tenant/classes/${enc(klass)}`)).status).toBe(204);
    expect((await get(`/tenant/classes/${enc(klass)}`, XED_V1)).status).toBe(404);
    expect((await e.api('DELETE', `${R}/tenant/classes/${enc(klass)}`)).status).toBe(404);
  });
});
