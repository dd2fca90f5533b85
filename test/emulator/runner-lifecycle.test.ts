// The runner across the emulator's life: batch files under the data dir (or a temporary one, removed on
// close), runs left in progress by a crash failed at startup, runs still scheduled executed, and close()
// aborting a run in flight and recording it as failed.

import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResourceRecord } from '../../src/emulator/records.js';
import { DataLake } from '../../src/emulator/runner/data-lake.js';
import { newRun } from '../../src/emulator/services/flow-service/runs.js';
import { SERVICES, startTestEmulator } from '../helpers/emulator.js';
import { adHocRun, batchIdOf, createChain, createFlow, customers, F, FakeDatabase, finished, getRun, waitFor } from './runner-helpers.js';

const dirs: string[] = [];
async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'flowctl-runner-test-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const T0 = new Date('2025-01-01T00:00:00Z');

describe('runner: where batches live', () => {
  it('writes <dataDir>/data/<sandbox>/<dataSetId>/<batchId>/part-00000-<batchId>-c000.snappy.parquet', async () => {
    const dir = await dataDir();
    const db = new FakeDatabase({ 'crm.customers': customers(4, T0) });
    const e = await startTestEmulator({ dataDir: dir, openReader: db.open });
    try {
      const chain = await createChain(e);
      const run = await finished(e, await adHocRun(e, await createFlow(e, chain)));
      const batchId = batchIdOf(run) as string;
      const path = join(dir, 'data', 'dev', chain.dataSetId, batchId, `part-00000-${batchId}-c000.snappy.parquet`);
      expect(existsSync(path)).toBe(true);
    } finally {
      await e.close();
    }
  });

  it('uses a temporary directory without a data dir, removed on close', async () => {
    const lake = await DataLake.open(undefined);
    expect(existsSync(lake.root)).toBe(true);
    expect(lake.partFile('dev', 'abc', '01ABC')).toBe(join(lake.root, 'dev', 'abc', '01ABC', 'part-00000-01ABC-c000.snappy.parquet'));
    expect(() => lake.partFile('dev', '../etc', '01ABC')).toThrow(/unsafe/);
    await lake.close();
    expect(existsSync(lake.root)).toBe(false);
  });
});

describe('runner: restarts', () => {
  it('fails runs a crash left in progress, and executes runs still scheduled', async () => {
    const dir = await dataDir();
    const db = new FakeDatabase({ 'crm.customers': customers(4, T0) });
    const first = await startTestEmulator({ dataDir: dir, openReader: db.open });
    const chain = await createChain(first);
    const flowId = await createFlow(first, chain);
    const sandbox = first.emulator.store.sandbox('dev');
    const flow = sandbox?.collection<ResourceRecord>('flows').get(flowId) as ResourceRecord;
    const base = { createdAt: Date.now(), updatedAt: Date.now(), sandboxName: 'dev' };
    const crashed = newRun(base, flow, { windowStartTime: 0, windowEndTime: Math.floor(Date.now() / 1000) });
    const metrics = crashed['metrics'] as Record<string, unknown>;
    // As a run looks mid-way when the process is killed.
    await sandbox?.collection<ResourceRecord>('runs').put({ ...crashed, metrics: { ...metrics, durationSummary: { startedAtUTC: Date.now() }, statusSummary: { status: 'inProgress', errors: [] } } });
    const pending = newRun({ ...base, createdAt: Date.now() + 1 }, flow, { windowStartTime: 0, windowEndTime: Math.floor(Date.now() / 1000) + 1 });
    await sandbox?.collection<ResourceRecord>('runs').put(pending);
    await first.close();

    const second = await startTestEmulator({ dataDir: dir, openReader: db.open });
    try {
      const failed = await getRun(second, crashed.id);
      expect(failed.metrics.statusSummary).toEqual({
        status: 'failed',
        errors: [{ code: 'CONNECTOR-1001-500', message: expect.stringMatching(/emulator stopped \(crashed or was killed\) while this run was in progress/) }],
        extensions: { type: 'one-time' },
      });
      expect(failed.state).toBe('failed');
      expect(failed.metrics.durationSummary.completedAtUTC).toBeGreaterThanOrEqual(failed.metrics.durationSummary.startedAtUTC);
      const ran = await finished(second, pending.id);
      expect(ran.metrics.statusSummary.status).toBe('success');
      expect(ran.metrics.recordSummary.outputRecordCount).toBe(4);
      expect((await second.api('GET', `${F}/flows/${flowId}`)).body.items[0].lastRunDetails).toMatchObject({ id: pending.id, state: 'success' });
    } finally {
      await second.close();
    }
  });

  it('close() aborts a run in flight, which is recorded as failed with its batch', async () => {
    const dir = await dataDir();
    const db = new FakeDatabase({ 'crm.customers': customers(4, T0) });
    db.hold = new Promise<void>(() => undefined); // the database never answers
    const first = await startTestEmulator({ dataDir: dir, openReader: db.open });
    const chain = await createChain(first);
    const runId = await adHocRun(first, await createFlow(first, chain));
    await waitFor('the run to start reading', async () => (db.calls.length > 0 ? true : undefined));
    expect((await getRun(first, runId)).metrics.statusSummary.status).toBe('inProgress');
    const started = Date.now();
    await first.close();
    expect(Date.now() - started).toBeLessThan(5000);

    const second = await startTestEmulator({ dataDir: dir, openReader: new FakeDatabase({}).open });
    try {
      const run = await getRun(second, runId);
      expect(run.metrics.statusSummary).toMatchObject({ status: 'failed', errors: [{ message: expect.stringMatching(/^The emulator was stopped while this run was in progress/) }] });
      const batchId = batchIdOf(run) as string;
      expect((await second.api('GET', `${SERVICES.catalog}/batches/${batchId}`)).body[batchId].status).toBe('failed');
    } finally {
      await second.close();
    }
  });
});
