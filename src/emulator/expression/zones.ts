// Time zones as java.time's ZoneId knows them, computed with the runtime's ICU data (Intl) instead of Java's tzdb:
// IANA regions (`America/Los_Angeles`), fixed offsets (`+02:00`, `Z`), `UTC`/`GMT`/`UT` with or without an
// offset, and the three-letter ids of ZoneId.SHORT_IDS (`PST`). Ids are kept as Java keeps them, so a date shows
// the zone it was given in.

import { daysFromCivil } from './calendar.js';

/** Java's ZoneId.SHORT_IDS (Java 17): the legacy three-letter ids, which ZoneId.of alone rejects. */
const SHORT_IDS: ReadonlyMap<string, string> = new Map([
  ['ACT', 'Australia/Darwin'], ['AET', 'Australia/Sydney'], ['AGT', 'America/Argentina/Buenos_Aires'],
  ['ART', 'Africa/Cairo'], ['AST', 'America/Anchorage'], ['BET', 'America/Sao_Paulo'], ['BST', 'Asia/Dhaka'],
  ['CAT', 'Africa/Harare'], ['CNT', 'America/St_Johns'], ['CST', 'America/Chicago'], ['CTT', 'Asia/Shanghai'],
  ['EAT', 'Africa/Addis_Ababa'], ['ECT', 'Europe/Paris'], ['EST', '-05:00'], ['HST', '-10:00'],
  ['IET', 'America/Indiana/Indianapolis'], ['IST', 'Asia/Kolkata'], ['JST', 'Asia/Tokyo'], ['MIT', 'Pacific/Apia'],
  ['MST', '-07:00'], ['NET', 'Asia/Yerevan'], ['NST', 'Pacific/Auckland'], ['PLT', 'Asia/Karachi'],
  ['PNT', 'America/Phoenix'], ['PRT', 'America/Puerto_Rico'], ['PST', 'America/Los_Angeles'],
  ['SST', 'Pacific/Guadalcanal'], ['VST', 'Asia/Ho_Chi_Minh'],
]);

const MAX_OFFSET_SECONDS = 18 * 3600;

/** Java's ZoneOffset.of text forms: ±h, ±hh, ±hhmm, ±hh:mm, ±hhmmss, ±hh:mm:ss (at most ±18:00). */
export function parseOffset(text: string): number | null {
  const match = /^([+-])(?:(\d\d?)|(\d\d)(\d\d)(\d\d)?|(\d\d):(\d\d)(?::(\d\d))?)$/.exec(text);
  if (!match) return null;
  const [hours, minutes, seconds] = [match[2] ?? match[3] ?? match[6], match[4] ?? match[7], match[5] ?? match[8]].map(
    (part) => Number(part ?? 0),
  ) as [number, number, number];
  if (minutes > 59 || seconds > 59) return null;
  const total = hours * 3600 + minutes * 60 + seconds;
  return total > MAX_OFFSET_SECONDS ? null : match[1] === '-' ? -total : total;
}

/** An offset as Java's ZoneOffset.getId prints it: `Z`, `+05:30`, `-09:30`, `+01:02:03`. */
export function offsetId(totalSeconds: number): string {
  if (totalSeconds === 0) return 'Z';
  const abs = Math.abs(totalSeconds);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const seconds = abs % 60 === 0 ? '' : `:${pad(abs % 60)}`;
  return `${totalSeconds < 0 ? '-' : '+'}${pad(Math.floor(abs / 3600))}:${pad(Math.floor(abs / 60) % 60)}${seconds}`;
}

/** The offset of a zone that has one fixed offset (`Z`, `+02:00`, `UTC`, `GMT-05:00`), else null. */
export function fixedOffsetSeconds(zone: string): number | null {
  if (zone === 'Z') return 0;
  const match = /^(?:UTC|GMT|UT)([+-].*)?$/.exec(zone);
  if (match) return match[1] === undefined ? 0 : parseOffset(match[1]);
  return /^[+-]/.test(zone) ? parseOffset(zone) : null;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const regionValidity = new Map<string, boolean>();
let canonicalZones: ReadonlyMap<string, string> | undefined;

/**
 * Whether an IANA region id is one Java would accept. ICU resolves ids case-insensitively; Java does not, so a
 * miscased canonical id (`europe/paris`) is refused, as are ids not shaped like Java's region ids.
 */
function isRegion(id: string): boolean {
  const known = regionValidity.get(id);
  if (known !== undefined) return known;
  // ICU also takes Java's SHORT_IDS (and ROC) as ids; Java's ZoneId.of does not.
  let valid =
    /^[A-Za-z][A-Za-z0-9~/._+-]+$/.test(id) &&
    id.split('/').every((part) => /^[A-Z]/.test(part)) &&
    !SHORT_IDS.has(id) &&
    id !== 'ROC';
  if (valid) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: id });
      canonicalZones ??= new Map(Intl.supportedValuesOf('timeZone').map((zone) => [zone.toLowerCase(), zone]));
      const canonical = canonicalZones.get(id.toLowerCase());
      valid = canonical === undefined || canonical === id;
    } catch {
      valid = false;
    }
  }
  if (regionValidity.size >= 1000) regionValidity.clear(); // ids can come from rows: keep the cache bounded
  regionValidity.set(id, valid);
  return valid;
}

export interface ZoneIdOptions {
  /** Also accept ZoneId.SHORT_IDS (`PST`), as ZoneId.of(id, SHORT_IDS) does. */
  shortIds?: boolean;
}

/**
 * The zone id Java's ZoneId.of would make of a text, or null for an unknown zone. Offsets come out normalised
 * (`+2` → `+02:00`, `+00:00` → `Z`, `UTC+2` → `UTC+02:00`, `UTC+00:00` → `UTC`), region ids unchanged.
 */
export function normalizeZoneId(id: string, options: ZoneIdOptions = {}): string | null {
  const short = options.shortIds === false ? undefined : SHORT_IDS.get(id);
  if (short !== undefined) return short;
  if (id === 'Z') return 'Z';
  if (/^[+-]/.test(id)) {
    const seconds = parseOffset(id);
    return seconds === null ? null : offsetId(seconds);
  }
  const prefixed = /^(UTC|GMT|UT)([+-].*)?$/.exec(id);
  if (prefixed) {
    const [, prefix = '', offset] = prefixed;
    if (offset === undefined) return prefix;
    const seconds = parseOffset(offset);
    return seconds === null ? null : seconds === 0 ? prefix : `${prefix}${offsetId(seconds)}`;
  }
  return isRegion(id) ? id : null;
}

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** The offset from UTC, in seconds, that a zone has at an instant (seconds: old local mean times have them). */
export function offsetSecondsAt(zone: string, epochMs: number): number {
  const fixed = fixedOffsetSeconds(zone);
  if (fixed !== null) return fixed;
  const parts: Record<string, string> = {};
  for (const part of formatterFor(zone).formatToParts(epochMs)) parts[part.type] = part.value;
  const yearOfEra = Number(parts.year);
  const year = parts.era === 'BC' || parts.era === 'B' ? 1 - yearOfEra : yearOfEra;
  const localSeconds =
    daysFromCivil(year, Number(parts.month), Number(parts.day)) * 86_400 +
    Number(parts.hour) * 3600 +
    Number(parts.minute) * 60 +
    Number(parts.second);
  return localSeconds - Math.floor(epochMs / 1000);
}

const DAY_MS = 86_400_000;

/**
 * The instant of a local date-time in a zone, given as "local milliseconds" (the local fields read as if UTC).
 * Follows ZonedDateTime.ofLocal: in a DST gap the time moves later by the gap's length; in an overlap the
 * preferred offset is kept when it is one of the two, else the earlier offset (the one before the transition).
 */
export function instantOfLocal(zone: string, localMs: number, preferredOffset?: number): number {
  const fixed = fixedOffsetSeconds(zone);
  if (fixed !== null) return localMs - fixed * 1000;
  // At most one transition within a day either side: the offsets before and after it are the candidates.
  const before = offsetSecondsAt(zone, localMs - DAY_MS);
  const after = offsetSecondsAt(zone, localMs + DAY_MS);
  const fits = (offset: number): boolean => offsetSecondsAt(zone, localMs - offset * 1000) === offset;
  const valid = [...new Set([before, after])].filter(fits);
  if (valid.length === 0) return localMs - before * 1000;
  const preferred = preferredOffset !== undefined && valid.includes(preferredOffset);
  return localMs - (preferred ? (preferredOffset as number) : (valid[0] as number)) * 1000;
}

/** Long names Java prints for `UTC` and `GMT` (for `UT` and offsets it prints the id). */
const UNIVERSAL_NAMES: Readonly<Record<string, string>> = {
  UTC: 'Coordinated Universal Time',
  GMT: 'Greenwich Mean Time',
};

const GMT_FORM = /^GMT[+-]/;

/** ICU's name of a zone at an instant; for short names en-GB's when en-US has only `GMT+2` (Paris: `CEST`). */
function intlZoneName(zone: string, epochMs: number, style: 'short' | 'long'): string {
  const read = (locale: string): string =>
    new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: style })
      .formatToParts(epochMs)
      .find((part) => part.type === 'timeZoneName')?.value ?? zone;
  const name = read('en-US');
  return style === 'short' && GMT_FORM.test(name) ? read('en-GB') : name;
}

type ZoneNames = { standard: string; daylight: string; daylightOffset: number | null };
const zoneNameCache = new Map<string, ZoneNames>();
const JANUARY = Date.UTC(2019, 0, 15);
const JULY = Date.UTC(2019, 6, 15);

/**
 * A region's standard and daylight names. Java keeps one such pair per zone and picks by whether DST is in
 * effect, whatever the date (Los Angeles in 1850 is `PST`); ICU names by date. So the pair is read once, from
 * January and July 2019, the larger offset being daylight time.
 */
function namesOf(zone: string, style: 'short' | 'long'): ZoneNames {
  const key = `${style} ${zone}`;
  let names = zoneNameCache.get(key);
  if (!names) {
    const [winter, summer] = [JANUARY, JULY].map((at) => ({
      offset: offsetSecondsAt(zone, at),
      name: intlZoneName(zone, at, style),
    })) as [{ offset: number; name: string }, { offset: number; name: string }];
    const [standard, daylight] = winter.offset <= summer.offset ? [winter, summer] : [summer, winter];
    names = {
      standard: standard.name,
      daylight: daylight.name,
      daylightOffset: standard.offset === daylight.offset ? null : daylight.offset,
    };
    zoneNameCache.set(key, names);
  }
  return names;
}

/** Java's `GMT+05:30` (what it prints for a zone without names). */
function gmtOffset(totalSeconds: number): string {
  return totalSeconds === 0 ? 'GMT' : `GMT${offsetId(totalSeconds)}`;
}

/**
 * A zone's name at an instant, as pattern letter `z` prints it: `PST`/`PDT` (short) or `Pacific Standard Time`
 * (long); offsets and `UTC`-style ids print as their id, as in Java. Names come from ICU, which lacks some short
 * names Java has (Asia/Kolkata: Java `IST`, here `GMT+05:30`, Java's form for a zone without names).
 */
export function zoneName(zone: string, epochMs: number, style: 'short' | 'long'): string {
  if (fixedOffsetSeconds(zone) !== null) return (style === 'long' ? UNIVERSAL_NAMES[zone] : undefined) ?? zone;
  const offset = offsetSecondsAt(zone, epochMs);
  const names = namesOf(zone, style);
  const name = offset === names.daylightOffset ? names.daylight : names.standard;
  return GMT_FORM.test(name) ? gmtOffset(offset) : name;
}

/**
 * Zone names pattern letter `z` reads, and the zone Java 17 (English locale) resolves each to; the offset then
 * comes from the zone's rules at the parsed time, so `PST` in July reads as -07:00, as in Java. Left out: names
 * Java resolves surprisingly (`BST` → Pacific/Bougainville, `IST` → Africa/Abidjan, `MT` → Europe/Moscow),
 * which are better refused than silently shifted by hours.
 */
const SHORT_ZONE_NAMES: ReadonlyMap<string, string> = new Map([
  ['PST', 'America/Los_Angeles'], ['PDT', 'America/Los_Angeles'], ['PT', 'America/Los_Angeles'],
  ['MST', 'America/Denver'], ['MDT', 'America/Denver'],
  ['CST', 'America/Chicago'], ['CDT', 'America/Chicago'], ['CT', 'America/Chicago'],
  ['EST', 'America/New_York'], ['EDT', 'America/New_York'], ['ET', 'America/New_York'],
  ['AKST', 'America/Juneau'], ['AKDT', 'America/Juneau'], ['HST', 'Pacific/Honolulu'], ['HDT', 'Pacific/Honolulu'],
  ['CET', 'Europe/Paris'], ['CEST', 'Europe/Paris'], ['EET', 'Europe/Bucharest'], ['EEST', 'Europe/Bucharest'],
  ['WET', 'Atlantic/Canary'], ['WEST', 'Atlantic/Canary'], ['MSK', 'Europe/Moscow'], ['JST', 'Asia/Tokyo'],
  ['KST', 'Asia/Seoul'], ['SGT', 'Asia/Singapore'], ['HKT', 'Asia/Hong_Kong'], ['WIB', 'Asia/Jakarta'],
  ['AEST', 'Australia/Sydney'], ['AEDT', 'Australia/Sydney'], ['NZST', 'Pacific/Auckland'],
  ['NZDT', 'Pacific/Auckland'], ['BRT', 'America/Sao_Paulo'], ['UTC', 'UTC'], ['GMT', 'GMT'], ['UT', 'UT'],
]);

let longZoneNames: ReadonlyMap<string, string> | undefined;

/** Long names (`Pacific Standard Time`) of the zones above, winter and summer, for pattern `zzzz`. */
function longNames(): ReadonlyMap<string, string> {
  if (!longZoneNames) {
    // Java reads `Coordinated Universal Time` as Etc/UTC (and `Greenwich Mean Time` as Africa/Abidjan: GMT here).
    const names = new Map([
      ['Coordinated Universal Time', 'Etc/UTC'],
      ['Greenwich Mean Time', 'GMT'],
    ]);
    for (const zone of new Set(SHORT_ZONE_NAMES.values())) {
      if (fixedOffsetSeconds(zone) !== null) continue;
      for (const instant of [Date.UTC(2019, 0, 15), Date.UTC(2019, 6, 15)]) {
        const name = intlZoneName(zone, instant, 'long');
        if (!names.has(name)) names.set(name, zone);
      }
    }
    longZoneNames = names;
  }
  return longZoneNames;
}

/** The zone a zone name at the start of `text` stands for, and the name's length; the longest name wins. */
export function matchZoneName(text: string, style: 'short' | 'long'): { zone: string; length: number } | null {
  let best: { zone: string; length: number } | null = null;
  for (const [name, zone] of style === 'short' ? SHORT_ZONE_NAMES : longNames()) {
    if (text.startsWith(name) && (best === null || name.length > best.length)) best = { zone, length: name.length };
  }
  return best;
}

/** The longest zone id (`America/Los_Angeles`, `+02:00`, `UTC`) at the start of `text`, as Java's `VV` reads it. */
export function matchZoneId(text: string): { zone: string; length: number } | null {
  const run = /^[A-Za-z0-9~/._+:-]{1,40}/.exec(text)?.[0] ?? '';
  for (let length = run.length; length > 0; length--) {
    const zone = normalizeZoneId(run.slice(0, length), { shortIds: false });
    if (zone !== null) return { zone, length };
  }
  return null;
}
