// The retry policy as small pure functions, so that it can be tested without a network or a clock, and the one
// loop that applies it (`retrying`): every retrying caller — a Platform request, a streamed read, a token request,
// apply's re-run of a throttled table — goes through it, so attempts, back-off, waiting and cancellation are
// decided in one place.
//
// What may be retried depends on what a failure says about the request:
//  - "rejected": the Platform certainly did not act on it (429, connection refused before sending).
//    Any method may be sent again.
//  - "ambiguous": it may or may not have been applied (timeout, connection reset, 5xx). Reads and deletes are
//    idempotent and are sent again; a create is not, because the Platform has no idempotency keys: sending it
//    again can make a duplicate. The caller must first look the resource up (reconcile).
//  - "final": anything else (4xx) is answered as it is.
// Background: Adobe publishes no request-rate limits for these APIs, only "try again" for 1102-500/1103-503/
// 1104-504 (https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors);
// aepp retries POSTs blindly, which is how duplicates happen.

import { AbortError, NetworkError, RateLimitError, ServerError, TimeoutError } from '../errors.js';

export type FailureKind = 'rejected' | 'ambiguous' | 'final';
export type RetryDecision = 'retry' | 'reconcile' | 'fail';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First back-off; doubles each attempt. */
  baseDelayMs: number;
  /** Ceiling of one back-off, and of a `Retry-After` we are willing to honour. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 4, baseDelayMs: 500, maxDelayMs: 30_000 };

/** Network error codes raised before a single byte of the request reached the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Nothing listening on this machine (an emulator not started, a wrong port): no back-off will change that in the
 * seconds retries take, so the command says so at once.
 */
export function refusedLocally(error: unknown): boolean {
  if (!(error instanceof NetworkError) || error.code !== 'ECONNREFUSED' || error.url === undefined) return false;
  try {
    const host = new URL(error.url).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

export function classifyFailure(error: unknown): FailureKind {
  if (refusedLocally(error)) return 'final';
  if (error instanceof RateLimitError) return 'rejected';
  if (error instanceof NetworkError) return NOT_SENT_CODES.has(error.code ?? '') ? 'rejected' : 'ambiguous';
  if (error instanceof TimeoutError || error instanceof ServerError) return 'ambiguous';
  return 'final';
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);

export function decideRetry(method: string, error: unknown): RetryDecision {
  const kind = classifyFailure(error);
  if (kind === 'final') return 'fail';
  if (kind === 'rejected') return 'retry';
  if (IDEMPOTENT.has(method.toUpperCase())) return 'retry';
  // A create whose outcome is unknown: look it up before sending it again.
  if (method.toUpperCase() === 'POST') return 'reconcile';
  // PATCH/PUT with an etag: a replay after success would answer 412, which would be misleading.
  return 'fail';
}

/**
 * Back-off before retry number `attempt` (1-based): exponential, capped, with "equal jitter" (half of it
 * fixed, half random, so that clients that failed together do not retry together), or the server's
 * `Retry-After` (seconds or an HTTP date) when it asks for longer.
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export function retryDelayMs(
  attempt: number,
  retryAfter: string | undefined,
  policy: RetryPolicy,
  random: () => number,
  now: () => number,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(ceiling / 2 + (random() * ceiling) / 2);
  const asked = parseRetryAfter(retryAfter, now);
  if (asked === undefined) return jittered;
  return Math.min(policy.maxDelayMs, Math.max(asked, jittered));
}

export function parseRetryAfter(value: string | undefined, now: () => number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now());
}

/** Waits `ms`; a `signal` that fires may end the wait early (the loop does not rely on it: see `waitFor`). */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The real clock's wait: the default every retrying caller is given, its timer cleared when the call is cancelled. */
export const timerSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * What to do after a failed attempt:
 *  - `fail`: give up with the error;
 *  - `again`: attempt once more at once, not counted as a retry (a rejected token was renewed);
 *  - `retry`: wait (`delayMs`, or the policy's back-off with the server's `Retry-After`), then attempt again while
 *    the policy allows. With `recover`, the wait comes even when no retry is left, and `recover` then runs: a
 *    value it finds is the call's answer (a create that happened after all).
 */
export type RetryVerdict<T> =
  | { action: 'fail' }
  | { action: 'again' }
  | { action: 'retry'; delayMs?: number | undefined; recover?: (() => Promise<T | undefined>) | undefined };

export interface RetryEvent {
  /** The attempt that failed (1-based; token renewals not counted). */
  attempt: number;
  maxRetries: number;
  delayMs: number;
  error: unknown;
  /** The wait is followed by `recover`, not (yet) by another attempt. */
  recovering: boolean;
}

export interface RetryingOptions<T> {
  policy: RetryPolicy;
  sleep: Sleep;
  random: () => number;
  now: () => number;
  /** Cancels the whole call: checked before each attempt and ends a wait at once. */
  signal?: AbortSignal | undefined;
  decide: (error: unknown, attempt: number) => RetryVerdict<T> | Promise<RetryVerdict<T>>;
  /** Called before each wait (for the debug log). */
  onRetry?: ((event: RetryEvent) => void) | undefined;
  /** The error a cancelled call rejects with (default: a bare AbortError). */
  aborted?: (() => AbortError) | undefined;
}

/** Runs `attempt` (given its 1-based number) until it succeeds or `decide` and the policy say to stop. */
export async function retrying<T>(attempt: (n: number) => Promise<T>, o: RetryingOptions<T>): Promise<T> {
  for (let n = 1; ; ) {
    throwIfAborted(o);
    try {
      return await attempt(n);
    } catch (error) {
      // Whatever the attempt failed with, a cancelled call ends as cancelled (axios, for one, reports it as a timeout).
      throwIfAborted(o);
      const verdict = await o.decide(error, n);
      if (verdict.action === 'fail') throw error;
      if (verdict.action === 'again') continue;
      const exhausted = n > o.policy.maxRetries;
      if (exhausted && !verdict.recover) throw error;
      const delayMs = verdict.delayMs ?? retryDelayMs(n, retryAfterOf(error), o.policy, o.random, o.now);
      o.onRetry?.({ attempt: n, maxRetries: o.policy.maxRetries, delayMs, error, recovering: verdict.recover !== undefined });
      await waitFor(delayMs, o);
      if (verdict.recover) {
        const found = await verdict.recover();
        if (found !== undefined) return found;
        if (exhausted) throw error;
      }
      n++;
    }
  }
}

function retryAfterOf(error: unknown): string | undefined {
  const value = (error as { retryAfter?: unknown } | undefined)?.retryAfter;
  return typeof value === 'string' ? value : undefined;
}

function abortErrorOf(o: Pick<RetryingOptions<unknown>, 'signal' | 'aborted'>): AbortError {
  return o.aborted?.() ?? new AbortError({ title: 'request cancelled', cause: o.signal?.reason });
}

function throwIfAborted(o: Pick<RetryingOptions<unknown>, 'signal' | 'aborted'>): void {
  if (o.signal?.aborted) throw abortErrorOf(o);
}

/**
 * The injected sleep, ended by the signal: the race does not depend on the sleep honouring the signal (a test's
 * fake sleep may not), so a cancelled call rejects at once whatever clock it was given.
 */
export function waitFor(ms: number, o: Pick<RetryingOptions<unknown>, 'signal' | 'aborted' | 'sleep'>): Promise<void> {
  const signal = o.signal;
  if (!signal) return o.sleep(ms);
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(abortErrorOf(o));
    signal.addEventListener('abort', onAbort, { once: true });
    o.sleep(ms, signal)
      .then(() => (signal.aborted ? reject(abortErrorOf(o)) : resolve()), reject)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}
