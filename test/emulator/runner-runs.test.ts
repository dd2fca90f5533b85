// Runs executed against an in-memory table: incremental reads with the high-water mark, row failures and the
// partial-ingestion threshold, error diagnostics, the batches and their data through the export API, the
// §3.9 run shape, and the flow's lastRunDetails.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseError } from '../../src/emulator/databases/reader.js';
import type { ResourceRecord } from '../../src/emulator/records.js';
import { SERVICES, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import {
  adHocRun,
  batchIdOf,
  batchRecords,
  parquetRecords,
  rowErrorLines,
  createChain,
  createFlow,
  customers,
  type CustomerRow,
  EXPORT,
  F,
  FakeDatabase,
  finished,
  getRun,
} from './runner-helpers.js';

const T0 = new Date('2025-01-01T00:00:00Z');
const table: CustomerRow[] = customers(10, T0);
const db = new FakeDatabase({ 'crm.customers': table });
let e: TestEmulator;

beforeAll(async () => {
  e = await startTestEmulator({ openReader: db.open });
});
afterAll(() => e.close());

const flowRecord = (id: string, sandbox = 'dev') => e.emulator.store.sandbox(sandbox)?.collection<ResourceRecord>('flows').get(id) as ResourceRecord;

describe('runner: a run end to end', () => {
  it('runs an ad-hoc run: reads the table, writes a batch, fills in the run as §3.9 shows it', async () => {
    const chain = await createChain(e);
    const flowId = await createFlow(e, chain, { options: { errorDiagnosticsEnabled: true } });
    const before = (await e.api('GET', `${F}/flows/${flowId}`)).body.items[0];
    const runId = await adHocRun(e, flowId);
    const run = await finished(e, runId);

    expect(run).toMatchObject({
      id: runId,
      flowId,
      flowSpec: { id: '14518937-270c-4525-bdec-c2ba7cce3860', version: '1.0' },
      sandboxName: 'dev',
      metrics: {
        sizeSummary: { inputBytes: expect.any(Number), outputBytes: expect.any(Number) },
        recordSummary: { inputRecordCount: 10, outputRecordCount: 10, failedRecordCount: 0 },
        fileSummary: { inputFileCount: 1, outputFileCount: 1 },
        statusSummary: { status: 'success', errors: [] },
      },
    });
    expect(typeof run.etag).toBe('string');
    const { startedAtUTC, completedAtUTC } = run.metrics.durationSummary;
    expect(startedAtUTC).toBeGreaterThan(0);
    expect(completedAtUTC).toBeGreaterThanOrEqual(startedAtUTC);
    expect(run.metrics.sizeSummary.inputBytes).toBeGreaterThan(0);
    expect(run.metrics.sizeSummary.outputBytes).toBeGreaterThan(0);
    expect(Object.keys(run).some((k) => k.startsWith('__'))).toBe(false);

    const [copy, promotion] = run.activities;
    expect(copy).toMatchObject({
      id: 'copyActivity',
      durationSummary: { startedAtUTC, extensions: { windowStart: 0, windowEnd: expect.any(Number) } },
      statusSummary: { status: 'success' },
      sourceInfo: [{ id: chain.sourceId, type: 'SourceConnection' }],
    });
    const batchId = batchIdOf(run) as string;
    expect(batchId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(promotion).toMatchObject({
      id: 'promotionActivity',
      recordSummary: { inputRecordCount: 10, outputRecordCount: 10, failedRecordCount: 0 },
      statusSummary: { status: 'success' },
      targetInfo: [{ id: chain.targetId, type: 'TargetConnection', reference: { type: 'Batch', ids: [batchId] } }],
      fileSummary: { extensions: { manifest: { fileInfo: `${e.url}${EXPORT}/batches/${batchId}/files` } } },
    });

    // The reader got the base connection's real credentials and the window's bounds.
    const opened = db.opened.at(-1);
    expect(opened?.specId).toBe('74a1c565-4e59-48d7-9d67-7c03b8a13137');
    expect(JSON.stringify(opened?.auth.params)).toContain('Password=s3cret');
    const call = db.calls.at(-1);
    expect(call).toMatchObject({ path: 'crm.customers', after: undefined, batchSize: 1000 });
    expect(call?.until).toBeInstanceOf(Date);

    // The Catalog batch, and its records through the export API.
    const batch = await e.api('GET', `${SERVICES.catalog}/batches/${batchId}`);
    expect(batch.body[batchId]).toMatchObject({ status: 'success', recordCount: 10, failedRecordCount: 0, relatedObjects: [{ type: 'dataSet', id: chain.dataSetId }] });
    // The dataset's `files` link resolves to the batch's file, under the id Data Access serves it by.
    const link = (await e.api('GET', `${SERVICES.catalog}/dataSets/${chain.dataSetId}`)).body[chain.dataSetId].files;
    expect(link).toBe(`@/dataSetFiles?dataSetId=${chain.dataSetId}`);
    const datasetFiles = await e.api('GET', `${SERVICES.catalog}${link.slice(1)}`);
    expect(datasetFiles.body).toEqual({
      [`${batchId}-1`]: expect.objectContaining({ id: `${batchId}-1`, batchId, dataSetViewId: expect.any(String), records: 10, isValid: true }),
    });
    expect((await e.api('GET', `${SERVICES.catalog}/dataSetFiles/${batchId}-1`)).body[`${batchId}-1`].batchId).toBe(batchId);
    expect((await e.api('GET', `${SERVICES.catalog}/dataSetFiles/${batchId}-2`)).status).toBe(404);
    const files = await e.api('GET', `${EXPORT}/batches/${batchId}/files`);
    expect(files.body).toEqual({
      data: [
        {
          dataSetFileId: `${batchId}-1`,
          dataSetViewId: expect.any(String),
          version: '1.0.0',
          created: expect.stringMatching(/^\d+$/),
          updated: expect.stringMatching(/^\d+$/),
          isValid: true,
          _links: { self: { href: `${e.url}${EXPORT}/files/${batchId}-1` } },
        },
      ],
      _page: { limit: 100, count: 1 },
    });
    const parts = await e.api('GET', `${EXPORT}/files/${batchId}-1`);
    const part = `part-00000-${batchId}-c000.snappy.parquet`;
    expect(parts.body.data).toEqual([{ name: part, length: String(run.metrics.sizeSummary.outputBytes), _links: { self: { href: `${e.url}${EXPORT}/files/${batchId}-1?path=${part}` } } }]);
    const data = await e.api('GET', `${EXPORT}/files/${batchId}-1?path=${part}`);
    expect(data.headers.get('content-type')).toBe('application/octet-stream');
    // Parquet, snappy-compressed, as the Platform stores batches.
    expect(new TextDecoder().decode(data.bytes.subarray(0, 4))).toBe('PAR1');
    expect(new TextDecoder().decode(data.bytes.subarray(-4))).toBe('PAR1');
    const records = await batchRecords(e, batchId);
    expect(records).toHaveLength(10);
    expect(records[0]).toEqual({
      _flowctl: { customerId: 1, birthDate: table[0]?.birth_date, updatedAt: '2025-01-01T00:00:00.000Z' },
      person: { name: { fullName: 'Customer 1' } },
      personalEmail: { address: 'c1@example.com' },
    });

    // lastRunDetails on the flow, its etag untouched; the mark internal.
    const after = (await e.api('GET', `${F}/flows/${flowId}`)).body.items[0];
    expect(after.lastRunDetails).toEqual({ id: runId, state: 'success', startedAtUTC, completedAtUTC });
    expect(after.etag).toBe(before.etag);
    expect(JSON.stringify(after)).not.toContain('__');
    expect(flowRecord(flowId)['__highWaterMark']).toEqual({ type: 'date', value: '2025-01-01T00:09:00.000Z' });

    // Listed by flow.
    const listed = await e.api('GET', `${F}/runs?property=flowId==${flowId}`);
    expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual([runId]);
    // Another sandbox sees neither the run nor the batch.
    expect((await e.api('GET', `${F}/runs?property=flowId==${flowId}`, { sandbox: 'prod' })).body.items).toEqual([]);
    expect((await e.api('GET', `${EXPORT}/batches/${batchId}/files`, { sandbox: 'prod' })).status).toBe(404);
    expect((await e.api('GET', `${EXPORT}/files/${batchId}-1`, { sandbox: 'prod' })).status).toBe(404);
    const noErrors = await e.api('GET', `${EXPORT}/batches/${batchId}/meta?path=row_errors`);
    expect(noErrors.body).toEqual({ data: [], _page: { limit: 100, count: 0 } });
  });

  it('reads incrementally: the second run takes only rows newer than the first run’s high-water mark', async () => {
    const rows = customers(5, T0, 100);
    const local = new FakeDatabase({ 'crm.customers': rows });
    const e2 = await startTestEmulator({ openReader: local.open });
    try {
      const chain = await createChain(e2);
      const flowId = await createFlow(e2, chain);
      const first = await finished(e2, await adHocRun(e2, flowId));
      expect(first.metrics.recordSummary).toMatchObject({ inputRecordCount: 5, outputRecordCount: 5 });

      rows.push(...customers(3, new Date(T0.getTime() + 3_600_000), 200));
      const second = await finished(e2, await adHocRun(e2, flowId));
      expect(second.metrics.recordSummary).toMatchObject({ inputRecordCount: 3, outputRecordCount: 3, failedRecordCount: 0 });
      expect(local.calls[1]?.after).toEqual(new Date(T0.getTime() + 4 * 60_000));
      expect((await batchRecords(e2, batchIdOf(second) as string)).map((r) => r._flowctl.customerId)).toEqual([200, 201, 202]);

      // Nothing new: a successful empty run, with an empty batch.
      const third = await finished(e2, await adHocRun(e2, flowId));
      expect(third.metrics.recordSummary).toMatchObject({ inputRecordCount: 0, outputRecordCount: 0 });
      expect(third.metrics.statusSummary.status).toBe('success');
      expect((await e2.api('GET', `${EXPORT}/batches/${batchIdOf(third)}/files`)).body).toEqual({ data: [], _page: { limit: 100, count: 0 } });
    } finally {
      await e2.close();
    }
  });
});

describe('runner: failed rows', () => {
  /** 100 rows, the first `bad` of which have an impossible birth date. */
  function tableWithBadRows(bad: number): CustomerRow[] {
    const rows = customers(100, T0, 1000);
    for (let i = 0; i < bad; i++) (rows[i] as CustomerRow).birth_date = '1985-02-30';
    return rows;
  }

  async function runOnce(rows: CustomerRow[], options?: Record<string, unknown>) {
    const local = new FakeDatabase({ 'crm.customers': rows });
    const e2 = await startTestEmulator({ openReader: local.open });
    const chain = await createChain(e2);
    const flowId = await createFlow(e2, chain, options ? { options } : {});
    const run = await finished(e2, await adHocRun(e2, flowId));
    return { e2, chain, flowId, run, local };
  }

  it('fails the run on any row error without partialIngestionPercent, keeps the mark, and re-reads the rows next time', async () => {
    const rows = tableWithBadRows(1);
    const { e2, flowId, run, local } = await runOnce(rows);
    try {
      expect(run.metrics.statusSummary.status).toBe('failed');
      expect(run.metrics.recordSummary).toEqual({ inputRecordCount: 100, outputRecordCount: 0, failedRecordCount: 1 });
      const [error] = run.metrics.statusSummary.errors;
      expect(error.code).toBe('INGEST-1212-400');
      expect(error.message).toMatch(/^Encountered 1 errors in the data\. Successfully ingested 0 rows/);
      expect(error.message).toContain('Mapper Transform Error');
      expect(error.message).toContain('1985-02-30');
      const promotion = run.activities.find((a: any) => a.id === 'promotionActivity');
      expect(promotion.statusSummary.status).toBe('failed');
      expect(promotion.statusSummary.extensions.errors).toContainEqual({ code: 'MAPPER-3700-400', recordCount: 1, message: expect.stringContaining('_flowctl.birthDate') });
      // The batch failed: no records visible; diagnostics were off, so no row errors either.
      const batchId = batchIdOf(run) as string;
      const batch = (await e2.api('GET', `${SERVICES.catalog}/batches/${batchId}`)).body[batchId];
      expect(batch).toMatchObject({ status: 'failed', recordCount: 0, failedRecordCount: 1, tags: { acp_enableErrorDiagnostics: false } });
      // Without diagnostics the batch says only that rows failed and how to learn more (error-diagnostics guide).
      expect(batch.errors).toContainEqual({ code: 'INGEST-1211-400', description: expect.stringMatching(/resend the data with error diagnostics enabled/) });
      expect(batch.errors.some((e: any) => 'recordCount' in e)).toBe(false);
      expect((await e2.api('GET', `${EXPORT}/batches/${batchId}/files`)).body.data).toEqual([]);
      expect((await e2.api('GET', `${EXPORT}/files/${batchId}-1`)).status).toBe(404);
      expect((await e2.api('GET', `${EXPORT}/batches/${batchId}/meta?path=row_errors`)).body.data).toEqual([]);
      // The records that were not promoted can be downloaded from the failed batch (retrieve-failed-batches guide).
      const failedFiles = await e2.api('GET', `${EXPORT}/batches/${batchId}/failed`);
      expect(failedFiles.body.data.map((f: any) => f.name)).toEqual(['_SUCCESS', `part-00000-${batchId}-c000.snappy.parquet`]);
      expect(failedFiles.body.data[0]).toEqual({ name: '_SUCCESS', length: '0', _links: { self: { href: `${e2.url}${EXPORT}/batches/${batchId}/failed?path=_SUCCESS` } } });
      const notPromoted = await e2.api('GET', `${EXPORT}/batches/${batchId}/failed?path=${failedFiles.body.data[1].name}`);
      expect(await parquetRecords(notPromoted.bytes)).toHaveLength(99);
      // The mark did not move; lastRunDetails says failed.
      expect(e2.emulator.store.sandbox('dev')?.collection<ResourceRecord>('flows').get(flowId)?.['__highWaterMark']).toBeUndefined();
      expect((await e2.api('GET', `${F}/flows/${flowId}`)).body.items[0].lastRunDetails).toMatchObject({ id: run.id, state: 'failed' });

      // Fixed at the source, the next run reads the same rows again.
      (rows[0] as CustomerRow).birth_date = '1985-02-28';
      const again = await finished(e2, await adHocRun(e2, flowId));
      expect(local.calls[1]?.after).toBeUndefined();
      expect(again.metrics.recordSummary).toEqual({ inputRecordCount: 100, outputRecordCount: 100, failedRecordCount: 0 });
      expect(again.metrics.statusSummary.status).toBe('success');
    } finally {
      await e2.close();
    }
  });

  it('applies partialIngestionPercent: just under (or at) the threshold passes, just over fails', async () => {
    const under = await runOnce(tableWithBadRows(4), { partialIngestionPercent: 5 });
    const at = await runOnce(tableWithBadRows(5), { partialIngestionPercent: 5 });
    const over = await runOnce(tableWithBadRows(6), { partialIngestionPercent: 5 });
    try {
      expect(under.run.metrics.statusSummary.status).toBe('success');
      expect(under.run.metrics.recordSummary).toEqual({ inputRecordCount: 100, outputRecordCount: 96, failedRecordCount: 4 });
      expect(under.run.metrics.statusSummary.errors[0]).toMatchObject({ code: 'INGEST-1212-400', message: expect.stringMatching(/^Encountered 4 errors in the data\. Successfully ingested 96 rows/) });
      expect(await batchRecords(under.e2, batchIdOf(under.run) as string)).toHaveLength(96);
      expect(under.e2.emulator.store.sandbox('dev')?.collection<ResourceRecord>('flows').get(under.flowId)?.['__highWaterMark']).toEqual({ type: 'date', value: '2025-01-01T01:39:00.000Z' });

      expect(at.run.metrics.statusSummary.status).toBe('success');

      expect(over.run.metrics.statusSummary.status).toBe('failed');
      expect(over.run.metrics.statusSummary.errors[0]).toMatchObject({ code: 'INGEST-1212-400', message: expect.stringMatching(/6 errors .*6\.00% of 100 rows.*threshold of 5%/) });
      const batchId = batchIdOf(over.run) as string;
      expect((await over.e2.api('GET', `${SERVICES.catalog}/batches/${batchId}`)).body[batchId]).toMatchObject({ status: 'failed' });
    } finally {
      await Promise.all([under.e2.close(), at.e2.close(), over.e2.close()]);
    }
  });

  it('keeps every failed row with its errors when errorDiagnosticsEnabled, readable through the export API', async () => {
    const { e2, run } = await runOnce(tableWithBadRows(3), { errorDiagnosticsEnabled: true, partialIngestionPercent: 10 });
    try {
      expect(run.metrics.statusSummary.status).toBe('success');
      const batchId = batchIdOf(run) as string;
      const promotion = run.activities.find((a: any) => a.id === 'promotionActivity');
      expect(promotion.statusSummary.extensions.manifest.failedRecords).toBe(`${e2.url}${EXPORT}/batches/${batchId}/meta?path=row_errors`);
      // The documented listing: one file of conversion errors, linked absolutely.
      const meta = await e2.api('GET', `${EXPORT}/batches/${batchId}/meta?path=row_errors`);
      expect(meta.status).toBe(200);
      expect(meta.body).toEqual({
        data: [
          {
            name: 'conversion_errors_0.json',
            length: expect.stringMatching(/^\d+$/),
            _links: { self: { href: `${e2.url}${EXPORT}/batches/${batchId}/meta?path=row_errors%2Fconversion_errors_0.json` } },
          },
        ],
        _page: { limit: 100, count: 1 },
      });
      // Each line is the row's own values with its errors.
      const lines = await rowErrorLines(e2, batchId);
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatchObject({
        id: 1000,
        birth_date: '1985-02-30',
        _errors: [{ code: 'MAPPER-3700-400', column: 'birth_date', field: '_flowctl.birthDate', message: expect.stringMatching(/"1985-02-30".*date.*no day 30 in 1985-02/) }],
      });
      const file = await e2.api('GET', `${EXPORT}/batches/${batchId}/meta?path=row_errors/conversion_errors_0.json`);
      expect(file.headers.get('content-length')).toBe(meta.body.data[0].length);
      // The samples, and what the run read.
      const samples = await e2.api('GET', `${EXPORT}/batches/${batchId}/meta?path=row_error_samples.json`);
      expect(samples.text).toBe(file.text);
      const inputs = await e2.api('GET', `${EXPORT}/batches/${batchId}/meta?path=input_files`);
      expect(inputs.body.data.map((f: any) => f.name)).toEqual(['fileMetaData0.json']);
      expect(JSON.parse((await e2.api('GET', new URL(inputs.body.data[0]._links.self.href).pathname + new URL(inputs.body.data[0]._links.self.href).search)).text)).toEqual({ path: 'crm.customers' });
      // The batch counts the rows per code, and carries the diagnostics tags.
      const batch = (await e2.api('GET', `${SERVICES.catalog}/batches/${batchId}`)).body[batchId];
      expect(batch).toMatchObject({
        id: batchId,
        externalId: batchId,
        inputFormat: { format: 'parquet' },
        tags: { acp_enableErrorDiagnostics: true, acp_partialIngestionPercent: 10 },
        metrics: { inputRecordCount: 100, outputRecordCount: 97, failedRecordCount: 3 },
      });
      expect(batch.errors).toEqual([
        { code: 'INGEST-1212-400', description: expect.stringMatching(/^Encountered 3 errors in the data\. Successfully ingested 97 rows\. Please review the associated diagnostic files/) },
        { code: 'MAPPER-3700-400', description: expect.stringContaining('Mapper Transform Error'), recordCount: 3 },
      ]);
      expect(await batchRecords(e2, batchId)).toHaveLength(97);
    } finally {
      await e2.close();
    }
  });
});

describe('runner: failures before any row', () => {
  it('fails with the database’s message when the reader fails, and writes a failed batch', async () => {
    const local = new FakeDatabase({ 'crm.customers': customers(3, T0) });
    local.failWith = new DatabaseError('cannot reach the database server at fake.invalid:5432: getaddrinfo ENOTFOUND fake.invalid', 'ENOTFOUND');
    const e2 = await startTestEmulator({ openReader: local.open });
    try {
      const chain = await createChain(e2);
      const flowId = await createFlow(e2, chain);
      const run = await finished(e2, await adHocRun(e2, flowId));
      expect(run.metrics.statusSummary).toMatchObject({ status: 'failed', errors: [{ code: 'CONNECTOR-1001-500', message: expect.stringContaining('getaddrinfo ENOTFOUND fake.invalid') }] });
      expect(run.activities[0]).toMatchObject({ id: 'copyActivity', statusSummary: { status: 'failed' } });
      // The table was there and the read failed mid-way: the batch it had started is failed.
      const batchId = batchIdOf(run) as string;
      expect((await e2.api('GET', `${SERVICES.catalog}/batches/${batchId}`)).body[batchId]).toMatchObject({ status: 'failed', errors: [{ code: 'CONNECTOR-1001-500' }] });
      expect((await e2.api('GET', `${F}/flows/${flowId}`)).body.items[0].lastRunDetails.state).toBe('failed');
    } finally {
      await e2.close();
    }
  });

  it('fails runs of databases the emulator cannot reach with the UnsupportedDatabaseError message, never with made-up data', async () => {
    const e2 = await startTestEmulator();
    try {
      const chain = await createChain(e2);
      // Switch the base connection to Oracle in the store (the API keeps a connection's spec fixed).
      const connections = e2.emulator.store.sandbox('dev')?.collection<ResourceRecord>('connections');
      const record = connections?.get(chain.connectionId) as ResourceRecord;
      await connections?.put({ ...record, connectionSpec: { id: 'd6b52d86-f0f8-475f-89d4-ce54c8527328', version: '1.0' } });
      const flowId = await createFlow(e2, chain);
      const run = await finished(e2, await adHocRun(e2, flowId));
      expect(run.metrics.statusSummary.errors[0]).toMatchObject({ code: 'CONNECTOR-1001-500', message: expect.stringMatching(/cannot reach Oracle databases/) });
      expect(run.metrics.recordSummary).toEqual({ inputRecordCount: 0, outputRecordCount: 0, failedRecordCount: 0 });
      expect(run.activities.map((a: any) => a.id)).toEqual(['copyActivity']);
    } finally {
      await e2.close();
    }
  });

  it('fails a run whose mapping set no longer fits the schema, naming the destination', async () => {
    const local = new FakeDatabase({ 'crm.customers': customers(3, T0) });
    const e2 = await startTestEmulator({ openReader: local.open });
    try {
      const chain = await createChain(e2);
      const flowId = await createFlow(e2, chain);
      const sets = e2.emulator.store.sandbox('dev')?.collection<ResourceRecord>('mappingSets');
      const set = sets?.get(chain.mappingId) as ResourceRecord;
      await sets?.put({ ...set, mappings: [...(set['mappings'] as object[]), { sourceType: 'ATTRIBUTE', source: 'phone', destination: '_flowctl.phone' }] });
      const run = await finished(e2, await adHocRun(e2, flowId));
      expect(run.metrics.statusSummary.errors[0]).toMatchObject({ code: 'MAPPER-3700-400', message: expect.stringContaining('_flowctl.phone is not a field of') });
      expect(local.calls).toHaveLength(0);
    } finally {
      await e2.close();
    }
  });
});

describe('runner: the flow record', () => {
  it('writes lastRunDetails without undoing a concurrent PATCH or changing the etag', async () => {
    const local = new FakeDatabase({ 'crm.customers': customers(3, T0) });
    let release!: () => void;
    local.hold = new Promise<void>((resolve) => (release = resolve));
    const e2 = await startTestEmulator({ openReader: local.open });
    try {
      const chain = await createChain(e2);
      const flowId = await createFlow(e2, chain);
      const runId = await adHocRun(e2, flowId);
      // While the run reads, a client renames the flow.
      const current = (await e2.api('GET', `${F}/flows/${flowId}`)).body.items[0];
      const patched = await e2.api('PATCH', `${F}/flows/${flowId}`, { body: [{ op: 'replace', path: '/name', value: 'renamed during the run' }], headers: { 'if-match': current.etag } });
      expect(patched.status).toBe(200);
      expect((await getRun(e2, runId)).metrics.statusSummary.status).toBe('inProgress');
      release();
      await finished(e2, runId);
      const after = (await e2.api('GET', `${F}/flows/${flowId}`)).body.items[0];
      expect(after).toMatchObject({ name: 'renamed during the run', etag: patched.body.etag, lastRunDetails: { id: runId, state: 'success' } });
    } finally {
      await e2.close();
    }
  });

  it('runs the runs of one flow one at a time, in order', async () => {
    const local = new FakeDatabase({ 'crm.customers': customers(3, T0) });
    let release!: () => void;
    local.hold = new Promise<void>((resolve) => (release = resolve));
    const e2 = await startTestEmulator({ openReader: local.open });
    try {
      const chain = await createChain(e2);
      const flowId = await createFlow(e2, chain);
      const first = await adHocRun(e2, flowId);
      const second = await adHocRun(e2, flowId);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await getRun(e2, first)).metrics.statusSummary.status).toBe('inProgress');
      expect((await getRun(e2, second)).metrics.statusSummary.status).toBe('scheduled');
      release();
      const a = await finished(e2, first);
      const b = await finished(e2, second);
      expect(a.metrics.recordSummary.inputRecordCount).toBe(3);
      expect(b.metrics.recordSummary.inputRecordCount).toBe(0);
      expect(b.metrics.durationSummary.startedAtUTC).toBeGreaterThanOrEqual(a.metrics.durationSummary.completedAtUTC);
    } finally {
      await e2.close();
    }
  });
});
