// The client's pace (src/platform/internal/pacer.ts) on a fake clock that only its waits move: nothing waits
// before a 429; a 429 pauses everyone for its Retry-After and sets the rate to the one observed; later 429s cut it,
// quiet time raises it slowly; concurrent requests are spread over the rate.

import { describe, expect, it } from 'vitest';
import { Pacer, type PacerSettings } from '../../src/platform/internal/pacer.js';

/**
 * A fake clock with timers: a sleep wakes when the clock reaches its time, and `settle` moves the clock from one
 * wake-up to the next (as time would pass) until a promise is done, so that concurrent sleepers see one time line.
 */
function setup(settings: Partial<PacerSettings> = {}) {
  let t = 1_000_000;
  const sleeps: number[] = [];
  const timers: { at: number; wake: () => void }[] = [];
  const clock = {
    now: () => t,
    advance: (ms: number) => (t += ms),
    sleep: (ms: number) =>
      new Promise<void>((wake) => {
        sleeps.push(ms);
        timers.push({ at: t + ms, wake });
      }),
    settle: async <T>(promise: Promise<T>): Promise<T> => {
      let done = false;
      void promise.finally(() => (done = true)).catch(() => undefined);
      for (;;) {
        await new Promise((resolve) => setImmediate(resolve));
        if (done) return promise;
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift();
        if (!next) return promise;
        t = Math.max(t, next.at);
        next.wake();
      }
    },
  };
  const pacer = new Pacer({ now: clock.now, sleep: clock.sleep, settings });
  return { pacer, clock, sleeps };
}

/** Sends `n` requests one after another, each served at once; returns when each one went. */
async function serveInTurn(pacer: Pacer, clock: ReturnType<typeof setup>['clock'], n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    times.push(await clock.settle(Promise.resolve(pacer.take())));
    pacer.served();
  }
  return times;
}

/** `n` requests served over `ms`, evenly: the rate the pacer observes. */
function serveOver(pacer: Pacer, clock: { advance: (ms: number) => number }, n: number, ms: number): void {
  for (let i = 0; i < n; i++) {
    pacer.take();
    pacer.served();
    clock.advance(ms / n);
  }
}

describe('Pacer', () => {
  it('never waits, nor makes a promise, before the first 429', async () => {
    const { pacer, clock, sleeps } = setup();
    const start = clock.now();
    for (let i = 0; i < 1_000; i++) {
      const turn = pacer.take();
      expect(typeof turn).toBe('number');
      pacer.served();
    }
    expect(sleeps).toEqual([]);
    expect(clock.now()).toBe(start);
    expect(pacer.state.rate).toBeUndefined();
    expect(await serveInTurn(pacer, clock, 3)).toEqual([start, start, start]);
  });

  it('after a 429: every request waits out the Retry-After, then goes at the rate observed', async () => {
    const { pacer, clock, sleeps } = setup();
    // 40 requests served over 2 s: 20 per second.
    serveOver(pacer, clock, 40, 2_000);
    const throttledAt = clock.now();
    pacer.throttled(throttledAt, 3_000);
    expect(pacer.state.rate).toBeCloseTo(20, 5);
    expect(pacer.state.pausedUntil).toBe(throttledAt + 3_000);
    // The first request waits out the pause; nothing goes before it ends.
    const first = await clock.settle(Promise.resolve(pacer.take()));
    expect(first).toBeGreaterThanOrEqual(throttledAt + 3_000);
    expect(sleeps[0]).toBe(3_000);
    expect(sleeps).toHaveLength(1);
  });

  it('a 429 without Retry-After pauses for the default, one with a huge one for at most the ceiling', () => {
    const { pacer, clock } = setup({ defaultPauseMs: 700, maxPauseMs: 5_000 });
    serveOver(pacer, clock, 10, 1_000);
    pacer.throttled(clock.now(), undefined);
    expect(pacer.state.pausedUntil).toBe(clock.now() + 700);
    pacer.throttled(clock.now(), 3_600_000);
    expect(pacer.state.pausedUntil).toBe(clock.now() + 5_000);
  });

  it('spreads concurrent requests over the rate (after a burst of at most one second of it)', async () => {
    const { pacer, clock } = setup({ quietMs: 60_000 });
    serveOver(pacer, clock, 20, 2_000); // 10 per second
    const throttledAt = clock.now();
    pacer.throttled(throttledAt, 1_000);
    const times = await clock.settle(Promise.all(Array.from({ length: 40 }, () => pacer.take())));
    const sorted = [...times].sort((a, b) => a - b);
    expect(sorted[0]).toBeGreaterThanOrEqual(throttledAt + 1_000);
    // The bucket filled during the pause: a second's worth (10) goes when it ends, the rest 100 ms apart.
    const atOnce = sorted.filter((x) => x === sorted[0]).length;
    expect(atOnce).toBe(10);
    const rest = sorted.slice(9);
    for (let i = 1; i < rest.length; i++) expect(Math.round((rest[i] as number) - (rest[i - 1] as number))).toBe(100);
  });

  it('one after another, requests after the pause go one per 1/rate', async () => {
    const { pacer, clock } = setup({ quietMs: 60_000, burstSeconds: 1 });
    serveOver(pacer, clock, 20, 2_000); // 10 per second
    pacer.throttled(clock.now(), 1_000);
    const times = await serveInTurn(pacer, clock, 30);
    // 10 from the bucket filled in the pause, then 20 at 10 per second: 2 s.
    expect((times[29] as number) - (times[10] as number)).toBeGreaterThanOrEqual(1_800);
    expect((times[29] as number) - (times[10] as number)).toBeLessThanOrEqual(2_100);
  });

  it('AIMD: another 429 cuts the rate; a quiet spell raises it, slowly', async () => {
    const { pacer, clock } = setup({ decrease: 0.5, increase: 0.01, minIncrease: 0, quietMs: 2_000 });
    serveOver(pacer, clock, 100, 2_000); // 50 per second
    const first = clock.now();
    pacer.throttled(first, 1_000);
    expect(pacer.state.rate).toBeCloseTo(50, 5);
    // A request sent after the cut is throttled too: cut again, to half (the rate served is no lower).
    serveOver(pacer, clock, 75, 1_500);
    pacer.throttled(clock.now() - 1, 1_000);
    expect(pacer.state.rate).toBeCloseTo(25, 5);
    // Quiet: held for 2 s, then 1% of the rate per second.
    const cut = clock.now();
    clock.advance(2_000);
    expect(pacer.state.rate).toBeCloseTo(25, 5);
    clock.advance(10_000);
    expect(pacer.state.rate).toBeCloseTo(25 * 1.1, 5);
    expect(pacer.state.cuts).toBe(2);
    expect(cut).toBeLessThan(clock.now());
  });

  it('a cut takes the rate observed when it is lower than the cut', () => {
    const { pacer, clock } = setup({ decrease: 0.9 });
    serveOver(pacer, clock, 100, 2_000); // 50 per second
    pacer.throttled(clock.now(), 1_000);
    clock.advance(3_000); // nothing served since: the window is empty
    serveOver(pacer, clock, 20, 2_000); // 10 per second
    pacer.throttled(clock.now(), 1_000);
    expect(pacer.state.rate).toBeCloseTo(10, 5);
  });

  it('429s of requests sent before a cut are the same episode: they extend the pause but do not cut again', () => {
    const { pacer, clock } = setup();
    serveOver(pacer, clock, 40, 2_000);
    const sent = clock.now() - 10;
    pacer.throttled(sent, 1_000);
    const rate = pacer.state.rate;
    clock.advance(5);
    pacer.throttled(sent, 2_000);
    pacer.throttled(sent + 2, 1_000);
    expect(pacer.state.rate).toBe(rate);
    expect(pacer.state.cuts).toBe(1);
    expect(pacer.state.pausedUntil).toBe(clock.now() + 2_000);
  });

  it('a 429 on a clock that has not moved still gives a usable rate (one second at least)', async () => {
    const { pacer, clock } = setup();
    for (let i = 0; i < 30; i++) {
      pacer.take();
      pacer.served();
    }
    pacer.throttled(clock.now(), 1_000);
    expect(pacer.state.rate).toBeCloseTo(30, 5);
    await serveInTurn(pacer, clock, 5);
  });

  it('a 429 when too few requests were served to show a rate only pauses', async () => {
    const { pacer, clock, sleeps } = setup({ minSamples: 10 });
    serveOver(pacer, clock, 3, 1_000);
    pacer.throttled(clock.now(), 1_000);
    expect(pacer.state.rate).toBeUndefined();
    expect(pacer.state.cuts).toBe(0);
    await clock.settle(Promise.resolve(pacer.take()));
    expect(sleeps).toEqual([1_000]);
    // The pause waited out, requests go at once again.
    expect(typeof pacer.take()).toBe('number');
  });

  it('the retry of the throttled request (its back-off honoured Retry-After) does not wait the pause again', async () => {
    const { pacer, clock, sleeps } = setup();
    serveOver(pacer, clock, 40, 2_000);
    pacer.throttled(clock.now(), 5_000);
    await clock.settle(Promise.resolve(pacer.take({ pauseWaited: true })));
    expect(sleeps).toEqual([]);
    // Anyone else waits it out.
    await clock.settle(Promise.resolve(pacer.take()));
    expect(sleeps).toEqual([5_000]);
  });

  it('on a clock that stands still, a pause waited out once is over (no request waits it twice)', async () => {
    const { pacer } = setup();
    const frozen = 5_000_000;
    const sleeps: number[] = [];
    const still = new Pacer({ now: () => frozen, sleep: async (ms) => void sleeps.push(ms) });
    for (let i = 0; i < 20; i++) {
      still.take();
      still.served();
    }
    still.throttled(frozen, 3_000);
    for (let i = 0; i < 5; i++) await still.take();
    // The pause once, then the bucket's 20 tokens: no more waits.
    expect(sleeps).toEqual([3_000]);
    expect(pacer.state.rate).toBeUndefined();
  });

  it('probes upwards by at least minIncrease per quiet second, so that a low rate recovers', () => {
    const { pacer, clock } = setup({ minIncrease: 0.5, increase: 0.01, quietMs: 0 });
    serveOver(pacer, clock, 20, 2_000); // 10 per second
    pacer.throttled(clock.now(), 1_000);
    clock.advance(10_000);
    expect(pacer.state.rate).toBeCloseTo(15, 5);
  });

  it("a waiting request ends with the caller's wait (a cancelled call's)", async () => {
    const { pacer, clock } = setup();
    serveOver(pacer, clock, 10, 1_000);
    pacer.throttled(clock.now(), 1_000);
    await expect(pacer.take({ wait: () => Promise.reject(new Error('cancelled')) })).rejects.toThrow('cancelled');
  });
});
