// `GET /stats` (https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/getting-started): the tenant id — which every custom field must live under — and counts
// of the sandbox's own resources, the recently created and changed ones, and which classes its schemas use.

import { ok, type EmulatorRequest, type Reply } from '../../http-types.js';
import type { Json, ResourceRecord } from '../../records.js';
import type { ServiceDeps } from '../../service.js';
import { findAny, tenantResources } from './resources.js';

const RECENT = 5;

const summary = (r: ResourceRecord) => ({ title: r['title'], $id: r['$id'], 'meta:altId': r['meta:altId'], version: r['version'], 'meta:resourceType': r['meta:resourceType'] });
const date = (r: ResourceRecord, key: 'repo:createdDate' | 'repo:lastModifiedDate') => Number((r['meta:registryMetadata'] as Json | undefined)?.[key] ?? 0);

export function statsHandler(deps: ServiceDeps) {
  return (request: EmulatorRequest): Reply => {
    const schemas = tenantResources(request.sandbox, 'schemas');
    const fieldGroups = tenantResources(request.sandbox, 'fieldgroups');
    const classes = tenantResources(request.sandbox, 'classes');
    const everything = [...schemas, ...fieldGroups, ...classes];
    const newest = (key: 'repo:createdDate' | 'repo:lastModifiedDate') =>
      everything
        .map((r, i) => ({ r, i }))
        .sort((a, b) => date(b.r, key) - date(a.r, key) || b.i - a.i)
        .slice(0, RECENT)
        .map(({ r }) => summary(r));
    const byClass = new Map<string, ResourceRecord[]>();
    for (const s of schemas) {
      const classId = String(s['meta:class']);
      byClass.set(classId, [...(byClass.get(classId) ?? []), s]);
    }
    const classUsage = [...byClass].map(([classId, users]) => ({
      $id: classId,
      title: findAny(request.sandbox, classId)?.['title'] ?? classId,
      numberOfSchemas: users.length,
      schemas: users.map((s) => ({ $id: s['$id'], title: s['title'], 'meta:altId': s['meta:altId'], description: s['description'] })),
    }));
    const unionClasses = new Set(
      schemas.filter((s) => Array.isArray(s['meta:immutableTags']) && (s['meta:immutableTags'] as unknown[]).includes('union')).map((s) => s['meta:class']),
    );
    return ok({
      imsOrg: request.caller.orgId,
      tenantId: deps.tenantId,
      counts: { schemas: schemas.length, mixins: fieldGroups.length, datatypes: 0, classes: classes.length, unions: unionClasses.size },
      recentlyCreatedResources: newest('repo:createdDate'),
      recentlyUpdatedResources: newest('repo:lastModifiedDate'),
      classUsage,
    });
  };
}
