// Schedule flags → the flow's scheduleParams, checked against CRMToAEP's rules with the flag names in the
// message (`--interval: must be at least 15 when --frequency is minute`). Values become numbers and booleans:
// the flow spec types them so, even though Adobe's own tutorial sends strings.

import { InvalidInputError } from '../platform/errors.js';
import { coerceSchedule, type Frequency, parseStartTime, type ScheduleParams, scheduleProblem, scheduleWords } from '../platform/schedule.js';
import { parseInteger } from './options.js';

export interface ScheduleFlags {
  frequency?: string | undefined;
  interval?: string | undefined;
  startTime?: string | undefined;
  backfill?: boolean | undefined;
}

const FLAG_OF: Record<keyof ScheduleParams, string> = {
  startTime: '--start-time',
  frequency: '--frequency',
  interval: '--interval',
  backfill: '--backfill',
};

function check(params: Record<string, unknown>): ScheduleParams {
  const problem = scheduleProblem(params);
  if (problem) {
    const rule = problem.rule.replace(/\bfrequency\b/g, '--frequency');
    const flag = problem.field === 'backfill' && params['backfill'] === false ? '--no-backfill' : FLAG_OF[problem.field];
    throw new InvalidInputError(flag, rule);
  }
  return params as unknown as ScheduleParams;
}

function startTimeOf(value: string, now: () => number): number {
  const parsed = parseStartTime(value, now);
  if (typeof parsed !== 'number') throw new InvalidInputError('--start-time', parsed.rule);
  return parsed;
}

/** A new flow's schedule; the start defaults to now. */
export function scheduleFromFlags(flags: ScheduleFlags, now: () => number): ScheduleParams {
  const params: Record<string, unknown> = {
    startTime: startTimeOf(flags.startTime ?? 'now', now),
    frequency: flags.frequency,
  };
  if (flags.interval !== undefined) params['interval'] = parseInteger('--interval', flags.interval, { min: 1 });
  if (flags.backfill !== undefined) params['backfill'] = flags.backfill;
  return check(params);
}

export { coerceSchedule };

export function hasScheduleChange(flags: ScheduleFlags): boolean {
  return flags.frequency !== undefined || flags.interval !== undefined || flags.startTime !== undefined || flags.backfill !== undefined;
}

/** An existing flow's schedule with the flags applied; switching to `once` drops interval and backfill. */
export function mergedSchedule(current: Record<string, unknown> | undefined, flags: ScheduleFlags, now: () => number): ScheduleParams {
  const params = coerceSchedule(current);
  if (flags.frequency !== undefined) {
    params['frequency'] = flags.frequency as Frequency;
    if (flags.frequency === 'once') {
      delete params['interval'];
      delete params['backfill'];
    }
  }
  if (flags.interval !== undefined) params['interval'] = parseInteger('--interval', flags.interval, { min: 1 });
  if (flags.backfill !== undefined) params['backfill'] = flags.backfill;
  if (flags.startTime !== undefined) params['startTime'] = startTimeOf(flags.startTime, now);
  return check(params);
}

/** How often, in the words `plan` uses: `every 15 minutes`, `every 1 hour`, `once`. */
function every(schedule: Record<string, unknown>): string {
  return schedule['frequency'] === undefined ? 'no schedule' : scheduleWords(schedule);
}

/**
 * The interval counts units of the frequency, so a new frequency needs a new interval: `--frequency hour` alone
 * on a flow that runs every 15 minutes would keep 15 and run it every 15 hours. `once` takes no interval.
 */
export function checkIntervalForFrequency(current: Record<string, unknown> | undefined, flags: ScheduleFlags): void {
  if (flags.frequency === undefined || flags.frequency === 'once' || flags.interval !== undefined) return;
  const before = coerceSchedule(current);
  if (flags.frequency === before['frequency']) return;
  const kept = before['interval'];
  const why =
    kept === undefined
      ? ` from ${every(before)} to ${flags.frequency}`
      : `: interval ${String(kept)} would then mean ${every({ frequency: flags.frequency, interval: kept })}, not ${every(before)}`;
  throw new InvalidInputError('--interval', `is required when --frequency changes${why}`);
}
