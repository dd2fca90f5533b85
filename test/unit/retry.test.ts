import { describe, expect, it } from 'vitest';
import {
  AbortError,
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
import {
  classifyFailure,
  decideRetry,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  retrying,
  type RetryEvent,
  type RetryingOptions,
  type RetryPolicy,
  retryDelayMs,
} from '../../src/platform/internal/retry.js';

const network = (code?: string) => new NetworkError({ title: 'network error', ...(code === undefined ? {} : { code }) });
const timeout = () => new TimeoutError({ title: 'timed out' });
const refused = (url: string) => new NetworkError({ title: 'could not reach', code: 'ECONNREFUSED', url });
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
    ['ECONNREFUSED from a remote host', refused('https://platform.adobe.io/data/x'), 'rejected'],
    ['ECONNREFUSED from this machine (127.0.0.1)', refused('http://127.0.0.1:4010/data/x'), 'final'],
    ['ECONNREFUSED from this machine (localhost)', refused('http://localhost:4010/ims/token/v3'), 'final'],
    ['ECONNREFUSED from this machine (::1)', refused('http://[::1]:4010/x'), 'final'],
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

describe('retrying: the one loop', () => {
  /** An attempt failing with `errors` in turn, then answering `done`; `calls` counts the attempts. */
  function script(errors: unknown[]) {
    const calls: number[] = [];
    const attempt = async (n: number) => {
      calls.push(n);
      const error = errors.shift();
      if (error !== undefined) throw error;
      return 'done';
    };
    return { attempt, calls };
  }
  function options(overrides: Partial<RetryingOptions<string>> = {}): RetryingOptions<string> & { sleeps: number[]; events: RetryEvent[] } {
    const sleeps: number[] = [];
    const events: RetryEvent[] = [];
    return {
      policy: { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 10_000 },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: zero,
      now,
      decide: () => ({ action: 'retry' }),
      onRetry: (event) => events.push(event),
      sleeps,
      events,
      ...overrides,
    };
  }

  it('backs off through the injected sleep, each wait announced to onRetry', async () => {
    const { attempt, calls } = script([http(503), http(503)]);
    const o = options();
    await expect(retrying(attempt, o)).resolves.toBe('done');
    expect(calls).toEqual([1, 2, 3]);
    expect(o.sleeps).toEqual([50, 100]);
    expect(o.events.map((e) => [e.attempt, e.delayMs, e.recovering])).toEqual([
      [1, 50, false],
      [2, 100, false],
    ]);
  });

  it('gives up after maxRetries retries with the last error, without a last wait', async () => {
    const last = http(503);
    const { attempt, calls } = script([http(503), http(503), http(503), last]);
    const o = options();
    await expect(retrying(attempt, o)).rejects.toBe(last);
    expect(calls).toEqual([1, 2, 3, 4]);
    expect(o.sleeps).toHaveLength(3);
  });

  it('waits what the verdict asks in place of the back-off, and what Retry-After asks against the injected clock', async () => {
    const o = options({ decide: (_e, n) => ({ action: 'retry', delayMs: n === 1 ? 2_000 : undefined }) });
    const throttled = errorFromResponse(429, undefined, { headers: { 'retry-after': new Date(NOW + 5_000).toUTCString() } });
    await retrying(script([http(503), throttled]).attempt, o);
    expect(o.sleeps).toEqual([2_000, 5_000]);
  });

  it("'fail' rethrows at once; 'again' attempts at once without counting", async () => {
    const final = http(400);
    await expect(retrying(script([final]).attempt, options({ decide: () => ({ action: 'fail' }) }))).rejects.toBe(final);
    const renewed = script([http(401)]);
    const o = options({ policy: { ...POLICY, maxRetries: 0 }, decide: () => ({ action: 'again' }) });
    await expect(retrying(renewed.attempt, o)).resolves.toBe('done');
    expect(renewed.calls).toEqual([1, 1]);
    expect(o.sleeps).toEqual([]);
  });

  it('with recover: waits, then adopts what recover finds, even when no retry is left', async () => {
    const o = options({ policy: { ...POLICY, maxRetries: 0 }, decide: () => ({ action: 'retry', recover: async () => 'found' }) });
    await expect(retrying(script([timeout()]).attempt, o)).resolves.toBe('found');
    expect(o.sleeps).toHaveLength(1);
    expect(o.events[0]?.recovering).toBe(true);
  });

  it('with recover finding nothing: attempts again while retries are left, then fails', async () => {
    const last = timeout();
    const { attempt, calls } = script([timeout(), last]);
    const o = options({ policy: { ...POLICY, maxRetries: 1 }, decide: () => ({ action: 'retry', recover: async () => undefined }) });
    await expect(retrying(attempt, o)).rejects.toBe(last);
    expect(calls).toEqual([1, 2]);
    expect(o.sleeps).toHaveLength(2);
  });

  it('a signal fired during the wait rejects with AbortError at once, with no further attempt', async () => {
    const controller = new AbortController();
    const { attempt, calls } = script([http(503)]);
    const o = options({
      signal: controller.signal,
      sleep: () => {
        controller.abort();
        return new Promise(() => undefined);
      },
    });
    await expect(retrying(attempt, o)).rejects.toBeInstanceOf(AbortError);
    expect(calls).toEqual([1]);
  });

  it('a signal already fired attempts nothing; the caller names the error', async () => {
    const { attempt, calls } = script([]);
    const named = new AbortError({ title: 'request cancelled', method: 'GET', url: 'https://x' });
    await expect(retrying(attempt, options({ signal: AbortSignal.abort(), aborted: () => named }))).rejects.toBe(named);
    expect(calls).toEqual([]);
  });
});
