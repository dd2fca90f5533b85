// The syntax of Data Prep expressions (JEXL plus `${…}` column quoting): literals, names and paths, operator
// precedence, methods, reserved words, and the compile errors — with their positions — for what is not valid.

import { describe, expect, it } from 'vitest';
import type { Node } from '../../src/emulator/expression/ast.js';
import { functionListing, indexFunctions } from '../../src/emulator/expression/catalog.js';
import { compileExpression, type ExpressionProblem } from '../../src/emulator/expression/expression.js';
import { operatorListing } from '../../src/emulator/expression/operators.js';
import { parse, RESERVED_WORDS } from '../../src/emulator/expression/parser.js';
import type { ExpressionFunction } from '../../src/emulator/expression/registry.js';

/** A tree as a compact S-expression: `(add 1 (multiply 2 3))`, columns as `@name`, fields as `.key`. */
function sexp(node: Node): string {
  switch (node.kind) {
    case 'literal':
      return typeof node.value === 'string' ? JSON.stringify(node.value) : `${String(node.value)}${node.decimal ? 'd' : ''}`;
    case 'array':
      return `[${node.items.map(sexp).join(' ')}]`;
    case 'map':
      return `{${node.entries.map((e) => `${sexp(e.key)}: ${sexp(e.value)}`).join(', ')}}`;
    case 'column':
      return `@${node.name}`;
    case 'member':
      return `${sexp(node.object)}.${node.key}`;
    case 'index':
      return `${sexp(node.object)}[${sexp(node.index)}]`;
    case 'call':
      return `${node.name}(${node.args.map(sexp).join(' ')})`;
    case 'method':
      return `${sexp(node.target)}->${node.name}(${node.args.map(sexp).join(' ')})`;
    case 'unary':
      return `(${node.operator} ${sexp(node.operand)})`;
    case 'binary':
    case 'logical':
      return `(${node.operator} ${sexp(node.left)} ${sexp(node.right)})`;
    case 'conditional':
      return node.then ? `(? ${sexp(node.test)} ${sexp(node.then)} ${sexp(node.otherwise)})` : `(?: ${sexp(node.test)} ${sexp(node.otherwise)})`;
  }
}

const tree = (text: string) => sexp(parse(text));

function problem(text: string): ExpressionProblem | undefined {
  const compiled = compileExpression(text);
  return compiled.ok ? undefined : compiled.problem;
}

describe('literals', () => {
  it('numbers: integers, decimals, hexadecimal, octal (leading 0, as in Java), exponents, type suffixes', () => {
    expect(tree('42')).toBe('42');
    expect(tree('1.5')).toBe('1.5d');
    expect(tree('2.0')).toBe('2d');
    expect(tree('.5')).toBe('0.5d');
    expect(tree('1e3')).toBe('1000d');
    expect(tree('0x1F')).toBe('31');
    expect(tree('017')).toBe('15');
    expect(tree('0')).toBe('0');
    expect(tree('12L')).toBe('12');
    expect(tree('1.5f')).toBe('1.5d');
  });

  it('strings in either quote, with JEXL escapes; an unknown escape keeps its backslash (for regexes)', () => {
    expect(parse(`"it's"`)).toMatchObject({ kind: 'literal', value: "it's" });
    expect(parse(`'say "hi"'`)).toMatchObject({ value: 'say "hi"' });
    expect(parse(String.raw`'x\'y'`)).toMatchObject({ value: "x'y" });
    expect(parse(String.raw`"a\"b"`)).toMatchObject({ value: 'a"b' });
    expect(parse(String.raw`"a\\b"`)).toMatchObject({ value: 'a\\b' });
    expect(parse(String.raw`"1\n2\t3"`)).toMatchObject({ value: '1\n2\t3' });
    expect(parse(String.raw`"\u0041"`)).toMatchObject({ value: 'A' });
    expect(parse(String.raw`'\|'`)).toMatchObject({ value: '\\|' });
    expect(parse(String.raw`'\"'`)).toMatchObject({ value: '\\"' });
    expect(parse('""')).toMatchObject({ value: '' });
  });

  it('true, false, null, arrays and maps', () => {
    expect(tree('true')).toBe('true');
    expect(tree('false')).toBe('false');
    expect(tree('null')).toBe('null');
    expect(tree('[1, "a", [null]]')).toBe('[1 "a" [null]]');
    expect(tree('[]')).toBe('[]');
    expect(tree('{"a": 1, "b": x + 1}')).toBe('{"a": 1, "b": (add @x 1)}');
    expect(tree('{}')).toBe('{}');
    expect(tree('{:}')).toBe('{}');
  });
});

describe('names', () => {
  it('identifiers: Unicode letters and digits, $ and _; case sensitive', () => {
    expect(tree('first_name')).toBe('@first_name');
    expect(tree('$id')).toBe('@$id');
    expect(tree('_x1')).toBe('@_x1');
    expect(tree('prénom')).toBe('@prénom');
    expect(tree('名前')).toBe('@名前');
    expect(tree('Name')).not.toBe(tree('name'));
  });

  it('${…} quotes any column name; an unescaped dot separates a path, \\. is a dot in a name', () => {
    expect(tree('${First Name}')).toBe('@First Name');
    expect(tree('${First\\.Name}')).toBe('@First.Name');
    expect(tree('${address.line 1}')).toBe('@address.line 1');
    expect(parse('${address.line 1}')).toMatchObject({ kind: 'member', key: 'line 1', object: { kind: 'column', name: 'address' } });
    expect(tree('${a\\}b}')).toBe('@a}b');
    expect(tree('${size}')).toBe('@size');
    expect(tree('${if}.${new}')).toBe('@if.new');
  });

  it('dot paths, indexes and quoted keys walk into a column', () => {
    expect(tree('name.firstName')).toBe('@name.firstName');
    expect(tree('a.b.c')).toBe('@a.b.c');
    expect(tree('tags[0]')).toBe('@tags[0]');
    expect(tree('m["k"]')).toBe('@m["k"]');
    expect(tree('a.0.1')).toBe('@a.0.1');
    expect(tree(`a.'x y'`)).toBe('@a.x y');
    expect(tree('a.size')).toBe('@a.size');
    expect(tree('a[i + 1].b')).toBe('@a[(add @i 1)].b');
    expect(tree('f(x).y')).toBe('f(@x).y');
  });

  it('calls and method calls', () => {
    expect(tree('lower(a)')).toBe('lower(@a)');
    expect(tree('concat(a, " ", b)')).toBe('concat(@a " " @b)');
    expect(tree('uuid()')).toBe('uuid()');
    expect(tree('"s".equalsIgnoreCase("S")')).toBe('"s"->equalsIgnoreCase("S")');
    expect(tree('x.equals(y)')).toBe('@x->equals(@y)');
    expect(tree('str_to_object(s, "-", ";").get("firstName")')).toBe('str_to_object(@s "-" ";")->get("firstName")');
    expect(tree('a.b.get(0).c')).toBe('@a.b->get(0).c');
  });
});

describe('operators', () => {
  it('every operator, symbol and word form', () => {
    const binary: [string, string][] = [
      ['+', 'add'], ['-', 'subtract'], ['*', 'multiply'], ['/', 'divide'], ['div', 'divide'], ['%', 'mod'], ['mod', 'mod'],
      ['&', 'bitwiseAnd'], ['|', 'bitwiseOr'], ['^', 'bitwiseXor'], ['==', 'equals'], ['eq', 'equals'], ['!=', 'notEquals'],
      ['ne', 'notEquals'], ['<', 'lessThan'], ['lt', 'lessThan'], ['<=', 'lessThanOrEqual'], ['le', 'lessThanOrEqual'],
      ['>', 'greaterThan'], ['gt', 'greaterThan'], ['>=', 'greaterThanOrEqual'], ['ge', 'greaterThanOrEqual'], ['=~', 'matches'],
      ['!~', 'notMatches'], ['=^', 'startsWith'], ['!^', 'notStartsWith'], ['=$', 'endsWith'], ['!$', 'notEndsWith'],
      ['&&', 'and'], ['and', 'and'], ['||', 'or'], ['or', 'or'],
    ];
    for (const [symbol, name] of binary) expect(tree(`a ${symbol} b`), symbol).toBe(`(${name} @a @b)`);
    const unary: [string, string][] = [['-', 'negate'], ['!', 'not'], ['not ', 'not'], ['~', 'complement'], ['empty ', 'empty'], ['size ', 'size']];
    for (const [symbol, name] of unary) expect(tree(`${symbol}a`), symbol).toBe(`(${name} @a)`);
    expect(tree('empty(a)')).toBe('(empty @a)');
    expect(tree('size(a)')).toBe('(size @a)');
    expect(tree('a ? b : c')).toBe('(? @a @b @c)');
    expect(tree('a ?: b')).toBe('(?: @a @b)');
  });

  it('precedence as JEXL: ternary < || < && < | < ^ < & < equality < relational < + - < * / % < unary < postfix', () => {
    expect(tree('1 + 2 * 3')).toBe('(add 1 (multiply 2 3))');
    expect(tree('(1 + 2) * 3')).toBe('(multiply (add 1 2) 3)');
    expect(tree('a - b - c')).toBe('(subtract (subtract @a @b) @c)');
    expect(tree('a / b * c % d')).toBe('(mod (multiply (divide @a @b) @c) @d)');
    expect(tree('a || b && c')).toBe('(or @a (and @b @c))');
    expect(tree('a and b or c')).toBe('(or (and @a @b) @c)');
    expect(tree('a | b ^ c & d')).toBe('(bitwiseOr @a (bitwiseXor @b (bitwiseAnd @c @d)))');
    expect(tree('a & b == c')).toBe('(bitwiseAnd @a (equals @b @c))');
    expect(tree('a == b < c')).toBe('(equals @a (lessThan @b @c))');
    expect(tree('a < b + c')).toBe('(lessThan @a (add @b @c))');
    expect(tree('a =~ b + c')).toBe('(matches @a (add @b @c))');
    expect(tree('a == 1 && b != 2')).toBe('(and (equals @a 1) (notEquals @b 2))');
    expect(tree('-a * b')).toBe('(multiply (negate @a) @b)');
    expect(tree('!a == b')).toBe('(equals (not @a) @b)');
    expect(tree('not a.b')).toBe('(not @a.b)');
    expect(tree('- -a')).toBe('(negate (negate @a))');
    expect(tree('a || b ? c : d')).toBe('(? (or @a @b) @c @d)');
    expect(tree('a ? b : c ? d : e')).toBe('(? @a @b (? @c @d @e))');
    expect(tree('a ? b ? c : d : e')).toBe('(? @a (? @b @c @d) @e)');
    expect(tree('a ?: b ?: c')).toBe('(?: @a (?: @b @c))');
    expect(tree('size(a) > 2')).toBe('(greaterThan (size @a) 2)');
    expect(tree('x.size + 1')).toBe('(add @x.size 1)');
  });

  it('a number right after an operator word is a number, after a name it is a member', () => {
    expect(tree('a div .5')).toBe('(divide @a 0.5d)');
    expect(tree('a.5')).toBe('@a.5');
  });

  it('comparisons do not chain, as in JEXL', () => {
    expect(problem('a < b < c')).toEqual({ kind: 'syntax', message: 'unexpected "<"; comparisons do not chain (use parentheses, or && between two comparisons)', position: 7 });
    expect(problem('a == b == c')).toMatchObject({ kind: 'syntax', position: 8 });
    expect(problem('(a < b) == true')).toBeUndefined();
  });
});

describe('reserved words', () => {
  it('cannot name a column unless written ${…}', () => {
    for (const word of ['new', 'var', 'for', 'while', 'if', 'else', 'break', 'continue', 'return', 'function', 'do', '_errors', 'div', 'mod', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'and', 'or']) {
      expect(problem(`lower(${word})`), word).toEqual({ kind: 'reserved-word', message: `reserved word "${word}" must be written \${${word}} to name a column`, position: 7 });
      expect(problem(`lower(\${${word}})`), word).toBeUndefined();
    }
  });

  it('empty, size and not are operators: alone they are reserved words', () => {
    expect(problem('size')).toEqual({ kind: 'reserved-word', message: 'reserved word "size" must be written ${size} to name a column', position: 1 });
    expect(problem('empty + 1')).toMatchObject({ kind: 'reserved-word', message: expect.stringContaining('"empty"') });
    expect(problem('a == not')).toMatchObject({ kind: 'reserved-word', position: 6 });
    expect(problem('size(tags)')).toBeUndefined();
    expect(problem('empty tags')).toBeUndefined();
  });

  it('true, false and null are literals, not columns; the list is the documented one', () => {
    expect(parse('true')).toMatchObject({ kind: 'literal', value: true });
    for (const word of 'new, mod, or, break, var, lt, for, false, while, eq, gt, div, not, null, continue, else, and, ne, true, le, if, ge, return, _errors'.split(', ')) {
      expect(RESERVED_WORDS.has(word), word).toBe(true);
    }
  });
});

describe('syntax errors say what was expected, and where (1-based)', () => {
  const cases: [string, Partial<ExpressionProblem>][] = [
    ['lower(a, )', { message: 'unexpected ")"; expected another argument', position: 10 }],
    ['lower(, a)', { message: 'unexpected ","; expected an argument', position: 7 }],
    ['(1 + 2', { message: '"(" is never closed; expected ")"', position: 1 }],
    ['lower(a', { message: '"(" is never closed; expected ")"', position: 6 }],
    ['[1, 2', { message: '"[" is never closed; expected "]"', position: 1 }],
    ['a[0', { message: '"[" is never closed; expected "]"', position: 2 }],
    ['{"a": 1', { message: '"{" is never closed; expected "}"', position: 1 }],
    ['lower(a b)', { message: 'unexpected "b"; expected "," or ")"', position: 9 }],
    ['"abc', { message: 'unterminated string: the " that opens it is never closed', position: 1 }],
    ["x + 'abc", { message: "unterminated string: the ' that opens it is never closed", position: 5 }],
    ['${First Name', { message: '"${" is never closed; expected "}" after the column name', position: 1 }],
    ['${}', { message: 'empty column name ${}', position: 1 }],
    ['${a..b}', { message: 'empty field name in the path ${a..…', position: 1 }],
    ['1 +', { message: 'unexpected end of expression; expected an operand after "+"', position: 4 }],
    ['', { message: 'unexpected end of expression; expected an expression', position: 1 }],
    ['a b', { message: 'unexpected "b"; expected an operator or the end of the expression', position: 3 }],
    ['a ? b', { message: 'unexpected end of expression; expected ":" (a ? b : c)', position: 6 }],
    ['a.', { message: 'unexpected end of expression; expected a field or method name after "."', position: 3 }],
    ['{"a", "b"}', { message: 'unexpected ","; expected ":" after the map key ({"key": value}; sets {a, b} are not supported)', position: 5 }],
    ['a # b', { message: 'unexpected character "#"', position: 3 }],
    ['a = b', { message: 'unexpected "="; an expression cannot assign (to compare, write ==)', position: 3 }],
    ['08', { message: '08 is not a number: a leading 0 makes an octal number (digits 0-7), as in Java', position: 1 }],
    ['12abc', { message: 'unexpected "a" right after the number 12', position: 3 }],
    [')', { message: 'unexpected ")"; expected an expression', position: 1 }],
    ['('.repeat(100_000) + '1' + ')'.repeat(100_000), { message: 'the expression is nested too deeply', position: 1 }],
  ];
  for (const [text, expected] of cases) {
    it(JSON.stringify(text.slice(0, 40)), () => expect(problem(text)).toEqual({ kind: 'syntax', ...expected }));
  }
});

describe('names are checked at compile time', () => {
  it('an unknown function, with the nearest known name', () => {
    expect(problem('lowr(a)')).toEqual({ kind: 'unknown-function', message: 'unknown function lowr(); did you mean lower()?', position: 1 });
    expect(problem('x + substring(a, 1, 2)')).toEqual({ kind: 'unknown-function', message: 'unknown function substring(); did you mean substr()?', position: 5 });
    expect(problem('frobnicate(a)')).toEqual({ kind: 'unknown-function', message: 'unknown function frobnicate()', position: 1 });
    expect(problem('equals("a", "b")')).toMatchObject({ kind: 'unknown-function', message: 'equals() is a method, not a function: write value.equals(other)' });
  });

  it('functions are found in any case and by alias', () => {
    for (const text of ['LOWER(a)', 'Lower(a)', 'lcase(a)', 'UCASE(a)', 'guid()']) expect(problem(text), text).toBeUndefined();
  });

  it('the number of arguments', () => {
    expect(problem('substr(a, 1)')).toEqual({ kind: 'arity', message: 'substr() takes 3 arguments, got 2', position: 1 });
    expect(problem('lower()')).toEqual({ kind: 'arity', message: 'lower() takes 1 argument, got 0', position: 1 });
    expect(problem('concat()')).toMatchObject({ message: 'concat() takes at least 1 argument, got 0' });
    expect(problem('instr("a", "b", 1, 1, 1)')).toMatchObject({ message: 'instr() takes 2 to 4 arguments, got 5' });
    expect(problem('uuid(1)')).toMatchObject({ message: 'uuid() takes no arguments, got 1' });
    expect(problem('a.equals()')).toEqual({ kind: 'arity', message: 'equals() takes 1 argument, got 0', position: 3 });
  });

  it('methods: equals, equalsIgnoreCase and get, case sensitive as Java', () => {
    expect(problem('a.equal(b)')).toEqual({ kind: 'unknown-method', message: 'unknown method equal(); did you mean equals()? (the methods are equals, equalsIgnoreCase, get)', position: 3 });
    expect(problem('a.equalsignorecase(b)')).toMatchObject({ kind: 'unknown-method', message: expect.stringContaining('did you mean equalsIgnoreCase()?') });
    expect(problem('a.lower()')).toMatchObject({ kind: 'unknown-method', message: 'lower() is a function, not a method: write lower(value, …)' });
    expect(problem('a.get("k").equals("v")')).toBeUndefined();
  });

  it('the columns an expression reads, each once', () => {
    const compiled = compileExpression('concat(first, " ", ${Last Name}, address.city, first, tags[i])');
    expect(compiled.ok && compiled.expression.columns).toEqual(['first', 'Last Name', 'address', 'tags', 'i']);
  });
});

describe('listings', () => {
  it('every listed operator example compiles, and every operator is listed', () => {
    const listing = operatorListing();
    for (const item of listing) {
      expect(Object.keys(item)).toEqual(['operatorSymbol', 'methodName', 'numberOfOperands', 'description', 'example']);
      expect(problem(item.example), item.example).toBeUndefined();
    }
    const symbols = new Set(listing.map((item) => item.operatorSymbol));
    for (const symbol of ['+', '-', '*', '/', 'div', '%', 'mod', '&', '|', '^', '~', '!', 'not', '==', 'eq', '!=', 'ne', '<', 'lt', '<=', 'le', '>', 'gt', '>=', 'ge', '=~', '!~', '=^', '!^', '=$', '!$', '&&', 'and', '||', 'or', '? :', '?:', 'empty', 'size']) {
      expect(symbols.has(symbol), symbol).toBe(true);
    }
    expect(listing[0]).toEqual({ operatorSymbol: '+', methodName: 'add', numberOfOperands: 2, description: 'Simple arithmetic addition', example: '1 + 2' });
  });

  it('every function and alias is listed in the documented shape; equals and equalsIgnoreCase as String functions', () => {
    const listing = functionListing();
    const names = listing.map((item) => item.function);
    expect(new Set(names).size).toBe(names.length);
    for (const name of ['lower', 'lcase', 'concat', 'equals', 'equalsIgnoreCase', 'iif', 'uuid', 'guid']) expect(names, name).toContain(name);
    const lcase = listing.find((item) => item.function === 'lcase');
    expect(lcase).toMatchObject({ category: 'String', syntax: 'lcase(INPUT)', example: 'lcase("HeLLo")', since: 1 });
    expect(listing.find((item) => item.function === 'equalsIgnoreCase')).toMatchObject({ category: 'String', syntax: 'STRING1.equalsIgnoreCase(STRING2)', result: 'true' });
    const concat = listing.find((item) => item.function === 'concat');
    expect(concat?.params[0]).toEqual({ name: 'STRING', description: 'The strings that will be concatenated.', type: 'string', dataType: '[Ljava.lang.String;', position: 1 });
    for (const item of listing) {
      expect(Object.keys(item), item.function).toEqual(['category', 'function', 'description', 'syntax', 'returns', 'returnType', 'example', 'result', 'params', 'since']);
    }
  });

  it('refuses two functions of one name, aliases included', () => {
    const fn = (name: string, aliases?: string[]): ExpressionFunction => ({
      name,
      ...(aliases && { aliases }),
      category: 'String',
      description: '',
      syntax: '',
      params: [],
      minArgs: 0,
      maxArgs: 0,
      example: '',
      result: '',
      call: () => null,
    });
    expect(() => indexFunctions([fn('a'), fn('b')])).not.toThrow();
    expect(() => indexFunctions([fn('lower', ['lcase']), fn('LCASE')])).toThrow('Two expression functions are named lcase(): lower (String) and LCASE (String)');
  });
});
