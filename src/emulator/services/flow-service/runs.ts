// Runs (`/runs`, platform-api.md §3.9). This module keeps the records and the ad-hoc `POST /runs` of flows
// scheduled `once`; executing runs (filling in metrics and activities) is the runner's job
// (src/emulator/runner), which registers with `onRunCreated`, so a new run has the full §3.9 shape with
// nothing measured yet.

import type { Handler } from '../../http-types.js';
import { newEtag, newUuid } from '../../ids.js';
import { type Json, publicView, type ResourceRecord } from '../../records.js';
import type { Router } from '../../router.js';
import type { SandboxState, Store } from '../../store.js';
import { validate } from './json-schema.js';
import { fieldSet, listReply } from './query.js';
import { BASE, created, invalid, isObject, itemReply, lookup, nonEmptyString, objectBody, reject } from './resource.js';
import { isOnce } from './schedule.js';
import { findFlowSpec, type FlowSpec } from './specs.js';

const executors = new WeakMap<Store, (sandbox: SandboxState, run: ResourceRecord) => void>();

/** Hands every run created by `POST /runs` on `store` to `execute` (the runner's executor). */
export function onRunCreated(store: Store, execute: (sandbox: SandboxState, run: ResourceRecord) => void): void {
  executors.set(store, execute);
}

const FIELDS = fieldSet('flowId', 'flowSpec', 'providerRefId', 'params', 'metrics', 'activities');

/** A run record as §3.9 shows it, before anything ran: status `scheduled`, no activities. */
export function newRun(base: Json, flow: ResourceRecord, params: Json | undefined): ResourceRecord {
  const etag = newEtag();
  return {
    id: newUuid(),
    ...base,
    flowId: flow.id,
    flowSpec: flow['flowSpec'],
    ...(params && { params }),
    etag,
    metrics: {
      durationSummary: {},
      sizeSummary: { inputBytes: 0, outputBytes: 0 },
      recordSummary: { inputRecordCount: 0, outputRecordCount: 0, failedRecordCount: 0 },
      fileSummary: { inputFileCount: 0, outputFileCount: 0 },
      statusSummary: { status: 'scheduled', errors: [] },
    },
    activities: [],
  };
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
  const params = isObject(body['params']) ? body['params'] : undefined;
  const problem = validate({ startTime: Math.floor(request.now / 1000), ...params }, spec.runSpec.spec, { coerce: true }, 'params');
  if (problem) invalid(request, `${problem.message} (run spec of ${spec.name})`);
  const run = newRun(created(request), flow, params);
  await request.sandbox.collection<ResourceRecord>('runs').put(run);
  executors.get(request.store)?.(request.sandbox, run);
  // The OpenAPI answers {id, etag}; the tutorial shows the whole run — the whole run carries both.
  return { status: 201, body: publicView(run), headers: { location: `${BASE}/runs/${run.id}` } };
};

const list: Handler = (request) =>
  listReply(request, request.sandbox.collection<ResourceRecord>('runs').all().map((r) => publicView(r)), { collection: 'runs', fields: FIELDS });

const get: Handler = (request, params) => itemReply(lookup(request, 'runs', params['id'] as string));

export function addRunRoutes(router: Router): void {
  router.add('GET', '/runs', list).add('POST', '/runs', create).add('GET', '/runs/:id', get);
}
