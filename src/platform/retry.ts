// The retry policy as two small pure functions, so that it can be tested without a network or a clock.
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

import { NetworkError, RateLimitError, ServerError, TimeoutError } from './errors.js';

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

export function classifyFailure(error: unknown): FailureKind {
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
