// `GET /connectionSpecs` and `GET /flowSpecs` (https://developer.adobe.com/experience-platform-apis/references/flow-service/): the static catalogs of specs.ts,
// listed, filtered and paged like every other collection.

import type { Handler } from '../../http-types.js';
import type { Json } from '../../records.js';
import type { Router } from '../../router.js';
import { listReply } from './query.js';
import { reject } from './resource.js';
import { CONNECTION_SPECS, FLOW_SPECS } from './specs.js';

type Catalog = 'connectionSpecs' | 'flowSpecs';

function routes(collection: Catalog, specs: readonly object[]): { list: Handler; get: Handler } {
  const items = specs as Json[];
  const fields = new Set(items.flatMap((s) => Object.keys(s)));
  return {
    list: (request) => listReply(request, items, { collection, fields }),
    get: (request, params) => {
      const spec = items.find((s) => s['id'] === params['id']);
      if (!spec) {
        reject(request, '1101-404', `The requested resource is not found. Error from flow provider: Resource with given id ${String(params['id'])} does not exist.`, {
          id: params['id'] as string,
          type: collection,
        });
      }
      return { status: 200, body: { items: [spec] } };
    },
  };
}

export function addSpecRoutes(router: Router): void {
  for (const [collection, specs] of [
    ['connectionSpecs', CONNECTION_SPECS],
    ['flowSpecs', FLOW_SPECS],
  ] as const) {
    const { list, get } = routes(collection, specs);
    router.add('GET', `/${collection}`, list).add('GET', `/${collection}/:id`, get);
  }
}
