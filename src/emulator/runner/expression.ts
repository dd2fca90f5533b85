// The subset of Data Prep expressions (`sourceType: EXPRESSION`) the emulator evaluates. Pure.
//
//   expression := call | column | string
//   call       := lower(expression) | upper(expression) | trim(expression) | concat(expression, …)
//   column     := a column name (letters, digits, _ and $; not starting with a digit)
//   string     := "text" or 'text' (a backslash escapes the next character)
//
// Function names are case-insensitive. A NULL column makes lower/upper/trim NULL (the field is left out);
// concat skips NULL arguments and is NULL only when all of them are. Anything else — other functions,
// numbers, operators — is refused with a message naming what is supported; such a mapping fails every row.

export type Expression =
  | { kind: 'column'; name: string }
  | { kind: 'string'; value: string }
  | { kind: 'call'; fn: 'lower' | 'upper' | 'trim' | 'concat'; args: Expression[] };

export const SUPPORTED_EXPRESSIONS = 'lower(col), upper(col), trim(col), concat(a, " ", b) with column names and string literals';

const FUNCTIONS = { lower: 1, upper: 1, trim: 1, concat: Infinity } as const;

export class ExpressionError extends Error {
  constructor(expression: string, detail: string) {
    super(`The expression ${JSON.stringify(expression)} is not supported by the emulator (${detail}); it evaluates ${SUPPORTED_EXPRESSIONS}`);
    this.name = 'ExpressionError';
  }
}

/** Parses `text`; throws ExpressionError for anything outside the subset. */
export function parseExpression(text: string): Expression {
  let i = 0;
  const fail = (detail: string): never => {
    throw new ExpressionError(text, detail);
  };
  const space = () => {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
  };
  const identifier = (): string | undefined => {
    const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(text.slice(i));
    if (!m) return undefined;
    i += m[0].length;
    return m[0];
  };
  const literal = (): string => {
    const quote = text[i] as string;
    i++;
    let value = '';
    while (i < text.length && text[i] !== quote) {
      if (text[i] === '\\' && i + 1 < text.length) i++;
      value += text[i];
      i++;
    }
    if (i >= text.length) fail('unterminated string');
    i++;
    return value;
  };
  const expression = (): Expression => {
    space();
    const c = text[i];
    if (c === '"' || c === "'") return { kind: 'string', value: literal() };
    const start = i;
    const name = identifier();
    if (name === undefined) return fail(c === undefined ? 'it ends too early' : `unexpected ${JSON.stringify(c)} at position ${i + 1}`);
    space();
    if (text[i] !== '(') return { kind: 'column', name };
    const fn = name.toLowerCase();
    if (!(fn in FUNCTIONS)) return fail(`unknown function ${name}() at position ${start + 1}`);
    i++;
    const args: Expression[] = [];
    space();
    if (text[i] === ')') i++;
    else {
      for (;;) {
        args.push(expression());
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ')') {
          i++;
          break;
        }
        fail(text[i] === undefined ? `${name}( is not closed` : `unexpected ${JSON.stringify(text[i])} at position ${i + 1}`);
      }
    }
    const arity = FUNCTIONS[fn as keyof typeof FUNCTIONS];
    if (arity === 1 && args.length !== 1) fail(`${fn}() takes one argument, got ${args.length}`);
    if (args.length === 0) fail(`${fn}() needs at least one argument`);
    return { kind: 'call', fn: fn as keyof typeof FUNCTIONS, args };
  };
  const result = expression();
  space();
  if (i < text.length) fail(`unexpected ${JSON.stringify(text[i])} at position ${i + 1}`);
  return result;
}

/** The columns an expression reads. */
export function expressionColumns(expression: Expression): string[] {
  if (expression.kind === 'column') return [expression.name];
  if (expression.kind === 'string') return [];
  return expression.args.flatMap(expressionColumns);
}

function text(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

/** The value of `expression` for a row; `column` reads a column (undefined when the row has none). */
export function evaluate(expression: Expression, column: (name: string) => unknown): string | null {
  switch (expression.kind) {
    case 'string':
      return expression.value;
    case 'column': {
      const value = column(expression.name);
      return value === null || value === undefined ? null : text(value);
    }
    case 'call': {
      const values = expression.args.map((a) => evaluate(a, column));
      if (expression.fn === 'concat') return values.every((v) => v === null) ? null : values.filter((v) => v !== null).join('');
      const [value] = values;
      if (value === null || value === undefined) return null;
      return expression.fn === 'lower' ? value.toLowerCase() : expression.fn === 'upper' ? value.toUpperCase() : value.trim();
    }
  }
}
