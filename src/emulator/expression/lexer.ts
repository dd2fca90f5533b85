// The tokens of a Data Prep expression. The language is Apache Commons JEXL's, plus Data Prep's `${…}` quoting
// of column names; the token rules follow JEXL's grammar (Parser.jjt):
//
//   names      Unicode letters, digits, `$` and `_`, not starting with a digit (`first_name`, `$id`, `prénom`);
//              after a `.`, any run of letters and digits (`a.0`, `a.size`) — JEXL reads member names there —
//              or a quoted name (`a.${line 1}`, `a."line 1"`)
//   ${…}       a column name that is not an identifier: `${First Name}`; an unescaped `.` separates the
//              segments of a path (`${address.line 1}`), `\.` is a dot inside a name (`${First\.Name}`)
//   numbers    `12`, `0x1F`, `017` (a leading 0 is octal, as in Java and JEXL), `1.5`, `.5`, `1e3`; JEXL's type
//              suffixes (`12L`, `1.5f`, `2d`) are accepted and ignored
//   strings    '…' or "…"; `\\`, `\'`/`\"` (the quote that delimits), `\n \t \r \b \f`, `\uXXXX`; any other
//              backslash stays in the string (`'\|'` is two characters, which regular expressions need)
//   symbols    `( ) [ ] { } , . : ? ?: || && | ^ & == != =~ !~ =^ !^ =$ !$ < <= > >= + - * / % ! ~`

import { syntaxError } from './compile-error.js';

export type Token =
  | { kind: 'number'; value: number; decimal: boolean; start: number }
  | { kind: 'string'; value: string; start: number }
  | { kind: 'name'; text: string; start: number }
  | { kind: 'quoted'; path: string[]; start: number }
  | { kind: 'symbol'; text: string; start: number }
  | { kind: 'end'; start: number };

/** Longest first, so that `<=` is not read as `<` then `=`. */
const SYMBOLS = ['?:', '||', '&&', '==', '!=', '=~', '!~', '=^', '!^', '=$', '!$', '<=', '>=', ...'()[]{},.:?|^&<>+-*/%!~'];

/** The words that are operators: a `.5` after them is a number, not a member access. */
export const OPERATOR_WORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'div', 'mod', 'empty', 'size']);

const IDENTIFIER = /[\p{L}\p{Nl}$_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}$]*/uy;
const MEMBER_NAME = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}$]+/uy;
const HEX = /0[xX]([0-9a-fA-F]+)[lLhH]?/y;
const DECIMAL = /(\d+\.\d+(?:[eE][+-]?\d+)?|\d+\.?[eE][+-]?\d+|\.\d+(?:[eE][+-]?\d+)?)[fFdDbB]?|(\d+)[fFdDbB]/y;
const INTEGER = /(\d+)[lLhH]?/y;
const NAME_CHAR = /[\p{L}\p{Nd}$_]/u;
const SIMPLE_ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '\\': '\\' };

/** Reads `pattern` at `at`; the match or undefined. */
function matchAt(pattern: RegExp, text: string, at: number): RegExpExecArray | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text) ?? undefined;
}

function readNumber(text: string, start: number): { token: Token; end: number } | undefined {
  const hex = matchAt(HEX, text, start);
  const decimal = hex ? undefined : matchAt(DECIMAL, text, start);
  const integer = hex || decimal ? undefined : matchAt(INTEGER, text, start);
  const match = hex ?? decimal ?? integer;
  if (!match) return undefined;
  let value: number;
  if (hex) value = parseInt(hex[1] as string, 16);
  else if (decimal) value = Number(decimal[1] ?? decimal[2]);
  else {
    const digits = (integer as RegExpExecArray)[1] as string;
    if (digits.length > 1 && digits.startsWith('0')) {
      if (/[89]/.test(digits)) throw syntaxError(`${digits} is not a number: a leading 0 makes an octal number (digits 0-7), as in Java`, start);
      value = parseInt(digits, 8);
    } else value = Number(digits);
  }
  const end = start + match[0].length;
  if (end < text.length && NAME_CHAR.test(text[end] as string)) throw syntaxError(`unexpected "${text[end]}" right after the number ${match[0]}`, end);
  return { token: { kind: 'number', value, decimal: decimal !== undefined, start }, end };
}

function readString(text: string, start: number): { token: Token; end: number } {
  const quote = text[start] as string;
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i] as string;
    if (c === quote) return { token: { kind: 'string', value, start }, end: i + 1 };
    if (c !== '\\' || i + 1 >= text.length) {
      value += c;
      continue;
    }
    const next = text[++i] as string;
    const unicode = next === 'u' ? /^[0-9a-fA-F]{4}/.exec(text.slice(i + 1, i + 5)) : null;
    if (unicode) {
      value += String.fromCharCode(parseInt(unicode[0], 16));
      i += 4;
    } else if (next === quote) value += quote;
    else value += SIMPLE_ESCAPES[next] ?? `\\${next}`;
  }
  throw syntaxError(`unterminated string: the ${quote} that opens it is never closed`, start);
}

/** `${…}`: the path segments; `\` takes the next character as it is (`\.`, `\}`, `\\`). */
function readQuotedName(text: string, start: number): { token: Token; end: number } {
  const path: string[] = [];
  let segment = '';
  for (let i = start + 2; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\' && i + 1 < text.length) segment += text[++i];
    else if (c === '.' || c === '}') {
      if (segment === '') throw syntaxError(c === '}' && path.length === 0 ? 'empty column name ${}' : `empty field name in the path ${text.slice(start, i + 1)}…`, start);
      path.push(segment);
      segment = '';
      if (c === '}') return { token: { kind: 'quoted', path, start }, end: i + 1 };
    } else segment += c;
  }
  throw syntaxError('"${" is never closed; expected "}" after the column name', start);
}

/** After a `.`: a member name (digits allowed first), or nothing (the parser reports it). */
function readMemberName(text: string, start: number): { token: Token; end: number } | undefined {
  const match = matchAt(MEMBER_NAME, text, start);
  return match ? { token: { kind: 'name', text: match[0], start }, end: start + match[0].length } : undefined;
}

/** Whether a token ends an operand, so that a following `.` is member access rather than the start of `.5`. */
function endsOperand(token: Token | undefined): boolean {
  if (!token) return false;
  if (token.kind === 'symbol') return token.text === ')' || token.text === ']' || token.text === '}';
  if (token.kind === 'name') return !OPERATOR_WORDS.has(token.text);
  return token.kind !== 'end';
}

function readToken(text: string, at: number, previous: Token | undefined): { token: Token; end: number } {
  const c = text[at] as string;
  if (c === '$' && text[at + 1] === '{') return readQuotedName(text, at);
  if (previous?.kind === 'symbol' && previous.text === '.') {
    const member = readMemberName(text, at);
    if (member) return member;
  }
  if (c === '"' || c === "'") return readString(text, at);
  if (/\d/.test(c) || (c === '.' && /\d/.test(text[at + 1] ?? '') && !endsOperand(previous))) {
    const number = readNumber(text, at);
    if (number) return number;
  }
  const identifier = matchAt(IDENTIFIER, text, at);
  if (identifier) return { token: { kind: 'name', text: identifier[0], start: at }, end: at + identifier[0].length };
  const symbol = SYMBOLS.find((s) => text.startsWith(s, at));
  if (symbol) return { token: { kind: 'symbol', text: symbol, start: at }, end: at + symbol.length };
  if (c === '=') throw syntaxError('unexpected "="; an expression cannot assign (to compare, write ==)', at);
  throw syntaxError(`unexpected character ${JSON.stringify(c)}`, at);
}

/** The tokens of `text`, ending with an `end` token. Throws CompileError for a character that starts no token. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  for (;;) {
    while (at < text.length && /\s/.test(text[at] as string)) at++;
    if (at >= text.length) break;
    const { token, end } = readToken(text, at, tokens[tokens.length - 1]);
    tokens.push(token);
    at = end;
  }
  tokens.push({ kind: 'end', start: text.length });
  return tokens;
}
