// Onboarding one table: the whole chain of Adobe's database dataflow tutorial, as a graph of
// steps (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/database-nosql).
//
//   discover (every name at once) → connection → analyze (explore the table, infer class, fields, delta column,
//     identity) → class (a record table's own) → field group → schema → {identity descriptor, dataset, mapping set}
//     → target → flow
//   (source connection needs only the connection and the analysis; `related` — the found schema's descriptors, the
//   table's own class — is read alongside the analysis, and only the class and identity steps wait for it)
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
import { discover, discoverRelated, type Existing, type Related } from './discover.js';
import { GraphError, runTypedSteps, type StepResults, typedStep } from './graph.js';
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

function pointerOf(path: string): string {
  return `/${path.split('.').join('/')}`;
}

function sameMappings(a: readonly { source?: string | undefined; destination?: string | undefined }[], b: readonly Mapping[]): boolean {
  const key = (m: { source?: string | undefined; destination?: string | undefined }) => `${m.source ?? ''}→${m.destination ?? ''}`;
  const left = a.map(key).sort();
  const right = b.map(key).sort();
  return left.length === right.length && left.every((v, i) => v === right[i]);
}

/**
 * What every step of one onboarding reads: the request and what discovery found. Steps do not write to it; each
 * returns its outcome, and the steps that need it receive it (typedStep in graph.ts), so the graph's edges are
 * exactly what the steps read. `warnings` only collects.
 */
interface OnboardContext {
  readonly client: PlatformClient;
  readonly request: TableRequest;
  readonly options: OnboardOptions;
  readonly names: ReturnType<typeof resourceNames>;
  readonly existing: Existing;
  readonly plan: boolean;
  readonly warnings: string[];
  /** The connection spec the source connection is made with (found, or asked for). */
  readonly specId: string | undefined;
  /** The class known before the table is explored. */
  readonly knownClass: XdmClass | undefined;
  /**
   * What depends on the resources found (descriptors, the table's own class), being read while the table is
   * explored: steps that need it receive it from the step `related`.
   */
  readonly related: Promise<Related>;
}

/** The mapping step's outcome, with the mapping set's version when this run created or updated it. */
interface MappingMade {
  outcome: ResourceOutcome;
  version: number | undefined;
}

const adopted = (kind: ResourceKind, id: string, name: string, detail?: string): ResourceOutcome => ({ kind, name, action: 'adopt', id, ...(detail && { detail }) });
const planned = (kind: ResourceKind, name: string, detail?: string): ResourceOutcome => ({ kind, name, action: 'create', ...(detail && { detail }) });
const made = (kind: ResourceKind, outcome: Omit<ResourceOutcome, 'kind'>): ResourceOutcome => ({ kind, ...outcome });

export async function onboardTable(client: PlatformClient, request: TableRequest, options: OnboardOptions): Promise<OnboardResult> {
  const ctx = await startRun(client, request, options);
  const steps = stepsOf(ctx);
  let results: StepResults;
  try {
    results = await runTypedSteps(Object.values(steps), { concurrency: options.concurrency ?? 4 });
  } catch (error) {
    // The first failure, as its step raised it (the steps in flight finished; what they made is adopted next time).
    throw error instanceof GraphError ? error.firstError : error;
  }
  const analysis = results.get(steps.analysis);
  const resources = [
    results.get(steps.connection),
    results.get(steps.source),
    results.get(steps.xdmClass),
    results.get(steps.fieldGroup),
    results.get(steps.schema),
    results.get(steps.identity),
    results.get(steps.dataset),
    results.get(steps.target),
    results.get(steps.mapping).outcome,
    results.get(steps.flow),
  ].filter((o): o is ResourceOutcome => o !== undefined);
  const ids: Partial<Record<ResourceKind, string>> = Object.fromEntries(resources.filter((o) => o.id).map((o) => [o.kind, o.id]));
  return {
    table: request.table,
    prefix: request.prefix,
    ids,
    resources,
    xdmClass: analysis?.xdmClass ?? ctx.knownClass,
    fields: analysis?.fields,
    deltaColumn: analysis?.deltaColumn,
    warnings: ctx.warnings,
    ...(options.preview && { preview: await previewOf(ctx, analysis, ids.connection, options.preview.rows) }),
  };
}

/** Discovers every name at once and checks, before anything is written, what can be refused up front. */
async function startRun(client: PlatformClient, request: TableRequest, options: OnboardOptions): Promise<OnboardContext> {
  const names = resourceNames(request.prefix);
  const existing: Existing = await discover(client, names, request.connection);

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

  const related = discoverRelated(client, names, existing);
  // Read by the step `related`; until then a failure must not be reported as unhandled (a check above may throw).
  related.catch(() => undefined);
  return { client, request, options, names, existing, plan: options.mode === 'plan', warnings: [...existing.duplicates], specId, knownClass, related };
}

/**
 * Explore only when something still has to be made from the table's columns. Decided without waiting for the
 * descriptors whenever anything else already says so (a re-run reconciles: it always explores).
 */
async function needsAnalysis(ctx: OnboardContext): Promise<boolean> {
  const { existing, options } = ctx;
  if (options.preview !== undefined || options.reconcile === true) return true;
  if (!existing.schema || !existing.mapping || !existing.flow || !existing.source) return true;
  return !(await ctx.related).descriptors.some((d) => d['xdm:isPrimary'] === true);
}

/** Reports a step's start and end, with its outcome, to the caller's events (a spinner, a log). */
function observed<Out>(ctx: OnboardContext, kind: ResourceKind | 'analyze', body: () => Promise<Out>, outcomeOf: (out: Out) => ResourceOutcome | undefined): Promise<Out> {
  const events = ctx.options.events;
  events?.onStep?.(kind, 'start');
  return body().then(
    (out) => {
      events?.onStep?.(kind, 'done', outcomeOf(out));
      return out;
    },
    (error: unknown) => {
      events?.onStep?.(kind, 'fail');
      throw error;
    },
  );
}

const itself = (outcome: ResourceOutcome | undefined) => outcome;

/** The graph of steps: each one receives the outputs of the steps it names. */
function stepsOf(ctx: OnboardContext) {
  const connection = typedStep('connection', {}, () => observed(ctx, 'connection', () => connectionStep(ctx), itself));
  const related = typedStep('related', {}, () => ctx.related);
  const analysis = typedStep('analyze', { connection }, (i) => observed(ctx, 'analyze', () => analyzeStep(ctx, i), () => undefined));
  const xdmClass = typedStep('class', { analysis, related }, (i) => observed(ctx, 'class', () => classStep(ctx, i), itself));
  const fieldGroup = typedStep('fieldGroup', { analysis, xdmClass }, (i) => observed(ctx, 'fieldGroup', () => fieldGroupStep(ctx, i), itself));
  const schema = typedStep('schema', { analysis, xdmClass, fieldGroup }, (i) => observed(ctx, 'schema', () => schemaStep(ctx, i), itself));
  const identity = typedStep('identity', { analysis, schema, related }, (i) => observed(ctx, 'identity', () => identityStep(ctx, i), itself));
  const dataset = typedStep('dataset', { schema }, (i) => observed(ctx, 'dataset', () => datasetStep(ctx, i), itself));
  // The source connection waits for the analysis only so that a table that cannot be onboarded gets none.
  const source = typedStep('source', { connection, analysis }, (i) => observed(ctx, 'source', () => sourceStep(ctx, i), itself));
  const target = typedStep('target', { dataset, schema }, (i) => observed(ctx, 'target', () => targetStep(ctx, i), itself));
  const mapping = typedStep('mapping', { schema, analysis }, (i) => observed(ctx, 'mapping', () => mappingStep(ctx, i), (m) => m.outcome));
  const flow = typedStep('flow', { source, target, mapping, analysis }, (i) => observed(ctx, 'flow', () => flowStep(ctx, i), itself));
  return { connection, related, analysis, xdmClass, fieldGroup, schema, identity, dataset, source, target, mapping, flow };
}

async function connectionStep(ctx: OnboardContext): Promise<ResourceOutcome> {
  const { existing, request, names, options } = ctx;
  if (existing.connection) return adopted('connection', existing.connection.id, existing.connection.name ?? names.connection);
  const choice = request.connection;
  if ('id' in choice) throw new Error('unreachable: a connection given by id is found or reported missing by discover');
  const name = choice.name ?? names.connection;
  if (ctx.plan) return planned('connection', name);
  if (!options.connectionLock) return createConnection(ctx, choice, name);
  return options.connectionLock(name, async () => {
    // Another onboarding of the same database may have made it while this one waited.
    const found = (await ctx.client.flowService.connections.findByName(name))[0];
    return found ? adopted('connection', found.id, name) : createConnection(ctx, choice, name);
  });
}

/** Creates the base connection the request describes (the step `connection`, when none was found). */
async function createConnection(ctx: OnboardContext, choice: Extract<ConnectionChoice, { specId: string }>, name: string): Promise<ResourceOutcome> {
  const created = await createBaseConnection(ctx.client, {
    specId: choice.specId,
    params: choice.params,
    authSpec: choice.authSpec,
    name,
    description: `Created by flowctl onboard for ${ctx.request.table}`,
  });
  return made('connection', { name, action: 'create', id: created.id });
}

async function analyzeStep(ctx: OnboardContext, inputs: { connection: ResourceOutcome }): Promise<Analysis | undefined> {
  try {
    return await analyze(ctx, inputs.connection.id);
  } catch (error) {
    await undoNewConnection(ctx, inputs.connection);
    throw error;
  }
}

/** Explores the table and decides its fields, delta column and identity (the step `analyze`). */
async function analyze(ctx: OnboardContext, connectionId: string | undefined): Promise<Analysis | undefined> {
  const { client, existing, request, options } = ctx;
  if (!(await needsAnalysis(ctx))) return undefined;
  // Nothing to explore until the connection exists (a plan, or a dry run, of a new connection).
  if (!connectionId || (!existing.connection && (ctx.plan || client.http.dryRun))) return undefined;
  const columns = (await client.flowService.connections.exploreTable(connectionId, request.table)).schema.columns;
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
    xdmClass: ctx.knownClass,
    mappedTimestamp,
    deltaColumn,
  });
  if ('problem' in table) throw new InvalidInputError(table.flag, table.problem);
  await checkDestinations(client, table.fields, { tenantId: existing.tenantId, existingSchemaId: existing.schema?.$id, xdmClass: table.xdmClass });
  const checked = new Set(surelyExpressions(request.mappingOverrides));
  await checkExpressions(client, table.fields.filter((f) => f.expression && !checked.has(f.column)).map((f) => f.column));
  ctx.warnings.push(...table.warnings);
  return { xdmClass: table.xdmClass, columns, fields: table.fields, deltaColumn: deltaNeeded ? deltaColumn : undefined, identity: table.identity };
}

/**
 * When the table cannot be onboarded (it does not exist, no delta column, a bad identity), a base connection
 * this run created only to explore it is deleted again: bad input leaves nothing behind. One that was found
 * stays.
 */
async function undoNewConnection(ctx: OnboardContext, connection: ResourceOutcome): Promise<void> {
  const { options, request } = ctx;
  if (connection.action !== 'create' || !connection.id || ctx.plan || ctx.client.http.dryRun) return;
  try {
    await ctx.client.flowService.connections.delete(connection.id);
    options.events?.onNote?.(`Deleted base connection ${connection.id} again: it was created only to explore ${request.table}.`);
  } catch {
    options.events?.onNote?.(`Base connection ${connection.id} was created to explore ${request.table} and could not be deleted again; the next onboard with this name adopts it.`);
  }
}

/** The class the schema is of: known from the request or the existing schema, or chosen from the table. */
function classOf(ctx: OnboardContext, analysis: Analysis | undefined): XdmClass | undefined {
  return analysis?.xdmClass ?? ctx.knownClass;
}

async function classStep(ctx: OnboardContext, { analysis, related }: { analysis: Analysis | undefined; related: Related }): Promise<ResourceOutcome | undefined> {
  const { names } = ctx;
  if (classOf(ctx, analysis) !== 'record') return undefined;
  if (related.class) return adopted('class', related.class.$id, names.class);
  const detail = 'built on the record behavior';
  if (ctx.plan) return planned('class', names.class, detail);
  const created = await ctx.client.schemaRegistry.classes.create(classBody(names.class, ctx.request.table));
  return made('class', { name: names.class, action: 'create', id: created.$id, detail });
}

async function fieldGroupStep(ctx: OnboardContext, inputs: { analysis: Analysis | undefined; xdmClass: ResourceOutcome | undefined }): Promise<ResourceOutcome> {
  const { existing, names, plan } = ctx;
  const { analysis } = inputs;
  if (existing.fieldGroup) return fieldGroupDrift(ctx, existing.fieldGroup.$id, analysis);
  if (!analysis) return planned('fieldGroup', names.fieldGroup, 'custom fields for the columns no standard field takes');
  // In a plan the record class has no id yet: the body only tells whether there are custom fields.
  const classId = plan ? undefined : classIdOf(analysis.xdmClass, inputs.xdmClass?.id);
  const body = fieldGroupBody(analysis.fields, { tenantId: existing.tenantId, title: names.fieldGroup, description: `Columns of ${ctx.request.table}`, classId });
  if (!body) return made('fieldGroup', { name: names.fieldGroup, action: 'none', detail: 'every column maps to a standard field' });
  const custom = analysis.fields.filter((f) => !f.standard).length;
  if (plan) return planned('fieldGroup', names.fieldGroup, `${custom} custom field${custom === 1 ? '' : 's'}`);
  const created = await ctx.client.schemaRegistry.fieldGroups.create(body);
  return made('fieldGroup', { name: names.fieldGroup, action: 'create', id: created.$id, detail: `${custom} custom fields` });
}

/**
 * The adopted field group as it is now, what a re-run compares the table with — read only when the table's
 * mappings differ from the adopted mapping set's (a column added, removed or retyped), so that a re-run of an
 * unchanged table costs no extra request.
 */
function fieldGroupNow(ctx: OnboardContext, analysis: Analysis | undefined): Promise<FieldGroup> | undefined {
  const { existing } = ctx;
  if (!ctx.options.reconcile || !existing.fieldGroup || !analysis) return undefined;
  if (existing.mapping && sameMappings(existing.mapping.mappings ?? [], mappingsFor(analysis.fields))) return undefined;
  return ctx.client.schemaRegistry.fieldGroups.get(existing.fieldGroup.$id);
}

/**
 * An adopted field group: unchanged, or (with reconcile) extended with the custom fields of columns added to the
 * table since (evolve.ts); removed and retyped columns are warnings.
 */
async function fieldGroupDrift(ctx: OnboardContext, id: string, analysis: Analysis | undefined): Promise<ResourceOutcome> {
  const { names } = ctx;
  const current = fieldGroupNow(ctx, analysis);
  if (!current || !analysis) return adopted('fieldGroup', id, names.fieldGroup);
  const change = fieldGroupChange(await current, analysis.fields, { tenantId: ctx.existing.tenantId, table: ctx.request.table });
  ctx.warnings.push(...change.warnings);
  if (!change.ops || change.ops.length === 0) return adopted('fieldGroup', id, names.fieldGroup);
  if (!ctx.plan) await ctx.client.schemaRegistry.fieldGroups.patch(id, change.ops);
  return made('fieldGroup', { name: names.fieldGroup, action: 'update', id, ...(change.detail && { detail: change.detail }) });
}

async function schemaStep(
  ctx: OnboardContext,
  inputs: { analysis: Analysis | undefined; xdmClass: ResourceOutcome | undefined; fieldGroup: ResourceOutcome },
): Promise<ResourceOutcome> {
  const { existing, names, plan } = ctx;
  const { fieldGroup } = inputs;
  if (existing.schema) {
    // Every column was a standard field until now: the field group made this time joins the schema.
    if (fieldGroup.action !== 'create' || (!plan && !fieldGroup.id)) return adopted('schema', existing.schema.$id, names.schema);
    const detail = 'adds the new field group';
    if (!plan) await ctx.client.schemaRegistry.schemas.patch(existing.schema.$id, [{ op: 'add', path: '/allOf/-', value: { $ref: fieldGroup.id as string } }]);
    return made('schema', { name: names.schema, action: 'update', id: existing.schema.$id, detail });
  }
  const xdmClass = classOf(ctx, inputs.analysis);
  if (plan) return planned('schema', names.schema, schemaDetail(xdmClass));
  // Without an analysis (a dry run of a new connection) the class is unknown: as before classes, a profile.
  const madeClass = xdmClass ?? 'profile';
  const created = await ctx.client.schemaRegistry.schemas.create({
    type: 'object',
    title: names.schema,
    description: schemaDescription(madeClass, ctx.request.table),
    allOf: schemaRefs(madeClass, inputs.xdmClass?.id, fieldGroup.id).map(($ref) => ({ $ref })),
  });
  return made('schema', { name: names.schema, action: 'create', id: created.$id, detail: schemaDetail(madeClass) });
}

async function identityStep(ctx: OnboardContext, inputs: { analysis: Analysis | undefined; schema: ResourceOutcome; related: Related }): Promise<ResourceOutcome> {
  const { analysis } = inputs;
  const wanted = analysis?.identity;
  const name = wanted ? `${wanted.column} → ${wanted.destination} (${wanted.namespace})` : 'primary identity';
  const found = inputs.related.descriptors.find((d) => d['xdm:isPrimary'] === true && (!wanted || d['xdm:sourceProperty'] === pointerOf(wanted.destination)));
  if (found) return adopted('identity', String(found['@id'] ?? ''), name);
  // An explored table without one: a record, or an event without a person column (a warning says so).
  if (analysis && !wanted) return made('identity', { name, action: 'none', detail: `no identity column (a ${analysis.xdmClass} schema)` });
  if (!wanted || ctx.plan) return planned('identity', name);
  const created = await ctx.client.schemaRegistry.descriptors.create({
    '@type': 'xdm:descriptorIdentity',
    'xdm:sourceSchema': inputs.schema.id as string,
    'xdm:sourceVersion': 1,
    'xdm:sourceProperty': pointerOf(wanted.destination),
    'xdm:namespace': wanted.namespace,
    'xdm:property': 'xdm:code',
    'xdm:isPrimary': true,
  });
  return made('identity', { name, action: 'create', id: String(created['@id'] ?? '') });
}

async function datasetStep(ctx: OnboardContext, { schema }: { schema: ResourceOutcome }): Promise<ResourceOutcome> {
  const { names } = ctx;
  if (ctx.existing.dataset) return adopted('dataset', ctx.existing.dataset.id, names.dataset);
  if (ctx.plan) return planned('dataset', names.dataset);
  const id = await ctx.client.catalog.datasets.create({
    name: names.dataset,
    description: `Records of ${ctx.request.table}`,
    schemaRef: { id: schema.id as string, contentType: XED_FULL_V1 },
  });
  return made('dataset', { name: names.dataset, action: 'create', id });
}

async function sourceStep(ctx: OnboardContext, { connection }: { connection: ResourceOutcome }): Promise<ResourceOutcome> {
  const { existing, names, request } = ctx;
  if (existing.source) {
    const table = existing.source.params?.['tableName'] ?? existing.source.params?.['path'];
    return adopted('source', existing.source.id, names.source, table === request.table ? undefined : `reads ${String(table)}, not ${request.table}`);
  }
  if (ctx.plan) return planned('source', names.source, request.table);
  const spec = existing.connection?.connectionSpec ?? { id: ctx.specId as string, version: SPEC_VERSION };
  const created = await ctx.client.flowService.sourceConnections.create({
    name: names.source,
    description: `Table ${request.table}`,
    baseConnectionId: connection.id as string,
    connectionSpec: { id: spec.id, version: spec.version ?? SPEC_VERSION },
    data: { format: 'tabular' },
    params: { tableName: request.table },
  });
  return made('source', { name: names.source, action: 'create', id: created.id });
}

async function targetStep(ctx: OnboardContext, { dataset, schema }: { dataset: ResourceOutcome; schema: ResourceOutcome }): Promise<ResourceOutcome> {
  const { existing, names } = ctx;
  if (existing.target) {
    const dataSetId = existing.target.params?.['dataSetId'];
    return adopted('target', existing.target.id, names.target, dataSetId === dataset.id ? undefined : `writes to dataset ${String(dataSetId)}`);
  }
  if (ctx.plan) return planned('target', names.target);
  const created = await ctx.client.flowService.targetConnections.create({
    name: names.target,
    description: `Data lake target of ${ctx.request.table}`,
    connectionSpec: { id: DATA_LAKE_SPEC_ID, version: SPEC_VERSION },
    data: { format: 'parquet_xdm', schema: { id: schema.id as string, version: XED_FULL_V1 } },
    params: { dataSetId: dataset.id as string },
  });
  return made('target', { name: names.target, action: 'create', id: created.id });
}

async function mappingStep(ctx: OnboardContext, { schema, analysis }: { schema: ResourceOutcome; analysis: Analysis | undefined }): Promise<MappingMade> {
  const { existing, names, plan } = ctx;
  const { dataPrep } = ctx.client;
  const wanted = analysis ? mappingsFor(analysis.fields) : undefined;
  const outputSchema = { schemaRef: { id: schema.id as string, contentType: XED_FULL_V1 } };
  if (existing.mapping) {
    const id = existing.mapping.id;
    if (!ctx.options.reconcile || !wanted || sameMappings(existing.mapping.mappings ?? [], wanted)) return { outcome: adopted('mapping', id, names.mapping), version: undefined };
    const detail = `${wanted.length} mappings differ from version ${existing.mapping.version ?? 0}`;
    const outcome = made('mapping', { name: names.mapping, action: 'update', id, detail });
    if (plan) return { outcome, version: undefined };
    const updated = await dataPrep.mappingSets.update(id, { name: names.mapping, outputSchema, mappings: wanted });
    return { outcome, version: updated.version };
  }
  if (plan || !wanted) return { outcome: planned('mapping', names.mapping, wanted ? `${wanted.length} mappings` : 'one mapping per column'), version: undefined };
  const created = await dataPrep.mappingSets.create({ name: names.mapping, outputSchema, mappings: wanted });
  return { outcome: made('mapping', { name: names.mapping, action: 'create', id: created.id, detail: `${wanted.length} mappings` }), version: created.version };
}

interface FlowInputs {
  source: ResourceOutcome;
  target: ResourceOutcome;
  mapping: MappingMade;
  analysis: Analysis | undefined;
}

async function flowStep(ctx: OnboardContext, inputs: FlowInputs): Promise<ResourceOutcome> {
  const { existing, names, request } = ctx;
  const { analysis, mapping } = inputs;
  if (existing.flow) return flowDriftOf(ctx, existing.flow, mapping);
  const schedule = `${request.schedule.frequency}${request.schedule.interval ? ` every ${request.schedule.interval}` : ''}`;
  // A dry run of a new connection could not explore the table: no delta column to send, so it is planned.
  if (ctx.plan || (!analysis && ctx.client.http.dryRun)) return planned('flow', names.flow, `${schedule}, delta column ${analysis?.deltaColumn ?? request.deltaColumn ?? '(from the table)'}`);
  const version = mapping.version ?? existing.mapping?.version ?? 0;
  const created = await ctx.client.flowService.flows.create({
    name: names.flow,
    description: `${request.table} → ${names.dataset}`,
    flowSpec: { id: CRM_TO_AEP_FLOW_SPEC_ID, version: SPEC_VERSION },
    sourceConnectionIds: [inputs.source.id as string],
    targetConnectionIds: [inputs.target.id as string],
    transformations: [
      { name: 'Copy', params: { deltaColumn: { name: analysis?.deltaColumn ?? (request.deltaColumn as string) } } },
      { name: 'Mapping', params: { mappingId: mapping.outcome.id as string, mappingVersion: String(version) } },
    ],
    scheduleParams: request.schedule,
    ...(request.options && Object.keys(request.options).length > 0 && { options: request.options }),
    // The mapping and the delta column came from the table's own columns: the create's column checks would only
    // read them again.
  }, { checked: true });
  if (request.enabled === false) await ctx.client.flowService.flows.disable(created.id);
  return made('flow', { name: names.flow, action: 'create', id: created.id, detail: schedule });
}

/**
 * An adopted flow: unchanged, or (with reconcile) its schedule, options, mapping and state brought in line
 * (platform/flow-patch.ts: sent with If-Match, read again and recomputed once on 412).
 */
async function flowDriftOf(ctx: OnboardContext, flow: Flow, mapping: MappingMade): Promise<ResourceOutcome> {
  const { request, names } = ctx;
  if (!ctx.options.reconcile) return adopted('flow', flow.id, names.flow);
  const mappingId = mapping.outcome.id;
  const wish: FlowWish = {
    // The start time stays as it is: onboarding asks for a schedule from now, which every run would move.
    schedule: { frequency: request.schedule.frequency, interval: request.schedule.interval, backfill: request.schedule.backfill },
    options: { ...request.options },
    exactOptions: true,
    mapping: mappingId ? { id: mappingId, version: String(mapping.version ?? ctx.existing.mapping?.version ?? 0) } : undefined,
    enabled: request.enabled !== false,
  };
  const patch = flowPatch(flow, wish);
  if (patch.ops.length === 0 && !patch.action) return adopted('flow', flow.id, names.flow);
  if (!ctx.plan) {
    const applied = await applyFlowPatch(ctx.client.flowService, flow.id, wish, { flow });
    if (applied.patch.ops.length === 0 && !applied.patch.action) return adopted('flow', flow.id, names.flow);
    return made('flow', { name: names.flow, action: 'update', id: flow.id, detail: detailOf(applied.patch) });
  }
  return made('flow', { name: names.flow, action: 'update', id: flow.id, detail: detailOf(patch) });
}

function detailOf(patch: FlowPatch): string {
  return patch.words.length > 0 ? patch.words.map((w) => sayChange(w)).join(', ') : patch.changes.map((c) => c.field).join(', ');
}

/** The sample through the mapping onboarding makes, into the schema it makes (inline) or found. */
async function previewOf(ctx: OnboardContext, analysis: Analysis | undefined, connectionId: string | undefined, rows: number): Promise<TablePreview | { unavailable: string }> {
  const { request, existing, client } = ctx;
  if (!analysis || !connectionId) return { unavailable: `the base connection does not exist yet, so ${request.table} cannot be sampled; create it first (flowctl connection create) or onboard without --preview` };
  const sample = await client.flowService.connections.previewTable(connectionId, request.table);
  const outputSchema = existing.schema ? { schemaRef: { id: existing.schema.$id, contentType: XED_FULL_V1 } } : { jsonSchema: inlineSchema(analysis.fields) };
  return previewSample(client, { table: request.table, sample: sample.data.slice(0, rows), mappings: mappingsFor(analysis.fields), outputSchema });
}
