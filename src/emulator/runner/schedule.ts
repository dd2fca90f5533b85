// When a flow's runs are due (the flow spec's scheduleSpec: https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/database-nosql) — pure functions of the flow's `scheduleParams`,
// what the scheduler remembers about the flow, and the time.
//
//  - The slots of a periodic flow are startTime + k × interval × unit (k = 0, 1, …); a `once` flow has one
//    slot, startTime. `startTime` is epoch seconds, sent as a number or a numeric string.
//  - A slot is due once the clock reaches it. After downtime (or a run that took longer than the interval)
//    several slots may have passed: the flow catches up with ONE run, for the latest passed slot, not one
//    per missed slot.
//  - After a flow is (re-)enabled, its next run is the first slot at or after the enabling: slots missed
//    while it was disabled are not caught up.
//  - A run's window ends at its slot and starts where the previous run's window ended (the flow's start for
//    the first run): it is the `until` bound of the rows the run reads.

export type Frequency = 'once' | 'minute' | 'hour' | 'day' | 'week';

export const UNIT_MS: Record<Exclude<Frequency, 'once'>, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
};

export interface Schedule {
  /** Epoch ms of the first slot. */
  startMs: number;
  frequency: Frequency;
  /** ms between slots; undefined for `once`. */
  everyMs: number | undefined;
  /** Ingest the rows that predate startTime (default true). */
  backfill: boolean;
}

/** What the scheduler keeps about a flow between ticks (and restarts). */
export interface ScheduleState {
  /** The slot (epoch ms) of the last run the scheduler created. */
  lastSlot?: number | undefined;
  /** When the flow was last enabled after being disabled (epoch ms). */
  resumedAt?: number | undefined;
}

const FREQUENCIES: readonly string[] = ['once', 'minute', 'hour', 'day', 'week'];

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** The schedule of `scheduleParams`, or undefined when it cannot be scheduled. */
export function parseSchedule(scheduleParams: unknown): Schedule | undefined {
  if (typeof scheduleParams !== 'object' || scheduleParams === null) return undefined;
  const params = scheduleParams as Record<string, unknown>;
  const start = toNumber(params['startTime']);
  const frequency = params['frequency'];
  if (start === undefined || typeof frequency !== 'string' || !FREQUENCIES.includes(frequency)) return undefined;
  const backfill = params['backfill'] === undefined ? true : params['backfill'] === true || params['backfill'] === 'true';
  if (frequency === 'once') return { startMs: start * 1000, frequency, everyMs: undefined, backfill };
  const interval = toNumber(params['interval']);
  if (interval === undefined || !Number.isInteger(interval) || interval < 1) return undefined;
  return { startMs: start * 1000, frequency: frequency as Frequency, everyMs: interval * UNIT_MS[frequency as Exclude<Frequency, 'once'>], backfill };
}

/** The first slot at or after `t` (the start itself when `t` is earlier). */
function slotAtOrAfter(schedule: Schedule & { everyMs: number }, t: number): number {
  if (t <= schedule.startMs) return schedule.startMs;
  return schedule.startMs + Math.ceil((t - schedule.startMs) / schedule.everyMs) * schedule.everyMs;
}

/** The latest slot at or before `t` (undefined before the start). */
function slotAtOrBefore(schedule: Schedule & { everyMs: number }, t: number): number | undefined {
  if (t < schedule.startMs) return undefined;
  return schedule.startMs + Math.floor((t - schedule.startMs) / schedule.everyMs) * schedule.everyMs;
}

/** The next slot a run will be due for (it may already have passed), or undefined when no run is left. */
export function nextSlot(schedule: Schedule, state: ScheduleState = {}): number | undefined {
  if (schedule.everyMs === undefined) return state.lastSlot === undefined ? schedule.startMs : undefined;
  const periodic = schedule as Schedule & { everyMs: number };
  let earliest = schedule.startMs;
  if (state.lastSlot !== undefined) earliest = Math.max(earliest, slotAtOrAfter(periodic, state.lastSlot + 1));
  if (state.resumedAt !== undefined) earliest = Math.max(earliest, slotAtOrAfter(periodic, state.resumedAt));
  return earliest;
}

/** The slot to run now: undefined when nothing is due, else the latest slot that has passed (one catch-up run). */
export function dueSlot(schedule: Schedule, state: ScheduleState, now: number): number | undefined {
  const next = nextSlot(schedule, state);
  if (next === undefined || next > now) return undefined;
  if (schedule.everyMs === undefined) return next;
  return slotAtOrBefore(schedule as Schedule & { everyMs: number }, now) ?? next;
}

/** The window of the run for `slot`: from the previous run's slot (or the start) to the slot, epoch ms. */
export function runWindow(schedule: Schedule, state: ScheduleState, slot: number): { start: number; end: number } {
  const previous = state.lastSlot !== undefined && state.lastSlot < slot ? state.lastSlot : undefined;
  return { start: previous ?? Math.min(schedule.startMs, slot), end: slot };
}
