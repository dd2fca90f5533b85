// "String" functions, and what the other text libraries (regex, hashing, URL, JSON, user agent) share: reading
// text and whole-number arguments, and Java's regular expressions, which explode (String.split) needs too.
//
// Data Prep runs on the JVM, and its documented behaviour is that of Java and Apache Commons Lang: lpad's "can
// be null" and "null or empty padding is a single space" are StringUtils.leftPad's own javadoc, split's "on
// any of the delimiters, only non-empty parts" is StringUtils.split(str, separatorChars). Where the page is
// silent, these functions do what those Java methods do (checked with Java 17's jshell), and say so.
//
// Null: a null required argument gives null, as StringUtils' methods answer null for null; the exceptions
// (concat, join, lpad's PADDING) say so. Lengths and indexes count UTF-16 code units, as Java's String does.

import { toText } from '../coerce.js';
import type { ExpressionFunction } from '../registry.js';
import { EvaluationError, isObject, type Value } from '../values.js';
import { describeValue, spreadVarargs } from './arrays.js';

/**
 * A text argument; null (or left out) stays null. Numbers, booleans and dates read as text as the `+`
 * operator writes them (coerce.ts toText: String.valueOf, a date as its ISO-8601 instant; a whole Double shows
 * without ".0" here, JSON numbers do not say whether they were a Double). An array or object where text is
 * wanted is a mistake in the mapping: an error.
 */
export function textArg(name: string, param: string, value: Value | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value) || isObject(value)) {
    throw new EvaluationError(`${name}: ${param} must be a string, got ${describeValue(value)}`);
  }
  return toText(value);
}

/**
 * A whole-number argument (an index, a count); null stays null. Text holding a whole number in
 * Integer.parseInt's grammar ("8", as a CSV column gives it) is accepted: a decision, as Data Prep's JEXL-based
 * mapper coerces numeric text wherever it wants a number. "8.5", " 8", "x" and 8.5 are errors.
 */
export function wholeNumberArg(name: string, param: string, value: Value | undefined): number | null {
  if (value === undefined || value === null) return null;
  const number = typeof value === 'string' && /^[+-]?\d+$/.test(value) ? Number(value) : value;
  if (typeof number === 'number' && Number.isSafeInteger(number)) return number;
  throw new EvaluationError(`${name}: ${param} must be a whole number, got ${describeValue(value)}`);
}

/** A boolean argument: true/false, or the text "true"/"false" in any case (Boolean.parseBoolean's words). */
export function booleanArg(name: string, param: string, value: Value | undefined): boolean | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw new EvaluationError(`${name}: ${param} must be true or false, got ${describeValue(value)}`);
}

// ---------------------------------------------------------------------------------------------------------
// Java regular expressions. Data Prep compiles REGEX arguments with java.util.regex.Pattern; JavaScript's
// RegExp reads most of that syntax the same way. Where the two differ, the pattern is rewritten to mean what it
// means in Java, and what cannot be rewritten (possessive quantifiers, atomic groups, \G, nested classes,
// inline flags after the start) is refused with an EvaluationError rather than silently matching otherwise.
// The RegExp gets the `u` flag: Java matches code points, so `.` takes a whole emoji in both.
// Known remaining differences: \S inside a class, \b and case-insensitive matching follow JavaScript's
// (Unicode) rules where Java's are ASCII-only (Java's \s does not match U+00A0; outside classes \s and \S are
// rewritten so).

/** A translated pattern: `find` searches (global), `full` must match the whole input (Java's matches()). */
export interface JavaRegex {
  readonly find: RegExp;
  readonly full: RegExp;
}

/** Java's line terminators, for `.`, `$` and \Z (Pattern's default, not UNIX_LINES). */
const LINE_TERMINATORS = String.raw`\n\r\u0085\u2028\u2029`;
/** Java's `$` without MULTILINE (and \Z): the end, or before a line terminator that ends the input. */
const JAVA_END = String.raw`(?=(?:\r\n|[${LINE_TERMINATORS}])?(?![\s\S]))`;
/** Java's \s (ASCII only: not U+00A0 as JavaScript's), \h and \v, as class contents. */
const JAVA_SPACE = String.raw`\t-\r `;
const HORIZONTAL_SPACE = String.raw` \t\xA0\u1680\u180E\u2000-\u200A\u202F\u205F\u3000`;
const VERTICAL_SPACE = String.raw`\n\x0B\f\r\x85\u2028\u2029`;
/** Java's POSIX classes (\p{Alpha}): ASCII only, as Pattern defines them without UNICODE_CHARACTER_CLASS. */
const POSIX_CLASSES: Readonly<Record<string, string>> = {
  Lower: 'a-z', Upper: 'A-Z', ASCII: String.raw`\0-\x7F`, Alpha: 'a-zA-Z', Digit: '0-9', Alnum: 'a-zA-Z0-9',
  Punct: String.raw`!-\/:-@\[-\x60\{-~`, Graph: '!-~', Print: ' -~', Blank: String.raw` \t`,
  Cntrl: String.raw`\0-\x1F\x7F`, XDigit: '0-9a-fA-F', Space: String.raw` \t\n\x0B\f\r`,
};
/** Characters that keep their backslash (JavaScript's `u` flag refuses `\,` and the like, Java takes them). */
const SYNTAX_CHARACTERS = new Set('^$\\.*+?()[]{}|/');

interface Translation {
  readonly name: string;
  readonly source: string;
  readonly multiline: boolean;
  readonly dotAll: boolean;
  out: string;
  i: number;
  inClass: boolean;
}

/** A pattern this translation cannot take: the error says what, and why it fails here. */
const badPattern = (name: string, source: string, problem: string): EvaluationError =>
  new EvaluationError(`${name}: REGEX ${JSON.stringify(source)} ${problem}`);
const refuse = (t: Translation, what: string): EvaluationError =>
  badPattern(t.name, t.source, `uses ${what}, which this emulator does not support`);

/** A literal character, escaped where the `u` flag requires it. */
function literal(t: Translation, char: string): string {
  if (SYNTAX_CHARACTERS.has(char)) return `\\${char}`;
  return t.inClass && char === '-' ? '\\-' : char;
}

/** Java's binary properties (\p{IsAlphabetic}) by their JavaScript names. */
const BINARY_PROPERTIES: Readonly<Record<string, string>> = {
  Alphabetic: 'Alphabetic', Ideographic: 'Ideographic', Letter: 'L', Lowercase: 'Lowercase', Uppercase: 'Uppercase',
  Titlecase: 'Lt', Punctuation: 'P', Control: 'Cc', White_Space: 'White_Space', WhiteSpace: 'White_Space', Digit: 'Nd',
  Hex_Digit: 'Hex_Digit', HexDigit: 'Hex_Digit', Join_Control: 'Join_Control', JoinControl: 'Join_Control',
  Noncharacter_Code_Point: 'Noncharacter_Code_Point', Assigned: 'Assigned', Emoji: 'Emoji',
};

/** A Java Unicode property name as JavaScript spells it: categories (Lu, IsLu), scripts (IsLatin), properties. */
function unicodeProperty(name: string): string {
  const category = /^(?:Is)?([A-Z][a-z]?)$/.exec(name)?.[1];
  if (category) return category;
  const assignment = /^(sc|script|gc|general_category)=(.+)$/i.exec(name);
  if (assignment) return `${/^s/i.test(assignment[1] ?? '') ? 'Script' : 'General_Category'}=${assignment[2]}`;
  const bare = name.replace(/^Is/, '');
  return BINARY_PROPERTIES[bare] ?? `Script=${bare}`;
}

/** \p{...} and \P{...}: POSIX classes become ASCII ranges, Unicode categories and scripts keep their meaning. */
function property(t: Translation, negated: boolean): string {
  const { source } = t;
  const braced = source[t.i + 2] === '{';
  const end = braced ? source.indexOf('}', t.i + 3) : t.i + 3;
  if (end < 0) throw badPattern(t.name, source, 'has an unclosed \\p{');
  const name = braced ? source.slice(t.i + 3, end) : source.slice(t.i + 2, end);
  t.i = braced ? end + 1 : end;
  const posix = POSIX_CLASSES[name];
  if (posix !== undefined) {
    if (!t.inClass) return negated ? `[^${posix}]` : `[${posix}]`;
    if (negated) throw refuse(t, `\\P{${name}} inside a character class`);
    return posix;
  }
  if (/^(In|java|blk=|block=)/i.test(name)) throw refuse(t, `\\p{${name}}`);
  return `\\${negated ? 'P' : 'p'}{${unicodeProperty(name)}}`;
}

/** Java's \Q...\E: everything up to \E (or the end) literally. */
function quoted(t: Translation): string {
  const end = t.source.indexOf('\\E', t.i + 2);
  const text = t.source.slice(t.i + 2, end < 0 ? undefined : end);
  t.i = end < 0 ? t.source.length : end + 2;
  return Array.from(text, (char) => literal(t, char)).join('');
}

/** Escapes whose Java meaning JavaScript spells otherwise (or not at all), outside and inside classes. */
const ESCAPES_OUTSIDE_CLASS: Readonly<Record<string, string>> = {
  A: String.raw`(?<![\s\S])`, z: String.raw`(?![\s\S])`, Z: JAVA_END, R: `(?:\\r\\n|[${VERTICAL_SPACE}])`,
  h: `[${HORIZONTAL_SPACE}]`, H: `[^${HORIZONTAL_SPACE}]`, v: `[${VERTICAL_SPACE}]`, V: `[^${VERTICAL_SPACE}]`,
  s: `[${JAVA_SPACE}]`, S: `[^${JAVA_SPACE}]`, b: '\\b', B: '\\B', k: '\\k',
};
const ESCAPES_IN_CLASS: Readonly<Record<string, string>> = { h: HORIZONTAL_SPACE, v: VERTICAL_SPACE, s: JAVA_SPACE };

/** An escape sequence at t.i (the backslash). */
function escape(t: Translation): string {
  const char = t.source[t.i + 1];
  if (char === undefined) throw badPattern(t.name, t.source, 'ends with a lone backslash');
  const pair = t.source.slice(t.i, t.i + 2);
  if (char === 'p' || char === 'P') return property(t, char === 'P');
  if (char === 'Q') return quoted(t);
  if (char === '0') {
    // Java's octal escape \0n, \0nn or \0mnn (m at most 3); JavaScript's `u` flag has none.
    const digits = /^[0-3]?[0-7]{1,2}/.exec(t.source.slice(t.i + 2))?.[0];
    if (!digits) throw badPattern(t.name, t.source, 'has an illegal octal escape');
    t.i += 2 + digits.length;
    return `\\u{${parseInt(digits, 8).toString(16)}}`;
  }
  t.i += 2;
  const hex = char === 'x' ? /^\{([0-9a-fA-F]+)\}/.exec(t.source.slice(t.i)) : null;
  if (hex) {
    t.i += hex[0].length;
    return `\\u{${hex[1]}}`; // Java's \x{1F600} is JavaScript's \u{1F600}
  }
  const translated = (t.inClass ? ESCAPES_IN_CLASS : ESCAPES_OUTSIDE_CLASS)[char];
  if (translated !== undefined) return translated;
  if (/[1-9]/.test(char) && !t.inClass) return pair; // a back reference
  if ('tnrfdDwWSxuc'.includes(char)) return pair; // the same in both (\S only in a class: see above)
  if (char === 'e') return '\\x1B';
  if (char === 'a') return '\\x07';
  if (/[A-Za-z0-9]/.test(char)) throw refuse(t, `the escape ${pair}${t.inClass ? ' inside a character class' : ''}`);
  // Any other escaped character is itself (a whole code point, for an escaped emoji).
  const codePoint = String.fromCodePoint(t.source.codePointAt(t.i - 1) ?? 0);
  t.i += codePoint.length - 1;
  return literal(t, codePoint);
}

/** `(` at t.i: groups and lookarounds pass; atomic groups and inline flags cannot be had in JavaScript. */
function group(t: Translation): string {
  const rest = t.source.slice(t.i);
  const opening = /^\((?:\?(?::|=|!|<=|<!|<[A-Za-z][A-Za-z0-9]*>))?/.exec(rest)?.[0] ?? '(';
  if (opening === '(' && rest.startsWith('(?')) {
    const what = rest.startsWith('(?>') ? 'an atomic group (?>...)' : 'inline flags other than a leading (?i), (?m) or (?s)';
    throw refuse(t, what);
  }
  t.i += opening.length;
  return opening;
}

/** After a quantifier: a lazy `?` is kept, a possessive `+` is refused. */
function quantifierSuffix(t: Translation): string {
  if (t.source[t.i] === '+') throw refuse(t, 'a possessive quantifier');
  if (t.source[t.i] !== '?') return '';
  t.i += 1;
  return '?';
}

/** One token outside a character class. */
function outsideClass(t: Translation, char: string): string {
  if (char === '(') return group(t);
  t.i += 1;
  if (char === '[') {
    t.inClass = true;
    const negation = t.source[t.i] === '^' ? '^' : '';
    t.i += negation.length;
    // Java reads a `]` first in a class as a literal: []a] is "] or a".
    if (t.source[t.i] !== ']') return `[${negation}`;
    t.i += 1;
    return `[${negation}\\]`;
  }
  if (char === '*' || char === '+' || char === '?') return char + quantifierSuffix(t);
  if (char === '{') {
    const bounds = /^\d+(?:,\d*)?\}/.exec(t.source.slice(t.i))?.[0];
    if (!bounds) throw badPattern(t.name, t.source, 'has an illegal repetition {');
    t.i += bounds.length;
    return `{${bounds}${quantifierSuffix(t)}`;
  }
  if (char === '}' || char === ']') return `\\${char}`; // literal in Java, an error with the `u` flag
  if (char === '$' && !t.multiline) return JAVA_END;
  if (char === '.' && !t.dotAll) return `[^${LINE_TERMINATORS}]`;
  return char;
}

/** One token inside a character class. */
function insideClass(t: Translation, char: string): string {
  if (char === '[') throw refuse(t, 'a character class inside a character class');
  if (char === '&' && t.source[t.i + 1] === '&') throw refuse(t, 'a class intersection (&&)');
  t.i += 1;
  if (char === ']') t.inClass = false;
  return char;
}

/** Java's leading inline flags, (?i) (?s) (?m), become RegExp flags: Node 20 has no inline modifiers. */
function leadingFlags(name: string, source: string): { flags: string; length: number } {
  const match = /^\(\?([a-zA-Z]+)\)/.exec(source);
  if (!match?.[1]) return { flags: '', length: 0 };
  const unsupported = match[1].replace(/[imsu]/g, '');
  if (unsupported) {
    throw badPattern(name, source, `uses the inline flag(s) ${unsupported}, which this emulator does not support`);
  }
  // u (UNICODE_CASE) is what the `u` flag does to case-insensitive matching anyway.
  return { flags: [...new Set(match[1].replace(/u/g, ''))].join(''), length: match[0].length };
}

function translate(name: string, source: string): { body: string; flags: string } {
  const { flags, length } = leadingFlags(name, source);
  const multiline = flags.includes('m');
  const t: Translation = { name, source, multiline, dotAll: flags.includes('s'), out: '', i: length, inClass: false };
  while (t.i < source.length) {
    const char = source[t.i] ?? '';
    t.out += char === '\\' ? escape(t) : t.inClass ? insideClass(t, char) : outsideClass(t, char);
  }
  return { body: t.out, flags };
}

/** Compiled patterns by source: a mapping evaluates the same few patterns for every row. */
const compiledPatterns = new Map<string, JavaRegex>();

/** The JavaScript form of a Java regular expression; `name` is the function, for error messages. */
export function javaRegex(name: string, source: string): JavaRegex {
  const cached = compiledPatterns.get(source);
  if (cached) return cached;
  const { body, flags } = translate(name, source);
  let compiled: JavaRegex;
  try {
    compiled = { find: new RegExp(body, `gu${flags}`), full: new RegExp(`(?:${body})(?![\\s\\S])`, `yu${flags}`) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw badPattern(name, source, `is not a valid regular expression (${reason})`);
  }
  if (compiledPatterns.size >= 500) compiledPatterns.clear();
  compiledPatterns.set(source, compiled);
  return compiled;
}

/**
 * Java's String.split(regex) (checked with jshell): a zero-width match at the start makes no leading empty
 * part, trailing empty parts are dropped ("a,b,,".split(",") is [a, b], ",,,".split(",") is []), and
 * without a match the result is the input itself ("".split(",") is [""]).
 */
export function javaSplit(input: string, regex: RegExp): string[] {
  const parts: string[] = [];
  let index = 0;
  regex.lastIndex = 0;
  for (let match = regex.exec(input); match; match = regex.exec(input)) {
    const end = match.index + match[0].length;
    // RegExp#exec does not move past an empty match by itself; step over one code point as Matcher.find does.
    if (end === match.index) regex.lastIndex = end + ((input.codePointAt(end) ?? 0) > 0xffff ? 2 : 1);
    if (index === 0 && match.index === 0 && end === 0) continue;
    parts.push(input.slice(index, match.index));
    index = end;
  }
  if (index === 0) return [input];
  parts.push(input.slice(index));
  while (parts.at(-1) === '') parts.pop();
  return parts;
}

// ---------------------------------------------------------------------------------------------------------

/** Character.isWhitespace (what StringUtils.strip uses): not U+00A0, U+2007 or U+202F, which do not break. */
const WHITESPACE = String.raw`\t\n\x0B\f\r\x1C-\x1F \u1680\u2000-\u2006\u2008-\u200A\u2028\u2029\u205F\u3000`;
const LEADING_WHITESPACE = new RegExp(`^[${WHITESPACE}]+`);
const A_WHITESPACE = new RegExp(`[${WHITESPACE}]`);
const TRAILING_WHITESPACE = new RegExp(`[${WHITESPACE}]+$`);

/** A function of one text argument that gives text, or null for null. */
function onText(name: string, param: string, transform: (text: string) => string) {
  return ([value]: readonly Value[]): Value => {
    const text = textArg(name, param, value);
    return text === null ? null : transform(text);
  };
}

/** concat: null arguments are skipped; only when every argument is null is the result null. */
function concat(args: readonly Value[]): Value {
  const texts = spreadVarargs(args).map((value) => textArg('concat', 'STRING', value));
  return texts.every((text) => text === null) ? null : texts.join('');
}

/** explode: Java's String.split with a REGEX (by default ","). */
function explode([value, regex]: readonly Value[]): Value {
  const input = textArg('explode', 'STRING', value);
  if (input === null) return null;
  const pattern = textArg('explode', 'REGEX', regex) ?? ',';
  return javaSplit(input, javaRegex('explode', pattern).find);
}

/**
 * instr: the 0-based index of the OCCURRENCE-th SUBSTRING at or after START_POSITION (0-based, by default 0),
 * or -1 when there is none: Java's indexOf, which the page's instr("adobe.com", "com") = 6 shows ("com"
 * starts at index 6). Occurrences may overlap, as StringUtils.ordinalIndexOf counts them. A negative
 * START_POSITION is 0, as indexOf takes it. Null INPUT or SUBSTRING: null.
 */
function instr([value, search, start, occurrence]: readonly Value[]): Value {
  const input = textArg('instr', 'INPUT', value);
  const substring = textArg('instr', 'SUBSTRING', search);
  const from = wholeNumberArg('instr', 'START_POSITION', start) ?? 0;
  const nth = wholeNumberArg('instr', 'OCCURRENCE', occurrence) ?? 1;
  if (nth < 1) throw new EvaluationError(`instr: OCCURRENCE must be 1 or more, got ${nth}`);
  if (input === null || substring === null) return null;
  if (from > input.length) return -1;
  let found = Math.max(from, 0) - 1;
  for (let count = 0; count < nth; count += 1) {
    found = input.indexOf(substring, found + 1);
    if (found < 0) return -1;
  }
  return found;
}

/** replacestr: StringUtils.replace, every occurrence; a null or empty TO_FIND, or null TO_REPLACE, change nothing. */
function replacestr([value, find, replacement]: readonly Value[]): Value {
  const input = textArg('replacestr', 'INPUT', value);
  const toFind = textArg('replacestr', 'TO_FIND', find);
  const toReplace = textArg('replacestr', 'TO_REPLACE', replacement);
  if (input === null || !toFind || toReplace === null) return input;
  return input.split(toFind).join(toReplace);
}

/**
 * substr: LENGTH characters from the 0-based START_INDEX (the page: substr("This is a substring test", 7, 8)
 * is " a subst"). Out-of-range bounds are clipped and a negative START_INDEX counts from the end, as
 * StringUtils.substring(str, start, start + length) does; a negative LENGTH gives "".
 */
function substr([value, start, length]: readonly Value[]): Value {
  const input = textArg('substr', 'INPUT', value);
  const from = wholeNumberArg('substr', 'START_INDEX', start);
  const count = wholeNumberArg('substr', 'LENGTH', length);
  if (input === null || from === null || count === null) return null;
  const size = input.length;
  const resolve = (index: number): number => Math.min(Math.max(index < 0 ? index + size : index, 0), size);
  const begin = resolve(from);
  const end = resolve(from + count);
  return begin >= end ? '' : input.slice(begin, end);
}

/**
 * split: StringUtils.split(str, separatorChars): every character of SEPARATOR separates, and empty parts are
 * dropped (the newest page: "only returns non-null indices ... use explode" for all of them). A null
 * SEPARATOR splits on whitespace, as StringUtils does.
 */
function split([value, separator]: readonly Value[]): Value {
  const input = textArg('split', 'INPUT', value);
  if (input === null) return null;
  const separators = textArg('split', 'SEPARATOR', separator);
  const isSeparator = (char: string) => (separators === null ? A_WHITESPACE.test(char) : separators.includes(char));
  const parts: string[] = [];
  let current = '';
  for (const char of input) {
    if (!isSeparator(char)) {
      current += char;
    } else if (current) {
      parts.push(current);
      current = '';
    }
  }
  if (current) parts.push(current);
  return parts;
}

/**
 * join: the OBJECTS (an array, or the further arguments: Java varargs) as text, SEPARATOR between them;
 * null elements join as "" and a null SEPARATOR as "", as StringUtils.join does. A null array: null.
 */
function join([separator = null, ...rest]: readonly Value[]): Value {
  const glue = textArg('join', 'SEPARATOR', separator) ?? '';
  if (rest.length === 1 && rest[0] === null) return null;
  return spreadVarargs(rest).map((value) => textArg('join', 'OBJECTS', value) ?? '').join(glue);
}

const MAX_PADDED_LENGTH = 10_000_000;

/**
 * lpad/rpad: StringUtils.leftPad/rightPad. A null INPUT gives null, COUNT is the length to reach (a longer
 * INPUT is left as it is, never cut), and a null or empty PADDING is a single space.
 */
function pad(name: 'lpad' | 'rpad') {
  return ([value, count, padding]: readonly Value[]): Value => {
    const input = textArg(name, 'INPUT', value);
    const size = wholeNumberArg(name, 'COUNT', count);
    const padText = textArg(name, 'PADDING', padding) || ' ';
    if (input === null || size === null) return null;
    if (size <= input.length) return input;
    // Java would try (and run out of memory on a worker); the emulator answers with a row error instead.
    if (size > MAX_PADDED_LENGTH) throw new EvaluationError(`${name}: COUNT ${size} is too large`);
    const filler = padText.repeat(Math.ceil((size - input.length) / padText.length)).slice(0, size - input.length);
    return name === 'lpad' ? filler + input : input + filler;
  };
}

/** left/right: StringUtils.left/right: a negative COUNT gives "", a COUNT past the length the whole string. */
function leftOrRight(name: 'left' | 'right') {
  return ([value, count]: readonly Value[]): Value => {
    const input = textArg(name, 'STRING', value);
    const size = wholeNumberArg(name, 'COUNT', count);
    if (input === null || size === null) return null;
    if (size <= 0) return '';
    return name === 'left' ? input.slice(0, size) : input.slice(Math.max(input.length - size, 0));
  };
}

const inputParam = (description: string) => ({ name: 'INPUT', type: 'string', description });
const stringParam = (description: string) => ({ name: 'STRING', type: 'string', description });
const countParam = { name: 'COUNT', type: 'int', description: 'The "n" characters you want to get from the string.' };
const padParams = [
  inputParam('The string that is going to be padded out. This string can be null.'),
  { name: 'COUNT', type: 'int', description: 'The size of the string to be padded out.' },
  { name: 'PADDING', type: 'string', description: 'The string to pad the input with. If null or empty, it will be treated as a single space.' },
];
const trimParam = [stringParam('The string you want to remove the whitespace from.')];

export const stringFunctions: readonly ExpressionFunction[] = [
  {
    name: 'concat',
    category: 'String',
    description: 'Concatenates the given strings.',
    syntax: 'concat(STRING_1, STRING_2)',
    params: [{ name: 'STRING', type: 'string', description: 'The strings that will be concatenated.', variadic: true }],
    minArgs: 1,
    maxArgs: Infinity,
    example: 'concat("Hi, ", "there", "!")',
    result: '"Hi, there!"',
    call: concat,
  },
  {
    name: 'explode',
    category: 'String',
    description:
      'Splits the string based on a regex and returns an array of parts. Can optionally include regex to split the string. By default, the splitting resolves to ",". The following delimiters need to be escaped with \\: +, ?, ^, |, ., [, (, {, ), *, $, \\ If you include multiple characters as the delimiter, the delimiter will be treated as a multi-character delimiter.',
    syntax: 'explode(STRING, REGEX)',
    params: [
      stringParam('The string that needs to be split.'),
      { name: 'REGEX', type: 'string', description: 'The regular expression that can be used to split the string.', optional: true },
    ],
    minArgs: 1,
    maxArgs: 2,
    example: 'explode("Hi, there!", " ")',
    // The page shows ["Hi,", "there"]; Java's "Hi, there!".split(" ") keeps the "!".
    result: '["Hi,", "there!"]',
    call: explode,
  },
  {
    name: 'instr',
    category: 'String',
    description: 'Returns the location/index of a substring.',
    syntax: 'instr(INPUT, SUBSTRING, START_POSITION, OCCURRENCE)',
    params: [
      inputParam('The string that is being searched.'),
      { name: 'SUBSTRING', type: 'string', description: 'The substring that is being searched for within the string.' },
      { name: 'START_POSITION', type: 'int', description: 'The location of where to start looking in the string.', optional: true },
      { name: 'OCCURRENCE', type: 'int', description: 'The nth occurrence to look for from the start position. By default, it is 1.', optional: true },
    ],
    minArgs: 2,
    maxArgs: 4,
    example: 'instr("adobe.com", "com")',
    result: '6',
    call: instr,
  },
  {
    name: 'replacestr',
    category: 'String',
    description: 'Replaces the search string if present in original string.',
    syntax: 'replacestr(INPUT, TO_FIND, TO_REPLACE)',
    params: [
      inputParam('The input string.'),
      { name: 'TO_FIND', type: 'string', description: 'The string to look up within the input.' },
      { name: 'TO_REPLACE', type: 'string', description: 'The string that will replace the value within "TO_FIND".' },
    ],
    minArgs: 3,
    maxArgs: 3,
    example: 'replacestr("This is a string re test", "re", "replace")',
    result: '"This is a string replace test"',
    call: replacestr,
  },
  {
    name: 'substr',
    category: 'String',
    description: 'Returns a substring of a given length.',
    syntax: 'substr(INPUT, START_INDEX, LENGTH)',
    params: [
      inputParam('The input string.'),
      { name: 'START_INDEX', type: 'int', description: 'The index of the input string where the substring starts.' },
      { name: 'LENGTH', type: 'int', description: 'The length of the substring.' },
    ],
    minArgs: 3,
    maxArgs: 3,
    example: 'substr("This is a substring test", 7, 8)',
    result: '" a subst"',
    call: substr,
  },
  {
    name: 'lower',
    aliases: ['lcase'],
    category: 'String',
    description: 'Converts a string to lowercase.',
    syntax: 'lower(INPUT)',
    params: [inputParam('The string that will be converted to lowercase.')],
    minArgs: 1,
    maxArgs: 1,
    example: 'lower("HeLLo")',
    result: '"hello"',
    // Locale-independent, as Java's toLowerCase(Locale.ROOT): no Turkish dotless i on a Turkish server.
    call: onText('lower', 'INPUT', (text) => text.toLowerCase()),
  },
  {
    name: 'upper',
    aliases: ['ucase'],
    category: 'String',
    description: 'Converts a string to uppercase.',
    syntax: 'upper(INPUT)',
    params: [inputParam('The string that will be converted to uppercase.')],
    minArgs: 1,
    maxArgs: 1,
    example: 'upper("HeLLo")',
    result: '"HELLO"',
    call: onText('upper', 'INPUT', (text) => text.toUpperCase()),
  },
  {
    name: 'split',
    category: 'String',
    description:
      'Splits an input string on a separator. The following separator needs to be escaped with \\: \\. If you include multiple delimiters, the string will split on any of the delimiters present in the string. Note: This function only returns non-null indices from the string, regardless of the presence of the separator. If all indices, including nulls, are required in the resulting array, use the "explode" function instead.',
    syntax: 'split(INPUT, SEPARATOR)',
    params: [
      inputParam('The input string that is going to be split.'),
      { name: 'SEPARATOR', type: 'string', description: 'The string that is used to split the input.' },
    ],
    minArgs: 2,
    maxArgs: 2,
    example: 'split("Hello world", " ")',
    result: '["Hello", "world"]',
    call: split,
  },
  {
    name: 'join',
    category: 'String',
    description: 'Joins a list of objects using the separator.',
    syntax: 'join(SEPARATOR, [OBJECTS])',
    params: [
      { name: 'SEPARATOR', type: 'string', description: 'The string that will be used to join the objects.' },
      { name: 'OBJECTS', type: 'object', description: 'An array of strings that will be joined.', variadic: true },
    ],
    minArgs: 2,
    maxArgs: Infinity,
    example: 'join(" ", to_array(true, "Hello", "world"))',
    result: '"Hello world"',
    call: join,
  },
  {
    name: 'lpad',
    category: 'String',
    description: 'Pads the left side of a string with the other given string.',
    syntax: 'lpad(INPUT, COUNT, PADDING)',
    params: padParams,
    minArgs: 3,
    maxArgs: 3,
    example: 'lpad("bat", 8, "yz")',
    result: '"yzyzybat"',
    call: pad('lpad'),
  },
  {
    name: 'rpad',
    category: 'String',
    description: 'Pads the right side of a string with the other given string.',
    syntax: 'rpad(INPUT, COUNT, PADDING)',
    params: padParams,
    minArgs: 3,
    maxArgs: 3,
    example: 'rpad("bat", 8, "yz")',
    result: '"batyzyzy"',
    call: pad('rpad'),
  },
  {
    name: 'left',
    category: 'String',
    description: 'Gets the first "n" characters of the given string.',
    syntax: 'left(STRING, COUNT)',
    params: [stringParam('The string you are getting the first "n" characters for.'), countParam],
    minArgs: 2,
    maxArgs: 2,
    example: 'left("abcde", 2)',
    result: '"ab"',
    call: leftOrRight('left'),
  },
  {
    name: 'right',
    category: 'String',
    description: 'Gets the last "n" characters of the given string.',
    syntax: 'right(STRING, COUNT)',
    params: [stringParam('The string you are getting the last "n" characters for.'), countParam],
    minArgs: 2,
    maxArgs: 2,
    example: 'right("abcde", 2)',
    result: '"de"',
    call: leftOrRight('right'),
  },
  {
    name: 'ltrim',
    category: 'String',
    description: 'Removes the whitespace from the beginning of the string.',
    syntax: 'ltrim(STRING)',
    params: trimParam,
    minArgs: 1,
    maxArgs: 1,
    example: 'ltrim(" hello")',
    result: '"hello"',
    call: onText('ltrim', 'STRING', (text) => text.replace(LEADING_WHITESPACE, '')),
  },
  {
    name: 'rtrim',
    category: 'String',
    description: 'Removes the whitespace from the end of the string.',
    syntax: 'rtrim(STRING)',
    params: trimParam,
    minArgs: 1,
    maxArgs: 1,
    example: 'rtrim("hello ")',
    result: '"hello"',
    call: onText('rtrim', 'STRING', (text) => text.replace(TRAILING_WHITESPACE, '')),
  },
  {
    name: 'trim',
    category: 'String',
    description: 'Removes the whitespace from the beginning and the end of the string.',
    syntax: 'trim(STRING)',
    params: trimParam,
    minArgs: 1,
    maxArgs: 1,
    example: 'trim(" hello ")',
    result: '"hello"',
    // The same whitespace as ltrim and rtrim (StringUtils.strip), so that trim(x) is ltrim(rtrim(x)).
    call: onText('trim', 'STRING', (text) => text.replace(LEADING_WHITESPACE, '').replace(TRAILING_WHITESPACE, '')),
  },
];
