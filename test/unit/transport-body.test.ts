// How the axios transport reads a response's body (src/platform/internal/transport.ts): within the timeout and a
// second for the whole exchange (axios's own timeout stops at the headers, then bounds only each wait between
// bytes), as UTF-8 without a byte order mark, and as a NetworkError or AbortError when the connection goes or the
// caller cancels midway. Against a real server: nock, which the other transport tests use, replaces node:http's
// sockets and with them the timing checked here.

import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { AbortError, NetworkError, TimeoutError } from '../../src/platform/errors.js';
import { axiosTransport, createAxios, type RawRequest } from '../../src/platform/internal/transport.js';

/** A server answering every request with `answer`; `call` sends one GET through the axios transport. */
async function serving(answer: (res: ServerResponse) => void, run: (call: (request?: Partial<RawRequest>) => Promise<unknown>) => Promise<void>): Promise<void> {
  const server = createServer((_, res) => answer(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const transport = axiosTransport(await createAxios('test'));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/body`;
    await run((request) => transport({ method: 'GET', url, headers: {}, timeoutMs: 5_000, ...request }).catch((e: unknown) => e));
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** Headers at once, then a space every 50 ms for 5 s (`res.on('close')` stops it when the client goes). */
function trickle(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  const tick = setInterval(() => res.write(' '), 50);
  const end = setTimeout(() => (clearInterval(tick), res.end('{}')), 5_000);
  res.on('close', () => (clearInterval(tick), clearTimeout(end)));
}

describe('axios transport: the body', () => {
  it('times out a body still trickling in a second after the timeout, though no wait between its bytes is that long', async () => {
    await serving(trickle, async (call) => {
      const started = Date.now();
      const error = await call({ timeoutMs: 200 });
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as TimeoutError).message).toContain('no response within 200 ms');
      // The cap is the timeout and a second.
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_150);
      expect(Date.now() - started).toBeLessThan(3_000);
    });
  });

  it('is text without the byte order mark a server may put first', async () => {
    await serving(
      (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(Buffer.from('\uFEFF{"name":"crm – orders"}', 'utf8')),
      async (call) => expect(await call()).toMatchObject({ status: 200, body: '{"name":"crm – orders"}' }),
    );
  });

  it('is a NetworkError when the connection closes before the whole body arrived', async () => {
    await serving(
      (res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"items":');
        setTimeout(() => res.socket?.destroy(), 20);
      },
      async (call) => expect(await call()).toBeInstanceOf(NetworkError),
    );
  });

  it("is an AbortError when the caller's signal fires while the body arrives", async () => {
    await serving(trickle, async (call) => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 200);
      const started = Date.now();
      expect(await call({ signal: controller.signal })).toBeInstanceOf(AbortError);
      expect(Date.now() - started).toBeLessThan(1_000);
    });
  });
});
