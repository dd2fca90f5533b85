// A tiny stand-in for the Platform on 127.0.0.1, for end-to-end tests of the spawned binary (nock cannot
// reach into another process). It records every request and answers from a route table.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Route = (request: RecordedRequest) => { status: number; body?: unknown; headers?: Record<string, string> } | undefined;

export interface FakePlatform {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startFakePlatform(route: Route): Promise<FakePlatform> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(recorded);
      const answer = route(recorded) ?? { status: 404, body: { title: 'Not found', status: 404 } };
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
