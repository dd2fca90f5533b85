// The checks a flow gets before it is created: the columns its mapping set and its delta column read must be
// columns of the source connection's table. The Platform takes such a flow, and then every row of every run
// fails; so a column the table lacks stops the create (InvalidInputError, nothing sent). A table that cannot
// be explored is a warning, not a stop. The library's `flowService.flows.create` and the CLI's `flow create`
// run this one rule, each naming the fields in its caller's terms.

import { InvalidInputError, PlatformError } from './errors.js';
import type { RequestOptions } from './internal/http.js';
import type { MappingSet } from './models/data-prep.js';
import type { ExploreTable, FlowCreate, SourceConnection } from './models/flow-service.js';

/** What the checks read: a mapping set, a source connection, and its table's columns. */
export interface FlowCheckReads {
  mappingSets: { get(id: string, version?: number, options?: RequestOptions): Promise<MappingSet> };
  sourceConnections: { get(id: string, options?: RequestOptions): Promise<SourceConnection> };
  connections: { exploreTable(connectionId: string, tablePath: string, options?: RequestOptions): Promise<ExploreTable> };
}

/** The names an error gives the delta column and the mapping: body paths for a library caller, flags for the CLI. */
export interface FlowCheckFields {
  deltaColumn: string;
  mapping: string;
}

export interface FlowColumns {
  sourceConnectionId: string;
  /** The mapping set, at a version or (without one) its current one. */
  mapping?: { id: string; version?: number | undefined } | undefined;
  deltaColumn?: string | undefined;
}

export interface FlowCheckOptions extends RequestOptions {
  fields: FlowCheckFields;
  /** Told when the table cannot be explored, so the columns went unchecked. */
  onWarning?: ((message: string) => void) | undefined;
}

/** The columns a flow reads, and the field names its errors use, as they are in a create's body. */
export function flowColumnsOf(body: FlowCreate): { columns: FlowColumns; fields: FlowCheckFields } {
  const copy = body.transformations.findIndex((t) => t.name === 'Copy');
  const mapping = body.transformations.findIndex((t) => t.name === 'Mapping');
  const delta = body.transformations[copy]?.params['deltaColumn'] as { name?: unknown } | undefined;
  const params = body.transformations[mapping]?.params as { mappingId?: unknown; mappingVersion?: unknown } | undefined;
  const version = params?.mappingVersion === undefined ? Number.NaN : Number(params.mappingVersion);
  return {
    columns: {
      sourceConnectionId: body.sourceConnectionIds[0] ?? '',
      mapping: typeof params?.mappingId === 'string' ? { id: params.mappingId, version: Number.isInteger(version) ? version : undefined } : undefined,
      deltaColumn: typeof delta?.name === 'string' ? delta.name : undefined,
    },
    fields: { deltaColumn: `transformations[${copy}].params.deltaColumn.name`, mapping: `transformations[${mapping}].params.mappingId` },
  };
}

/**
 * Checks the flow's columns against its source table; the mapping set's version checked (as given, or its
 * current one; 0 without a mapping). Throws InvalidInputError naming `options.fields` for a column the table lacks.
 */
export async function checkFlowColumns(reads: FlowCheckReads, flow: FlowColumns, options: FlowCheckOptions): Promise<number> {
  const { fields, onWarning, ...request } = options;
  const set = flow.mapping && (await reads.mappingSets.get(flow.mapping.id, flow.mapping.version, request));
  const version = flow.mapping?.version ?? set?.version ?? 0;
  const source = await reads.sourceConnections.get(flow.sourceConnectionId, request);
  const table = source.params?.['tableName'] ?? source.params?.['path'];
  if (typeof table !== 'string' || !source.baseConnectionId) return version;
  let columns: string[];
  try {
    columns = (await reads.connections.exploreTable(source.baseConnectionId, table, request)).schema.columns.map((c) => c.name);
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error;
    onWarning?.(`could not check the mapping's columns against ${table}: ${error.message}`);
    return version;
  }
  const hint = (name: string) => {
    // Column names are case sensitive: the commonest slip is the right name in the wrong case.
    const meant = columns.find((c) => c.toLowerCase() === name.toLowerCase());
    return meant ? `; column names are case sensitive: did you mean "${meant}"?` : `; its columns: ${columns.join(', ')}`;
  };
  const delta = flow.deltaColumn;
  if (delta && !columns.includes(delta)) throw new InvalidInputError(fields.deltaColumn, `"${delta}" is not a column of ${table}${hint(delta)}`);
  // Only plain columns are checked: expressions and constants read no column by name.
  const wrong = (set?.mappings ?? []).find((m) => (m.sourceType === undefined || /schema-path|ATTRIBUTE/i.test(m.sourceType)) && m.source !== undefined && !columns.includes(m.source));
  if (wrong) {
    const source = wrong.source ?? '';
    throw new InvalidInputError(fields.mapping, `mapping set ${flow.mapping?.id ?? ''} maps column "${source}" (to ${wrong.destination ?? '?'}), which ${table} does not have${hint(source)}`);
  }
  return version;
}
