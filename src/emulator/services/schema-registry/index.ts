// Placeholder: replaced by the real service.
import { problem } from '../../errors.js';
import { Router } from '../../router.js';
import type { ServiceDeps, ServiceModule } from '../../service.js';

export function createSchemaRegistry(_deps: ServiceDeps): ServiceModule {
  return { base: '/data/foundation/schemaregistry', router: new Router(), error: (_kind, detail) => problem(404, 'Not found', detail) };
}
