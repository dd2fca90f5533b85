// From the fields a Java date pattern read to a date-time, the way DateTimeFormatter's default resolver
// (ResolverStyle.SMART) does it, checked against Java 17:
//   - `31/02/2024` with dd/MM/yyyy reads as 2024-02-29: SMART moves a day-of-month past the month's end (but
//     within 1–31) to the month's last day; day 32 or month 13 are errors;
//   - `24:00` (hour 24, nothing after it) is midnight of the next day; `k` 24 is hour 0;
//   - `h`/`K` need `a` to make an hour; a field read twice, or contradicting the date (Thu on a Friday), fails;
//   - no time fields: midnight; no zone: left to the caller (the functions use UTC).

import { civilFromDays, dayOfWeek, dayOfYear, daysFromCivil, isLeapYear, monthLength } from './calendar.js';
import { DateProblem, type LocalDateTime } from './date-time.js';

/** The fields pattern letters read into, named after java.time's ChronoFields. */
export type ParsedField =
  | 'era'
  | 'yearOfEra'
  | 'year'
  | 'month'
  | 'day'
  | 'dayOfYear'
  | 'quarter'
  | 'dayOfWeek'
  | 'ampm'
  | 'hourOfDay'
  | 'clockHourOfDay'
  | 'hourOfAmPm'
  | 'clockHourOfAmPm'
  | 'minute'
  | 'second'
  | 'nano';

export interface ParsedFields {
  values: Map<ParsedField, number>;
  /** A zone id read by VV or z (a region, `UTC`, or an offset id). */
  zone?: string;
  /** An offset read by X, x, Z or O, in seconds. */
  offsetSeconds?: number;
}

export interface ParsedDateTime {
  local: LocalDateTime;
  zone?: string;
  offsetSeconds?: number;
}

type Values = ParsedFields['values'];

const invalid = (message: string): DateProblem => new DateProblem('invalid', message);

function checkField(name: string, value: number, min: number, max: number): number {
  if (value < min || value > max) throw invalid(`${name} ${value} is not in ${min}–${max}`);
  return value;
}

/** A value derived one way must equal the value given another way (Java's "Conflict found"). */
function agree(name: string, given: number | undefined, derived: number): void {
  if (given !== undefined && given !== derived) throw invalid(`${name} ${given} contradicts the date's ${derived}`);
}

function resolveYear(values: Values): number | undefined {
  const yearOfEra = values.get('yearOfEra');
  const era = values.get('era');
  const year = values.get('year');
  if (yearOfEra === undefined) {
    if (year !== undefined && era !== undefined) agree('era', era, year >= 1 ? 1 : 0);
    return year;
  }
  checkField('year-of-era', yearOfEra, 1, 999_999_999);
  // Without an era, SMART takes year-of-era as a year of the current era (AD), as Java does.
  const fromEra = era === 0 ? 1 - yearOfEra : yearOfEra;
  agree('year', year, fromEra);
  return fromEra;
}

type CivilDate = { year: number; month: number; day: number };

/** Year-month-day or year-day-of-year, then the other date fields as cross-checks. */
function resolveDate(values: Values, strict: boolean): CivilDate {
  const year = resolveYear(values);
  const month = values.get('month');
  const day = values.get('day');
  const ofYear = values.get('dayOfYear');
  if (year === undefined || ((month === undefined || day === undefined) && ofYear === undefined)) {
    throw new DateProblem('pattern', 'it gives no complete date (year with month and day, or with day-of-year)');
  }
  if (month !== undefined && day !== undefined) {
    checkField('month-of-year', month, 1, 12);
    checkField('day-of-month', day, 1, 31);
    if (strict) checkField('day-of-month', day, 1, monthLength(year, month));
    const date = { year, month, day: Math.min(day, monthLength(year, month)) };
    if (ofYear !== undefined) agree('day-of-year', ofYear, dayOfYear(year, date.month, date.day));
    return date;
  }
  checkField('day-of-year', ofYear as number, 1, 366);
  if (ofYear === 366 && !isLeapYear(year)) throw invalid(`day-of-year 366 does not exist in ${year}, not a leap year`);
  const date = civilFromDays(daysFromCivil(year, 1, 1) + (ofYear as number) - 1);
  agree('month-of-year', month, date.month);
  agree('day-of-month', day, date.day);
  return date;
}

type TimeOfDay = { hour: number; minute: number; second: number; nano: number; plusDays: number };

/** The hour of day from H, k, or a with h/K; undefined when the pattern has none. */
function resolveHour(values: Values): number | undefined {
  let hour = values.get('hourOfDay');
  const clockHour = values.get('clockHourOfDay');
  if (clockHour !== undefined) {
    if (clockHour !== 0) checkField('clock-hour-of-day', clockHour, 1, 24); // SMART lets 0 through, as 24
    agree('hour-of-day', hour, clockHour % 24);
    hour = clockHour % 24;
  }
  let hourOfAmPm = values.get('hourOfAmPm');
  if (hourOfAmPm !== undefined) checkField('hour-of-am-pm', hourOfAmPm, 0, 11);
  const clockHourOfAmPm = values.get('clockHourOfAmPm');
  if (clockHourOfAmPm !== undefined) {
    if (clockHourOfAmPm !== 0) checkField('clock-hour-of-am-pm', clockHourOfAmPm, 1, 12);
    agree('hour-of-am-pm', hourOfAmPm, clockHourOfAmPm % 12);
    hourOfAmPm = clockHourOfAmPm % 12;
  }
  const ampm = values.get('ampm');
  if (hour === undefined && ampm !== undefined && hourOfAmPm !== undefined) return ampm * 12 + hourOfAmPm;
  if (hour === undefined) {
    if (hourOfAmPm === undefined) return undefined;
    throw new DateProblem('pattern', 'it has an hour of am/pm (h or K) without am/pm (a)');
  }
  if (hour !== 24) {
    agree('am/pm', ampm, Math.floor(hour / 12));
    agree('hour-of-am-pm', hourOfAmPm, hour % 12);
  }
  return hour;
}

function resolveTime(values: Values): TimeOfDay {
  const hour = resolveHour(values);
  const minute = values.get('minute');
  const second = values.get('second');
  const nano = values.get('nano');
  if (hour === undefined) {
    if (minute !== undefined || second !== undefined || nano !== undefined || values.has('ampm')) {
      throw new DateProblem('pattern', 'it gives a time of day without the hour');
    }
    return { hour: 0, minute: 0, second: 0, nano: 0, plusDays: 0 };
  }
  if ((minute === undefined && second !== undefined) || (second === undefined && nano !== undefined)) {
    throw new DateProblem('pattern', 'it has seconds without minutes, or a fraction without seconds');
  }
  const time = {
    hour,
    minute: checkField('minute-of-hour', minute ?? 0, 0, 59),
    second: checkField('second-of-minute', second ?? 0, 0, 59),
    nano: checkField('nano-of-second', nano ?? 0, 0, 999_999_999),
    plusDays: 0,
  };
  const endOfDay = hour === 24 && time.minute === 0 && time.second === 0 && time.nano === 0;
  if (endOfDay) return { ...time, hour: 0, plusDays: 1 };
  checkField('hour-of-day', hour, 0, 23);
  return time;
}

/**
 * The date-time the parsed fields describe. `strict` is for Java's ISO formatters, which resolve STRICTly (no
 * moving Feb 30 to Feb 28/29).
 */
export function resolveParsed(parsed: ParsedFields, strict = false): ParsedDateTime {
  const { values } = parsed;
  let date = resolveDate(values, strict);
  const time = resolveTime(values);
  if (time.plusDays) date = civilFromDays(daysFromCivil(date.year, date.month, date.day) + time.plusDays);
  const epochDay = daysFromCivil(date.year, date.month, date.day);
  agree('quarter-of-year', values.get('quarter'), Math.ceil(date.month / 3));
  agree('day-of-week', values.get('dayOfWeek'), dayOfWeek(epochDay));
  const { hour, minute, second, nano } = time;
  const result: ParsedDateTime = { local: { ...date, hour, minute, second, nano } };
  if (parsed.zone !== undefined) result.zone = parsed.zone;
  if (parsed.offsetSeconds !== undefined) result.offsetSeconds = parsed.offsetSeconds;
  return result;
}
