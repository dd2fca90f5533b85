// The Platform's ID formats (as the API references show them, e.g. https://developer.adobe.com/experience-platform-apis/references/flow-service/), checked before a request is built so that a typo fails
// with "not a dataset id" instead of a 404 three calls later.

import { InvalidInputError } from './errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATASET_ID = /^[0-9a-f]{24}$/i;
const MAPPING_ID = /^[0-9a-f]{32}$/i;
const SCHEMA_URI = /^https:\/\/ns\.adobe\.com\/([A-Za-z0-9_-]+)\/schemas\/([0-9a-f]{32,64})$/i;
const SCHEMA_ALT_ID = /^_([A-Za-z0-9_-]+)\.schemas\.([0-9a-f]{32,64})$/i;

/** A Flow Service id (connection, source, target, flow, run, spec): a UUID. */
export function checkUuid(value: string, field: string): string {
  if (!UUID.test(value)) throw new InvalidInputError(field, `"${value}" is not a UUID (Flow Service ids look like 1a444165-3439-4c16-8441-653439dc166a)`);
  return value.toLowerCase();
}

/** A Catalog dataset id: 24 hex characters. Accepts the `@/dataSets/ID` reference form too. */
export function checkDatasetId(value: string, field: string): string {
  const id = value.replace(/^@\/dataSets\//, '');
  if (!DATASET_ID.test(id)) throw new InvalidInputError(field, `"${value}" is not a dataset id (24 hex characters)`);
  return id.toLowerCase();
}

/** A Data Prep mapping set id: 32 hex characters. */
export function checkMappingId(value: string, field: string): string {
  if (!MAPPING_ID.test(value)) throw new InvalidInputError(field, `"${value}" is not a mapping set id (32 hex characters)`);
  return value.toLowerCase();
}

/** A mapping set reference, `ID` or `ID@VERSION` (version: a whole number ≥ 0). */
export function parseMappingRef(value: string, field: string): { id: string; version: number | undefined } {
  const [id = '', version, ...rest] = value.split('@');
  if (rest.length > 0) throw new InvalidInputError(field, `"${value}" must be ID or ID@VERSION`);
  if (version !== undefined && !/^\d{1,9}$/.test(version)) {
    throw new InvalidInputError(field, `version "${version}" must be a whole number (ID@VERSION, e.g. ${id || 'ID'}@0)`);
  }
  return { id: checkMappingId(id, field), version: version === undefined ? undefined : Number(version) };
}

/**
 * A tenant schema as its `$id` URI, from either the URI or its `meta:altId`
 * (`_acme.schemas.<hex>` ⇔ `https://ns.adobe.com/acme/schemas/<hex>`).
 */
export function schemaUri(value: string, field: string): string {
  const trimmed = value.trim();
  if (SCHEMA_URI.test(trimmed)) return trimmed;
  const alt = SCHEMA_ALT_ID.exec(trimmed);
  if (alt) return `https://ns.adobe.com/${alt[1]}/schemas/${alt[2]}`;
  throw new InvalidInputError(
    field,
    `"${value}" is not a schema id (https://ns.adobe.com/TENANT/schemas/HEX or its meta:altId _TENANT.schemas.HEX)`,
  );
}

/** Any XDM resource URI (class or field group), global or tenant. */
export function checkXdmUri(value: string, field: string): string {
  if (!/^https:\/\/ns\.adobe\.com\/[^\s]+$/.test(value)) throw new InvalidInputError(field, `"${value}" is not an XDM resource URI (https://ns.adobe.com/…)`);
  return value;
}

/** Schema Registry path parameter for a resource: its URL-encoded `$id` (or an altId as is). */
export function registryPathId(idOrAltId: string): string {
  return idOrAltId.startsWith('https://') ? encodeURIComponent(idOrAltId) : idOrAltId;
}
