// Flow Service requests and responses (https://developer.adobe.com/experience-platform-apis/references/flow-service/). Requests are strict about what the API requires;
// responses are loose and check only what flowctl reads.

import { z } from 'zod';
import { lazySchema } from './lazy.js';
import { scheduleProblem } from '../schedule.js';
import { Created, SpecRef, UUID } from './common.js';

const uuid = (what: string) => z.string().regex(UUID, `must be a UUID (the ${what} id)`);
const name = lazySchema(() => z.string().trim().min(1, 'must not be empty').max(256, 'must be at most 256 characters'));
const description = lazySchema(() => z.string().max(1024, 'must be at most 1024 characters').optional());
const specRef = (what: string) => z.object({ id: uuid(what), version: z.string().min(1) });

// ── Requests ───────────────────────────────────────────────────────────────────────────────────────────────

export const ConnectionCreate = lazySchema(() => z.object({
  name,
  description,
  auth: z.object({
    specName: z.string().min(1, 'must name one of the connection spec\'s auth specs'),
    params: z.record(z.string(), z.unknown()).refine((p) => Object.keys(p).length > 0, 'must not be empty'),
  }),
  connectionSpec: specRef('connection spec'),
}));
export type ConnectionCreate = z.infer<typeof ConnectionCreate>;

export const SOURCE_FORMATS = ['tabular', 'delimited', 'json', 'parquet'] as const;

export const SourceColumn = lazySchema(() => z.looseObject({ name: z.string().min(1), type: z.string().optional() }));
export type SourceColumn = z.infer<typeof SourceColumn>;

export const SourceConnectionCreate = lazySchema(() => z.object({
  name,
  description,
  baseConnectionId: uuid('base connection'),
  connectionSpec: specRef('connection spec'),
  data: z.object({ format: z.enum(SOURCE_FORMATS) }),
  params: z.looseObject({
    tableName: z.string().trim().min(1, 'must name a table').optional(),
    path: z.string().optional(),
    columns: z.array(SourceColumn).min(1).optional(),
  }),
}));
export type SourceConnectionCreate = z.infer<typeof SourceConnectionCreate>;

export const TargetConnectionCreate = lazySchema(() => z.object({
  name,
  description,
  connectionSpec: specRef('target connection spec'),
  data: z.object({
    format: z.string().min(1),
    schema: z.object({ id: z.string().url('must be the schema $id URI'), version: z.string().min(1) }),
  }),
  params: z.object({ dataSetId: z.string().regex(/^[0-9a-f]{24}$/i, 'must be a dataset id (24 hex characters)') }),
}));
export type TargetConnectionCreate = z.infer<typeof TargetConnectionCreate>;

export const ScheduleParamsBody = lazySchema(() => z
  .object({
    startTime: z.number(),
    frequency: z.string(),
    interval: z.number().optional(),
    backfill: z.boolean().optional(),
  })
  .superRefine((params, ctx) => {
    const problem = scheduleProblem(params);
    if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.rule });
  }));

export const Transformation = lazySchema(() => z.object({ name: z.string().min(1), params: z.record(z.string(), z.unknown()) }));

export const FlowCreate = lazySchema(() => z
  .object({
    name,
    description,
    flowSpec: specRef('flow spec'),
    sourceConnectionIds: z.array(uuid('source connection')).length(1, 'must hold exactly one source connection'),
    targetConnectionIds: z.array(uuid('target connection')).length(1, 'must hold exactly one target connection'),
    transformations: z.array(Transformation),
    scheduleParams: ScheduleParamsBody,
    options: z
      .object({
        errorDiagnosticsEnabled: z.boolean().optional(),
        partialIngestionPercent: z.number().gt(0, 'must be greater than 0').max(100, 'must be at most 100').optional(),
      })
      .optional(),
  })
  .superRefine((flow, ctx) => {
    // CRMToAEP's Copy transformation requires deltaColumn.name (transformationSpecs[Copy].spec.required).
    const copy = flow.transformations.find((t) => t.name === 'Copy');
    const delta = (copy?.params['deltaColumn'] ?? undefined) as { name?: unknown } | undefined;
    if (!copy || typeof delta?.name !== 'string' || delta.name.trim() === '') {
      ctx.addIssue({ code: 'custom', path: ['transformations', 'Copy', 'deltaColumn', 'name'], message: 'is required by CRMToAEP (the column for incremental loads)' });
    }
  }));
export type FlowCreate = z.infer<typeof FlowCreate>;

export const PatchOperation = lazySchema(() => z.object({
  op: z.enum(['add', 'replace', 'remove']),
  path: z.string().startsWith('/'),
  value: z.unknown().optional(),
}));
export const PatchDocument = lazySchema(() => z.array(PatchOperation).min(1, 'must hold at least one change'));
export type PatchOperation = z.infer<typeof PatchOperation>;

// ── Responses ──────────────────────────────────────────────────────────────────────────────────────────────

const audit = lazySchema(() => ({
  createdAt: z.number().optional(),
  updatedAt: z.number().optional(),
  etag: z.string().optional(),
  state: z.string().optional(),
}));

export const Connection = lazySchema(() => z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  description: z.string().optional(),
  connectionSpec: SpecRef,
  auth: z.looseObject({ specName: z.string().optional(), params: z.record(z.string(), z.unknown()).optional() }).optional(),
  ...audit,
}));
export type Connection = z.infer<typeof Connection>;

export const SourceConnection = lazySchema(() => z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  baseConnectionId: z.string().optional(),
  connectionSpec: SpecRef.optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  ...audit,
}));
export type SourceConnection = z.infer<typeof SourceConnection>;

export const TargetConnection = lazySchema(() => z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  connectionSpec: SpecRef.optional(),
  data: z.looseObject({ schema: z.looseObject({ id: z.string().optional() }).optional() }).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  ...audit,
}));
export type TargetConnection = z.infer<typeof TargetConnection>;

export const AuthSpec = lazySchema(() => z.looseObject({
  name: z.string(),
  type: z.string().optional(),
  spec: z.looseObject({ required: z.array(z.string()).optional(), properties: z.record(z.string(), z.unknown()).optional() }).optional(),
}));

export const ConnectionSpec = lazySchema(() => z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  version: z.string().optional(),
  authSpec: z.array(AuthSpec).optional(),
}));
export type ConnectionSpec = z.infer<typeof ConnectionSpec>;

export const FlowSpec = lazySchema(() => z.looseObject({
  id: z.string(),
  name: z.string(),
  version: z.string().optional(),
  sourceConnectionSpecIds: z.array(z.string()).optional(),
  targetConnectionSpecIds: z.array(z.string()).optional(),
}));
export type FlowSpec = z.infer<typeof FlowSpec>;

export const Flow = lazySchema(() => z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  description: z.string().optional(),
  flowSpec: SpecRef.optional(),
  sourceConnectionIds: z.array(z.string()).optional(),
  targetConnectionIds: z.array(z.string()).optional(),
  transformations: z.array(z.looseObject({ name: z.string(), params: z.record(z.string(), z.unknown()).optional() })).optional(),
  scheduleParams: z.record(z.string(), z.unknown()).optional(),
  options: z.record(z.string(), z.unknown()).optional(),
  lastRunDetails: z.looseObject({ state: z.string().optional(), startedAtUTC: z.number().optional(), completedAtUTC: z.number().optional() }).optional(),
  ...audit,
}));
export type Flow = z.infer<typeof Flow>;

const RecordSummary = lazySchema(() => z.looseObject({
  inputRecordCount: z.number().optional(),
  outputRecordCount: z.number().optional(),
  failedRecordCount: z.number().optional(),
}));

const RunError = lazySchema(() => z.looseObject({ code: z.string().optional(), message: z.string().optional() }));

/** `activities[].targetInfo[]`: `reference.ids` of type `Batch` are the Catalog batches the run wrote
 * (https://experienceleague.adobe.com/en/docs/experience-platform/dataflows/api/monitor). */
const RunReference = lazySchema(() => z.looseObject({
  type: z.string().optional(),
  reference: z.looseObject({ type: z.string().optional(), ids: z.array(z.string()).optional() }).optional(),
}));

export const Run = lazySchema(() => z.looseObject({
  id: z.string(),
  flowId: z.string().optional(),
  createdAt: z.number().optional(),
  /** Mirrors `metrics.statusSummary.status` (`scheduled`, `inProgress`, `success`, `failed`); not every run carries it. */
  state: z.string().optional(),
  /** The run spec's parameters: its window (`windowStartTime`, `windowEndTime`, epoch seconds, maybe as strings). */
  params: z.record(z.string(), z.unknown()).optional(),
  metrics: z
    .looseObject({
      durationSummary: z.looseObject({ startedAtUTC: z.number().optional(), completedAtUTC: z.number().optional() }).optional(),
      recordSummary: RecordSummary.optional(),
      statusSummary: z.looseObject({ status: z.string().optional(), errors: z.array(RunError).optional() }).optional(),
    })
    .optional(),
  activities: z.array(z.looseObject({ id: z.string().optional(), targetInfo: z.array(RunReference).optional() })).optional(),
}));
export type Run = z.infer<typeof Run>;

/** Epoch seconds, as the run spec takes its times. */
const epochSeconds = (what: string) => z.number().int(`${what} must be whole epoch seconds`).nonnegative(`${what} must be epoch seconds`);

/**
 * An on-demand run of a flow scheduled `once` (sources/tutorials/api/on-demand-ingestion.md): the window of rows to
 * read, and the delta column — required on the flow's first run, fixed after it.
 */
export const RunCreate = lazySchema(() => z
  .strictObject({
    flowId: uuid('flow'),
    params: z.strictObject({
      startTime: epochSeconds('params.startTime').optional(),
      windowStartTime: epochSeconds('params.windowStartTime'),
      windowEndTime: epochSeconds('params.windowEndTime'),
      deltaColumn: z.looseObject({ name: z.string().min(1, 'params.deltaColumn.name must not be empty') }).optional(),
    }),
  })
  .refine((body) => body.params.windowEndTime >= body.params.windowStartTime, {
    message: 'must not be before params.windowStartTime',
    path: ['params', 'windowEndTime'],
  }));
export type RunCreate = z.infer<typeof RunCreate>;

/** `POST /runs` answers `{"items": [{"id", "etag"}]}`; the tutorial's older page showed the whole run. */
export const RunCreated = lazySchema(() => z.union([z.looseObject({ items: z.array(Created).min(1) }), Created]));

export const ExploreItem = lazySchema(() => z.looseObject({ type: z.string().optional(), name: z.string().optional(), path: z.string().optional() }));
export const ExploreRoot = lazySchema(() => z.array(ExploreItem));
export type ExploreItem = z.infer<typeof ExploreItem>;

export const ExploreColumn = lazySchema(() => z.looseObject({
  name: z.string(),
  type: z.string().optional(),
  xdm: z.looseObject({ type: z.string().optional(), format: z.string().optional() }).optional(),
}));
export type ExploreColumn = z.infer<typeof ExploreColumn>;
export const ExploreTable = lazySchema(() => z.looseObject({ format: z.string().optional(), schema: z.looseObject({ columns: z.array(ExploreColumn) }) }));
export type ExploreTable = z.infer<typeof ExploreTable>;
/** `explore … &preview=true`: the table's columns and a sample of its rows. */
export const ExploreTablePreview = lazySchema(() => ExploreTable.extend({ data: z.array(z.record(z.string(), z.unknown())).default([]) }));
export type ExploreTablePreview = z.infer<typeof ExploreTablePreview>;

export const ConnectionTest = lazySchema(() => z.looseObject({ result: z.boolean().optional() }));

/** GET by id answers `{"items":[item]}`. */
export const itemsOf = <T extends z.ZodType>(item: T) => z.looseObject({ items: z.array(item).min(1, 'is empty') });
