// Shared by the runner tests: an in-memory DatabaseReader (rows ordered and bounded by the delta column, as
// the reader contract says), the flow chain created through the HTTP API, and small waits.

import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { ColumnInfo, DatabaseReader, DeltaValue, ReadOptions, Row, TableRef } from '../../src/emulator/databases/reader.js';
import { parquetReadObjects } from 'hyparquet';
import type { ResourceRecord } from '../../src/emulator/records.js';
import type { OpenReader } from '../../src/emulator/runner/index.js';
import { SERVICES, type TestEmulator } from '../helpers/emulator.js';

export const F = SERVICES.flow;
export const EXPORT = '/data/foundation/export';
export const POSTGRES = '74a1c565-4e59-48d7-9d67-7c03b8a13137';
export const DATA_LAKE = 'c604ff05-7f1a-43c0-8e18-33bf874cb11c';
export const CRM_TO_AEP = '14518937-270c-4525-bdec-c2ba7cce3860';
export const XED = 'application/vnd.adobe.xed-full+json;version=1';
export const CS_AUTH = 'Connection String Based Authentication';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

function compare(a: unknown, b: DeltaValue): number {
  const value = (v: unknown) => (v instanceof Date ? v.getTime() : v);
  const x = value(a) as number | string;
  const y = value(b) as number | string;
  return x < y ? -1 : x > y ? 1 : 0;
}

export interface ReadCall {
  path: string;
  after: DeltaValue | undefined;
  until: DeltaValue | undefined;
  batchSize: number;
}

/** A table in memory: an array of rows, or a generator of `count` rows for big tables. */
export type FakeTable = Row[] | { count: number; row: (i: number) => Row };

export class FakeDatabase {
  readonly calls: ReadCall[] = [];
  readonly opened: Array<{ specId: string; auth: { specName: string; params: Record<string, unknown> } }> = [];
  /** Set to make readRows fail with this error. */
  failWith: Error | undefined;
  /** Set to make readRows wait until released (to test stop()). */
  hold: Promise<void> | undefined;

  constructor(readonly tables: Record<string, FakeTable>) {}

  open: OpenReader = (specId, auth) => {
    this.opened.push({ specId, auth });
    return this.reader();
  };

  reader(): DatabaseReader {
    const db = this;
    return {
      test: async () => undefined,
      listTables: async (): Promise<TableRef[]> => Object.keys(db.tables).map((path) => ({ path, schema: path.split('.')[0] ?? '', table: path.split('.')[1] ?? path })),
      describeTable: async (): Promise<ColumnInfo[]> => [],
      async *readRows(path: string, options: ReadOptions): AsyncIterable<Row[]> {
        db.calls.push({ path, after: options.after, until: options.until, batchSize: options.batchSize });
        if (db.hold) await db.hold;
        if (db.failWith) throw db.failWith;
        const table = db.tables[path];
        if (!table) throw new Error(`relation "${path}" does not exist`);
        const within = (row: Row) => {
          const delta = row[options.deltaColumn];
          if (options.after !== undefined && compare(delta, options.after) <= 0) return false;
          if (options.until !== undefined && compare(delta, options.until) > 0) return false;
          return true;
        };
        if (Array.isArray(table)) {
          const rows = table.filter(within).sort((a, b) => compare(a[options.deltaColumn], b[options.deltaColumn] as DeltaValue));
          for (let i = 0; i < rows.length; i += options.batchSize) yield rows.slice(i, i + options.batchSize);
          return;
        }
        // Generated rows are already in delta order; only one batch exists at a time.
        let batch: Row[] = [];
        for (let i = 0; i < table.count; i++) {
          const row = table.row(i);
          if (!within(row)) continue;
          batch.push(row);
          if (batch.length === options.batchSize) {
            yield batch;
            batch = [];
          }
        }
        if (batch.length > 0) yield batch;
      },
      close: async () => undefined,
    };
  }
}

/** The XDM fields the tests map to, as a schema stored straight into the registry's collection. */
export const SCHEMA_PROPERTIES = {
  _flowctl: {
    type: 'object',
    properties: {
      customerId: { type: 'integer' },
      score: { type: 'number' },
      vip: { type: 'boolean' },
      birthDate: { type: 'string', format: 'date' },
      updatedAt: { type: 'string', format: 'date-time' },
      country: { type: 'string' },
    },
  },
  person: { type: 'object', properties: { name: { type: 'object', properties: { fullName: { type: 'string' } } } } },
  personalEmail: { type: 'object', properties: { address: { type: 'string' } } },
};

export interface Mapping {
  sourceType?: string;
  source: string;
  destination: string;
}

export const DEFAULT_MAPPINGS: Mapping[] = [
  { source: 'id', destination: '_flowctl.customerId' },
  { source: 'full_name', destination: 'person.name.fullName' },
  { source: 'email', destination: 'personalEmail.address' },
  { source: 'birth_date', destination: '_flowctl.birthDate' },
  { source: 'updated_at', destination: '_flowctl.updatedAt' },
];

export interface Chain {
  connectionId: string;
  sourceId: string;
  targetId: string;
  schemaId: string;
  dataSetId: string;
  mappingId: string;
}

async function ok(e: TestEmulator, method: string, path: string, body: unknown, sandbox = 'dev'): Promise<any> {
  const r = await e.api(method, path, { body, sandbox });
  expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
  return r.body;
}

/** Connection, source, schema, dataset, target and mapping set — everything a flow needs. */
export async function createChain(
  e: TestEmulator,
  o: { connectionString?: string; table?: string; mappings?: Mapping[]; sandbox?: string } = {},
): Promise<Chain> {
  const sandbox = o.sandbox ?? 'dev';
  const state = e.emulator.store.sandbox(sandbox);
  if (!state) throw new Error(`no sandbox ${sandbox}`);
  const suffix = hex(16);
  const altId = `_flowctl.schemas.${suffix}`;
  const schemaId = `https://ns.adobe.com/flowctl/schemas/${suffix}`;
  await state.collection<ResourceRecord>('schemas').put({ id: altId, $id: schemaId, 'meta:altId': altId, title: `runner ${suffix}`, type: 'object', properties: SCHEMA_PROPERTIES });
  const [datasetRef] = (await ok(e, 'POST', `${SERVICES.catalog}/dataSets`, { name: `runner ${suffix}`, schemaRef: { id: schemaId, contentType: XED } }, sandbox)) as string[];
  const dataSetId = String(datasetRef).split('/').pop() as string;
  const connectionId = (
    await ok(
      e,
      'POST',
      `${F}/connections`,
      {
        name: 'crm (postgres)',
        auth: { specName: CS_AUTH, params: { connectionString: o.connectionString ?? 'Server=fake.invalid;Database=crm;Port=5432;UID=reader;Password=s3cret' } },
        connectionSpec: { id: POSTGRES, version: '1.0' },
      },
      sandbox,
    )
  ).id as string;
  const sourceId = (
    await ok(
      e,
      'POST',
      `${F}/sourceConnections`,
      {
        name: 'crm.customers',
        baseConnectionId: connectionId,
        connectionSpec: { id: POSTGRES, version: '1.0' },
        data: { format: 'tabular' },
        params: { tableName: o.table ?? 'crm.customers' },
      },
      sandbox,
    )
  ).id as string;
  const targetId = (
    await ok(
      e,
      'POST',
      `${F}/targetConnections`,
      { name: 'customers → dataset', connectionSpec: { id: DATA_LAKE, version: '1.0' }, data: { format: 'parquet_xdm', schema: { id: schemaId, version: XED } }, params: { dataSetId } },
      sandbox,
    )
  ).id as string;
  const mappingId = (
    await ok(
      e,
      'POST',
      `${SERVICES.conversion}/mappingSets`,
      {
        outputSchema: { schemaRef: { id: schemaId, contentType: XED } },
        mappings: (o.mappings ?? DEFAULT_MAPPINGS).map((m) => ({ sourceType: m.sourceType ?? 'ATTRIBUTE', source: m.source, destination: m.destination })),
      },
      sandbox,
    )
  ).id as string;
  return { connectionId, sourceId, targetId, schemaId, dataSetId, mappingId };
}

export function flowBody(c: Chain, o: { scheduleParams?: Record<string, unknown>; options?: Record<string, unknown>; deltaColumn?: string; name?: string } = {}) {
  return {
    name: o.name ?? 'crm customers',
    flowSpec: { id: CRM_TO_AEP, version: '1.0' },
    sourceConnectionIds: [c.sourceId],
    targetConnectionIds: [c.targetId],
    transformations: [
      { name: 'Copy', params: { deltaColumn: { name: o.deltaColumn ?? 'updated_at', dateFormat: 'YYYY-MM-DD', timezone: 'UTC' } } },
      { name: 'Mapping', params: { mappingId: c.mappingId, mappingVersion: 0 } },
    ],
    scheduleParams: o.scheduleParams ?? { startTime: Math.floor(Date.now() / 1000) + 86_400, frequency: 'once' },
    ...(o.options && { options: o.options }),
  };
}

export async function createFlow(e: TestEmulator, c: Chain, o: Parameters<typeof flowBody>[1] = {}, sandbox = 'dev'): Promise<string> {
  return (await ok(e, 'POST', `${F}/flows`, flowBody(c, o), sandbox)).id as string;
}

/** An ad-hoc run of a `once` flow reading up to `windowEnd` (epoch seconds; default now). */
export async function adHocRun(e: TestEmulator, flowId: string, windowEnd = Math.floor(Date.now() / 1000) + 1, sandbox = 'dev'): Promise<string> {
  const body = { flowId, params: { windowStartTime: 0, windowEndTime: windowEnd, deltaColumn: { name: 'updated_at' } } };
  return (await ok(e, 'POST', `${F}/runs`, body, sandbox)).items[0].id as string;
}

export async function getRun(e: TestEmulator, runId: string, sandbox = 'dev'): Promise<any> {
  const r = await e.api('GET', `${F}/runs/${runId}`, { sandbox });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items[0];
}

export const statusOf = (run: any): string => run.metrics.statusSummary.status;

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits until the run is success or failed, and returns it. */
export async function finished(e: TestEmulator, runId: string, sandbox = 'dev', timeoutMs = 15_000): Promise<any> {
  return waitFor(
    `run ${runId}`,
    async () => {
      const run = await getRun(e, runId, sandbox);
      return statusOf(run) === 'success' || statusOf(run) === 'failed' ? run : undefined;
    },
    timeoutMs,
  );
}

export const batchIdOf = (run: any): string | undefined =>
  run.activities.find((a: any) => a.id === 'promotionActivity')?.targetInfo?.[0]?.reference?.ids?.[0];

/** Parquet values as the JSON-lines data showed them: dates as `YYYY-MM-DD`, times as ISO-8601, 64-bit integers as numbers. */
const PARQUET_AS_JSON = {
  dateFromDays: (days: number) => new Date(days * 86_400_000).toISOString().slice(0, 10),
  timestampFromMilliseconds: (ms: bigint | number) => new Date(Number(ms)).toISOString(),
  timestampFromMicroseconds: (us: bigint | number) => new Date(Number(us) / 1000).toISOString(),
  timestampFromNanoseconds: (ns: bigint | number) => new Date(Number(ns) / 1e6).toISOString(),
};

/**
 * The records of one Parquet file, null fields left out, as a record of the batch reads — decoded here with hyparquet
 * directly, not with flowctl's reader, so that the emulator's files are checked independently of the client.
 */
export async function parquetRecords(bytes: Uint8Array): Promise<any[]> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const rows = await parquetReadObjects({ file, parsers: PARQUET_AS_JSON as never });
  const clean = (value: unknown): unknown => {
    if (typeof value === 'bigint') return Number(value);
    if (value === null || typeof value !== 'object' || value instanceof Date) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = clean(v);
    return out;
  };
  return rows.map(clean);
}

/** Every record of a batch through the export API: its files, their parts, each part read as Parquet. */
export async function batchRecords(e: TestEmulator, batchId: string, sandbox = 'dev'): Promise<any[]> {
  const files = await e.api('GET', `${EXPORT}/batches/${batchId}/files`, { sandbox });
  expect(files.status, JSON.stringify(files.body)).toBe(200);
  const records: any[] = [];
  for (const file of files.body.data) {
    const parts = await e.api('GET', `${EXPORT}/files/${file.dataSetFileId}`, { sandbox });
    expect(parts.status).toBe(200);
    for (const part of parts.body.data) {
      const data = await e.api('GET', `${EXPORT}/files/${file.dataSetFileId}?path=${encodeURIComponent(part.name)}`, { sandbox });
      expect(data.status).toBe(200);
      expect(data.headers.get('content-type')).toBe('application/octet-stream');
      records.push(...(await parquetRecords(data.bytes)));
    }
  }
  return records;
}

/** Every rejected row of a batch, following the documented `meta?path=row_errors` listing and its links. */
export async function rowErrorLines(e: TestEmulator, batchId: string, sandbox = 'dev'): Promise<any[]> {
  const listing = await e.api('GET', `${EXPORT}/batches/${batchId}/meta?path=row_errors`, { sandbox });
  expect(listing.status, JSON.stringify(listing.body)).toBe(200);
  const lines: any[] = [];
  for (const entry of listing.body.data) {
    const href = new URL(entry._links.self.href);
    expect(href.origin).toBe(e.url);
    const file = await e.api('GET', `${href.pathname}${href.search}`, { sandbox });
    expect(file.status).toBe(200);
    lines.push(...file.text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l)));
  }
  return lines;
}

export interface CustomerRow extends Row {
  id: number;
  full_name: string;
  email: string;
  birth_date: string | null;
  updated_at: Date;
}

/** `count` customers, updated one minute apart from `start`; ids from `firstId`. */
export function customers(count: number, start: Date, firstId = 1): CustomerRow[] {
  return Array.from({ length: count }, (_, i) => ({
    id: firstId + i,
    full_name: `Customer ${firstId + i}`,
    email: `c${firstId + i}@example.com`,
    birth_date: `19${String(50 + ((firstId + i) % 50)).padStart(2, '0')}-0${1 + ((firstId + i) % 9)}-1${(firstId + i) % 10}`,
    updated_at: new Date(start.getTime() + i * 60_000),
  }));
}
