import { describe, expect, it } from 'vitest';
import { coerceSchedule, hasScheduleChange, mergedSchedule, scheduleFromFlags } from '../../src/cli/schedule-flags.js';
import { InvalidInputError } from '../../src/platform/errors.js';
import { FREQUENCIES, minimumInterval, parseStartTime, scheduleProblem } from '../../src/platform/schedule.js';

const START = 1_769_850_000; // 2026-01-31T09:00:00Z
const NOW_MS = 1_769_850_000_999;
const now = () => NOW_MS;

const WHOLE = 'must be a whole number';
const ONCE_NO = 'must not be set when frequency is once';
const FREQ_ONE_OF = 'must be one of once, minute, hour, day, week';
const FREQ_REQUIRED = 'is required (one of once, minute, hour, day, week)';
const atLeast = (min: number, f: string) => `must be at least ${min} when frequency is ${f}`;
const required = (f: string) => `is required when frequency is ${f}`;

type Expected = undefined | readonly [field: string, rule: string];
const ABSENT = Symbol('absent');
type Value = unknown;

function params(frequency: Value, interval: Value, backfill: Value = ABSENT): Record<string, unknown> {
  const p: Record<string, unknown> = { startTime: START };
  if (frequency !== ABSENT) p['frequency'] = frequency;
  if (interval !== ABSENT) p['interval'] = interval;
  if (backfill !== ABSENT) p['backfill'] = backfill;
  return p;
}

function expectProblem(actual: ReturnType<typeof scheduleProblem>, expected: Expected): void {
  if (expected === undefined) expect(actual).toBeUndefined();
  else expect(actual).toEqual({ field: expected[0], rule: expected[1] });
}

// frequency × interval: every row spelled out, so that the table is the spec (platform-api.md §8.2).
const INTERVALS: ReadonlyArray<[label: string, value: Value]> = [
  ['absent', ABSENT],
  ['0', 0],
  ['1', 1],
  ['14', 14],
  ['15', 15],
  ['1.5', 1.5],
  ['1e20', 1e20],
  ['-1', -1],
];

const BY_FREQUENCY: ReadonlyArray<[label: string, frequency: Value, expected: readonly Expected[]]> = [
  //                      absent                 0                        1                        14                       15                       1.5                    1e20                   -1
  ['once', 'once', [undefined, ['interval', ONCE_NO], ['interval', ONCE_NO], ['interval', ONCE_NO], ['interval', ONCE_NO], ['interval', ONCE_NO], ['interval', ONCE_NO], ['interval', ONCE_NO]]],
  ['minute', 'minute', [['interval', required('minute')], ['interval', atLeast(15, 'minute')], ['interval', atLeast(15, 'minute')], ['interval', atLeast(15, 'minute')], undefined, ['interval', WHOLE], ['interval', WHOLE], ['interval', atLeast(15, 'minute')]]],
  ['hour', 'hour', [['interval', required('hour')], ['interval', atLeast(1, 'hour')], undefined, undefined, undefined, ['interval', WHOLE], ['interval', WHOLE], ['interval', atLeast(1, 'hour')]]],
  ['day', 'day', [['interval', required('day')], ['interval', atLeast(1, 'day')], undefined, undefined, undefined, ['interval', WHOLE], ['interval', WHOLE], ['interval', atLeast(1, 'day')]]],
  ['week', 'week', [['interval', required('week')], ['interval', atLeast(1, 'week')], undefined, undefined, undefined, ['interval', WHOLE], ['interval', WHOLE], ['interval', atLeast(1, 'week')]]],
  ['invalid "fortnight"', 'fortnight', Array<Expected>(8).fill(['frequency', FREQ_ONE_OF])],
  ['invalid "MINUTE" (case matters)', 'MINUTE', Array<Expected>(8).fill(['frequency', FREQ_ONE_OF])],
  ['invalid number', 15, Array<Expected>(8).fill(['frequency', FREQ_ONE_OF])],
  ['invalid null', null, Array<Expected>(8).fill(['frequency', FREQ_ONE_OF])],
  ['missing', ABSENT, Array<Expected>(8).fill(['frequency', FREQ_REQUIRED])],
];

const FREQ_X_INTERVAL = BY_FREQUENCY.flatMap(([fLabel, frequency, expected]) =>
  INTERVALS.map(([iLabel, interval], i) => ({ name: `frequency ${fLabel} × interval ${iLabel}`, frequency, interval, expected: expected[i] })),
);

describe('scheduleProblem: frequency × interval', () => {
  it('covers every cell of the table', () => {
    expect(FREQ_X_INTERVAL).toHaveLength(BY_FREQUENCY.length * INTERVALS.length);
  });

  it.each(FREQ_X_INTERVAL)('$name', ({ frequency, interval, expected }) => {
    expectProblem(scheduleProblem(params(frequency, interval)), expected);
  });

  it.each([
    ['a numeric string', '15'],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a boolean', true],
  ])('minute with interval as %s → interval must be a whole number', (_label, interval) => {
    expectProblem(scheduleProblem(params('minute', interval)), ['interval', WHOLE]);
  });
});

// frequency × backfill, with an interval that is valid for the frequency.
const VALID_INTERVAL: Record<string, Value> = { once: ABSENT, minute: 15, hour: 1, day: 1, week: 1 };
const BACKFILLS: ReadonlyArray<[label: string, value: Value]> = [
  ['absent', ABSENT],
  ['true', true],
  ['false', false],
  ['"true"', 'true'],
];
const FREQ_X_BACKFILL: ReadonlyArray<[frequency: string, expected: readonly Expected[]]> = [
  ['once', [undefined, ['backfill', ONCE_NO], ['backfill', ONCE_NO], ['backfill', ONCE_NO]]],
  ['minute', [undefined, undefined, undefined, ['backfill', 'must be true or false']]],
  ['hour', [undefined, undefined, undefined, ['backfill', 'must be true or false']]],
  ['day', [undefined, undefined, undefined, ['backfill', 'must be true or false']]],
  ['week', [undefined, undefined, undefined, ['backfill', 'must be true or false']]],
];

describe('scheduleProblem: frequency × backfill', () => {
  const rows = FREQ_X_BACKFILL.flatMap(([frequency, expected]) =>
    BACKFILLS.map(([bLabel, backfill], i) => ({ name: `${frequency} × backfill ${bLabel}`, frequency, backfill, expected: expected[i] })),
  );
  it.each(rows)('$name', ({ frequency, backfill, expected }) => {
    expectProblem(scheduleProblem(params(frequency, VALID_INTERVAL[frequency], backfill)), expected);
  });

  it.each([
    ['"false"', 'false'],
    ['1', 1],
    ['null', null],
  ])('day × backfill %s → must be true or false', (_label, backfill) => {
    expectProblem(scheduleProblem(params('day', 1, backfill)), ['backfill', 'must be true or false']);
  });
});

describe('scheduleProblem: which rule is reported first', () => {
  it.each([
    ['once with interval and backfill → interval', params('once', 15, true), ['interval', ONCE_NO]],
    ['minute with 14 and backfill "true" → interval', params('minute', 14, 'true'), ['interval', atLeast(15, 'minute')]],
    ['minute without interval and backfill "true" → interval', params('minute', ABSENT, 'true'), ['interval', required('minute')]],
    ['bad frequency and bad interval → frequency', params('hourly', -1, 'x'), ['frequency', FREQ_ONE_OF]],
    ['no startTime and bad frequency → startTime', { frequency: 'hourly' }, ['startTime', 'is required (epoch seconds)']],
    ['milliseconds startTime and no frequency → startTime', { startTime: START * 1000 }, ['startTime', 'must be epoch seconds, not milliseconds']],
  ] as const)('%s', (_label, p, expected) => {
    expectProblem(scheduleProblem(p), expected);
  });
});

describe('scheduleProblem: startTime', () => {
  const WHOLE_SECONDS = 'must be a whole number of seconds since 1970-01-01 UTC';
  const MS = 'must be epoch seconds, not milliseconds';
  it.each([
    ['missing', ABSENT, ['startTime', 'is required (epoch seconds)']],
    ['negative', -1, ['startTime', WHOLE_SECONDS]],
    ['float', START + 0.5, ['startTime', WHOLE_SECONDS]],
    ['numeric string', String(START), ['startTime', WHOLE_SECONDS]],
    ['NaN', Number.NaN, ['startTime', WHOLE_SECONDS]],
    ['Infinity', Number.POSITIVE_INFINITY, ['startTime', WHOLE_SECONDS]],
    ['null', null, ['startTime', WHOLE_SECONDS]],
    ['milliseconds (Date.now() sized)', START * 1000, ['startTime', MS]],
    ['exactly 1e11', 100_000_000_000, ['startTime', MS]],
    ['just below 1e11', 99_999_999_999, undefined],
    ['0 (the epoch)', 0, undefined],
    ['an ordinary time', START, undefined],
  ] as const)('%s', (_label, startTime, expected) => {
    const p: Record<string, unknown> = { frequency: 'day', interval: 1 };
    if (startTime !== ABSENT) p['startTime'] = startTime;
    expectProblem(scheduleProblem(p), expected);
  });
});

describe('minimumInterval / FREQUENCIES', () => {
  it('is 15 for minute and 1 otherwise', () => {
    expect(minimumInterval('minute')).toBe(15);
    expect(minimumInterval('hour')).toBe(1);
    expect(minimumInterval('day')).toBe(1);
    expect(minimumInterval('week')).toBe(1);
  });
  it('lists exactly the flow spec enum', () => {
    expect([...FREQUENCIES]).toEqual(['once', 'minute', 'hour', 'day', 'week']);
  });
});

describe('parseStartTime', () => {
  it.each(['now', 'NOW', ' Now '])('%j → the injected clock, floored to seconds', (value) => {
    expect(parseStartTime(value, now)).toBe(1_769_850_000);
  });

  it.each([
    ['1769850000', 1_769_850_000],
    [' 1769850000 ', 1_769_850_000],
    ['0', 0],
    ['99999999999', 99_999_999_999],
  ])('epoch seconds %j → %i', (value, expected) => {
    expect(parseStartTime(value, now)).toBe(expected);
  });

  it.each(['1769850000000', '100000000000'])('milliseconds %j are rejected', (value) => {
    expect(parseStartTime(value, now)).toEqual({ rule: 'must be epoch seconds, not milliseconds' });
  });

  it.each([
    ['2026-01-31T09:00:00Z', 1_769_850_000],
    ['2026-01-31T09:00Z', 1_769_850_000],
    ['2026-01-31T09:00:00.999Z', 1_769_850_000],
    ['2026-01-31T10:00:00+01:00', 1_769_850_000],
    ['2026-01-31T10:00:00+0100', 1_769_850_000],
    ['2026-01-31T04:00:00-05:00', 1_769_850_000],
    ['2026-01-31', 1_769_817_600],
    ['1970-01-01', 0],
    ['2028-02-29', 1_835_395_200],
  ])('ISO %j → %i', (value, expected) => {
    expect(parseStartTime(value, now)).toBe(expected);
  });

  it.each([
    '2026-01-31T09:00:00',
    '2026-01-31T09:00',
    '2026-01-31 09:00:00Z',
    'tomorrow',
    '',
    '-5',
    '1.5',
    '+1769850000',
    '31/01/2026',
    '2026-13-01',
    '2026-01-31T09:00:00+01',
  ])('%j is rejected with the accepted forms spelled out', (value) => {
    const result = parseStartTime(value, now);
    expect(typeof result).toBe('object');
    expect(result).toEqual({
      rule: `"${value}" is not now, epoch seconds or an ISO-8601 date-time with a zone (2026-01-31T09:00:00Z)`,
    });
  });

  // BUG: Date.parse rolls an impossible day over into the next month (2026-02-30 → 2026-03-02), so a typo
  // silently schedules the flow on another day instead of being rejected.
  it.each(['2026-02-30', '2026-04-31T09:00:00Z', '2025-02-29'])('the impossible calendar date %j is rejected', (value) => {
    expect(typeof parseStartTime(value, now)).toBe('object');
  });
});

describe('scheduleFromFlags', () => {
  const fails = (flags: Parameters<typeof scheduleFromFlags>[0]): InvalidInputError => {
    try {
      scheduleFromFlags(flags, now);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      return error as InvalidInputError;
    }
    throw new Error('expected scheduleFromFlags to throw');
  };

  it('builds numbers and booleans; the start defaults to now', () => {
    expect(scheduleFromFlags({ frequency: 'minute', interval: '15' }, now)).toEqual({ startTime: 1_769_850_000, frequency: 'minute', interval: 15 });
    expect(scheduleFromFlags({ frequency: 'day', interval: '1', backfill: false, startTime: '2026-02-01T00:00:00Z' }, now)).toEqual({
      startTime: 1_769_904_000,
      frequency: 'day',
      interval: 1,
      backfill: false,
    });
    expect(scheduleFromFlags({ frequency: 'once' }, now)).toEqual({ startTime: 1_769_850_000, frequency: 'once' });
  });

  it('does not add a backfill key when the flag is absent', () => {
    expect(Object.keys(scheduleFromFlags({ frequency: 'hour', interval: '2' }, now)).sort()).toEqual(['frequency', 'interval', 'startTime']);
  });

  it.each([
    [{ frequency: 'minute', interval: '10' }, '--interval', 'must be at least 15 when --frequency is minute'],
    [{ frequency: 'hour' }, '--interval', 'is required when --frequency is hour'],
    [{}, '--frequency', 'is required (one of once, minute, hour, day, week)'],
    [{ frequency: 'monthly', interval: '1' }, '--frequency', 'must be one of once, minute, hour, day, week'],
    [{ frequency: 'once', interval: '5' }, '--interval', 'must not be set when --frequency is once'],
    [{ frequency: 'once', backfill: true }, '--backfill', 'must not be set when --frequency is once'],
    [{ frequency: 'once', backfill: false }, '--no-backfill', 'must not be set when --frequency is once'],
    [{ frequency: 'minute', interval: 'abc' }, '--interval', 'must be a whole number, got "abc"'],
    [{ frequency: 'minute', interval: '1.5' }, '--interval', 'must be a whole number, got "1.5"'],
    [{ frequency: 'hour', interval: '0' }, '--interval', 'must be at least 1, got 0'],
    [{ frequency: 'day', interval: '1', startTime: '1769850000000' }, '--start-time', 'must be epoch seconds, not milliseconds'],
    [{ frequency: 'day', interval: '1', startTime: '1960-01-01' }, '--start-time', 'must be a whole number of seconds since 1970-01-01 UTC'],
    [
      { frequency: 'day', interval: '1', startTime: 'next week' },
      '--start-time',
      '"next week" is not now, epoch seconds or an ISO-8601 date-time with a zone (2026-01-31T09:00:00Z)',
    ],
  ] as const)('%j → %s: %s', (flags, field, rule) => {
    const error = fails(flags);
    expect(error.field).toBe(field);
    expect(error.rule).toBe(rule);
    expect(error.message).toBe(`${field}: ${rule}`);
  });

  it('never mentions the bare spec field names in messages', () => {
    const error = fails({ frequency: 'week' });
    expect(error.message).not.toMatch(/(^|[^-])\bfrequency\b/);
  });
});

describe('mergedSchedule', () => {
  const current = { startTime: 1_612_310_466, frequency: 'minute', interval: 15, backfill: true };

  it('with no flags returns the current schedule', () => {
    expect(mergedSchedule(current, {}, now)).toEqual(current);
  });

  it('coerces the string values the Platform echoes', () => {
    expect(mergedSchedule({ startTime: '1612310466', frequency: 'minute', interval: '900', backfill: 'true' }, {}, now)).toEqual({
      startTime: 1_612_310_466,
      frequency: 'minute',
      interval: 900,
      backfill: true,
    });
    expect(mergedSchedule({ startTime: '1612310466', frequency: 'hour', interval: '15', backfill: 'false' }, {}, now)).toEqual({
      startTime: 1_612_310_466,
      frequency: 'hour',
      interval: 15,
      backfill: false,
    });
  });

  it('switching to once drops interval and backfill', () => {
    const merged = mergedSchedule({ ...current, interval: '15', backfill: 'true' }, { frequency: 'once' }, now);
    expect(merged).toEqual({ startTime: 1_612_310_466, frequency: 'once' });
    expect('interval' in merged).toBe(false);
    expect('backfill' in merged).toBe(false);
  });

  it('switching to once while also passing --no-backfill is refused with the flag name', () => {
    expect(() => mergedSchedule(current, { frequency: 'once', backfill: false }, now)).toThrow('--no-backfill: must not be set when --frequency is once');
  });

  it('switching to once while also passing --interval is refused', () => {
    expect(() => mergedSchedule(current, { frequency: 'once', interval: '15' }, now)).toThrow('--interval: must not be set when --frequency is once');
  });

  it('does not modify the current schedule object', () => {
    const before = { ...current, interval: '15' };
    const snapshot = structuredClone(before);
    mergedSchedule(before, { frequency: 'once' }, now);
    expect(before).toEqual(snapshot);
  });

  it('applies each flag over the current values', () => {
    expect(mergedSchedule(current, { interval: '30' }, now)).toEqual({ ...current, interval: 30 });
    expect(mergedSchedule(current, { frequency: 'hour' }, now)).toEqual({ ...current, frequency: 'hour' });
    expect(mergedSchedule(current, { backfill: false }, now)).toEqual({ ...current, backfill: false });
    expect(mergedSchedule(current, { startTime: 'now' }, now)).toEqual({ ...current, startTime: 1_769_850_000 });
  });

  it('checks the merged result: minute with the current hourly interval 1 is too short', () => {
    expect(() => mergedSchedule({ startTime: START, frequency: 'hour', interval: 1 }, { frequency: 'minute' }, now)).toThrow(
      '--interval: must be at least 15 when --frequency is minute',
    );
  });

  it('from once to a periodic frequency needs --interval', () => {
    expect(() => mergedSchedule({ startTime: START, frequency: 'once' }, { frequency: 'day' }, now)).toThrow('--interval: is required when --frequency is day');
    expect(mergedSchedule({ startTime: START, frequency: 'once' }, { frequency: 'day', interval: '2' }, now)).toEqual({
      startTime: START,
      frequency: 'day',
      interval: 2,
    });
  });

  it('rejects a bad --start-time with the flag name', () => {
    expect(() => mergedSchedule(current, { startTime: 'garbage' }, now)).toThrow(/^--start-time: "garbage" is not now/);
  });
});

describe('coerceSchedule', () => {
  it('turns numeric strings and "true"/"false" into numbers and booleans', () => {
    expect(coerceSchedule({ startTime: '1612310466', frequency: 'minute', interval: '900', backfill: 'false' })).toEqual({
      startTime: 1_612_310_466,
      frequency: 'minute',
      interval: 900,
      backfill: false,
    });
    expect(coerceSchedule({ backfill: 'true' })).toEqual({ backfill: true });
  });

  it('leaves values it cannot read as they are, for the checker to report', () => {
    expect(coerceSchedule({ startTime: '1.5', interval: 'abc', backfill: 'yes' })).toEqual({ startTime: '1.5', interval: 'abc', backfill: 'yes' });
    expect(coerceSchedule({ interval: '-5' })).toEqual({ interval: '-5' });
  });

  it('leaves numbers, booleans and other keys untouched', () => {
    expect(coerceSchedule({ startTime: 5, interval: 15, backfill: true, frequency: 'day', extra: 'x' })).toEqual({
      startTime: 5,
      interval: 15,
      backfill: true,
      frequency: 'day',
      extra: 'x',
    });
  });

  it('undefined → empty object; input is not mutated', () => {
    expect(coerceSchedule(undefined)).toEqual({});
    const input = { interval: '15' };
    coerceSchedule(input);
    expect(input).toEqual({ interval: '15' });
  });
});

describe('hasScheduleChange', () => {
  it('is true when any schedule flag is given, false otherwise', () => {
    expect(hasScheduleChange({})).toBe(false);
    expect(hasScheduleChange({ frequency: 'day' })).toBe(true);
    expect(hasScheduleChange({ interval: '1' })).toBe(true);
    expect(hasScheduleChange({ startTime: 'now' })).toBe(true);
    expect(hasScheduleChange({ backfill: false })).toBe(true);
  });
});
