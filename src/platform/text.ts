// Rules for the text people pass to flowctl — names, titles, descriptions, table paths — checked before anything
// is sent, and the way such text is echoed back in a one-line error.
//
// Control characters are refused because they corrupt the one-line output of every later command (a newline in
// a name splits a row of `flow list`), and ANSI escapes or bidirectional overrides can make a name display as
// something else (https://trojansource.codes). A lone surrogate cannot be encoded as UTF-8 at all: the Platform
// would store U+FFFD instead.

import { InvalidInputError } from './errors.js';

/** C0 and C1 controls, DEL, and the bidirectional marks, embeddings, overrides and isolates. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const CONTROL_ALL = new RegExp(CONTROL.source, 'g');
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATE_ALL = new RegExp(LONE_SURROGATE.source, 'g');

const codePoint = (char: string) => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** The rule free text breaks, or undefined: not blank, no control characters, valid Unicode, at most `max` long. */
export function textProblem(value: string, max: number): string | undefined {
  if (value.trim() === '') return 'must not be empty';
  const control = CONTROL.exec(value);
  if (control) return `must not contain control characters (found ${codePoint(control[0])} at position ${control.index + 1})`;
  if (LONE_SURROGATE.test(value)) return 'is not valid Unicode (it holds half of a surrogate pair)';
  if (value.length > max) return `must be at most ${max} characters, got ${value.length}`;
  return undefined;
}

/** Characters a table path never holds: whitespace, quotes, statement separators. */
const NOT_IN_TABLE_PATH = /[\s'"`;]/;
/** database.schema.table is the longest path a database source lists (Snowflake, SQL Server, BigQuery). */
const MAX_TABLE_PARTS = 3;

/** The rule a table path (`schema.table`, as `connection explore` lists it) breaks, or undefined. */
export function tablePathProblem(value: string): string | undefined {
  const text = textProblem(value, 512);
  if (text) return text;
  const parts = value.trim().split('.');
  if (parts.some((p) => p === '') || parts.length > MAX_TABLE_PARTS || NOT_IN_TABLE_PATH.test(value.trim())) {
    return `"${value}" is not a table path: expected schema.table as \`connection explore\` lists it (1 to ${MAX_TABLE_PARTS} names joined by dots, none empty, no spaces or quotes)`;
  }
  return undefined;
}

export function checkTablePath(value: string, field: string): string {
  const problem = tablePathProblem(value);
  if (problem) throw new InvalidInputError(field, problem);
  return value.trim();
}

/**
 * Text made safe to print on one terminal line: control characters, bidirectional controls and lone surrogates
 * become visible escapes (`\n`, `\u001b`), so that an echoed value can neither break the line nor restyle it.
 */
export function printable(text: string): string {
  const escaped = text.replace(CONTROL_ALL, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
  });
  return escaped.replace(LONE_SURROGATE_ALL, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16)}`);
}
