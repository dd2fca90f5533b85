// When runs are due (pure schedule math and the scaled clock), and the scheduler creating runs of a flow at
// its start time and again after its interval, with time running 900× faster.

import { afterAll, describe, expect, it } from 'vitest';
import type { ResourceRecord } from '../../src/emulator/records.js';
import { emulatorClock } from '../../src/emulator/runner/clock.js';
import { dueSlot, nextSlot, parseSchedule, runWindow, type Schedule } from '../../src/emulator/runner/schedule.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { createChain, createFlow, customers, F, FakeDatabase, finished, waitFor } from './runner-helpers.js';

const START = 1_767_225_600; // 2026-01-01T00:00:00Z, epoch seconds
const S = START * 1000;
const MIN = 60_000;
const HOUR = 3_600_000;

const hourly = parseSchedule({ startTime: START, frequency: 'hour', interval: 1 }) as Schedule;

describe('schedule math', () => {
  it('reads scheduleParams, numeric strings included', () => {
    expect(parseSchedule({ startTime: String(START), frequency: 'minute', interval: '15', backfill: 'false' })).toEqual({ startMs: S, frequency: 'minute', everyMs: 15 * MIN, backfill: false });
    expect(parseSchedule({ startTime: START, frequency: 'day', interval: 2 })).toEqual({ startMs: S, frequency: 'day', everyMs: 2 * 24 * HOUR, backfill: true });
    expect(parseSchedule({ startTime: START, frequency: 'week', interval: 1 })?.everyMs).toBe(7 * 24 * HOUR);
    expect(parseSchedule({ startTime: START, frequency: 'once' })).toEqual({ startMs: S, frequency: 'once', everyMs: undefined, backfill: true });
    expect(parseSchedule({ startTime: START, frequency: 'hour' })).toBeUndefined();
    expect(parseSchedule({ startTime: 'soon', frequency: 'hour', interval: 1 })).toBeUndefined();
    expect(parseSchedule({ startTime: START, frequency: 'fortnight', interval: 1 })).toBeUndefined();
    expect(parseSchedule(undefined)).toBeUndefined();
  });

  it('runs first at startTime, then every interval × frequency', () => {
    expect(dueSlot(hourly, {}, S - 1)).toBeUndefined();
    expect(dueSlot(hourly, {}, S)).toBe(S);
    expect(nextSlot(hourly, { lastSlot: S })).toBe(S + HOUR);
    expect(dueSlot(hourly, { lastSlot: S }, S + HOUR - 1)).toBeUndefined();
    expect(dueSlot(hourly, { lastSlot: S }, S + HOUR + 5)).toBe(S + HOUR);
    expect(runWindow(hourly, { lastSlot: S }, S + HOUR)).toEqual({ start: S, end: S + HOUR });
    expect(runWindow(hourly, {}, S)).toEqual({ start: S, end: S });
  });

  it('catches up after downtime with ONE run, for the latest passed slot', () => {
    const now = S + 10 * HOUR + 20 * MIN;
    expect(dueSlot(hourly, { lastSlot: S + HOUR }, now)).toBe(S + 10 * HOUR);
    expect(runWindow(hourly, { lastSlot: S + HOUR }, S + 10 * HOUR)).toEqual({ start: S + HOUR, end: S + 10 * HOUR });
    // Then nothing until the next slot.
    expect(dueSlot(hourly, { lastSlot: S + 10 * HOUR }, now)).toBeUndefined();
    // A flow created long after its start time runs once, at once.
    expect(dueSlot(hourly, {}, now)).toBe(S + 10 * HOUR);
  });

  it('runs a once flow once', () => {
    const once = parseSchedule({ startTime: START, frequency: 'once' }) as Schedule;
    expect(dueSlot(once, {}, S - 1)).toBeUndefined();
    expect(dueSlot(once, {}, S + 5 * HOUR)).toBe(S);
    expect(dueSlot(once, { lastSlot: S }, S + 5 * HOUR)).toBeUndefined();
    expect(nextSlot(once, { lastSlot: S })).toBeUndefined();
  });

  it('computes the next slot from the enabling when a flow is re-enabled: missed slots are not caught up', () => {
    const enabledAt = S + 5 * HOUR + 10 * MIN;
    const state = { lastSlot: S + HOUR, resumedAt: enabledAt };
    expect(nextSlot(hourly, state)).toBe(S + 6 * HOUR);
    expect(dueSlot(hourly, state, enabledAt + MIN)).toBeUndefined();
    expect(dueSlot(hourly, state, S + 6 * HOUR)).toBe(S + 6 * HOUR);
    // Enabled exactly on a slot: that slot runs.
    expect(dueSlot(hourly, { lastSlot: S, resumedAt: S + 3 * HOUR }, S + 3 * HOUR)).toBe(S + 3 * HOUR);
  });

  it('keeps the grid of startTime when the interval changes', () => {
    const every2h = parseSchedule({ startTime: START, frequency: 'hour', interval: 2 }) as Schedule;
    expect(nextSlot(every2h, { lastSlot: S + 3 * HOUR })).toBe(S + 4 * HOUR);
  });
});

describe('the emulator clock', () => {
  it('scales elapsed time and composes with a given clock', () => {
    let base = 1_000_000;
    const clock = emulatorClock({ now: () => base, timeScale: 900 });
    expect(clock()).toBe(1_000_000);
    base += 1000;
    expect(clock()).toBe(1_000_000 + 900_000);
    const plain = emulatorClock({ now: () => base });
    expect(plain()).toBe(base);
    expect(() => emulatorClock({ timeScale: 0 })).toThrow(/timeScale/);
    expect(() => emulatorClock({ timeScale: Number.NaN })).toThrow(/timeScale/);
  });
});

describe('the scheduler', () => {
  let e: TestEmulator | undefined;
  afterAll(() => e?.close());

  it('runs a flow at its start time and again after its interval (15 minutes in one second at 900×)', async () => {
    const db = new FakeDatabase({ 'crm.customers': customers(5, new Date('2025-01-01T00:00:00Z')) });
    e = await startTestEmulator({ openReader: db.open, timeScale: 900 });
    const t = e;
    const chain = await createChain(t);
    // The emulator's clock started with the emulator; a start a minute of emulator time ahead is ~67 ms away.
    const startTime = Math.floor(Date.now() / 1000) + 60;
    const flowId = await createFlow(t, chain, { scheduleParams: { startTime, frequency: 'minute', interval: 15 } });
    const listRuns = async () => (await t.api('GET', `${F}/runs?property=flowId==${flowId}`)).body.items as any[];

    const [first] = await waitFor('the first run', async () => ((await listRuns()).length >= 1 ? listRuns() : undefined), 5000);
    expect(first.params).toMatchObject({ windowStartTime: startTime, windowEndTime: startTime, deltaColumn: { name: 'updated_at' } });
    const done = await finished(t, first.id);
    expect(done.metrics.statusSummary.status).toBe('success');
    expect(done.metrics.recordSummary.inputRecordCount).toBe(5);

    const runs = await waitFor('the second run', async () => {
      const all = await listRuns();
      return all.length >= 2 ? all : undefined;
    }, 5000);
    const second = runs.find((r) => r.id !== first.id);
    expect(second.params).toMatchObject({ windowStartTime: startTime, windowEndTime: startTime + 900 });
    const secondDone = await finished(t, second.id);
    expect(secondDone.metrics.recordSummary.inputRecordCount).toBe(0);
    expect(secondDone.metrics.durationSummary.startedAtUTC).toBeGreaterThanOrEqual((startTime + 900) * 1000);

    // Disabled, it does not run; the scheduler's state is internal.
    expect((await t.api('POST', `${F}/flows/${flowId}/action?op=disable`)).status).toBe(200);
    const count = (await listRuns()).length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await listRuns()).length).toBe(count);
    const flow = (await t.api('GET', `${F}/flows/${flowId}`)).body.items[0];
    expect(JSON.stringify(flow)).not.toContain('__schedule');
    const stored = t.emulator.store.sandbox('dev')?.collection<ResourceRecord>('flows').get(flowId) as ResourceRecord;
    expect(stored['__schedule']).toMatchObject({ lastSlot: expect.any(Number) });

    // Re-enabled after missing slots: the next run is for the first slot at or after the enabling, not a catch-up.
    const before = new Set((await listRuns()).map((r) => r.id));
    expect((await t.api('POST', `${F}/flows/${flowId}/action?op=enable`)).status).toBe(200);
    const enabledAt = (await t.api('GET', `${F}/flows/${flowId}`)).body.items[0].lastOperation.started as number;
    const resumed = await waitFor('a run after re-enabling', async () => (await listRuns()).find((r) => !before.has(r.id)), 5000);
    expect(resumed.params.windowEndTime * 1000).toBeGreaterThanOrEqual(enabledAt);
    expect(resumed.params.windowEndTime * 1000 - enabledAt).toBeLessThanOrEqual(900_000);
    expect((resumed.params.windowEndTime - startTime) % 900).toBe(0);
  });
});
