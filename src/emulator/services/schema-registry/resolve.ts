// Resolution of a resource's `allOf` and `$ref`s into one `properties` tree (the `xed-full` representations),
// and the `notext` variants without titles and descriptions.

import type { Json } from '../../records.js';
import type { SandboxState } from '../../store.js';
import { isObject } from './common.js';
import { findAny } from './resources.js';

export type Lookup = (uri: string) => Json | undefined;

export function lookupIn(sandbox: SandboxState): Lookup {
  return (uri) => findAny(sandbox, uri);
}

/** The properties a resource contributes: its `allOf` entries (local definitions and other resources), merged. */
export function resolvedProperties(resource: Json, lookup: Lookup, seen: ReadonlySet<string> = new Set()): Record<string, Json> {
  const id = typeof resource['$id'] === 'string' ? resource['$id'] : '';
  const inside = new Set(seen).add(id);
  const out: Record<string, Json> = {};
  const definitions = isObject(resource['definitions']) ? resource['definitions'] : {};
  const allOf = Array.isArray(resource['allOf']) ? resource['allOf'] : [];
  for (const entry of allOf) {
    const ref = isObject(entry) ? entry['$ref'] : undefined;
    if (typeof ref !== 'string') continue;
    if (ref.startsWith('#/definitions/')) {
      const definition = definitions[ref.slice('#/definitions/'.length)];
      if (isObject(definition) && isObject(definition['properties'])) mergeInto(out, resolveProperties(definition['properties'], lookup, inside));
      continue;
    }
    if (ref.includes('#') || inside.has(ref)) continue;
    const target = lookup(ref);
    if (target) mergeInto(out, resolvedProperties(target, lookup, inside));
  }
  if (isObject(resource['properties'])) mergeInto(out, resolveProperties(resource['properties'], lookup, inside));
  return out;
}

function resolveProperties(properties: Json, lookup: Lookup, seen: ReadonlySet<string>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [name, node] of Object.entries(properties)) if (isObject(node)) out[name] = resolveNode(node, lookup, seen);
  return out;
}

/** One field: a `$ref` to a data type becomes an object with the data type's properties. */
function resolveNode(node: Json, lookup: Lookup, seen: ReadonlySet<string>): Json {
  const ref = node['$ref'];
  if (typeof ref === 'string') {
    const { $ref: _ignored, ...rest } = node;
    const target = seen.has(ref) ? undefined : lookup(ref);
    const properties = target ? resolvedProperties(target, lookup, seen) : {};
    return { ...rest, type: 'object', 'meta:xdmType': 'object', properties, 'meta:referencedFrom': ref };
  }
  const out: Json = { ...node };
  if (isObject(node['properties'])) out['properties'] = resolveProperties(node['properties'], lookup, seen);
  if (isObject(node['items'])) out['items'] = resolveNode(node['items'], lookup, seen);
  if (isObject(node['additionalProperties'])) out['additionalProperties'] = resolveNode(node['additionalProperties'], lookup, seen);
  return out;
}

/** Two field groups may add to the same object (`person`, `_acme`): their properties merge. */
function mergeInto(target: Record<string, Json>, source: Record<string, Json>): void {
  for (const [name, node] of Object.entries(source)) {
    const existing = target[name];
    if (existing && isObject(existing['properties']) && isObject(node['properties'])) {
      const properties = { ...(existing['properties'] as Record<string, Json>) };
      mergeInto(properties, node['properties'] as Record<string, Json>);
      target[name] = { ...existing, ...node, properties };
    } else {
      target[name] = node;
    }
  }
}

/** The `xed-full` view: `allOf` and `definitions` replaced by the resolved `properties`. */
export function fullView(resource: Json, lookup: Lookup): Json {
  const { allOf: _allOf, definitions: _definitions, ...rest } = resource;
  return { ...rest, properties: resolvedProperties(resource, lookup) };
}

/** The `notext` views: no `title` or `description` on the resource or any field (field names are kept). */
export function stripText(node: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'title' || key === 'description') continue;
    if ((key === 'properties' || key === 'definitions') && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, isObject(child) ? stripText(child) : child]));
    } else if ((key === 'items' || key === 'additionalProperties') && isObject(value)) {
      out[key] = stripText(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}
