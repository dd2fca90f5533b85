// Runs as Adobe documents them: `POST /runs` as the on-demand ingestion tutorial shows it (the `{items: [{id,
// etag}]}` reply, the delta column given by the first run and fixed afterwards, the window's order), and the
// run fields the monitoring pages show (`state`, `statusSummary.extensions.type`, the copy activity's
// AdfRunId reference, the promotion activity's sampleErrors link).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type ApiResponse, type TestEmulator } from '../helpers/emulator.js';
import {
  adHocRun,
  batchIdOf,
  createChain,
  createFlow,
  customers,
  type CustomerRow,
  EXPORT,
  F,
  FakeDatabase,
  finished,
  getRun,
  waitFor,
} from './runner-helpers.js';

const T0 = new Date('2025-01-01T00:00:00Z');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const db = new FakeDatabase({ 'crm.customers': customers(10, T0) });
let e: TestEmulator;

beforeAll(async () => {
  e = await startTestEmulator({ openReader: db.open });
});
afterAll(() => e.close());

const postRun = (flowId: string, params: Record<string, unknown>, t: TestEmulator = e) => t.api('POST', `${F}/runs`, { body: { flowId, params } });
const getFlow = async (flowId: string, t: TestEmulator = e) => (await t.api('GET', `${F}/flows/${flowId}`)).body.items[0];
const copyParams = (flow: any) => flow.transformations.find((t: any) => t.name === 'Copy').params;
const window = { windowStartTime: '0', windowEndTime: String(Math.floor(Date.now() / 1000) + 60) };

function expectInvalid(r: ApiResponse, message: RegExp): void {
  expect({ status: r.status, type: r.body?.type }, JSON.stringify(r.body)).toEqual({ status: 400, type: expect.stringMatching(/FLOW-1100-400$/) });
  expect(r.body.errorMessage).toMatch(message);
}

async function accepted(r: ApiResponse): Promise<string> {
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.items[0].id as string;
}

const ids = async (query: string) => (await e.api('GET', `${F}/runs?${query}`)).body.items.map((r: { id: string }) => r.id);

describe('POST /runs as the on-demand ingestion tutorial shows it', () => {
  it('answers 201 {items: [{id, etag}]} with a Location, and GET /runs/{id} shows that run', async () => {
    const flowId = await createFlow(e, await createChain(e));
    const r = await postRun(flowId, { startTime: '1663735590', ...window, deltaColumn: { name: 'updated_at' } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toEqual({ items: [{ id: expect.stringMatching(UUID), etag: expect.stringMatching(/^"[0-9a-f-]+"$/) }] });
    const runId = r.body.items[0].id;
    expect(r.headers.get('location')).toBe(`${F}/runs/${runId}`);
    const run = await finished(e, runId);
    expect(run).toMatchObject({ id: runId, flowId, params: { startTime: '1663735590', deltaColumn: { name: 'updated_at' } }, state: 'success' });
  });

  it('takes the delta column from the first ad-hoc run: required there, patched into the flow, then optional and fixed', async () => {
    const flowId = await createFlow(e, await createChain(e), { deltaColumn: 'created_at' });
    const created = await getFlow(flowId);

    // First run without it: refused, naming the field; the flow is untouched.
    expectInvalid(await postRun(flowId, window), /params\.deltaColumn\.name is required on the first run/);
    expectInvalid(await postRun(flowId, { ...window, deltaColumn: {} }), /params\.deltaColumn\.name is required/);
    expect((await getFlow(flowId)).etag).toBe(created.etag);

    // With it: the flow's Copy transformation now holds the run's column, under a new etag.
    const first = await accepted(await postRun(flowId, { ...window, deltaColumn: { name: 'updated_at' } }));
    const patched = await getFlow(flowId);
    expect(copyParams(patched)).toEqual({ deltaColumn: { name: 'updated_at' } });
    expect(patched.transformations.find((t: any) => t.name === 'Mapping')).toEqual(created.transformations.find((t: any) => t.name === 'Mapping'));
    expect(patched.etag).not.toBe(created.etag);
    expect(patched.version).toBe(patched.etag);
    expect(patched.updatedAt).toBeGreaterThanOrEqual(created.updatedAt);
    // The table has no created_at: reading succeeds only with the patched column.
    expect(await finished(e, first)).toMatchObject({ state: 'success', metrics: { recordSummary: { inputRecordCount: 10 } } });

    // Later runs may leave it out, or repeat it; the flow stays as it is.
    const afterFirst = (await getFlow(flowId)).etag;
    await finished(e, await accepted(await postRun(flowId, window)));
    await finished(e, await accepted(await postRun(flowId, { ...window, deltaColumn: { name: 'updated_at' } })));
    expect((await getFlow(flowId)).etag).toBe(afterFirst);

    // Changing it through run parameters is refused, saying what the flow's column is.
    const changed = await postRun(flowId, { ...window, deltaColumn: { name: 'created_at' } });
    expectInvalid(changed, /params\.deltaColumn\.name "created_at" differs from the delta column of flow .*, "updated_at"/);
    expect(copyParams(await getFlow(flowId)).deltaColumn).toEqual({ name: 'updated_at' });
    expect(await ids(`property=flowId==${flowId}`)).toHaveLength(3);
  });

  it('leaves the flow (and its etag) alone when the first run names the column it already has', async () => {
    const flowId = await createFlow(e, await createChain(e));
    const created = await getFlow(flowId);
    await finished(e, await accepted(await postRun(flowId, { ...window, deltaColumn: { name: 'updated_at' } })));
    const after = await getFlow(flowId);
    expect(after.etag).toBe(created.etag);
    expect(copyParams(after)).toEqual(copyParams(created));
  });

  it('refuses a window that ends before it starts, naming both, and patches nothing', async () => {
    const flowId = await createFlow(e, await createChain(e), { deltaColumn: 'created_at' });
    const created = await getFlow(flowId);
    const r = await postRun(flowId, { windowStartTime: '1651585956', windowEndTime: 1651584991, deltaColumn: { name: 'updated_at' } });
    expectInvalid(r, /params\.windowEndTime \(1651584991\) is before params\.windowStartTime \(1651585956\)/);
    expect((await getFlow(flowId)).etag).toBe(created.etag);
    expect(await ids(`property=flowId==${flowId}`)).toEqual([]);
    // An empty window is a window.
    await accepted(await postRun(flowId, { windowStartTime: 1651585956, windowEndTime: 1651585956, deltaColumn: { name: 'updated_at' } }));
  });
});

describe('run records: state, type, references and manifests', () => {
  it('keeps a top-level state equal to the status as the run moves, and filters runs on it', async () => {
    const local = new FakeDatabase({ 'crm.customers': customers(3, T0), 'crm.other': customers(2, T0) });
    let release!: () => void;
    local.hold = new Promise<void>((resolve) => (release = resolve));
    const t = await startTestEmulator({ openReader: local.open });
    try {
      const flowId = await createFlow(t, await createChain(t));
      const running = await adHocRun(t, flowId);
      const queued = await adHocRun(t, flowId);
      await waitFor('the first run to read', async () => (local.calls.length > 0 ? true : undefined));
      const list = async (state: string) => (await t.api('GET', `${F}/runs?property=flowId==${flowId}&property=state==${state}`)).body.items.map((r: any) => r.id);
      expect(await getRun(t, running)).toMatchObject({ state: 'inProgress', metrics: { statusSummary: { status: 'inProgress' } } });
      expect(await getRun(t, queued)).toMatchObject({ state: 'scheduled', metrics: { statusSummary: { status: 'scheduled' } } });
      expect(await list('inProgress')).toEqual([running]);
      expect(await list('scheduled')).toEqual([queued]);
      expect(await list('success')).toEqual([]);

      release();
      for (const id of [running, queued]) expect(await finished(t, id)).toMatchObject({ state: 'success' });
      expect(await list('success')).toEqual([running, queued]);
      expect(await list('inProgress')).toEqual([]);
      expect((await t.api('GET', `${F}/runs?property=flowId==${flowId}&property=state==success&count=true`)).body).toEqual({ count: 2 });

      // A run that fails: its table does not exist.
      const broken = await createFlow(t, await createChain(t, { table: 'crm.missing' }));
      const failed = await finished(t, await adHocRun(t, broken));
      expect(failed).toMatchObject({ state: 'failed', metrics: { statusSummary: { status: 'failed' } } });
      expect((await t.api('GET', `${F}/runs?property=state==failed`)).body.items.map((r: any) => r.id)).toEqual([failed.id]);
      expect((await t.api('GET', `${F}/runs?property=state!=success&property=flowId==${flowId},${broken}`)).body.items.map((r: any) => r.id)).toEqual([failed.id]);
    } finally {
      release();
      await t.close();
    }
  });

  it('says an ad-hoc run is "one-time" and gives its copy activity an AdfRunId reference', async () => {
    const chain = await createChain(e);
    const flowId = await createFlow(e, chain);
    const run = await finished(e, await adHocRun(e, flowId));
    expect(run.metrics.statusSummary).toMatchObject({ status: 'success', extensions: { type: 'one-time' } });
    const copy = run.activities.find((a: any) => a.id === 'copyActivity');
    expect(copy.statusSummary).toEqual({ status: 'success', extensions: { type: 'one-time' } });
    expect(copy.sourceInfo).toEqual([{ id: chain.sourceId, type: 'SourceConnection', reference: { type: 'AdfRunId', ids: [expect.stringMatching(UUID)] } }]);
  });

  it('says a run the scheduler created is "scheduled", and does not count it as the flow’s first ad-hoc run', async () => {
    const local = new FakeDatabase({ 'crm.customers': customers(3, T0) });
    const t = await startTestEmulator({ openReader: local.open, timeScale: 900 });
    try {
      // A minute of emulator time ahead is ~67 ms away at 900×.
      const startTime = Math.floor(Date.now() / 1000) + 60;
      const flowId = await createFlow(t, await createChain(t), { scheduleParams: { startTime, frequency: 'once' } });
      const [scheduled] = await waitFor('the scheduled run', async () => {
        const items = (await t.api('GET', `${F}/runs?property=flowId==${flowId}`)).body.items;
        return items.length > 0 ? items : undefined;
      });
      expect(scheduled.metrics.statusSummary.extensions).toEqual({ type: 'scheduled' });
      const run = await finished(t, scheduled.id);
      expect(run.metrics.statusSummary.extensions).toEqual({ type: 'scheduled' });
      expect(run.activities.find((a: any) => a.id === 'copyActivity').statusSummary.extensions).toEqual({ type: 'scheduled' });
      expect(JSON.stringify(run)).not.toContain('__trigger');

      expectInvalid(await postRun(flowId, window, t), /params\.deltaColumn\.name is required on the first run/);
      const adHoc = await finished(t, await accepted(await postRun(flowId, { ...window, deltaColumn: { name: 'updated_at' } }, t)));
      expect(adHoc.metrics.statusSummary.extensions).toEqual({ type: 'one-time' });
    } finally {
      await t.close();
    }
  });

  it('links the row error samples next to the failed records exactly when diagnostics kept failed rows', async () => {
    /** A run over 10 rows, `bad` of which have an impossible birth date; failures up to 50 % are accepted. */
    async function promotionOf(bad: number, errorDiagnosticsEnabled: boolean) {
      const rows = customers(10, T0);
      for (const row of rows.slice(0, bad)) (row as CustomerRow).birth_date = '1985-02-30';
      const local = new FakeDatabase({ 'crm.customers': rows });
      const t = await startTestEmulator({ openReader: local.open });
      try {
        const flowId = await createFlow(t, await createChain(t), { options: { errorDiagnosticsEnabled, partialIngestionPercent: 50 } });
        const run = await finished(t, await adHocRun(t, flowId));
        expect(run.state).toBe('success');
        return { url: t.url, batchId: batchIdOf(run) as string, promotion: run.activities.find((a: any) => a.id === 'promotionActivity') };
      } finally {
        await t.close();
      }
    }

    const kept = await promotionOf(2, true);
    expect(kept.promotion.statusSummary.extensions.manifest).toEqual({
      failedRecords: `${kept.url}${EXPORT}/batches/${kept.batchId}/meta?path=row_errors`,
      sampleErrors: `${kept.url}${EXPORT}/batches/${kept.batchId}/meta?path=row_error_samples.json`,
    });
    expect((await promotionOf(2, false)).promotion.statusSummary.extensions.manifest).toBeUndefined();
    expect((await promotionOf(0, true)).promotion.statusSummary.extensions.manifest).toBeUndefined();
  });
});

describe('flowctl’s client starts on-demand runs (flowService.runs.create)', () => {
  async function client() {
    const { createPlatformClient } = await import('../../src/platform/client.js');
    const c = e.emulator.credentials;
    return createPlatformClient({ sandbox: 'dev', orgId: c.orgId, clientId: c.clientId, clientSecret: c.clientSecret, platformUrl: e.url, imsUrl: e.url });
  }
  const now = () => Math.floor(Date.now() / 1000);

  it('reads the documented reply, and the run it names goes on to ingest the window', async () => {
    const aep = await client();
    const flowId = await createFlow(e, await createChain(e));
    const created = await aep.flowService.runs.create({ flowId, params: { windowStartTime: 0, windowEndTime: now() + 60, deltaColumn: { name: 'updated_at' } } });
    expect(created).toEqual({ id: expect.stringMatching(UUID), etag: expect.stringMatching(/^"/) });
    const run = await finished(e, created.id);
    expect(run.metrics.recordSummary).toEqual({ inputRecordCount: 10, outputRecordCount: 10, failedRecordCount: 0 });
    // The second run may leave the delta column out.
    const second = await aep.flowService.runs.create({ flowId, params: { windowStartTime: 0, windowEndTime: now() + 60 } });
    expect((await finished(e, second.id)).metrics.statusSummary.status).toBe('success');
  });

  it('passes the Platform’s refusal on, word for word: the first run without its delta column', async () => {
    const aep = await client();
    const flowId = await createFlow(e, await createChain(e));
    await expect(aep.flowService.runs.create({ flowId, params: { windowStartTime: 0, windowEndTime: now() } })).rejects.toThrow(/params\.deltaColumn\.name is required on the first run/);
  });

  it('refuses a window that ends before it starts, and a flow id that is not one, sending nothing', async () => {
    const aep = await client();
    const before = e.exchanges.length;
    await expect(aep.flowService.runs.create({ flowId: '3abea21c-7e36-4be1-bec1-d3bad0e3e0de', params: { windowStartTime: 200, windowEndTime: 100 } })).rejects.toThrow(
      /params\.windowEndTime: must not be before params\.windowStartTime/,
    );
    await expect(aep.flowService.runs.create({ flowId: 'nope', params: { windowStartTime: 0, windowEndTime: 1 } })).rejects.toThrow(/flowId: must be a UUID/);
    expect(e.exchanges.slice(before).filter((x) => x.url.includes('/runs'))).toEqual([]);
  });
});
