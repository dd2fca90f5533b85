// Between a DateTime (Java's ZonedDateTime stand-in: an instant, a zone and sub-millisecond nanos) and its local
// fields in its zone, plus the ISO-8601 text a DateTime prints as.

import { civilFromDays, daysFromCivil } from './calendar.js';
import { DateTime } from './values.js';
import { instantOfLocal, offsetId, offsetSecondsAt } from './zones.js';

/** A date and time of day without a zone: Java's LocalDateTime. `nano` is the nano-of-second (0–999 999 999). */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nano: number;
}

/** A DateTime's fields in its zone, and the zone's offset then. */
export interface ZonedFields extends LocalDateTime {
  epochDay: number;
  offsetSeconds: number;
  zone: string;
  epochMs: number;
}

/**
 * Why a date cannot be read, made or shown; the functions turn it into an EvaluationError naming their
 * arguments. `mismatch`: the text does not have the pattern's shape; `invalid`: it does, but names no real date
 * (day 32) or contradicts itself; `pattern`: the pattern itself is wrong; `range`: beyond what the emulator holds.
 */
export class DateProblem extends Error {
  constructor(
    readonly kind: 'mismatch' | 'invalid' | 'pattern' | 'range',
    message: string,
  ) {
    super(message);
    this.name = 'DateProblem';
  }
}

const DAY_MS = 86_400_000;
/** JavaScript's (and so Intl's) limit, ±100 000 000 days around 1970: years −271 821 to 275 760. */
const MAX_EPOCH_MS = 8.64e15;

/** The local fields of a DateTime in its own zone. */
export function toLocal(dt: DateTime): ZonedFields {
  const offsetSeconds = offsetSecondsAt(dt.zone, dt.epochMs);
  const localMs = dt.epochMs + offsetSeconds * 1000;
  const epochDay = Math.floor(localMs / DAY_MS);
  const msOfDay = localMs - epochDay * DAY_MS;
  return {
    ...civilFromDays(epochDay),
    hour: Math.floor(msOfDay / 3_600_000),
    minute: Math.floor(msOfDay / 60_000) % 60,
    second: Math.floor(msOfDay / 1000) % 60,
    nano: (msOfDay % 1000) * 1_000_000 + dt.nanos,
    epochDay,
    offsetSeconds,
    zone: dt.zone,
    epochMs: dt.epochMs,
  };
}

/** A local date-time's milliseconds as if it were UTC (the whole milliseconds of its nano-of-second). */
export function localMilliseconds(local: LocalDateTime): number {
  const seconds = daysFromCivil(local.year, local.month, local.day) * 86_400 + local.hour * 3600 + local.minute * 60;
  return (seconds + local.second) * 1000 + Math.floor(local.nano / 1_000_000);
}

/** Throws when an instant is beyond what JavaScript dates (and so the zone rules) reach. */
export function checkRange(epochMs: number): number {
  if (!Number.isFinite(epochMs) || Math.abs(epochMs) > MAX_EPOCH_MS - DAY_MS) {
    throw new DateProblem('range', 'the date is out of the supported range (years -271820 to 275759)');
  }
  return epochMs;
}

/**
 * ZonedDateTime.ofLocal: the local date-time in a zone (gap: moved later; overlap: the preferred offset if it
 * applies, else the earlier one).
 */
export function fromLocal(local: LocalDateTime, zone: string, preferredOffset?: number): DateTime {
  const localMs = localMilliseconds(local);
  checkRange(localMs);
  return new DateTime(checkRange(instantOfLocal(zone, localMs, preferredOffset)), zone, local.nano % 1_000_000);
}

/** A local date-time at a fixed offset, shown in `zone` (a parsed offset wins over the zone's rules, as in Java). */
export function fromLocalAtOffset(local: LocalDateTime, offsetSeconds: number, zone: string): DateTime {
  const epochMs = checkRange(localMilliseconds(local) - offsetSeconds * 1000);
  return new DateTime(epochMs, zone, local.nano % 1_000_000);
}

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/** A year as ISO_LOCAL_DATE prints it: at least four digits, `+` beyond 9999, `-` before year 0. */
export function isoYear(year: number): string {
  if (year < 0) return `-${pad(-year, 4)}`;
  return year > 9999 ? `+${year}` : pad(year, 4);
}

/**
 * How a DateTime prints as text (string fields, concatenation, the listing's results): Java's
 * DateTimeFormatter.ISO_OFFSET_DATE_TIME, e.g. `2019-10-23T11:24:00Z`, `2019-10-17T11:55:12.000000999-07:00`.
 * Seconds are always printed (the documentation's `2019-10-23T11:24:00Z`; ZonedDateTime.toString would drop
 * them and append `[UTC]`), the fraction only as far as it has digits, and no `[zone]` suffix, so the text
 * is a valid XDM date-time.
 */
export function formatDateTimeIso(dt: DateTime): string {
  const f = toLocal(dt);
  const fraction = f.nano === 0 ? '' : `.${pad(f.nano, 9).replace(/0+$/, '')}`;
  const date = `${isoYear(f.year)}-${pad(f.month, 2)}-${pad(f.day, 2)}`;
  return `${date}T${pad(f.hour, 2)}:${pad(f.minute, 2)}:${pad(f.second, 2)}${fraction}${offsetId(f.offsetSeconds)}`;
}
