// Sandbox management (`/data/foundation/sandbox-management`): list the sandboxes and read one. Sandboxes are
// fixed when the emulator starts (`--sandbox`, default prod and dev); each keeps its own resources.

import { fail, problem } from '../errors.js';
import { ok } from '../http-types.js';
import { Router } from '../router.js';
import type { ServiceDeps, ServiceModule } from '../service.js';
import type { SandboxInfo } from '../store.js';

function view(info: SandboxInfo, now: number) {
  return {
    id: info.id,
    name: info.name,
    title: info.title,
    state: 'active',
    type: info.type,
    region: 'VA7',
    isDefault: info.isDefault,
    eTag: 1,
    // As the sandbox guide shows them: `2019-09-04 04:57:24`.
    createdDate: new Date(now).toISOString().slice(0, 19).replace('T', ' '),
    lastModifiedDate: new Date(now).toISOString().slice(0, 19).replace('T', ' '),
    createdBy: 'flowctl-emulator',
    lastModifiedBy: 'flowctl-emulator',
  };
}

export function createSandboxManagement(deps: ServiceDeps): ServiceModule {
  const list = () => {
    const sandboxes = deps.store.sandboxes.map((s) => view(s, deps.now()));
    return ok({ sandboxes, _page: { limit: sandboxes.length, count: sandboxes.length }, _links: {} });
  };
  const router = new Router()
    .add('GET', '/', list)
    .add('GET', '/sandboxes', list)
    .add('GET', '/sandboxes/:name', (_request, { name = '' }) => {
      const info = deps.store.sandboxes.find((s) => s.name === name);
      if (!info) return fail(problem(404, 'Not Found', `Sandbox ${name} not found`));
      return ok(view(info, deps.now()));
    });
  return {
    base: '/data/foundation/sandbox-management',
    router,
    error: (kind, detail) => {
      const status = { sandboxMissing: 400, sandboxUnknown: 404, notFound: 404, methodNotAllowed: 405, badJson: 400, internal: 500, unavailable: 503 }[kind];
      return problem(status, kind, detail);
    },
  };
}
