// The Data Prep functions of the hierarchy (objects, arrays, maps), logical, aggregation and type conversion
// categories: every documented example with its documented output, then nulls, errors and edge cases.
// The functions are called directly, with evaluated arguments, as the evaluator calls them.

import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../src/emulator/expression/expression.js';
import { aggregationFunctions } from '../../src/emulator/expression/functions/aggregation.js';
import { arrayFunctions } from '../../src/emulator/expression/functions/arrays.js';
import { conversionFunctions } from '../../src/emulator/expression/functions/conversion.js';
import { logicalFunctions } from '../../src/emulator/expression/functions/logical.js';
import { mapFunctions } from '../../src/emulator/expression/functions/maps.js';
import { objectFunctions } from '../../src/emulator/expression/functions/objects.js';
import type { EvaluationContext, ExpressionFunction, FunctionCategory } from '../../src/emulator/expression/registry.js';
import { DateTime, EvaluationError, type Value } from '../../src/emulator/expression/values.js';

const libraries: [FunctionCategory, readonly ExpressionFunction[]][] = [
  ['Hierarchies - Objects', objectFunctions],
  ['Hierarchies - Arrays', arrayFunctions],
  ['Hierarchies - Maps', mapFunctions],
  ['Logical operators', logicalFunctions],
  ['Aggregation', aggregationFunctions],
  ['Type conversions', conversionFunctions],
];
const all = libraries.flatMap(([, functions]) => functions);

/** The source row's paths, for contains_key. */
const rowPaths = new Set(['evars', 'evars.evar', 'evars.evar.field1', 'a\\.b']);
const context: EvaluationContext = {
  now: () => new DateTime(Date.UTC(2021, 9, 26, 10, 10, 24)),
  uuid: () => '7c0267d2-bb74-4e1a-9275-3bf4fccda5f4',
  hasPath: (path) => rowPaths.has(path),
};

function lookup(name: string): ExpressionFunction {
  const found = all.find((candidate) => candidate.name === name || candidate.aliases?.includes(name));
  if (!found) throw new Error(`no function ${name}`);
  return found;
}

const call = (name: string, ...args: Value[]): Value => lookup(name).call(args, context);
const fails = (name: string, ...args: Value[]) => expect(() => call(name, ...args)).toThrow(EvaluationError);

describe('the function listings', () => {
  it('lists every documented function of these categories once', () => {
    const names = all.map((fn) => fn.name).sort();
    expect(names).toEqual(
      [
        'is_empty', 'arrays_to_object', 'to_object', 'str_to_object', 'contains_key', 'nullify', 'get_keys', 'get_values',
        'coalesce', 'first', 'last', 'add_to_array', 'join_arrays', 'to_array', 'size_of', 'upsert_array_append', 'upsert_array_replace',
        'map_get_values', 'map_has_keys', 'add_to_map',
        'decode', 'iif', 'min', 'max',
        'to_bigint', 'to_decimal', 'to_float', 'to_integer',
      ].sort(),
    );
    expect(lookup('arrays_to_objects').name).toBe('arrays_to_object');
  });

  it.each(libraries)('fills every field of the %s functions', (category, functions) => {
    for (const fn of functions) {
      expect(fn.category, fn.name).toBe(category);
      expect(fn.name).toMatch(/^[a-z_]+$/);
      for (const text of [fn.description, fn.syntax, fn.example, fn.result]) expect(text.length, fn.name).toBeGreaterThan(0);
      expect(fn.syntax.startsWith(`${fn.name}(`), fn.name).toBe(true);
      expect(fn.minArgs, fn.name).toBeLessThanOrEqual(fn.maxArgs);
      expect(fn.params.filter((param) => !param.optional && !param.variadic).length, fn.name).toBeLessThanOrEqual(fn.minArgs);
      const variadic = fn.params.some((param) => param.variadic);
      expect(fn.maxArgs === Infinity, fn.name).toBe(variadic);
      if (!variadic) expect(fn.maxArgs, fn.name).toBe(fn.params.length);
      for (const param of fn.params) expect(param.description.length && param.type.length, `${fn.name} ${param.name}`).toBeTruthy();
    }
  });
});

describe('Hierarchies - Objects', () => {
  it('is_empty: documented example, and what counts as empty', () => {
    expect(call('is_empty', [1, null, 2, 3])).toBe(false);
    expect(call('is_empty', null)).toBe(true);
    expect(call('is_empty', [])).toBe(true);
    expect(call('is_empty', {})).toBe(true);
    expect(call('is_empty', '')).toBe(true);
    expect(call('is_empty', [null])).toBe(false);
    expect(call('is_empty', { a: null })).toBe(false);
    expect(call('is_empty', ' ')).toBe(false);
    expect(call('is_empty', 0)).toBe(false);
    expect(call('is_empty', false)).toBe(false);
  });

  it('arrays_to_object: documented example (the arrays explode and the literal give), under both names', () => {
    const expected = [
      { sku: 'id1', price: 22.5 },
      { sku: 'id2', price: 14.35 },
    ];
    expect(call('arrays_to_objects', 'sku', ['id1', 'id2'], 'price', [22.5, 14.35])).toEqual(expected);
    expect(call('arrays_to_object', 'sku', ['id1', 'id2'], 'price', [22.5, 14.35])).toEqual(expected);
  });

  it('arrays_to_object: arrays of different lengths, null arrays, bad arguments', () => {
    expect(call('arrays_to_object', 'a', [1, 2, 3], 'b', ['x'])).toEqual([{ a: 1, b: 'x' }, { a: 2 }, { a: 3 }]);
    expect(call('arrays_to_object', 'a', null, 'b', [true])).toEqual([{ b: true }]);
    expect(call('arrays_to_object', 'a', [], 'b', [])).toEqual([]);
    expect(call('arrays_to_object', 'a', [null])).toEqual([{ a: null }]);
    fails('arrays_to_object', 'a', [1], 'b');
    fails('arrays_to_object', 'a', 'not an array');
    fails('arrays_to_object', null, [1]);
  });

  it('to_object: documented example, pairs given as one array, odd and null keys', () => {
    expect(call('to_object', 'firstName', 'John', 'lastName', 'Doe')).toEqual({ firstName: 'John', lastName: 'Doe' });
    expect(call('to_object', ['firstName', 'John'])).toEqual({ firstName: 'John' });
    expect(call('to_object', 'a', null, 1, 'one', 'a', 'again')).toEqual({ a: 'again', 1: 'one' });
    fails('to_object', 'firstName');
    fails('to_object', null, 'John');
    fails('to_object', ['k'], 'v');
  });

  it('to_object keeps a key named __proto__ as data', () => {
    const object = call('to_object', '__proto__', 'x', 'constructor', 'y') as Record<string, Value>;
    expect(Object.keys(object)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(object))).toEqual(JSON.parse('{"__proto__":"x","constructor":"y"}'));
  });

  it('str_to_object: documented examples', () => {
    // Example #2: str_to_object(…).get("firstName") is "John".
    const example2 = call('str_to_object', 'firstName - John ; lastName - ; phone - 123 456 7890', '-', ';') as Record<string, Value>;
    expect(example2['firstName']).toBe('John');
    expect(example2).toEqual({ firstName: 'John', lastName: '', phone: '123 456 7890' });
    // Example #1's documented output ({"firstName": "John", "lastName": "Doe", "phone": "123 456 7890"}) does
    // not follow from its input (there is no "Doe", and the third pair has no key): the pair without a key is
    // skipped and the empty value stays empty.
    expect(call('str_to_object', 'firstName - John ; lastName - ; - 123 345 7890', '-', ';')).toEqual({ firstName: 'John', lastName: '' });
  });

  it('str_to_object: default and empty delimiters, values holding the delimiter, nulls', () => {
    expect(call('str_to_object', 'a:1,b:2')).toEqual({ a: '1', b: '2' });
    expect(call('str_to_object', 'a:1,b:2', null, '')).toEqual({ a: '1', b: '2' });
    expect(call('str_to_object', 'time=10:30|zone=UTC', '=', '|')).toEqual({ time: '10:30', zone: 'UTC' });
    expect(call('str_to_object', 'phone - 555-420-8692', '-')).toEqual({ phone: '555-420-8692' });
    // Delimiters are text, not regular expressions ("." and "|" are plain characters).
    expect(call('str_to_object', 'a.1|b.2', '.', '|')).toEqual({ a: '1', b: '2' });
    expect(call('str_to_object', 'novalue,a:1,a:3')).toEqual({ a: '3' });
    expect(call('str_to_object', '')).toEqual({});
    expect(call('str_to_object', null)).toBeNull();
    fails('str_to_object', 12);
    fails('str_to_object', 'a:1', 5);
  });

  it('contains_key: documented example, and the row context', () => {
    expect(call('contains_key', 'evars.evar.field1')).toBe(true);
    expect(call('contains_key', 'evars.evar.field2')).toBe(false);
    expect(call('contains_key', 'a\\.b')).toBe(true);
    expect(call('contains_key', null)).toBe(false);
    fails('contains_key', 12);
  });

  it('nullify: documented example', () => {
    expect(call('nullify')).toBeNull();
  });

  it('get_keys: documented example, nulls and non-objects', () => {
    expect(call('get_keys', { book1: 'Pride and Prejudice', book2: '1984' })).toEqual(['book1', 'book2']);
    expect(call('get_keys', {})).toEqual([]);
    expect(call('get_keys', null)).toBeNull();
    fails('get_keys', ['book1']);
    fails('get_keys', 'book1: x');
  });

  it('get_values: documented example', () => {
    expect(call('get_values', 'firstName - John , lastName - Cena , phone - 555 420 8692', 'firstName', '-', ',')).toBe('John');
  });

  it('get_values: default delimiters, missing keys, nulls', () => {
    const text = 'firstName - John , lastName - Cena , phone - 555 420 8692';
    expect(call('get_values', text, 'phone', '-')).toBe('555 420 8692');
    expect(call('get_values', 'a:1,b:2', 'b', null)).toBe('2');
    expect(call('get_values', 'a:1;b:2', 'b', '', ';')).toBe('2');
    expect(call('get_values', text, 'middleName', '-', ',')).toBeNull();
    expect(call('get_values', 'a:1', 'constructor', ':')).toBeNull();
    expect(call('get_values', null, 'a', ':')).toBeNull();
    expect(call('get_values', 'a:1', null, ':')).toBeNull();
    expect(call('get_values', '1:one', 1, ':')).toBe('one');
    fails('get_values', 'a:1', ['a'], ':');
  });
});

describe('Hierarchies - Arrays', () => {
  it('coalesce: documented example, one array argument, all null', () => {
    expect(call('coalesce', null, null, null, 'first', null, 'second')).toBe('first');
    expect(call('coalesce', [null, 2, 3])).toBe(2);
    expect(call('coalesce', null, [1])).toEqual([1]);
    expect(call('coalesce', null, null)).toBeNull();
    expect(call('coalesce', [])).toBeNull();
    expect(call('coalesce', false, 'x')).toBe(false);
  });

  it('first and last: documented examples, arrays, empty and null', () => {
    expect(call('first', '1', '2', '3')).toBe('1');
    expect(call('last', '1', '2', '3')).toBe('3');
    expect(call('first', ['a', 'b'])).toBe('a');
    expect(call('last', ['a', 'b'])).toBe('b');
    expect(call('first', [])).toBeNull();
    expect(call('last', [])).toBeNull();
    expect(call('first', null, 'x')).toBeNull();
    expect(call('last', 'x', null)).toBeNull();
    expect(call('first', 'only')).toBe('only');
  });

  it('add_to_array: documented example, nulls, nested arrays, no mutation', () => {
    expect(call('add_to_array', ['a', 'b'], 'c', 'd')).toEqual(['a', 'b', 'c', 'd']);
    const input = ['a'];
    expect(call('add_to_array', input, ['b', 'c'], null)).toEqual(['a', ['b', 'c'], null]);
    expect(input).toEqual(['a']);
    expect(call('add_to_array', null, 'x')).toEqual(['x']);
    expect(call('add_to_array', ['a'])).toEqual(['a']);
    fails('add_to_array', 'a', 'b');
  });

  it('join_arrays: documented example, nulls and single values', () => {
    expect(call('join_arrays', ['a', 'b'], ['c'], ['d', 'e'])).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(call('join_arrays', null, ['a'], null, [])).toEqual(['a']);
    expect(call('join_arrays', ['a'], 'b')).toEqual(['a', 'b']);
    expect(call('join_arrays', ['a'], [null])).toEqual(['a', null]);
    expect(call('join_arrays', [['a']], [['b']])).toEqual([['a'], ['b']]);
    fails('join_arrays', { a: 1 }, ['b']);
  });

  it('to_array: documented example and the join example\'s use', () => {
    expect(call('to_array', false, 1, null, 2, 3)).toEqual([1, 2, 3]);
    expect(call('to_array', true, 'Hello', 'world')).toEqual(['Hello', 'world']);
  });

  it('to_array: nulls kept, one array argument, INCLUDE_NULLS must be boolean', () => {
    expect(call('to_array', true, 1, null)).toEqual([1, null]);
    expect(call('to_array', false, [1, null, 2])).toEqual([1, 2]);
    expect(call('to_array', true, null)).toEqual([null]);
    expect(call('to_array', false, null)).toEqual([]);
    fails('to_array', 'false', 1);
    fails('to_array', null, 1);
  });

  it('size_of: documented example, objects, strings, null', () => {
    expect(call('size_of', [1, 2, 3, 4])).toBe(4);
    expect(call('size_of', [])).toBe(0);
    expect(call('size_of', { a: 1, b: 2 })).toBe(2);
    expect(call('size_of', 'héllo')).toBe(5);
    expect(call('size_of', '😀')).toBe(2); // Java's String.length(): UTF-16 code units
    expect(call('size_of', null)).toBe(0);
    fails('size_of', 12);
    fails('size_of', new DateTime(0));
  });

  it('upsert_array_append and upsert_array_replace: documented examples (inserts return the input)', () => {
    expect(call('upsert_array_append', [123, 456])).toEqual([123, 456]);
    expect(call('upsert_array_replace', [123, 456], 1)).toEqual([123, 456]);
    expect(call('upsert_array_replace', [123, 456])).toEqual([123, 456]);
    expect(call('upsert_array_append', null)).toBeNull();
    fails('upsert_array_append', 123);
    fails('upsert_array_replace', 'abc', 1);
  });
});

describe('Hierarchies - Maps', () => {
  const bookDetails = { author: 'George R. R. Martin', price: 17.99, ISBN: 'ISBN-978-0553801477' };
  const bookDetails2 = { author: 'Neil Gaiman', price: 17.99, ISBN: 'ISBN-0-380-97365-0', publisher: 'William Morrow' };

  it('map_get_values: the appendix example', () => {
    expect(call('map_get_values', bookDetails, 'author')).toEqual({ author: 'George R. R. Martin' });
  });

  it('map_get_values: several keys, duplicates, missing keys, non-string keys, nulls', () => {
    expect(call('map_get_values', bookDetails, ['price', 'author', 'price', 'missing'])).toEqual({ author: 'George R. R. Martin', price: 17.99 });
    expect(call('map_get_values', bookDetails, 'missing')).toEqual({});
    expect(call('map_get_values', { 1: 'one', true: 'yes' }, [1, true])).toEqual({ 1: 'one', true: 'yes' });
    expect(call('map_get_values', { '2019-10-23T11:24:00.000Z': 'd' }, new DateTime(Date.UTC(2019, 9, 23, 11, 24)))).toEqual({
      '2019-10-23T11:24:00.000Z': 'd',
    });
    expect(call('map_get_values', bookDetails, 'constructor')).toEqual({});
    expect(call('map_get_values', null, 'author')).toBeNull();
    expect(call('map_get_values', bookDetails, null)).toEqual({});
    fails('map_get_values', ['author'], 'author');
    fails('map_get_values', bookDetails, { author: 1 });
  });

  it('map_has_keys: the appendix example', () => {
    expect(call('map_has_keys', bookDetails, 'author')).toBe(true);
  });

  it('map_has_keys: any of several keys, missing keys, nulls', () => {
    expect(call('map_has_keys', bookDetails, ['missing', 'ISBN'])).toBe(true);
    expect(call('map_has_keys', bookDetails, ['missing', 'other'])).toBe(false);
    expect(call('map_has_keys', bookDetails, [])).toBe(false);
    expect(call('map_has_keys', bookDetails, 'toString')).toBe(false);
    expect(call('map_has_keys', { a: null }, 'a')).toBe(true);
    expect(call('map_has_keys', { 12: 'x' }, 12)).toBe(true);
    expect(call('map_has_keys', null, 'author')).toBe(false);
    expect(call('map_has_keys', bookDetails, null)).toBe(false);
    fails('map_has_keys', 'author', 'author');
  });

  it('add_to_map: the appendix example (the first value of a repeated key stays)', () => {
    expect(call('add_to_map', bookDetails, bookDetails2)).toEqual({
      author: 'George R. R. Martin',
      price: 17.99,
      ISBN: 'ISBN-978-0553801477',
      publisher: 'William Morrow',
    });
  });

  it('add_to_map: key order, null maps, no mutation, non-maps', () => {
    const first = { b: 1 };
    const merged = call('add_to_map', first, null, { a: 2, b: 3 }, { c: null }) as Record<string, Value>;
    expect(merged).toEqual({ b: 1, a: 2, c: null });
    expect(Object.keys(merged)).toEqual(['b', 'a', 'c']);
    expect(first).toEqual({ b: 1 });
    expect(call('add_to_map', null, null)).toEqual({});
    fails('add_to_map', bookDetails, ['x']);
    fails('add_to_map', bookDetails, 'x');
  });
});

describe('Logical operators', () => {
  const states = ['ca', 'California', 'pa', 'Pennsylvania', 'N/A'];

  it('decode: the documented example, for each stateCode', () => {
    expect(call('decode', 'ca', ...states)).toBe('California');
    expect(call('decode', 'pa', ...states)).toBe('Pennsylvania');
    expect(call('decode', 'ny', ...states)).toBe('N/A');
  });

  it('decode: Java equality (no conversion, case sensitive), no default, nulls', () => {
    expect(call('decode', 'CA', ...states)).toBe('N/A');
    expect(call('decode', 1, '1', 'string one', 1, 'number one')).toBe('number one');
    expect(call('decode', '1', 1, 'number one', '1', 'string one')).toBe('string one');
    expect(call('decode', true, 'true', 'string', true, 'boolean')).toBe('boolean');
    expect(call('decode', 'ny', 'ca', 'California')).toBeNull();
    expect(call('decode', 'ny', 'default only')).toBe('default only');
    expect(call('decode', null, 'ca', 'California', null, 'missing', 'N/A')).toBe('missing');
    expect(call('decode', null, ...states)).toBe('N/A');
    expect(call('decode', 'ca', 'ca', null, 'N/A')).toBeNull();
    expect(call('decode', 'ca', 'ca', 'first', 'ca', 'second')).toBe('first');
  });

  it('decode: dates, arrays and maps compare by value', () => {
    const date = new DateTime(1571829875000, 'UTC');
    expect(call('decode', new DateTime(1571829875000, 'UTC'), date, 'same')).toBe('same');
    expect(call('decode', new DateTime(1571829875000, 'Europe/Paris'), date, 'same', 'other zone')).toBe('other zone');
    expect(call('decode', [1, [2]], [1, [2]], 'array')).toBe('array');
    expect(call('decode', [1, 2], [2, 1], 'array', 'order matters')).toBe('order matters');
    expect(call('decode', { a: 1, b: [1] }, { b: [1], a: 1 }, 'map')).toBe('map');
    expect(call('decode', { a: 1 }, { a: 1, b: 2 }, 'map', 'not equal')).toBe('not equal');
    expect(call('decode', [], {}, 'map', 'array is not map')).toBe('array is not map');
  });

  it('iif: the documented example ("s".equalsIgnoreCase("S") is true)', () => {
    expect(call('iif', true, 'True', 'False')).toBe('True');
  });

  it('iif: false, boolean text, nulls as values, non-boolean conditions', () => {
    expect(call('iif', false, 'True', 'False')).toBe('False');
    expect(call('iif', 'TRUE', 1, 2)).toBe(1);
    expect(call('iif', 'false', 1, 2)).toBe(2);
    expect(call('iif', true, null, 2)).toBeNull();
    fails('iif', null, 1, 2);
    fails('iif', 'yes', 1, 2);
    fails('iif', 1, 1, 2);
    expect(() => call('iif', 'yes', 1, 2)).toThrow(/iif: EXPRESSION must be a boolean, got "yes"/);
  });
});

describe('Aggregation', () => {
  it('min and max: documented examples', () => {
    expect(call('min', 3, 1, 4)).toBe(1);
    expect(call('max', 3, 1, 4)).toBe(4);
  });

  it('min and max: strings by code unit, booleans, dates, one array argument', () => {
    expect(call('min', 'b', 'B', 'a')).toBe('B'); // String.compareTo: upper case sorts first
    expect(call('max', 'b', 'B', 'a')).toBe('b');
    expect(call('min', true, false)).toBe(false);
    const early = new DateTime(1000, 'UTC');
    const late = new DateTime(2000, 'Europe/Paris');
    expect(call('min', late, early)).toBe(early);
    expect(call('max', early, late)).toBe(late);
    expect(call('max', new DateTime(1000, 'UTC', 5), new DateTime(1000, 'UTC', 7))).toEqual(new DateTime(1000, 'UTC', 7));
    expect(call('min', [5, -2.5, 3])).toBe(-2.5);
    expect(call('max', 7)).toBe(7);
  });

  it('min and max: the first of equal values, nulls skipped, all null', () => {
    const a = new DateTime(1000, 'UTC');
    const b = new DateTime(1000, 'Asia/Tokyo');
    expect(call('min', a, b)).toBe(a);
    expect(call('max', a, b)).toBe(a);
    expect(call('min', null, 3, null, 2)).toBe(2);
    expect(call('max', null, null)).toBeNull();
    expect(call('min', [])).toBeNull();
  });

  it('min and max: mixed or incomparable types are errors', () => {
    fails('min', 1, '2');
    fails('max', 'a', true);
    fails('max', 1, new DateTime(0));
    fails('min', [1], [2]);
    fails('min', { a: 1 });
    expect(() => call('max', 3, 'x')).toThrow(/max: cannot compare 3 with "x"/);
  });
});

describe('Type conversions', () => {
  it('documented examples', () => {
    // The page documents 1000000.34 for to_bigint (Java's new BigInteger would refuse the fraction): followed.
    expect(call('to_bigint', '1000000.34')).toBe(1000000.34);
    expect(call('to_decimal', '20.5')).toBe(20.5);
    // The page documents 12.34566, a typo: Java's Float.parseFloat("12.3456") prints 12.3456 (jshell).
    expect(call('to_float', '12.3456')).toBe(12.3456);
    expect(lookup('to_float').result).toBe('12.34566');
    expect(call('to_integer', '12')).toBe(12);
  });

  it('to_integer: Integer.parseInt rules', () => {
    expect(call('to_integer', '+12')).toBe(12);
    expect(call('to_integer', '-0012')).toBe(-12);
    expect(call('to_integer', '-0')).toBe(0);
    expect(Object.is(call('to_integer', '-0'), 0)).toBe(true);
    expect(call('to_integer', '2147483647')).toBe(2147483647);
    expect(call('to_integer', '-2147483648')).toBe(-2147483648);
    expect(call('to_integer', 42)).toBe(42);
    expect(call('to_integer', null)).toBeNull();
    for (const bad of ['2147483648', '12.0', ' 12', '1e3', '', 'abc', '0x10']) fails('to_integer', bad);
    fails('to_integer', 12.5);
    fails('to_integer', true);
    expect(() => call('to_integer', 'abc')).toThrow(/to_integer: cannot convert "abc" to an Integer/);
  });

  it('to_decimal: Double.parseDouble rules', () => {
    expect(call('to_decimal', ' 20.5 ')).toBe(20.5);
    expect(call('to_decimal', '1e3')).toBe(1000);
    expect(call('to_decimal', '20.5d')).toBe(20.5);
    expect(call('to_decimal', '.5')).toBe(0.5);
    expect(call('to_decimal', '5.')).toBe(5);
    expect(call('to_decimal', '-1.5E-2')).toBe(-0.015);
    expect(call('to_decimal', 3.25)).toBe(3.25);
    expect(call('to_decimal', null)).toBeNull();
    for (const bad of ['abc', '', '1,5', 'NaN', 'Infinity', '1e999', '12abc']) fails('to_decimal', bad);
    fails('to_decimal', [1]);
    expect(() => call('to_decimal', 'abc')).toThrow(/to_decimal: cannot convert "abc" to a Double/);
  });

  it('to_float: the float nearest to the text, written as Float.toString writes it (checked in jshell)', () => {
    expect(call('to_float', '0.1')).toBe(0.1);
    // The float 123456792: Java 17 prints 1.23456792E8, Java 19 and later print the shortest text, 1.2345679E8
    // (JDK-4511638), which is what is written here. Both read back as the same float.
    expect(call('to_float', '123456789')).toBe(123456790);
    expect(Math.fround(123456790)).toBe(123456792);
    expect(call('to_float', '16777217')).toBe(16777216); // Float.parseFloat: 1.6777216E7
    expect(call('to_float', ' 12.5f ')).toBe(12.5);
    expect(call('to_float', '1.0E-5')).toBe(0.00001);
    expect(call('to_float', 12.3456)).toBe(12.3456);
    expect(call('to_float', null)).toBeNull();
    fails('to_float', '1e40'); // Infinity in Java, not a JSON number
    fails('to_float', 'abc');
  });

  it('to_bigint: BigDecimal text, nulls and errors', () => {
    expect(call('to_bigint', '1000000')).toBe(1000000);
    expect(call('to_bigint', '-42')).toBe(-42);
    expect(call('to_bigint', '1E+3')).toBe(1000);
    expect(call('to_bigint', 7)).toBe(7);
    expect(call('to_bigint', null)).toBeNull();
    for (const bad of [' 12', '12abc', 'abc', '', '1e99999']) fails('to_bigint', bad);
    expect(() => call('to_bigint', '12abc')).toThrow(/to_bigint: cannot convert "12abc" to a BigInteger/);
  });
});

describe('through compileExpression (literal arrays and maps, columns, methods)', () => {
  const row = {
    stateCode: 'pa',
    n: 1,
    book_details: { author: 'George R. R. Martin', price: 17.99, ISBN: 'ISBN-978-0553801477' },
    book_details2: { author: 'Neil Gaiman', price: 17.99, ISBN: 'ISBN-0-380-97365-0', publisher: 'William Morrow' },
  };
  const evaluate = (text: string): Value => {
    const compiled = compileExpression(text);
    if (!compiled.ok) throw new Error(`${text}: ${compiled.problem.message}`);
    return compiled.expression.evaluate(row, context).value;
  };

  it.each<[string, Value]>([
    ['is_empty([1, null, 2, 3])', false],
    [`arrays_to_objects('sku', explode("id1|id2", '\\\\|'), 'price', [22.5,14.35])`, [{ sku: 'id1', price: 22.5 }, { sku: 'id2', price: 14.35 }]],
    ['to_object("firstName", "John", "lastName", "Doe")', { firstName: 'John', lastName: 'Doe' }],
    ['str_to_object("firstName - John ; lastName - ; phone - 123 456 7890", "-", ";").get("firstName")', 'John'],
    ['contains_key("evars.evar.field1")', true],
    ['nullify()', null],
    ['get_keys({"book1": "Pride and Prejudice", "book2": "1984"})', ['book1', 'book2']],
    ['get_values("firstName - John , lastName - Cena , phone - 555 420 8692", "firstName", "-", ",")', 'John'],
    ['coalesce(null, null, null, "first", null, "second")', 'first'],
    ['first("1", "2", "3")', '1'],
    ['last(["1", "2", "3"])', '3'],
    ["add_to_array(['a', 'b'], 'c', 'd')", ['a', 'b', 'c', 'd']],
    ["join_arrays(['a', 'b'], ['c'], ['d', 'e'])", ['a', 'b', 'c', 'd', 'e']],
    ['to_array(false, 1, null, 2, 3)', [1, 2, 3]],
    ['join(" ", to_array(true, "Hello", "world"))', 'Hello world'],
    ['size_of([1, 2, 3, 4])', 4],
    ['upsert_array_append([123, 456])', [123, 456]],
    ['upsert_array_replace([123, 456], 1)', [123, 456]],
    ['map_get_values(book_details, "author")', { author: 'George R. R. Martin' }],
    ['map_has_keys(book_details, "author")', true],
    ['add_to_map(book_details, book_details2)', { author: 'George R. R. Martin', price: 17.99, ISBN: 'ISBN-978-0553801477', publisher: 'William Morrow' }],
    ['decode(stateCode, "ca", "California", "pa", "Pennsylvania", "N/A")', 'Pennsylvania'],
    ['decode(n, "1", "string one", 1, "number one")', 'number one'],
    ['iif("s".equalsIgnoreCase("S"), "True", "False")', 'True'],
    ['min(3, 1, 4)', 1],
    ['max(3, 1, 4)', 4],
    ['to_bigint("1000000.34")', 1000000.34],
    ['to_decimal("20.5")', 20.5],
    ['to_float("12.3456")', 12.3456],
    ['to_integer("12")', 12],
  ])('%s', (text, expected) => {
    expect(evaluate(text)).toEqual(expected);
  });

  it('fails the row with the function\'s message, and checks argument counts when compiling', () => {
    expect(() => evaluate('to_integer("abc")')).toThrow(/to_integer: cannot convert "abc" to an Integer/);
    expect(() => evaluate('max(3, "x")')).toThrow(EvaluationError);
    const compiled = compileExpression('nullify(1)');
    expect(compiled.ok).toBe(false);
    if (!compiled.ok) expect(compiled.problem.kind).toBe('arity');
  });
});
