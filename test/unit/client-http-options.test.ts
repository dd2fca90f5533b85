// PlatformHttp through a fake transport (every exchange recorded, answers scripted): the per-call options
// (maxRetries, timeoutMs, signal), cancellation during a back-off, the streamed read's one token refresh, and
// the read cache of `withReadCache` (shared in-flight reads, failures not kept, writes forgetting).

import { Readable } from 'node:stream';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exitCodeFor, reportError } from '../../src/cli/report-error.js';
import type { PlatformClient, PlatformClientOptions } from '../../src/platform/client.js';
import { testClient } from '../helpers/client.js';
import { AbortError, AuthenticationError, NotFoundError, ServerError, TimeoutError } from '../../src/platform/errors.js';
import type { PlatformRequest } from '../../src/platform/internal/http.js';
import { axiosTransport, createAxios, type RawRequest, type RawResponse, type StreamResponse } from '../../src/platform/internal/transport.js';

const PLATFORM = 'https://platform.adobe.io';
const IMS = 'https://ims-na1.adobelogin.com';
const T0 = 1_760_000_000_000;

type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

let sent: RawRequest[];
let sleeps: number[];
let answers: Answer[];
/** Answers in order; the last one repeats. */
const scripted = async (request: RawRequest): Promise<RawResponse> => {
  sent.push(request);
  const answer = (answers.length > 1 ? answers.shift() : answers[0]) ?? { status: 200 };
  return { status: answer.status, headers: answer.headers ?? {}, body: answer.body === undefined ? '' : JSON.stringify(answer.body) };
};

beforeEach(() => {
  sent = [];
  sleeps = [];
  answers = [{ status: 200, body: {} }];
});

function client(overrides: Partial<PlatformClientOptions> = {}): Promise<PlatformClient> {
  return testClient({
    transport: scripted,
    streamTransport: async () => {
      throw new Error('no stream expected');
    },
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0,
    now: () => T0,
    ...overrides,
  });
}

const GET_FLOW: PlatformRequest = { method: 'GET', service: 'flowservice', path: '/flows/f1' };

describe('back-off between attempts', () => {
  it('waits through the injected sleep, doubling from the policy base (no jitter with random 0)', async () => {
    answers = [{ status: 503 }, { status: 503 }, { status: 200, body: { ok: true } }];
    const aep = await client({ retry: { baseDelayMs: 100 } });
    const response = await aep.http.send(GET_FLOW);
    expect(response.data).toEqual({ ok: true });
    expect(sleeps).toEqual([50, 100]);
    expect(sent).toHaveLength(3);
  });

  it("honours Retry-After as an HTTP date read against the injected clock", async () => {
    answers = [{ status: 429, headers: { 'retry-after': new Date(T0 + 7_000).toUTCString() } }, { status: 200 }];
    const aep = await client();
    await aep.http.send(GET_FLOW);
    expect(sleeps).toEqual([7_000]);
  });
});

describe('per-call maxRetries', () => {
  it('overrides the policy for that call only', async () => {
    answers = [{ status: 503 }];
    const aep = await client({ maxRetries: 4 });
    await expect(aep.http.send(GET_FLOW, { maxRetries: 1 })).rejects.toBeInstanceOf(ServerError);
    expect(sent).toHaveLength(2);
    sent = [];
    await expect(aep.http.send(GET_FLOW, { maxRetries: 0 })).rejects.toBeInstanceOf(ServerError);
    expect(sent).toHaveLength(1);
    sent = [];
    await expect(aep.http.send(GET_FLOW)).rejects.toBeInstanceOf(ServerError);
    expect(sent).toHaveLength(5);
  });

  it('bounds the retries of a streamed read too', async () => {
    const streamed: RawRequest[] = [];
    const aep = await client({
      streamTransport: async (request) => {
        streamed.push(request);
        return { status: 503, headers: {}, body: Readable.from(['']) };
      },
    });
    await expect(aep.http.openStream(GET_FLOW, { maxRetries: 2 })).rejects.toBeInstanceOf(ServerError);
    expect(streamed).toHaveLength(3);
  });
});

describe('per-call timeoutMs and signal', () => {
  it("replace the client's timeout for each attempt and reach the transport", async () => {
    answers = [{ status: 503 }, { status: 200 }];
    const aep = await client({ timeoutMs: 30_000 });
    const controller = new AbortController();
    await aep.http.send(GET_FLOW, { timeoutMs: 1_234, signal: controller.signal });
    expect(sent.map((r) => r.timeoutMs)).toEqual([1_234, 1_234]);
    expect(sent.every((r) => r.signal === controller.signal)).toBe(true);
    await aep.http.send(GET_FLOW);
    expect(sent[2]?.timeoutMs).toBe(30_000);
    expect(sent[2]?.signal).toBeUndefined();
  });

  it('reach the stream transport', async () => {
    const streamed: RawRequest[] = [];
    const aep = await client({
      streamTransport: async (request) => {
        streamed.push(request);
        return { status: 200, headers: {}, body: Readable.from(['data']) };
      },
    });
    const controller = new AbortController();
    await aep.http.openStream(GET_FLOW, { timeoutMs: 999, signal: controller.signal });
    expect(streamed[0]).toMatchObject({ timeoutMs: 999, signal: controller.signal });
  });
});

describe('cancellation', () => {
  it('during a back-off rejects at once with AbortError, and nothing more is sent', async () => {
    answers = [{ status: 503 }];
    const controller = new AbortController();
    const aep = await client({
      // A sleep that never ends on its own: only the signal can end the wait.
      sleep: (ms) => {
        sleeps.push(ms);
        controller.abort();
        return new Promise(() => undefined);
      },
    });
    const error = await aep.http.send(GET_FLOW, { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({ method: 'GET', url: `${PLATFORM}/data/foundation/flowservice/flows/f1` });
    expect(sent).toHaveLength(1);
    expect(sleeps).toHaveLength(1);
  });

  it('before the call sends nothing', async () => {
    const aep = await client();
    await expect(aep.http.send(GET_FLOW, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(sent).toHaveLength(0);
  });

  it('during an attempt is not retried, whatever the transport reported', async () => {
    const controller = new AbortController();
    const aep = await client({
      transport: async (request) => {
        sent.push(request);
        controller.abort();
        throw new TimeoutError({ title: 'no response' });
      },
    });
    await expect(aep.http.send(GET_FLOW, { signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    expect(sent).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('is reported in one line, exit code 1', () => {
    const error = new AbortError({ title: 'request cancelled', method: 'GET', url: `${PLATFORM}/x` });
    expect(exitCodeFor(error)).toBe(1);
    expect(reportError(error, { command: 'flow', debug: false, secrets: [] }).line).toBe('error: request cancelled');
    const write = new AbortError({ title: 'request cancelled', method: 'POST', outcomeUnknown: true });
    expect(reportError(write, { command: 'flow', debug: false, secrets: [] }).line).toMatch(/^error: request cancelled — the change may have been applied/);
  });
});

describe('axios transport and a signal', () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('turns a cancelled exchange into AbortError, not a timeout', async () => {
    nock(PLATFORM).get('/slow').delay(2_000).reply(200, '{}');
    const transport = axiosTransport(await createAxios('test'));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const error = await transport({ method: 'GET', url: `${PLATFORM}/slow`, headers: {}, timeoutMs: 10_000, signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
  });
});

describe('streamed read and a rejected token', () => {
  /** IMS issuing tok1, tok2, … and a stream answering `statuses` in turn. */
  async function streamingClient(statuses: number[]): Promise<{ aep: PlatformClient; tokensIssued: () => number; streamed: string[] }> {
    let issued = 0;
    const streamed: string[] = [];
    const aep = await client({
      accessToken: undefined,
      clientSecret: 'shh',
      transport: async (request) => {
        if (!request.url.startsWith(`${IMS}/ims/token`)) throw new Error(`unexpected ${request.url}`);
        issued++;
        return { status: 200, headers: {}, body: JSON.stringify({ access_token: `tok${issued}`, expires_in: 86_400 }) };
      },
      streamTransport: async (request): Promise<StreamResponse> => {
        streamed.push(request.headers['Authorization'] ?? '');
        const status = statuses.shift() ?? 200;
        return { status, headers: {}, body: Readable.from([status === 200 ? 'rows' : '{"title":"Unauthorized"}']) };
      },
    });
    return { aep, tokensIssued: () => issued, streamed };
  }

  it('renews the token once, without a back-off, and reads the stream', async () => {
    const { aep, tokensIssued, streamed } = await streamingClient([401, 200]);
    const response = await aep.http.openStream(GET_FLOW);
    expect(response.status).toBe(200);
    expect(streamed).toEqual(['Bearer tok1', 'Bearer tok2']);
    expect(tokensIssued()).toBe(2);
    expect(sleeps).toEqual([]);
  });

  it('gives up with AuthenticationError when the renewed token is refused too', async () => {
    const { aep, streamed } = await streamingClient([401, 401, 200]);
    await expect(aep.http.openStream(GET_FLOW)).rejects.toBeInstanceOf(AuthenticationError);
    expect(streamed).toEqual(['Bearer tok1', 'Bearer tok2']);
  });
});

describe('withReadCache', () => {
  const RULES = [{ service: 'flowservice', paths: [/^\/connections\/[^/]+$/] }] as const;
  const GET_CONNECTION: PlatformRequest = { method: 'GET', service: 'flowservice', path: '/connections/c1' };

  it('sends two concurrent reads of one resource once, and counts it on the client it came from', async () => {
    answers = [{ status: 200, body: { items: [{ id: 'c1' }] } }];
    const aep = await client();
    const cached = aep.withReadCache(RULES);
    const [a, b] = await Promise.all([cached.http.send(GET_CONNECTION), cached.http.send(GET_CONNECTION)]);
    expect(a.data).toEqual({ items: [{ id: 'c1' }] });
    expect(b.data).toEqual(a.data);
    expect(sent).toHaveLength(1);
    expect(aep.http.attempts).toBe(1);
    expect(cached.http.attempts).toBe(1);
    // The client it was made from does not remember.
    await aep.http.send(GET_CONNECTION);
    expect(sent).toHaveLength(2);
  });

  it('forgets a resource when it is written to', async () => {
    const aep = await client();
    const cached = aep.withReadCache(RULES);
    await cached.http.send(GET_CONNECTION);
    await cached.http.send(GET_CONNECTION);
    expect(sent).toHaveLength(1);
    await cached.http.send({ method: 'PATCH', service: 'flowservice', path: '/connections/c1', body: [] });
    await cached.http.send(GET_CONNECTION);
    expect(sent.map((r) => r.method)).toEqual(['GET', 'PATCH', 'GET']);
    // A write elsewhere leaves it remembered.
    await cached.http.send({ method: 'DELETE', service: 'flowservice', path: '/flows/f1' });
    await cached.http.send(GET_CONNECTION);
    expect(sent.map((r) => r.method)).toEqual(['GET', 'PATCH', 'GET', 'DELETE']);
  });

  it('does not keep a failed read, nor reads its rules do not name', async () => {
    answers = [{ status: 404, body: { title: 'Not found' } }, { status: 200, body: {} }];
    const cached = (await client()).withReadCache(RULES);
    await expect(cached.http.send(GET_CONNECTION)).rejects.toBeInstanceOf(NotFoundError);
    await cached.http.send(GET_CONNECTION);
    expect(sent).toHaveLength(2);
    await cached.http.send(GET_FLOW);
    await cached.http.send(GET_FLOW);
    expect(sent).toHaveLength(4);
  });

  it('answers a seeded read without sending it', async () => {
    const cached = (await client()).withReadCache(RULES);
    cached.http.seedRead(GET_CONNECTION, { items: [{ id: 'c1', name: 'seeded' }] });
    const response = await cached.http.send(GET_CONNECTION);
    expect(response.data).toEqual({ items: [{ id: 'c1', name: 'seeded' }] });
    expect(sent).toHaveLength(0);
  });
});
