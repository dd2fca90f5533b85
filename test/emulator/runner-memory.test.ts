// A 200,000-row table runs with memory that does not grow with the table: rows are read a batch at a time
// and written with backpressure. Prints rows/s and the heap's peak growth.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../src/emulator/databases/reader.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { adHocRun, batchIdOf, createChain, createFlow, EXPORT, FakeDatabase, finished } from './runner-helpers.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const ROWS = 200_000;
const T0 = Date.parse('2025-01-01T00:00:00Z');
const row = (i: number): Row => ({
  id: i + 1,
  full_name: `Customer number ${i + 1} with a reasonably long name`,
  email: `customer.${i + 1}@example.com`,
  birth_date: `19${String(50 + (i % 50)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`,
  updated_at: new Date(T0 + i * 1000),
});

let e: TestEmulator;
const db = new FakeDatabase({ 'crm.big': { count: ROWS, row }, 'crm.small': { count: ROWS / 10, row } });
beforeAll(async () => {
  e = await startTestEmulator({ openReader: db.open });
});
afterAll(() => e.close());

/** Runs the table; with `sample`, the live heap is measured (a full GC every 50 ms, which slows the run). */
async function measuredRun(table: string, sample: boolean): Promise<{ run: any; peakMb: number; seconds: number }> {
  const chain = await createChain(e, { table });
  const flowId = await createFlow(e, chain);
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  // Live heap: collected before each sample, so that garbage not yet collected does not count.
  const sampler = setInterval(() => {
    if (!sample) return;
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 50);
  const started = performance.now();
  const run = await finished(e, await adHocRun(e, flowId), 'dev', 120_000);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return { run, peakMb: (peak - baseline) / 2 ** 20, seconds };
}

describe('runner: memory', () => {
  it('runs a 200,000-row table with memory bounded by the batch, not the table', async () => {
    const small = await measuredRun('crm.small', true);
    const big = await measuredRun('crm.big', true);
    const timed = await measuredRun('crm.big', false);
    expect(big.run.metrics.statusSummary.status).toBe('success');
    expect(big.run.metrics.recordSummary).toEqual({ inputRecordCount: ROWS, outputRecordCount: ROWS, failedRecordCount: 0 });
    const batchId = batchIdOf(big.run) as string;
    const parts = await e.api('GET', `${EXPORT}/files/${batchId}-1`);
    expect(Number(parts.body.data[0].length)).toBe(big.run.metrics.sizeSummary.outputBytes);
    console.info(
      `runner: ${ROWS} rows in ${timed.seconds.toFixed(2)} s (${Math.round(ROWS / timed.seconds)} rows/s), live heap peak +${big.peakMb.toFixed(1)} MB ` +
        `(${ROWS / 10} rows: +${small.peakMb.toFixed(1)} MB); ${(big.run.metrics.sizeSummary.outputBytes / 2 ** 20).toFixed(1)} MB written`,
    );
    expect(timed.run.metrics.recordSummary.outputRecordCount).toBe(ROWS);
    // Holding the table would take over 100 MB of heap (200,000 rows of five fields); a batch is a few hundred KB.
    expect(big.peakMb).toBeLessThan(16);
    expect(big.peakMb).toBeLessThan(small.peakMb + 8);
  }, 120_000);
});
