// How the emulator reaches the databases behind base connections, for `GET /connections/{id}/test` and
// `/explore`. The handlers only talk to this interface, so real readers can be plugged in (createFlowService's
// second argument) without touching them. Until then every call answers a clear Flow error.

import type { EmulatorRequest } from '../../http-types.js';
import { invalid } from './resource.js';
import type { ConnectionSpec } from './specs.js';

export interface DatabaseConnection {
  /** The base connection's id. */
  id: string;
  spec: ConnectionSpec;
  /** The auth the connection was created with, secrets unmasked. */
  auth: { specName: string; params: Record<string, unknown> };
}

export interface DatabaseAccess {
  /** `{"result": true|false}` as the OpenAPI's TestConnectionResponse has it. */
  test(connection: DatabaseConnection, request: EmulatorRequest): Promise<{ result: boolean }>;
  /**
   * The body of an explore call: for `objectType=root` an array of `{type, name, path, canPreview,
   * canFetchSchema}`, for `objectType=table&object=…` `{format, schema: {columns}}` (plus `data` with
   * `preview=true`). Implementations throw a ReplyError (e.g. via `reject`) for what they refuse.
   */
  explore(connection: DatabaseConnection, query: URLSearchParams, request: EmulatorRequest): Promise<unknown>;
}

/** The stand-in until real readers exist: says plainly that nothing is reachable. */
export const unreachableDatabases: DatabaseAccess = {
  test: (connection, request) => invalid(request, `the emulator cannot reach ${connection.spec.name} databases yet`),
  explore: (connection, _query, request) => invalid(request, `the emulator cannot reach ${connection.spec.name} databases yet`),
};
