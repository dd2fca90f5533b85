// Flow Service requests and responses (https://developer.adobe.com/experience-platform-apis/references/flow-service/). Requests are strict about what the API requires;
// responses are loose and check only what flowctl reads.

import * as z from './zod.js';
import { lazySchema } from './lazy.js';
import { scheduleProblem } from '../schedule.js';
import { Created, SpecRef, UUID } from './common.js';

const uuid = (what: string) => z.string().check(z.regex(UUID, `must be a UUID (the ${what} id)`));
const name = lazySchema(() => z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(256, 'must be at most 256 characters')));
const description = lazySchema(() => z.optional(z.string().check(z.maxLength(1024, 'must be at most 1024 characters'))));
const specRef = (what: string) => z.object({ id: uuid(what), version: z.string().check(z.minLength(1)) });

// ── Requests ───────────────────────────────────────────────────────────────────────────────────────────────

export const ConnectionCreate = lazySchema(() => z.object({
  name,
  description,
  auth: z.object({
    specName: z.string().check(z.minLength(1, 'must name one of the connection spec\'s auth specs')),
    params: z.record(z.string(), z.unknown()).check(z.refine((p) => Object.keys(p).length > 0, 'must not be empty')),
  }),
  connectionSpec: specRef('connection spec'),
}));
export type ConnectionCreate = z.infer<typeof ConnectionCreate>;

export const SOURCE_FORMATS = ['tabular', 'delimited', 'json', 'parquet'] as const;

export const SourceColumn = lazySchema(() => z.looseObject({ name: z.string().check(z.minLength(1)), type: z.optional(z.string()) }));
export type SourceColumn = z.infer<typeof SourceColumn>;

export const SourceConnectionCreate = lazySchema(() => z.object({
  name,
  description,
  baseConnectionId: uuid('base connection'),
  connectionSpec: specRef('connection spec'),
  data: z.object({ format: z.enum(SOURCE_FORMATS) }),
  params: z.looseObject({
    tableName: z.optional(z.string().check(z.trim(), z.minLength(1, 'must name a table'))),
    path: z.optional(z.string()),
    columns: z.optional(z.array(SourceColumn).check(z.minLength(1))),
  }),
}));
export type SourceConnectionCreate = z.infer<typeof SourceConnectionCreate>;

export const TargetConnectionCreate = lazySchema(() => z.object({
  name,
  description,
  connectionSpec: specRef('target connection spec'),
  data: z.object({
    format: z.string().check(z.minLength(1)),
    schema: z.object({ id: z.string().check(z.url('must be the schema $id URI')), version: z.string().check(z.minLength(1)) }),
  }),
  params: z.object({ dataSetId: z.string().check(z.regex(/^[0-9a-f]{24}$/i, 'must be a dataset id (24 hex characters)')) }),
}));
export type TargetConnectionCreate = z.infer<typeof TargetConnectionCreate>;

export const ScheduleParamsBody = lazySchema(() => z.object({
  startTime: z.number(),
  frequency: z.string(),
  interval: z.optional(z.number()),
  backfill: z.optional(z.boolean()),
}).check(z.superRefine((params, ctx) => {
  const problem = scheduleProblem(params);
  if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.rule });
})));

export const Transformation = lazySchema(() => z.object({ name: z.string().check(z.minLength(1)), params: z.record(z.string(), z.unknown()) }));

export const FlowCreate = lazySchema(() => z.object({
  name,
  description,
  flowSpec: specRef('flow spec'),
  sourceConnectionIds: z.array(uuid('source connection')).check(z.length(1, 'must hold exactly one source connection')),
  targetConnectionIds: z.array(uuid('target connection')).check(z.length(1, 'must hold exactly one target connection')),
  transformations: z.array(Transformation),
  scheduleParams: ScheduleParamsBody,
  options: z.optional(z.object({
    errorDiagnosticsEnabled: z.optional(z.boolean()),
    partialIngestionPercent: z.optional(z.number().check(z.gt(0, 'must be greater than 0'), z.lte(100, 'must be at most 100'))),
  })),
}).check(z.superRefine((flow, ctx) => {
  // CRMToAEP's Copy transformation requires deltaColumn.name (transformationSpecs[Copy].spec.required).
  const copy = flow.transformations.find((t) => t.name === 'Copy');
  const delta = (copy?.params['deltaColumn'] ?? undefined) as { name?: unknown } | undefined;
  if (!copy || typeof delta?.name !== 'string' || delta.name.trim() === '') {
    ctx.addIssue({ code: 'custom', path: ['transformations', 'Copy', 'deltaColumn', 'name'], message: 'is required by CRMToAEP (the column for incremental loads)' });
  }
})));
export type FlowCreate = z.infer<typeof FlowCreate>;

export const PatchOperation = lazySchema(() => z.object({
  op: z.enum(['add', 'replace', 'remove']),
  path: z.string().check(z.startsWith('/')),
  value: z.optional(z.unknown()),
}));
export const PatchDocument = lazySchema(() => z.array(PatchOperation).check(z.minLength(1, 'must hold at least one change')));
export type PatchOperation = z.infer<typeof PatchOperation>;

// ── Responses ──────────────────────────────────────────────────────────────────────────────────────────────

const audit = lazySchema(() => ({
  createdAt: z.optional(z.number()),
  updatedAt: z.optional(z.number()),
  etag: z.optional(z.string()),
  state: z.optional(z.string()),
}));

export const Connection = lazySchema(() => z.looseObject({
  id: z.string(),
  name: z.optional(z.string()),
  description: z.optional(z.string()),
  connectionSpec: SpecRef,
  auth: z.optional(z.looseObject({ specName: z.optional(z.string()), params: z.optional(z.record(z.string(), z.unknown())) })),
  ...audit,
}));
export type Connection = z.infer<typeof Connection>;

export const SourceConnection = lazySchema(() => z.looseObject({
  id: z.string(),
  name: z.optional(z.string()),
  baseConnectionId: z.optional(z.string()),
  connectionSpec: z.optional(SpecRef),
  params: z.optional(z.record(z.string(), z.unknown())),
  ...audit,
}));
export type SourceConnection = z.infer<typeof SourceConnection>;

export const TargetConnection = lazySchema(() => z.looseObject({
  id: z.string(),
  name: z.optional(z.string()),
  connectionSpec: z.optional(SpecRef),
  data: z.optional(z.looseObject({ schema: z.optional(z.looseObject({ id: z.optional(z.string()) })) })),
  params: z.optional(z.record(z.string(), z.unknown())),
  ...audit,
}));
export type TargetConnection = z.infer<typeof TargetConnection>;

export const AuthSpec = lazySchema(() => z.looseObject({
  name: z.string(),
  type: z.optional(z.string()),
  spec: z.optional(z.looseObject({ required: z.optional(z.array(z.string())), properties: z.optional(z.record(z.string(), z.unknown())) })),
}));

export const ConnectionSpec = lazySchema(() => z.looseObject({
  id: z.string(),
  name: z.optional(z.string()),
  version: z.optional(z.string()),
  authSpec: z.optional(z.array(AuthSpec)),
}));
export type ConnectionSpec = z.infer<typeof ConnectionSpec>;

export const FlowSpec = lazySchema(() => z.looseObject({
  id: z.string(),
  name: z.string(),
  version: z.optional(z.string()),
  sourceConnectionSpecIds: z.optional(z.array(z.string())),
  targetConnectionSpecIds: z.optional(z.array(z.string())),
}));
export type FlowSpec = z.infer<typeof FlowSpec>;

export const Flow = lazySchema(() => z.looseObject({
  id: z.string(),
  name: z.optional(z.string()),
  description: z.optional(z.string()),
  flowSpec: z.optional(SpecRef),
  sourceConnectionIds: z.optional(z.array(z.string())),
  targetConnectionIds: z.optional(z.array(z.string())),
  transformations: z.optional(z.array(z.looseObject({ name: z.string(), params: z.optional(z.record(z.string(), z.unknown())) }))),
  scheduleParams: z.optional(z.record(z.string(), z.unknown())),
  options: z.optional(z.record(z.string(), z.unknown())),
  lastRunDetails: z.optional(z.looseObject({ state: z.optional(z.string()), startedAtUTC: z.optional(z.number()), completedAtUTC: z.optional(z.number()) })),
  ...audit,
}));
export type Flow = z.infer<typeof Flow>;

const RecordSummary = lazySchema(() => z.looseObject({
  inputRecordCount: z.optional(z.number()),
  outputRecordCount: z.optional(z.number()),
  failedRecordCount: z.optional(z.number()),
}));

const RunError = lazySchema(() => z.looseObject({ code: z.optional(z.string()), message: z.optional(z.string()) }));

/** `activities[].targetInfo[]`: `reference.ids` of type `Batch` are the Catalog batches the run wrote
 * (https://experienceleague.adobe.com/en/docs/experience-platform/dataflows/api/monitor). */
const RunReference = lazySchema(() => z.looseObject({
  type: z.optional(z.string()),
  reference: z.optional(z.looseObject({ type: z.optional(z.string()), ids: z.optional(z.array(z.string())) })),
}));

export const Run = lazySchema(() => z.looseObject({
  id: z.string(),
  flowId: z.optional(z.string()),
  createdAt: z.optional(z.number()),
  /** Mirrors `metrics.statusSummary.status` (`scheduled`, `inProgress`, `success`, `failed`); not every run carries it. */
  state: z.optional(z.string()),
  /** The run spec's parameters: its window (`windowStartTime`, `windowEndTime`, epoch seconds, maybe as strings). */
  params: z.optional(z.record(z.string(), z.unknown())),
  metrics: z.optional(z.looseObject({
    durationSummary: z.optional(z.looseObject({ startedAtUTC: z.optional(z.number()), completedAtUTC: z.optional(z.number()) })),
    recordSummary: z.optional(RecordSummary),
    statusSummary: z.optional(z.looseObject({ status: z.optional(z.string()), errors: z.optional(z.array(RunError)) })),
  })),
  activities: z.optional(z.array(z.looseObject({ id: z.optional(z.string()), targetInfo: z.optional(z.array(RunReference)) }))),
}));
export type Run = z.infer<typeof Run>;

/** Epoch seconds, as the run spec takes its times. */
const epochSeconds = (what: string) => z.number().check(z.int(`${what} must be whole epoch seconds`), z.nonnegative(`${what} must be epoch seconds`));

/**
 * An on-demand run of a flow scheduled `once` (sources/tutorials/api/on-demand-ingestion.md): the window of rows to
 * read, and the delta column — required on the flow's first run, fixed after it.
 */
export const RunCreate = lazySchema(() => z.strictObject({
  flowId: uuid('flow'),
  params: z.strictObject({
    startTime: z.optional(epochSeconds('params.startTime')),
    windowStartTime: epochSeconds('params.windowStartTime'),
    windowEndTime: epochSeconds('params.windowEndTime'),
    deltaColumn: z.optional(z.looseObject({ name: z.string().check(z.minLength(1, 'params.deltaColumn.name must not be empty')) })),
  }),
}).check(z.refine((body) => body.params.windowEndTime >= body.params.windowStartTime, {
  message: 'must not be before params.windowStartTime',
  path: ['params', 'windowEndTime'],
})));
export type RunCreate = z.infer<typeof RunCreate>;

/** `POST /runs` answers `{"items": [{"id", "etag"}]}`; the tutorial's older page showed the whole run. */
export const RunCreated = lazySchema(() => z.union([z.looseObject({ items: z.array(Created).check(z.minLength(1)) }), Created]));

export const ExploreItem = lazySchema(() => z.looseObject({ type: z.optional(z.string()), name: z.optional(z.string()), path: z.optional(z.string()) }));
export const ExploreRoot = lazySchema(() => z.array(ExploreItem));
export type ExploreItem = z.infer<typeof ExploreItem>;

export const ExploreColumn = lazySchema(() => z.looseObject({
  name: z.string(),
  type: z.optional(z.string()),
  xdm: z.optional(z.looseObject({ type: z.optional(z.string()), format: z.optional(z.string()) })),
}));
export type ExploreColumn = z.infer<typeof ExploreColumn>;
export const ExploreTable = lazySchema(() => z.looseObject({ format: z.optional(z.string()), schema: z.looseObject({ columns: z.array(ExploreColumn) }) }));
export type ExploreTable = z.infer<typeof ExploreTable>;
/** `explore … &preview=true`: the table's columns and a sample of its rows. */
export const ExploreTablePreview = lazySchema(() => z.extend(ExploreTable, { data: z._default(z.array(z.record(z.string(), z.unknown())), []) }));
export type ExploreTablePreview = z.infer<typeof ExploreTablePreview>;

export const ConnectionTest = lazySchema(() => z.looseObject({ result: z.optional(z.boolean()) }));

/** GET by id answers `{"items":[item]}`. */
export const itemsOf = <T extends z.ZodMiniType>(item: T) => z.looseObject({ items: z.array(item).check(z.minLength(1, 'is empty')) });
