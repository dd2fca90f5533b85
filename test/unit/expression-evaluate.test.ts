// Evaluating Data Prep expressions against rows: columns and paths into JSON columns, missing columns, JEXL's
// operators with null, numbers and text, row values (Date, bigint, binary), methods, and calls into the catalog.

import { describe, expect, it } from 'vitest';
import { compileExpression, type EvaluationResult } from '../../src/emulator/expression/expression.js';
import { rowHasPath } from '../../src/emulator/expression/paths.js';
import type { EvaluationContext } from '../../src/emulator/expression/registry.js';
import { DateTime, EvaluationError, fromRowValue, toFieldValue } from '../../src/emulator/expression/values.js';

const NOW = new DateTime(Date.UTC(2024, 4, 1, 10, 0, 0), 'UTC');

const contextFor = (row: Record<string, unknown>): EvaluationContext => ({
  now: () => NOW,
  uuid: () => '7c0267d2-bb74-4e1a-9275-3bf4fccda5f4',
  hasPath: (path) => rowHasPath(row, path),
});

function result(text: string, row: Record<string, unknown> = {}): EvaluationResult {
  const compiled = compileExpression(text);
  if (!compiled.ok) throw new Error(`${text}: ${compiled.problem.message}`);
  return compiled.expression.evaluate(row, contextFor(row));
}

const value = (text: string, row: Record<string, unknown> = {}) => result(text, row).value;

describe('columns', () => {
  const row = { first: 'Ada', Last: 'Lovelace', 'First Name': 'Ada L.', 'a.b': 'dotted', n: 7, none: null };

  it('are read by their exact name', () => {
    expect(value('first', row)).toBe('Ada');
    expect(value('Last', row)).toBe('Lovelace');
    expect(value('${First Name}', row)).toBe('Ada L.');
    expect(value('${a\\.b}', row)).toBe('dotted');
    expect(value('n', row)).toBe(7);
    expect(result('none', row)).toEqual({ value: null });
  });

  it('a column the row does not have is reported as missing: the first one read', () => {
    expect(result('last', row)).toEqual({ value: null, missing: 'last' });
    expect(result('first + nope + nada', row)).toEqual({ value: 'Ada', missing: 'nope' });
    expect(result('${a.b}', row)).toEqual({ value: null, missing: 'a' });
  });

  it('only columns actually read count: an untaken branch does not', () => {
    expect(result('n > 1 ? first : nope', row)).toEqual({ value: 'Ada' });
    expect(result('false && nope', row)).toEqual({ value: false });
    expect(result('first ?: nope', row)).toEqual({ value: 'Ada' });
    expect(result('n < 1 ? first : nope', row)).toEqual({ value: null, missing: 'nope' });
  });

  it('a missing column wins over the error its null then causes', () => {
    expect(result('nope * 2 + "x" * 2', row)).toEqual({ value: null, missing: 'nope' });
  });
});

describe('paths into JSON columns', () => {
  const person = { name: { firstName: 'John', tags: ['a', 'b'] }, 'x.y': 1 };
  const rows = [{ person }, { person: JSON.stringify(person) }];

  it('walk into objects and arrays, parsed or as JSON text', () => {
    for (const row of rows) {
      expect(value('person.name.firstName', row)).toBe('John');
      expect(value('person["name"].tags[1]', row)).toBe('b');
      expect(value('person.name.tags.0', row)).toBe('a');
      expect(value('${person.name.firstName}', row)).toBe('John');
      expect(value('person.${x\\.y}', row)).toBe(1);
      expect(value('person.name', row)).toEqual({ firstName: 'John', tags: ['a', 'b'] });
    }
  });

  it('a missing nested key is null, not a missing column', () => {
    for (const row of rows) {
      expect(result('person.name.middleName', row)).toEqual({ value: null });
      expect(result('person.name.tags[5]', row)).toEqual({ value: null });
      expect(result('person.name.firstName.length', row)).toEqual({ value: null });
    }
    expect(result('plain.x', { plain: 'not json' })).toEqual({ value: null });
  });

  it('computed keys and paths into computed values', () => {
    const row = { person, i: 1, key: 'name' };
    expect(value('person.name.tags[i]', row)).toBe('b');
    expect(value('person[key].firstName', row)).toBe('John');
    expect(value('[10, 20, 30][i + 1]', row)).toBe(30);
    expect(value('{"a": {"b": 2}}.a.b', row)).toBe(2);
    expect(value('person.name.tags[null]', row)).toBeNull();
  });
});

describe('row values become the value model', () => {
  it('Date is its ISO text, as a table preview shows it (so preview and run agree); bigint a number when safe, else its text; binary base64', () => {
    const at = new Date('2024-05-01T10:00:00.000Z');
    expect(value('t', { t: at })).toBe('2024-05-01T10:00:00.000Z');
    expect(value('date_part("year", t)', { t: at })).toBe(2024);
    expect(value('b', { b: 42n })).toBe(42);
    expect(value('b', { b: 12345678901234567890n })).toBe('12345678901234567890');
    expect(value('b + 1', { b: 41n })).toBe(42);
    expect(value('bin', { bin: Buffer.from('hi') })).toBe('aGk=');
    expect(value('j.at', { j: { at, n: [1n] } })).toBe('2024-05-01T10:00:00.000Z');
    expect(value('t1 < t2', { t1: new Date(1), t2: new Date(2) })).toBe(true);
    expect(value('t1 == t2', { t1: new Date(5), t2: new Date(5) })).toBe(true);
  });

  it('fromRowValue and toFieldValue convert both ways, inside arrays and objects', () => {
    const at = new Date('2024-05-01T10:00:00.000Z');
    expect(fromRowValue({ a: [at, 1n, undefined], d: new Date(Number.NaN) })).toEqual({ a: ['2024-05-01T10:00:00.000Z', 1, null], d: null });
    expect(toFieldValue({ a: [new DateTime(at.getTime(), 'Europe/Paris')], s: 'x' })).toEqual({ a: [at], s: 'x' });
    expect(toFieldValue(new DateTime(0))).toEqual(new Date(0));
    expect(toFieldValue(null)).toBeNull();
  });
});

describe('null', () => {
  it('== and != : null equals only null', () => {
    expect(value('null == null')).toBe(true);
    expect(value('x == null', { x: null })).toBe(true);
    expect(value('x == null', { x: '' })).toBe(false);
    expect(value('x != null', { x: 0 })).toBe(true);
  });

  it('arithmetic: one null is 0 (or "" beside a string), two nulls give null', () => {
    expect(value('s + x', { s: 'a', x: null })).toBe('a');
    expect(value('x + s', { s: 'a', x: null })).toBe('a');
    expect(value('n + x', { n: 5, x: null })).toBe(5);
    expect(value('x * 3', { x: null })).toBe(0);
    expect(value('x + y', { x: null, y: null })).toBeNull();
    expect(value('-x', { x: null })).toBeNull();
    expect(value('~x', { x: null })).toBeNull();
  });

  it('comparisons with null are false; null <= null holds; !null is true', () => {
    expect(value('x < 1', { x: null })).toBe(false);
    expect(value('x > 1', { x: null })).toBe(false);
    expect(value('x >= 1', { x: null })).toBe(false);
    expect(value('null <= null')).toBe(true);
    expect(value('!x', { x: null })).toBe(true);
    expect(value('x =~ "a.*"', { x: null })).toBe(false);
    expect(value('x =^ "a"', { x: null })).toBe(false);
    expect(value('empty(x)', { x: null })).toBe(true);
    expect(value('size(x)', { x: null })).toBe(0);
  });
});

describe('arithmetic', () => {
  it('+ adds numbers, and concatenates when either side is a string', () => {
    expect(value('1 + 2')).toBe(3);
    expect(value('"1" + 2')).toBe('12');
    expect(value('1 + 2 + "x"')).toBe('3x');
    expect(value('first + " " + last', { first: 'Ada', last: 'Lovelace' })).toBe('Ada Lovelace');
    expect(value('"n=" + [1, 2]')).toBe('n=[1,2]');
    expect(value('true + 1')).toBe(2);
  });

  it('numeric text is a number for - * / %', () => {
    expect(value('"3" * "4"')).toBe(12);
    expect(value('price - 0.5', { price: '2.5' })).toBe(2);
    expect(value('-x', { x: '3' })).toBe(-3);
  });

  it('two whole numbers divide as Java integers; a decimal operand divides exactly', () => {
    expect(value('7 / 2')).toBe(3);
    expect(value('-7 / 2')).toBe(-3);
    expect(value('7 div 2')).toBe(3);
    expect(value('7 / 2.0')).toBe(3.5);
    expect(value('7 / -2.0')).toBe(-3.5);
    expect(value('x / 2', { x: '7.5' })).toBe(3.75);
    expect(value('x / 2', { x: 7.5 })).toBe(3.75);
    expect(value('7 % 3')).toBe(1);
    expect(value('-7 mod 3')).toBe(-1);
    expect(value('1 - 2 * 3')).toBe(-5);
  });

  it('bitwise operators on 64-bit integers', () => {
    expect(value('5 & 3')).toBe(1);
    expect(value('5 | 3')).toBe(7);
    expect(value('5 ^ 3')).toBe(6);
    expect(value('~5')).toBe(-6);
    expect(value('~44')).toBe(-45);
    expect(value('0x100000000 | 1')).toBe(4294967297);
  });

  it('what is not a number fails the row, naming the expression', () => {
    expect(() => value('"a" * 2')).toThrow(EvaluationError);
    expect(() => value('"a" * 2')).toThrow('"\\"a\\" * 2": "a" is not a number (operator *)');
    expect(() => value('x / 0', { x: 1 })).toThrow('"x / 0": division by zero');
    expect(() => value('5 % 0')).toThrow('modulo by zero');
    expect(() => value('t - 1', { t: new Date(0) })).toThrow('"t - 1": "1970-01-01T00:00:00.000Z" is not a number (operator -)');
    expect(() => value('now() - 1')).toThrow(/the date .* is not a number \(operator -\)/);
  });
});

describe('comparison and matching', () => {
  it('numbers compare numerically, with numeric text too; other text by code units', () => {
    expect(value('"10" == 10')).toBe(true);
    expect(value('10 eq 10.0')).toBe(true);
    expect(value('"abc" == 1')).toBe(false);
    expect(value('"10" < 9')).toBe(false);
    expect(value('"10" < "9"')).toBe(true);
    expect(value('"b" > "a"')).toBe(true);
    expect(value('"B" < "a"')).toBe(true);
    expect(value('2 ge 2 && 1 le 2 && 3 gt 2 && 1 lt 2 && 1 ne 2')).toBe(true);
    expect(() => value('"abc" < 1')).toThrow('cannot compare "abc" with 1 (operator <)');
  });

  it('a boolean compares truth values (JEXL); arrays and objects element by element', () => {
    expect(value('"false" == false')).toBe(true);
    expect(value('1 == true')).toBe(true);
    expect(value('[1, "a"] == [1, "a"]')).toBe(true);
    expect(value('[1] == ["1"]')).toBe(false);
    expect(value('{"a": 1} == {"a": 1}')).toBe(true);
  });

  it('=~ matches a whole regular expression, or is in an array, or is a key of an object', () => {
    expect(value('email =~ ".*@adobe\\\\.com"', { email: 'a@adobe.com' })).toBe(true);
    expect(value('email =~ ".*@adobe\\\\.com"', { email: 'a@adobe.com.evil' })).toBe(false);
    expect(value('"ADA" =~ "(?i)ada"')).toBe(true);
    expect(value('"Ada" =~ "\\\\p{Lu}\\\\p{Ll}+"')).toBe(true);
    expect(value('"US" =~ ["US", "CA"]')).toBe(true);
    expect(value('"MX" !~ ["US", "CA"]')).toBe(true);
    expect(value('2 =~ [1, "2"]')).toBe(true);
    expect(value('"a" =~ {"a": 1}')).toBe(true);
    expect(() => value('"a" =~ "(unclosed"')).toThrow(/invalid regular expression "\(unclosed"/);
  });

  it('starts and ends with', () => {
    expect(value('"+1 555" =^ "+1"')).toBe(true);
    expect(value('"+1 555" !^ "+1"')).toBe(false);
    expect(value('"a@b.com" =$ ".com"')).toBe(true);
    expect(value('"a@b.com" !$ ".org"')).toBe(true);
    expect(value('12345 =^ 12')).toBe(true);
  });
});

describe('logic', () => {
  it('&& and || give booleans, by JEXL truth', () => {
    expect(value('"a" && 1')).toBe(true);
    expect(value('"" || 0')).toBe(false);
    expect(value('"false" or null')).toBe(false);
    expect(value('[] and {}')).toBe(true);
    expect(value('not 0')).toBe(true);
  });

  it('ternary and elvis', () => {
    expect(value('age >= 18 ? "adult" : "minor"', { age: 20 })).toBe('adult');
    expect(value('age >= 18 ? "adult" : "minor"', { age: '9' })).toBe('minor');
    expect(value('nick ?: first', { nick: '', first: 'Ada' })).toBe('Ada');
    expect(value('nick ?: first', { nick: 'A', first: 'Ada' })).toBe('A');
    expect(value('0 ?: 5')).toBe(5);
  });

  it('empty and size', () => {
    expect(value('empty("")')).toBe(true);
    expect(value('empty([])')).toBe(true);
    expect(value('empty({})')).toBe(true);
    expect(value('empty(0)')).toBe(true);
    expect(value('empty("a")')).toBe(false);
    expect(value('size("héllo")')).toBe(5);
    expect(value('size([1, 2, 3])')).toBe(3);
    expect(value('size({"a": 1})')).toBe(1);
    expect(value('size(tags) > 1', { tags: ['a', 'b'] })).toBe(true);
  });
});

describe('methods', () => {
  it('equals is case sensitive, equalsIgnoreCase is not (the documented examples)', () => {
    expect(value('"string1".equals("STRING1")')).toBe(false);
    expect(value('"string1".equals("string1")')).toBe(true);
    expect(value('"s".equalsIgnoreCase("S")')).toBe(true);
    expect(value('"string1".equalsIgnoreCase("STRING1")')).toBe(true);
    expect(value('"straße".equalsIgnoreCase("STRASSE")')).toBe(false);
  });

  it('are null-safe: a null target equals nothing', () => {
    expect(value('x.equals("a")', { x: null })).toBe(false);
    expect(value('x.equals(null)', { x: null })).toBe(false);
    expect(value('x.equalsIgnoreCase("a")', { x: null })).toBe(false);
    expect(value('"a".equalsIgnoreCase(x)', { x: null })).toBe(false);
    expect(value('x.get("k")', { x: null })).toBeNull();
  });

  it('equals compares type and value as Java does; equalsIgnoreCase needs a string', () => {
    expect(value('n.equals(7)', { n: 7 })).toBe(true);
    expect(value('n.equals("7")', { n: 7 })).toBe(false);
    expect(() => value('n.equalsIgnoreCase("7")', { n: 7 })).toThrow('equalsIgnoreCase() is a string method, and 7 is not a string');
  });

  it('get reads a key of an object, an index of an array, JSON text too', () => {
    expect(value('m.get("k")', { m: { k: 'v' } })).toBe('v');
    expect(value('m.get("k")', { m: '{"k": "v"}' })).toBe('v');
    expect(value('m.get("nope")', { m: { k: 'v' } })).toBeNull();
    expect(value('a.get(1)', { a: ['x', 'y'] })).toBe('y');
    expect(() => value('"abc".get(0)')).toThrow('get() needs an object or an array, got "abc"');
  });
});

describe('calls into the catalog', () => {
  it('evaluates the documented examples', () => {
    expect(value('iif("s".equalsIgnoreCase("S"), "True", "False")')).toBe('True');
    expect(value('str_to_object("firstName - John ; lastName - ; phone - 123 456 7890", "-", ";").get("firstName")')).toBe('John');
    expect(value('size_of([1, 2, 3, 4])')).toBe(4);
    expect(value('concat("Hi, ", "there", "!")')).toBe('Hi, there!');
    expect(value('LCASE(${First Name}) + "!"', { 'First Name': 'ADA' })).toBe('ada!');
  });

  it('gives functions the context: the row for contains_key, the run for now()', () => {
    expect(value('contains_key("a.b")', { a: '{"b": null}' })).toBe(true);
    expect(value('contains_key("a.c")', { a: '{"b": null}' })).toBe(false);
    expect(value('now()')).toEqual(NOW);
  });

  it("a function's EvaluationError fails the row, naming the expression", () => {
    expect(() => value('substr("abc", "x", 1)')).toThrow(EvaluationError);
    expect(() => value('substr("abc", "x", 1)')).toThrow(/^"substr\(\\"abc\\", \\"x\\", 1\)": /);
  });
});

describe('compiled once, evaluated per row', () => {
  it('keeps no state between rows', () => {
    const compiled = compileExpression('concat(first, "-", [n][0] + 1)');
    if (!compiled.ok) throw new Error(compiled.problem.message);
    const rows = [{ first: 'a', n: 1 }, { first: 'b', n: 2 }, { n: 3 }];
    expect(rows.map((row) => compiled.expression.evaluate(row, contextFor(row)))).toEqual([{ value: 'a-2' }, { value: 'b-3' }, { value: '-4', missing: 'first' }]);
  });
});
