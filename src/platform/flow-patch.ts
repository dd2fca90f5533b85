// The one place a dataflow's patch is worked out and sent: what differs between a flow as it is and what is
// wanted of it (name, description, schedule, mapping version, ingestion options, state), as the JSON Patch that
// brings it in line, the enable/disable action, and each change as `{field, from, to}` and in words
// (`schedule every 15 minutes → every 2 hours`, `partial ingestion (none) → 5 %`). `flow update` and
// onboarding/apply both use it, and both send it with If-Match, read again and recomputed once on 412.

import { InvalidInputError, PreconditionFailedError } from './errors.js';
import type { FlowAction, FlowService } from './flow-service.js';
import type { Created } from './models/common.js';
import type { Flow, PatchOperation } from './models/flow-service.js';
import { coerceSchedule, scheduleWords } from './schedule.js';

const SCHEDULE_KEYS = ['startTime', 'frequency', 'interval', 'backfill'] as const;

/** What is wanted of a flow. Absent: left as it is. A schedule or option key present with `undefined`: removed. */
export interface FlowWish {
  name?: string | undefined;
  description?: string | undefined;
  schedule?: Partial<Record<(typeof SCHEDULE_KEYS)[number], unknown>> | undefined;
  mapping?: { id: string; version: string | number } | undefined;
  options?: Record<string, unknown> | undefined;
  /** The options are the whole of them: keys the flow has and `options` lacks are removed (apply). */
  exactOptions?: boolean | undefined;
  enabled?: boolean | undefined;
}

/** One field that changes: `from` and `to` as the flow holds them, null when absent. */
export interface FlowChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface FlowPatch {
  ops: PatchOperation[];
  /** `enable` or `disable` when the state differs. */
  action?: FlowAction;
  changes: FlowChange[];
  /** The changes in words, old → new: `schedule every 15 minutes → every 1 hour` (see sayChange). */
  words: ChangeWords[];
}

/** A change for people: what changes, from what, to what, in words. */
export interface ChangeWords {
  what: string;
  from: string;
  to: string;
}

/** `schedule every 15 minutes → every 1 hour`; with `after: ':'`, `schedule: every 15 minutes → every 1 hour`. */
export function sayChange(words: ChangeWords, after = ''): string {
  return `${words.what}${after} ${words.from} → ${words.to}`;
}

/** Quoted, and cut short past 40 characters. */
function quoted(value: string | undefined): string {
  if (value === undefined) return '(none)';
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value);
}

/** Option values as the Platform may echo them (`"true"`, `"5"`), for comparison. */
function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (a !== undefined && b !== undefined && String(a) === String(b));
}

/** `YYYY-MM-DD HH:MM:SSZ` for epoch seconds. */
function timeWords(value: unknown): string {
  const n = Number(value);
  if (value === undefined || !Number.isFinite(n) || n <= 0) return 'none';
  return new Date(n < 100_000_000_000 ? n * 1000 : n).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

function every(schedule: Record<string, unknown>): string {
  return schedule['frequency'] === undefined ? 'no schedule' : scheduleWords(schedule);
}

/** Backfill in words for a periodic schedule (unset is on, the Platform's default); once has none. */
function backfillWord(schedule: Record<string, unknown>): string | undefined {
  if (schedule['frequency'] === 'once') return undefined;
  return schedule['backfill'] === false ? 'off' : 'on';
}

interface Part {
  ops: PatchOperation[];
  changes: FlowChange[];
  words: ChangeWords[];
}

const change = (field: string, from: unknown, to: unknown): FlowChange => ({ field, from: from ?? null, to: to ?? null });

function textPart(flow: Flow, wish: FlowWish): Part {
  const part: Part = { ops: [], changes: [], words: [] };
  if (wish.name !== undefined && wish.name !== flow.name) {
    part.ops.push({ op: 'replace', path: '/name', value: wish.name });
    part.changes.push(change('name', flow.name, wish.name));
    part.words.push({ what: 'name', from: quoted(flow.name), to: quoted(wish.name) });
  }
  if (wish.description !== undefined && wish.description !== flow.description) {
    part.ops.push({ op: flow.description === undefined ? 'add' : 'replace', path: '/description', value: wish.description });
    part.changes.push(change('description', flow.description, wish.description));
    part.words.push({ what: 'description', from: quoted(flow.description), to: quoted(wish.description) });
  }
  return part;
}

function schedulePart(flow: Flow, wish: FlowWish): Part {
  const part: Part = { ops: [], changes: [], words: [] };
  if (!wish.schedule) return part;
  const before = coerceSchedule(flow.scheduleParams);
  const after: Record<string, unknown> = { ...before };
  for (const key of SCHEDULE_KEYS) {
    if (!(key in wish.schedule)) continue;
    const to = wish.schedule[key];
    if (to === undefined) delete after[key];
    else after[key] = to;
    const path = `/scheduleParams/${key}`;
    if (to === undefined && before[key] !== undefined) part.ops.push({ op: 'remove', path });
    else if (to !== undefined && to !== before[key]) part.ops.push({ op: before[key] === undefined ? 'add' : 'replace', path, value: to });
    else continue;
    part.changes.push(change(key, before[key], to));
  }
  if (part.ops.length === 0) return part;
  if (every(before) !== every(after)) part.words.push({ what: 'schedule', from: every(before), to: every(after) });
  if (before['startTime'] !== after['startTime']) part.words.push({ what: 'start time', from: timeWords(before['startTime']), to: timeWords(after['startTime']) });
  const [was, will] = [backfillWord(before), backfillWord(after)];
  if (was !== undefined && will !== undefined && was !== will) part.words.push({ what: 'backfill', from: was, to: will });
  return part;
}

/** Mapping set ids are hex: compared without case. A flow without a Mapping transformation gains one. */
function mappingPart(flow: Flow, wish: FlowWish): Part {
  const part: Part = { ops: [], changes: [], words: [] };
  if (!wish.mapping) return part;
  const index = (flow.transformations ?? []).findIndex((t) => t.name === 'Mapping');
  const current = flow.transformations?.[index]?.params as { mappingId?: unknown; mappingVersion?: unknown } | undefined;
  const version = String(wish.mapping.version);
  const sameId = String(current?.mappingId ?? '').toLowerCase() === wish.mapping.id.toLowerCase();
  if (sameId && sameValue(current?.mappingVersion, version)) return part;
  const params = { mappingId: wish.mapping.id, mappingVersion: version };
  const value = { name: 'Mapping', params };
  part.ops.push(index < 0 ? { op: 'add', path: '/transformations/-', value } : { op: 'replace', path: `/transformations/${index}`, value });
  part.changes.push(change('mapping', current && { mappingId: current.mappingId, mappingVersion: current.mappingVersion }, params));
  part.words.push(
    current !== undefined && sameId
      ? { what: 'mapping version', from: String(current.mappingVersion), to: version }
      : { what: 'mapping', from: current === undefined ? '(none)' : String(current.mappingId), to: `${wish.mapping.id}@${version}` },
  );
  return part;
}

const OPTION_NAMES: Record<string, string> = { partialIngestionPercent: 'partial ingestion', errorDiagnosticsEnabled: 'error diagnostics' };
const OPTION_WORDS: Record<string, (v: unknown) => string> = {
  partialIngestionPercent: (v) => (v === undefined ? '(none)' : `${String(v)} %`),
  errorDiagnosticsEnabled: (v) => (v === true || v === 'true' ? 'on' : 'off'),
};

/** Diagnostics off and diagnostics absent are the same to the Platform: not a change. */
function optionValue(key: string, value: unknown): unknown {
  return key === 'errorDiagnosticsEnabled' && (value === false || value === 'false') ? undefined : value;
}

/** The options as one object: the flow's with the wanted keys set (or, with exactOptions, the wanted ones only). */
function optionsPart(flow: Flow, wish: FlowWish): Part {
  const part: Part = { ops: [], changes: [], words: [] };
  if (!wish.options) return part;
  const current: Record<string, unknown> = flow.options ?? {};
  const next: Record<string, unknown> = wish.exactOptions ? {} : { ...current };
  for (const [key, value] of Object.entries(wish.options)) {
    if (value === undefined || (wish.exactOptions && optionValue(key, value) === undefined)) delete next[key];
    else next[key] = value;
  }
  for (const key of new Set([...Object.keys(current), ...Object.keys(next)])) {
    const [from, to] = [optionValue(key, current[key]), optionValue(key, next[key])];
    if (sameValue(from, to) || (from === undefined && to === undefined)) continue;
    const words = OPTION_WORDS[key] ?? ((v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v)));
    part.words.push({ what: OPTION_NAMES[key] ?? key, from: words(from), to: words(to) });
  }
  if (part.words.length === 0) return part;
  part.ops.push({ op: flow.options === undefined ? 'add' : 'replace', path: '/options', value: next });
  part.changes.push(change('options', flow.options, next));
  return part;
}

/** The patch that brings `flow` to `wish`: only what differs. Pure. */
export function flowPatch(flow: Flow, wish: FlowWish): FlowPatch {
  const parts = [textPart(flow, wish), schedulePart(flow, wish), mappingPart(flow, wish), optionsPart(flow, wish)];
  const patch: FlowPatch = { ops: parts.flatMap((p) => p.ops), changes: parts.flatMap((p) => p.changes), words: parts.flatMap((p) => p.words) };
  const wantState = wish.enabled === undefined ? undefined : wish.enabled ? 'enabled' : 'disabled';
  if (wantState !== undefined && flow.state !== undefined && flow.state !== wantState) {
    patch.action = wish.enabled ? 'enable' : 'disable';
    patch.changes.push(change('state', flow.state, wantState));
    patch.words.push({ what: 'state', from: flow.state, to: wantState });
  }
  return patch;
}

export interface AppliedFlowPatch {
  /** The flow the patch was worked out against (the last one read). */
  flow: Flow;
  patch: FlowPatch;
  /** The PATCH response; undefined when no PATCH was needed. */
  result?: Created;
}

export interface ApplyFlowPatchOptions {
  /** The flow as already read (e.g. listed); read again if it has no etag. */
  flow?: Flow | undefined;
  /** Told when a 412 makes it read the flow again. */
  onRetry?: () => void;
}

/**
 * Works out the patch against the flow and sends it with If-Match (the etag verbatim); then the enable/disable
 * action, if any. If the flow changed between the read and the PATCH (412), it is read again and the patch
 * recomputed and sent once more; a second 412 is thrown. A flow without an etag is not patched: without If-Match
 * someone else's change could be overwritten. `wish` may depend on the flow (checked against it: throw to stop).
 */
export async function applyFlowPatch(
  flowService: Pick<FlowService, 'flows'>,
  flowId: string,
  wish: FlowWish | ((flow: Flow) => FlowWish),
  options: ApplyFlowPatchOptions = {},
): Promise<AppliedFlowPatch> {
  let known = options.flow?.etag ? options.flow : undefined;
  for (let attempt = 1; ; attempt++) {
    const flow = known ?? (await flowService.flows.get(flowId));
    known = undefined;
    const patch = flowPatch(flow, typeof wish === 'function' ? wish(flow) : wish);
    let result: Created | undefined;
    if (patch.ops.length > 0) {
      if (!flow.etag) throw new InvalidInputError('flow', `the Platform returned flow ${flowId} without an etag: cannot update it safely`);
      try {
        result = await flowService.flows.patch(flowId, patch.ops, flow.etag);
      } catch (error) {
        if (!(error instanceof PreconditionFailedError) || attempt > 1) throw error;
        options.onRetry?.();
        continue;
      }
    }
    if (patch.action) await flowService.flows.act(flowId, patch.action);
    return { flow, patch, ...(result && { result }) };
  }
}
