// Onboarding one table: the whole chain of Adobe's database dataflow tutorial, as a graph of
// steps (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/database-nosql).
//
//   discover (every name at once) → connection → analyze (explore the table, infer class, fields, delta column,
//     identity) → class (a record table's own) → field group → schema → {identity descriptor, dataset, mapping set}
//     → target → flow
//   (source connection needs only the connection and the analysis)
//
// Each step adopts what discovery found under its deterministic name and creates only what is missing, so a
// second run — or a run after a crash at any point — completes without a duplicate; creates whose outcome is
// unknown are reconciled by the client itself. In `plan` mode nothing is written: the outcome of every step says
// what would happen. With `reconcile` (apply), an adopted flow or mapping set that drifted from the request is
// brought back in line.

import type { PlatformClient } from '../platform/client.js';
import { checkCrmSource, createBaseConnection } from '../platform/base-connection.js';
import { InvalidInputError } from '../platform/errors.js';
import { applyFlowPatch, type FlowPatch, type FlowWish, flowPatch, sayChange } from '../platform/flow-patch.js';
import type { ExploreColumn, Flow } from '../platform/models/flow-service.js';
import type { Mapping } from '../platform/models/data-prep.js';
import type { FieldGroup } from '../platform/models/schema-registry.js';
import { CRM_TO_AEP_FLOW_SPEC_ID, DATA_LAKE_SPEC_ID, SPEC_VERSION, XED_FULL_V1 } from '../platform/specs.js';
import { classBody, classConflict, classIdOf, classOfSchema, planTable, schemaDescription, schemaDetail, schemaRefs } from './classes.js';
import { type Existing, discover } from './discover.js';
import { GraphError, runGraph } from './graph.js';
import { chooseDeltaColumn, type FieldPlan, fieldGroupBody, mappingsFor } from './infer.js';
import { checkDestinations } from './destinations.js';
import { fieldGroupChange } from './evolve.js';
import { checkExpressions, surelyExpressions } from './expressions.js';
import { resourceNames } from './names.js';
import { inlineSchema, previewSample, type TablePreview } from './preview.js';
import type { ConnectionChoice, ResourceKind, ResourceOutcome, TableRequest, XdmClass } from './types.js';

export interface OnboardOptions {
  /** `plan` writes nothing and describes; `apply` makes it so. */
  mode: 'plan' | 'apply';
  /** Also update adopted resources that drifted from the request (flow schedule and state, mapping). */
  reconcile?: boolean;
  /** Steps in flight at once (default 4). */
  concurrency?: number;
  /** Also preview how this many sample rows would land (`plan` mode: before anything is written). */
  preview?: { rows: number };
  /**
   * Runs the creation of a base connection several tables share (found by name) so that concurrent onboardings
   * of one database make one connection: the task looks the name up again once it holds the lock.
   */
  connectionLock?: <T>(name: string, task: () => Promise<T>) => Promise<T>;
  events?: {
    onStep?(kind: ResourceKind | 'analyze', phase: 'start' | 'done' | 'fail', outcome?: ResourceOutcome): void;
    /** Something the user should know that is not a step's outcome (a resource undone). */
    onNote?(line: string): void;
  };
}

export interface OnboardResult {
  table: string;
  prefix: string;
  ids: Partial<Record<ResourceKind, string>>;
  resources: ResourceOutcome[];
  /** The schema's class, when known (asked for, found, or chosen from the table). */
  xdmClass?: XdmClass | undefined;
  /** Columns and where each goes, when the table was explored. */
  fields?: FieldPlan[] | undefined;
  deltaColumn?: string | undefined;
  warnings: string[];
  /** With `options.preview`: the sample rows as they would land, or why they cannot be previewed yet. */
  preview?: TablePreview | { unavailable: string } | undefined;
}

interface Analysis {
  xdmClass: XdmClass;
  columns: ExploreColumn[];
  fields: FieldPlan[];
  deltaColumn: string | undefined;
  identity: { column: string; destination: string; namespace: string } | undefined;
}

const WRITE_KINDS: readonly ResourceKind[] = ['connection', 'source', 'class', 'fieldGroup', 'schema', 'identity', 'dataset', 'target', 'mapping', 'flow'];

function pointerOf(path: string): string {
  return `/${path.split('.').join('/')}`;
}

function sameMappings(a: readonly { source?: string | undefined; destination?: string | undefined }[], b: readonly Mapping[]): boolean {
  const key = (m: { source?: string | undefined; destination?: string | undefined }) => `${m.source ?? ''}→${m.destination ?? ''}`;
  const left = a.map(key).sort();
  const right = b.map(key).sort();
  return left.length === right.length && left.every((v, i) => v === right[i]);
}

/** What every step of one onboarding shares: the request, what discovery found, and what the run made so far. */
interface OnboardRun {
  readonly client: PlatformClient;
  readonly request: TableRequest;
  readonly options: OnboardOptions;
  readonly names: ReturnType<typeof resourceNames>;
  readonly existing: Existing;
  readonly plan: boolean;
  readonly ids: Partial<Record<ResourceKind, string>>;
  readonly outcomes: Map<ResourceKind, ResourceOutcome>;
  readonly warnings: string[];
  /** The connection spec the source connection is made with (found, or asked for). */
  readonly specId: string | undefined;
  /** The class known before the table is explored. */
  readonly knownClass: XdmClass | undefined;
  /** Whether the table has to be explored at all. */
  readonly needsAnalysis: boolean;
  analysis: Analysis | undefined;
  /** The mapping set's version once this run created or updated it. */
  mappingVersion: number | undefined;
  record(kind: ResourceKind, outcome: Omit<ResourceOutcome, 'kind'>): ResourceOutcome;
  adopt(kind: ResourceKind, id: string, name: string, detail?: string): ResourceOutcome;
  planned(kind: ResourceKind, name: string, detail?: string): ResourceOutcome;
}

export async function onboardTable(client: PlatformClient, request: TableRequest, options: OnboardOptions): Promise<OnboardResult> {
  const run = await startRun(client, request, options);
  try {
    await runGraph(stepsOf(run), { concurrency: options.concurrency ?? 4 });
  } catch (error) {
    // The first failure, as its step raised it (the steps in flight finished; what they made is adopted next time).
    throw error instanceof GraphError ? error.firstError : error;
  }
  return {
    table: request.table,
    prefix: request.prefix,
    ids: run.ids,
    resources: WRITE_KINDS.map((kind) => run.outcomes.get(kind)).filter((o): o is ResourceOutcome => o !== undefined),
    xdmClass: run.analysis?.xdmClass ?? run.knownClass,
    fields: run.analysis?.fields,
    deltaColumn: run.analysis?.deltaColumn,
    warnings: run.warnings,
    ...(options.preview && { preview: await previewOf(run, options.preview.rows) }),
  };
}

/** Discovers every name at once and checks, before anything is written, what can be refused up front. */
async function startRun(client: PlatformClient, request: TableRequest, options: OnboardOptions): Promise<OnboardRun> {
  const names = resourceNames(request.prefix);
  const existing: Existing = await discover(client, names, request.connection);
  const ids: Partial<Record<ResourceKind, string>> = {};
  const outcomes = new Map<ResourceKind, ResourceOutcome>();
  const warnings = [...existing.duplicates];

  // The database must be one CRMToAEP reads; checked before anything is written.
  const specId = existing.connection?.connectionSpec.id ?? ('specId' in request.connection ? request.connection.specId : undefined);
  checkCrmSource(existing.flowSpec, specId, '--spec');

  // Calculated fields must be expressions Data Prep accepts: asked before anything is written.
  await checkExpressions(client, surelyExpressions(request.mappingOverrides));

  // A schema's class cannot change: another one than the existing schema's is refused before any write.
  const conflict = classConflict(existing.schema, request.xdmClass, existing.tenantId);
  if (conflict) throw new InvalidInputError('--class', conflict);
  // Known before the table is explored: asked for, or the existing schema's (one of another class is adopted as a
  // profile schema, as before classes were chosen).
  const knownClass = request.xdmClass ?? (existing.schema ? (classOfSchema(existing.schema['meta:class'], existing.tenantId) ?? 'profile') : undefined);

  const record = (kind: ResourceKind, outcome: Omit<ResourceOutcome, 'kind'>): ResourceOutcome => {
    const full = { kind, ...outcome };
    outcomes.set(kind, full);
    if (full.id) ids[kind] = full.id;
    return full;
  };

  // Explore only when something still has to be made from the table's columns.
  const needsAnalysis =
    options.preview !== undefined ||
    !existing.schema || !existing.mapping || !existing.flow || !existing.source || options.reconcile === true || !existing.descriptors.some((d) => d['xdm:isPrimary'] === true);

  return {
    client,
    request,
    options,
    names,
    existing,
    plan: options.mode === 'plan',
    ids,
    outcomes,
    warnings,
    specId,
    knownClass,
    needsAnalysis,
    analysis: undefined,
    mappingVersion: undefined,
    record,
    adopt: (kind, id, name, detail) => record(kind, { name, action: 'adopt', id, ...(detail && { detail }) }),
    planned: (kind, name, detail) => record(kind, { name, action: 'create', ...(detail && { detail }) }),
  };
}

/** The graph of steps: each one's id and what it needs. */
function stepsOf(run: OnboardRun) {
  const step = (kind: ResourceKind | 'analyze', needs: readonly string[], body: (run: OnboardRun) => Promise<ResourceOutcome | undefined>) => ({
    id: kind,
    needs,
    run: async () => {
      run.options.events?.onStep?.(kind, 'start');
      try {
        const outcome = await body(run);
        run.options.events?.onStep?.(kind, 'done', outcome);
        return outcome;
      } catch (error) {
        run.options.events?.onStep?.(kind, 'fail');
        throw error;
      }
    },
  });
  return [
    step('connection', [], connectionStep),
    step('analyze', ['connection'], analyzeStep),
    step('class', ['analyze'], classStep),
    step('fieldGroup', ['class'], fieldGroupStep),
    step('schema', ['fieldGroup'], schemaStep),
    step('identity', ['schema', 'analyze'], identityStep),
    step('dataset', ['schema'], datasetStep),
    step('source', ['connection', 'analyze'], sourceStep),
    step('target', ['dataset', 'schema'], targetStep),
    step('mapping', ['schema', 'analyze'], mappingStep),
    step('flow', ['source', 'target', 'mapping'], flowStep),
  ];
}

async function connectionStep(run: OnboardRun): Promise<ResourceOutcome> {
  const { existing, request, names, options } = run;
  if (existing.connection) return run.adopt('connection', existing.connection.id, existing.connection.name ?? names.connection);
  const choice = request.connection;
  if ('id' in choice) throw new Error('unreachable: a connection given by id is found or reported missing by discover');
  const name = choice.name ?? names.connection;
  if (run.plan) return run.planned('connection', name);
  if (!options.connectionLock) return createConnection(run, choice, name);
  return options.connectionLock(name, async () => {
    // Another onboarding of the same database may have made it while this one waited.
    const made = (await run.client.flowService.connections.findByName(name))[0];
    return made ? run.adopt('connection', made.id, name) : createConnection(run, choice, name);
  });
}

/** Creates the base connection the request describes (the step `connection`, when none was found). */
async function createConnection(run: OnboardRun, choice: Extract<ConnectionChoice, { specId: string }>, name: string): Promise<ResourceOutcome> {
  const created = await createBaseConnection(run.client, {
    specId: choice.specId,
    params: choice.params,
    authSpec: choice.authSpec,
    name,
    description: `Created by flowctl onboard for ${run.request.table}`,
  });
  return run.record('connection', { name, action: 'create', id: created.id });
}

async function analyzeStep(run: OnboardRun): Promise<undefined> {
  try {
    return await analyze(run);
  } catch (error) {
    await undoNewConnection(run);
    throw error;
  }
}

/** Explores the table and decides its fields, delta column and identity (the step `analyze`). */
async function analyze(run: OnboardRun): Promise<undefined> {
  const { client, existing, request, options } = run;
  if (!run.needsAnalysis) return undefined;
  // Nothing to explore until the connection exists (a plan, or a dry run, of a new connection).
  if (!existing.connection && (run.plan || client.http.dryRun)) return undefined;
  const columns = (await client.flowService.exploreTable(run.ids.connection as string, request.table)).schema.columns;
  const delta = chooseDeltaColumn(columns, request.deltaColumn);
  const deltaNeeded = !existing.flow || options.reconcile;
  if (deltaNeeded && 'problem' in delta) throw new InvalidInputError('--delta-column', delta.problem);
  const deltaColumn = 'column' in delta ? delta.column : undefined;
  // Fields, class and identity (classes.ts); identity fields are retyped to strings there.
  const mappedTimestamp = existing.mapping?.mappings?.find((m) => m.destination === 'timestamp' && m.sourceType !== 'EXPRESSION')?.source;
  const table = planTable(columns, {
    tenantId: existing.tenantId,
    table: request.table,
    overrides: request.mappingOverrides,
    identity: request.identity,
    timestamp: request.timestamp,
    xdmClass: run.knownClass,
    mappedTimestamp,
    deltaColumn,
  });
  if ('problem' in table) throw new InvalidInputError(table.flag, table.problem);
  await checkDestinations(client, table.fields, { tenantId: existing.tenantId, existingSchemaId: existing.schema?.$id, xdmClass: table.xdmClass });
  const checked = new Set(surelyExpressions(request.mappingOverrides));
  await checkExpressions(client, table.fields.filter((f) => f.expression && !checked.has(f.column)).map((f) => f.column));
  run.warnings.push(...table.warnings);
  run.analysis = { xdmClass: table.xdmClass, columns, fields: table.fields, deltaColumn: deltaNeeded ? deltaColumn : undefined, identity: table.identity };
  return undefined;
}

/**
 * When the table cannot be onboarded (it does not exist, no delta column, a bad identity), a base connection
 * this run created only to explore it is deleted again: bad input leaves nothing behind. One that was found
 * stays.
 */
async function undoNewConnection(run: OnboardRun): Promise<void> {
  const { options, request } = run;
  const made = run.outcomes.get('connection');
  if (made?.action !== 'create' || !made.id || run.plan || run.client.http.dryRun) return;
  try {
    await run.client.flowService.connections.delete(made.id);
    run.outcomes.delete('connection');
    delete run.ids.connection;
    options.events?.onNote?.(`Deleted base connection ${made.id} again: it was created only to explore ${request.table}.`);
  } catch {
    options.events?.onNote?.(`Base connection ${made.id} was created to explore ${request.table} and could not be deleted again; the next onboard with this name adopts it.`);
  }
}

async function classStep(run: OnboardRun): Promise<ResourceOutcome | undefined> {
  const { names } = run;
  if ((run.analysis?.xdmClass ?? run.knownClass) !== 'record') return undefined;
  if (run.existing.class) return run.adopt('class', run.existing.class.$id, names.class);
  const detail = 'built on the record behavior';
  if (run.plan) return run.planned('class', names.class, detail);
  const created = await run.client.schemaRegistry.createClass(classBody(names.class, run.request.table));
  return run.record('class', { name: names.class, action: 'create', id: created.$id, detail });
}

async function fieldGroupStep(run: OnboardRun): Promise<ResourceOutcome> {
  const { existing, names, analysis, plan } = run;
  if (existing.fieldGroup) return fieldGroupDrift(run, existing.fieldGroup.$id);
  if (!analysis) return run.planned('fieldGroup', names.fieldGroup, 'custom fields for the columns no standard field takes');
  // In a plan the record class has no id yet: the body only tells whether there are custom fields.
  const classId = plan ? undefined : classIdOf(analysis.xdmClass, run.ids.class);
  const body = fieldGroupBody(analysis.fields, { tenantId: existing.tenantId, title: names.fieldGroup, description: `Columns of ${run.request.table}`, classId });
  if (!body) return run.record('fieldGroup', { name: names.fieldGroup, action: 'none', detail: 'every column maps to a standard field' });
  const custom = analysis.fields.filter((f) => !f.standard).length;
  if (plan) return run.planned('fieldGroup', names.fieldGroup, `${custom} custom field${custom === 1 ? '' : 's'}`);
  const created = await run.client.schemaRegistry.createFieldGroup(body);
  return run.record('fieldGroup', { name: names.fieldGroup, action: 'create', id: created.$id, detail: `${custom} custom fields` });
}

/**
 * The adopted field group as it is now, what a re-run compares the table with — read only when the table's
 * mappings differ from the adopted mapping set's (a column added, removed or retyped), so that a re-run of an
 * unchanged table costs no extra request.
 */
function fieldGroupNow(run: OnboardRun): Promise<FieldGroup> | undefined {
  const { existing, analysis } = run;
  if (!run.options.reconcile || !existing.fieldGroup || !analysis) return undefined;
  if (existing.mapping && sameMappings(existing.mapping.mappings ?? [], mappingsFor(analysis.fields))) return undefined;
  return run.client.schemaRegistry.getFieldGroup(existing.fieldGroup.$id);
}

/**
 * An adopted field group: unchanged, or (with reconcile) extended with the custom fields of columns added to the
 * table since (evolve.ts); removed and retyped columns are warnings.
 */
async function fieldGroupDrift(run: OnboardRun, id: string): Promise<ResourceOutcome> {
  const { names, analysis } = run;
  const current = fieldGroupNow(run);
  if (!current || !analysis) return run.adopt('fieldGroup', id, names.fieldGroup);
  const change = fieldGroupChange(await current, analysis.fields, { tenantId: run.existing.tenantId, table: run.request.table });
  run.warnings.push(...change.warnings);
  if (!change.ops || change.ops.length === 0) return run.adopt('fieldGroup', id, names.fieldGroup);
  if (!run.plan) await run.client.schemaRegistry.patchFieldGroup(id, change.ops);
  return run.record('fieldGroup', { name: names.fieldGroup, action: 'update', id, ...(change.detail && { detail: change.detail }) });
}

async function schemaStep(run: OnboardRun): Promise<ResourceOutcome> {
  const { existing, names, plan, ids } = run;
  if (existing.schema) {
    // Every column was a standard field until now: the field group made this time joins the schema.
    if (run.outcomes.get('fieldGroup')?.action !== 'create' || (!plan && !ids.fieldGroup)) return run.adopt('schema', existing.schema.$id, names.schema);
    const detail = 'adds the new field group';
    if (!plan) await run.client.schemaRegistry.patchSchema(existing.schema.$id, [{ op: 'add', path: '/allOf/-', value: { $ref: ids.fieldGroup as string } }]);
    return run.record('schema', { name: names.schema, action: 'update', id: existing.schema.$id, detail });
  }
  const xdmClass = run.analysis?.xdmClass ?? run.knownClass;
  if (plan) return run.planned('schema', names.schema, schemaDetail(xdmClass));
  // Without an analysis (a dry run of a new connection) the class is unknown: as before classes, a profile.
  const made = xdmClass ?? 'profile';
  const created = await run.client.schemaRegistry.createSchema({
    type: 'object',
    title: names.schema,
    description: schemaDescription(made, run.request.table),
    allOf: schemaRefs(made, ids.class, ids.fieldGroup).map(($ref) => ({ $ref })),
  });
  return run.record('schema', { name: names.schema, action: 'create', id: created.$id, detail: schemaDetail(made) });
}

async function identityStep(run: OnboardRun): Promise<ResourceOutcome> {
  const { analysis } = run;
  const wanted = analysis?.identity;
  const name = wanted ? `${wanted.column} → ${wanted.destination} (${wanted.namespace})` : 'primary identity';
  const found = run.existing.descriptors.find((d) => d['xdm:isPrimary'] === true && (!wanted || d['xdm:sourceProperty'] === pointerOf(wanted.destination)));
  if (found) return run.adopt('identity', String(found['@id'] ?? ''), name);
  // An explored table without one: a record, or an event without a person column (a warning says so).
  if (analysis && !wanted) return run.record('identity', { name, action: 'none', detail: `no identity column (a ${analysis.xdmClass} schema)` });
  if (!wanted || run.plan) return run.planned('identity', name);
  const created = await run.client.schemaRegistry.createDescriptor({
    '@type': 'xdm:descriptorIdentity',
    'xdm:sourceSchema': run.ids.schema as string,
    'xdm:sourceVersion': 1,
    'xdm:sourceProperty': pointerOf(wanted.destination),
    'xdm:namespace': wanted.namespace,
    'xdm:property': 'xdm:code',
    'xdm:isPrimary': true,
  });
  return run.record('identity', { name, action: 'create', id: String(created['@id'] ?? '') });
}

async function datasetStep(run: OnboardRun): Promise<ResourceOutcome> {
  const { names } = run;
  if (run.existing.dataset) return run.adopt('dataset', run.existing.dataset.id, names.dataset);
  if (run.plan) return run.planned('dataset', names.dataset);
  const id = await run.client.catalog.createDataset({
    name: names.dataset,
    description: `Records of ${run.request.table}`,
    schemaRef: { id: run.ids.schema as string, contentType: XED_FULL_V1 },
  });
  return run.record('dataset', { name: names.dataset, action: 'create', id });
}

async function sourceStep(run: OnboardRun): Promise<ResourceOutcome> {
  const { existing, names, request } = run;
  if (existing.source) {
    const table = existing.source.params?.['tableName'] ?? existing.source.params?.['path'];
    return run.adopt('source', existing.source.id, names.source, table === request.table ? undefined : `reads ${String(table)}, not ${request.table}`);
  }
  if (run.plan) return run.planned('source', names.source, request.table);
  const connection = existing.connection;
  const spec = connection?.connectionSpec ?? { id: run.specId as string, version: SPEC_VERSION };
  const created = await run.client.flowService.createSourceConnection({
    name: names.source,
    description: `Table ${request.table}`,
    baseConnectionId: run.ids.connection as string,
    connectionSpec: { id: spec.id, version: spec.version ?? SPEC_VERSION },
    data: { format: 'tabular' },
    params: { tableName: request.table },
  });
  return run.record('source', { name: names.source, action: 'create', id: created.id });
}

async function targetStep(run: OnboardRun): Promise<ResourceOutcome> {
  const { existing, names, ids } = run;
  if (existing.target) {
    const dataSetId = existing.target.params?.['dataSetId'];
    return run.adopt('target', existing.target.id, names.target, dataSetId === ids.dataset ? undefined : `writes to dataset ${String(dataSetId)}`);
  }
  if (run.plan) return run.planned('target', names.target);
  const created = await run.client.flowService.createTargetConnection({
    name: names.target,
    description: `Data lake target of ${run.request.table}`,
    connectionSpec: { id: DATA_LAKE_SPEC_ID, version: SPEC_VERSION },
    data: { format: 'parquet_xdm', schema: { id: ids.schema as string, version: XED_FULL_V1 } },
    params: { dataSetId: ids.dataset as string },
  });
  return run.record('target', { name: names.target, action: 'create', id: created.id });
}

async function mappingStep(run: OnboardRun): Promise<ResourceOutcome> {
  const { existing, names, plan } = run;
  const { dataPrep } = run.client;
  const wanted = run.analysis ? mappingsFor(run.analysis.fields) : undefined;
  if (existing.mapping) {
    if (!run.options.reconcile || !wanted || sameMappings(existing.mapping.mappings ?? [], wanted)) return run.adopt('mapping', existing.mapping.id, names.mapping);
    const detail = `${wanted.length} mappings differ from version ${existing.mapping.version ?? 0}`;
    if (plan) return run.record('mapping', { name: names.mapping, action: 'update', id: existing.mapping.id, detail });
    const updated = await dataPrep.updateMappingSet(existing.mapping.id, {
      name: names.mapping,
      outputSchema: { schemaRef: { id: run.ids.schema as string, contentType: XED_FULL_V1 } },
      mappings: wanted,
    });
    run.mappingVersion = updated.version;
    return run.record('mapping', { name: names.mapping, action: 'update', id: existing.mapping.id, detail });
  }
  if (plan || !wanted) return run.planned('mapping', names.mapping, wanted ? `${wanted.length} mappings` : 'one mapping per column');
  const created = await dataPrep.createMappingSet({
    name: names.mapping,
    outputSchema: { schemaRef: { id: run.ids.schema as string, contentType: XED_FULL_V1 } },
    mappings: wanted,
  });
  run.mappingVersion = created.version;
  return run.record('mapping', { name: names.mapping, action: 'create', id: created.id, detail: `${wanted.length} mappings` });
}

async function flowStep(run: OnboardRun): Promise<ResourceOutcome> {
  const { existing, names, request, analysis, ids } = run;
  const flow = existing.flow;
  if (flow) return flowDriftOf(run, flow);
  const schedule = `${request.schedule.frequency}${request.schedule.interval ? ` every ${request.schedule.interval}` : ''}`;
  // A dry run of a new connection could not explore the table: no delta column to send, so it is planned.
  if (run.plan || (!analysis && run.client.http.dryRun)) return run.planned('flow', names.flow, `${schedule}, delta column ${analysis?.deltaColumn ?? request.deltaColumn ?? '(from the table)'}`);
  const version = run.mappingVersion ?? existing.mapping?.version ?? 0;
  const created = await run.client.flowService.createFlow({
    name: names.flow,
    description: `${request.table} → ${names.dataset}`,
    flowSpec: { id: CRM_TO_AEP_FLOW_SPEC_ID, version: SPEC_VERSION },
    sourceConnectionIds: [ids.source as string],
    targetConnectionIds: [ids.target as string],
    transformations: [
      { name: 'Copy', params: { deltaColumn: { name: analysis?.deltaColumn ?? (request.deltaColumn as string) } } },
      { name: 'Mapping', params: { mappingId: ids.mapping as string, mappingVersion: String(version) } },
    ],
    scheduleParams: request.schedule,
    ...(request.options && Object.keys(request.options).length > 0 && { options: request.options }),
  });
  if (request.enabled === false) await run.client.flowService.flowAction(created.id, 'disable');
  return run.record('flow', { name: names.flow, action: 'create', id: created.id, detail: schedule });
}

/**
 * An adopted flow: unchanged, or (with reconcile) its schedule, options, mapping and state brought in line
 * (platform/flow-patch.ts: sent with If-Match, read again and recomputed once on 412).
 */
async function flowDriftOf(run: OnboardRun, flow: Flow): Promise<ResourceOutcome> {
  const { request, names } = run;
  if (!run.options.reconcile) return run.adopt('flow', flow.id, names.flow);
  const wish: FlowWish = {
    // The start time stays as it is: onboarding asks for a schedule from now, which every run would move.
    schedule: { frequency: request.schedule.frequency, interval: request.schedule.interval, backfill: request.schedule.backfill },
    options: { ...request.options },
    exactOptions: true,
    mapping: run.ids.mapping ? { id: run.ids.mapping, version: String(run.mappingVersion ?? run.existing.mapping?.version ?? 0) } : undefined,
    enabled: request.enabled !== false,
  };
  const patch = flowPatch(flow, wish);
  if (patch.ops.length === 0 && !patch.action) return run.adopt('flow', flow.id, names.flow);
  if (!run.plan) {
    const applied = await applyFlowPatch(run.client.flowService, flow.id, wish, { flow });
    if (applied.patch.ops.length === 0 && !applied.patch.action) return run.adopt('flow', flow.id, names.flow);
    return run.record('flow', { name: names.flow, action: 'update', id: flow.id, detail: detailOf(applied.patch) });
  }
  return run.record('flow', { name: names.flow, action: 'update', id: flow.id, detail: detailOf(patch) });
}

function detailOf(patch: FlowPatch): string {
  return patch.words.length > 0 ? patch.words.map((w) => sayChange(w)).join(', ') : patch.changes.map((c) => c.field).join(', ');
}

/** The sample through the mapping onboarding makes, into the schema it makes (inline) or found. */
async function previewOf(run: OnboardRun, rows: number): Promise<TablePreview | { unavailable: string }> {
  const { analysis, ids, request, existing, client } = run;
  if (!analysis || !ids.connection) return { unavailable: `the base connection does not exist yet, so ${request.table} cannot be sampled; create it first (flowctl connection create) or onboard without --preview` };
  const sample = await client.flowService.previewTable(ids.connection, request.table);
  const outputSchema = existing.schema ? { schemaRef: { id: existing.schema.$id, contentType: XED_FULL_V1 } } : { jsonSchema: inlineSchema(analysis.fields) };
  return previewSample(client, { table: request.table, sample: sample.data.slice(0, rows), mappings: mappingsFor(analysis.fields), outputSchema });
}
