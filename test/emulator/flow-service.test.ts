import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceRecord } from '../../src/emulator/records.js';
import { SERVICES, startTestEmulator, type ApiResponse, type TestEmulator } from '../helpers/emulator.js';

const F = SERVICES.flow;
const MYSQL = '26d738e0-8963-47ea-aadf-c60de735468a';
const COUCHBASE = '1fe283f6-9bec-11ea-bb37-0242ac130002';
const POSTGRES = '74a1c565-4e59-48d7-9d67-7c03b8a13137';
const DATA_LAKE = 'c604ff05-7f1a-43c0-8e18-33bf874cb11c';
const CRM_TO_AEP = '14518937-270c-4525-bdec-c2ba7cce3860';
const CS_AUTH = 'Connection String Based Authentication';
const MYSQL_STRING = 'Server=db.example.com;Port=3306;Database=shop;UID=aep_reader;PWD=s3cret;';
const XED = 'application/vnd.adobe.xed-full+json;version=1';

let e: TestEmulator;
beforeAll(async () => {
  e = await startTestEmulator();
});
afterAll(() => e.close());

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const store = (sandbox = 'dev') => {
  const state = e.emulator.store.sandbox(sandbox);
  if (!state) throw new Error(`no sandbox ${sandbox}`);
  return state;
};

/** The Flow error code at the end of `type` (`FLOW-1413-400` → `1413-400`). */
function code(r: ApiResponse): string {
  return String(r.body?.type ?? '').replace(/^.*FLOW-/, '');
}

function expectError(r: ApiResponse, flowCode: string, message?: RegExp): void {
  expect({ status: r.status, code: code(r) }, JSON.stringify(r.body)).toEqual({ status: Number(flowCode.split('-')[1]), code: flowCode });
  expect(r.body.report['detailed-message']).toBe(r.body.errorMessage);
  if (message) expect(r.body.errorMessage).toMatch(message);
}

// ── Prerequisites owned by other services, inserted straight into the store (records.ts conventions) ──────

async function schema(sandbox = 'dev'): Promise<string> {
  const suffix = hex(16);
  const altId = `_flowctl.schemas.${suffix}`;
  const $id = `https://ns.adobe.com/flowctl/schemas/${suffix}`;
  await store(sandbox).collection<ResourceRecord>('schemas').put({ id: altId, $id, 'meta:altId': altId, title: `schema ${suffix}` });
  return $id;
}

async function dataset(schemaId: string, sandbox = 'dev'): Promise<string> {
  const id = hex(12);
  await store(sandbox).collection<ResourceRecord>('dataSets').put({ id, name: `dataset ${id}`, schemaRef: { id: schemaId, contentType: XED } });
  return id;
}

/** A mapping set at version 1 whose version 0 is kept too. */
async function mappingSet(schemaId: string, sandbox = 'dev'): Promise<string> {
  const id = hex(16);
  const version = (v: number) => ({ version: v, outputSchema: { schemaRef: { id: schemaId, contentType: XED } }, mappings: [] });
  await store(sandbox).collection<ResourceRecord>('mappingSets').put({ id, ...version(1), __versions: { '0': version(0) } });
  return id;
}

// ── Flow Service resources through the API ─────────────────────────────────────────────────────────────

const connectionBody = (o: Record<string, unknown> = {}) => ({
  name: 'orders-db (mysql)',
  description: 'Created by a test',
  auth: { specName: CS_AUTH, params: { connectionString: MYSQL_STRING } },
  connectionSpec: { id: MYSQL, version: '1.0' },
  ...o,
});

async function created(r: Promise<ApiResponse>): Promise<{ id: string; etag: string }> {
  const response = await r;
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function connection(o: Record<string, unknown> = {}, sandbox?: string): Promise<string> {
  return (await created(e.api('POST', `${F}/connections`, { body: connectionBody(o), ...(sandbox && { sandbox }) }))).id;
}

const sourceBody = (baseConnectionId: string, o: Record<string, unknown> = {}) => ({
  name: 'orders-db: shop.customers',
  baseConnectionId,
  connectionSpec: { id: MYSQL, version: '1.0' },
  data: { format: 'tabular' },
  params: { tableName: 'shop.customers', columns: [{ name: 'customer_id', type: 'string' }] },
  ...o,
});

async function source(baseConnectionId: string, o: Record<string, unknown> = {}): Promise<string> {
  return (await created(e.api('POST', `${F}/sourceConnections`, { body: sourceBody(baseConnectionId, o) }))).id;
}

const targetBody = (schemaId: string, dataSetId: string, o: Record<string, unknown> = {}) => ({
  name: 'customers → dataset',
  connectionSpec: { id: DATA_LAKE, version: '1.0' },
  data: { format: 'parquet_xdm', schema: { id: schemaId, version: XED } },
  params: { dataSetId },
  ...o,
});

async function target(schemaId: string, dataSetId: string): Promise<string> {
  return (await created(e.api('POST', `${F}/targetConnections`, { body: targetBody(schemaId, dataSetId) }))).id;
}

interface Setup {
  connectionId: string;
  sourceId: string;
  targetId: string;
  schemaId: string;
  dataSetId: string;
  mappingId: string;
}

async function setup(): Promise<Setup> {
  const schemaId = await schema();
  const dataSetId = await dataset(schemaId);
  const mappingId = await mappingSet(schemaId);
  const connectionId = await connection();
  return { connectionId, sourceId: await source(connectionId), targetId: await target(schemaId, dataSetId), schemaId, dataSetId, mappingId };
}

const HOUR_LATER = () => Math.floor(Date.now() / 1000) + 3600;

const flowBody = (s: Setup, o: Record<string, unknown> = {}) => ({
  name: 'orders-db customers hourly',
  description: 'shop.customers → dataset',
  flowSpec: { id: CRM_TO_AEP, version: '1.0' },
  sourceConnectionIds: [s.sourceId],
  targetConnectionIds: [s.targetId],
  transformations: [
    { name: 'Copy', params: { deltaColumn: { name: 'updated_at', dateFormat: 'YYYY-MM-DD', timezone: 'UTC' } } },
    { name: 'Mapping', params: { mappingId: s.mappingId, mappingVersion: 0 } },
  ],
  scheduleParams: { startTime: HOUR_LATER(), frequency: 'hour', interval: 1, backfill: true },
  options: { errorDiagnosticsEnabled: true, partialIngestionPercent: 5 },
  ...o,
});

const postFlow = (body: unknown) => e.api('POST', `${F}/flows`, { body });

async function flow(s: Setup, o: Record<string, unknown> = {}): Promise<{ id: string; etag: string }> {
  return created(postFlow(flowBody(s, o)));
}

const getOne = async (path: string) => {
  const r = await e.api('GET', `${F}${path}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items[0];
};

describe('flow service: the seed sequence', () => {
  it('creates a connection, source, target and flow, acts on the flow, patches it and tears everything down', async () => {
    // Specs, as the CLI reads them first.
    const mysql = await getOne(`/connectionSpecs/${MYSQL}`);
    expect(mysql.authSpec.map((a: { name: string }) => a.name)).toContain(CS_AUTH);
    const specs = await e.api('GET', `${F}/flowSpecs?property=name=="CRMToAEP"`);
    expect(specs.body.items.map((s: { id: string }) => s.id)).toEqual([CRM_TO_AEP]);
    expect(specs.body.items[0].sourceConnectionSpecIds).toContain(MYSQL);

    const schemaId = await schema();
    const dataSetId = await dataset(schemaId);
    const mappingId = await mappingSet(schemaId);

    const conn = await e.api('POST', `${F}/connections`, { body: connectionBody() });
    expect(conn.status).toBe(201);
    expect(conn.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(conn.body.etag).toMatch(/^"[0-9a-f]{8}-0000-0200-0000-[0-9a-f]{12}"$/);
    expect(conn.headers.get('location')).toBe(`${F}/connections/${conn.body.id}`);

    const shown = await getOne(`/connections/${conn.body.id}`);
    const info = store().info;
    expect(shown).toMatchObject({
      id: conn.body.id,
      name: 'orders-db (mysql)',
      state: 'enabled',
      connectionSpec: { id: MYSQL, version: '1.0' },
      sandboxName: 'dev',
      sandboxId: info.id,
      imsOrgId: e.emulator.credentials.orgId,
      createdClient: e.emulator.credentials.clientId,
      etag: conn.body.etag,
      version: conn.body.etag,
    });
    expect(shown.auth.specName).toBe(CS_AUTH);
    expect(shown.auth.params.connectionString).toContain('UID=aep_reader');
    expect(JSON.stringify(shown)).not.toContain('s3cret');
    expect(Object.keys(shown).some((k) => k.startsWith('__'))).toBe(false);
    const kept = store().collection<ResourceRecord>('connections').get(conn.body.id) as ResourceRecord;
    expect((kept['__auth'] as { params: { connectionString: string } }).params.connectionString).toBe(MYSQL_STRING);

    const sourceId = await source(conn.body.id);
    expect(await getOne(`/sourceConnections/${sourceId}`)).toMatchObject({
      baseConnectionId: conn.body.id,
      data: { format: 'tabular' },
      params: { tableName: 'shop.customers' },
      state: 'enabled',
      sandboxName: 'dev',
    });
    const targetId = await target(schemaId, dataSetId);
    expect(await getOne(`/targetConnections/${targetId}`)).toMatchObject({ params: { dataSetId }, connectionSpec: { id: DATA_LAKE } });

    // The seed tutorial's strings: accepted, and echoed as sent.
    const setupIds = { connectionId: conn.body.id, sourceId, targetId, schemaId, dataSetId, mappingId };
    const stringSchedule = { startTime: String(HOUR_LATER()), frequency: 'minute', interval: '15', backfill: 'true' };
    const createdFlow = await e.api('POST', `${F}/flows`, { body: flowBody(setupIds, { scheduleParams: stringSchedule }) });
    expect(createdFlow.status, JSON.stringify(createdFlow.body)).toBe(201);
    expect(createdFlow.headers.get('location')).toBe(`${F}/flows/${createdFlow.body.id}`);
    const flowId = createdFlow.body.id as string;
    const got = await getOne(`/flows/${flowId}`);
    expect(got).toMatchObject({
      id: flowId,
      state: 'enabled',
      flowSpec: { id: CRM_TO_AEP, version: '1.0' },
      sourceConnectionIds: [sourceId],
      targetConnectionIds: [targetId],
      scheduleParams: stringSchedule,
      runs: `/runs?property=flowId==${flowId}`,
      lastOperation: { operation: 'create', status: { value: 'completed' } },
      sandboxName: 'dev',
      sandboxId: info.id,
      imsOrgId: e.emulator.credentials.orgId,
      createdClient: e.emulator.credentials.clientId,
      etag: createdFlow.body.etag,
      version: createdFlow.body.etag,
      inheritedAttributes: {
        sourceConnections: [{ id: sourceId, connectionSpec: { id: MYSQL }, baseConnection: { id: conn.body.id, connectionSpec: { id: MYSQL } } }],
        targetConnections: [{ id: targetId, connectionSpec: { id: DATA_LAKE } }],
      },
    });
    expect(typeof got.createdAt).toBe('number');
    expect(got.transformations[1].params.mappingVersion).toBe('0');

    const disabled = await e.api('POST', `${F}/flows/${flowId}/action?op=disable`);
    expect(disabled.status).toBe(200);
    expect(disabled.body.id).toBe(flowId);
    expect(disabled.body.etag).not.toBe(createdFlow.body.etag);
    expect(await getOne(`/flows/${flowId}`)).toMatchObject({ state: 'disabled', lastOperation: { operation: 'disable' } });
    expectError(await e.api('POST', `${F}/flows/${flowId}/action?op=disable`), '1422-400', /disable/);
    expect((await e.api('POST', `${F}/flows/${flowId}/action?op=ENABLE&subOp=APPLY`)).status).toBe(200);

    const current = await getOne(`/flows/${flowId}`);
    const ops = [
      { op: 'replace', path: '/name', value: 'orders-db customers daily' },
      { op: 'replace', path: '/scheduleParams/frequency', value: 'day' },
      { op: 'replace', path: '/scheduleParams/interval', value: 1 },
    ];
    const patched = await e.api('PATCH', `${F}/flows/${flowId}`, { body: ops, headers: { 'if-match': current.etag } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.etag).not.toBe(current.etag);
    const after = await getOne(`/flows/${flowId}`);
    expect(after).toMatchObject({ name: 'orders-db customers daily', scheduleParams: { frequency: 'day', interval: 1 }, etag: patched.body.etag, version: patched.body.etag });
    expect(after.lastOperation).toMatchObject({ operation: 'update', ops });

    // In use: nothing under the flow can go.
    expectError(await e.api('DELETE', `${F}/connections/${conn.body.id}`), '1418-400', new RegExp(conn.body.id));
    expectError(await e.api('DELETE', `${F}/sourceConnections/${sourceId}`), '1447-400', new RegExp(sourceId));
    expectError(await e.api('DELETE', `${F}/targetConnections/${targetId}`), '1447-400', new RegExp(targetId));

    const deleted = await e.api('DELETE', `${F}/flows/${flowId}`);
    expect([deleted.status, deleted.text]).toEqual([204, '']);
    const gone = await e.api('GET', `${F}/flows/${flowId}`);
    expectError(gone, '1439-404', new RegExp(flowId));
    expect(gone.body.report).toMatchObject({ id: flowId, type: 'flows' });

    for (const path of [`/sourceConnections/${sourceId}`, `/targetConnections/${targetId}`, `/connections/${conn.body.id}`]) {
      expect((await e.api('DELETE', `${F}${path}`)).status).toBe(204);
      expectError(await e.api('GET', `${F}${path}`), '1101-404');
    }
  });
});

describe('flow service: specs', () => {
  it('serves every database connection spec with a JSON-schema auth spec, and the data lake', async () => {
    const r = await e.api('GET', `${F}/connectionSpecs`);
    expect(r.status).toBe(200);
    const byName = new Map<string, any>(r.body.items.map((s: { name: string }) => [s.name, s]));
    for (const name of ['mysql', 'postgre-sql', 'sql-server', 'oracle', 'mariadb', 'snowflake', 'google-big-query']) expect(byName.has(name), name).toBe(true);
    for (const spec of r.body.items.filter((s: { id: string }) => s.id !== DATA_LAKE)) {
      expect(spec).toMatchObject({ providerId: '0ed90a81-07f4-4586-8190-b40eccef1c5a', version: '1.0', attributes: { category: 'Database', isSource: true } });
      expect(spec.sourceSpec.spec.properties.tableName).toBeDefined();
      for (const auth of spec.authSpec) expect(auth.spec).toMatchObject({ type: 'object', properties: expect.any(Object), required: expect.any(Array) });
    }
    expect(byName.get('mysql').authSpec[0].spec.properties.connectionString.pattern).toContain('[uU]id=');
    expect(byName.get('postgre-sql').authSpec.map((a: { name: string }) => a.name)).toEqual([CS_AUTH, 'Basic Authentication for PostgreSQL']);
    expect(r.body.items.map((s: { id: string }) => s.id)).toContain(DATA_LAKE);
    expect((await e.api('GET', `${F}/connectionSpecs?property=name==mysql`)).body.items.map((s: { id: string }) => s.id)).toEqual([MYSQL]);
  });

  it('serves CRMToAEP as documented', async () => {
    const spec = await getOne(`/flowSpecs/${CRM_TO_AEP}`);
    expect(spec).toMatchObject({ name: 'CRMToAEP', targetConnectionSpecIds: [DATA_LAKE], scheduleSpec: { name: 'PeriodicSchedule', type: 'Periodic' }, runSpec: { name: 'ProviderParams' } });
    expect(spec.sourceConnectionSpecIds).toHaveLength(31);
    expect(spec.transformationSpecs.map((t: { name: string }) => t.name)).toEqual(['Copy', 'Mapping']);
    expect(spec.scheduleSpec.spec.required).toEqual(['startTime', 'frequency']);
    expect(spec.attributes).toMatchObject({ isSourceFlow: true, frequency: 'batch' });
    expect((await e.api('GET', `${F}/flowSpecs?property=name==CRMToAEP`)).body.items).toHaveLength(1);
    expectError(await e.api('GET', `${F}/flowSpecs/${MYSQL}`), '1101-404');
  });
});

describe('flow service: connections', () => {
  it('refuses an empty body, an unknown spec, an unknown auth spec name and missing or malformed params', async () => {
    expectError(await e.api('POST', `${F}/connections`, { body: {} }), '1405-400');
    expectError(await e.api('POST', `${F}/connections`, { body: connectionBody({ connectionSpec: { id: '00000000-0000-0000-0000-000000000000', version: '1.0' } }) }), '1413-400');
    expectError(
      await e.api('POST', `${F}/connections`, { body: connectionBody({ auth: { specName: 'Basic Auth', params: { connectionString: MYSQL_STRING } } }) }),
      '1415-400',
      new RegExp(`^The auth spec 'Basic Auth' could not be found for the connection spec ID ${MYSQL}\\.$`),
    );
    const basic = { specName: 'Basic Authentication', params: { server: 'db', port: 3306, database: 'shop', username: 'u' } };
    expectError(await e.api('POST', `${F}/connections`, { body: connectionBody({ auth: basic }) }), '1100-400', /auth\.params\.password is required/);
    const noPassword = { specName: CS_AUTH, params: { connectionString: 'Server=db;Port=3306;Database=shop;UID=u;' } };
    expectError(await e.api('POST', `${F}/connections`, { body: connectionBody({ auth: noPassword }) }), '1100-400', /connectionString/);
  });

  it('matches connection string patterns case-insensitively and masks every secret', async () => {
    const lower = 'server=db;port=3306;database=shop;uid=u;pwd=hunter2;';
    const id = await connection({ auth: { specName: CS_AUTH, params: { connectionString: lower } } });
    expect(JSON.stringify(await getOne(`/connections/${id}`))).not.toContain('hunter2');
    const bigQuery = await e.api('POST', `${F}/connections`, {
      body: {
        name: 'bq',
        auth: { specName: 'Basic Authentication', params: { project: 'p', clientId: 'cid', clientSecret: 'cs-value', refreshToken: 'rt-value' } },
        connectionSpec: { id: '3c9b37f8-13a6-43d8-bad3-b863b941fedd', version: '1.0' },
      },
    });
    expect(bigQuery.status).toBe(201);
    const shown = await getOne(`/connections/${bigQuery.body.id}`);
    expect(shown.auth.params.clientId).toBe('cid');
    expect(JSON.stringify(shown)).not.toMatch(/cs-value|rt-value/);
  });

  it('patches with If-Match only, keeps the spec fixed, and re-checks the auth', async () => {
    const id = await connection();
    const path = `${F}/connections/${id}`;
    const ops = [{ op: 'replace', path: '/auth/params/connectionString', value: 'Server=db2;Port=3306;Database=shop;UID=u;PWD=n3w;' }];
    expectError(await e.api('PATCH', path, { body: ops }), '1403-400');
    expectError(await e.api('PATCH', path, { body: ops, headers: { 'if-match': '"stale"' } }), '1404-412');
    const { etag } = await getOne(`/connections/${id}`);
    expectError(await e.api('PATCH', path, { body: [{ op: 'replace', path: '/connectionSpec/id', value: POSTGRES }], headers: { 'if-match': etag } }), '1414-400');
    expectError(
      await e.api('PATCH', path, { body: [{ op: 'replace', path: '/auth/params/connectionString', value: 'nonsense' }], headers: { 'if-match': etag } }),
      '1100-400',
    );
    const ok = await e.api('PATCH', path, { body: ops, headers: { 'if-match': etag } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.etag).not.toBe(etag);
    const kept = store().collection<ResourceRecord>('connections').get(id) as ResourceRecord;
    expect(JSON.stringify(kept['__auth'])).toContain('PWD=n3w');
    expect(JSON.stringify(await getOne(`/connections/${id}`))).not.toContain('n3w');
  });

  it('answers test and explore of an unreachable or unsupported database with the reason, never the password', async () => {
    const id = await connection();
    const test = await e.api('GET', `${F}/connections/${id}/test`);
    expectError(test, '1100-400', /cannot connect to the MySQL database: cannot reach the database server at db\.example\.com:3306/);
    expect(JSON.stringify(test.body)).not.toContain('s3cret');
    expectError(await e.api('GET', `${F}/connections/${id}/explore?objectType=root`), '1100-400', /cannot list the tables of the MySQL database: cannot reach the database server/);
    const oracle = await connection({
      auth: { specName: 'ConnectionString', params: { connectionString: 'Host=ora.example.com;Port=1521;Sid=ORCL;User Id=u;Password=p' } },
      connectionSpec: { id: 'd6b52d86-f0f8-475f-89d4-ce54c8527328', version: '1.0' },
    });
    expectError(await e.api('GET', `${F}/connections/${oracle}/test`), '1100-400', /the emulator cannot reach Oracle databases: it reads MySQL, MariaDB, PostgreSQL and Greenplum/);
    expectError(await e.api('GET', `${F}/connections/00000000-0000-0000-0000-000000000000/test`), '1101-404');
  });

  it('keeps sandboxes apart', async () => {
    const id = await connection();
    expectError(await e.api('GET', `${F}/connections/${id}`, { sandbox: 'prod' }), '1101-404');
    const prodId = await connection({}, 'prod');
    expect((await getOne(`/connections/${id}`)).sandboxName).toBe('dev');
    expect((await e.api('GET', `${F}/connections/${prodId}`, { sandbox: 'prod' })).body.items[0].sandboxName).toBe('prod');
    expectError(await e.api('POST', `${F}/sourceConnections`, { body: sourceBody(prodId) }), '1100-400', new RegExp(prodId));
  });
});

describe('flow service: source and target connections', () => {
  it('checks the base connection, its spec, the data format and the table', async () => {
    const base = await connection();
    expectError(await e.api('POST', `${F}/sourceConnections`, { body: {} }), '1405-400');
    expectError(await e.api('POST', `${F}/sourceConnections`, { body: sourceBody('00000000-0000-0000-0000-000000000000') }), '1100-400', /base connection/);
    expectError(await e.api('POST', `${F}/sourceConnections`, { body: sourceBody(base, { connectionSpec: { id: POSTGRES, version: '1.0' } }) }), '1413-400', new RegExp(base));
    expectError(await e.api('POST', `${F}/sourceConnections`, { body: sourceBody(base, { data: { format: 'csv' } }) }), '1100-400', /data\.format/);
    expectError(await e.api('POST', `${F}/sourceConnections`, { body: sourceBody(base, { params: { columns: [] } }) }), '1100-400', /tableName/);
    // The seed tutorial names the table `path`.
    const id = await source(base, { params: { path: 'shop.orders' } });
    expect((await getOne(`/sourceConnections/${id}`)).params).toEqual({ path: 'shop.orders' });
  });

  it('patches a source connection with If-Match and re-checks it', async () => {
    const id = await source(await connection());
    const { etag } = await getOne(`/sourceConnections/${id}`);
    const path = `${F}/sourceConnections/${id}`;
    expectError(await e.api('PATCH', path, { body: [{ op: 'replace', path: '/params/tableName', value: 'shop.x' }] }), '1403-400');
    expectError(await e.api('PATCH', path, { body: [{ op: 'replace', path: '/data/format', value: 'xml' }], headers: { 'if-match': etag } }), '1100-400');
    const ok = await e.api('PATCH', path, { body: [{ op: 'replace', path: '/params/tableName', value: 'shop.x' }], headers: { 'if-match': etag } });
    expect(ok.status).toBe(200);
    expect((await getOne(`/sourceConnections/${id}`)).params.tableName).toBe('shop.x');
  });

  it('targets only the data lake, an existing dataset and an existing schema', async () => {
    const schemaId = await schema();
    const dataSetId = await dataset(schemaId);
    expectError(await e.api('POST', `${F}/targetConnections`, { body: targetBody(schemaId, dataSetId, { connectionSpec: { id: MYSQL, version: '1.0' } }) }), '1413-400');
    expectError(await e.api('POST', `${F}/targetConnections`, { body: targetBody(schemaId, 'aaaaaaaaaaaaaaaaaaaaaaaa') }), '1100-400', /dataset aaaaaaaaaaaaaaaaaaaaaaaa/);
    expectError(
      await e.api('POST', `${F}/targetConnections`, { body: targetBody('https://ns.adobe.com/flowctl/schemas/nope', dataSetId) }),
      '1100-400',
      /schema https:\/\/ns\.adobe\.com\/flowctl\/schemas\/nope/,
    );
    expectError(await e.api('POST', `${F}/targetConnections`, { body: targetBody(schemaId, dataSetId, { params: {} }) }), '1100-400', /dataSetId is required/);
    // A dataset of another sandbox is not there.
    const prodDataset = await dataset(schemaId, 'prod');
    expectError(await e.api('POST', `${F}/targetConnections`, { body: targetBody(schemaId, prodDataset) }), '1100-400', /does not exist in sandbox dev/);
  });
});

describe('flow service: flow rules', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup();
  });

  it('refuses state, an unknown flow spec and unknown connections', async () => {
    expectError(await postFlow({}), '1405-400');
    expectError(await postFlow(flowBody(s, { state: 'enabled' })), '1410-400');
    expectError(await postFlow(flowBody(s, { flowSpec: { id: '9753525b-82c7-4dce-8a9b-5ccfce2b9876', version: '1.0' } })), '1413-400');
    const missing = '11111111-2222-3333-4444-555555555555';
    expectError(await postFlow(flowBody(s, { sourceConnectionIds: [missing] })), '1413-400', new RegExp(`source connection ${missing}`));
    expectError(await postFlow(flowBody(s, { targetConnectionIds: [missing] })), '1413-400', new RegExp(`target connection ${missing}`));
    // A target used as a source is not one.
    expectError(await postFlow(flowBody(s, { sourceConnectionIds: [s.targetId] })), '1413-400');
  });

  it('refuses a source whose connection spec the flow spec does not list', async () => {
    const couchbase = await connection({ auth: { specName: CS_AUTH, params: { connectionString: 'couchbase://db' } }, connectionSpec: { id: COUCHBASE, version: '1.0' } });
    const sourceId = await source(couchbase, { connectionSpec: { id: COUCHBASE, version: '1.0' } });
    expectError(await postFlow(flowBody(s, { sourceConnectionIds: [sourceId] })), '1413-400', new RegExp(`${sourceId}.*${COUCHBASE}`));
  });

  it('needs Copy.deltaColumn.name and a known transformation', async () => {
    const mapping = { name: 'Mapping', params: { mappingId: s.mappingId, mappingVersion: 0 } };
    expectError(await postFlow(flowBody(s, { transformations: [{ name: 'Copy', params: {} }, mapping] })), '1100-400', /deltaColumn is required/);
    expectError(await postFlow(flowBody(s, { transformations: [{ name: 'Copy', params: { deltaColumn: {} } }, mapping] })), '1100-400', /deltaColumn\.name is required/);
    expectError(await postFlow(flowBody(s, { transformations: [{ name: 'Filter', params: {} }] })), '1100-400', /Filter/);
  });

  it('checks the mapping set, its version and its schema against the target dataset', async () => {
    const copy = { name: 'Copy', params: { deltaColumn: { name: 'updated_at' } } };
    const mapping = (params: Record<string, unknown>) => ({ transformations: [copy, { name: 'Mapping', params }] });
    expectError(await postFlow(flowBody(s, mapping({ mappingId: hex(16), mappingVersion: 0 }))), '1419-400');
    expectError(await postFlow(flowBody(s, mapping({ mappingId: s.mappingId, mappingVersion: 7 }))), '1412-400');
    expectError(await postFlow(flowBody(s, mapping({ mappingId: s.mappingId, mappingVersion: 'x' }))), '1412-400');
    const otherMapping = await mappingSet(await schema());
    expectError(await postFlow(flowBody(s, mapping({ mappingId: otherMapping, mappingVersion: 1 }))), '1425-400', new RegExp(`${s.dataSetId}.*${otherMapping}`));
    // Both stored versions, and no version (the latest), are fine.
    for (const params of [{ mappingId: s.mappingId, mappingVersion: '1' }, { mappingId: s.mappingId }]) expect((await postFlow(flowBody(s, mapping(params)))).status).toBe(201);
  });

  it('checks the schedule against the scheduleSpec, numeric strings included', async () => {
    const schedule = (scheduleParams: unknown) => postFlow(flowBody(s, { scheduleParams }));
    const start = HOUR_LATER();
    expectError(await schedule(undefined), '1100-400', /scheduleParams/);
    expectError(await schedule({ frequency: 'hour', interval: 1 }), '1100-400', /startTime is required/);
    expectError(await schedule({ startTime: start, frequency: 'fortnight', interval: 1 }), '1100-400', /frequency must be one of/);
    expectError(await schedule({ startTime: start, frequency: 'minute', interval: 10 }), '1100-400', /interval must be at least 15/);
    expectError(await schedule({ startTime: start, frequency: 'minute', interval: '10' }), '1100-400', /interval must be at least 15/);
    expectError(await schedule({ startTime: start, frequency: 'day', interval: 0 }), '1100-400', /interval must be at least 1/);
    expectError(await schedule({ startTime: start, frequency: 'hour' }), '1100-400', /interval is required/);
    expectError(await schedule({ startTime: start, frequency: 'once', interval: 1 }), '1100-400', /interval must not be set/);
    expectError(await schedule({ startTime: start, frequency: 'once', backfill: true }), '1100-400', /backfill must not be set/);
    expectError(await schedule({ startTime: 'soon', frequency: 'once' }), '1100-400', /startTime must be integer/);
    expectError(await schedule({ startTime: start, frequency: 'hour', interval: 1, backfill: 'maybe' }), '1100-400', /backfill must be boolean/);
    expect((await schedule({ startTime: String(start), frequency: 'minute', interval: '15', backfill: 'false' })).status).toBe(201);
    expect((await schedule({ startTime: start, frequency: 'once' })).status).toBe(201);
  });

  it('checks options against the optionSpec', async () => {
    expectError(await postFlow(flowBody(s, { options: { partialIngestionPercent: 0 } })), '1100-400', /partialIngestionPercent must be greater than 0/);
    expectError(await postFlow(flowBody(s, { options: { partialIngestionPercent: 'five' } })), '1100-400', /partialIngestionPercent must be number/);
    expectError(await postFlow(flowBody(s, { options: { errorDiagnosticsEnabled: 'yes' } })), '1100-400', /errorDiagnosticsEnabled must be boolean/);
  });

  it('patches with If-Match, JSON Patch ops in either case, and re-checks the result', async () => {
    const { id } = await flow(s);
    const path = `${F}/flows/${id}`;
    const etag = async () => (await getOne(`/flows/${id}`)).etag as string;
    const patch = async (body: unknown) => e.api('PATCH', path, { body, headers: { 'if-match': await etag() } });
    expectError(await e.api('PATCH', path, { body: [{ op: 'replace', path: '/name', value: 'x' }] }), '1403-400');
    expectError(await e.api('PATCH', path, { body: [{ op: 'replace', path: '/name', value: 'x' }], headers: { 'if-match': '"0-0"' } }), '1404-412');
    expectError(await patch([]), '1405-400');
    expectError(await patch([{ op: 'move', from: '/name', path: '/description' }]), '1434-400', /move/);
    expectError(await patch([{ op: 'replace', path: '/nothing/here', value: 1 }]), '1100-400');
    expectError(await patch([{ op: 'replace', path: '/options/missing', value: 1 }]), '1455-400', /missing/);
    expectError(await patch([{ op: 'replace', path: '/state', value: 'disabled' }]), '1100-400', /action/);
    expectError(await patch([{ op: 'replace', path: '/scheduleParams/interval', value: 0 }]), '1100-400', /interval must be at least 1/);
    expectError(await patch([{ op: 'remove', path: '/transformations/0/params/deltaColumn' }]), '1100-400', /deltaColumn is required/);
    expectError(await patch([{ op: 'add', path: '/targetConnectionIds/-', value: 'nope' }]), '1413-400', /nope/);

    const ok = await patch([
      { op: 'REPLACE', path: '/scheduleParams/frequency', value: 'week' },
      { op: 'ADD', path: '/options/partialIngestionPercent', value: 10 },
      { op: 'Remove', path: '/description' },
    ]);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const after = await getOne(`/flows/${id}`);
    expect(after).toMatchObject({ scheduleParams: { frequency: 'week' }, options: { partialIngestionPercent: 10 }, lastOperation: { operation: 'update' } });
    expect(after.description).toBeUndefined();
    expect(after.lastOperation.ops.map((o: { op: string }) => o.op)).toEqual(['replace', 'add', 'remove']);

    // The start is still ahead: it may move.
    expect((await patch([{ op: 'replace', path: '/scheduleParams/startTime', value: HOUR_LATER() + 60 }])).status).toBe(200);
  });

  it('fixes startTime once the scheduled start has passed', async () => {
    const { id } = await flow(s, { scheduleParams: { startTime: 1567411548, frequency: 'hour', interval: 1 } });
    const { etag } = await getOne(`/flows/${id}`);
    const r = await e.api('PATCH', `${F}/flows/${id}`, { body: [{ op: 'replace', path: '/scheduleParams/startTime', value: 1567411600 }], headers: { 'if-match': etag } });
    expectError(r, '1100-400', /startTime cannot be changed/);
    const same = await e.api('PATCH', `${F}/flows/${id}`, { body: [{ op: 'replace', path: '/scheduleParams/interval', value: 2 }], headers: { 'if-match': etag } });
    expect(same.status).toBe(200);
  });

  it('enables and disables case-insensitively, refusing unknown actions and repeats', async () => {
    const { id } = await flow(s);
    expectError(await e.api('POST', `${F}/flows/${id}/action?op=ENABLE`), '1422-400', /enable/);
    expectError(await e.api('POST', `${F}/flows/${id}/action?op=pause`), '1434-400', /pause/);
    expectError(await e.api('POST', `${F}/flows/${id}/action?op=disable&subOp=REVERSE`), '1435-400');
    expectError(await e.api('POST', `${F}/flows/${id}/action?op=disable`, { headers: { 'if-match': '"stale"' } }), '1404-412');
    expect((await e.api('POST', `${F}/flows/${id}/action?op=Disable`)).status).toBe(200);
    expectError(await e.api('POST', `${F}/flows/00000000-0000-0000-0000-000000000000/action?op=disable`), '1439-404');
  });

  it('hides flows from other sandboxes', async () => {
    const { id } = await flow(s);
    expectError(await e.api('GET', `${F}/flows/${id}`, { sandbox: 'prod' }), '1439-404');
    expectError(await e.api('DELETE', `${F}/flows/${id}`, { sandbox: 'prod' }), '1439-404');
  });

  it('finds flows by nested and array properties', async () => {
    const { id } = await flow(s);
    const ids = async (query: string) => (await e.api('GET', `${F}/flows?${query}`)).body.items.map((f: { id: string }) => f.id);
    expect(await ids(`property=sourceConnectionIds[]==${s.sourceId}`)).toContain(id);
    expect(await ids(`property=inheritedAttributes.targetConnections[].connectionSpec.id==${DATA_LAKE}&property=id==${id}`)).toEqual([id]);
    expect(await ids(`property=inheritedAttributes.sourceConnections[].baseConnection.id==${s.connectionId}&property=state==enabled&property=id==${id}`)).toEqual([id]);
    expect(await ids(`property=id==${id}&property=state==disabled`)).toEqual([]);
  });
});

describe('flow service: runs', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup();
  });

  it('creates an ad-hoc run of a once flow, answers {items: [{id, etag}]} as the on-demand tutorial shows, and lists it by flow', async () => {
    const { id: flowId } = await flow(s, { scheduleParams: { startTime: HOUR_LATER(), frequency: 'once' } });
    const body = { flowId, params: { windowStartTime: '1651584991', windowEndTime: 1651585956, deltaColumn: { name: 'updated_at' } } };
    const r = await e.api('POST', `${F}/runs`, { body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toEqual({ items: [{ id: expect.stringMatching(/^[0-9a-f-]{36}$/), etag: expect.stringMatching(/^".*"$/) }] });
    const [{ id: runId, etag }] = r.body.items;
    expect(r.headers.get('location')).toBe(`${F}/runs/${runId}`);
    const shown = await getOne(`/runs/${runId}`);
    expect(shown).toMatchObject({ id: runId, flowId, flowSpec: { id: CRM_TO_AEP }, sandboxName: 'dev', params: body.params });
    // The reply's etag is the run's as created; the runner may have moved it on since.
    expect(['scheduled', 'inProgress', 'success', 'failed']).toContain(shown.state);
    expect(shown.state).toBe(shown.metrics.statusSummary.status);
    if (shown.state === 'scheduled') expect(shown.etag).toBe(etag);
    const listed = await e.api('GET', `${F}/runs?property=flowId==${flowId}`);
    expect(listed.body.items.map((run: { id: string }) => run.id)).toEqual([runId]);
    expect((await e.api('GET', `${F}/runs?property=flowId==${flowId}`, { sandbox: 'prod' })).body.items).toEqual([]);

    expectError(await e.api('POST', `${F}/runs`, { body: { ...body, params: { windowStartTime: 1 } } }), '1100-400', /windowEndTime is required/);
  });

  it('refuses runs of unknown flows and of scheduled flows', async () => {
    expectError(await e.api('POST', `${F}/runs`, { body: { flowId: '00000000-0000-0000-0000-000000000000', params: {} } }), '1430-400', /00000000-0000-0000-0000-000000000000/);
    expectError(await e.api('POST', `${F}/runs`, { body: { params: {} } }), '1446-400');
    const { id } = await flow(s);
    const body = { flowId: id, params: { windowStartTime: 1, windowEndTime: 2, deltaColumn: { name: 'updated_at' } } };
    expectError(await e.api('POST', `${F}/runs`, { body }), '1100-400', /frequency once/);
    expectError(await e.api('GET', `${F}/runs/00000000-0000-0000-0000-000000000000`), '1101-404');
  });
});

describe('flow service: errors the server asks for', () => {
  it('words unknown paths, bad JSON and unknown sandboxes in the Flow format', async () => {
    expectError(await e.api('GET', `${F}/nothing`), '1101-404');
    expectError(await e.api('POST', `${F}/flows`, { rawBody: '{not json' }), '1405-400');
    expectError(await e.api('GET', `${F}/flows`, { sandbox: 'nowhere' }), '2100-404');
    const r = await e.api('PUT', `${F}/flows`);
    expect(r.status).toBe(405);
  });

  it('answers a missing sandbox header with 2105-400 in strict mode', async () => {
    const strict = await startTestEmulator({ strictSandbox: true });
    try {
      expectError(await strict.api('GET', `${F}/flows`, { sandbox: null }), '2105-400');
    } finally {
      await strict.close();
    }
  });
});
