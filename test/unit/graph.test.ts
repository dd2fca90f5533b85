import { describe, expect, it } from 'vitest';
import { GraphError, type GraphStep, runGraph } from '../../src/onboard/graph.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function recorder() {
  const log: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const step = (id: string, needs: string[] = [], ms = 5, fail = false): GraphStep<string> => ({
    id,
    needs,
    run: async () => {
      log.push(`start ${id}`);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await tick(ms);
      inFlight--;
      log.push(`end ${id}`);
      if (fail) throw new Error(`${id} failed`);
      return id.toUpperCase();
    },
  });
  return { log, step, max: () => maxInFlight };
}

describe('runGraph', () => {
  it('starts a step only when its needs are done, and returns every value', async () => {
    const r = recorder();
    const values = await runGraph([r.step('b', ['a']), r.step('a'), r.step('c', ['a', 'b'])], { concurrency: 4 });
    expect([...values]).toEqual([
      ['a', 'A'],
      ['b', 'B'],
      ['c', 'C'],
    ]);
    expect(r.log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('runs independent steps at once, never more than the concurrency', async () => {
    const r = recorder();
    await runGraph(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => r.step(id, [], 20)), { concurrency: 3 });
    expect(r.max()).toBe(3);
  });

  it('takes about as long as the longest chain, not the sum of the steps', async () => {
    const r = recorder();
    const started = Date.now();
    // Critical path: root → x → leaf (3 × 40 ms); six other 40 ms steps run beside it.
    await runGraph(
      [
        r.step('root', [], 40),
        ...['x', 'p', 'q', 'r', 's', 't', 'u'].map((id) => r.step(id, ['root'], 40)),
        r.step('leaf', ['x'], 40),
      ],
      { concurrency: 8 },
    );
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(9 * 40);
    expect(elapsed).toBeGreaterThanOrEqual(3 * 40 - 5);
  });

  it('after a failure starts nothing new, lets running steps finish, and reports the failure', async () => {
    const r = recorder();
    const error = await runGraph([r.step('a', [], 5, true), r.step('slow', [], 30), r.step('after', ['a']), r.step('later', ['slow'])], { concurrency: 4 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect((error as GraphError).firstError).toEqual(new Error('a failed'));
    expect((error as GraphError).states.get('after')).toEqual({ status: 'skipped' });
    expect((error as GraphError).states.get('slow')).toMatchObject({ status: 'done' });
    expect(r.log).toContain('end slow');
    expect(r.log).not.toContain('start later');
  });

  it('refuses unknown dependencies and cycles before running anything', async () => {
    const r = recorder();
    await expect(runGraph([r.step('a', ['nope'])], { concurrency: 1 })).rejects.toThrow('a needs unknown step nope');
    await expect(runGraph([r.step('a', ['b']), r.step('b', ['a'])], { concurrency: 1 })).rejects.toThrow(/cycle/);
    expect(r.log).toEqual([]);
  });
});
