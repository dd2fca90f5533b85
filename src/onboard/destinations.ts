// Mapping destinations checked before anything is written: every field a column (or a calculated field) is mapped
// to must be a field of the schema the run will have — the adopted schema as it is, or, for a new one, the
// Individual Profile class with the person and personal details field groups — plus the custom fields being
// made. A typo stops onboarding (exit 2) with the field it most likely meant: `person.name.fulname` →
// `person.name.fullName`.
//
// Only destinations outside the tenant's object and outside onboarding's own matching table need a look-up, so an
// onboarding without such overrides costs no request here.

import type { PlatformClient } from '../platform/client.js';
import { InvalidInputError } from '../platform/errors.js';
import { closestPath, schemaFieldPaths, similarPaths } from '../platform/schema-fields.js';
import { XDM_PROFILE_CLASS, XDM_PROFILE_PERSON_DETAILS, XDM_PROFILE_PERSONAL_DETAILS } from '../platform/specs.js';
import { type FieldPlan, STANDARD_FIELDS } from './infer.js';

const KNOWN = new Set(STANDARD_FIELDS.map((s) => s.destination));

/** The fields the schema will have outside the tenant's own object. */
async function schemaFields(client: PlatformClient, existingSchemaId: string | undefined): Promise<Set<string>> {
  const { schemaRegistry } = client;
  if (existingSchemaId !== undefined) return schemaFieldPaths(await schemaRegistry.getSchema(existingSchemaId, 'full'));
  const parts = await Promise.all([
    schemaRegistry.getGlobal('classes', XDM_PROFILE_CLASS),
    schemaRegistry.getGlobal('fieldgroups', XDM_PROFILE_PERSON_DETAILS),
    schemaRegistry.getGlobal('fieldgroups', XDM_PROFILE_PERSONAL_DETAILS),
  ]);
  return new Set(parts.flatMap((part) => [...schemaFieldPaths(part)]));
}

/** Throws for the first planned destination the schema will not have, naming its column and a likely field. */
export async function checkDestinations(client: PlatformClient, fields: readonly FieldPlan[], options: { tenantId: string; existingSchemaId?: string | undefined }): Promise<void> {
  const tenant = `_${options.tenantId.replace(/^_/, '')}`;
  const unsure = fields.filter((f) => !f.destination.startsWith(`${tenant}.`) && !KNOWN.has(f.destination));
  if (unsure.length === 0) return;
  const known = await schemaFields(client, options.existingSchemaId);
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
      : `"${wrong.destination}" is not a field of the schema (${options.existingSchemaId === undefined ? 'XDM Individual Profile + person details + personal details' : options.existingSchemaId}) nor a custom field under ${tenant}${hint}`,
  );
}
