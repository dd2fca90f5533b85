// The emulator misbehaving on purpose: faults drawn from a seed, a per-client rate limit, latency, and a
// request log that shows what happened.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FaultInjector, parseFaults, parseLatency, RateLimiter } from '../../src/emulator/misbehave.js';
import { seededRandom } from '../../src/emulator/random.js';
import { tempDir } from '../helpers/cli.js';
import { SERVICES, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

let e: TestEmulator | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});

const SANDBOXES = `${SERVICES.sandboxes}/sandboxes`;
const CONNECTIONS = `${SERVICES.flow}/connections`;

/** A request with an effect: it creates a base connection in sandbox dev. */
const createConnection = (emulator: TestEmulator) =>
  emulator.api('POST', CONNECTIONS, {
    body: {
      name: 'made under faults',
      auth: { specName: 'Connection String Based Authentication', params: { connectionString: 'Server=db;Port=3306;Database=d;UID=u;PWD=p;' } },
      connectionSpec: { id: '26d738e0-8963-47ea-aadf-c60de735468a', version: '1.0' },
    },
  });

/** The names of the base connections the emulator holds in sandbox dev. */
const storedConnections = (emulator: TestEmulator) =>
  emulator.emulator.store
    .sandbox('dev')
    ?.collection<{ id: string; name?: string }>('connections')
    .all()
    .map((c) => c.name);

describe('fault injection', () => {
  it('the same seed draws the same faults', () => {
    const draw = (seed: number) => {
      const faults = new FaultInjector(0.5, ['429', '500', 'reset'], seededRandom(seed));
      return Array.from({ length: 40 }, () => faults.draw() ?? '-');
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    const drawn = draw(7);
    expect(drawn.filter((f) => f !== '-').length).toBeGreaterThan(10);
    expect(drawn.filter((f) => f !== '-').length).toBeLessThan(30);
  });

  it('rate 0 never faults, rate 1 always does', () => {
    expect(Array.from({ length: 50 }, () => new FaultInjector(0, ['500'], seededRandom(1)).draw())).toEqual(Array(50).fill(undefined));
    const always = new FaultInjector(1, ['500'], seededRandom(1));
    expect(Array.from({ length: 50 }, () => always.draw())).toEqual(Array(50).fill('500'));
  });

  it.each([
    ['429', 429, (body: any) => expect(body).toEqual({ error_code: '429050', message: 'Too many requests' })],
    ['500', 500, (body: any) => expect(body.title).toBeDefined()],
    ['503', 503, (body: any) => expect(body.title).toBeDefined()],
  ] as const)('a %s fault answers %i without doing anything', async (kind, status, check) => {
    const log = join(tempDir(), 'requests.jsonl');
    e = await startTestEmulator({ faultRate: 1, faults: [kind], seed: 1, requestLog: log });
    const r = await createConnection(e);
    expect(r.status).toBe(status);
    check(r.body);
    if (kind !== '500') expect(r.headers.get('retry-after')).toBe('1');
    // Nothing was created, and the request never reached the service (no sandbox was even looked at).
    expect(storedConnections(e)).toEqual([]);
    await e.close();
    e = undefined;
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.at(-1)).toMatchObject({ method: 'POST', path: CONNECTIONS, status, fault: kind });
    expect(lines.at(-1)).not.toHaveProperty('sandbox');
  });

  it('a reset fault closes the connection without an answer, and without doing anything', async () => {
    e = await startTestEmulator({ faultRate: 1, faults: ['reset'], seed: 1 });
    await expect(createConnection(e)).rejects.toThrow();
    expect(storedConnections(e)).toEqual([]);
  });

  it('a timeout fault never answers (the client gives up)', async () => {
    e = await startTestEmulator({ faultRate: 1, faults: ['timeout'], seed: 1 });
    const started = Date.now();
    await expect(fetch(`${e.url}${SANDBOXES}`, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('commit-then-500 answers 500 only after the request was carried out', async () => {
    e = await startTestEmulator({ faultRate: 1, faults: ['commit-then-500'], seed: 1 });
    expect(storedConnections(e)).toEqual([]);
    const r = await createConnection(e);
    expect(r.status).toBe(500);
    expect(r.body.title).toBeDefined();
    // The client was told it failed, yet the connection exists: a retry that does not look first makes a second.
    expect(storedConnections(e)).toEqual(['made under faults']);
    expect((await createConnection(e)).status).toBe(500);
    expect(storedConnections(e)).toEqual(['made under faults', 'made under faults']);
  });

  it('parses --faults and --latency values', () => {
    expect(parseFaults('429, reset,commit-then-500')).toEqual(['429', 'reset', 'commit-then-500']);
    expect(parseFaults('429,nope')).toBeUndefined();
    expect(parseFaults('')).toBeUndefined();
    expect(parseLatency('100')).toEqual({ ms: 100, jitter: 0 });
    expect(parseLatency('100:20')).toEqual({ ms: 100, jitter: 20 });
    expect(parseLatency('10:20')).toBeUndefined();
    expect(parseLatency('fast')).toBeUndefined();
  });
});

describe('rate limit', () => {
  it('lets N requests a second through per client and answers 429 with Retry-After beyond', () => {
    const limiter = new RateLimiter(5);
    const at = 1_000_000;
    expect(Array.from({ length: 5 }, () => limiter.take('a', at))).toEqual([0, 0, 0, 0, 0]);
    expect(limiter.take('a', at)).toBe(200);
    expect(limiter.take('b', at), 'clients have their own budget').toBe(0);
    expect(limiter.take('a', at + 200), 'a token comes back after 1/N s').toBe(0);
  });

  it('the server answers 429 with a Retry-After in seconds', async () => {
    e = await startTestEmulator({ rateLimit: 3 });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 6; i++) {
      const r = await e.api('GET', SANDBOXES);
      statuses.push(r.status);
      if (r.status === 429) retryAfter = r.headers.get('retry-after');
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  });
});

describe('latency and the request log', () => {
  it('delays answers and logs one JSON line per request', async () => {
    const log = join(tempDir(), 'requests.jsonl');
    e = await startTestEmulator({ latency: { ms: 120, jitter: 0 }, requestLog: log, faultRate: 0 });
    const started = Date.now();
    await e.api('GET', SANDBOXES);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    await e.api('GET', `${SERVICES.sandboxes}/sandboxes/nope`);
    await e.close();
    e = undefined;
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    // The token request made by the helper comes first.
    expect(lines.map((l) => [l['method'], l['path'], l['status']])).toEqual([
      ['POST', '/ims/token/v3', 200],
      ['GET', SANDBOXES, 200],
      ['GET', `${SERVICES.sandboxes}/sandboxes/nope`, 404],
    ]);
    expect(lines[1]).toMatchObject({ sandbox: 'dev' });
    expect(Number(lines[1]?.['ms'])).toBeGreaterThanOrEqual(100);
  });

  it('logs injected faults, including those that never answer; IMS is never faulted', async () => {
    const log = join(tempDir(), 'requests.jsonl');
    e = await startTestEmulator({ requestLog: log, faultRate: 1, faults: ['reset'], seed: 3 });
    await expect(e.api('GET', SANDBOXES)).rejects.toThrow();
    await e.close();
    e = undefined;
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l['path'], l['status'], l['fault'] ?? null])).toEqual([
      ['/ims/token/v3', 200, null],
      [SANDBOXES, null, 'reset'],
    ]);
  });
});

describe('sandbox header', () => {
  it('without x-sandbox-name the request goes to prod; an unknown sandbox is an error', async () => {
    e = await startTestEmulator();
    expect((await e.api('GET', SANDBOXES, { sandbox: null })).status).toBe(200);
    expect((await e.api('GET', SANDBOXES, { sandbox: 'nosuch' })).status).toBe(404);
  });

  it('with strictSandbox a missing header is refused', async () => {
    e = await startTestEmulator({ strictSandbox: true });
    expect((await e.api('GET', SANDBOXES, { sandbox: null })).status).toBe(400);
  });
});

describe('tokens', () => {
  it('expire after their lifetime on the emulator clock', async () => {
    let clock = Date.UTC(2026, 0, 1);
    e = await startTestEmulator({ tokenTtlSeconds: 60, now: () => clock });
    expect((await e.api('GET', SANDBOXES)).status).toBe(200);
    clock += 61_000;
    const expired = await e.api('GET', SANDBOXES);
    expect([expired.status, expired.body]).toEqual([401, { error_code: '401013', message: 'Oauth token is not valid' }]);
  });
});
