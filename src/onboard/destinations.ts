// Mapping destinations checked before anything is written: every field a column (or a calculated field) is mapped
// to must be a field of the schema the run will have — the adopted schema as it is, or, for a new one, its class
// and standard field groups (classes.ts: the Individual Profile class with the person and personal details field
// groups, the ExperienceEvent class, or a record class) — plus the custom fields being made. A typo stops onboarding (exit 2) with the field it most likely meant: `person.name.fulname` →
// `person.name.fullName`.
//
// Only destinations outside the tenant's object and outside the fields onboarding itself fills for the class (the
// matching table of a profile, an event's _id and timestamp) need a look-up, so an onboarding without such
// overrides costs no request here.

import type { PlatformClient } from '../platform/client.js';
import { InvalidInputError } from '../platform/errors.js';
import { closestPath, schemaFieldPaths, similarPaths } from '../platform/schema-fields.js';
import { schemaDetail, standardParts } from './classes.js';
import type { FieldPlan } from './infer.js';
import type { XdmClass } from './types.js';

/** The fields the schema will have outside the tenant's own object. */
async function schemaFields(client: PlatformClient, existingSchemaId: string | undefined, xdmClass: XdmClass): Promise<Set<string>> {
  const { schemaRegistry } = client;
  if (existingSchemaId !== undefined) return schemaFieldPaths(await schemaRegistry.schemas.get(existingSchemaId, 'full'));
  const standard = standardParts(xdmClass);
  const parts = await Promise.all([
    ...standard.classes.map((id) => schemaRegistry.global.get('classes', id)),
    ...standard.fieldGroups.map((id) => schemaRegistry.global.get('fieldgroups', id)),
  ]);
  return new Set([...standard.fields, ...parts.flatMap((part) => [...schemaFieldPaths(part)])]);
}

/** Throws for the first planned destination the schema will not have, naming its column and a likely field. */
export async function checkDestinations(
  client: PlatformClient,
  fields: readonly FieldPlan[],
  options: { tenantId: string; existingSchemaId?: string | undefined; xdmClass?: XdmClass | undefined },
): Promise<void> {
  const tenant = `_${options.tenantId.replace(/^_/, '')}`;
  const xdmClass = options.xdmClass ?? 'profile';
  const filled = new Set(standardParts(xdmClass).fields);
  const unsure = fields.filter((f) => !f.destination.startsWith(`${tenant}.`) && !filled.has(f.destination));
  if (unsure.length === 0) return;
  const known = await schemaFields(client, options.existingSchemaId, xdmClass);
  if (known.size === 0) return; // Nothing to judge by (a schema without fields): the Platform will.
  const wrong = unsure.find((f) => !known.has(f.destination));
  if (!wrong) return;
  const meant = closestPath(wrong.destination, known);
  const hint = meant ? `; did you mean ${meant}?` : similarPaths(wrong.destination, known).length > 0 ? `; fields like it: ${similarPaths(wrong.destination, known).join(', ')}` : '';
  const object = [...known].some((p) => p.startsWith(`${wrong.destination}.`));
  throw new InvalidInputError(
    `mapping for "${wrong.column}"`,
    object
      ? `"${wrong.destination}" is an object in the schema, not a field: map to one of its fields${hint}`
      : `"${wrong.destination}" is not a field of the schema (${options.existingSchemaId === undefined ? schemaDetail(xdmClass).replace(/ \+ the field group$/, '') : options.existingSchemaId}) nor a custom field under ${tenant}${hint}`,
  );
}
