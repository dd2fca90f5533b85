// GET of registry resources in either container: lists (`/{container}/{kind}`) and lookups
// (`/{container}/{kind}/{altId or URL-encoded $id}`), in the representation the Accept header names.

import { fail } from '../../errors.js';
import { ok, type EmulatorRequest, type Reply } from '../../http-types.js';
import { publicView, type Json, type ResourceRecord } from '../../records.js';
import { listAccept, lookupAccept, type LookupView } from './accept.js';
import { notAcceptable, notFound } from './common.js';
import { link, nextLink, selectPage } from './listing.js';
import { fullView, lookupIn, stripText } from './resolve.js';
import { findInContainer, globalResources, tenantResources, type Container, type ResourceKind } from './resources.js';

function render(request: EmulatorRequest, record: ResourceRecord, view: LookupView): Json {
  const raw = publicView(record, { keepId: false });
  if (view === 'raw') return raw;
  if (view === 'notext') return stripText(raw);
  const full = fullView(raw, lookupIn(request.sandbox));
  if (view === 'full-notext') return stripText(full);
  if (view === 'full-desc') {
    const descriptors = request.sandbox
      .collection<ResourceRecord>('descriptors')
      .all()
      .filter((d) => d['xdm:sourceSchema'] === record['$id'])
      .map((d) => publicView(d, { keepId: false }));
    return { ...full, 'meta:descriptors': descriptors };
  }
  return full;
}

export function listHandler(container: Container, kind: ResourceKind, segment: string) {
  return (request: EmulatorRequest): Reply => {
    const view = listAccept(request);
    const all = container === 'tenant' ? tenantResources(request.sandbox, kind) : globalResources(kind);
    const page = selectPage(request, all);
    const results = page.items.map((r) =>
      view === 'id' ? { $id: r['$id'], 'meta:altId': r['meta:altId'], version: r['version'], title: r['title'] } : publicView(r, { keepId: false }),
    );
    return ok({
      results,
      _page: { orderby: page.orderby, next: page.next, count: results.length },
      _links: { next: nextLink(request, page.next), global_schemas: { href: link(request, `/global/${segment}`) } },
    });
  };
}

export function lookupHandler(container: Container, kind: ResourceKind) {
  return (request: EmulatorRequest, { id = '' }: Record<string, string>): Reply => {
    const { view, major } = lookupAccept(request);
    const record = findInContainer(request.sandbox, container, kind, id) ?? fail(notFound(id, request, String(major)));
    const ownMajor = Number(String(record['version'] ?? '1').split('.')[0]);
    if (major !== ownMajor) return fail(notAcceptable(`${String(record['$id'])} has no version ${major}; its current version is ${String(record['version'])}`));
    return ok(render(request, record, view));
  };
}
