// Schema Registry requests and responses (platform-api.md §4).

import { z } from 'zod';

const xdmUri = z.string().regex(/^https:\/\/ns\.adobe\.com\/\S+$/, 'must be an XDM resource URI (https://ns.adobe.com/…)');

export const SchemaCreate = z.object({
  type: z.literal('object'),
  title: z.string().trim().min(1, 'must not be empty').max(256, 'must be at most 256 characters'),
  description: z.string().max(1024, 'must be at most 1024 characters'),
  allOf: z
    .array(z.object({ $ref: xdmUri }))
    .min(1, 'must hold a class')
    .refine((refs) => new Set(refs.map((r) => r.$ref)).size === refs.length, 'must not list the same class or field group twice'),
});
export type SchemaCreate = z.infer<typeof SchemaCreate>;

export const Schema = z.looseObject({
  $id: z.string(),
  'meta:altId': z.string().optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  version: z.string().optional(),
  'meta:class': z.string().optional(),
  allOf: z.array(z.looseObject({ $ref: z.string().optional() })).optional(),
  'meta:registryMetadata': z.looseObject({ 'repo:createdDate': z.number().optional() }).optional(),
});
export type Schema = z.infer<typeof Schema>;

/** A list entry (`application/vnd.adobe.xed-id+json`). */
export const SchemaSummary = z.looseObject({
  $id: z.string(),
  'meta:altId': z.string().optional(),
  title: z.string().optional(),
  version: z.string().optional(),
});
export type SchemaSummary = z.infer<typeof SchemaSummary>;

export const TenantStats = z.looseObject({ tenantId: z.string().min(1), imsOrg: z.string().optional() });
export type TenantStats = z.infer<typeof TenantStats>;
