// Finding registry resources: Adobe's (`global`, built in) and the sandbox's own (`tenant`, in the store),
// by `$id` or `meta:altId`. Tenant schemas, field groups and classes are records keyed by their `meta:altId`.

import type { ResourceRecord } from '../../records.js';
import type { SandboxState } from '../../store.js';
import { GLOBAL_RESOURCES, findGlobal } from './global-xdm.js';

export type Container = 'global' | 'tenant';

/** The path segment of a resource kind (`/tenant/fieldgroups`); `mixins` is the deprecated alias of `fieldgroups`. */
export type ResourceKind = 'schemas' | 'classes' | 'fieldgroups' | 'datatypes' | 'behaviors';

/** The `meta:resourceType` the registry shows for each kind. */
export const RESOURCE_TYPE: Record<ResourceKind, string> = {
  schemas: 'schemas',
  classes: 'classes',
  fieldgroups: 'mixins',
  datatypes: 'datatypes',
  behaviors: 'behaviors',
};

function createdOf(record: ResourceRecord): number {
  const meta = record['meta:registryMetadata'] as { 'repo:createdDate'?: number } | undefined;
  return Number(meta?.['repo:createdDate'] ?? 0);
}

/** The kinds a sandbox holds its own of (the emulator keeps no tenant data types). */
type TenantKind = 'schemas' | 'fieldgroups' | 'classes';
const isTenantKind = (kind: ResourceKind): kind is TenantKind => kind === 'schemas' || kind === 'fieldgroups' || kind === 'classes';

/** Tenant resources of a kind, oldest first. */
export function tenantResources(sandbox: SandboxState, kind: ResourceKind): ResourceRecord[] {
  if (!isTenantKind(kind)) return [];
  const all = sandbox.collection<ResourceRecord>(kind).all();
  return all.map((r, i) => ({ r, i })).sort((a, b) => createdOf(a.r) - createdOf(b.r) || a.i - b.i).map((x) => x.r);
}

export function globalResources(kind: ResourceKind): ResourceRecord[] {
  return GLOBAL_RESOURCES.filter((r) => r['meta:resourceType'] === RESOURCE_TYPE[kind]).map((r) => ({ ...r, id: r['meta:altId'] as string }));
}

export function findTenant(sandbox: SandboxState, kind: ResourceKind, id: string): ResourceRecord | undefined {
  if (!isTenantKind(kind)) return undefined;
  const collection = sandbox.collection<ResourceRecord>(kind);
  return collection.get(id) ?? collection.all().find((r) => r['$id'] === id);
}

export function findInContainer(sandbox: SandboxState, container: Container, kind: ResourceKind, id: string): ResourceRecord | undefined {
  if (container === 'tenant') return findTenant(sandbox, kind, id);
  const found = findGlobal(id);
  return found && found['meta:resourceType'] === RESOURCE_TYPE[kind] ? { ...found, id: found['meta:altId'] as string } : undefined;
}

/** Any resource a `$ref` may point at: global, or one of the sandbox's schemas, field groups and classes. */
export function findAny(sandbox: SandboxState, uri: string): ResourceRecord | undefined {
  const global = findGlobal(uri);
  if (global) return { ...global, id: global['meta:altId'] as string };
  return findTenant(sandbox, 'fieldgroups', uri) ?? findTenant(sandbox, 'schemas', uri) ?? findTenant(sandbox, 'classes', uri);
}
