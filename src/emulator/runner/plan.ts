// What a run needs to know before it reads a row, resolved from the store: the source table and the base
// connection's real (unmasked) credentials, the delta column, the mapping set compiled against the target
// dataset's schema, the flow's options, and the bounds of the rows to read.
//
// Bounds: rows whose delta is greater than `after` and at most `until`.
//   until  the end of the run's window (`params.windowEndTime`, epoch seconds)
//   after  the flow's high-water mark; without one (nothing read yet): nothing for a backfilling schedule,
//          the flow's startTime when `backfill` is false, and `params.windowStartTime` for an ad-hoc run that
//          gives one. Drivers bind these as timestamps (Dates), so the delta column is expected to be one.

import type { DeltaValue } from '../databases/reader.js';
import { datasetSchemaId, findDataset, findMappingSet, findSchema, type Json, type ResourceRecord } from '../records.js';
import type { SandboxState } from '../store.js';
import { findConnectionSpec } from '../services/flow-service/specs.js';
import { sourceTable } from '../services/flow-service/source-connections.js';
import { resolveSchemaFields } from '../services/schema-registry/fields.js';
import { MAPPER_ERROR } from './convert.js';
import { type CompiledMapping, compileMapping, MappingConfigError, type MappingRule } from './mapping.js';
import { parseSchedule } from './schedule.js';
import { decodeMark, MARK_FIELD } from './watermark.js';

/** Errors of the source side (connection, table, reader) — the database's own message follows. */
export const SOURCE_ERROR = 'CONNECTOR-1001-500';
/** Errors of the target side (dataset, writing the batch). */
export const TARGET_ERROR = 'CONNECTOR-2001-500';

/** Marks runs the scheduler created (`__trigger: 'schedule'`); runs without it came from `POST /runs`. */
export const TRIGGER_FIELD = '__trigger';

export class PlanError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PlanError';
  }
}

export interface RunPlan {
  flow: ResourceRecord;
  sourceConnectionId: string;
  targetConnectionId: string;
  connectionSpecId: string;
  connectionSpecName: string;
  /** The base connection's auth, secrets unmasked. */
  auth: { specName: string; params: Record<string, unknown> };
  table: string;
  deltaColumn: string;
  dataSetId: string;
  mapping: CompiledMapping;
  errorDiagnostics: boolean;
  partialIngestionPercent: number | undefined;
  after: DeltaValue | undefined;
  until: DeltaValue;
  /** Epoch ms. */
  window: { start: number; end: number };
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

function transformation(flow: Json, name: string): Json | undefined {
  const list = Array.isArray(flow['transformations']) ? (flow['transformations'] as unknown[]) : [];
  const found = list.find((t) => isObject(t) && t['name'] === name);
  return isObject(found) && isObject(found['params']) ? found['params'] : undefined;
}

function first(value: unknown): string | undefined {
  return Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
}

/** Everything `run` needs; throws PlanError naming what is missing or broken. */
export function planRun(sandbox: SandboxState, run: ResourceRecord, clock: () => number = Date.now): RunPlan {
  const where = `sandbox ${sandbox.info.name}`;
  const flowId = String(run['flowId']);
  const flow = sandbox.collection<ResourceRecord>('flows').get(flowId);
  if (!flow) throw new PlanError(SOURCE_ERROR, `The flow ${flowId} of this run no longer exists in ${where}.`);

  const sourceConnectionId = first(flow['sourceConnectionIds']);
  const source = sourceConnectionId === undefined ? undefined : sandbox.collection<ResourceRecord>('sourceConnections').get(sourceConnectionId);
  if (!source || sourceConnectionId === undefined) throw new PlanError(SOURCE_ERROR, `The source connection ${String(sourceConnectionId)} of flow ${flowId} no longer exists in ${where}.`);
  const baseId = String(source['baseConnectionId']);
  const base = sandbox.collection<ResourceRecord>('connections').get(baseId);
  if (!base) throw new PlanError(SOURCE_ERROR, `The base connection ${baseId} of source connection ${sourceConnectionId} no longer exists in ${where}.`);
  const specId = String((base['connectionSpec'] as Json | undefined)?.['id']);
  const spec = findConnectionSpec(specId);
  const storedAuth = base['__auth'] as { specName?: unknown; params?: unknown } | undefined;
  const auth = { specName: String(storedAuth?.specName ?? ''), params: isObject(storedAuth?.params) ? { ...storedAuth.params } : {} };
  const table = sourceTable(source);
  if (!table) throw new PlanError(SOURCE_ERROR, `The source connection ${sourceConnectionId} names no table (params.tableName).`);

  const runParams = isObject(run['params']) ? run['params'] : {};
  const copy = transformation(flow, 'Copy');
  const runDelta = isObject(runParams['deltaColumn']) ? runParams['deltaColumn']['name'] : undefined;
  const flowDelta = isObject(copy?.['deltaColumn']) ? copy['deltaColumn']['name'] : undefined;
  const deltaColumn = typeof runDelta === 'string' && runDelta !== '' ? runDelta : typeof flowDelta === 'string' ? flowDelta : undefined;
  if (!deltaColumn) throw new PlanError(SOURCE_ERROR, `Flow ${flowId} has no delta column (transformations[Copy].params.deltaColumn.name).`);

  const targetConnectionId = first(flow['targetConnectionIds']);
  const target = targetConnectionId === undefined ? undefined : sandbox.collection<ResourceRecord>('targetConnections').get(targetConnectionId);
  if (!target || targetConnectionId === undefined) throw new PlanError(TARGET_ERROR, `The target connection ${String(targetConnectionId)} of flow ${flowId} no longer exists in ${where}.`);
  const dataSetId = String((target['params'] as Json | undefined)?.['dataSetId']);
  const dataset = findDataset(sandbox, dataSetId);
  if (!dataset) throw new PlanError(TARGET_ERROR, `The dataset ${dataSetId} of target connection ${targetConnectionId} no longer exists in ${where}.`);
  const schemaId = datasetSchemaId(dataset);
  const schema = schemaId === undefined ? undefined : findSchema(sandbox, schemaId);
  if (!schema) throw new PlanError(TARGET_ERROR, `The schema ${String(schemaId)} of dataset ${dataSetId} no longer exists in ${where}.`);

  const mappingParams = transformation(flow, 'Mapping');
  const mappingId = mappingParams?.['mappingId'];
  if (typeof mappingId !== 'string') throw new PlanError(MAPPER_ERROR, `Flow ${flowId} has no Mapping transformation (params.mappingId).`);
  const version = toNumber(mappingParams?.['mappingVersion']);
  const mappingSet = findMappingSet(sandbox, mappingId, version);
  if (!mappingSet) throw new PlanError(MAPPER_ERROR, `The mapping set ${mappingId} (version ${String(version ?? 'latest')}) no longer exists in ${where}.`);
  const rules = (Array.isArray(mappingSet['mappings']) ? (mappingSet['mappings'] as Json[]) : []).map(
    (m): MappingRule => ({ sourceType: String(m['sourceType'] ?? 'ATTRIBUTE'), source: String(m['source'] ?? ''), destination: String(m['destination'] ?? '') }),
  );
  let mapping: CompiledMapping;
  try {
    mapping = compileMapping(rules, resolveSchemaFields(sandbox, schema), `schema ${String(schema['$id'])}`, clock);
  } catch (error) {
    if (error instanceof MappingConfigError) throw new PlanError(error.code, error.message);
    throw error;
  }

  const options = isObject(flow['options']) ? flow['options'] : {};
  const percent = toNumber(options['partialIngestionPercent']);
  const end = (toNumber(runParams['windowEndTime']) ?? Math.floor(Number(run['createdAt']) / 1000)) * 1000;
  const start = (toNumber(runParams['windowStartTime']) ?? 0) * 1000;
  const mark = decodeMark(flow[MARK_FIELD]);
  const schedule = parseSchedule(flow['scheduleParams']);
  let after: DeltaValue | undefined = mark;
  if (after === undefined) {
    if (run[TRIGGER_FIELD] === 'schedule') {
      if (schedule && !schedule.backfill) after = new Date(schedule.startMs);
    } else if (start > 0) after = new Date(start);
  }
  return {
    flow,
    sourceConnectionId,
    targetConnectionId,
    connectionSpecId: specId,
    connectionSpecName: typeof spec?.attributes['connectorName'] === 'string' ? spec.attributes['connectorName'] : (spec?.name ?? specId),
    auth,
    table,
    deltaColumn,
    dataSetId,
    mapping,
    errorDiagnostics: options['errorDiagnosticsEnabled'] === true || options['errorDiagnosticsEnabled'] === 'true',
    partialIngestionPercent: percent,
    after,
    until: new Date(end),
    window: { start, end },
  };
}
