// How resources are kept in the store, and the look-ups one service makes into another's resources (a flow
// checks its dataset, schema and mapping set; a mapping set checks its schema's fields).
//
// Convention: a record is the resource as the API shows it, plus `id` (its key in the store), plus internal
// fields whose names start with `__` (never shown). `publicView` strips them.

import type { SandboxState, Stored } from './store.js';

export type Json = Record<string, unknown>;
export type ResourceRecord = Stored & Json;

/** The resource as the API shows it: internal `__` fields removed, and `id` too when the API has none. */
export function publicView(record: ResourceRecord, options: { keepId?: boolean } = {}): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(record)) {
    if (key.startsWith('__')) continue;
    if (key === 'id' && options.keepId === false) continue;
    out[key] = value;
  }
  return out;
}

/** A tenant schema record is keyed by its `meta:altId`; its `$id` is the URI. */
export function findSchema(sandbox: SandboxState, idOrAltIdOrUri: string): ResourceRecord | undefined {
  const schemas = sandbox.collection<ResourceRecord>('schemas');
  return schemas.get(idOrAltIdOrUri) ?? schemas.all().find((s) => s['$id'] === idOrAltIdOrUri);
}

export function findDataset(sandbox: SandboxState, id: string): ResourceRecord | undefined {
  return sandbox.collection<ResourceRecord>('dataSets').get(id);
}

/** A mapping set at its latest version, or at `version` (kept in `__versions`). */
export function findMappingSet(sandbox: SandboxState, id: string, version?: number): ResourceRecord | undefined {
  const record = sandbox.collection<ResourceRecord>('mappingSets').get(id);
  if (!record || version === undefined || Number(record['version']) === version) return record;
  const versions = record['__versions'] as Record<string, Json> | undefined;
  const old = versions?.[String(version)];
  return old ? ({ ...old, id } as ResourceRecord) : undefined;
}

/** The `$id` of the schema a mapping set writes to, in whichever shape it was created. */
export function mappingSetSchemaId(record: Json): string | undefined {
  const outputSchema = record['outputSchema'] as { schemaRef?: { id?: unknown } } | undefined;
  const id = outputSchema?.schemaRef?.id ?? (record['schemaRef'] as { id?: unknown } | undefined)?.id ?? record['xdmSchema'];
  return typeof id === 'string' ? id : undefined;
}

/** The `$id` of a dataset's schema. */
export function datasetSchemaId(record: Json): string | undefined {
  const id = (record['schemaRef'] as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

/** One leaf field of a resolved schema: its dot path (`person.name.fullName`) and XDM type. */
export interface SchemaField {
  path: string;
  type: string;
  format?: string;
}
