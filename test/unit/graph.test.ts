import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GraphError, type GraphStep, runGraph } from '../../src/onboard/graph.js';

// Steps take time on a fake clock: what starts when, and what runs beside what, is then exact, whatever the load
// of the machine running the tests.
beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Span {
  start: number;
  end?: number;
}

function recorder() {
  const log: string[] = [];
  const spans = new Map<string, Span>();
  /** How many steps were running at each start. */
  const inFlightAtStart: number[] = [];
  let inFlight = 0;
  const step = (id: string, needs: string[] = [], ms = 5, fail = false): GraphStep<string> => ({
    id,
    needs,
    run: async () => {
      log.push(`start ${id}`);
      spans.set(id, { start: Date.now() });
      inFlight++;
      inFlightAtStart.push(inFlight);
      await tick(ms);
      inFlight--;
      (spans.get(id) as Span).end = Date.now();
      log.push(`end ${id}`);
      if (fail) throw new Error(`${id} failed`);
      return id.toUpperCase();
    },
  });
  const span = (id: string): Span => spans.get(id) ?? { start: Number.NaN };
  return { log, step, span, inFlightAtStart, max: () => Math.max(0, ...inFlightAtStart) };
}

/** Runs the graph to its end on the fake clock; its outcome, and when (on that clock) it came. */
async function run<R>(promise: Promise<R>): Promise<{ value?: R; error?: unknown; at: number }> {
  let outcome: { value?: R; error?: unknown; at: number } | undefined;
  promise.then(
    (value) => (outcome = { value, at: Date.now() }),
    (error: unknown) => (outcome = { error, at: Date.now() }),
  );
  await vi.runAllTimersAsync();
  if (!outcome) throw new Error('the graph never settled');
  return outcome;
}

describe('runGraph', () => {
  it('starts a step only when its needs are done, and returns every value', async () => {
    const r = recorder();
    const { value } = await run(runGraph([r.step('b', ['a']), r.step('a'), r.step('c', ['a', 'b'])], { concurrency: 4 }));
    expect([...(value ?? [])]).toEqual([
      ['a', 'A'],
      ['b', 'B'],
      ['c', 'C'],
    ]);
    expect(r.log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('waits for every need, the slowest too, and not a moment longer', async () => {
    const r = recorder();
    await run(runGraph([r.step('quick', [], 10), r.step('slow', [], 30), r.step('both', ['quick', 'slow'], 5), r.step('one', ['quick'], 5)], { concurrency: 4 }));
    expect(r.span('both').start).toBe(30);
    expect(r.span('one').start).toBe(10);
  });

  it('runs independent steps at once, never more than the concurrency', async () => {
    const r = recorder();
    await run(runGraph(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => r.step(id, [], 20)), { concurrency: 3 }));
    // Three at once from the start, never a fourth; each of the others starts as soon as a place is free.
    expect(r.max()).toBe(3);
    expect(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => r.span(id))).toEqual([
      { start: 0, end: 20 },
      { start: 0, end: 20 },
      { start: 0, end: 20 },
      { start: 20, end: 40 },
      { start: 20, end: 40 },
      { start: 20, end: 40 },
    ]);
  });

  it('takes as long as the longest chain, not the sum of the steps', async () => {
    const r = recorder();
    // Critical path: root → x → leaf (3 × 40 ms); six other steps of 70 ms run beside x, and beside leaf.
    const others = ['p', 'q', 'r', 's', 't', 'u'];
    const { at } = await run(
      runGraph([r.step('root', [], 40), r.step('x', ['root'], 40), ...others.map((id) => r.step(id, ['root'], 70)), r.step('leaf', ['x'], 40)], {
        concurrency: 8,
      }),
    );
    expect(at).toBe(3 * 40);
    expect(r.max()).toBe(7);
    expect(r.span('x')).toEqual({ start: 40, end: 80 });
    for (const id of others) expect(r.span(id)).toEqual({ start: 40, end: 110 });
    // Leaf starts the moment x is done, while steps it does not need are still running.
    expect(r.span('leaf')).toEqual({ start: 80, end: 120 });
  });

  it('after a failure starts nothing new, lets running steps finish, and reports the failure', async () => {
    const r = recorder();
    const { error, at } = await run(
      runGraph([r.step('a', [], 5, true), r.step('slow', [], 30), r.step('after', ['a']), r.step('later', ['slow'])], { concurrency: 4 }),
    );
    expect(error).toBeInstanceOf(GraphError);
    expect((error as GraphError).firstError).toEqual(new Error('a failed'));
    expect((error as GraphError).states.get('after')).toEqual({ status: 'skipped' });
    expect((error as GraphError).states.get('slow')).toMatchObject({ status: 'done' });
    expect((error as GraphError).states.get('later')).toEqual({ status: 'skipped' });
    expect(r.log).toEqual(['start a', 'start slow', 'end a', 'end slow']);
    // Reported once the running step is done, not before.
    expect(at).toBe(30);
  });

  it('refuses unknown dependencies and cycles before running anything', async () => {
    const r = recorder();
    await expect(runGraph([r.step('a', ['nope'])], { concurrency: 1 })).rejects.toThrow('a needs unknown step nope');
    await expect(runGraph([r.step('a', ['b']), r.step('b', ['a'])], { concurrency: 1 })).rejects.toThrow(/cycle/);
    expect(r.log).toEqual([]);
  });
});
