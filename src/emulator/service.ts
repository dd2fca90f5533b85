// The contract between the server and each emulated service: a base path, a router, and how the service
// words the errors the server itself must answer (unknown sandbox, bad JSON, unknown path, faults).

import type { EmulatorCredentials } from './credentials.js';
import { problem } from './errors.js';
import type { Reply } from './http-types.js';
import type { Router } from './router.js';
import type { Store } from './store.js';

export type ServerErrorKind =
  | 'sandboxMissing'
  | 'sandboxUnknown'
  | 'notFound'
  | 'methodNotAllowed'
  | 'badJson'
  | 'internal'
  | 'unavailable';

/** The HTTP status and title of each server error, for the services that answer it in the plain problem body. */
export const SERVER_ERROR_STATUS: Record<ServerErrorKind, [status: number, title: string]> = {
  sandboxMissing: [400, 'Bad Request'],
  sandboxUnknown: [404, 'Not Found'],
  notFound: [404, 'Not Found'],
  methodNotAllowed: [405, 'Method Not Allowed'],
  badJson: [400, 'Bad Request'],
  internal: [500, 'Internal Server Error'],
  unavailable: [503, 'Service Unavailable'],
};

/** A server error in the plain problem body (Catalog, Data Prep, Data Access). */
export function problemError(kind: ServerErrorKind, detail: string): Reply {
  const [status, title] = SERVER_ERROR_STATUS[kind];
  return problem(status, title, detail);
}

export interface ServiceModule {
  /** `/data/foundation/flowservice` */
  base: string;
  router: Router;
  error(kind: ServerErrorKind, detail: string, requestId: string): Reply;
}

export interface ServiceDeps {
  store: Store;
  credentials: EmulatorCredentials;
  tenantId: string;
  /** Epoch ms on the emulator's clock. */
  now: () => number;
}
