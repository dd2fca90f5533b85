// Parses an expression into a tree (ast.ts): precedence climbing over JEXL's operator levels, lowest first —
//
//   c ? a : b, a ?: b       (right to left)
//   ||  or
//   &&  and
//   |
//   ^
//   &
//   ==  eq  !=  ne                                    (do not chain: `a == b == c` is an error, as in JEXL)
//   <  lt  <=  le  >  gt  >=  ge  =~  !~  =^  !^  =$  !$  (do not chain)
//   +  -
//   *  /  div  %  mod
//   -  !  not  ~  empty  size                         (prefix)
//   a.b  a[i]  a.m(args)                              (postfix)
//
// Operands: literals (numbers, strings, true, false, null, [arrays], {maps: …}), columns (`name`, `${Any Name}`),
// function calls `name(args)` and parenthesised expressions. Whether a function exists and takes that many
// arguments is the compiler's check (evaluate.ts), not the parser's.

import type { BinaryOperator, Node } from './ast.js';
import { CompileError, syntaxError } from './compile-error.js';
import { OPERATOR_WORDS, tokenize, type Token } from './lexer.js';

/** JEXL's reserved words plus Data Prep's `_errors`: a column of such a name must be written `${name}`. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'new', 'mod', 'or', 'break', 'var', 'lt', 'for', 'false', 'while', 'eq', 'gt', 'div', 'not', 'null', 'continue',
  'else', 'and', 'ne', 'true', 'le', 'if', 'ge', 'return', '_errors', 'do', 'function', 'empty', 'size',
]);

type LevelOperator = BinaryOperator | 'and' | 'or';

interface Level {
  operators: Readonly<Record<string, LevelOperator>>;
  /** Comparisons do not chain in JEXL: one operator at most at this level. */
  chains: boolean;
}

const LEVELS: readonly Level[] = [
  { operators: { '||': 'or', or: 'or' }, chains: true },
  { operators: { '&&': 'and', and: 'and' }, chains: true },
  { operators: { '|': 'bitwiseOr' }, chains: true },
  { operators: { '^': 'bitwiseXor' }, chains: true },
  { operators: { '&': 'bitwiseAnd' }, chains: true },
  { operators: { '==': 'equals', eq: 'equals', '!=': 'notEquals', ne: 'notEquals' }, chains: false },
  {
    operators: {
      '<': 'lessThan', lt: 'lessThan', '<=': 'lessThanOrEqual', le: 'lessThanOrEqual', '>': 'greaterThan', gt: 'greaterThan',
      '>=': 'greaterThanOrEqual', ge: 'greaterThanOrEqual', '=~': 'matches', '!~': 'notMatches', '=^': 'startsWith',
      '!^': 'notStartsWith', '=$': 'endsWith', '!$': 'notEndsWith',
    },
    chains: false,
  },
  { operators: { '+': 'add', '-': 'subtract' }, chains: true },
  { operators: { '*': 'multiply', '/': 'divide', div: 'divide', '%': 'mod', mod: 'mod' }, chains: true },
];

const PREFIX = { '-': 'negate', '!': 'not', not: 'not', '~': 'complement', empty: 'empty', size: 'size' } as const;

const LITERAL_WORDS: Readonly<Record<string, boolean | null>> = { true: true, false: false, null: null };

/** How a token reads in a message: `")"`, `"lower"`, `number 12`, `end of expression`. */
function show(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'end of expression';
    case 'name':
    case 'symbol':
      return JSON.stringify(token.text);
    case 'number':
      return `number ${token.value}`;
    case 'string':
      return `string ${JSON.stringify(token.value)}`;
    case 'quoted':
      return `column \${${token.path.join('.')}}`;
  }
}

export const reservedWordError = (word: string, position: number): CompileError =>
  new CompileError('reserved-word', `reserved word "${word}" must be written \${${word}} to name a column`, position);

class Parser {
  private readonly tokens: Token[];
  private at = 0;
  /** What the operand about to be parsed is, for "expected …" in an error. */
  private expected = 'an expression';

  constructor(text: string) {
    this.tokens = tokenize(text);
  }

  parseAll(): Node {
    const node = this.expression('an expression');
    if (this.peek().kind !== 'end') throw this.unexpected('an operator or the end of the expression');
    return node;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.at + offset, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (this.at < this.tokens.length - 1) this.at++;
    return token;
  }

  private isSymbol(text: string, token = this.peek()): boolean {
    return token.kind === 'symbol' && token.text === text;
  }

  private unexpected(expected: string, token = this.peek()): CompileError {
    return syntaxError(`unexpected ${show(token)}; expected ${expected}`, token.start);
  }

  /** Consumes `close` (`)`, `]`, `}`), or fails naming the bracket `opener` left open. */
  private close(close: string, opener: Token, between: string): void {
    if (this.isSymbol(close)) {
      this.next();
      return;
    }
    const open = opener.kind === 'symbol' ? opener.text : '(';
    if (this.peek().kind === 'end') throw syntaxError(`"${open}" is never closed; expected "${close}"`, opener.start);
    throw this.unexpected(`${between} or "${close}"`);
  }

  private expression(expected: string): Node {
    this.expected = expected;
    const test = this.level(0);
    const token = this.peek();
    if (this.isSymbol('?:', token)) {
      this.next();
      return { kind: 'conditional', test, then: undefined, otherwise: this.expression('a value after "?:"'), start: token.start };
    }
    if (!this.isSymbol('?', token)) return test;
    this.next();
    const then = this.expression('a value after "?"');
    if (!this.isSymbol(':')) throw this.unexpected('":" (a ? b : c)');
    this.next();
    return { kind: 'conditional', test, then, otherwise: this.expression('a value after ":"'), start: token.start };
  }

  /** The operator of `level` at the current token, if there is one. */
  private operatorAt(level: Level): LevelOperator | undefined {
    const token = this.peek();
    const key = token.kind === 'symbol' || (token.kind === 'name' && OPERATOR_WORDS.has(token.text)) ? token.text : undefined;
    return key !== undefined && Object.hasOwn(level.operators, key) ? level.operators[key] : undefined;
  }

  private level(index: number): Node {
    const level = LEVELS[index];
    if (!level) return this.unary();
    let left = this.level(index + 1);
    for (let count = 0; ; count++) {
      const operator = this.operatorAt(level);
      if (operator === undefined) return left;
      const token = this.next();
      if (!level.chains && count > 0) throw syntaxError(`unexpected ${show(token)}; comparisons do not chain (use parentheses, or && between two comparisons)`, token.start);
      this.expected = `an operand after ${show(token)}`;
      const right = this.level(index + 1);
      left =
        operator === 'and' || operator === 'or'
          ? { kind: 'logical', operator, left, right, start: token.start }
          : { kind: 'binary', operator, left, right, start: token.start };
    }
  }

  /** Whether `token` can begin an operand (for `size` and friends used as if they were column names). */
  private startsOperand(token: Token): boolean {
    if (token.kind === 'end') return false;
    if (token.kind === 'symbol') return ['(', '[', '{', '-', '!', '~'].includes(token.text);
    if (token.kind === 'name') return !OPERATOR_WORDS.has(token.text) || token.text === 'not' || token.text === 'empty' || token.text === 'size';
    return true;
  }

  private unary(): Node {
    const token = this.peek();
    const key = token.kind === 'symbol' || token.kind === 'name' ? token.text : '';
    if (!Object.hasOwn(PREFIX, key)) return this.postfix(this.primary());
    const operator = PREFIX[key as keyof typeof PREFIX];
    this.next();
    if (token.kind === 'name' && !this.startsOperand(this.peek())) throw reservedWordError(token.text, token.start);
    this.expected = `an operand after ${show(token)}`;
    return { kind: 'unary', operator, operand: this.unary(), start: token.start };
  }

  private postfix(node: Node): Node {
    for (;;) {
      const token = this.peek();
      if (this.isSymbol('.', token)) node = this.member(node);
      else if (this.isSymbol('[', token)) {
        this.next();
        const index = this.expression('an index');
        this.close(']', token, 'the rest of the index');
        node = { kind: 'index', object: node, index, start: token.start };
      } else return node;
    }
  }

  /** `.key`, `."key"`, `.${key}` (a path: `.${a.b}` is `.a.b`), or a method call `.name(args)`. */
  private member(object: Node): Node {
    this.next();
    const name = this.next();
    if (name.kind === 'string') return { kind: 'member', object, key: name.value, start: name.start };
    if (name.kind === 'quoted') return name.path.reduce<Node>((inner, key) => ({ kind: 'member', object: inner, key, start: name.start }), object);
    if (name.kind !== 'name') throw this.unexpected('a field or method name after "."', name);
    if (!this.isSymbol('(')) return { kind: 'member', object, key: name.text, start: name.start };
    return { kind: 'method', target: object, name: name.text, args: this.arguments(), start: name.start };
  }

  /** `(a, b, …)`, the current token being `(`. */
  private arguments(): Node[] {
    const open = this.next();
    return this.list(')', open, 'an argument', 'another argument', (expected) => this.expression(expected));
  }

  /** Items separated by commas up to `close`; `first` and `more` say what is expected, for errors. */
  private list<T>(close: string, open: Token, first: string, more: string, item: (expected: string) => T): T[] {
    const items: T[] = [];
    if (this.isSymbol(close)) {
      this.next();
      return items;
    }
    for (;;) {
      items.push(item(items.length === 0 ? first : more));
      if (!this.isSymbol(',')) break;
      this.next();
    }
    this.close(close, open, '","');
    return items;
  }

  private primary(): Node {
    const token = this.next();
    switch (token.kind) {
      case 'number':
        return { kind: 'literal', value: token.value, decimal: token.decimal, start: token.start };
      case 'string':
        return { kind: 'literal', value: token.value, decimal: false, start: token.start };
      case 'quoted':
        return quotedPath(token.path, token.start);
      case 'name':
        return this.named(token);
      case 'symbol':
        return this.bracketed(token);
      case 'end':
        throw this.unexpected(this.expected, token);
    }
  }

  /** A name as an operand: a literal word, a function call, or a column. */
  private named(token: Token & { kind: 'name' }): Node {
    if (Object.hasOwn(LITERAL_WORDS, token.text)) return { kind: 'literal', value: LITERAL_WORDS[token.text] as boolean | null, decimal: false, start: token.start };
    if (RESERVED_WORDS.has(token.text)) throw reservedWordError(token.text, token.start);
    if (this.isSymbol('(')) return { kind: 'call', name: token.text, args: this.arguments(), start: token.start };
    return { kind: 'column', name: token.text, start: token.start };
  }

  private bracketed(token: Token & { kind: 'symbol' }): Node {
    if (token.text === '(') {
      const inner = this.expression('an expression inside "("');
      this.close(')', token, 'an operator');
      return inner;
    }
    if (token.text === '[') {
      const items = this.list(']', token, 'an array element', 'another array element', (expected) => this.expression(expected));
      return { kind: 'array', items, start: token.start };
    }
    if (token.text === '{') return this.map(token);
    throw this.unexpected(this.expected, token);
  }

  /** `{key: value, …}`; `{}` and `{:}` are the empty map. Sets (`{a, b}`) are JEXL's but not Data Prep's values. */
  private map(open: Token): Node {
    if (this.isSymbol(':') && this.isSymbol('}', this.peek(1))) this.next();
    const entries = this.list('}', open, 'a map key', 'another map key', (expected) => {
      const key = this.expression(expected);
      if (!this.isSymbol(':')) throw this.unexpected('":" after the map key ({"key": value}; sets {a, b} are not supported)');
      this.next();
      return { key, value: this.expression('a map value') };
    });
    return { kind: 'map', entries, start: open.start };
  }
}

/** `${a.b.c}`: column `a`, then fields `b` and `c`. */
function quotedPath(path: readonly string[], start: number): Node {
  let node: Node = { kind: 'column', name: path[0] as string, start };
  for (const key of path.slice(1)) node = { kind: 'member', object: node, key, start };
  return node;
}

/** The tree of `text`. Throws CompileError (with a 0-based position) when it is not a valid expression. */
export function parse(text: string): Node {
  return new Parser(text).parseAll();
}
