// The client's own pace, shared by every request of one client (all the tables of an apply), so that a rate
// limit is found once and then respected instead of being hit by every request: Adobe's gateway answers 429 to
// say "back off", and a client that uses the 429s as its pacing is throttled on a large share of its requests.
//
// Until the first 429 there is no limit at all (nothing waits: a client that is never throttled pays one function
// call per request). On a 429:
//  - every request waits out the Retry-After (a pause shared by all; the throttled request itself has waited it
//    out in its back-off, and does not wait it twice);
//  - the rate becomes what the Platform was seen to serve over the last few seconds (requests answered with
//    anything but 429, per second), and from then on requests draw tokens from a bucket filling at that rate;
//  - each later 429 cuts the rate (multiplicative decrease), once per episode: the other answers of requests
//    sent before the cut are the same overload, not a new one;
//  - after a quiet spell the rate creeps up again (additive increase), so that a limit that was under-estimated,
//    or that was raised, is found again without a burst of 429s: AIMD, as TCP's congestion control
//    (https://www.rfc-editor.org/rfc/rfc5681#section-3.1).
// A client that was served too few requests lately to show a rate (a 429 on its first requests, one injected at
// random) only pauses: a rate measured on three requests would hold it at a crawl.
// The bucket is full (one second of the rate) when a pause ends, as the server's own token bucket is after the
// wait it asked for: the pause is spent waiting for capacity the client then uses, not lost.
// Every wait is on the injected clock (`now`, `sleep`), as the retries are, and is trusted as asked: a test's clock
// that stands still does not make a request wait twice.

import type { Sleep } from './retry.js';

export interface PacerSettings {
  /** The span over which the served rate is measured (ms). */
  windowMs: number;
  /** Requests served in the window below which a 429 only pauses (no rate is set or cut). */
  minSamples: number;
  /** The share of the rate kept on a 429 after the first (multiplicative decrease). */
  decrease: number;
  /** Requests per second added per quiet second, as a share of the rate set by the last 429 (additive increase)… */
  increase: number;
  /** …and at least this many (requests per second per second), so that a low rate is not stuck there. */
  minIncrease: number;
  /** How long after a 429 the rate holds before it creeps up (ms). */
  quietMs: number;
  /** The pause when a 429 names no Retry-After (ms). */
  defaultPauseMs: number;
  /** The longest pause a Retry-After may ask for (ms): the retry policy's ceiling. */
  maxPauseMs: number;
  /** Tokens the bucket holds at most, in seconds of the rate (one token at least). */
  burstSeconds: number;
}

export const DEFAULT_PACER_SETTINGS: PacerSettings = {
  windowMs: 2_000,
  minSamples: 10,
  decrease: 0.95,
  increase: 0.01,
  minIncrease: 0.5,
  quietMs: 2_000,
  defaultPauseMs: 1_000,
  maxPauseMs: 30_000,
  burstSeconds: 1,
};

/** The lowest rate a cut sets (requests per second). */
const MIN_RATE = 1;

export interface PacerOptions {
  now: () => number;
  sleep: Sleep;
  settings?: Partial<PacerSettings> | undefined;
}

/** What the pacer has decided so far: for the debug log and for tests. */
export interface PacerState {
  /** Requests per second, or undefined while no rate has been set. */
  rate: number | undefined;
  /** Epoch ms until which every request waits (-Infinity: no pause, or one already waited out). */
  pausedUntil: number;
  /** 429s that set or cut the rate. */
  cuts: number;
}

export interface TakeOptions {
  /** The caller's own sleep (one that a cancelled call ends); default: the pacer's. */
  wait?: ((ms: number) => Promise<void>) | undefined;
  /** The request is the retry of a throttled one, whose back-off honoured the Retry-After: no pause for it. */
  pauseWaited?: boolean | undefined;
}

export class Pacer {
  private readonly s: PacerSettings;
  /** The rate the last cut set (undefined: none yet). */
  private base: number | undefined;
  /** When the last episode of 429s began: 429s of requests sent before it belong to it. */
  private episodeAt = -Infinity;
  private cuts = 0;
  private pausedUntil = -Infinity;
  /** Tokens at `filledAt` (which may be the end of a pause); below 0 when requests wait in turn for tokens. */
  private tokens = 0;
  private filledAt = 0;
  /** Bumped by each 429 that changes the pace: a request that waited under the old one takes its turn again. */
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
   * promise is made) while no 429 has been seen.
   */
  take(options: TakeOptions = {}): number | Promise<number> {
    const now = this.o.now();
    this.firstSentAt ??= now;
    const paused = options.pauseWaited !== true && now < this.pausedUntil;
    if (this.base === undefined && !paused) return now;
    return this.waitTurn(options.wait ?? ((ms) => this.o.sleep(ms)), options.pauseWaited === true);
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
    if (now + pauseMs > this.pausedUntil) {
      this.pausedUntil = now + pauseMs;
      this.epoch++;
    }
    // Sent before this episode began: the same overload, already answered for.
    if (sentAt < this.episodeAt) return;
    this.episodeAt = now;
    this.trim(now);
    if (this.servedAt.length - this.servedFrom < this.s.minSamples) return;
    const observed = this.observedRate(now);
    const current = this.base === undefined ? undefined : this.rateAt(now);
    this.base = Math.max(MIN_RATE, current === undefined ? observed : Math.min(observed, current * this.s.decrease));
    this.cuts++;
    this.epoch++;
    // Full when the pause ends, as the server's bucket is then; nothing is drawn from it before.
    this.tokens = this.capacity(this.base);
    this.filledAt = this.pausedUntil;
  }

  /** Requests per second at `now`: the last cut's, plus the additive increase of the quiet time since. */
  private rateAt(now: number): number {
    const base = this.base ?? Infinity;
    const quiet = Math.max(0, now - this.episodeAt - this.s.quietMs) / 1000;
    return base + Math.max(this.s.minIncrease, base * this.s.increase) * quiet;
  }

  private capacity(rate: number): number {
    return Math.max(1, rate * this.s.burstSeconds);
  }

  /** Served requests per second over the window (or over the time since the first request, if shorter). */
  private observedRate(now: number): number {
    const count = this.servedAt.length - this.servedFrom;
    const since = this.firstSentAt === undefined ? 0 : now - this.firstSentAt;
    // At least a second: a burst in a client's first instant (or on a clock that stands still) is not a rate.
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

  private async waitTurn(wait: (ms: number) => Promise<void>, pauseWaited: boolean): Promise<number> {
    for (;;) {
      const { epoch, pausedUntil, cuts } = this;
      const waitMs = this.reserve(pauseWaited);
      if (waitMs <= 0) return this.o.now();
      await wait(waitMs);
      if (epoch === this.epoch) {
        // Waited out, as asked (not checked against the clock, which a test's sleep may not move): so is the pause.
        if (!pauseWaited && pausedUntil === this.pausedUntil) this.pauseOver();
        return this.o.now();
      }
      // A 429 meanwhile: the pause is longer, or the rate lower; the turn is taken again, and the token reserved
      // is given back (unless a cut refilled the bucket, forgiving what was reserved).
      if (cuts === this.cuts && this.base !== undefined) this.tokens += 1;
    }
  }

  /** The pause has been waited out: its tokens flow from now, if the clock says it is not over yet. */
  private pauseOver(): void {
    this.pausedUntil = -Infinity;
    this.filledAt = Math.min(this.filledAt, this.o.now());
  }

  /** Reserves the next token; returns how long to wait for it (ms). */
  private reserve(pauseWaited: boolean): number {
    const now = this.o.now();
    const pauseMs = pauseWaited ? 0 : Math.max(0, this.pausedUntil - now);
    if (this.base === undefined) return pauseMs;
    const rate = this.rateAt(now);
    // Tokens flow from `filledAt` on (the end of the last pause, or the last turn taken).
    if (now > this.filledAt) {
      this.tokens = Math.min(this.capacity(rate), this.tokens + ((now - this.filledAt) / 1000) * rate);
      this.filledAt = now;
    }
    this.tokens -= 1;
    const forToken = this.tokens >= 0 ? 0 : (-this.tokens / rate) * 1000;
    // The bucket fills from the end of the pause on; for a retry that waited the pause out, from now.
    const untilFilling = pauseWaited ? 0 : Math.max(0, this.filledAt - now);
    // Whole milliseconds, as every other wait (a fake clock moved by them stays on whole milliseconds).
    return Math.ceil(Math.max(forToken + untilFilling, pauseMs));
  }
}
