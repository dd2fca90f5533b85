// The date and time functions of Data Prep's expression language. Expected values marked "Java" were produced by
// Java 17's java.time (jshell), which Data Prep runs on; where the documentation's sample output differs, the
// test says so.

import { describe, expect, it } from 'vitest';
import { dayOfWeek, daysFromCivil, civilFromDays, isoWeekOfYear } from '../../src/emulator/expression/calendar.js';
import { compileExpression } from '../../src/emulator/expression/expression.js';
import { dateFunctions, formatDateTimeIso } from '../../src/emulator/expression/functions/dates.js';
import { formatWithPattern } from '../../src/emulator/expression/java-date-pattern.js';
import type { EvaluationContext } from '../../src/emulator/expression/registry.js';
import { DateTime, EvaluationError, type Value } from '../../src/emulator/expression/values.js';
import { normalizeZoneId, offsetSecondsAt } from '../../src/emulator/expression/zones.js';

const NOW = new DateTime(Date.UTC(2021, 9, 26, 10, 10, 24, 571));
const context: EvaluationContext = { now: () => NOW, uuid: () => 'uuid', hasPath: () => false };

function call(name: string, ...args: Value[]): Value {
  const fn = dateFunctions.find((candidate) => candidate.name === name || candidate.aliases?.includes(name));
  if (!fn) throw new Error(`no function ${name}`);
  expect(args.length).toBeGreaterThanOrEqual(fn.minArgs);
  expect(args.length).toBeLessThanOrEqual(fn.maxArgs);
  return fn.call(args, context);
}

/** A date-returning call, as ISO text. */
function iso(name: string, ...args: Value[]): string {
  const value = call(name, ...args);
  if (!(value instanceof DateTime)) throw new Error(`${name} gave ${String(value)}`);
  return formatDateTimeIso(value);
}

function failure(name: string, ...args: Value[]): string {
  try {
    call(name, ...args);
  } catch (error) {
    expect(error).toBeInstanceOf(EvaluationError);
    return (error as Error).message;
  }
  throw new Error(`${name} did not fail`);
}

const date = (...args: Value[]): DateTime => call('date', ...args) as DateTime;
const at = (isoText: string, zone = 'UTC', nanos = 0): DateTime => new DateTime(Date.parse(isoText), zone, nanos);

describe('the documented examples', () => {
  it('now() and timestamp() read the run clock', () => {
    expect(call('now')).toBe(NOW);
    expect(call('timestamp')).toBe(1635243024571);
  });

  it('date() with three, two and one arguments', () => {
    expect(iso('date', '2019-10-23 11:24', 'yyyy-MM-dd HH:mm', call('now'))).toBe('2019-10-23T11:24:00Z');
    expect(iso('date', '2019-10-23 11:24', 'yyyy-MM-dd HH:mm')).toBe('2019-10-23T11:24:00Z');
    expect(iso('date', '2019-10-23 11:24')).toBe('2019-10-23T11:24:00Z');
  });

  it('dformat(1571829875000, "yyyy-MM-dd\'T\'HH:mm:ss.SSSX")', () => {
    expect(call('dformat', 1571829875000, "yyyy-MM-dd'T'HH:mm:ss.SSSX")).toBe('2019-10-23T11:24:35.000Z');
  });

  it('date_part("MM", date("2019-10-17 11:55:12")), and the newer page\'s date("10-17-2019 11:55:12")', () => {
    expect(call('date_part', 'MM', date('2019-10-17 11:55:12'))).toBe(10);
    expect(call('date_part', 'MM', date('10-17-2019 11:55:12'))).toBe(10);
  });

  it('set_date_part("m", 4, date("2016-11-09T11:44:44.797")) keeps the milliseconds the page drops', () => {
    const result = call('set_date_part', 'm', 4, date('2016-11-09T11:44:44.797')) as DateTime;
    expect(result.epochMs).toBe(Date.UTC(2016, 3, 9, 11, 44, 44, 797));
    // The page shows 2016-04-09T11:44:44Z; Java's ISO_OFFSET_DATE_TIME keeps the .797.
    expect(formatDateTimeIso(result)).toBe('2016-04-09T11:44:44.797Z');
  });

  it('make_date_time(2019, 10, 17, 11, 55, 12, 999, "America/Los_Angeles") is 11:55 in Los Angeles, as in Java', () => {
    // The page shows 2019-10-17T11:55:12Z, which would be 04:55 in Los Angeles. Java's ZonedDateTime.of gives
    // 2019-10-17T11:55:12.000000999-07:00[America/Los_Angeles].
    const made = call('make_date_time', 2019, 10, 17, 11, 55, 12, 999, 'America/Los_Angeles') as DateTime;
    expect(formatDateTimeIso(made)).toBe('2019-10-17T11:55:12.000000999-07:00');
    expect(made.zone).toBe('America/Los_Angeles');
    expect(made.nanos).toBe(999);
    expect(formatDateTimeIso(call('zone_date_to_utc', made) as DateTime)).toBe('2019-10-17T18:55:12.000000999Z');
    expect(iso('make_timestamp', 2019, 10, 17, 11, 55, 12, 999, 'America/Los_Angeles')).toBe(formatDateTimeIso(made));
  });

  it('zone_date_to_utc(2019-10-17T11:55:12 PST): PST is Los Angeles time, daylight saving in October (Java)', () => {
    const pst = date('2019-10-17T11:55:12 PST', "yyyy-MM-dd'T'HH:mm:ss z");
    // The page's 19:55:12Z reads PST as a fixed -08:00; Java reads the name as the zone America/Los_Angeles.
    expect(iso('zone_date_to_utc', pst)).toBe('2019-10-17T18:55:12Z');
    expect(iso('zone_date_to_utc', date('2019-10-17T11:55:12-08:00', "yyyy-MM-dd'T'HH:mm:ssXXX"))).toBe(
      '2019-10-17T19:55:12Z',
    );
    expect(iso('zone_date_to_utc', date('2019-01-17T11:55:12 PST', "yyyy-MM-dd'T'HH:mm:ss z"))).toBe(
      '2019-01-17T19:55:12Z',
    );
  });

  it('zone_date_to_zone(now(), "Europe/Paris") is the same instant, shown in Paris', () => {
    const paris = call('zone_date_to_zone', call('now'), 'Europe/Paris') as DateTime;
    expect(paris.epochMs).toBe(NOW.epochMs);
    expect(paris.zone).toBe('Europe/Paris');
    expect(formatDateTimeIso(paris)).toBe('2021-10-26T12:10:24.571+02:00');
  });

  it('format(date("2019-10-23T11:24:00+00:00"), "yyyy-MM-dd HH:mm:ss")', () => {
    expect(call('format', date('2019-10-23T11:24:00+00:00'), 'yyyy-MM-dd HH:mm:ss')).toBe('2019-10-23 11:24:00');
    expect(call('format', '2019-10-23T11:24:00+00:00', 'yyyy-MM-dd HH:mm:ss')).toBe('2019-10-23 11:24:00');
  });

  it('date(col, "dd/MM/yyyy")', () => {
    expect(iso('date', '17/10/2019', 'dd/MM/yyyy')).toBe('2019-10-17T00:00:00Z');
  });

  it('lists every function of the page, in the Date / Time category', () => {
    expect(dateFunctions.map((fn) => fn.name)).toEqual([
      'now', 'timestamp', 'format', 'dformat', 'date', 'date_part', 'set_date_part', 'make_date_time',
      'zone_date_to_utc', 'zone_date_to_zone',
    ]);
    expect(new Set(dateFunctions.map((fn) => fn.category))).toEqual(new Set(['Date / Time']));
  });
});

describe('formatDateTimeIso (Java ISO_OFFSET_DATE_TIME)', () => {
  it.each([
    [at('2019-10-23T11:24:00Z'), '2019-10-23T11:24:00Z'],
    [at('2019-10-23T11:24:00.500Z'), '2019-10-23T11:24:00.5Z'],
    [at('2019-10-23T11:24:00.001Z', 'UTC', 100), '2019-10-23T11:24:00.0010001Z'],
    [at('2019-10-23T11:24:00Z', '+05:30'), '2019-10-23T16:54:00+05:30'],
    [at('2019-10-23T11:24:00Z', 'Z'), '2019-10-23T11:24:00Z'],
    [at('2019-10-23T11:24:00Z', '+01:02:03'), '2019-10-23T12:26:03+01:02:03'],
    [at('2019-07-01T12:00:00Z', 'America/Los_Angeles'), '2019-07-01T05:00:00-07:00'],
    [at('2000-02-29T23:59:59.999Z', '-09:30'), '2000-02-29T14:29:59.999-09:30'],
    [new DateTime(daysFromCivil(-44, 3, 15) * 86_400_000 + 43_200_000, '+01:02:03'), '-0044-03-15T13:02:03+01:02:03'],
    [new DateTime(daysFromCivil(12345, 3, 15) * 86_400_000), '+12345-03-15T00:00:00Z'],
    [new DateTime(daysFromCivil(5, 3, 15) * 86_400_000, 'UTC', 100_000), '0005-03-15T00:00:00.0001Z'],
  ])('%s → %s', (dt, text) => expect(formatDateTimeIso(dt)).toBe(text));
});

describe('calendar arithmetic', () => {
  it('round-trips day numbers across leap years, centuries and year 0', () => {
    for (let day = -800_000; day <= 800_000; day += 997) {
      const { year, month, day: dom } = civilFromDays(day);
      expect(daysFromCivil(year, month, dom)).toBe(day);
    }
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(civilFromDays(daysFromCivil(2000, 2, 29))).toEqual({ year: 2000, month: 2, day: 29 });
    expect(civilFromDays(-1)).toEqual({ year: 1969, month: 12, day: 31 });
  });

  it('numbers weeks and weekdays as java.time\'s ISO fields do', () => {
    expect(isoWeekOfYear(2019, 12, 30)).toBe(1); // Java: IsoFields.WEEK_OF_WEEK_BASED_YEAR
    expect(isoWeekOfYear(2021, 1, 3)).toBe(53);
    expect(isoWeekOfYear(2020, 12, 31)).toBe(53);
    expect(isoWeekOfYear(2019, 10, 17)).toBe(42);
    expect(dayOfWeek(daysFromCivil(2019, 12, 30))).toBe(1); // Monday
    expect(dayOfWeek(daysFromCivil(2021, 1, 3))).toBe(7); // Sunday
  });
});

describe('Java pattern letters: formatting', () => {
  // 2019-03-10T01:05:07.123456789-08:00[America/Los_Angeles], printed by Java 17 with each pattern.
  const la = new DateTime(Date.UTC(2019, 2, 10, 9, 5, 7, 123), 'America/Los_Angeles', 456_789);
  it.each([
    ['G', 'AD'], ['GGGG', 'Anno Domini'], ['GGGGG', 'A'], ['y', '2019'], ['yy', '19'], ['yyy', '2019'],
    ['yyyy', '2019'], ['yyyyy', '02019'], ['u', '2019'], ['uu', '19'], ['uuuu', '2019'], ['M', '3'], ['MM', '03'],
    ['MMM', 'Mar'], ['MMMM', 'March'], ['MMMMM', 'M'], ['L', '3'], ['LLL', 'Mar'], ['d', '10'], ['dd', '10'],
    ['D', '69'], ['DD', '69'], ['DDD', '069'], ['H', '1'], ['HH', '01'], ['h', '1'], ['hh', '01'], ['k', '1'],
    ['kk', '01'], ['K', '1'], ['KK', '01'], ['a', 'AM'], ['m', '5'], ['mm', '05'], ['s', '7'], ['ss', '07'],
    ['S', '1'], ['SS', '12'], ['SSS', '123'], ['SSSSSS', '123456'], ['SSSSSSSSS', '123456789'], ['n', '123456789'],
    ['nnnn', '123456789'], ['E', 'Sun'], ['EEE', 'Sun'], ['EEEE', 'Sunday'], ['EEEEE', 'S'], ['Q', '1'],
    ['QQ', '01'], ['QQQ', 'Q1'], ['QQQQ', '1st quarter'], ['QQQQQ', '1'], ['q', '1'], ['z', 'PST'], ['zzz', 'PST'],
    ['zzzz', 'Pacific Standard Time'], ['Z', '-0800'], ['ZZZ', '-0800'], ['ZZZZ', 'GMT-08:00'],
    ['ZZZZZ', '-08:00'], ['X', '-08'], ['XX', '-0800'], ['XXX', '-08:00'], ['XXXX', '-0800'], ['XXXXX', '-08:00'],
    ['x', '-08'], ['xx', '-0800'], ['xxx', '-08:00'], ['O', 'GMT-8'], ['OOOO', 'GMT-08:00'],
    ['VV', 'America/Los_Angeles'], ["'it''s' ''", "it's '"], ['[yyyy]', '2019'],
    ["EEEE, d MMMM uuuu h:mm a", 'Sunday, 10 March 2019 1:05 AM'],
  ])('%s → %s', (pattern, text) => expect(formatWithPattern(la, pattern)).toBe(text));

  it.each([
    // [instant, zone, pattern, Java's text]
    ['2019-10-23T18:34:35.005Z', '+05:30', 'h hh k K a X x xxx O', '12 12 24 0 AM +0530 +0530 +05:30 GMT+5:30'],
    ['2019-10-23T18:34:35.005Z', '+05:30', 'z zzzz VV', '+05:30 +05:30 +05:30'],
    ['2019-10-23T11:24:35Z', 'UTC', 'X XX x Z ZZZZ ZZZZZ O', 'Z Z +00 +0000 GMT Z GMT'],
    ['2019-10-23T11:24:35Z', 'UTC', 'z zzzz VV', 'UTC Coordinated Universal Time UTC'],
    ['2019-10-23T11:24:35Z', 'Z', 'X x z VV', 'Z +00 Z Z'],
    ['2019-07-01T10:00:00Z', 'Europe/Paris', 'HH:mm z zzzz', '12:00 CEST Central European Summer Time'],
    ['2019-07-01T10:00:00Z', 'Etc/GMT+5', 'z', 'GMT-05:00'],
    ['1850-01-01T07:52:58Z', 'America/Los_Angeles', 'HH:mm:ss XXXXX z', '00:00:00 -07:52:58 PST'],
    ['2019-10-23T12:00:00Z', '+01:02:03', 'X XXX XXXX XXXXX Z', '+0102 +01:02 +010203 +01:02:03 +0102'],
  ])('%s in %s as %s', (instant, zone, pattern, text) => {
    expect(formatWithPattern(at(instant, zone), pattern)).toBe(text);
  });

  it('prints years before 1 and beyond 9999 with Java\'s signs and eras', () => {
    const bc = new DateTime(daysFromCivil(-44, 3, 15) * 86_400_000);
    expect(formatWithPattern(bc, 'y yyyy u uu uuuu G')).toBe('45 0045 -44 44 -0044 BC');
    const far = new DateTime(daysFromCivil(12345, 3, 15) * 86_400_000);
    expect(formatWithPattern(far, 'y yy yyyy yyyyy uuuu')).toBe('12345 45 +12345 12345 +12345');
  });
});

describe('Java pattern letters: parsing (strict, resolved SMARTly)', () => {
  // [text, pattern, Java's result as ISO_OFFSET_DATE_TIME (no zone in the pattern: UTC)]
  it.each([
    ['31/02/2024', 'dd/MM/yyyy', '2024-02-29T00:00:00Z'], // SMART: past the month's end → its last day
    ['31/02/2023', 'dd/MM/yyyy', '2023-02-28T00:00:00Z'],
    ['31/04/2023', 'dd/MM/yyyy', '2023-04-30T00:00:00Z'],
    ['1/2/2024', 'd/M/yyyy', '2024-02-01T00:00:00Z'],
    ['1/2/2024', 'd/M/y', '2024-02-01T00:00:00Z'],
    ['01/02/24', 'dd/MM/yy', '2024-02-01T00:00:00Z'],
    ['01/02/99', 'dd/MM/yy', '2099-02-01T00:00:00Z'], // yy is 2000–2099 in java.time
    ['01/02/+12024', 'dd/MM/yyyy', '+12024-02-01T00:00:00Z'],
    ['01/02/-2024', 'dd/MM/uuuu', '-2024-02-01T00:00:00Z'],
    ['01/02/0000', 'dd/MM/uuuu', '0000-02-01T00:00:00Z'],
    ['01/02/0045 BC', 'dd/MM/yyyy G', '-0044-02-01T00:00:00Z'],
    ['2019-10-17 24:00', 'yyyy-MM-dd HH:mm', '2019-10-18T00:00:00Z'], // SMART: 24:00 is the next midnight
    ['2019-10-17 12:00 PM', 'yyyy-MM-dd hh:mm a', '2019-10-17T12:00:00Z'],
    ['2019-10-17 12:00 AM', 'yyyy-MM-dd hh:mm a', '2019-10-17T00:00:00Z'],
    ['2019-10-17 00:00 AM', 'yyyy-MM-dd hh:mm a', '2019-10-17T00:00:00Z'],
    ['2019-10-17 11 PM', 'yyyy-MM-dd K a', '2019-10-17T23:00:00Z'],
    ['2019-10-17 24:30', 'yyyy-MM-dd kk:mm', '2019-10-17T00:30:00Z'],
    ['2019-10-17 13:00 PM', 'yyyy-MM-dd HH:mm a', '2019-10-17T13:00:00Z'],
    ['2019-Oct-17', 'yyyy-MMM-dd', '2019-10-17T00:00:00Z'],
    ['2019-September-17', 'yyyy-MMMM-dd', '2019-09-17T00:00:00Z'],
    ['Thu, 17 Oct 2019', 'EEE, dd MMM yyyy', '2019-10-17T00:00:00Z'],
    ['2019-290', 'yyyy-DDD', '2019-10-17T00:00:00Z'],
    ['2019-29', 'yyyy-DD', '2019-01-29T00:00:00Z'],
    ['2020-366', 'yyyy-DDD', '2020-12-31T00:00:00Z'],
    ['2019-10-17 Q4', 'yyyy-MM-dd QQQ', '2019-10-17T00:00:00Z'],
    ['20191017', 'yyyyMMdd', '2019-10-17T00:00:00Z'],
    ['10172019', 'MMddyyyy', '2019-10-17T00:00:00Z'],
    ['20191017115512123', 'yyyyMMddHHmmssSSS', '2019-10-17T11:55:12.123Z'], // adjacent value parsing
    ['20191017 1130', 'yMMdd HHmm', '2019-10-17T11:30:00Z'],
    ['2019-10-17 11:55:12.123456789', 'yyyy-MM-dd HH:mm:ss.SSSSSSSSS', '2019-10-17T11:55:12.123456789Z'],
    ['2019-10-17 11:55:12.123', 'yyyy-MM-dd HH:mm:ss.n', '2019-10-17T11:55:12.000000123Z'],
    ['2019-10-17 11', 'yyyy-MM-dd HH', '2019-10-17T11:00:00Z'],
    ['2019-10-17 1:5:2', 'yyyy-MM-dd H:m:s', '2019-10-17T01:05:02Z'],
    ['2019-10-17T11:55:12 CEST', "yyyy-MM-dd'T'HH:mm:ss z", '2019-10-17T11:55:12+02:00'],
    ['2019-10-17T11:55:12 GMT+02:00', "yyyy-MM-dd'T'HH:mm:ss z", '2019-10-17T11:55:12+02:00'],
    ['2019-10-17T11:55:12 Pacific Daylight Time', "yyyy-MM-dd'T'HH:mm:ss zzzz", '2019-10-17T11:55:12-07:00'],
    ['2019-10-17T11:55:12 America/Los_Angeles', "yyyy-MM-dd'T'HH:mm:ss VV", '2019-10-17T11:55:12-07:00'],
    ['2019-10-17T11:55:12 +02:00', "yyyy-MM-dd'T'HH:mm:ss VV", '2019-10-17T11:55:12+02:00'],
    ['2019-10-17T11:55:12 Z', "yyyy-MM-dd'T'HH:mm:ss X", '2019-10-17T11:55:12Z'],
    ['2019-10-17T11:55:12 +02', "yyyy-MM-dd'T'HH:mm:ss X", '2019-10-17T11:55:12+02:00'],
    ['2019-10-17T11:55:12 +0230', "yyyy-MM-dd'T'HH:mm:ss X", '2019-10-17T11:55:12+02:30'],
    ['2019-10-17T11:55:12 +02:30', "yyyy-MM-dd'T'HH:mm:ss XXX", '2019-10-17T11:55:12+02:30'],
    ['2019-10-17T11:55:12 +02:30:15', "yyyy-MM-dd'T'HH:mm:ss XXXXX", '2019-10-17T11:55:12+02:30:15'],
    ['2019-10-17T11:55:12 +00', "yyyy-MM-dd'T'HH:mm:ss x", '2019-10-17T11:55:12Z'],
    ['2019-10-17T11:55:12 +0200', "yyyy-MM-dd'T'HH:mm:ss Z", '2019-10-17T11:55:12+02:00'],
    ['2019-10-17T11:55:12 GMT+2', "yyyy-MM-dd'T'HH:mm:ss O", '2019-10-17T11:55:12+02:00'],
    ['2019-10-17T11:55:12 GMT-08:00', "yyyy-MM-dd'T'HH:mm:ss OOOO", '2019-10-17T11:55:12-08:00'],
    ['2019-11-03 01:30 -08:00 America/Los_Angeles', 'yyyy-MM-dd HH:mm XXX VV', '2019-11-03T01:30:00-08:00'],
    // A zone name reads as its zone (Java), so 01:30 PST in the fall-back overlap takes the earlier offset:
    ['2019-11-03 01:30 PST', 'yyyy-MM-dd HH:mm z', '2019-11-03T01:30:00-07:00'],
    ['2019-10-17', 'yyyy-MM-dd[ HH:mm]', '2019-10-17T00:00:00Z'],
    ['2019-10-17 11:30', 'yyyy-MM-dd[ HH:mm]', '2019-10-17T11:30:00Z'],
    ["2019-10-17 o'clock", "yyyy-MM-dd 'o''clock'", '2019-10-17T00:00:00Z'],
    ['2000-02-29', 'yyyy-MM-dd', '2000-02-29T00:00:00Z'],
    ['2100-02-29', 'yyyy-MM-dd', '2100-02-28T00:00:00Z'],
    ['BC 0001-10-17', 'G yyyy-MM-dd', '0000-10-17T00:00:00Z'],
  ])('%s with %s → %s', (text, pattern, expected) => expect(iso('date', text, pattern)).toBe(expected));

  it.each([
    // [text, pattern, the message's tail] — each an error in Java too
    ['32/01/2024', 'dd/MM/yyyy', 'is not a valid date for "dd/MM/yyyy": day-of-month 32 is not in 1–31'],
    ['01/13/2024', 'dd/MM/yyyy', 'month-of-year 13 is not in 1–12'],
    ['00/01/2024', 'dd/MM/yyyy', 'day-of-month 0 is not in 1–31'],
    ['01/02/0000', 'dd/MM/yyyy', 'year-of-era 0 is not in 1–999999999'],
    ['2019-366', 'yyyy-DDD', 'day-of-year 366 does not exist in 2019'],
    ['2019-10-17 24:01', 'yyyy-MM-dd HH:mm', 'hour-of-day 24 is not in 0–23'],
    ['2019-10-17 11:30:60', 'yyyy-MM-dd HH:mm:ss', 'second-of-minute 60 is not in 0–59'],
    ['2019-10-17 13:00 PM', 'yyyy-MM-dd hh:mm a', 'clock-hour-of-am-pm 13 is not in 1–12'],
    ['2019-10-17 01:00 PM', 'yyyy-MM-dd HH:mm a', 'am/pm 1 contradicts'],
    ['Fri, 17 Oct 2019', 'EEE, dd MMM yyyy', 'day-of-week 5 contradicts'],
    ['2019-10-17 Q3', 'yyyy-MM-dd QQQ', 'quarter-of-year 3 contradicts'],
    ['2019-10-17 291', 'yyyy-MM-dd D', 'day-of-year 291 contradicts'],
    ['01/02/2019 2018', 'dd/MM/yyyy u', 'year 2018 contradicts'],
  ])('%s with %s is impossible: %s', (text, pattern, message) => {
    expect(failure('date', text, pattern)).toContain(message);
    expect(failure('date', text, pattern)).toMatch(/^date: ".*" is not a valid date for ".*": /);
  });

  it.each([
    ['2024-02-01', 'dd/MM/yyyy'],
    ['1/2/2024', 'dd/MM/yyyy'], // dd is exactly two digits
    ['01/02/24', 'dd/MM/yyyy'], // yyyy is four digits…
    ['01/02/12024', 'dd/MM/yyyy'], // …unless signed
    ['01/02/+2024', 'dd/MM/yyyy'],
    ['2019-10-17 12:00 pm', 'yyyy-MM-dd hh:mm a'], // text is case-sensitive
    ['2019-oct-17', 'yyyy-MMM-dd'],
    ['2019-Sept-17', 'yyyy-MMM-dd'],
    ['Thursday, 17 Oct 2019', 'EEE, dd MMM yyyy'],
    ['2019-10-17 11:55:12.12', 'yyyy-MM-dd HH:mm:ss.SSS'],
    ['2019-10-17 11:55:12.123', 'yyyy-MM-dd HH:mm:ss.S'],
    ['2019-10-17 1:3', 'yyyy-MM-dd HH:m'],
    ['2019-10-17T11:55:12 +02:30', "yyyy-MM-dd'T'HH:mm:ss X"],
    ['2019-10-17T11:55:12 +02', "yyyy-MM-dd'T'HH:mm:ss XXX"],
    ['2019-10-17T11:55:12 Z', "yyyy-MM-dd'T'HH:mm:ss xxx"],
    ['2019-10-17T11:55:12 +02:00', "yyyy-MM-dd'T'HH:mm:ss Z"],
    ['2019-10-17T11:55:12 +19:00', "yyyy-MM-dd'T'HH:mm:ss XXX"],
    ['2019-10-17T11:55:12 PST', "yyyy-MM-dd'T'HH:mm:ss VV"], // not a zone id without ZoneId.SHORT_IDS
    ['2019-10-17T11:55:12 europe/paris', "yyyy-MM-dd'T'HH:mm:ss VV"], // ids are case-sensitive
    ['2019 10 17 ', 'yyyy MM dd'], // no unparsed text
    ['2019 10 17', 'yyyy MM dd '],
  ])('%s does not match %s', (text, pattern) => {
    expect(failure('date', text, pattern)).toBe(`date: ${JSON.stringify(text)} does not match "${pattern}"`);
  });

  it.each([
    ['yyyy-bb-dd', '2019-10-17', "unknown pattern letter 'b'"],
    ['YYYY-ww', '2019-42', "pattern letter 'Y' (week-based year) is not supported"],
    ['ddd/MM/yyyy', '17/10/2019', "too many pattern letters 'ddd'"],
    ["yyyy-MM-dd'T", '2019-10-17T', 'it ends inside a quoted literal'],
    ['yyyy]', '2019', "it has ']' without '['"],
    ['yyyy-MM-dd #', '2019-10-17 #', "'#' is reserved"],
    ['V', 'UTC', "pattern letter 'V' must be 'VV'"],
    // Patterns Java parses but cannot make a date-time of (Java: "Unable to obtain LocalDateTime"):
    ['MM/yyyy', '10/2019', 'it gives no complete date (year with month and day, or with day-of-year)'],
    ['yyyy-MM-dd hh', '2019-10-17 11', 'it has an hour of am/pm (h or K) without am/pm (a)'],
    ['yyyy-MM-dd mm', '2019-10-17 30', 'it gives a time of day without the hour'],
    ['yyyy-MM-dd HH:mm n', '2019-10-17 11:55 123', 'it has seconds without minutes, or a fraction without seconds'],
  ])('refuses the pattern %s (reading %s): %s', (pattern, text, message) => {
    expect(failure('date', text, pattern)).toBe(`date: invalid date pattern "${pattern}": ${message}`);
  });

  const instants = [
    '2019-10-23T11:24:35.123Z', '2019-03-10T09:59:59.999Z', '2019-03-10T10:00:00Z', '2019-11-03T08:30:00Z',
    '2019-11-03T09:30:00.5Z', '2000-02-29T23:59:59.001Z', '2099-12-31T12:00:00Z',
  ];
  const zones = ['UTC', 'Z', 'America/Los_Angeles', 'Europe/Paris', '+05:30', '-09:30', 'Australia/Sydney'];
  const patterns = [
    "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
    "uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS XXXXX '['VV']'",
    'EEEE, d MMMM uuuu h:mm:ss.SSS a xxx',
    'G yyyy-DDD HH:mm:ss.SSS OOOO',
    'yyyyMMddHHmmssSSSZ',
    'dd MMM yy HH:mm:ss.SSS ZZZZ',
    'QQQ yyyy-MM-dd kk:mm:ss.SSS xxxxx',
    'yyyy-MM-dd KK:mm:ss.SSS a X',
  ];
  it.each(patterns)('reads back what it prints with %s, in every zone', (pattern) => {
    for (const instant of instants) {
      for (const zone of zones) {
        const original = at(instant, zone);
        const text = formatWithPattern(original, pattern);
        expect(date(text, pattern).epochMs, `${text} (${zone})`).toBe(original.epochMs);
      }
    }
  });
});

describe('date() without a format', () => {
  // One value per format of the data format handling guide's list, then the page's own examples.
  it.each([
    ['2019-10-23 11:24:00+0200', '2019-10-23T11:24:00+02:00'],
    ['2019-10-23 11:24:00.123+0200', '2019-10-23T11:24:00.123+02:00'],
    ['2019-10-23 11:24:00.123', '2019-10-23T11:24:00.123Z'],
    ['2019-10-23T11:24:00.123Z', '2019-10-23T11:24:00.123Z'],
    ['2019-10-23T11:24:00Z', '2019-10-23T11:24:00Z'],
    ['2019-10-23', '2019-10-23T00:00:00Z'],
    ['2019/10/23', '2019-10-23T00:00:00Z'],
    ['2019.10.23', '2019-10-23T00:00:00Z'],
    ['2019-Oct-23', '2019-10-23T00:00:00Z'],
    ['20191023', '2019-10-23T00:00:00Z'],
    ['10-23-2019', '2019-10-23T00:00:00Z'],
    ['10232019', '2019-10-23T00:00:00Z'],
    ['10/23/2019', '2019-10-23T00:00:00Z'],
    ['23.10.2019', '2019-10-23T00:00:00Z'],
    ['10/23/2019 01:24:00 PM', '2019-10-23T13:24:00Z'],
    ['23.10.2019 01:24:00 PM', '2019-10-23T13:24:00Z'],
    ['23.Oct.2019', '2019-10-23T00:00:00Z'],
    ['23-Oct-2019', '2019-10-23T00:00:00Z'],
    ['12112020', '2020-12-11T00:00:00Z'], // the guide's warning: MMddyyyy, not ddMMyyyy
    ['2016-11-09T11:44:44.797', '2016-11-09T11:44:44.797Z'],
    ['2019-10-23T11:24:00+00:00', '2019-10-23T11:24:00Z'],
    ['2019-10-17T11:55:12-07:00[America/Los_Angeles]', '2019-10-17T11:55:12-07:00'],
    ['2019-10-17 11:55:12', '2019-10-17T11:55:12Z'],
    ['2019-10-23 11:24', '2019-10-23T11:24:00Z'],
    ['10-17-2019 11:55:12', '2019-10-17T11:55:12Z'],
  ])('%s → %s', (text, expected) => expect(iso('date', text)).toBe(expected));

  it('keeps the zone or offset the text had', () => {
    expect(date('2019-10-17T11:55:12-07:00[America/Los_Angeles]').zone).toBe('America/Los_Angeles');
    expect(date('2019-10-23 11:24:00+0200').zone).toBe('+02:00');
    expect(date('2019-10-23T11:24:00+00:00').zone).toBe('Z');
    expect(date('2019-10-23 11:24').zone).toBe('UTC');
  });

  it('refuses text in none of the formats, and ISO dates that do not exist (ISO resolves strictly)', () => {
    expect(failure('date', 'next tuesday')).toBe(
      'date: "next tuesday" is in none of the date formats recognised without a format; ' +
        'give its format, as in date(DATE, "dd/MM/yyyy")',
    );
    expect(failure('date', '2019-02-30T10:00:00')).toContain('is in none of the date formats');
  });
});

describe('date() arguments', () => {
  it('returns DEFAULT_DATE for a null DATE only; a DATE that does not parse still fails', () => {
    expect(call('date', null, 'dd/MM/yyyy', NOW)).toBe(NOW);
    expect(call('date', null, 'dd/MM/yyyy', null)).toBeNull();
    expect(iso('date', null, 'dd/MM/yyyy', '01/02/2003')).toBe('2003-02-01T00:00:00Z');
    expect(failure('date', 'not a date', 'dd/MM/yyyy', NOW)).toBe('date: "not a date" does not match "dd/MM/yyyy"');
    expect(failure('date', '', 'dd/MM/yyyy', NOW)).toBe('date: "" does not match "dd/MM/yyyy"');
  });

  it('gives null for a null DATE without a default, and takes a date as it is', () => {
    expect(call('date', null)).toBeNull();
    expect(call('date', null, 'dd/MM/yyyy')).toBeNull();
    expect(call('date', NOW, 'dd/MM/yyyy')).toBe(NOW);
  });

  it('refuses a DATE or FORMAT that is not text', () => {
    expect(failure('date', 20191017, 'yyyyMMdd')).toBe('date: DATE must be a string, got 20191017');
    expect(failure('date', '20191017', 8)).toBe('date: FORMAT must be a string, got 8');
  });
});

describe('date_part', () => {
  const thursday = at('2019-10-17T13:55:12.345Z');
  it.each([
    [['year', 'yyyy', 'yy', 'YEAR'], 2019],
    [['quarter', 'qq', 'q'], 4],
    [['month', 'mm', 'm', 'MM', 'Month'], 10],
    [['dayofyear', 'dy', 'y'], 290],
    [['day', 'dd', 'd'], 17],
    [['week', 'ww', 'w'], 42],
    [['weekday', 'dw'], 4],
    [['hour', 'hh', 'hh24'], 13],
    [['hh12'], 1],
    [['minute', 'mi', 'n'], 55],
    [['second', 'ss', 's'], 12],
    [['millisecond', 'SSS'], 345],
  ])('%j → %i', (names, value) => {
    for (const name of names) expect(call('date_part', name, thursday)).toBe(value);
  });

  it('reads the parts in the date\'s own zone', () => {
    const la = at('2019-10-17T03:30:00Z', 'America/Los_Angeles'); // 2019-10-16T20:30-07:00
    expect(call('date_part', 'day', la)).toBe(16);
    expect(call('date_part', 'hour', la)).toBe(20);
    expect(call('date_part', 'weekday', la)).toBe(3);
  });

  it('numbers weeks and weekdays as java.time\'s ISO fields (week 1 holds the first Thursday; Monday is 1)', () => {
    expect(call('date_part', 'week', date('2019-12-30'))).toBe(1);
    expect(call('date_part', 'week', date('2021-01-03'))).toBe(53);
    expect(call('date_part', 'weekday', date('2021-01-03'))).toBe(7);
    expect(call('date_part', 'hh12', date('2019-10-17 00:30'))).toBe(12);
  });

  it('gives null for a null date and refuses unknown components', () => {
    expect(call('date_part', 'day', null)).toBeNull();
    const unknown = failure('date_part', 'fortnight', thursday);
    expect(unknown).toMatch(/^date_part: unknown date component "fortnight" \(known: year\/yyyy\/yy, quarter/);
  });
});

describe('set_date_part', () => {
  it('sets each component, as ZonedDateTime.with does', () => {
    const base = date('2019-01-31 10:20:30');
    expect(iso('set_date_part', 'year', 2020, base)).toBe('2020-01-31T10:20:30Z');
    expect(iso('set_date_part', 'mm', 2, base)).toBe('2019-02-28T10:20:30Z'); // Jan 31 → Feb 28
    expect(iso('set_date_part', 'd', 5, base)).toBe('2019-01-05T10:20:30Z');
    expect(iso('set_date_part', 'hh', 23, base)).toBe('2019-01-31T23:20:30Z');
    expect(iso('set_date_part', 'mi', 0, base)).toBe('2019-01-31T10:00:30Z');
    expect(iso('set_date_part', 's', 59, base)).toBe('2019-01-31T10:20:59Z');
    expect(iso('set_date_part', 'yyyy', 2023, date('2024-02-29'))).toBe('2023-02-28T00:00:00Z');
    expect(iso('set_date_part', 'month', '4', '2016-11-09T11:44:44.797')).toBe('2016-04-09T11:44:44.797Z');
  });

  it('keeps the zone, and its offset where the new time allows it (Java)', () => {
    const secondOneThirty = at('2019-11-03T09:30:00Z', 'America/Los_Angeles'); // 01:30-08:00, after fall-back
    expect(iso('set_date_part', 'minute', 10, secondOneThirty)).toBe('2019-11-03T01:10:00-08:00');
    expect(iso('set_date_part', 'hour', 0, secondOneThirty)).toBe('2019-11-03T00:30:00-07:00');
    expect(iso('set_date_part', 'day', 4, secondOneThirty)).toBe('2019-11-04T01:30:00-08:00');
  });

  it('refuses values the date cannot take (Java: "Invalid date \'APRIL 31\'")', () => {
    expect(failure('set_date_part', 'day', 31, date('2019-04-01'))).toBe(
      'set_date_part: day-of-month 31 is not in 1–30',
    );
    expect(failure('set_date_part', 'month', 13, date('2019-04-01'))).toBe('set_date_part: month 13 is not in 1–12');
    expect(failure('set_date_part', 'hour', 24, date('2019-04-01'))).toBe('set_date_part: hour 24 is not in 0–23');
    expect(failure('set_date_part', 'quarter', 1, date('2019-04-01'))).toMatch(/unknown date component "quarter"/);
    expect(failure('set_date_part', 'day', 1.5, date('2019-04-01'))).toBe(
      'set_date_part: VALUE must be a whole number, got 1.5',
    );
  });

  it('gives null for a null date or value', () => {
    expect(call('set_date_part', 'day', 1, null)).toBeNull();
    expect(call('set_date_part', 'day', null, NOW)).toBeNull();
  });
});

describe('make_date_time', () => {
  it('follows ZonedDateTime.of across DST changes (America/Los_Angeles, Java)', () => {
    // Spring forward: 02:30 does not exist and moves one hour later; fall back: 01:30 takes the earlier offset.
    expect(iso('make_date_time', 2019, 3, 10, 2, 30, 0, 0, 'America/Los_Angeles')).toBe('2019-03-10T03:30:00-07:00');
    expect(iso('make_date_time', 2019, 3, 10, 1, 59, 59, 0, 'America/Los_Angeles')).toBe('2019-03-10T01:59:59-08:00');
    expect(iso('make_date_time', 2019, 11, 3, 1, 30, 0, 0, 'America/Los_Angeles')).toBe('2019-11-03T01:30:00-07:00');
    expect(iso('make_date_time', 2019, 11, 3, 2, 0, 0, 0, 'America/Los_Angeles')).toBe('2019-11-03T02:00:00-08:00');
    expect(iso('make_date_time', 2019, 3, 31, 2, 30, 0, 0, 'Europe/Paris')).toBe('2019-03-31T03:30:00+02:00');
    expect(iso('make_date_time', 2019, 10, 27, 2, 30, 0, 0, 'Europe/Paris')).toBe('2019-10-27T02:30:00+02:00');
  });

  it('takes fixed offsets, UTC and the short ids of ZoneId.SHORT_IDS', () => {
    expect(iso('make_date_time', 2019, 10, 17, 11, 55, 12, 0, '+05:30')).toBe('2019-10-17T11:55:12+05:30');
    expect(iso('make_date_time', 2019, 10, 17, 11, 55, 12, 0, 'UTC')).toBe('2019-10-17T11:55:12Z');
    expect(iso('make_date_time', 2019, 10, 17, 11, 55, 12, 0, 'PST')).toBe('2019-10-17T11:55:12-07:00');
    expect(iso('make_date_time', 2019, 7, 17, 11, 55, 12, 0, 'EST')).toBe('2019-07-17T11:55:12-05:00'); // fixed
    const fromText = iso('make_date_time', '2019', '10', '17', '11', '55', '12', '5000000', 'Z');
    expect(fromText).toBe('2019-10-17T11:55:12.005Z');
  });

  it('refuses impossible parts, as ZonedDateTime.of does', () => {
    expect(failure('make_date_time', 2019, 2, 29, 0, 0, 0, 0, 'UTC')).toBe(
      'make_date_time: day-of-month 29 is not in 1–28',
    );
    expect(failure('make_date_time', 2019, 13, 1, 0, 0, 0, 0, 'UTC')).toBe('make_date_time: month 13 is not in 1–12');
    expect(failure('make_date_time', 2019, 1, 1, 0, 0, 0, 1e9, 'UTC')).toBe(
      'make_date_time: nanosecond 1000000000 is not in 0–999999999',
    );
    expect(failure('make_date_time', 2019, 1, 1, 0, 0, 0, 0, 'Mars/Olympus')).toBe(
      'make_date_time: unknown time zone "Mars/Olympus"',
    );
    expect(failure('make_date_time', 'twenty', 1, 1, 0, 0, 0, 0, 'UTC')).toBe(
      'make_date_time: YEAR must be a whole number, got "twenty"',
    );
    expect(call('make_date_time', 2019, 1, 1, 0, 0, 0, 0, null)).toBeNull();
  });
});

describe('zones', () => {
  it('converts around DST changes (America/Los_Angeles, Java)', () => {
    const inLa = (instant: string): string => iso('zone_date_to_zone', at(instant), 'America/Los_Angeles');
    expect(inLa('2019-03-10T09:59:59Z')).toBe('2019-03-10T01:59:59-08:00');
    expect(inLa('2019-03-10T10:00:00Z')).toBe('2019-03-10T03:00:00-07:00');
    expect(inLa('2019-11-03T08:30:00Z')).toBe('2019-11-03T01:30:00-07:00');
    expect(inLa('2019-11-03T09:30:00Z')).toBe('2019-11-03T01:30:00-08:00');
    expect(iso('zone_date_to_zone', at('2019-10-17T18:55:12Z'), 'Australia/Sydney')).toBe('2019-10-18T05:55:12+11:00');
    expect(iso('zone_date_to_zone', at('2019-06-17T18:55:12Z'), 'Australia/Sydney')).toBe('2019-06-18T04:55:12+10:00');
  });

  it('reads zone ids as ZoneId.of(id, ZoneId.SHORT_IDS) does', () => {
    expect(normalizeZoneId('Europe/Paris')).toBe('Europe/Paris');
    expect(normalizeZoneId('US/Pacific')).toBe('US/Pacific');
    expect(normalizeZoneId('PST')).toBe('America/Los_Angeles');
    expect(normalizeZoneId('EST')).toBe('-05:00');
    expect(normalizeZoneId('PST', { shortIds: false })).toBeNull();
    expect(normalizeZoneId('+2')).toBe('+02:00');
    expect(normalizeZoneId('+0530')).toBe('+05:30');
    expect(normalizeZoneId('-00:00')).toBe('Z');
    expect(normalizeZoneId('UTC+2')).toBe('UTC+02:00');
    expect(normalizeZoneId('UTC-00:00')).toBe('UTC');
    expect(normalizeZoneId('GMT')).toBe('GMT');
    expect(normalizeZoneId('europe/paris')).toBeNull(); // Java's ids are case-sensitive
    expect(normalizeZoneId('+19:00')).toBeNull();
    expect(normalizeZoneId('Mars/Olympus')).toBeNull();
  });

  it('computes offsets to the second, old local mean time included (Java: 1850 Los Angeles is -07:52:58)', () => {
    expect(offsetSecondsAt('America/Los_Angeles', Date.UTC(1850, 0, 1))).toBe(-(7 * 3600 + 52 * 60 + 58));
    expect(offsetSecondsAt('UTC+02:00', 0)).toBe(7200);
    expect(iso('make_date_time', 1850, 1, 1, 0, 0, 0, 0, 'America/Los_Angeles')).toBe('1850-01-01T00:00:00-07:52:58');
  });

  it('zone_date_to_utc and zone_date_to_zone keep the instant and nanos; null stays null', () => {
    const la = at('2019-10-17T18:55:12.001Z', 'America/Los_Angeles', 7);
    const utc = call('zone_date_to_utc', la) as DateTime;
    expect([utc.epochMs, utc.zone, utc.nanos]).toEqual([la.epochMs, 'UTC', 7]);
    expect(iso('zone_date_to_zone', la, 'UTC+2')).toBe('2019-10-17T20:55:12.001000007+02:00');
    expect(call('zone_date_to_utc', null)).toBeNull();
    expect(call('zone_date_to_zone', null, 'UTC')).toBeNull();
    expect(failure('zone_date_to_zone', la, 'Nowhere')).toBe('zone_date_to_zone: unknown time zone "Nowhere"');
  });
});

describe('format and dformat', () => {
  it('format prints in the date\'s zone; a null date is null', () => {
    const la = at('2019-10-17T18:55:12Z', 'America/Los_Angeles');
    expect(call('format', la, 'yyyy-MM-dd HH:mm:ss z')).toBe('2019-10-17 11:55:12 PDT');
    expect(call('format', null, 'yyyy')).toBeNull();
    expect(failure('format', la, 'yyyy-ww')).toBe(
      'format: invalid date pattern "yyyy-ww": pattern letter \'w\' (week of week-based year) is not supported',
    );
    expect(failure('format', la, null)).toBe('format: FORMAT must be a string, got null');
  });

  it('dformat reads epoch milliseconds (numbers or digits) in UTC', () => {
    expect(call('dformat', '1571829875000', 'yyyy-MM-dd HH:mm VV')).toBe('2019-10-23 11:24 UTC');
    expect(call('dformat', -1, 'yyyy-MM-dd HH:mm:ss.SSS')).toBe('1969-12-31 23:59:59.999');
    expect(call('dformat', null, 'yyyy')).toBeNull();
    expect(failure('dformat', 'soon', 'yyyy')).toBe('dformat: TIMESTAMP must be a whole number, got "soon"');
    expect(failure('dformat', 9e15, 'yyyy')).toBe(
      'dformat: the date is out of the supported range (years -271820 to 275759)',
    );
  });
});

describe('through compileExpression', () => {
  const evaluate = (text: string, row: Record<string, unknown> = {}): Value => {
    const compiled = compileExpression(text);
    if (!compiled.ok) throw new Error(compiled.problem.message);
    return compiled.expression.evaluate(row, context).value;
  };

  it('evaluates the documented expressions', () => {
    expect(formatDateTimeIso(evaluate('date("2019-10-23 11:24", "yyyy-MM-dd HH:mm", now())') as DateTime)).toBe(
      '2019-10-23T11:24:00Z',
    );
    expect(evaluate('date_part("MM", date("2019-10-17 11:55:12"))')).toBe(10);
    expect(evaluate('dformat(1571829875000, "yyyy-MM-dd\'T\'HH:mm:ss.SSSX")')).toBe('2019-10-23T11:24:35.000Z');
    expect(evaluate('timestamp()')).toBe(NOW.epochMs);
  });

  it('reads a column with a pattern, and fails the row naming the value and the pattern', () => {
    expect(evaluate('format(date(d, "dd/MM/yyyy"), "yyyy-MM-dd")', { d: '31/12/2020' })).toBe('2020-12-31');
    expect(evaluate('date(d, "dd/MM/yyyy", now())', { d: null })).toBe(NOW);
    expect(() => evaluate('date(d, "dd/MM/yyyy")', { d: '2020-12-31' })).toThrow(
      'date: "2020-12-31" does not match "dd/MM/yyyy"',
    );
  });
});
