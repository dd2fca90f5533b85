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


export async function onboardTable(client: PlatformClient, request: TableRequest, options: OnboardOptions): Promise<OnboardResult> {
  const names = resourceNames(request.prefix);
  const existing: Existing = await discover(client, names, request.connection);
  const plan = options.mode === 'plan';
  const ids: Partial<Record<ResourceKind, string>> = {};
  const outcomes = new Map<ResourceKind, ResourceOutcome>();
  const warnings = [...existing.duplicates];
  let analysis: Analysis | undefined;
  /** The mapping set's version once this run created or updated it. */
  let mappingVersion: number | undefined;
  const { flowService, schemaRegistry, catalog, dataPrep } = client;

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
  const adopt = (kind: ResourceKind, id: string, name: string, detail?: string) => record(kind, { name, action: 'adopt', id, ...(detail && { detail }) });
  const planned = (kind: ResourceKind, name: string, detail?: string) => record(kind, { name, action: 'create', ...(detail && { detail }) });

  // Explore only when something still has to be made from the table's columns.
  const needsAnalysis =
    options.preview !== undefined ||
    !existing.schema || !existing.mapping || !existing.flow || !existing.source || options.reconcile === true || !existing.descriptors.some((d) => d['xdm:isPrimary'] === true);

  /**
   * The adopted field group as it is now, what a re-run compares the table with — read only when the table's
   * mappings differ from the adopted mapping set's (a column added, removed or retyped), so that a re-run of an
   * unchanged table costs no extra request.
   */
  function fieldGroupNow(): Promise<FieldGroup> | undefined {
    if (!options.reconcile || !existing.fieldGroup || !analysis) return undefined;
    if (existing.mapping && sameMappings(existing.mapping.mappings ?? [], mappingsFor(analysis.fields))) return undefined;
    return schemaRegistry.getFieldGroup(existing.fieldGroup.$id);
  }

  const step = (kind: ResourceKind | 'analyze', needs: readonly string[], run: () => Promise<ResourceOutcome | undefined>) => ({
    id: kind,
    needs,
    run: async () => {
      options.events?.onStep?.(kind, 'start');
      try {
        const outcome = await run();
        options.events?.onStep?.(kind, 'done', outcome);
        return outcome;
      } catch (error) {
        options.events?.onStep?.(kind, 'fail');
        throw error;
      }
    },
  });

  /** Creates the base connection the request describes (the step `connection`, when none was found). */
  async function createConnection(choice: Extract<ConnectionChoice, { specId: string }>, name: string): Promise<ResourceOutcome> {
    const created = await createBaseConnection(client, {
      specId: choice.specId,
      params: choice.params,
      authSpec: choice.authSpec,
      name,
      description: `Created by flowctl onboard for ${request.table}`,
    });
    return record('connection', { name, action: 'create', id: created.id });
  }

  /** Explores the table and decides its fields, delta column and identity (the step `analyze`). */
  async function analyze(): Promise<undefined> {
    if (!needsAnalysis) return undefined;
    // Nothing to explore until the connection exists (a plan, or a dry run, of a new connection).
    if (!existing.connection && (plan || client.http.dryRun)) return undefined;
    const columns = (await flowService.exploreTable(ids.connection as string, request.table)).schema.columns;
    const delta = chooseDeltaColumn(columns, request.deltaColumn);
    const deltaNeeded = !existing.flow || options.reconcile;
    if (deltaNeeded && 'problem' in delta) throw new InvalidInputError('--delta-column', delta.problem);
    const deltaColumn = 'column' in delta ? delta.column : undefined;
    // Fields, class and identity (classes.ts); identity fields are retyped to strings there.
    const mappedTimestamp = existing.mapping?.mappings?.find((m) => m.destination === 'timestamp' && m.sourceType !== 'EXPRESSION')?.source;
    const planned = planTable(columns, {
      tenantId: existing.tenantId,
      table: request.table,
      overrides: request.mappingOverrides,
      identity: request.identity,
      timestamp: request.timestamp,
      xdmClass: knownClass,
      mappedTimestamp,
      deltaColumn,
    });
    if ('problem' in planned) throw new InvalidInputError(planned.flag, planned.problem);
    await checkDestinations(client, planned.fields, { tenantId: existing.tenantId, existingSchemaId: existing.schema?.$id, xdmClass: planned.xdmClass });
    const checked = new Set(surelyExpressions(request.mappingOverrides));
    await checkExpressions(client, planned.fields.filter((f) => f.expression && !checked.has(f.column)).map((f) => f.column));
    warnings.push(...planned.warnings);
    analysis = { xdmClass: planned.xdmClass, columns, fields: planned.fields, deltaColumn: deltaNeeded ? deltaColumn : undefined, identity: planned.identity };
    return undefined;
  }

  /**
   * When the table cannot be onboarded (it does not exist, no delta column, a bad identity), a base connection
   * this run created only to explore it is deleted again: bad input leaves nothing behind. One that was found
   * stays.
   */
  async function undoNewConnection(): Promise<void> {
    const made = outcomes.get('connection');
    if (made?.action !== 'create' || !made.id || plan || client.http.dryRun) return;
    try {
      await flowService.connections.delete(made.id);
      outcomes.delete('connection');
      delete ids.connection;
      options.events?.onNote?.(`Deleted base connection ${made.id} again: it was created only to explore ${request.table}.`);
    } catch {
      options.events?.onNote?.(`Base connection ${made.id} was created to explore ${request.table} and could not be deleted again; the next onboard with this name adopts it.`);
    }
  }

  const steps = [
    step('connection', [], async () => {
      if (existing.connection) return adopt('connection', existing.connection.id, existing.connection.name ?? names.connection);
      const choice = request.connection;
      if ('id' in choice) throw new Error('unreachable: a connection given by id is found or reported missing by discover');
      const name = choice.name ?? names.connection;
      if (plan) return planned('connection', name);
      if (!options.connectionLock) return createConnection(choice, name);
      return options.connectionLock(name, async () => {
        // Another onboarding of the same database may have made it while this one waited.
        const made = (await flowService.connections.findByName(name))[0];
        return made ? adopt('connection', made.id, name) : createConnection(choice, name);
      });
    }),

    step('analyze', ['connection'], async () => {
      try {
        return await analyze();
      } catch (error) {
        await undoNewConnection();
        throw error;
      }
    }),

    step('class', ['analyze'], async () => {
      if ((analysis?.xdmClass ?? knownClass) !== 'record') return undefined;
      if (existing.class) return adopt('class', existing.class.$id, names.class);
      const detail = 'built on the record behavior';
      if (plan) return planned('class', names.class, detail);
      const created = await schemaRegistry.createClass(classBody(names.class, request.table));
      return record('class', { name: names.class, action: 'create', id: created.$id, detail });
    }),

    step('fieldGroup', ['class'], async () => {
      if (existing.fieldGroup) return fieldGroupDrift(existing.fieldGroup.$id);
      if (!analysis) return planned('fieldGroup', names.fieldGroup, 'custom fields for the columns no standard field takes');
      // In a plan the record class has no id yet: the body only tells whether there are custom fields.
      const classId = plan ? undefined : classIdOf(analysis.xdmClass, ids.class);
      const body = fieldGroupBody(analysis.fields, { tenantId: existing.tenantId, title: names.fieldGroup, description: `Columns of ${request.table}`, classId });
      if (!body) return record('fieldGroup', { name: names.fieldGroup, action: 'none', detail: 'every column maps to a standard field' });
      const custom = analysis.fields.filter((f) => !f.standard).length;
      if (plan) return planned('fieldGroup', names.fieldGroup, `${custom} custom field${custom === 1 ? '' : 's'}`);
      const created = await schemaRegistry.createFieldGroup(body);
      return record('fieldGroup', { name: names.fieldGroup, action: 'create', id: created.$id, detail: `${custom} custom fields` });
    }),

    step('schema', ['fieldGroup'], async () => {
      if (existing.schema) {
        // Every column was a standard field until now: the field group made this time joins the schema.
        if (outcomes.get('fieldGroup')?.action !== 'create' || (!plan && !ids.fieldGroup)) return adopt('schema', existing.schema.$id, names.schema);
        const detail = 'adds the new field group';
        if (!plan) await schemaRegistry.patchSchema(existing.schema.$id, [{ op: 'add', path: '/allOf/-', value: { $ref: ids.fieldGroup as string } }]);
        return record('schema', { name: names.schema, action: 'update', id: existing.schema.$id, detail });
      }
      const xdmClass = analysis?.xdmClass ?? knownClass;
      if (plan) return planned('schema', names.schema, schemaDetail(xdmClass));
      // Without an analysis (a dry run of a new connection) the class is unknown: as before classes, a profile.
      const made = xdmClass ?? 'profile';
      const created = await schemaRegistry.createSchema({
        type: 'object',
        title: names.schema,
        description: schemaDescription(made, request.table),
        allOf: schemaRefs(made, ids.class, ids.fieldGroup).map(($ref) => ({ $ref })),
      });
      return record('schema', { name: names.schema, action: 'create', id: created.$id, detail: schemaDetail(made) });
    }),

    step('identity', ['schema', 'analyze'], async () => {
      const wanted = analysis?.identity;
      const name = wanted ? `${wanted.column} → ${wanted.destination} (${wanted.namespace})` : 'primary identity';
      const found = existing.descriptors.find((d) => d['xdm:isPrimary'] === true && (!wanted || d['xdm:sourceProperty'] === pointerOf(wanted.destination)));
      if (found) return adopt('identity', String(found['@id'] ?? ''), name);
      // An explored table without one: a record, or an event without a person column (a warning says so).
      if (analysis && !wanted) return record('identity', { name, action: 'none', detail: `no identity column (a ${analysis.xdmClass} schema)` });
      if (!wanted || plan) return planned('identity', name);
      const created = await schemaRegistry.createDescriptor({
        '@type': 'xdm:descriptorIdentity',
        'xdm:sourceSchema': ids.schema as string,
        'xdm:sourceVersion': 1,
        'xdm:sourceProperty': pointerOf(wanted.destination),
        'xdm:namespace': wanted.namespace,
        'xdm:property': 'xdm:code',
        'xdm:isPrimary': true,
      });
      return record('identity', { name, action: 'create', id: String(created['@id'] ?? '') });
    }),

    step('dataset', ['schema'], async () => {
      if (existing.dataset) return adopt('dataset', existing.dataset.id, names.dataset);
      if (plan) return planned('dataset', names.dataset);
      const id = await catalog.createDataset({
        name: names.dataset,
        description: `Records of ${request.table}`,
        schemaRef: { id: ids.schema as string, contentType: XED_FULL_V1 },
      });
      return record('dataset', { name: names.dataset, action: 'create', id });
    }),

    step('source', ['connection', 'analyze'], async () => {
      if (existing.source) {
        const table = existing.source.params?.['tableName'] ?? existing.source.params?.['path'];
        return adopt('source', existing.source.id, names.source, table === request.table ? undefined : `reads ${String(table)}, not ${request.table}`);
      }
      if (plan) return planned('source', names.source, request.table);
      const connection = existing.connection;
      const spec = connection?.connectionSpec ?? { id: specId as string, version: SPEC_VERSION };
      const created = await flowService.createSourceConnection({
        name: names.source,
        description: `Table ${request.table}`,
        baseConnectionId: ids.connection as string,
        connectionSpec: { id: spec.id, version: spec.version ?? SPEC_VERSION },
        data: { format: 'tabular' },
        params: { tableName: request.table },
      });
      return record('source', { name: names.source, action: 'create', id: created.id });
    }),

    step('target', ['dataset', 'schema'], async () => {
      if (existing.target) {
        const dataSetId = existing.target.params?.['dataSetId'];
        return adopt('target', existing.target.id, names.target, dataSetId === ids.dataset ? undefined : `writes to dataset ${String(dataSetId)}`);
      }
      if (plan) return planned('target', names.target);
      const created = await flowService.createTargetConnection({
        name: names.target,
        description: `Data lake target of ${request.table}`,
        connectionSpec: { id: DATA_LAKE_SPEC_ID, version: SPEC_VERSION },
        data: { format: 'parquet_xdm', schema: { id: ids.schema as string, version: XED_FULL_V1 } },
        params: { dataSetId: ids.dataset as string },
      });
      return record('target', { name: names.target, action: 'create', id: created.id });
    }),

    step('mapping', ['schema', 'analyze'], async () => {
      const wanted = analysis ? mappingsFor(analysis.fields) : undefined;
      if (existing.mapping) {
        if (!options.reconcile || !wanted || sameMappings(existing.mapping.mappings ?? [], wanted)) return adopt('mapping', existing.mapping.id, names.mapping);
        const detail = `${wanted.length} mappings differ from version ${existing.mapping.version ?? 0}`;
        if (plan) return record('mapping', { name: names.mapping, action: 'update', id: existing.mapping.id, detail });
        const updated = await dataPrep.updateMappingSet(existing.mapping.id, {
          name: names.mapping,
          outputSchema: { schemaRef: { id: ids.schema as string, contentType: XED_FULL_V1 } },
          mappings: wanted,
        });
        mappingVersion = updated.version;
        return record('mapping', { name: names.mapping, action: 'update', id: existing.mapping.id, detail });
      }
      if (plan || !wanted) return planned('mapping', names.mapping, wanted ? `${wanted.length} mappings` : 'one mapping per column');
      const created = await dataPrep.createMappingSet({
        name: names.mapping,
        outputSchema: { schemaRef: { id: ids.schema as string, contentType: XED_FULL_V1 } },
        mappings: wanted,
      });
      mappingVersion = created.version;
      return record('mapping', { name: names.mapping, action: 'create', id: created.id, detail: `${wanted.length} mappings` });
    }),

    step('flow', ['source', 'target', 'mapping'], async () => {
      const flow = existing.flow;
      if (flow) return flowDriftOf(flow);
      const schedule = `${request.schedule.frequency}${request.schedule.interval ? ` every ${request.schedule.interval}` : ''}`;
      // A dry run of a new connection could not explore the table: no delta column to send, so it is planned.
      if (plan || (!analysis && client.http.dryRun)) return planned('flow', names.flow, `${schedule}, delta column ${analysis?.deltaColumn ?? request.deltaColumn ?? '(from the table)'}`);
      const version = mappingVersion ?? existing.mapping?.version ?? 0;
      const created = await flowService.createFlow({
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
      if (request.enabled === false) await flowService.flowAction(created.id, 'disable');
      return record('flow', { name: names.flow, action: 'create', id: created.id, detail: schedule });
    }),
  ];

  /**
   * An adopted field group: unchanged, or (with reconcile) extended with the custom fields of columns added to the
   * table since (evolve.ts); removed and retyped columns are warnings.
   */
  async function fieldGroupDrift(id: string): Promise<ResourceOutcome> {
    const current = fieldGroupNow();
    if (!current || !analysis) return adopt('fieldGroup', id, names.fieldGroup);
    const change = fieldGroupChange(await current, analysis.fields, { tenantId: existing.tenantId, table: request.table });
    warnings.push(...change.warnings);
    if (!change.ops || change.ops.length === 0) return adopt('fieldGroup', id, names.fieldGroup);
    if (!plan) await schemaRegistry.patchFieldGroup(id, change.ops);
    return record('fieldGroup', { name: names.fieldGroup, action: 'update', id, ...(change.detail && { detail: change.detail }) });
  }

  /**
   * An adopted flow: unchanged, or (with reconcile) its schedule, options, mapping and state brought in line
   * (platform/flow-patch.ts: sent with If-Match, read again and recomputed once on 412).
   */
  async function flowDriftOf(flow: Flow): Promise<ResourceOutcome> {
    if (!options.reconcile) return adopt('flow', flow.id, names.flow);
    const wish: FlowWish = {
      // The start time stays as it is: onboarding asks for a schedule from now, which every run would move.
      schedule: { frequency: request.schedule.frequency, interval: request.schedule.interval, backfill: request.schedule.backfill },
      options: { ...request.options },
      exactOptions: true,
      mapping: ids.mapping ? { id: ids.mapping, version: String(mappingVersion ?? existing.mapping?.version ?? 0) } : undefined,
      enabled: request.enabled !== false,
    };
    const planned = flowPatch(flow, wish);
    if (planned.ops.length === 0 && !planned.action) return adopt('flow', flow.id, names.flow);
    if (!plan) {
      const applied = await applyFlowPatch(flowService, flow.id, wish, { flow });
      if (applied.patch.ops.length === 0 && !applied.patch.action) return adopt('flow', flow.id, names.flow);
      return record('flow', { name: names.flow, action: 'update', id: flow.id, detail: detailOf(applied.patch) });
    }
    return record('flow', { name: names.flow, action: 'update', id: flow.id, detail: detailOf(planned) });
  }

  function detailOf(patch: FlowPatch): string {
    return patch.words.length > 0 ? patch.words.map((w) => sayChange(w)).join(', ') : patch.changes.map((c) => c.field).join(', ');
  }

  try {
    await runGraph(steps, { concurrency: options.concurrency ?? 4 });
  } catch (error) {
    // The first failure, as its step raised it (the steps in flight finished; what they made is adopted next time).
    throw error instanceof GraphError ? error.firstError : error;
  }
  return {
    table: request.table,
    prefix: request.prefix,
    ids,
    resources: WRITE_KINDS.map((kind) => outcomes.get(kind)).filter((o): o is ResourceOutcome => o !== undefined),
    xdmClass: analysis?.xdmClass ?? knownClass,
    fields: analysis?.fields,
    deltaColumn: analysis?.deltaColumn,
    warnings,
    ...(options.preview && { preview: await previewOf(options.preview.rows) }),
  };

  /** The sample through the mapping onboarding makes, into the schema it makes (inline) or found. */
  async function previewOf(rows: number): Promise<TablePreview | { unavailable: string }> {
    if (!analysis || !ids.connection) return { unavailable: `the base connection does not exist yet, so ${request.table} cannot be sampled; create it first (flowctl connection create) or onboard without --preview` };
    const sample = await flowService.previewTable(ids.connection, request.table);
    const outputSchema = existing.schema ? { schemaRef: { id: existing.schema.$id, contentType: XED_FULL_V1 } } : { jsonSchema: inlineSchema(analysis.fields) };
    return previewSample(client, { table: request.table, sample: sample.data.slice(0, rows), mappings: mappingsFor(analysis.fields), outputSchema });
  }
}

