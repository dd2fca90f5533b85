// The library's surface: per-call options given to a service method reach the transport (on every page of a
// list too), and `flowService.flows.create` checks the columns a flow reads against its source table before it
// sends anything.

import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlatformClient, PlatformClientOptions } from '../../src/platform/client.js';
import { testClient } from '../helpers/client.js';
import { InvalidInputError } from '../../src/platform/errors.js';
import type { FlowCreate } from '../../src/platform/models/flow-service.js';
import type { RawRequest, RawResponse } from '../../src/platform/internal/transport.js';

const PLATFORM = 'https://platform.adobe.io';
const FLOW = '/data/foundation/flowservice';
const CONVERSION = '/data/foundation/conversion';
const FLOW_SPEC = '14518937-270c-4525-bdec-c2ba7cce3860';
const SOURCE_ID = 'a1b2c3d4-0000-4000-8000-000000000001';
const TARGET_ID = 'a1b2c3d4-0000-4000-8000-000000000002';
const CONNECTION_ID = 'a1b2c3d4-0000-4000-8000-000000000003';
const FLOW_ID = 'f10f10f1-0000-4000-8000-0000000000f1';
const MAPPING_ID = 'e7c80e4c0d8f4a98a7d400b4e178b635';
const T0 = 1_760_000_000_000;

function client(overrides: Partial<PlatformClientOptions> = {}): Promise<PlatformClient> {
  return testClient({ random: () => 0, now: () => T0, ...overrides });
}

describe('per-call options reach the transport', () => {
  let sent: RawRequest[];
  let answers: Array<{ status: number; body?: unknown }>;
  const scripted = async (request: RawRequest): Promise<RawResponse> => {
    sent.push(request);
    const answer = answers.shift() ?? { status: 200, body: {} };
    return { status: answer.status, headers: {}, body: answer.body === undefined ? '' : JSON.stringify(answer.body) };
  };
  beforeEach(() => {
    sent = [];
    answers = [];
  });

  it('catalog.datasets.get(id, { timeoutMs }): the attempt gets that timeout, not the client’s', async () => {
    answers = [{ status: 200, body: { ds1: { name: 'people' } } }];
    const aep = await client({ transport: scripted, timeoutMs: 30_000 });
    expect((await aep.catalog.datasets.get('ds1', { timeoutMs: 1234 })).name).toBe('people');
    expect(sent.map((r) => r.timeoutMs)).toEqual([1234]);
  });

  it('a list gives them to every page it reads (flowService.flows.list, two pages)', async () => {
    const controller = new AbortController();
    answers = [
      { status: 200, body: { items: [{ id: 'f1', name: 'a' }], _links: { next: { href: '/flows?continuationToken=t2' } } } },
      { status: 200, body: { items: [{ id: 'f2', name: 'b' }] } },
    ];
    const aep = await client({ transport: scripted });
    const ids: string[] = [];
    for await (const flow of aep.flowService.flows.list({ maxItems: 2, pageSize: 1 }, { timeoutMs: 777, signal: controller.signal })) ids.push(flow.id);
    expect(ids).toEqual(['f1', 'f2']);
    expect(sent.map((r) => [r.timeoutMs, r.signal === controller.signal])).toEqual([
      [777, true],
      [777, true],
    ]);
  });

  it('maxRetries: 0 on schemaRegistry.schemas.get: a 503 is not tried again', async () => {
    answers = [{ status: 503, body: { title: 'busy' } }];
    const aep = await client({ transport: scripted });
    await expect(aep.schemaRegistry.schemas.get('_acme.schemas.s1', 'raw', { maxRetries: 0 })).rejects.toThrow();
    expect(sent).toHaveLength(1);
  });
});

describe('flowService.flows.create checks the columns a flow reads', () => {
  beforeEach(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const body = (deltaColumn = 'updated_at'): FlowCreate => ({
    name: 'nightly',
    flowSpec: { id: FLOW_SPEC, version: '1.0' },
    sourceConnectionIds: [SOURCE_ID],
    targetConnectionIds: [TARGET_ID],
    transformations: [
      { name: 'Copy', params: { deltaColumn: { name: deltaColumn } } },
      { name: 'Mapping', params: { mappingId: MAPPING_ID, mappingVersion: '2' } },
    ],
    scheduleParams: { startTime: 1_760_000_000, frequency: 'hour', interval: 1 },
  });

  /** The mapping set, the source connection and its table's columns, as the Platform answers them. */
  function table(sourceColumn: string, explore: { status: number; body: Record<string, unknown> } = { status: 200, body: { format: 'tabular', schema: { columns: [{ name: 'id' }, { name: 'email' }, { name: 'updated_at' }] } } }): nock.Scope {
    return nock(PLATFORM)
      .get(`${CONVERSION}/mappingSets/${MAPPING_ID}`)
      .query({ version: '2' })
      .reply(200, { id: MAPPING_ID, version: 2, mappings: [{ sourceType: 'ATTRIBUTE', source: sourceColumn, destination: 'personalEmail.address' }] })
      .get(`${FLOW}/sourceConnections/${SOURCE_ID}`)
      .reply(200, { items: [{ id: SOURCE_ID, baseConnectionId: CONNECTION_ID, params: { tableName: 'shop.customers' } }] })
      .get(`${FLOW}/connections/${CONNECTION_ID}/explore`)
      .query({ objectType: 'table', object: 'shop.customers' })
      .reply(explore.status, explore.body);
  }
  const post = () => nock(PLATFORM).post(`${FLOW}/flows`).reply(201, { id: FLOW_ID, etag: '"1"' });

  it('a mapped column the table lacks → InvalidInputError naming the body’s mapping, with the column meant; nothing POSTed', async () => {
    const reads = table('Email');
    const create = post();
    const aep = await client();
    const error = await aep.flowService.flows.create(body()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe('transformations[1].params.mappingId');
    expect((error as Error).message).toMatch(/maps column "Email".*shop\.customers does not have; column names are case sensitive: did you mean "email"\?/);
    expect(reads.isDone()).toBe(true);
    expect(create.isDone()).toBe(false);
  });

  it('a delta column the table lacks → InvalidInputError naming the Copy transformation’s deltaColumn.name', async () => {
    table('email');
    const create = post();
    const aep = await client();
    const error = await aep.flowService.flows.create(body('modified')).catch((e: unknown) => e);
    expect((error as InvalidInputError).field).toBe('transformations[0].params.deltaColumn.name');
    expect((error as Error).message).toMatch(/"modified" is not a column of shop\.customers; its columns: id, email, updated_at/);
    expect(create.isDone()).toBe(false);
  });

  it('a table that cannot be explored is told to onWarning, and the flow is created', async () => {
    const reads = table('email', { status: 404, body: { title: 'no such table' } });
    const create = post();
    const warnings: string[] = [];
    const aep = await client();
    expect(await aep.flowService.flows.create(body(), { onWarning: (m) => warnings.push(m) })).toEqual({ id: FLOW_ID, etag: '"1"' });
    expect(warnings).toEqual([expect.stringMatching(/^could not check the mapping's columns against shop\.customers: /)]);
    expect(reads.isDone() && create.isDone()).toBe(true);
  });

  it('{ checked: true }: only the POST is sent', async () => {
    const create = post();
    const aep = await client();
    expect((await aep.flowService.flows.create(body(), { checked: true })).id).toBe(FLOW_ID);
    expect(create.isDone()).toBe(true);
  });
});
