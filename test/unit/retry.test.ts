import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  errorFromResponse,
  ImsError,
  NetworkError,
  NotFoundError,
  PreconditionFailedError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '../../src/platform/errors.js';
import { classifyFailure, decideRetry, DEFAULT_RETRY_POLICY, parseRetryAfter, type RetryPolicy, retryDelayMs } from '../../src/platform/retry.js';

const network = (code?: string) => new NetworkError({ title: 'network error', ...(code === undefined ? {} : { code }) });
const timeout = () => new TimeoutError({ title: 'timed out' });
const http = (status: number) => errorFromResponse(status, undefined);

const NOW = Date.parse('2026-01-31T09:00:00Z');
const now = () => NOW;
const POLICY: RetryPolicy = { maxRetries: 4, baseDelayMs: 500, maxDelayMs: 30_000 };
const zero = () => 0;
const one = () => 1;

describe('classifyFailure', () => {
  it.each([
    ['429', http(429), 'rejected'],
    ['ECONNREFUSED', network('ECONNREFUSED'), 'rejected'],
    ['ENOTFOUND', network('ENOTFOUND'), 'rejected'],
    ['EAI_AGAIN', network('EAI_AGAIN'), 'rejected'],
    ['EHOSTUNREACH', network('EHOSTUNREACH'), 'rejected'],
    ['ENETUNREACH', network('ENETUNREACH'), 'rejected'],
    ['ECONNRESET', network('ECONNRESET'), 'ambiguous'],
    ['EPIPE', network('EPIPE'), 'ambiguous'],
    ['network error without a code', network(), 'ambiguous'],
    ['timeout', timeout(), 'ambiguous'],
    ['500', http(500), 'ambiguous'],
    ['502', http(502), 'ambiguous'],
    ['503', http(503), 'ambiguous'],
    ['504', http(504), 'ambiguous'],
    ['400', http(400), 'final'],
    ['401', http(401), 'final'],
    ['403', http(403), 'final'],
    ['404', http(404), 'final'],
    ['409', http(409), 'final'],
    ['412', http(412), 'final'],
    ['IMS 401', errorFromResponse(401, { error: 'invalid_client' }, { ims: true }), 'final'],
    ['a plain Error', new Error('bug'), 'final'],
    ['undefined', undefined, 'final'],
  ] as const)('%s → %s', (_label, error, kind) => {
    expect(classifyFailure(error)).toBe(kind);
  });
});

describe('decideRetry', () => {
  const retryable: ReadonlyArray<[string, unknown]> = [
    ['429', http(429)],
    ['500', http(500)],
    ['503', http(503)],
    ['timeout', timeout()],
    ['ECONNRESET', network('ECONNRESET')],
    ['ECONNREFUSED', network('ECONNREFUSED')],
  ];

  describe.each(['GET', 'DELETE', 'HEAD', 'get', 'delete'])('%s (idempotent)', (method) => {
    it.each(retryable)('%s → retry', (_label, error) => {
      expect(decideRetry(method, error)).toBe('retry');
    });
  });

  describe('POST (not idempotent)', () => {
    it.each([
      ['429', http(429), 'retry'],
      ['ECONNREFUSED (never sent)', network('ECONNREFUSED'), 'retry'],
      ['ENOTFOUND (never sent)', network('ENOTFOUND'), 'retry'],
      ['500', http(500), 'reconcile'],
      ['502', http(502), 'reconcile'],
      ['503', http(503), 'reconcile'],
      ['504', http(504), 'reconcile'],
      ['timeout', timeout(), 'reconcile'],
      ['ECONNRESET', network('ECONNRESET'), 'reconcile'],
      ['network error without a code', network(), 'reconcile'],
    ] as const)('%s → %s', (_label, error, decision) => {
      expect(decideRetry('POST', error)).toBe(decision);
      expect(decideRetry('post', error)).toBe(decision);
    });
  });

  describe.each(['PATCH', 'PUT'])('%s (etag-guarded update)', (method) => {
    it.each([
      ['500', http(500)],
      ['timeout', timeout()],
      ['ECONNRESET', network('ECONNRESET')],
    ])('ambiguous %s → fail (a replay would answer a misleading 412)', (_label, error) => {
      expect(decideRetry(method, error)).toBe('fail');
    });
    it('429 → retry (certainly not applied)', () => {
      expect(decideRetry(method, http(429))).toBe('retry');
    });
    it('ECONNREFUSED → retry (never sent)', () => {
      expect(decideRetry(method, network('ECONNREFUSED'))).toBe('retry');
    });
  });

  describe.each(['GET', 'POST', 'PATCH', 'PUT', 'DELETE'])('%s on a 4xx', (method) => {
    it.each([
      ['400', new BadRequestError({ status: 400, title: 'bad' })],
      ['401', http(401)],
      ['403', http(403)],
      ['404', new NotFoundError({ status: 404, title: 'nf' })],
      ['412', new PreconditionFailedError({ status: 412, title: 'stale' })],
      ['IMS', new ImsError({ status: 401, title: 'invalid_client' })],
    ])('%s → fail', (_label, error) => {
      expect(decideRetry(method, error)).toBe('fail');
    });
  });

  it('anything that is not a PlatformError → fail', () => {
    expect(decideRetry('GET', new TypeError('x is undefined'))).toBe('fail');
  });

  it('RateLimitError and ServerError built directly behave like the factory ones', () => {
    expect(decideRetry('POST', new RateLimitError({ status: 429, title: 't' }))).toBe('retry');
    expect(decideRetry('POST', new ServerError({ status: 500, title: 's' }))).toBe('reconcile');
  });
});

describe('retryDelayMs: exponential back-off with equal jitter', () => {
  it('the default policy is 4 retries from 500 ms up to 30 s', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({ maxRetries: 4, baseDelayMs: 500, maxDelayMs: 30_000 });
  });

  it.each([
    [1, 250, 500],
    [2, 500, 1000],
    [3, 1000, 2000],
    [4, 2000, 4000],
    [5, 4000, 8000],
    [6, 8000, 16_000],
    [7, 15_000, 30_000],
    [8, 15_000, 30_000],
    [20, 15_000, 30_000],
    [2000, 15_000, 30_000],
  ])('attempt %i: from %i ms (random 0) to %i ms (random 1)', (attempt, low, high) => {
    expect(retryDelayMs(attempt, undefined, POLICY, zero, now)).toBe(low);
    expect(retryDelayMs(attempt, undefined, POLICY, one, now)).toBe(high);
  });

  it('random 0.5 lands in the middle of the band', () => {
    expect(retryDelayMs(3, undefined, POLICY, () => 0.5, now)).toBe(1500);
  });

  it('grows strictly with the attempt until the cap', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((a) => retryDelayMs(a, undefined, POLICY, one, now));
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBe((delays[i - 1] ?? 0) * 2);
  });

  it('never exceeds maxDelayMs, whatever the random value', () => {
    for (let attempt = 1; attempt <= 40; attempt++) {
      for (const r of [0, 0.25, 0.5, 0.999, 1]) {
        const d = retryDelayMs(attempt, undefined, POLICY, () => r, now);
        expect(d).toBeLessThanOrEqual(POLICY.maxDelayMs);
        expect(d).toBeGreaterThan(0);
      }
    }
  });

  it('follows a custom policy', () => {
    const policy: RetryPolicy = { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 300 };
    expect(retryDelayMs(1, undefined, policy, one, now)).toBe(100);
    expect(retryDelayMs(2, undefined, policy, one, now)).toBe(200);
    expect(retryDelayMs(3, undefined, policy, one, now)).toBe(300);
    expect(retryDelayMs(3, undefined, policy, zero, now)).toBe(150);
  });
});

describe('retryDelayMs: Retry-After', () => {
  it('seconds longer than the back-off are honoured', () => {
    expect(retryDelayMs(1, '10', POLICY, zero, now)).toBe(10_000);
    expect(retryDelayMs(1, '10', POLICY, one, now)).toBe(10_000);
  });

  it('seconds shorter than the back-off do not shorten it', () => {
    expect(retryDelayMs(5, '1', POLICY, one, now)).toBe(8000);
    expect(retryDelayMs(1, '0', POLICY, zero, now)).toBe(250);
  });

  it('seconds beyond maxDelayMs are capped', () => {
    expect(retryDelayMs(1, '120', POLICY, zero, now)).toBe(30_000);
    expect(retryDelayMs(1, '86400', POLICY, zero, now)).toBe(30_000);
  });

  it('an HTTP date is honoured relative to now', () => {
    const in12s = new Date(NOW + 12_000).toUTCString();
    expect(retryDelayMs(1, in12s, POLICY, zero, now)).toBe(12_000);
  });

  it('an HTTP date far ahead is capped', () => {
    const inAnHour = new Date(NOW + 3_600_000).toUTCString();
    expect(retryDelayMs(1, inAnHour, POLICY, zero, now)).toBe(30_000);
  });

  it('an HTTP date in the past falls back to the back-off', () => {
    const past = new Date(NOW - 60_000).toUTCString();
    expect(retryDelayMs(2, past, POLICY, one, now)).toBe(1000);
  });

  it('an unreadable value is ignored', () => {
    expect(retryDelayMs(2, 'soon', POLICY, one, now)).toBe(1000);
    expect(retryDelayMs(2, '', POLICY, one, now)).toBe(1000);
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['0', 0],
    ['5', 5000],
    [' 30 ', 30_000],
    ['1.5', 1500],
    ['120', 120_000],
  ])('%j seconds → %i ms', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  it('an HTTP date → milliseconds from now', () => {
    expect(parseRetryAfter('Sat, 31 Jan 2026 09:00:05 GMT', now)).toBe(5000);
  });

  it('a past date → 0, never negative', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', now)).toBe(0);
  });

  it.each([undefined, '', '   ', 'soon', 'abc', '5 minutes'])('%j → undefined', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});
