// Flow Service (`/data/foundation/flowservice`, https://developer.adobe.com/experience-platform-apis/references/flow-service/): connection and flow specs, base, source
// and target connections, flows and runs, each in its own module; this file wires them to the router and
// words the server's own errors (unknown sandbox, bad JSON, faults) in the Flow format.

import { flowError } from '../../errors.js';
import { Router } from '../../router.js';
import type { ServerErrorKind, ServiceDeps, ServiceModule } from '../../service.js';
import { addConnectionRoutes } from './connections.js';
import { type DatabaseAccess, unreachableDatabases } from './databases.js';
import { addFlowRoutes } from './flows.js';
import { BASE } from './resource.js';
import { addRunRoutes } from './runs.js';
import { addSourceConnectionRoutes } from './source-connections.js';
import { addSpecRoutes } from './spec-routes.js';
import { addTargetConnectionRoutes } from './target-connections.js';

export type { DatabaseAccess, DatabaseConnection } from './databases.js';

const SERVER_ERRORS: Record<ServerErrorKind, { code: string; title?: string }> = {
  sandboxMissing: { code: '2105-400', title: 'Header is missing' },
  sandboxUnknown: { code: '2100-404', title: 'Sandbox not found' },
  notFound: { code: '1101-404' },
  methodNotAllowed: { code: '1100-405', title: 'Method not allowed' },
  badJson: { code: '1405-400' },
  internal: { code: '1102-500' },
  unavailable: { code: '1103-503' },
};

/** `databases` reaches the databases behind connections (test, explore); by default none is reachable. */
export function createFlowService(_deps: ServiceDeps, databases: DatabaseAccess = unreachableDatabases): ServiceModule {
  const router = new Router();
  addSpecRoutes(router);
  addConnectionRoutes(router, databases);
  addSourceConnectionRoutes(router);
  addTargetConnectionRoutes(router);
  addFlowRoutes(router);
  addRunRoutes(router);
  return {
    base: BASE,
    router,
    error: (kind, detail, requestId) => {
      const { code, title } = SERVER_ERRORS[kind];
      return flowError(code, detail, { requestId, ...(title && { title }) });
    },
  };
}
