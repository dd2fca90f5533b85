// The client's own pace, shared by every request of one client (all the tables of an apply), so that a rate
// limit is found once and then respected instead of being hit by every request: Adobe's gateway answers 429 to
// say "back off", and a client that uses the 429s as its pacing is throttled on a large share of its requests.
//
// Until the first 429 there is no limit at all (nothing waits: a client that is never throttled pays one function
// call per request). On a 429:
//  - every request waits out the Retry-After (a pause shared by all, not only by the throttled request);
//  - the rate becomes what the Platform was seen to serve over the last few seconds (requests answered with
//    anything but 429, per second), and from then on requests draw tokens from a bucket filling at that rate;
//  - each later 429 cuts the rate (multiplicative decrease), once per episode: the other answers of requests
//    sent before the cut are the same overload, not a new one;
//  - after a quiet spell the rate creeps up again (additive increase), so that a limit that was under-estimated,
//    or that was raised, is found again without a burst of 429s: AIMD, as TCP's congestion control
//    (https://www.rfc-editor.org/rfc/rfc5681#section-3.1).
// The bucket holds at most one second of tokens, which it fills during a pause as the server's own token bucket
// does: the pause is then spent waiting for capacity the client will use, not lost.
// Every wait is on the injected clock (`now`, `sleep`), as the retries are.

import type { Sleep } from './retry.js';

export interface PacerSettings {
  /** The span over which the served rate is measured (ms). */
  windowMs: number;
  /** The share of the rate kept on a 429 after the first (multiplicative decrease). */
  decrease: number;
  /** Requests per second added per quiet second, as a share of the rate set by the last 429 (additive increase). */
  increase: number;
  /** How long after a 429 the rate holds before it creeps up (ms). */
  quietMs: number;
  /** The pause when a 429 names no Retry-After (ms). */
  defaultPauseMs: number;
  /** The longest pause a Retry-After may ask for (ms): the retry policy's ceiling. */
  maxPauseMs: number;
  /** Tokens the bucket holds at most, in seconds of the rate. */
  burstSeconds: number;
}

export const DEFAULT_PACER_SETTINGS: PacerSettings = {
  windowMs: 2_000,
  decrease: 0.9,
  increase: 0.01,
  quietMs: 2_000,
  defaultPauseMs: 1_000,
  maxPauseMs: 30_000,
  burstSeconds: 1,
};

export interface PacerOptions {
  now: () => number;
  sleep: Sleep;
  settings?: Partial<PacerSettings> | undefined;
}

/** What the pacer has decided so far: for the debug log and for tests. */
export interface PacerState {
  /** Requests per second, or undefined while no 429 has been seen. */
  rate: number | undefined;
  /** Epoch ms until which every request waits. */
  pausedUntil: number;
  /** 429s that cut the rate (the first one, which set it, included). */
  cuts: number;
}

export class Pacer {
  private readonly s: PacerSettings;
  /** The rate the last cut set (undefined: no 429 yet), and when. */
  private base: number | undefined;
  private cutAt = -Infinity;
  private cuts = 0;
  private pausedUntil = -Infinity;
  /** Tokens at `filledAt`; below 0 when requests have reserved tokens still to come (they wait in turn). */
  private tokens = 0;
  private filledAt = 0;
  /** Bumped by each cut: a request that waited under an older rate draws its token again. */
  private epoch = 0;
  /** When requests were served (not 429), oldest first, from `servedFrom` on: the observed rate's window. */
  private readonly servedAt: number[] = [];
  private servedFrom = 0;
  private firstSentAt: number | undefined;

  constructor(private readonly o: PacerOptions) {
    this.s = { ...DEFAULT_PACER_SETTINGS, ...o.settings };
  }

  get state(): PacerState {
    return { rate: this.base === undefined ? undefined : this.rateAt(this.o.now()), pausedUntil: this.pausedUntil, cuts: this.cuts };
  }

  /**
   * Waits for the request's turn; resolves with the time it is sent (pass it to `throttled`). Nothing waits (and no
   * promise is made) before the first 429. `wait` is the caller's own sleep (one that a cancelled call ends).
   */
  take(wait: (ms: number) => Promise<void> = (ms) => this.o.sleep(ms)): number | Promise<number> {
    const now = this.o.now();
    this.firstSentAt ??= now;
    if (this.base === undefined && now >= this.pausedUntil) return now;
    return this.waitTurn(wait);
  }

  /** A request was answered, not with 429: one more for the observed rate. */
  served(at = this.o.now()): void {
    this.servedAt.push(at);
    this.trim(at);
  }

  /**
   * A request sent at `sentAt` was answered 429 asking to wait `retryAfterMs` (undefined: it did not say). Pauses
   * everyone and, once per episode, sets or cuts the rate.
   */
  throttled(sentAt: number, retryAfterMs: number | undefined): void {
    const now = this.o.now();
    const pauseMs = Math.min(this.s.maxPauseMs, retryAfterMs ?? this.s.defaultPauseMs);
    this.pausedUntil = Math.max(this.pausedUntil, now + pauseMs);
    // Sent before the last cut: the same overload, already answered for.
    if (sentAt < this.cutAt) return;
    const observed = this.observedRate(now);
    const current = this.base === undefined ? undefined : this.rateAt(now);
    this.base = Math.max(0.5, current === undefined ? observed : Math.min(observed, current * this.s.decrease));
    this.cutAt = now;
    this.cuts++;
    this.epoch++;
    // The bucket starts empty and fills during the pause, up to its one-second burst.
    this.tokens = 0;
    this.filledAt = now;
  }

  /** Requests per second at `now`: the last cut's, plus the additive increase of the quiet time since. */
  private rateAt(now: number): number {
    const base = this.base ?? Infinity;
    const quiet = Math.max(0, now - this.cutAt - this.s.quietMs) / 1000;
    return base * (1 + this.s.increase * quiet);
  }

  /** Served requests per second over the window (or over the time since the first request, if shorter). */
  private observedRate(now: number): number {
    this.trim(now);
    const count = this.servedAt.length - this.servedFrom;
    const since = this.firstSentAt === undefined ? 0 : now - this.firstSentAt;
    // At least a second: a client throttled in its first instant (or on a clock that stands still) has not shown a rate.
    const span = Math.max(1_000, Math.min(this.s.windowMs, since));
    return (count * 1000) / span;
  }

  private trim(now: number): void {
    const from = now - this.s.windowMs;
    while (this.servedFrom < this.servedAt.length && (this.servedAt[this.servedFrom] ?? now) < from) this.servedFrom++;
    // Compact now and then, so that the array does not grow with the run.
    if (this.servedFrom > 1024 && this.servedFrom * 2 > this.servedAt.length) {
      this.servedAt.splice(0, this.servedFrom);
      this.servedFrom = 0;
    }
  }

  private async waitTurn(wait: (ms: number) => Promise<void>): Promise<number> {
    for (;;) {
      const epoch = this.epoch;
      const waitMs = this.reserve();
      if (waitMs <= 0) return this.o.now();
      await wait(waitMs);
      // A 429 meanwhile: the token was reserved at the old rate, and the pause may now be longer.
      if (epoch === this.epoch && this.o.now() >= this.pausedUntil) return this.o.now();
    }
  }

  /** Reserves the next token; returns how long to wait for it (ms). */
  private reserve(): number {
    const now = this.o.now();
    if (this.base === undefined) return Math.max(0, this.pausedUntil - now);
    const rate = this.rateAt(now);
    this.tokens = Math.min(rate * this.s.burstSeconds, this.tokens + ((now - this.filledAt) / 1000) * rate);
    this.filledAt = now;
    this.tokens -= 1;
    const forToken = this.tokens >= 0 ? 0 : (-this.tokens / rate) * 1000;
    return Math.max(forToken, this.pausedUntil - now);
  }
}
