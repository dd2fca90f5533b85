// Data Prep mapping sets (platform-api.md §6). flowctl sends the documented shape
// (`outputSchema.schemaRef` + `mappings[].sourceType/source/destination`); the seed's legacy shape
// (`xdmSchema` + `sourceAttribute/destinationXdmPath`) is accepted from files and converted.

import { z } from 'zod';

export const SOURCE_TYPES = ['ATTRIBUTE', 'EXPRESSION', 'STATIC'] as const;

/** A dot path into the XDM schema: `person.name.fullName`, `_acme.customerId`. */
export const XDM_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export const Mapping = z.object({
  sourceType: z.enum(SOURCE_TYPES),
  source: z.string().min(1, 'must not be empty'),
  destination: z.string().regex(XDM_PATH, 'must be a dot path into the schema (person.name.fullName)'),
  name: z.string().optional(),
  description: z.string().optional(),
});
export type Mapping = z.infer<typeof Mapping>;

export const MappingSetCreate = z.object({
  name: z.string().trim().min(1).max(256).optional(),
  outputSchema: z.object({
    schemaRef: z.object({ id: z.string().regex(/^https:\/\/ns\.adobe\.com\/\S+\/schemas\/\S+$/, 'must be a schema $id URI'), contentType: z.string().min(1) }),
  }),
  mappings: z
    .array(Mapping)
    .min(1, 'must hold at least one mapping')
    .refine((m) => new Set(m.map((x) => x.destination)).size === m.length, 'must not map two sources to the same destination'),
});
export type MappingSetCreate = z.infer<typeof MappingSetCreate>;

export const MappingSetCreated = z.looseObject({ id: z.string().min(1), version: z.coerce.number() });
export type MappingSetCreated = z.infer<typeof MappingSetCreated>;

export const MappingSet = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  version: z.coerce.number().optional(),
  createdDate: z.unknown().optional(),
  outputSchema: z.looseObject({ schemaRef: z.looseObject({ id: z.string().optional() }).optional() }).optional(),
  mappings: z.array(z.looseObject({ source: z.string().optional(), destination: z.string().optional(), sourceType: z.string().optional() })).optional(),
});
export type MappingSet = z.infer<typeof MappingSet>;

export const MappingValidation = z.looseObject({
  validationResponse: z.array(
    z.looseObject({
      status: z.string(),
      errors: z.array(z.looseObject({ destination: z.string().optional(), source: z.string().optional(), exception: z.string().optional() })).nullish(),
    }),
  ),
});
export type MappingValidation = z.infer<typeof MappingValidation>;
