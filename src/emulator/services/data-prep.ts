// Placeholder: replaced by the real service.
import { problem } from '../errors.js';
import { Router } from '../router.js';
import type { ServiceDeps, ServiceModule } from '../service.js';

export function createDataPrep(_deps: ServiceDeps): ServiceModule {
  return { base: '/data/foundation/conversion', router: new Router(), error: (_kind, detail) => problem(404, 'Not found', detail) };
}
