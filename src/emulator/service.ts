// The contract between the server and each emulated service: a base path, a router, and how the service
// words the errors the server itself must answer (unknown sandbox, bad JSON, unknown path, faults).

import type { EmulatorCredentials } from './credentials.js';
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
