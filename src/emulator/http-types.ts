// What a service handler receives and returns. Handlers are plain functions of a parsed request; the server
// does the HTTP, the gateway checks, misbehaviour and logging around them.

import type { IncomingHttpHeaders } from 'node:http';
import type { SandboxState, Store } from './store.js';

export interface Caller {
  clientId: string;
  orgId: string;
}

export interface EmulatorRequest {
  method: string;
  /** Path below the service's base path (`/connections/abc`), decoded segment by segment by the router. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or undefined when there was none. */
  body: unknown;
  rawBody: string;
  sandbox: SandboxState;
  caller: Caller;
  store: Store;
  /** Epoch ms on the emulator's clock. */
  now: number;
  requestId: string;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (request: EmulatorRequest, params: Record<string, string>) => Reply | Promise<Reply>;

/** Thrown by a handler to answer with an error reply (already in the right service's format). */
export class ReplyError extends Error {
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
  }
}

export function ok(body: unknown, status = 200, headers?: Record<string, string>): Reply {
  return headers ? { status, body, headers } : { status, body };
}
