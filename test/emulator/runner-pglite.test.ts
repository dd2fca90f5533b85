// Runs against the embedded PGlite demo database (`Server=embedded;Database=demo`, crm.customers: 10,000 rows,
// 40 of them with an invalid TEXT birth_date), through the real reader: the invalid dates fail their rows,
// partial ingestion lets the rest in, and the next run reads nothing new.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS, DEMO_INVALID_BIRTH_DATES } from '../../src/emulator/databases/pglite.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { adHocRun, batchIdOf, batchRecords, type Chain, createChain, createFlow, EXPORT, finished, rowErrorLines } from './runner-helpers.js';

let e: TestEmulator;
let chain: Chain;
beforeAll(async () => {
  e = await startTestEmulator();
  chain = await createChain(e, {
    connectionString: 'Server=embedded;Database=demo',
    table: 'crm.customers',
    mappings: [
      { source: 'id', destination: '_flowctl.customerId' },
      { source: 'full_name', destination: 'person.name.fullName' },
      { sourceType: 'EXPRESSION', source: 'lower(trim(email))', destination: 'personalEmail.address' },
      { source: 'birth_date', destination: '_flowctl.birthDate' },
      { source: 'country', destination: '_flowctl.country' },
      { source: 'updated_at', destination: '_flowctl.updatedAt' },
    ],
  });
}, 60_000);
afterAll(() => e.close());

describe('runner: the embedded demo database', () => {
  it('ingests crm.customers with partial ingestion, keeps the invalid birth dates as row errors, then reads nothing new', async () => {
    const flowId = await createFlow(e, chain, { options: { partialIngestionPercent: 1, errorDiagnosticsEnabled: true } });
    const run = await finished(e, await adHocRun(e, flowId), 'dev', 60_000);
    const good = DEMO_CUSTOMERS - DEMO_INVALID_BIRTH_DATES;
    expect(run.metrics.statusSummary.status).toBe('success');
    expect(run.metrics.recordSummary).toEqual({ inputRecordCount: DEMO_CUSTOMERS, outputRecordCount: good, failedRecordCount: DEMO_INVALID_BIRTH_DATES });
    expect(run.metrics.statusSummary.errors[0]).toMatchObject({ code: 'INGEST-1212-400', message: expect.stringMatching(/^Encountered 40 errors in the data\. Successfully ingested 9960 rows/) });

    const batchId = batchIdOf(run) as string;
    const records = await batchRecords(e, batchId);
    expect(records).toHaveLength(good);
    const first = records[0];
    expect(first).toMatchObject({
      _flowctl: { customerId: expect.any(Number), birthDate: expect.stringMatching(/^\d{4}-\d\d-\d\d$/), country: expect.any(String), updatedAt: expect.stringMatching(/Z$/) },
      person: { name: { fullName: expect.any(String) } },
      personalEmail: { address: expect.stringMatching(/^[a-z0-9.]+@example\.com$/) },
    });
    // Records come in delta order.
    const times = records.map((r) => Date.parse(r._flowctl.updatedAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const lines = await rowErrorLines(e, batchId);
    expect(lines).toHaveLength(DEMO_INVALID_BIRTH_DATES);
    expect(lines.filter((l) => l.birth_date === '1985-02-30')).toHaveLength(20);
    expect(lines.filter((l) => l.birth_date === 'unknown')).toHaveLength(20);
    expect(lines[0]._errors[0]).toMatchObject({ code: 'MAPPER-3700-400', field: '_flowctl.birthDate', column: 'birth_date' });

    // Nothing changed in the table: the next run reads no row.
    const next = await finished(e, await adHocRun(e, flowId), 'dev', 60_000);
    expect(next.metrics.statusSummary.status).toBe('success');
    expect(next.metrics.recordSummary).toEqual({ inputRecordCount: 0, outputRecordCount: 0, failedRecordCount: 0 });
  }, 120_000);

  it('fails the run on the invalid dates without partialIngestionPercent', async () => {
    const flowId = await createFlow(e, chain);
    const run = await finished(e, await adHocRun(e, flowId), 'dev', 60_000);
    expect(run.metrics.statusSummary.status).toBe('failed');
    expect(run.metrics.statusSummary.errors[0]).toMatchObject({ code: 'INGEST-1212-400', message: expect.stringMatching(/^Encountered 40 errors in the data\. Successfully ingested 0 rows.*(1985-02-30|unknown)/) });
    expect((await e.api('GET', `${EXPORT}/batches/${batchIdOf(run)}/files`)).body.data).toEqual([]);
  }, 120_000);

  it('fails with the database’s message when the table does not exist', async () => {
    const missing = await createChain(e, { connectionString: 'Server=embedded;Database=demo', table: 'crm.nothing' });
    const flowId = await createFlow(e, missing);
    const run = await finished(e, await adHocRun(e, flowId), 'dev', 60_000);
    expect(run.metrics.statusSummary.errors[0]).toMatchObject({ code: 'CONNECTOR-1001-500', message: expect.stringMatching(/PostgreSQL database failed: .*crm\.nothing/) });
    // Found before any batch was recorded.
    expect(run.activities.map((a: { id: string }) => a.id)).toEqual(['copyActivity']);
  }, 120_000);
});
