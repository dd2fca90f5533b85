// The CRMToAEP flow spec's schedule rules (its `scheduleSpec` JSON schema, https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/database-nosql), checked
// before a flow is sent so that a bad schedule fails here with the rule spelled out, not at the Platform.
//   - startTime (integer epoch seconds) and frequency (once|minute|hour|day|week) are required;
//   - once: no interval and no backfill;
//   - otherwise an interval is required: ≥ 15 for minute, ≥ 1 for the others (units of `frequency`);
//   - backfill is a boolean (default true on the Platform).

export const FREQUENCIES = ['once', 'minute', 'hour', 'day', 'week'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export interface ScheduleParams {
  startTime: number;
  frequency: Frequency;
  interval?: number;
  backfill?: boolean;
}

export interface ScheduleProblem {
  /** `startTime`, `frequency`, `interval` or `backfill`. */
  field: keyof ScheduleParams;
  rule: string;
}

/** Smallest interval per frequency. */
export function minimumInterval(frequency: Exclude<Frequency, 'once'>): number {
  return frequency === 'minute' ? 15 : 1;
}

/** Epoch seconds from now on are below this; a larger number is almost surely milliseconds. */
const MAX_EPOCH_SECONDS = 100_000_000_000;

/** The first rule the schedule breaks, or undefined. Values must already be numbers and booleans. */
export function scheduleProblem(params: Record<string, unknown>): ScheduleProblem | undefined {
  const { startTime, frequency, interval, backfill } = params;
  if (startTime === undefined) return { field: 'startTime', rule: 'is required (epoch seconds)' };
  if (typeof startTime !== 'number' || !Number.isSafeInteger(startTime) || startTime < 0) {
    return { field: 'startTime', rule: 'must be a whole number of seconds since 1970-01-01 UTC' };
  }
  if (startTime >= MAX_EPOCH_SECONDS) return { field: 'startTime', rule: 'must be epoch seconds, not milliseconds' };
  if (frequency === undefined) return { field: 'frequency', rule: `is required (one of ${FREQUENCIES.join(', ')})` };
  if (typeof frequency !== 'string' || !(FREQUENCIES as readonly string[]).includes(frequency)) {
    return { field: 'frequency', rule: `must be one of ${FREQUENCIES.join(', ')}` };
  }
  if (frequency === 'once') {
    if (interval !== undefined) return { field: 'interval', rule: 'must not be set when frequency is once' };
    if (backfill !== undefined) return { field: 'backfill', rule: 'must not be set when frequency is once' };
    return undefined;
  }
  if (interval === undefined) return { field: 'interval', rule: `is required when frequency is ${frequency}` };
  if (typeof interval !== 'number' || !Number.isSafeInteger(interval)) return { field: 'interval', rule: 'must be a whole number' };
  const min = minimumInterval(frequency as Exclude<Frequency, 'once'>);
  if (interval < min) return { field: 'interval', rule: `must be at least ${min} when frequency is ${frequency}` };
  if (backfill !== undefined && typeof backfill !== 'boolean') return { field: 'backfill', rule: 'must be true or false' };
  return undefined;
}

/**
 * `now`, integer epoch seconds, or an ISO-8601 date-time (with a zone, so that it means one instant).
 * Returns epoch seconds, or a rule the value breaks.
 */
export function parseStartTime(value: string, now: () => number): number | { rule: string } {
  const v = value.trim();
  if (v.toLowerCase() === 'now') return Math.floor(now() / 1000);
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    if (n >= MAX_EPOCH_SECONDS) return { rule: 'must be epoch seconds, not milliseconds' };
    return n;
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.exec(v);
  // Date.parse rolls 2026-02-30 over into March: a typo must not schedule a flow on another day.
  if (iso && isCalendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3]))) {
    const ms = Date.parse(iso[4] ? v : `${v}T00:00:00Z`);
    if (!Number.isNaN(ms)) return Math.floor(ms / 1000);
  }
  return { rule: `"${value}" is not now, epoch seconds or an ISO-8601 date-time with a zone (2026-01-31T09:00:00Z)` };
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The Platform may echo what it was sent as strings ("15", "true"): read them back as numbers/booleans. */
export function coerceSchedule(params: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { ...params };
  for (const key of ['startTime', 'interval'] as const) {
    if (typeof out[key] === 'string' && /^\d+$/.test(out[key] as string)) out[key] = Number(out[key]);
  }
  if (out['backfill'] === 'true' || out['backfill'] === 'false') out['backfill'] = out['backfill'] === 'true';
  return out;
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
