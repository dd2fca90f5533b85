// What differs between an adopted dataflow and what onboarding (or a flowctl.yaml entry) asks for — schedule,
// ingestion options, mapping version, state — as the JSON Patch that brings it in line and as changes a person
// reads: `schedule every 15 minutes → every 1 hour`, `partial ingestion (none) → 5 %`. Pure.

import type { Flow, PatchOperation } from '../platform/models/flow-service.js';

export interface FlowWish {
  schedule: Record<string, unknown>;
  options: Record<string, unknown>;
  mapping?: { id: string; version: string } | undefined;
  enabled: boolean;
}

export interface FlowDrift {
  ops: PatchOperation[];
  /** `enable` or `disable` when the state differs. */
  action?: 'enable' | 'disable';
  /** One phrase per change, old → new. */
  changes: string[];
}

const UNITS: Record<string, string> = { minute: 'minute', hour: 'hour', day: 'day', week: 'week' };

/** A schedule in words: `once`, `every 15 minutes`, `every 1 hour`. */
export function scheduleWords(schedule: Record<string, unknown>): string {
  const frequency = String(schedule['frequency'] ?? '');
  if (frequency === 'once') return 'once';
  const unit = UNITS[frequency] ?? frequency;
  const interval = Number(schedule['interval'] ?? 1);
  return `every ${interval} ${unit}${interval === 1 ? '' : 's'}`;
}

/** The schedule as the Platform may echo it (numeric strings), read back as numbers and booleans. */
function scheduleOf(flow: Flow): Record<string, unknown> {
  const out: Record<string, unknown> = { ...flow.scheduleParams };
  for (const key of ['startTime', 'interval']) if (typeof out[key] === 'string' && /^\d+$/.test(out[key] as string)) out[key] = Number(out[key]);
  if (out['backfill'] === 'true' || out['backfill'] === 'false') out['backfill'] = out['backfill'] === 'true';
  return out;
}

/** `op` for `/base/key` taking `from` to `to` (undefined: absent), or nothing when they are equal. */
function change(base: string, key: string, from: unknown, to: unknown): PatchOperation[] {
  if (to === undefined && from !== undefined) return [{ op: 'remove', path: `${base}/${key}` }];
  if (to !== undefined && to !== from) return [{ op: from === undefined ? 'add' : 'replace', path: `${base}/${key}`, value: to }];
  return [];
}

const OPTION_WORDS: Record<string, (v: unknown) => string> = {
  partialIngestionPercent: (v) => (v === undefined ? '(none)' : `${String(v)} %`),
  errorDiagnosticsEnabled: (v) => (v === true ? 'on' : 'off'),
};

function optionChanges(flow: Flow, wanted: Record<string, unknown>): { ops: PatchOperation[]; changes: string[] } {
  const current = flow.options ?? {};
  const ops: PatchOperation[] = [];
  const changes: string[] = [];
  // A flow created without options has no object to add a key to: JSON Patch adds the object first.
  if (flow.options === undefined && Object.values(wanted).some((v) => v !== undefined && v !== false)) ops.push({ op: 'add', path: '/options', value: {} });
  for (const key of new Set([...Object.keys(current), ...Object.keys(wanted)])) {
    // Diagnostics off and diagnostics absent are the same to the Platform: not a change.
    const from = key === 'errorDiagnosticsEnabled' && current[key] === false ? undefined : current[key];
    const to = key === 'errorDiagnosticsEnabled' && wanted[key] === false ? undefined : wanted[key];
    const op = change('/options', key, from, to);
    if (op.length === 0) continue;
    ops.push(...op);
    const words = OPTION_WORDS[key] ?? ((v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v)));
    changes.push(`${key === 'partialIngestionPercent' ? 'partial ingestion' : key === 'errorDiagnosticsEnabled' ? 'error diagnostics' : key} ${words(from)} → ${words(to)}`);
  }
  return { ops, changes };
}

export function flowDrift(flow: Flow, wish: FlowWish): FlowDrift {
  const current = scheduleOf(flow);
  const ops: PatchOperation[] = [];
  for (const key of ['frequency', 'interval', 'backfill'] as const) ops.push(...change('/scheduleParams', key, current[key], wish.schedule[key]));
  const changes = ops.length > 0 && scheduleWords(current) !== scheduleWords(wish.schedule) ? [`schedule ${scheduleWords(current)} → ${scheduleWords(wish.schedule)}`] : [];
  if (ops.some((o) => o.path === '/scheduleParams/backfill')) changes.push(`backfill ${String(current['backfill'] ?? false)} → ${String(wish.schedule['backfill'] ?? false)}`);
  const options = optionChanges(flow, wish.options);
  ops.push(...options.ops);
  changes.push(...options.changes);
  const index = (flow.transformations ?? []).findIndex((t) => t.name === 'Mapping');
  const mapping = flow.transformations?.[index]?.params as { mappingId?: unknown; mappingVersion?: unknown } | undefined;
  if (index >= 0 && wish.mapping && (mapping?.mappingId !== wish.mapping.id || String(mapping?.mappingVersion) !== wish.mapping.version)) {
    ops.push({ op: 'replace', path: `/transformations/${index}`, value: { name: 'Mapping', params: { mappingId: wish.mapping.id, mappingVersion: wish.mapping.version } } });
    changes.push(mapping?.mappingId === wish.mapping.id ? `mapping version ${String(mapping?.mappingVersion)} → ${wish.mapping.version}` : `mapping ${String(mapping?.mappingId)} → ${wish.mapping.id}@${wish.mapping.version}`);
  }
  const wantState = wish.enabled ? 'enabled' : 'disabled';
  if (flow.state === undefined || flow.state === wantState) return { ops, changes };
  return { ops, action: wish.enabled ? 'enable' : 'disable', changes: [...changes, `state ${flow.state} → ${wantState}`] };
}
