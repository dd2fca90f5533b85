// How a table's rows would land in XDM, before anything is created: a sample of rows from the source
// (`explore … preview=true`) goes with the mapping set to Data Prep's preview (`POST /mappingSets/preview`), which
// answers each row's XDM record or its errors, as a run would. Used by `mapping preview`, `onboard --preview` and
// `plan` (for tables with calculated fields).
//
// When the target schema does not exist yet (onboarding), the mapping set names it inline: a JSON schema of the
// fields onboarding would create (`outputSchema.jsonSchema`, the OpenAPI's SchemaRepresentation).

import type { PlatformClient } from '../platform/client.js';
import type { Mapping, PreviewMappingSet, TransformError } from '../platform/models/data-prep.js';
import type { FieldPlan } from './infer.js';

export interface PreviewedRow {
  /** The source row as the Platform sampled it. */
  source: Record<string, unknown>;
  /** The XDM record it becomes, when it is not rejected. */
  record?: Record<string, unknown>;
  /** Why it would be rejected (empty when it would not). */
  errors: TransformError[];
}

export interface TablePreview {
  table: string;
  rows: PreviewedRow[];
}

type JsonSchemaNode = { type: 'object'; properties: Record<string, JsonSchemaNode | { type: string; format?: string }> };

/** The fields as one JSON schema (`{type: object, properties: …}`), nested along their dot paths. */
export function inlineSchema(fields: readonly Pick<FieldPlan, 'destination' | 'xdmType' | 'format'>[]): JsonSchemaNode {
  const root: JsonSchemaNode = { type: 'object', properties: {} };
  for (const field of fields) {
    const segments = field.destination.split('.');
    const leaf = segments.pop() as string;
    let node = root;
    for (const segment of segments) {
      const child = node.properties[segment];
      if (child && 'properties' in child) node = child;
      else {
        const made: JsonSchemaNode = { type: 'object', properties: {} };
        node.properties[segment] = made;
        node = made;
      }
    }
    node.properties[leaf] = { type: field.xdmType, ...(field.format !== undefined && { format: field.format }) };
  }
  return root;
}

/**
 * Previews `mappings` on `sample` (rows as `explore … preview=true` gave them) against `outputSchema` (a schema
 * that exists, or an inline one).
 */
export async function previewSample(
  client: PlatformClient,
  options: { table: string; sample: readonly Record<string, unknown>[]; mappings: Mapping[]; outputSchema: PreviewMappingSet['outputSchema'] },
): Promise<TablePreview> {
  if (options.sample.length === 0) return { table: options.table, rows: [] };
  const answers = await client.dataPrep.mappingSets.preview({ outputSchema: options.outputSchema, mappings: options.mappings }, options.sample);
  return {
    table: options.table,
    rows: options.sample.map((source, i) => {
      const answer = answers[i];
      const errors = answer?.errors ?? [];
      return { source, ...(answer?.data && errors.length === 0 && { record: answer.data }), errors };
    }),
  };
}
