// Schema Registry requests and responses (https://developer.adobe.com/experience-platform-apis/references/schema-registry/).

import * as z from './zod.js';
import { lazySchema } from './lazy.js';

const xdmUri = lazySchema(() => z.string().check(z.regex(/^https:\/\/ns\.adobe\.com\/\S+$/, 'must be an XDM resource URI (https://ns.adobe.com/…)')));

export const SchemaCreate = lazySchema(() => z.object({
  type: z.literal('object'),
  title: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(256, 'must be at most 256 characters')),
  description: z.string().check(z.maxLength(1024, 'must be at most 1024 characters')),
  allOf: z.array(z.object({ $ref: xdmUri })).check(z.minLength(1, 'must hold a class'), z.refine((refs) => new Set(refs.map((r) => r.$ref)).size === refs.length, 'must not list the same class or field group twice')),
}));
export type SchemaCreate = z.infer<typeof SchemaCreate>;

export const Schema = lazySchema(() => z.looseObject({
  $id: z.string(),
  'meta:altId': z.optional(z.string()),
  title: z.optional(z.string()),
  description: z.optional(z.string()),
  version: z.optional(z.string()),
  'meta:class': z.optional(z.string()),
  allOf: z.optional(z.array(z.looseObject({ $ref: z.optional(z.string()) }))),
  'meta:registryMetadata': z.optional(z.looseObject({ 'repo:createdDate': z.optional(z.number()) })),
}));
export type Schema = z.infer<typeof Schema>;

/** A list entry (`application/vnd.adobe.xed-id+json`). */
export const SchemaSummary = lazySchema(() => z.looseObject({
  $id: z.string(),
  'meta:altId': z.optional(z.string()),
  title: z.optional(z.string()),
  version: z.optional(z.string()),
}));
export type SchemaSummary = z.infer<typeof SchemaSummary>;

export const TenantStats = lazySchema(() => z.looseObject({ tenantId: z.string().check(z.minLength(1)), imsOrg: z.optional(z.string()) }));
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
  title: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(256, 'must be at most 256 characters')),
  description: z.string().check(z.maxLength(1024, 'must be at most 1024 characters')),
  definitions: z.optional(z.record(z.string(), z.looseObject({ properties: z.record(z.string(), z.looseObject({})) }))),
  allOf: z.array(z.object({ $ref: z.string().check(z.minLength(1)) })).check(z.refine((refs) => refs.filter((r) => (XDM_BEHAVIORS as readonly string[]).includes(r.$ref)).length === 1, `must name exactly one behavior (${XDM_BEHAVIORS.join(' or ')})`)),
}));
export type ClassCreate = z.infer<typeof ClassCreate>;

export const TenantClass = lazySchema(() => z.looseObject({
  $id: z.string(),
  'meta:altId': z.optional(z.string()),
  title: z.optional(z.string()),
  version: z.optional(z.string()),
  'meta:extends': z.optional(z.array(z.string())),
  'meta:registryMetadata': z.optional(z.looseObject({ 'repo:createdDate': z.optional(z.number()) })),
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
export const FieldGroupCreate = lazySchema(() => z.looseObject({
  type: z.literal('object'),
  title: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(256, 'must be at most 256 characters')),
  description: z.string().check(z.maxLength(1024, 'must be at most 1024 characters')),
  'meta:intendedToExtend': z.array(xdmUri).check(z.minLength(1, 'must name the class the field group extends (https://ns.adobe.com/xdm/context/profile)')),
  definitions: z.record(z.string(), z.looseObject({ properties: z.record(z.string(), z.looseObject({})) })),
  allOf: z.array(z.object({ $ref: z.string().check(z.minLength(1)) })).check(z.minLength(1, 'must reference at least one definition (#/definitions/customFields)')),
}).check(z.superRefine((body, ctx) => {
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
})));
export type FieldGroupCreate = z.infer<typeof FieldGroupCreate>;

export const FieldGroup = lazySchema(() => z.looseObject({
  $id: z.string(),
  'meta:altId': z.optional(z.string()),
  title: z.optional(z.string()),
  description: z.optional(z.string()),
  version: z.optional(z.string()),
  'meta:intendedToExtend': z.optional(z.array(z.string())),
  definitions: z.optional(z.record(z.string(), z.unknown())),
  allOf: z.optional(z.array(z.looseObject({ $ref: z.optional(z.string()) }))),
  'meta:registryMetadata': z.optional(z.looseObject({ 'repo:createdDate': z.optional(z.number()) })),
}));
export type FieldGroup = z.infer<typeof FieldGroup>;

/** A field group list entry (`application/vnd.adobe.xed-id+json`). */
export const FieldGroupSummary = lazySchema(() => z.looseObject({
  $id: z.string(),
  'meta:altId': z.optional(z.string()),
  title: z.optional(z.string()),
  version: z.optional(z.string()),
}));
export type FieldGroupSummary = z.infer<typeof FieldGroupSummary>;

// ── Descriptors (https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/descriptors) ────────────────────────────────────────────────────────────────────

export const IDENTITY_DESCRIPTOR = 'xdm:descriptorIdentity';

/**
 * `POST /tenant/descriptors`. Any descriptor type is accepted; an identity descriptor must also name the
 * field (`xdm:sourceProperty`, a slash path) and the namespace (`xdm:namespace` by `xdm:code` or `xdm:id`).
 */
export const DescriptorCreate = lazySchema(() => z.looseObject({
  '@type': z.string().check(z.regex(/^xdm:[A-Za-z]+$/, 'must be a descriptor type (xdm:descriptorIdentity)')),
  'xdm:sourceSchema': z.string().check(z.regex(/^https:\/\/ns\.adobe\.com\/\S+\/schemas\/\S+$/, 'must be a schema $id URI')),
  'xdm:sourceVersion': z.number().check(z.int('must be a whole number'), z.gte(1, 'must be the schema\'s major version (1)')),
  'xdm:sourceProperty': z.optional(z.string().check(z.regex(/^(\/[A-Za-z_][A-Za-z0-9_]*)+$/, 'must be a path into the schema, like /_acme/customerId or /personalEmail/address'))),
  'xdm:namespace': z.optional(z.union([z.string().check(z.trim(), z.minLength(1, 'must not be empty')), z.number().check(z.int())])),
  'xdm:property': z.optional(z.enum(['xdm:code', 'xdm:id'])),
  'xdm:isPrimary': z.optional(z.boolean()),
}).check(z.superRefine((body, ctx) => {
  if (body['@type'] !== IDENTITY_DESCRIPTOR) return;
  const need = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
  if (body['xdm:sourceProperty'] === undefined) need('xdm:sourceProperty', 'is required for an identity descriptor (the identity field, /_acme/customerId)');
  if (body['xdm:property'] === undefined) need('xdm:property', 'is required for an identity descriptor ("xdm:code")');
  const namespace = body['xdm:namespace'];
  if (namespace === undefined) need('xdm:namespace', 'is required for an identity descriptor (a namespace code: Email, Phone, CRMID, …)');
  else if (body['xdm:property'] === 'xdm:code' && typeof namespace !== 'string') need('xdm:namespace', 'must be a namespace code (Email, CRMID, …) with xdm:property "xdm:code"');
  else if (body['xdm:property'] === 'xdm:id' && !/^\d+$/.test(String(namespace))) need('xdm:namespace', 'must be a numeric namespace id with xdm:property "xdm:id"');
})));
export type DescriptorCreate = z.infer<typeof DescriptorCreate>;

export const Descriptor = lazySchema(() => z.looseObject({
  '@id': z.string().check(z.minLength(1)),
  '@type': z.string(),
  'xdm:sourceSchema': z.optional(z.string()),
  'xdm:sourceVersion': z.optional(z.union([z.number(), z.string()])),
  'xdm:sourceProperty': z.optional(z.string()),
  'xdm:namespace': z.optional(z.union([z.string(), z.number()])),
  'xdm:property': z.optional(z.string()),
  'xdm:isPrimary': z.optional(z.boolean()),
  'meta:registryMetadata': z.optional(z.looseObject({ 'repo:createdDate': z.optional(z.number()) })),
}));
export type Descriptor = z.infer<typeof Descriptor>;

/** `GET /tenant/descriptors` with `application/vnd.adobe.xdm+json`: descriptors grouped by `@type`. */
export const DescriptorGroups = lazySchema(() => z.record(z.string(), z.array(z.unknown())));
