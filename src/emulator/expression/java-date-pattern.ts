// Java DateTimeFormatter patterns (DateTimeFormatter.ofPattern, English locale), to format DateTimes and to parse
// text, with Java's default strict, case-sensitive parsing: every letter takes exactly the widths Java gives it
// (`dd` two digits, `d` one or more, `yyyy` four unless signed, `yy` 2000–2099), a variable-width number keeps
// the digits of fixed-width numbers right after it (`yyyyMMdd`), and `[...]` is an optional section.
// Supported letters: G u y M L Q q d D E a h K k H m s S n V z O X x Z, 'quoted text' and '' for a quote. The
// week-based letters (Y w W e c F) and the rest (A N v B g p) are valid Java but not emulated: refused by name.

import { DateProblem, toLocal, type ZonedFields } from './date-time.js';
import { dayOfWeek, dayOfYear } from './calendar.js';
import { resolveParsed, type ParsedDateTime, type ParsedField, type ParsedFields } from './java-date-resolve.js';
import type { DateTime } from './values.js';
import { matchZoneId, matchZoneName, normalizeZoneId, zoneName } from './zones.js';

export type PatternToken =
  | { kind: 'literal'; text: string }
  | { kind: 'field'; letter: string; count: number }
  | { kind: 'optional'; tokens: readonly PatternToken[] };

const patternProblem = (message: string): DateProblem => new DateProblem('pattern', message);

/** The most letters of each kind Java accepts (`dd` yes, `ddd` "Too many pattern letters"). */
const MAX_COUNT: Readonly<Record<string, number>> = {
  G: 5, u: 19, y: 19, M: 5, L: 5, Q: 5, q: 5, d: 2, D: 3, E: 5, a: 1, h: 2, K: 2, k: 2, H: 2, m: 2, s: 2, S: 9,
  n: 19, V: 2, z: 4, O: 4, X: 5, x: 5, Z: 5,
};

const UNSUPPORTED: Readonly<Record<string, string>> = {
  Y: 'week-based year', w: 'week of week-based year', W: 'week of month', e: 'localized day of week',
  c: 'localized day of week', F: 'aligned week of month', A: 'milli of day', N: 'nano of day',
  v: 'generic zone name', B: 'day period', g: 'modified Julian day', p: 'pad',
};

function fieldToken(letter: string, count: number): PatternToken {
  const max = MAX_COUNT[letter];
  if (max === undefined) {
    const what = UNSUPPORTED[letter];
    if (what) throw patternProblem(`pattern letter '${letter}' (${what}) is not supported`);
    throw patternProblem(`unknown pattern letter '${letter}'`);
  }
  if (count > max) throw patternProblem(`too many pattern letters '${letter.repeat(count)}'`);
  if (letter === 'V' && count !== 2) throw patternProblem("pattern letter 'V' must be 'VV'");
  if (letter === 'O' && count !== 1 && count !== 4) throw patternProblem("pattern letter 'O' must be 'O' or 'OOOO'");
  // Stand-alone month and quarter (L, q) are the same as M and Q in English.
  return { kind: 'field', letter: letter === 'L' ? 'M' : letter === 'q' ? 'Q' : letter, count };
}

/** A quoted literal starting at `start` (a quote): its text and the index after it. `''` is one quote. */
function quoted(pattern: string, start: number): [string, number] {
  if (pattern[start + 1] === "'") return ["'", start + 2];
  let text = '';
  for (let i = start + 1; i < pattern.length; i++) {
    if (pattern[i] !== "'") text += pattern[i];
    else if (pattern[i + 1] === "'") text += pattern[i++];
    else return [text, i + 1];
  }
  throw patternProblem('it ends inside a quoted literal');
}

function tokenize(pattern: string): PatternToken[] {
  const sections: PatternToken[][] = [[]];
  for (let i = 0; i < pattern.length; ) {
    const char = pattern[i] as string;
    const current = sections[sections.length - 1] as PatternToken[];
    if (/[A-Za-z]/.test(char)) {
      let end = i;
      while (pattern[end] === char) end++;
      current.push(fieldToken(char, end - i));
      i = end;
    } else if (char === "'") {
      const [text, next] = quoted(pattern, i);
      current.push({ kind: 'literal', text });
      i = next;
    } else if (char === '[') {
      const tokens: PatternToken[] = [];
      current.push({ kind: 'optional', tokens });
      sections.push(tokens);
      i++;
    } else if (char === ']') {
      if (sections.length === 1) throw patternProblem("it has ']' without '['");
      sections.pop();
      i++;
    } else if ('{}#'.includes(char)) {
      throw patternProblem(`'${char}' is reserved`);
    } else {
      current.push({ kind: 'literal', text: char });
      i++;
    }
  }
  return sections[0] as PatternToken[]; // Like Java, an unclosed '[' ends with the pattern.
}

const compiled = new Map<string, readonly PatternToken[]>();

/** A Java pattern's tokens (cached: a mapping uses a handful of patterns for every row). Throws DateProblem. */
export function compilePattern(pattern: string): readonly PatternToken[] {
  let tokens = compiled.get(pattern);
  if (!tokens) {
    tokens = tokenize(pattern);
    if (compiled.size >= 1000) compiled.clear();
    compiled.set(pattern, tokens);
  }
  return tokens;
}

// ---------------------------------------------------------------------------------------------------------------
// What each letter is

interface NumberSpec {
  min: number;
  max: number;
  /** Java's SignStyle: NORMAL prints and reads `-`; EXCEEDS_PAD also `+` past the width; NOT_NEGATIVE neither. */
  sign: 'normal' | 'exceeds-pad' | 'not-negative';
  /** `yy`: two digits for 2000–2099. */
  reduced?: boolean;
  /** `S…`: the leading digits of the nano-of-second. */
  fraction?: boolean;
}

/** The number a letter reads and prints, as DateTimeFormatterBuilder.appendPattern sets it up; null for text. */
function numberSpec(letter: string, count: number): NumberSpec | null {
  const one: NumberSpec = { min: 1, max: 19, sign: 'normal' };
  switch (letter) {
    case 'y':
    case 'u':
      if (count === 2) return { min: 2, max: 2, sign: 'not-negative', reduced: true };
      return count < 4 ? { min: count, max: 19, sign: 'normal' } : { min: count, max: 19, sign: 'exceeds-pad' };
    case 'S':
      return { min: count, max: count, sign: 'not-negative', fraction: true };
    case 'n':
      return count === 1 ? one : { min: count, max: 19, sign: 'not-negative' };
    case 'D':
      return count === 1 ? one : { min: count, max: 3, sign: 'not-negative' };
    case 'M':
    case 'Q':
      if (count >= 3) return null;
      return count === 1 ? one : { min: 2, max: 2, sign: 'not-negative' };
    case 'd':
    case 'H':
    case 'h':
    case 'k':
    case 'K':
    case 'm':
    case 's':
      return count === 1 ? one : { min: 2, max: 2, sign: 'not-negative' };
    default:
      return null;
  }
}

const FIELD_OF: Readonly<Record<string, ParsedField>> = {
  G: 'era', y: 'yearOfEra', u: 'year', M: 'month', Q: 'quarter', d: 'day', D: 'dayOfYear', E: 'dayOfWeek',
  a: 'ampm', H: 'hourOfDay', k: 'clockHourOfDay', K: 'hourOfAmPm', h: 'clockHourOfAmPm', m: 'minute', s: 'second',
  S: 'nano', n: 'nano',
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
  'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** English names (Java 17's CLDR data) of a text letter's values, from the value `first`. */
function textTable(letter: string, count: number): { first: number; names: readonly string[] } | null {
  const style = count <= 3 ? 0 : count === 4 ? 1 : 2; // short, full, narrow
  const styled = (name: string): string => [name.slice(0, 3), name, name.slice(0, 1)][style] as string;
  switch (letter) {
    case 'M':
      return count < 3 ? null : { first: 1, names: MONTHS.map(styled) };
    case 'E':
      return { first: 1, names: DAYS.map(styled) };
    case 'Q': {
      if (count < 3) return null;
      const names = ['1st', '2nd', '3rd', '4th'].map((ordinal, i) => [`Q${i + 1}`, `${ordinal} quarter`, `${i + 1}`]);
      return { first: 1, names: names.map((forms) => forms[style] as string) };
    }
    case 'G':
      return { first: 0, names: [['BC', 'AD'], ['Before Christ', 'Anno Domini'], ['B', 'A']][style] as string[] };
    case 'a':
      return { first: 0, names: ['AM', 'PM'] };
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Formatting

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

function numericValue(letter: string, f: ZonedFields): number {
  switch (letter) {
    case 'y':
      return f.year >= 1 ? f.year : 1 - f.year; // year of era
    case 'u':
      return f.year;
    case 'M':
      return f.month;
    case 'Q':
      return Math.ceil(f.month / 3);
    case 'd':
      return f.day;
    case 'D':
      return dayOfYear(f.year, f.month, f.day);
    case 'H':
      return f.hour;
    case 'k':
      return f.hour === 0 ? 24 : f.hour;
    case 'K':
      return f.hour % 12;
    case 'h':
      return f.hour % 12 === 0 ? 12 : f.hour % 12;
    case 'm':
      return f.minute;
    case 's':
      return f.second;
    default:
      return f.nano; // n
  }
}

function formatNumber(value: number, spec: NumberSpec): string {
  if (spec.reduced) return pad(Math.abs(value) % 100, 2);
  const digits = String(Math.abs(value));
  const sign = value < 0 ? '-' : spec.sign === 'exceeds-pad' && digits.length > spec.min ? '+' : '';
  return sign + digits.padStart(spec.min, '0');
}

function textValue(letter: string, f: ZonedFields): number {
  if (letter === 'G') return f.year >= 1 ? 1 : 0;
  if (letter === 'E') return dayOfWeek(f.epochDay);
  if (letter === 'a') return f.hour >= 12 ? 1 : 0;
  return letter === 'Q' ? Math.ceil(f.month / 3) : f.month;
}

/**
 * Java's offset patterns per letter and count, with the text for a zero offset. `HH` hours; `MM`/`SS` always
 * printed, `mm`/`ss` only when not zero; `:` between them or not.
 */
const OFFSET_STYLES: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  X: [['+HHmm', 'Z'], ['+HHMM', 'Z'], ['+HH:MM', 'Z'], ['+HHMMss', 'Z'], ['+HH:MM:ss', 'Z']],
  x: [['+HHmm', '+00'], ['+HHMM', '+0000'], ['+HH:MM', '+00:00'], ['+HHMMss', '+0000'], ['+HH:MM:ss', '+00:00']],
  Z: [['+HHMM', '+0000'], ['+HHMM', '+0000'], ['+HHMM', '+0000'], ['', ''], ['+HH:MM:ss', 'Z']],
};

function formatOffset(seconds: number, style: string, zeroText: string): string {
  if (seconds === 0) return zeroText;
  const abs = Math.abs(seconds);
  const [hours, minutes, secs] = [Math.floor(abs / 3600), Math.floor(abs / 60) % 60, abs % 60];
  const separator = style.includes(':') ? ':' : '';
  const showSeconds = style.includes('ss') && secs > 0;
  let text = `${seconds < 0 ? '-' : '+'}${pad(hours, 2)}`;
  if (style.includes('MM') || minutes > 0 || showSeconds) text += separator + pad(minutes, 2);
  return showSeconds ? text + separator + pad(secs, 2) : text;
}

/** `O` (`GMT+5:30`) and `OOOO`/`ZZZZ` (`GMT+05:30`); `GMT` alone for zero. */
function formatLocalizedOffset(seconds: number, full: boolean): string {
  if (seconds === 0) return 'GMT';
  const abs = Math.abs(seconds);
  const [hours, minutes, secs] = [Math.floor(abs / 3600), Math.floor(abs / 60) % 60, abs % 60];
  let text = `GMT${seconds < 0 ? '-' : '+'}${full ? pad(hours, 2) : hours}`;
  if (full || minutes > 0 || secs > 0) text += `:${pad(minutes, 2)}`;
  return secs > 0 ? `${text}:${pad(secs, 2)}` : text;
}

function formatZone(letter: string, count: number, f: ZonedFields): string {
  if (letter === 'V') return f.zone;
  if (letter === 'z') return zoneName(f.zone, f.epochMs, count === 4 ? 'long' : 'short');
  if (letter === 'O' || (letter === 'Z' && count === 4)) return formatLocalizedOffset(f.offsetSeconds, count === 4);
  const [style, zeroText] = OFFSET_STYLES[letter]?.[count - 1] as readonly [string, string];
  return formatOffset(f.offsetSeconds, style, zeroText);
}

function formatTokens(tokens: readonly PatternToken[], f: ZonedFields): string {
  let text = '';
  for (const token of tokens) {
    if (token.kind === 'literal') text += token.text;
    else if (token.kind === 'optional') text += formatTokens(token.tokens, f); // every field is there to print
    else text += formatField(token.letter, token.count, f);
  }
  return text;
}

function formatField(letter: string, count: number, f: ZonedFields): string {
  const spec = numberSpec(letter, count);
  if (spec?.fraction) return pad(f.nano, 9).slice(0, count);
  if (spec) return formatNumber(numericValue(letter, f), spec);
  const table = textTable(letter, count);
  if (table) return table.names[textValue(letter, f) - table.first] as string;
  return formatZone(letter, count, f);
}

/** A DateTime in its own zone, as DateTimeFormatter.ofPattern(pattern).format(zonedDateTime) prints it. */
export function formatWithPattern(dt: DateTime, pattern: string): string {
  return formatTokens(compilePattern(pattern), toLocal(dt));
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing

class ParseState implements ParsedFields {
  values = new Map<ParsedField, number>();
  zone?: string;
  offsetSeconds?: number;

  /** Java fails the parse when one field is read twice with two values. */
  set(field: ParsedField, value: number): boolean {
    const previous = this.values.get(field);
    this.values.set(field, value);
    return previous === undefined || previous === value;
  }

  copy(): ParseState {
    const copy = new ParseState();
    copy.values = new Map(this.values);
    if (this.zone !== undefined) copy.zone = this.zone;
    if (this.offsetSeconds !== undefined) copy.offsetSeconds = this.offsetSeconds;
    return copy;
  }
}

/** What a reader read (`value` or `seconds`) and where it stopped. */
type Read<K extends string> = Record<K, number> & { end: number };

/** Digits to leave for the fixed-width numbers right after a variable-width one (Java's adjacent value parsing). */
function reservedAfter(tokens: readonly PatternToken[], index: number): number {
  const token = tokens[index];
  const spec = token?.kind === 'field' ? numberSpec(token.letter, token.count) : null;
  if (!spec || spec.min === spec.max) return 0;
  let reserved = 0;
  for (const next of tokens.slice(index + 1)) {
    const nextSpec = next.kind === 'field' ? numberSpec(next.letter, next.count) : null;
    if (!nextSpec || nextSpec.min !== nextSpec.max) break;
    reserved += nextSpec.max;
  }
  return reserved;
}

/** Reads a number at `pos` under Java's strict rules: widths, signs, and EXCEEDS_PAD's "+ only past the width". */
function readNumber(text: string, pos: number, spec: NumberSpec, reserved: number): Read<'value'> | null {
  let start = pos;
  const sign = text[pos] === '+' || text[pos] === '-' ? text[pos] : '';
  if (sign) {
    if (spec.sign === 'not-negative' || (sign === '+' && spec.sign !== 'exceeds-pad')) return null;
    start++;
  }
  let end = start;
  while (end < text.length && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
  const length = Math.min(spec.max, end - start - reserved);
  if (length < spec.min) return null;
  if (spec.sign === 'exceeds-pad' && (sign === '+' ? length <= spec.min : length > spec.min)) return null;
  const value = Number(text.slice(start, start + length));
  return { value: sign === '-' ? -value : value, end: start + length };
}

type FieldToken = { letter: string; count: number };

function parseNumericField(token: FieldToken, reserved: number, text: string, pos: number, state: ParseState): number {
  const spec = numberSpec(token.letter, token.count) as NumberSpec;
  const read = readNumber(text, pos, spec, reserved);
  if (!read) return -1;
  let value = read.value;
  if (spec.reduced) value += 2000;
  if (spec.fraction) value *= 10 ** (9 - token.count);
  return state.set(FIELD_OF[token.letter] as ParsedField, value) ? read.end : -1;
}

function parseTextField(letter: string, count: number, text: string, pos: number, state: ParseState): number {
  const { first, names } = textTable(letter, count) as { first: number; names: readonly string[] };
  if (new Set(names).size !== names.length) {
    throw patternProblem(`'${letter.repeat(count)}' (narrow names) cannot be parsed: the names are ambiguous`);
  }
  let best = -1; // longest match, as Java's name tree finds it; case-sensitive like Java's default
  names.forEach((name, index) => {
    if (text.startsWith(name, pos) && (best < 0 || name.length > (names[best] as string).length)) best = index;
  });
  if (best < 0) return -1;
  return state.set(FIELD_OF[letter] as ParsedField, first + best) ? pos + (names[best] as string).length : -1;
}

/** A signed offset in one of Java's offset patterns (`+HH:MM`), or its zero text (`Z`); strict two-digit parts. */
function readOffset(text: string, pos: number, style: string, zeroText: string): Read<'seconds'> | null {
  const separator = style.includes(':') ? ':' : '';
  const part = (at: number): number | null => {
    const digits = text.slice(at, at + 2);
    return /^\d\d$/.test(digits) ? Number(digits) : null;
  };
  const sign = text[pos];
  const hours = sign === '+' || sign === '-' ? part(pos + 1) : null;
  if (hours === null) return text.startsWith(zeroText, pos) ? { seconds: 0, end: pos + zeroText.length } : null;
  let end = pos + 3;
  const next = (): number | null => {
    if (!text.startsWith(separator, end)) return null;
    const value = part(end + separator.length);
    if (value !== null) end += separator.length + 2;
    return value;
  };
  const minutes = next(); // every offset style has minutes, optional (mm) or not (MM)
  if (minutes === null && style.includes('MM')) return null;
  const seconds = minutes !== null && style.includes('ss') ? next() : null;
  const total = hours * 3600 + (minutes ?? 0) * 60 + (seconds ?? 0);
  if (hours > 18 || (minutes ?? 0) > 59 || (seconds ?? 0) > 59 || total > 18 * 3600) return null;
  return { seconds: sign === '-' ? -total : total, end };
}

/** `GMT`, `GMT+5`, `GMT+05:30` (`O`, `OOOO`, `ZZZZ`). */
function readLocalizedOffset(text: string, pos: number, full: boolean): Read<'seconds'> | null {
  if (!text.startsWith('GMT', pos)) return null;
  const rest = text.slice(pos + 3);
  const match = (full ? /^([+-])(\d\d):(\d\d)(?::(\d\d))?/ : /^([+-])(\d\d?)(?::(\d\d)(?::(\d\d))?)?/).exec(rest);
  if (!match) return { seconds: 0, end: pos + 3 };
  const [hours, minutes, seconds] = [2, 3, 4].map((group) => Number(match[group] ?? 0)) as [number, number, number];
  if (hours > 18 || minutes > 59 || seconds > 59) return null;
  const total = hours * 3600 + minutes * 60 + seconds;
  return { seconds: match[1] === '-' ? -total : total, end: pos + 3 + match[0].length };
}

function parseZoneField(letter: string, count: number, text: string, pos: number, state: ParseState): number {
  if (letter === 'V' || letter === 'z') {
    const rest = text.slice(pos);
    const byId = matchZoneId(rest);
    const byName = letter === 'z' ? matchZoneName(rest, count === 4 ? 'long' : 'short') : null;
    // A name wins a tie with an id (`CET` reads as Europe/Paris, not the tzdb's CET zone), as in Java.
    const match = byName && (!byId || byName.length >= byId.length) ? byName : byId;
    if (!match || (state.zone !== undefined && state.zone !== match.zone)) return -1;
    state.zone = match.zone;
    return pos + match.length;
  }
  const read =
    letter === 'O' || (letter === 'Z' && count === 4)
      ? readLocalizedOffset(text, pos, count === 4)
      : readOffset(text, pos, ...(OFFSET_STYLES[letter]?.[count - 1] as readonly [string, string]));
  if (!read || (state.offsetSeconds !== undefined && state.offsetSeconds !== read.seconds)) return -1;
  state.offsetSeconds = read.seconds;
  return read.end;
}

/** Parses tokens from `pos`; the position after them, or -1 when the text does not fit. */
function parseTokens(tokens: readonly PatternToken[], text: string, pos: number, state: ParseState): number {
  for (const [index, token] of tokens.entries()) {
    if (token.kind === 'literal') {
      if (!text.startsWith(token.text, pos)) return -1;
      pos += token.text.length;
    } else if (token.kind === 'optional') {
      const attempt = state.copy(); // an optional section that does not fit is skipped, reading nothing
      const end = parseTokens(token.tokens, text, pos, attempt);
      if (end >= 0) {
        Object.assign(state, attempt);
        pos = end;
      }
    } else {
      pos = parseField(token, reservedAfter(tokens, index), text, pos, state);
      if (pos < 0) return -1;
    }
  }
  return pos;
}

function parseField(token: FieldToken, reserved: number, text: string, pos: number, state: ParseState): number {
  if (numberSpec(token.letter, token.count)) return parseNumericField(token, reserved, text, pos, state);
  if (textTable(token.letter, token.count)) return parseTextField(token.letter, token.count, text, pos, state);
  return parseZoneField(token.letter, token.count, text, pos, state);
}

/**
 * Reads text with a Java pattern, the whole text (Java refuses unparsed text), and resolves it as
 * DateTimeFormatter's SMART resolver does. Throws DateProblem: `mismatch` when the text does not have the
 * pattern's shape, `invalid` when it names an impossible or self-contradicting date, `pattern` for a bad pattern
 * or one that gives no complete date.
 */
export function parseWithPattern(text: string, pattern: string): ParsedDateTime {
  const state = new ParseState();
  const end = parseTokens(compilePattern(pattern), text, 0, state);
  if (end !== text.length) {
    throw new DateProblem('mismatch', end < 0 ? 'does not match' : `unparsed text at index ${end}`);
  }
  return resolveParsed(state);
}

// Java's ISO formatters read `T` and `Z` in either case.
const ISO_DATE_TIME = new RegExp(
  String.raw`^(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{0,9}))?)?` +
    String.raw`([Zz]|[+-]\d\d:\d\d(?::\d\d)?)?(?:\[([^\]]+)\])?$`,
);

/**
 * Java's DateTimeFormatter.ISO_DATE_TIME (`2016-11-09T11:44:44.797`, `2019-10-23T11:24:00+00:00`,
 * `…-07:00[America/Los_Angeles]`), which resolves STRICTly. Null when the text is not of that shape.
 */
export function parseIsoDateTime(text: string): ParsedDateTime | null {
  const match = ISO_DATE_TIME.exec(text);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction, offset, zone] = match;
  const state = new ParseState();
  const fields: [ParsedField, string | undefined][] = [
    ['year', year], ['month', month], ['day', day], ['hourOfDay', hour], ['minute', minute], ['second', second],
    ['nano', fraction === undefined ? undefined : fraction.padEnd(9, '0')],
  ];
  for (const [field, value] of fields) if (value !== undefined) state.set(field, Number(value));
  if (offset !== undefined) {
    const read = readOffset(offset.toUpperCase(), 0, '+HH:MM:ss', 'Z');
    if (!read) throw new DateProblem('invalid', `offset ${offset} is beyond ±18:00`);
    state.offsetSeconds = read.seconds;
  }
  if (zone !== undefined) {
    const id = normalizeZoneId(zone, { shortIds: false });
    if (id === null) throw new DateProblem('invalid', `unknown time zone "${zone}"`);
    state.zone = id;
  }
  return resolveParsed(state, true);
}

