// Data Prep mapping sets (https://experienceleague.adobe.com/en/docs/experience-platform/data-prep/api/mapping-set). flowctl sends the documented shape
// (`outputSchema.schemaRef` + `mappings[].sourceType/source/destination`); the seed's legacy shape
// (`xdmSchema` + `sourceAttribute/destinationXdmPath`) is accepted from files and converted.

import * as z from './zod.js';
import { lazySchema } from './lazy.js';

export const SOURCE_TYPES = ['ATTRIBUTE', 'EXPRESSION', 'STATIC'] as const;

/** A dot path into the XDM schema: `person.name.fullName`, `_acme.customerId`. */
export const XDM_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export const Mapping = lazySchema(() => z.object({
  sourceType: z.enum(SOURCE_TYPES),
  source: z.string().check(z.minLength(1, 'must not be empty')),
  destination: z.string().check(z.regex(XDM_PATH, 'must be a dot path into the schema (person.name.fullName)')),
  name: z.optional(z.string()),
  description: z.optional(z.string()),
}));
export type Mapping = z.infer<typeof Mapping>;

const SchemaRef = lazySchema(() => z.object({ id: z.string().check(z.regex(/^https:\/\/ns\.adobe\.com\/\S+\/schemas\/\S+$/, 'must be a schema $id URI')), contentType: z.string().check(z.minLength(1)) }));

const Mappings = lazySchema(() => z.array(Mapping).check(z.minLength(1, 'must hold at least one mapping'), z.refine((m) => new Set(m.map((x) => x.destination)).size === m.length, 'must not map two sources to the same destination')));

export const MappingSetCreate = lazySchema(() => z.object({
  name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(256))),
  outputSchema: z.object({ schemaRef: SchemaRef }),
  mappings: Mappings,
}));
export type MappingSetCreate = z.infer<typeof MappingSetCreate>;

/**
 * The mapping set a preview runs: like a create body, but the output schema may be given inline as a JSON schema
 * (`outputSchema.jsonSchema`, the OpenAPI's SchemaRepresentation) — how onboarding previews a schema it has not
 * created yet.
 */
export const PreviewMappingSet = lazySchema(() => z.object({
  outputSchema: z.union([z.object({ schemaRef: SchemaRef }), z.object({ jsonSchema: z.record(z.string(), z.unknown()) })]),
  mappings: Mappings,
}));
export type PreviewMappingSet = z.infer<typeof PreviewMappingSet>;

/** One error of a mapped row (the OpenAPI's TransformErrorInfo). */
export const TransformError = lazySchema(() => z.looseObject({
  destination: z.nullish(z.string()),
  source: z.nullish(z.string()),
  sourceType: z.nullish(z.string()),
  columnName: z.nullish(z.string()),
  exception: z.nullish(z.string()),
}));
export type TransformError = z.infer<typeof TransformError>;

/** A preview answers one `{data, errors}` per row sent (the tutorial shows an array; the OpenAPI one object). */
export const PreviewRow = lazySchema(() => z.looseObject({ data: z.nullish(z.record(z.string(), z.unknown())), errors: z.nullish(z.array(TransformError)) }));
export type PreviewRow = z.infer<typeof PreviewRow>;
export const PreviewResponse = lazySchema(() => z.union([z.array(PreviewRow), z.pipe(PreviewRow, z.transform((row) => [row]))]));

export const MappingSetCreated = lazySchema(() => z.looseObject({ id: z.string().check(z.minLength(1)), version: z.coerce.number() }));
export type MappingSetCreated = z.infer<typeof MappingSetCreated>;

export const MappingSet = lazySchema(() => z.looseObject({
  id: z.string(),
  name: z.optional(z.string()),
  version: z.optional(z.coerce.number()),
  createdDate: z.optional(z.unknown()),
  outputSchema: z.optional(z.looseObject({ schemaRef: z.optional(z.looseObject({ id: z.optional(z.string()) })) })),
  mappings: z.optional(z.array(z.looseObject({ source: z.optional(z.string()), destination: z.optional(z.string()), sourceType: z.optional(z.string()) }))),
}));
export type MappingSet = z.infer<typeof MappingSet>;

export const MappingValidation = lazySchema(() => z.looseObject({
  validationResponse: z.array(
    z.looseObject({
      status: z.string(),
      errors: z.nullish(z.array(TransformError)),
    }),
  ),
}));
export type MappingValidation = z.infer<typeof MappingValidation>;
