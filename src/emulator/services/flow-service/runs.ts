// Runs (`/runs`, https://experienceleague.adobe.com/en/docs/experience-platform/dataflows/api/monitor; on-demand runs: https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/on-demand-ingestion). This module keeps the records and the ad-hoc `POST /runs` of flows
// scheduled `once`; executing runs (filling in metrics and activities) is the runner's job
// (src/emulator/runner), which registers with `onRunCreated`, so a new run has the full shape of a monitored run with
// nothing measured yet.
//
// `POST /runs` follows Adobe's on-demand ingestion tutorial (sources/tutorials/api/on-demand-ingestion.md):
// it answers `201 {"items":[{"id","etag"}]}`, and the delta column is given once — the flow's first ad-hoc
// run must carry `params.deltaColumn`, which is then patched into the flow's Copy transformation and is the
// source of truth from there on: later runs may leave it out, and one naming another column is refused.

import { isDeepStrictEqual } from 'node:util';
import type { EmulatorRequest, Handler } from '../../http-types.js';
import { newEtag, newUuid } from '../../ids.js';
import { type Json, publicView, type ResourceRecord } from '../../records.js';
import type { Router } from '../../router.js';
import { TRIGGER_FIELD } from '../../runner/plan.js';
import type { SandboxState, Store } from '../../store.js';
import { asNumber, validate } from './json-schema.js';
import { fieldSet, listReply } from './query.js';
import { BASE, created, invalid, isObject, itemReply, lookup, nonEmptyString, objectBody, reject, touched } from './resource.js';
import { isOnce } from './schedule.js';
import { findFlowSpec, type FlowSpec } from './specs.js';

const executors = new WeakMap<Store, (sandbox: SandboxState, run: ResourceRecord) => void>();

/** Hands every run created by `POST /runs` on `store` to `execute` (the runner's executor). */
export function onRunCreated(store: Store, execute: (sandbox: SandboxState, run: ResourceRecord) => void): void {
  executors.set(store, execute);
}

const FIELDS = fieldSet('flowId', 'flowSpec', 'providerRefId', 'params', 'metrics', 'activities');

export type RunStatus = 'scheduled' | 'inProgress' | 'success' | 'failed';

/**
 * `statusSummary.extensions.type`. Adobe's monitoring pages show only "one-time" (an on-demand run);
 * "scheduled" for the runs the scheduler creates is our inference — no other value is documented.
 */
export function runType(run: Json): 'one-time' | 'scheduled' {
  return run[TRIGGER_FIELD] === 'schedule' ? 'scheduled' : 'one-time';
}

/**
 * The fields that say where a run is: `metrics.statusSummary` (the documented status) and the top-level
 * `state` the run list filter names (`/runs?property=state==inProgress`), kept equal.
 */
export function runStatusFields(run: Json, status: RunStatus, errors: unknown[], more: Json = {}): { state: RunStatus; statusSummary: Json } {
  return { state: status, statusSummary: { status, errors, ...more, extensions: { type: runType(run) } } };
}

/** A run record as https://experienceleague.adobe.com/en/docs/experience-platform/dataflows/api/monitor shows it, before anything ran: status `scheduled`, no activities. */
export function newRun(base: Json, flow: ResourceRecord, params: Json | undefined, options: { scheduled?: boolean } = {}): ResourceRecord {
  const trigger = options.scheduled ? { [TRIGGER_FIELD]: 'schedule' } : {};
  const { state, statusSummary } = runStatusFields(trigger, 'scheduled', []);
  return {
    id: newUuid(),
    ...base,
    flowId: flow.id,
    flowSpec: flow['flowSpec'],
    ...(params && { params }),
    etag: newEtag(),
    state,
    metrics: {
      durationSummary: {},
      sizeSummary: { inputBytes: 0, outputBytes: 0 },
      recordSummary: { inputRecordCount: 0, outputRecordCount: 0, failedRecordCount: 0 },
      fileSummary: { inputFileCount: 0, outputFileCount: 0 },
      statusSummary,
    },
    activities: [],
    ...trigger,
  };
}

/** `transformations[name=Copy].params.deltaColumn` of a flow, if it has one. */
export function copyDeltaColumn(flow: Json): Json | undefined {
  const list = Array.isArray(flow['transformations']) ? (flow['transformations'] as unknown[]) : [];
  const copy = list.find((t) => isObject(t) && t['name'] === 'Copy') as Json | undefined;
  const deltaColumn = isObject(copy?.['params']) ? copy['params']['deltaColumn'] : undefined;
  return isObject(deltaColumn) ? deltaColumn : undefined;
}

/** The flow's transformations with `deltaColumn` in Copy's params (flow-rules.ts makes every flow have a Copy). */
function withCopyDeltaColumn(flow: ResourceRecord, deltaColumn: Json): unknown[] {
  const list = Array.isArray(flow['transformations']) ? (flow['transformations'] as unknown[]) : [];
  return list.map((t) => (isObject(t) && t['name'] === 'Copy' ? { ...t, params: { ...(isObject(t['params']) ? t['params'] : {}), deltaColumn } } : t));
}

/**
 * Applies the tutorial's delta column rule and returns the flow as it must be stored before the run (or
 * undefined when it stays as it is).
 */
function settleDeltaColumn(request: EmulatorRequest, flow: ResourceRecord, params: Json): ResourceRecord | undefined {
  const current = copyDeltaColumn(flow);
  const sent = params['deltaColumn'];
  const first = !request.sandbox
    .collection<ResourceRecord>('runs')
    .all()
    .some((run) => run['flowId'] === flow.id && run[TRIGGER_FIELD] !== 'schedule');
  if (first) {
    if (!isObject(sent) || nonEmptyString(sent['name']) === undefined) {
      invalid(request, `params.deltaColumn.name is required on the first run of flow ${flow.id}: it becomes the flow's delta column (transformations[Copy].params.deltaColumn)`);
    }
    // Fields the run leaves out (dateFormat, timezone) are kept when it names the same column.
    const next = sent['name'] === current?.['name'] ? { ...current, ...sent } : sent;
    if (isDeepStrictEqual(next, current)) return undefined;
    return { ...flow, transformations: withCopyDeltaColumn(flow, next), ...touched(request) };
  }
  if (sent !== undefined && (!isObject(sent) || sent['name'] !== current?.['name'])) {
    const name = isObject(sent) ? JSON.stringify(sent['name']) : JSON.stringify(sent);
    invalid(
      request,
      `params.deltaColumn.name ${name} differs from the delta column of flow ${flow.id}, "${String(current?.['name'])}" (transformations[Copy].params.deltaColumn.name): it was set by the flow's first run and cannot be changed through run parameters; leave params.deltaColumn out`,
    );
  }
  return undefined;
}

/** An ad-hoc run of a `once` flow; `startTime` may be left out and then means now. */
const create: Handler = async (request) => {
  const body = objectBody(request);
  const flowId = nonEmptyString(body['flowId']);
  if (!flowId) reject(request, '1446-400', 'The flow ID cannot be null or empty. Please update the flow ID and try again.');
  const flow = request.sandbox.collection<ResourceRecord>('flows').get(flowId);
  if (!flow) reject(request, '1430-400', `Flow not found with id ${flowId}.`);
  if (!isOnce(flow)) invalid(request, `flow ${flowId} is not scheduled with frequency once: only those take ad-hoc runs`);
  const spec = findFlowSpec((flow['flowSpec'] as Json)['id']) as FlowSpec;
  const params = isObject(body['params']) ? body['params'] : {};
  const patchedFlow = settleDeltaColumn(request, flow, params);
  // The run spec requires deltaColumn; after the first run the flow's stands in for a left-out one.
  const effective: Json = { startTime: Math.floor(request.now / 1000), deltaColumn: copyDeltaColumn(flow), ...params };
  const problem = validate(effective, spec.runSpec.spec, { coerce: true }, 'params');
  if (problem) invalid(request, `${problem.message} (run spec of ${spec.name})`);
  const start = asNumber(effective['windowStartTime']) as number;
  const end = asNumber(effective['windowEndTime']) as number;
  if (end < start) invalid(request, `params.windowEndTime (${end}) is before params.windowStartTime (${start}): the window must not end before it starts`);

  const run = newRun(created(request), flow, params);
  // Both stored in the same tick (a put updates memory at once): the run is never seen without the flow's delta column.
  await Promise.all([
    request.sandbox.collection<ResourceRecord>('runs').put(run),
    patchedFlow && request.sandbox.collection<ResourceRecord>('flows').put(patchedFlow),
  ]);
  executors.get(request.store)?.(request.sandbox, run);
  return { status: 201, body: { items: [{ id: run.id, etag: run['etag'] }] }, headers: { location: `${BASE}/runs/${run.id}` } };
};

const list: Handler = (request) =>
  listReply(request, request.sandbox.collection<ResourceRecord>('runs').all().map((r) => publicView(r)), { collection: 'runs', fields: FIELDS });

const get: Handler = (request, params) => itemReply(lookup(request, 'runs', params['id'] as string));

export function addRunRoutes(router: Router): void {
  router.add('GET', '/runs', list).add('POST', '/runs', create).add('GET', '/runs/:id', get);
}
