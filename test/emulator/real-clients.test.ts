// Bodies that widely used real clients send to the Platform, exactly as they send them, each accepted by the
// emulator with the same result as the documented form; and the cases that stay refused. The clients:
//  - Adobe's Python client aepp (github.com/pitchmuc/aepp): aepp/schema.py createProfileSchema,
//    createExperienceEventSchema, addFieldGroupToSchema; aepp/schemamanager.py SchemaManager.createSchema;
//    aepp/fieldgroupmanager.py FieldGroupManager (new field group, addField, createFieldGroup).
//  - Adobe's older database tutorial (the seed tutorial): a source connection with `connectionId` and
//    `params.path`, and flow options written as strings.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES, startTestEmulator, type ApiResponse, type TestEmulator } from '../helpers/emulator.js';
import { adHocRun, batchIdOf, batchRecords, type Chain, createChain, customers, type CustomerRow, EXPORT, F, FakeDatabase, finished, flowBody, POSTGRES } from './runner-helpers.js';

const R = SERVICES.registry;
const PROFILE = 'https://ns.adobe.com/xdm/context/profile';
const EVENT = 'https://ns.adobe.com/xdm/context/experienceevent';
const PERSON_DETAILS = 'https://ns.adobe.com/xdm/context/profile-person-details';
const PERSONAL_DETAILS = 'https://ns.adobe.com/xdm/context/profile-personal-details';
/** The Accept aepp's Schema class sets on every request, POST and PUT included. */
const AEPP_ACCEPT = 'application/vnd.adobe.xed+json';

/** 100 customers, the first three with an impossible birth date (a mapping error each). */
const rows: CustomerRow[] = customers(100, new Date('2025-01-01T00:00:00Z'), 1000);
for (const row of rows.slice(0, 3)) row.birth_date = '1985-02-30';
const db = new FakeDatabase({ 'crm.customers': rows });

let e: TestEmulator;
beforeAll(async () => {
  e = await startTestEmulator({ openReader: db.open });
});
afterAll(() => e.close());

/** aepp posts to `/tenant/schemas/` and `/tenant/fieldgroups/`, with a trailing slash. */
const aeppPost = (path: string, body: unknown) => e.api('POST', `${R}${path}`, { body, headers: { accept: AEPP_ACCEPT } });
const post = (path: string, body: unknown) => e.api('POST', `${R}${path}`, { body });

function expectCreated(r: ApiResponse): any {
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

function expectBadRequest(r: ApiResponse, detail: RegExp): void {
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  expect(r.body.title).toBe('BadRequestError');
  expect(r.body.detail).toMatch(detail);
}

/** A schema as created, without what differs between any two creates (ids, title, dates, etag). */
function content(schema: any): any {
  const { $id: _id, 'meta:altId': _alt, title: _title, description: _description, 'meta:registryMetadata': _metadata, ...rest } = schema;
  return rest;
}

/** The documented field group body (platform-api.md §4.4), meant for profiles. */
const documentedFieldGroup = (title: string) => ({
  type: 'object',
  title,
  description: 'Columns of crm.customers',
  'meta:intendedToExtend': [PROFILE],
  definitions: { customFields: { properties: { _flowctl: { type: 'object', properties: { loyaltyId: { title: 'Loyalty ID', type: 'string' } } } } } },
  allOf: [{ $ref: '#/definitions/customFields' }],
});

describe('aepp: schema create without "type"', () => {
  let fieldGroupId: string;
  beforeAll(async () => {
    fieldGroupId = expectCreated(await post('/tenant/fieldgroups', documentedFieldGroup('aepp loyalty fields'))).$id;
  });

  it('creates the profile schema createProfileSchema posts, as the documented form does', async () => {
    // aepp/schema.py createProfileSchema(name, fieldGroupIds=[...]) with the default description "".
    const aepp = expectCreated(
      await aeppPost('/tenant/schemas/', {
        title: 'aepp profile',
        description: '',
        allOf: [
          { $ref: PROFILE, type: 'object', 'meta:xdmType': 'object' },
          { $ref: PERSON_DETAILS, type: 'object', 'meta:xdmType': 'object' },
          { $ref: fieldGroupId, type: 'object', 'meta:xdmType': 'object' },
        ],
      }),
    );
    const documented = expectCreated(
      await post('/tenant/schemas', { type: 'object', title: 'documented profile', description: 'documented', allOf: [PROFILE, PERSON_DETAILS, fieldGroupId].map(($ref) => ({ $ref })) }),
    );
    expect(aepp.type).toBe('object');
    expect(content(aepp)).toEqual(content(documented));
    // Stored that way: a lookup answers the same schema, resolved fields included.
    const lookup = await e.api('GET', `${R}/tenant/schemas/${aepp['meta:altId']}`, { headers: { accept: 'application/vnd.adobe.xed+json; version=1' } });
    expect(lookup.body).toEqual(aepp);
    const full = await e.api('GET', `${R}/tenant/schemas/${encodeURIComponent(aepp.$id)}`, { headers: { accept: 'application/vnd.adobe.xed-full+json; version=1' } });
    expect(full.body).toMatchObject({ type: 'object', properties: { _flowctl: { properties: { loyaltyId: { type: 'string' } } } } });
  });

  it('creates the experience event schema createExperienceEventSchema posts', async () => {
    const aepp = expectCreated(
      await aeppPost('/tenant/schemas/', {
        title: 'aepp events',
        description: '',
        allOf: [
          { $ref: EVENT, type: 'object', 'meta:xdmType': 'object' },
          { $ref: PERSONAL_DETAILS, type: 'object', 'meta:xdmType': 'object' },
        ],
      }),
    );
    const documented = expectCreated(await post('/tenant/schemas', { type: 'object', title: 'documented events', description: 'documented', allOf: [{ $ref: EVENT }, { $ref: PERSONAL_DETAILS }] }));
    expect(aepp).toMatchObject({ type: 'object', 'meta:class': EVENT });
    expect(content(aepp)).toEqual(content(documented));
  });

  it('creates the schema SchemaManager.createSchema posts, and takes the PUTs aepp sends', async () => {
    // aepp/schemamanager.py: a new SchemaManager(title=…) holds {title, description: "powered by aepp",
    // allOf: [{$ref: class}]}; addFieldGroup appends {$ref, type: "object"}; createSchema posts it.
    const body = { title: 'aepp schema manager', description: 'powered by aepp', allOf: [{ $ref: PROFILE }, { $ref: fieldGroupId, type: 'object' }] };
    const created = expectCreated(await aeppPost('/tenant/schemas/', body));
    expect(created).toMatchObject({ type: 'object', 'meta:class': PROFILE, allOf: [PROFILE, fieldGroupId].map(($ref) => ({ $ref, type: 'object', 'meta:xdmType': 'object' })) });
    const path = `${R}/tenant/schemas/${encodeURIComponent(created.$id)}`;

    // aepp/schema.py addFieldGroupToSchema: GET the schema (xdm, not full), append to allOf, PUT it all back.
    const current = (await e.api('GET', path, { headers: { accept: 'application/vnd.adobe.xdm+json; version=1' } })).body;
    current.allOf.push({ $ref: PERSON_DETAILS, type: 'object', 'meta:xdmType': 'object' });
    const put = await e.api('PUT', path, { body: current, headers: { accept: AEPP_ACCEPT } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.allOf.map((a: { $ref: string }) => a.$ref)).toEqual([PROFILE, fieldGroupId, PERSON_DETAILS]);

    // A PUT of the create body (no "type") rewrites it the same way.
    const again = await e.api('PUT', path, { body, headers: { accept: AEPP_ACCEPT } });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ type: 'object', version: '1.2', allOf: [{ $ref: PROFILE }, { $ref: fieldGroupId }] });
  });

  it('still refuses a type other than "object", on create and on PUT', async () => {
    expectBadRequest(await aeppPost('/tenant/schemas/', { type: 'array', title: 'array schema', description: '', allOf: [{ $ref: PROFILE }] }), /type must be "object"/);
    const created = expectCreated(await post('/tenant/schemas', { title: 'typed later', description: '', allOf: [{ $ref: PROFILE }] }));
    const put = await e.api('PUT', `${R}/tenant/schemas/${created['meta:altId']}`, { body: { type: 'string', title: 'typed later', description: '', allOf: [{ $ref: PROFILE }] } });
    expectBadRequest(put, /type must be "object"/);
    // The other required members stay required.
    expectBadRequest(await aeppPost('/tenant/schemas/', { title: 'no description', allOf: [{ $ref: PROFILE }] }), /description is required/);
    expectBadRequest(await aeppPost('/tenant/schemas/', { description: '', allOf: [{ $ref: PROFILE }] }), /title is required/);
  });
});

describe('aepp: field group create', () => {
  it('creates the field group FieldGroupManager.createFieldGroup posts (aepp sends "type" there)', async () => {
    // aepp/fieldgroupmanager.py: FieldGroupManager(title=…) starts from this body (fg_class defaults to
    // experienceevent and profile), then addField('_flowctl', 'object'), addField('_flowctl.loyaltyId',
    // 'string'), addField('_flowctl.score', 'double'), addField('_flowctl.visits', 'long') and
    // addField('_flowctl.lastSeen', 'datetime') fill in definitions.customFields.
    const field = (title: string, type: Record<string, unknown>) => ({ ...type, title, description: '' });
    const body = {
      title: 'aepp field group',
      'meta:resourceType': 'mixins',
      description: 'powered by aepp',
      type: 'object',
      definitions: {
        customFields: {
          type: 'object',
          properties: {
            _flowctl: {
              type: 'object',
              title: '_flowctl',
              description: '',
              properties: {
                loyaltyId: field('loyaltyId', { type: 'string' }),
                score: field('score', { type: 'number' }),
                visits: field('visits', { type: 'integer', maximum: 9007199254740991, minimum: -9007199254740991 }),
                lastSeen: field('lastSeen', { type: 'string', format: 'date-time' }),
              },
            },
          },
        },
      },
      allOf: [{ $ref: '#/definitions/customFields', type: 'object' }],
      'meta:intendedToExtend': [EVENT, PROFILE],
      'meta:containerId': 'tenant',
      'meta:extensible': true,
      'meta:tenantNamespace': '_flowctl',
    };
    const created = expectCreated(await aeppPost('/tenant/fieldgroups/', body));
    expect(created).toMatchObject({ type: 'object', 'meta:resourceType': 'mixins', 'meta:intendedToExtend': [EVENT, PROFILE], allOf: [{ $ref: '#/definitions/customFields' }] });
    expect(created.$id).toMatch(/^https:\/\/ns\.adobe\.com\/flowctl\/mixins\/[0-9a-f]+$/);
    // Usable in a schema of either class, with its fields typed as sent.
    const schema = expectCreated(await aeppPost('/tenant/schemas/', { title: 'aepp schema with aepp fields', description: '', allOf: [{ $ref: PROFILE }, { $ref: created.$id, type: 'object' }] }));
    const full = await e.api('GET', `${R}/tenant/schemas/${schema['meta:altId']}`, { headers: { accept: 'application/vnd.adobe.xed-full+json; version=1' } });
    expect(full.body.properties._flowctl.properties).toMatchObject({
      loyaltyId: { type: 'string' },
      score: { type: 'number' },
      visits: { type: 'integer', 'meta:xdmType': 'int' },
      lastSeen: { type: 'string', format: 'date-time', 'meta:xdmType': 'date-time' },
    });
  });

  it('still refuses a field group without "type" (aepp itself refuses to send one)', async () => {
    const { type: _type, ...untyped } = documentedFieldGroup('untyped field group');
    expectBadRequest(await post('/tenant/fieldgroups', untyped), /type is required/);
  });
});

// ── Flow Service ────────────────────────────────────────────────────────────────────────────────────────

/** The Flow error code at the end of `type` (`FLOW-1413-400` → `1413-400`) and the message. */
function expectFlowError(r: ApiResponse, flowCode: string, message: RegExp): void {
  expect({ status: r.status, code: String(r.body?.type ?? '').replace(/^.*FLOW-/, '') }, JSON.stringify(r.body)).toEqual({ status: Number(flowCode.split('-')[1]), code: flowCode });
  expect(r.body.errorMessage).toMatch(message);
}

const getItem = async (path: string) => {
  const r = await e.api('GET', `${F}${path}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items[0];
};

/** The seed tutorial's source connection: `connectionId` and `params.path`. */
const tutorialSource = (connectionId: string, o: Record<string, unknown> = {}) => ({
  name: 'Database source connection',
  description: 'Database source connection',
  connectionId,
  data: { format: 'tabular' },
  params: { path: 'crm.customers' },
  connectionSpec: { id: POSTGRES, version: '1.0' },
  ...o,
});

describe('seed tutorial: a source connection with connectionId and params.path', () => {
  let chain: Chain;
  let sourceId: string;
  const connectionString = 'Server=tutorial.invalid;Database=crm;Port=5432;UID=reader;Password=s3cret';
  beforeAll(async () => {
    chain = await createChain(e, { connectionString });
    const r = await e.api('POST', `${F}/sourceConnections`, { body: tutorialSource(chain.connectionId) });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    sourceId = r.body.id;
  });

  it('stores connectionId as baseConnectionId, as the documented form does', async () => {
    const stored = await getItem(`/sourceConnections/${sourceId}`);
    const documented = await getItem(`/sourceConnections/${chain.sourceId}`);
    expect(stored).toMatchObject({ baseConnectionId: chain.connectionId, params: { path: 'crm.customers' }, inheritedAttributes: documented.inheritedAttributes });
    expect(stored.connectionId).toBeUndefined();
    // A list filtered on baseConnectionId finds both.
    const listed = await e.api('GET', `${F}/sourceConnections?property=baseConnectionId==${chain.connectionId}`);
    expect(listed.body.items.map((s: { id: string }) => s.id).sort()).toEqual([sourceId, chain.sourceId].sort());
  });

  it('accepts both names when they agree, and refuses them when they differ, naming both', async () => {
    const same = await e.api('POST', `${F}/sourceConnections`, { body: tutorialSource(chain.connectionId, { baseConnectionId: chain.connectionId }) });
    expect(same.status, JSON.stringify(same.body)).toBe(201);
    const other = '00000000-0000-4000-8000-000000000000';
    const differ = await e.api('POST', `${F}/sourceConnections`, { body: tutorialSource(chain.connectionId, { baseConnectionId: other }) });
    expectFlowError(differ, '1100-400', new RegExp(`baseConnectionId ${other} and connectionId ${chain.connectionId}`));
    const neither = await e.api('POST', `${F}/sourceConnections`, { body: tutorialSource(chain.connectionId, { connectionId: undefined }) });
    expectFlowError(neither, '1100-400', /baseConnectionId is required/);
    const unknown = await e.api('POST', `${F}/sourceConnections`, { body: tutorialSource(other) });
    expectFlowError(unknown, '1100-400', new RegExp(`base connection ${other} does not exist`));
  });

  it('runs a flow from it with string options, and blocks deleting its base connection while the flow exists', async () => {
    // The seed tutorial writes options as strings, as it does scheduleParams.
    const options = { errorDiagnosticsEnabled: 'true', partialIngestionPercent: '10' };
    const flow = await e.api('POST', `${F}/flows`, { body: flowBody({ ...chain, sourceId }, { options }) });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
    // Stored as sent, as scheduleParams strings are: the Platform echoes what it stored.
    expect((await getItem(`/flows/${flow.body.id}`)).options).toEqual(options);

    const run = await finished(e, await adHocRun(e, flow.body.id));
    // The runner read the table named by params.path through the base connection named by connectionId …
    expect(db.calls.at(-1)?.path).toBe('crm.customers');
    expect(db.opened.at(-1)).toMatchObject({ specId: POSTGRES, auth: { params: { connectionString } } });
    // … and read the options as the documented true and 10: 3 bad rows of 100 pass the threshold, and are kept.
    expect(run.metrics.statusSummary.status, JSON.stringify(run.metrics.statusSummary)).toBe('success');
    expect(run.metrics.recordSummary).toEqual({ inputRecordCount: 100, outputRecordCount: 97, failedRecordCount: 3 });
    const batchId = batchIdOf(run) as string;
    expect(await batchRecords(e, batchId)).toHaveLength(97);
    // With diagnostics off this answers 404 (runner-runs.test.ts).
    expect((await e.api('GET', `${EXPORT}/batches/${batchId}/meta?path=row_errors`)).status).toBe(200);

    expectFlowError(await e.api('DELETE', `${F}/connections/${chain.connectionId}`), '1418-400', new RegExp(chain.connectionId));
  });
});

describe('flow options as strings', () => {
  let chain: Chain;
  beforeAll(async () => {
    chain = await createChain(e);
  });
  const postFlow = (options: Record<string, unknown>) => e.api('POST', `${F}/flows`, { body: flowBody(chain, { options }) });

  it('accepts "true"/"false" and numeric strings on create and in a PATCH of /options, stored as sent', async () => {
    const created = await postFlow({ errorDiagnosticsEnabled: 'false', partialIngestionPercent: '2.5' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const path = `/flows/${created.body.id}`;
    expect((await getItem(path)).options).toEqual({ errorDiagnosticsEnabled: 'false', partialIngestionPercent: '2.5' });

    const { etag } = await getItem(path);
    const replaced = await e.api('PATCH', `${F}${path}`, {
      body: [{ op: 'add', path: '/options', value: { errorDiagnosticsEnabled: 'true', partialIngestionPercent: '10' } }],
      headers: { 'if-match': etag },
    });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    const one = await e.api('PATCH', `${F}${path}`, { body: [{ op: 'replace', path: '/options/partialIngestionPercent', value: '7' }], headers: { 'if-match': replaced.body.etag } });
    expect(one.status, JSON.stringify(one.body)).toBe(200);
    expect((await getItem(path)).options).toEqual({ errorDiagnosticsEnabled: 'true', partialIngestionPercent: '7' });
  });

  it('still refuses strings that are not a boolean or a number in range, naming the field', async () => {
    expectFlowError(await postFlow({ errorDiagnosticsEnabled: 'yes' }), '1100-400', /options\.errorDiagnosticsEnabled must be boolean/);
    expectFlowError(await postFlow({ errorDiagnosticsEnabled: 'TRUE ' }), '1100-400', /options\.errorDiagnosticsEnabled must be boolean/);
    expectFlowError(await postFlow({ partialIngestionPercent: 'ten' }), '1100-400', /options\.partialIngestionPercent must be number/);
    expectFlowError(await postFlow({ partialIngestionPercent: '0' }), '1100-400', /options\.partialIngestionPercent must be greater than 0/);

    const created = await postFlow({ errorDiagnosticsEnabled: true });
    const path = `${F}/flows/${created.body.id}`;
    const { etag } = await getItem(`/flows/${created.body.id}`);
    const patched = await e.api('PATCH', path, { body: [{ op: 'replace', path: '/options/errorDiagnosticsEnabled', value: 'yes' }], headers: { 'if-match': etag } });
    expectFlowError(patched, '1100-400', /options\.errorDiagnosticsEnabled must be boolean/);
    expect((await getItem(`/flows/${created.body.id}`)).options).toEqual({ errorDiagnosticsEnabled: true });
  });
});
