// Schema Registry requests and responses (https://developer.adobe.com/experience-platform-apis/references/schema-registry/).

import { z } from 'zod';
import { lazySchema } from './lazy.js';

const xdmUri = lazySchema(() => z.string().regex(/^https:\/\/ns\.adobe\.com\/\S+$/, 'must be an XDM resource URI (https://ns.adobe.com/…)'));

export const SchemaCreate = lazySchema(() => z.object({
  type: z.literal('object'),
  title: z.string().trim().min(1, 'must not be empty').max(256, 'must be at most 256 characters'),
  description: z.string().max(1024, 'must be at most 1024 characters'),
  allOf: z
    .array(z.object({ $ref: xdmUri }))
    .min(1, 'must hold a class')
    .refine((refs) => new Set(refs.map((r) => r.$ref)).size === refs.length, 'must not list the same class or field group twice'),
}));
export type SchemaCreate = z.infer<typeof SchemaCreate>;

export const Schema = lazySchema(() => z.looseObject({
  $id: z.string(),
  'meta:altId': z.string().optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  version: z.string().optional(),
  'meta:class': z.string().optional(),
  allOf: z.array(z.looseObject({ $ref: z.string().optional() })).optional(),
  'meta:registryMetadata': z.looseObject({ 'repo:createdDate': z.number().optional() }).optional(),
}));
export type Schema = z.infer<typeof Schema>;

/** A list entry (`application/vnd.adobe.xed-id+json`). */
export const SchemaSummary = lazySchema(() => z.looseObject({
  $id: z.string(),
  'meta:altId': z.string().optional(),
  title: z.string().optional(),
  version: z.string().optional(),
}));
export type SchemaSummary = z.infer<typeof SchemaSummary>;

export const TenantStats = lazySchema(() => z.looseObject({ tenantId: z.string().min(1), imsOrg: z.string().optional() }));
export type TenantStats = z.infer<typeof TenantStats>;

// ── Classes (`POST /tenant/classes`, Adobe's classes endpoint guide) ─────────────────────────────────────

/** The behaviors a class is built on: record (lookups, profiles) or time-series (events). */
export const XDM_BEHAVIORS = ['https://ns.adobe.com/xdm/data/record', 'https://ns.adobe.com/xdm/data/time-series'] as const;

/**
 * `POST /tenant/classes`: `allOf` names the behavior the class is built on (exactly one of XDM_BEHAVIORS), and
 * optionally `#/definitions/…` holding class-level fields. `type`, `title`, `description` and `allOf` are required.
 */
export const ClassCreate = lazySchema(() => z.looseObject({
  type: z.literal('object'),
  title: z.string().trim().min(1, 'must not be empty').max(256, 'must be at most 256 characters'),
  description: z.string().max(1024, 'must be at most 1024 characters'),
  definitions: z.record(z.string(), z.looseObject({ properties: z.record(z.string(), z.looseObject({})) })).optional(),
  allOf: z
    .array(z.object({ $ref: z.string().min(1) }))
    .refine((refs) => refs.filter((r) => (XDM_BEHAVIORS as readonly string[]).includes(r.$ref)).length === 1, `must name exactly one behavior (${XDM_BEHAVIORS.join(' or ')})`),
}));
export type ClassCreate = z.infer<typeof ClassCreate>;

export const TenantClass = lazySchema(() => z.looseObject({
  $id: z.string(),
  'meta:altId': z.string().optional(),
  title: z.string().optional(),
  version: z.string().optional(),
  'meta:extends': z.array(z.string()).optional(),
  'meta:registryMetadata': z.looseObject({ 'repo:createdDate': z.number().optional() }).optional(),
}));
export type TenantClass = z.infer<typeof TenantClass>;

/** A class list entry (`application/vnd.adobe.xed-id+json`). */
export const ClassSummary = SchemaSummary;
export type ClassSummary = SchemaSummary;

// ── Field groups (https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/field-groups) ───────────────────────────────────────────────────────────────────

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `POST /tenant/fieldgroups`. Custom fields live under `definitions.<name>.properties._{tenantId}`; every
 * top-level field of a definition must therefore start with `_`, and every `#/definitions/…` in `allOf` must
 * name a definition of the body.
 */
export const FieldGroupCreate = lazySchema(() => z
  .looseObject({
    type: z.literal('object'),
    title: z.string().trim().min(1, 'must not be empty').max(256, 'must be at most 256 characters'),
    description: z.string().max(1024, 'must be at most 1024 characters'),
    'meta:intendedToExtend': z.array(xdmUri).min(1, 'must name the class the field group extends (https://ns.adobe.com/xdm/context/profile)'),
    definitions: z.record(z.string(), z.looseObject({ properties: z.record(z.string(), z.looseObject({})) })),
    allOf: z.array(z.object({ $ref: z.string().min(1) })).min(1, 'must reference at least one definition (#/definitions/customFields)'),
  })
  .superRefine((body, ctx) => {
    for (const [name, definition] of Object.entries(body.definitions)) {
      for (const field of Object.keys(definition.properties)) {
        if (!field.startsWith('_') || !FIELD_NAME.test(field)) {
          ctx.addIssue({ code: 'custom', path: ['definitions', name, 'properties', field], message: 'custom fields must be under a top-level field _{tenantId}' });
        }
      }
    }
    body.allOf.forEach((entry, index) => {
      const ref = entry.$ref;
      const local = ref.startsWith('#/definitions/') ? ref.slice('#/definitions/'.length) : undefined;
      if (local !== undefined ? !Object.hasOwn(body.definitions, local) : !/^https:\/\/ns\.adobe\.com\/\S+$/.test(ref)) {
        ctx.addIssue({ code: 'custom', path: ['allOf', index, '$ref'], message: `"${ref}" is neither a definition of this body (#/definitions/NAME) nor an XDM resource URI` });
      }
    });
  }));
export type FieldGroupCreate = z.infer<typeof FieldGroupCreate>;

export const FieldGroup = lazySchema(() => z.looseObject({
  $id: z.string(),
  'meta:altId': z.string().optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  version: z.string().optional(),
  'meta:intendedToExtend': z.array(z.string()).optional(),
  definitions: z.record(z.string(), z.unknown()).optional(),
  allOf: z.array(z.looseObject({ $ref: z.string().optional() })).optional(),
  'meta:registryMetadata': z.looseObject({ 'repo:createdDate': z.number().optional() }).optional(),
}));
export type FieldGroup = z.infer<typeof FieldGroup>;

/** A field group list entry (`application/vnd.adobe.xed-id+json`). */
export const FieldGroupSummary = lazySchema(() => z.looseObject({
  $id: z.string(),
  'meta:altId': z.string().optional(),
  title: z.string().optional(),
  version: z.string().optional(),
}));
export type FieldGroupSummary = z.infer<typeof FieldGroupSummary>;

// ── Descriptors (https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/descriptors) ────────────────────────────────────────────────────────────────────

export const IDENTITY_DESCRIPTOR = 'xdm:descriptorIdentity';

/**
 * `POST /tenant/descriptors`. Any descriptor type is accepted; an identity descriptor must also name the
 * field (`xdm:sourceProperty`, a slash path) and the namespace (`xdm:namespace` by `xdm:code` or `xdm:id`).
 */
export const DescriptorCreate = lazySchema(() => z
  .looseObject({
    '@type': z.string().regex(/^xdm:[A-Za-z]+$/, 'must be a descriptor type (xdm:descriptorIdentity)'),
    'xdm:sourceSchema': z.string().regex(/^https:\/\/ns\.adobe\.com\/\S+\/schemas\/\S+$/, 'must be a schema $id URI'),
    'xdm:sourceVersion': z.number().int('must be a whole number').min(1, 'must be the schema\'s major version (1)'),
    'xdm:sourceProperty': z
      .string()
      .regex(/^(\/[A-Za-z_][A-Za-z0-9_]*)+$/, 'must be a path into the schema, like /_acme/customerId or /personalEmail/address')
      .optional(),
    'xdm:namespace': z.union([z.string().trim().min(1, 'must not be empty'), z.number().int()]).optional(),
    'xdm:property': z.enum(['xdm:code', 'xdm:id']).optional(),
    'xdm:isPrimary': z.boolean().optional(),
  })
  .superRefine((body, ctx) => {
    if (body['@type'] !== IDENTITY_DESCRIPTOR) return;
    const need = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
    if (body['xdm:sourceProperty'] === undefined) need('xdm:sourceProperty', 'is required for an identity descriptor (the identity field, /_acme/customerId)');
    if (body['xdm:property'] === undefined) need('xdm:property', 'is required for an identity descriptor ("xdm:code")');
    const namespace = body['xdm:namespace'];
    if (namespace === undefined) need('xdm:namespace', 'is required for an identity descriptor (a namespace code: Email, Phone, CRMID, …)');
    else if (body['xdm:property'] === 'xdm:code' && typeof namespace !== 'string') need('xdm:namespace', 'must be a namespace code (Email, CRMID, …) with xdm:property "xdm:code"');
    else if (body['xdm:property'] === 'xdm:id' && !/^\d+$/.test(String(namespace))) need('xdm:namespace', 'must be a numeric namespace id with xdm:property "xdm:id"');
  }));
export type DescriptorCreate = z.infer<typeof DescriptorCreate>;

export const Descriptor = lazySchema(() => z.looseObject({
  '@id': z.string().min(1),
  '@type': z.string(),
  'xdm:sourceSchema': z.string().optional(),
  'xdm:sourceVersion': z.union([z.number(), z.string()]).optional(),
  'xdm:sourceProperty': z.string().optional(),
  'xdm:namespace': z.union([z.string(), z.number()]).optional(),
  'xdm:property': z.string().optional(),
  'xdm:isPrimary': z.boolean().optional(),
  'meta:registryMetadata': z.looseObject({ 'repo:createdDate': z.number().optional() }).optional(),
}));
export type Descriptor = z.infer<typeof Descriptor>;

/** `GET /tenant/descriptors` with `application/vnd.adobe.xdm+json`: descriptors grouped by `@type`. */
export const DescriptorGroups = lazySchema(() => z.record(z.string(), z.array(z.unknown())));
