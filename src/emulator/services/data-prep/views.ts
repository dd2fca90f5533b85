// How a stored mapping set reads back (https://experienceleague.adobe.com/en/docs/experience-platform/data-prep/api/mapping-set): the documented names and the legacy aliases
// side by side (`source`/`sourceAttribute`, `destination`/`destinationXdmPath`, `outputSchema.schemaRef`/
// `schemaRef`/`xdmSchema`), with `sourceType` in its MIME-like read form (`text/x.schema-path`).

import { publicView, type Json, type ResourceRecord } from '../../records.js';
import { SOURCE_TYPE_ON_READ, type SourceType } from './mapping-set.js';

export function mappingView(set: Json, mapping: Json): Json {
  return {
    id: mapping['id'],
    version: set['version'],
    createdDate: set['modifiedDate'],
    modifiedDate: set['modifiedDate'],
    createdBy: set['modifiedBy'],
    modifiedBy: set['modifiedBy'],
    sourceType: SOURCE_TYPE_ON_READ[mapping['sourceType'] as SourceType] ?? mapping['sourceType'],
    source: mapping['source'],
    destination: mapping['destination'],
    ...(mapping['name'] !== undefined && { name: mapping['name'] }),
    ...(mapping['description'] !== undefined && { description: mapping['description'] }),
    identity: mapping['identity'] ?? false,
    ...(mapping['identityGroup'] !== undefined && { identityGroup: mapping['identityGroup'] }),
    ...(mapping['namespaceCode'] !== undefined && { namespaceCode: mapping['namespaceCode'] }),
    primaryIdentity: false,
    matchScore: 0,
    functionVersion: 1,
    sourceAttribute: mapping['source'],
    destinationXdmPath: mapping['destination'],
  };
}

/** The full mapping set as GET shows it; `jsonSchema` is the resolved target schema (`?expandSchema=true`). */
export function mappingSetView(record: ResourceRecord, jsonSchema?: Json): Json {
  const set = publicView(record);
  const output = set['outputSchema'] as Json;
  const schemaRef = output['schemaRef'] as Json;
  const mappings = Array.isArray(set['mappings']) ? (set['mappings'] as Json[]) : [];
  return {
    ...set,
    supportVersion: '1.1',
    outputSchema: { ...output, ...(jsonSchema && { jsonSchema }) },
    mappings: mappings.map((m) => mappingView(set, m)),
    status: 'PUBLISHED',
    strictMapping: false,
    allowNullValues: set['allowNullValues'] ?? false,
    xdmVersion: set['xdmVersion'] ?? '1.0',
    schemaRef,
    xdmSchema: schemaRef['id'],
  };
}
