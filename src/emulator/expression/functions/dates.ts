// The "Date and time functions" of Data Prep's mapping functions page. Data Prep runs on java.time, so every
// ambiguity of the page is settled the way Java 17 behaves (checked with jshell), as the comments say:
//   - patterns are DateTimeFormatter.ofPattern patterns, parsed strictly and resolved SMARTly
//     (java-date-pattern.ts, java-date-resolve.ts): `31/02/2024` with `dd/MM/yyyy` reads as 2024-02-29;
//   - a date without a zone is in UTC (the page's results all end in `Z`);
//   - a DateTime prints as ISO_OFFSET_DATE_TIME (formatDateTimeIso), keeping its milliseconds, where the page's
//     hand-written results sometimes drop them;
//   - a null DATE gives null (a missing column yields no date rather than failing the row), except for the
//     three-argument date(), which gives its DEFAULT_DATE.

import { dayOfWeek, dayOfYear, isoWeekOfYear, monthLength } from '../calendar.js';
import {
  checkRange,
  DateProblem,
  formatDateTimeIso,
  fromLocal,
  fromLocalAtOffset,
  toLocal,
  type LocalDateTime,
  type ZonedFields,
} from '../date-time.js';
import { formatWithPattern, parseIsoDateTime, parseWithPattern } from '../java-date-pattern.js';
import type { ParsedDateTime } from '../java-date-resolve.js';
import type { ExpressionFunction, FunctionParam } from '../registry.js';
import { DateTime, EvaluationError, type Value } from '../values.js';
import { normalizeZoneId, offsetId } from '../zones.js';

export { formatDateTimeIso };

// ---------------------------------------------------------------------------------------------------------------
// Arguments

function describe(value: Value): string {
  if (value instanceof DateTime) return formatDateTimeIso(value);
  return JSON.stringify(value) ?? String(value);
}

function asString(fn: string, param: string, value: Value): string {
  if (typeof value === 'string') return value;
  throw new EvaluationError(`${fn}: ${param} must be a string, got ${describe(value)}`);
}

/** A whole number (Java int/long); numeric text is accepted, as a column read from a file holds it. */
function asInteger(fn: string, param: string, value: Value): number {
  const number = typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number === 'number' && Number.isSafeInteger(number)) return number;
  throw new EvaluationError(`${fn}: ${param} must be a whole number, got ${describe(value)}`);
}

/** A zone as ZoneId.of(id, ZoneId.SHORT_IDS) reads it: IANA ids, offsets, UTC/GMT, and PST-style short ids. */
function asZone(fn: string, value: Value): string {
  const zone = normalizeZoneId(asString(fn, 'ZONE', value).trim());
  if (zone === null) throw new EvaluationError(`${fn}: unknown time zone ${describe(value)}`);
  return zone;
}

/** A DATE argument: a date, or text in one of the formats date() recognises alone; null stays null. */
function asDate(fn: string, value: Value): DateTime | null {
  if (value === null || value instanceof DateTime) return value;
  if (typeof value === 'string') return parseDefault(fn, value);
  throw new EvaluationError(`${fn}: DATE must be a date, got ${describe(value)}`);
}

/**
 * Runs date maths, turning a DateProblem into the EvaluationError the row fails with, naming the value (`subject`)
 * and the pattern when there are some.
 */
function guard<T>(fn: string, subject: string | undefined, pattern: string | undefined, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof DateProblem)) throw error;
    const { kind, message } = error;
    if (kind === 'pattern') throw new EvaluationError(`${fn}: invalid date pattern "${pattern}": ${message}`);
    if (kind === 'mismatch') throw new EvaluationError(`${fn}: ${subject} does not match "${pattern}"`);
    if (kind === 'range' || subject === undefined) throw new EvaluationError(`${fn}: ${message}`);
    const where = pattern === undefined ? '' : ` for "${pattern}"`;
    throw new EvaluationError(`${fn}: ${subject} is not a valid date${where}: ${message}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Reading dates

/** A parsed date-time as a DateTime: at its offset if it had one, else in its zone, else in UTC. */
function toDateTime(parsed: ParsedDateTime): DateTime {
  const { local, zone, offsetSeconds } = parsed;
  if (offsetSeconds === undefined) return fromLocal(local, zone ?? 'UTC');
  return fromLocalAtOffset(local, offsetSeconds, zone ?? offsetId(offsetSeconds));
}

function parseDate(fn: string, text: string, pattern: string): DateTime {
  return guard(fn, JSON.stringify(text), pattern, () => toDateTime(parseWithPattern(text, pattern)));
}

/**
 * The formats date(DATE) tries, in order, first match wins: the list of the data format handling guide, then
 * Java's ISO_DATE_TIME and three more, because the functions page's own one-argument examples are in none of the
 * guide's formats: date("2019-10-23 11:24"), date("2019-10-17 11:55:12"), date("2016-11-09T11:44:44.797"),
 * format(2019-10-23T11:24:00+00:00, …), and the newer page's date("10-17-2019 11:55:12").
 */
const DEFAULT_FORMATS: readonly string[] = [
  'yyyy-MM-dd HH:mm:ssZ', 'yyyy-MM-dd HH:mm:ss.SSSZ', 'yyyy-MM-dd HH:mm:ss.SSS', "yyyy-MM-dd'T'HH:mm:ss.SSSX",
  "yyyy-MM-dd'T'HH:mm:ss'Z'", 'yyyy-MM-dd', 'yyyy/MM/dd', 'yyyy.MM.dd', 'yyyy-MMM-dd', 'yyyyMMdd', 'MM-dd-yyyy',
  'MMddyyyy', 'M/dd/yyyy', 'dd.M.yyyy', 'M/dd/yyyy hh:mm:ss a', 'dd.M.yyyy hh:mm:ss a', 'dd.MMM.yyyy', 'dd-MMM-yyyy',
  'ISO_DATE_TIME', // not a pattern: Java's formatter of that name (parseIsoDateTime)
  'yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd HH:mm', 'MM-dd-yyyy HH:mm:ss',
];

function parseDefault(fn: string, text: string): DateTime {
  for (const format of DEFAULT_FORMATS) {
    try {
      const parsed = format === 'ISO_DATE_TIME' ? parseIsoDateTime(text) : parseWithPattern(text, format);
      if (parsed) return toDateTime(parsed);
    } catch (error) {
      if (!(error instanceof DateProblem)) throw error;
    }
  }
  throw new EvaluationError(
    `${fn}: ${JSON.stringify(text)} is in none of the date formats recognised without a format; ` +
      'give its format, as in date(DATE, "dd/MM/yyyy")',
  );
}

/**
 * date(DATE), date(DATE, FORMAT), date(DATE, FORMAT, DEFAULT_DATE). DEFAULT_DATE stands in only for a null DATE,
 * as both pages say ("returned, if the date provided is null"): a DATE that does not parse still fails the row,
 * as Java's parse throws, rather than silently becoming the default. (Nor is an empty string null, in Java.)
 */
function callDate(args: readonly Value[]): Value {
  const [value = null, format = null, fallback = null] = args;
  if (value === null) {
    if (fallback === null || fallback instanceof DateTime) return fallback;
    return callDate([fallback, format]); // a default given as text is read like DATE
  }
  if (value instanceof DateTime) return value;
  const text = asString('date', 'DATE', value);
  return format === null ? parseDefault('date', text) : parseDate('date', text, asString('date', 'FORMAT', format));
}

// ---------------------------------------------------------------------------------------------------------------
// Parts of dates

type Part = { names: readonly string[]; get: (f: ZonedFields) => number };

/**
 * date_part's components, as the page lists them, matched case-insensitively (its example asks for "MM"). The
 * page lists "w" under both week and weekday: the first (week) wins. Week and weekday follow java.time's ISO
 * fields: IsoFields.WEEK_OF_WEEK_BASED_YEAR (weeks from Monday, week 1 holds the first Thursday) and
 * DayOfWeek.getValue() (1 = Monday … 7 = Sunday). "hh12" is the clock hour 1–12 (Java's `h`).
 */
const DATE_PARTS: readonly Part[] = [
  { names: ['year', 'yyyy', 'yy'], get: (f) => f.year },
  { names: ['quarter', 'qq', 'q'], get: (f) => Math.ceil(f.month / 3) },
  { names: ['month', 'mm', 'm'], get: (f) => f.month },
  { names: ['dayofyear', 'dy', 'y'], get: (f) => dayOfYear(f.year, f.month, f.day) },
  { names: ['day', 'dd', 'd'], get: (f) => f.day },
  { names: ['week', 'ww', 'w'], get: (f) => isoWeekOfYear(f.year, f.month, f.day) },
  { names: ['weekday', 'dw'], get: (f) => dayOfWeek(f.epochDay) },
  { names: ['hour', 'hh', 'hh24'], get: (f) => f.hour },
  { names: ['hh12'], get: (f) => f.hour % 12 || 12 },
  { names: ['minute', 'mi', 'n'], get: (f) => f.minute },
  { names: ['second', 'ss', 's'], get: (f) => f.second },
  { names: ['millisecond', 'sss'], get: (f) => Math.floor(f.nano / 1_000_000) },
];

function findPart<T extends { names: readonly string[] }>(fn: string, parts: readonly T[], value: Value): T {
  const name = asString(fn, 'COMPONENT', value).trim().toLowerCase();
  const part = parts.find((candidate) => candidate.names.includes(name));
  if (part) return part;
  const known = parts.map((candidate) => candidate.names.join('/')).join(', ');
  throw new EvaluationError(`${fn}: unknown date component ${describe(value)} (known: ${known})`);
}

type Setter = { names: readonly string[]; set: (local: LocalDateTime, value: number) => LocalDateTime };

function inRange(what: string, value: number, min: number, max: number): number {
  if (value < min || value > max) throw new DateProblem('invalid', `${what} ${value} is not in ${min}–${max}`);
  return value;
}

/**
 * set_date_part's components, as ZonedDateTime.with(field, value) changes them: a new year or month keeps the
 * day-of-month if the month has it, else takes the month's last day (Jan 31 → month 2 → Feb 28); a day the month
 * does not have is an error (Java: "Invalid date 'APRIL 31'"). "yy" sets the year as given (24 is the year 24).
 */
const DATE_SETTERS: readonly Setter[] = [
  { names: ['year', 'yyyy', 'yy'], set: (l, v) => ({ ...l, year: v, day: Math.min(l.day, monthLength(v, l.month)) }) },
  {
    names: ['month', 'mm', 'm'],
    set: (l, v) => ({ ...l, month: inRange('month', v, 1, 12), day: Math.min(l.day, monthLength(l.year, v)) }),
  },
  {
    names: ['day', 'dd', 'd'],
    set: (l, v) => ({ ...l, day: inRange('day-of-month', v, 1, monthLength(l.year, l.month)) }),
  },
  { names: ['hour', 'hh'], set: (l, v) => ({ ...l, hour: inRange('hour', v, 0, 23) }) },
  { names: ['minute', 'mi', 'n'], set: (l, v) => ({ ...l, minute: inRange('minute', v, 0, 59) }) },
  { names: ['second', 'ss', 's'], set: (l, v) => ({ ...l, second: inRange('second', v, 0, 59) }) },
];

function callSetDatePart(args: readonly Value[]): Value {
  const [component = null, value = null, dateValue = null] = args;
  const setter = findPart('set_date_part', DATE_SETTERS, component);
  const date = asDate('set_date_part', dateValue);
  if (date === null || value === null) return null;
  const number = asInteger('set_date_part', 'VALUE', value);
  const fields = toLocal(date);
  // The zone's offset is kept when the new local time allows it (ZonedDateTime.with keeps it in an overlap).
  return guard('set_date_part', undefined, undefined, () =>
    fromLocal(setter.set(fields, number), date.zone, fields.offsetSeconds),
  );
}

const MAKE_PARTS = ['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'SECOND', 'NANOSECOND'] as const;

/**
 * make_date_time(YEAR, MONTH, DAY, HOUR, MINUTE, SECOND, NANOSECOND, TIMEZONE): ZonedDateTime.of, with its range
 * checks (Feb 30 is an error, not moved) and its DST rules (a time in a gap moves later, an overlap takes the
 * earlier offset).
 */
function callMakeDateTime(args: readonly Value[]): Value {
  if (args.some((arg) => arg === null)) return null;
  const fn = 'make_date_time';
  const part = {} as Record<(typeof MAKE_PARTS)[number], number>;
  MAKE_PARTS.forEach((name, i) => (part[name] = asInteger(fn, name, args[i] ?? null)));
  const zone = asZone(fn, args[7] ?? null);
  return guard(fn, undefined, undefined, () => {
    const [year, month] = [part.YEAR, inRange('month', part.MONTH, 1, 12)];
    const local = {
      year,
      month,
      day: inRange('day-of-month', part.DAY, 1, monthLength(year, month)),
      hour: inRange('hour', part.HOUR, 0, 23),
      minute: inRange('minute', part.MINUTE, 0, 59),
      second: inRange('second', part.SECOND, 0, 59),
      nano: inRange('nanosecond', part.NANOSECOND, 0, 999_999_999),
    };
    return fromLocal(local, zone);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The functions

const param = (name: string, type: string, description: string, optional = false): FunctionParam =>
  optional ? { name, type, description, optional } : { name, type, description };

const DATE_PARAM = param('DATE', 'date', 'The date, in a standard format.');

const base = { category: 'Date / Time' } as const;

export const dateFunctions: readonly ExpressionFunction[] = [
  {
    ...base,
    name: 'now',
    description: 'Retrieves the current time.',
    syntax: 'now()',
    params: [],
    minArgs: 0,
    maxArgs: 0,
    example: 'now()',
    result: '2021-10-26T10:10:24Z',
    call: (_args, context) => context.now(),
  },
  {
    ...base,
    name: 'timestamp',
    description: 'Retrieves the current Unix time.',
    syntax: 'timestamp()',
    params: [],
    minArgs: 0,
    maxArgs: 0,
    example: 'timestamp()',
    result: '1571850624571',
    call: (_args, context) => context.now().epochMs,
  },
  {
    ...base,
    name: 'format',
    description: 'Formats the input date according to a specified format.',
    syntax: 'format(DATE, FORMAT)',
    params: [
      param('DATE', 'date', 'The input date, as a ZonedDateTime object, that you want to format.'),
      param('FORMAT', 'string', 'The format that you want the date to be changed to.'),
    ],
    minArgs: 2,
    maxArgs: 2,
    example: 'format(2019-10-23T11:24:00+00:00, "yyyy-MM-dd HH:mm:ss")',
    result: '2019-10-23 11:24:35',
    call: ([dateValue = null, format = null]) => {
      const date = asDate('format', dateValue);
      if (date === null) return null;
      const pattern = asString('format', 'FORMAT', format);
      return guard('format', describe(date), pattern, () => formatWithPattern(date, pattern));
    },
  },
  {
    ...base,
    name: 'dformat',
    description: 'Converts a timestamp to a date string according to a specified format.',
    syntax: 'dformat(TIMESTAMP, FORMAT)',
    params: [
      param('TIMESTAMP', 'long', 'The timestamp you want to format. This is written in milliseconds.'),
      param('FORMAT', 'string', 'The format that you want the timestamp to become.'),
    ],
    minArgs: 2,
    maxArgs: 2,
    example: 'dformat(1571829875000, "yyyy-MM-dd\'T\'HH:mm:ss.SSSX")',
    result: '2019-10-23T11:24:35.000Z',
    // The instant in UTC (the page's result ends in Z), as Instant.ofEpochMilli(ms).atZone(UTC) shows it.
    call: ([timestamp = null, format = null]) => {
      if (timestamp === null) return null;
      const ms = asInteger('dformat', 'TIMESTAMP', timestamp);
      const pattern = asString('dformat', 'FORMAT', format);
      return guard('dformat', String(ms), pattern, () => formatWithPattern(new DateTime(checkRange(ms)), pattern));
    },
  },
  {
    ...base,
    name: 'date',
    description:
      'Converts a date string into a ZonedDateTime object (ISO 8601 format). Without FORMAT, the formats of the ' +
      'data format handling guide are tried in turn; DEFAULT_DATE is returned if DATE is null.',
    syntax: 'date(DATE, FORMAT, DEFAULT_DATE)',
    params: [
      param('DATE', 'string', 'The string that represents the date.'),
      param('FORMAT', 'string', 'The string representing the format of the source date.', true),
      param('DEFAULT_DATE', 'date', 'The default date returned, if the date provided is null.', true),
    ],
    minArgs: 1,
    maxArgs: 3,
    example: 'date("2019-10-23 11:24", "yyyy-MM-dd HH:mm", now())',
    result: '2019-10-23T11:24:00Z',
    call: (args) => callDate(args),
  },
  {
    ...base,
    name: 'date_part',
    description: 'Retrieves the parts of the date.',
    syntax: 'date_part(COMPONENT, DATE)',
    params: [param('COMPONENT', 'string', 'A string representing the part of the date.'), DATE_PARAM],
    minArgs: 2,
    maxArgs: 2,
    example: 'date_part("MM", date("2019-10-17 11:55:12"))',
    result: '10',
    call: ([component = null, dateValue = null]) => {
      const part = findPart('date_part', DATE_PARTS, component);
      const date = asDate('date_part', dateValue);
      return date === null ? null : part.get(toLocal(date));
    },
  },
  {
    ...base,
    name: 'set_date_part',
    description: 'Replaces a component in a given date.',
    syntax: 'set_date_part(COMPONENT, VALUE, DATE)',
    params: [
      param('COMPONENT', 'string', 'A string representing the part of the date.'),
      param('VALUE', 'int', 'The value to set for the component for a given date.'),
      DATE_PARAM,
    ],
    minArgs: 3,
    maxArgs: 3,
    example: 'set_date_part("m", 4, date("2016-11-09T11:44:44.797")',
    result: '2016-04-09T11:44:44Z',
    call: (args) => callSetDatePart(args),
  },
  {
    ...base,
    name: 'make_date_time',
    aliases: ['make_timestamp'],
    description: 'Creates a date from parts. This function can also be induced using make_timestamp.',
    syntax: 'make_date_time(YEAR, MONTH, DAY, HOUR, MINUTE, SECOND, NANOSECOND, TIMEZONE)',
    params: [
      param('YEAR', 'int', 'The year, written in four digits.'),
      param('MONTH', 'int', 'The month. The allowed values are 1 to 12.'),
      param('DAY', 'int', 'The day. The allowed values are 1 to 31.'),
      param('HOUR', 'int', 'The hour. The allowed values are 0 to 23.'),
      param('MINUTE', 'int', 'The minute. The allowed values are 0 to 59.'),
      param('SECOND', 'int', 'The second. The allowed values are 0 to 59.'),
      param('NANOSECOND', 'int', 'The nanosecond values. The allowed values are 0 to 999999999.'),
      param('TIMEZONE', 'string', 'The timezone for the date time.'),
    ],
    minArgs: 8,
    maxArgs: 8,
    example: 'make_date_time(2019, 10, 17, 11, 55, 12, 999, "America/Los_Angeles")',
    result: '2019-10-17T11:55:12Z',
    call: (args) => callMakeDateTime(args),
  },
  {
    ...base,
    name: 'zone_date_to_utc',
    description: 'Converts a date in any timezone to a date in UTC.',
    syntax: 'zone_date_to_utc(DATE)',
    params: [param('DATE', 'date', 'The date that you are trying to convert.')],
    minArgs: 1,
    maxArgs: 1,
    example: 'zone_date_to_utc(2019-10-17T11:55:12 PST',
    result: '2019-10-17T19:55:12Z',
    // The same instant in UTC (ZonedDateTime.withZoneSameInstant).
    call: ([dateValue = null]) => {
      const date = asDate('zone_date_to_utc', dateValue);
      return date === null ? null : new DateTime(date.epochMs, 'UTC', date.nanos);
    },
  },
  {
    ...base,
    name: 'zone_date_to_zone',
    description: 'Converts a date from one timezone to another timezone.',
    syntax: 'zone_date_to_zone(DATE, ZONE)',
    params: [
      param('DATE', 'date', 'The date that you are trying to convert.'),
      param('ZONE', 'string', 'The timezone that you are trying to convert the date to.'),
    ],
    minArgs: 2,
    maxArgs: 2,
    example: 'zone_date_to_utc(now(), "Europe/Paris")',
    result: '2021-10-26T15:43:59Z',
    call: ([dateValue = null, zoneValue = null]) => {
      const date = asDate('zone_date_to_zone', dateValue);
      const zone = asZone('zone_date_to_zone', zoneValue);
      return date === null ? null : new DateTime(date.epochMs, zone, date.nanos);
    },
  },
];

