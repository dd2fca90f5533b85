// A table that changed since it was onboarded, against the field group onboarding made for it. The Schema
// Registry lets a field group in use only gain fields, so:
//
//   a new column            → its custom field is added to the field group (JSON Patch `add`), and the mapping
//                             set's next version maps it
//   a column gone           → its field stays (fields cannot be removed from a schema in use) and is no longer
//                             mapped: a warning says so
//   a column of a new type  → its field keeps its type (types cannot change either): a warning says what to do
//                             (map it to a new field, or convert it in the mapping)
//
// Pure: the caller sends the patch.

import type { PatchOperation } from '../platform/models/flow-service.js';
import type { FieldGroup } from '../platform/models/schema-registry.js';
import { fieldGroupBody, type FieldPlan } from './infer.js';

type Tree = { type?: unknown; format?: unknown; properties?: Record<string, Tree> };

export interface FieldGroupChange {
  /** Custom fields the table now has that the field group lacks. */
  added: FieldPlan[];
  /** What to send (undefined: nothing to add). */
  ops: PatchOperation[] | undefined;
  /** `6 → 7 fields: + _acme.loyalty (integer)`, when something is added. */
  detail: string | undefined;
  /** Removed and retyped columns, and what to do about them. */
  warnings: string[];
}

/** The leaves under `tree` as dot path → the field's type (`integer`, `string/date-time`). */
function leaves(tree: Tree, prefix: string, out: Map<string, string>): Map<string, string> {
  for (const [name, node] of Object.entries(tree.properties ?? {})) {
    const path = `${prefix}.${name}`;
    if (node.properties) leaves(node, path, out);
    else out.set(path, typeof node.format === 'string' ? `${String(node.type)}/${node.format}` : String(node.type));
  }
  return out;
}

const typeOf = (field: FieldPlan) => (field.format === undefined ? field.xdmType : `${field.xdmType}/${field.format}`);

/** The definition that holds the tenant's object (`customFields` when onboarding made the field group). */
function tenantDefinition(fieldGroup: FieldGroup, tenant: string): { name: string; tree: Tree } | undefined {
  for (const [name, definition] of Object.entries(fieldGroup.definitions ?? {})) {
    const tree = (definition as Tree).properties?.[tenant];
    if (tree) return { name, tree };
  }
  return undefined;
}

/**
 * `add` operations that graft `wanted` onto `have` (both trees of properties) where it has what `have` lacks:
 * a missing field, or a missing object with everything below it.
 */
function graft(have: Tree, wanted: Tree, pointer: string): PatchOperation[] {
  return Object.entries(wanted.properties ?? {}).flatMap(([name, node]) => {
    const existing = have.properties?.[name];
    const at = `${pointer}/properties/${name}`;
    if (!existing) return [{ op: 'add' as const, path: at, value: node }];
    return existing.properties && node.properties ? graft(existing, node, at) : [];
  });
}

export function fieldGroupChange(fieldGroup: FieldGroup, fields: readonly FieldPlan[], options: { tenantId: string; table: string }): FieldGroupChange {
  const tenant = `_${options.tenantId.replace(/^_/, '')}`;
  const found = tenantDefinition(fieldGroup, tenant);
  const have = found ? leaves(found.tree, tenant, new Map()) : new Map<string, string>();
  const custom = fields.filter((f) => !f.standard && f.destination.startsWith(`${tenant}.`));
  const added = custom.filter((f) => !have.has(f.destination));
  const warnings: string[] = [];
  for (const field of custom) {
    const was = have.get(field.destination);
    if (was === undefined || was === typeOf(field)) continue;
    warnings.push(
      `${field.expression ? 'calculated field' : 'column'} "${field.column}" is now ${typeOf(field)}, but field ${field.destination} is ${was}, and the Platform does not ` +
        `change a field's type: map it to a new field (--mapping-file '{"${field.column}": "${field.destination}2"}') or convert it in the mapping`,
    );
  }
  const wantedPaths = new Set(custom.map((f) => f.destination));
  for (const path of have.keys()) {
    if (!wantedPaths.has(path)) warnings.push(`field ${path} has no column in ${options.table} any more: it stays in the schema (fields cannot be removed from a schema in use) and is no longer mapped`);
  }
  if (added.length === 0) return { added, ops: undefined, detail: undefined, warnings };
  if (!found) {
    warnings.push(`field group ${fieldGroup.$id} has no ${tenant} object to add ${added.map((f) => f.destination).join(', ')} to; it was not made by flowctl`);
    return { added: [], ops: undefined, detail: undefined, warnings };
  }
  const body = fieldGroupBody(added, { tenantId: options.tenantId, title: '', description: '' });
  const wanted = (body?.definitions as Record<string, { properties: Record<string, Tree> }> | undefined)?.['customFields']?.properties[tenant] as Tree;
  const ops = graft(found.tree, wanted, `/definitions/${found.name}/properties/${tenant}`);
  const detail = `${have.size} → ${have.size + added.length} fields: ${added.map((f) => `+ ${f.destination} (${typeOf(f)})`).join(', ')}`;
  return { added, ops, detail, warnings };
}
