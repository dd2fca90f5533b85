// The fields of a schema, for the services that check data against it: Data Prep validates mapping
// destinations, descriptors validate their `xdm:sourceProperty`, and the ingestion runner types values.

import type { Json, ResourceRecord, SchemaField } from '../../records.js';
import type { SandboxState } from '../../store.js';
import { isObject } from './common.js';
import { lookupIn, resolvedProperties } from './resolve.js';

/**
 * Every leaf field of a schema (class and field groups, global or tenant), with its dot path and type:
 * `{path:'person.birthDate', type:'string', format:'date'}`. Arrays are leaves of type `array`. Maps
 * (`identityMap`, `meta:xdmType: map`) are left out: their keys are chosen by the data, not the schema.
 */
export function resolveSchemaFields(sandbox: SandboxState, schema: ResourceRecord): SchemaField[] {
  const out: SchemaField[] = [];
  walk(resolvedProperties(schema, lookupIn(sandbox)), '', out);
  return out;
}

/** The leaf fields of an inline JSON schema's `properties` (a mapping preview's `outputSchema.jsonSchema`). */
export function inlineSchemaFields(properties: Record<string, Json>): SchemaField[] {
  const out: SchemaField[] = [];
  walk(properties, '', out);
  return out;
}

function walk(properties: Record<string, Json>, prefix: string, out: SchemaField[]): void {
  for (const [name, node] of Object.entries(properties)) {
    const path = prefix === '' ? name : `${prefix}.${name}`;
    if (node['meta:xdmType'] === 'map') continue;
    if (isObject(node['properties'])) {
      walk(node['properties'] as Record<string, Json>, path, out);
      continue;
    }
    const type = typeof node['type'] === 'string' ? node['type'] : undefined;
    if (type === undefined || type === 'object') continue;
    const format = typeof node['format'] === 'string' ? node['format'] : undefined;
    out.push(format === undefined ? { path, type } : { path, type, format });
  }
}

/**
 * The field a descriptor's `xdm:sourceProperty` (`/personalEmail/address`, `/_acme/customerId`) names in the
 * resolved schema — a leaf or an object — or undefined.
 */
export function fieldAtPointer(sandbox: SandboxState, schema: ResourceRecord, pointer: string): Json | undefined {
  if (!pointer.startsWith('/')) return undefined;
  const segments = pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let properties: Json | undefined = resolvedProperties(schema, lookupIn(sandbox));
  let node: Json | undefined;
  for (const segment of segments) {
    const next: unknown = properties?.[segment];
    if (!isObject(next)) return undefined;
    node = next;
    properties = isObject(next['properties']) ? next['properties'] : undefined;
  }
  return node;
}
