// Schema Registry (`/data/foundation/schemaregistry`, https://developer.adobe.com/experience-platform-apis/references/schema-registry/): Adobe's global XDM resources
// (read-only), the sandbox's own schemas, field groups (alias: mixins), classes and descriptors, and `/stats`. GETs obey
// the registry's Accept rules (accept.ts); errors use its `XDM-<code>` problem format.

import { registryError } from '../../errors.js';
import { Router } from '../../router.js';
import type { ServerErrorKind, ServiceDeps, ServiceModule } from '../../service.js';
import { classRoutes } from './classes.js';
import { BASE } from './common.js';
import { descriptorRoutes } from './descriptors.js';
import { fieldGroupRoutes } from './fieldgroups.js';
import { listHandler, lookupHandler } from './lookups.js';
import type { Container, ResourceKind } from './resources.js';
import { schemaRoutes } from './schemas.js';
import { statsHandler } from './stats.js';

export { resolveSchemaFields } from './fields.js';

const SEGMENTS: [string, ResourceKind][] = [
  ['schemas', 'schemas'],
  ['classes', 'classes'],
  ['fieldgroups', 'fieldgroups'],
  ['mixins', 'fieldgroups'],
  ['datatypes', 'datatypes'],
  ['behaviors', 'behaviors'],
];

/** Only `XDM-1012-404` (and the Accept codes) are documented; the other codes here are the emulator's own. */
const ERRORS: Record<ServerErrorKind, [code: string, title: string]> = {
  sandboxMissing: ['1000-400', 'Bad Request'],
  sandboxUnknown: ['1001-404', 'Sandbox Not Found'],
  notFound: ['1012-404', 'Resource Not Found'],
  methodNotAllowed: ['1002-405', 'Method Not Allowed'],
  badJson: ['1003-400', 'Bad Request'],
  internal: ['1000-500', 'Internal Server Error'],
  unavailable: ['1000-503', 'Service Unavailable'],
};

export function createSchemaRegistry(deps: ServiceDeps): ServiceModule {
  const router = new Router().add('GET', '/stats', statsHandler(deps));
  for (const container of ['global', 'tenant'] as Container[]) {
    for (const [segment, kind] of SEGMENTS) {
      if (container === 'tenant' && kind === 'behaviors') continue;
      router.add('GET', `/${container}/${segment}`, listHandler(container, kind, segment));
      router.add('GET', `/${container}/${segment}/:id`, lookupHandler(container, kind));
    }
  }
  const schemas = schemaRoutes(deps);
  router
    .add('POST', '/tenant/schemas', schemas.create)
    .add('PUT', '/tenant/schemas/:id', schemas.replace)
    .add('PATCH', '/tenant/schemas/:id', schemas.patch)
    .add('DELETE', '/tenant/schemas/:id', schemas.remove);
  const fieldGroups = fieldGroupRoutes(deps);
  for (const segment of ['fieldgroups', 'mixins']) {
    router.add('POST', `/tenant/${segment}`, fieldGroups.create).add('PATCH', `/tenant/${segment}/:id`, fieldGroups.patch).add('DELETE', `/tenant/${segment}/:id`, fieldGroups.remove);
  }
  const classes = classRoutes(deps);
  router.add('POST', '/tenant/classes', classes.create).add('DELETE', '/tenant/classes/:id', classes.remove);
  router
    .add('GET', '/tenant/descriptors', descriptorRoutes.list)
    .add('POST', '/tenant/descriptors', descriptorRoutes.create)
    .add('GET', '/tenant/descriptors/:id', descriptorRoutes.lookup)
    .add('PUT', '/tenant/descriptors/:id', descriptorRoutes.replace)
    .add('DELETE', '/tenant/descriptors/:id', descriptorRoutes.remove);
  return {
    base: BASE,
    router,
    error: (kind, detail, requestId) => {
      const [code, title] = ERRORS[kind];
      return registryError(code, title, detail, requestId);
    },
  };
}
