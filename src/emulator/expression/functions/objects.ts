// "Hierarchies - Objects": the functions that build objects and read them, and the source row's paths.

import type { ExpressionFunction } from '../registry.js';
import { EvaluationError, isObject, type Value, type ValueObject } from '../values.js';
import { describeValue, spreadVarargs } from './arrays.js';

/** A key of a built object: Java's map keys are Strings, and numbers or booleans become their text. */
function keyArg(name: string, key: Value): string {
  if (typeof key === 'string') return key;
  if (typeof key === 'number' || typeof key === 'boolean') return String(key);
  throw new EvaluationError(`${name}: a key must be a string, got ${describeValue(key)}`);
}

/**
 * Sets an own property, also for keys such as `__proto__` that plain assignment would treat specially (a key
 * comes from the data, and must be stored as data).
 */
export function putKey(object: ValueObject, key: string, value: Value): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** An own property's value, or undefined (never one inherited from Object.prototype, such as `constructor`). */
export function getKey(object: ValueObject, key: string): Value | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** A delimiter argument: null or "" means the default, as get_values documents for both of its delimiters. */
function delimiterArg(name: string, value: Value | undefined, fallback: string): string {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'string') return value;
  throw new EvaluationError(`${name}: a delimiter must be a string, got ${describeValue(value)}`);
}

/**
 * Parses `key<VALUE_DELIMITER>value<FIELD_DELIMITER>…`. The delimiters are plain text (not regular expressions,
 * unlike explode); a pair splits at the first value delimiter, so values may contain it
 * (`phone - 555-420-8692`). Keys and values are trimmed, as the documented examples (`firstName - John ; …`)
 * need. A pair without a key or without the value delimiter is skipped; a later duplicate key wins (Map.put).
 */
function parsePairs(text: string, valueDelimiter: string, fieldDelimiter: string): ValueObject {
  const object: ValueObject = {};
  for (const pair of text.split(fieldDelimiter)) {
    const at = pair.indexOf(valueDelimiter);
    if (at < 0) continue;
    const key = pair.slice(0, at).trim();
    if (key !== '') putKey(object, key, pair.slice(at + valueDelimiter.length).trim());
  }
  return object;
}

/** The string argument of a parsing function, or null (a null input gives a null result). */
function textArg(name: string, value: Value | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  throw new EvaluationError(`${name}: STRING must be a string, got ${describeValue(value)}`);
}

/** to_object's pairs, also given as one flat array (a Java varargs call). */
function toObject(args: readonly Value[]): ValueObject {
  const list = spreadVarargs(args);
  if (list.length % 2 !== 0) {
    throw new EvaluationError(`to_object: expected key/value pairs, got an odd number of arguments (${list.length})`);
  }
  const object: ValueObject = {};
  for (let i = 0; i < list.length; i += 2) putKey(object, keyArg('to_object', list[i] ?? null), list[i + 1] ?? null);
  return object;
}

/**
 * arrays_to_object('sku', [...], 'price', [...]): the i-th object takes the i-th element of every array. There
 * are as many objects as the longest array has elements; a shorter array leaves its key out of the objects past
 * its end (rather than writing null), and a null array (a missing column) is an empty one.
 */
function arraysToObject(args: readonly Value[]): Value[] {
  if (args.length % 2 !== 0) {
    throw new EvaluationError(`arrays_to_object: expected key/array pairs, got an odd number of arguments (${args.length})`);
  }
  const columns: [string, Value[]][] = [];
  for (let i = 0; i < args.length; i += 2) {
    const key = keyArg('arrays_to_object', args[i] ?? null);
    const array = args[i + 1] ?? null;
    if (array !== null && !Array.isArray(array)) {
      throw new EvaluationError(`arrays_to_object: the value for "${key}" must be an array, got ${describeValue(array)}`);
    }
    columns.push([key, array ?? []]);
  }
  const count = Math.max(0, ...columns.map(([, array]) => array.length));
  return Array.from({ length: count }, (_, index) => {
    const object: ValueObject = {};
    for (const [key, array] of columns) if (index < array.length) putKey(object, key, array[index] ?? null);
    return object;
  });
}

/** is_empty follows Apache Commons' ObjectUtils.isEmpty: null, "", [] and {} are empty; other values are not. */
function isEmpty(value: Value): boolean {
  if (value === null) return true;
  if (typeof value === 'string' || Array.isArray(value)) return value.length === 0;
  if (isObject(value)) return Object.keys(value).length === 0;
  return false;
}

export const objectFunctions: readonly ExpressionFunction[] = [
  {
    name: 'is_empty',
    category: 'Hierarchies - Objects',
    description: 'Checks whether or not an object is empty.',
    syntax: 'is_empty(INPUT)',
    params: [{ name: 'INPUT', type: 'object', description: "The object that you're trying to check is empty." }],
    minArgs: 1,
    maxArgs: 1,
    example: 'is_empty([1, null, 2, 3])',
    result: 'false',
    returns: 'true when the input is null, an empty string, an empty array or an empty object',
    returnType: 'java.lang.Boolean',
    // null is empty (true); an array holding nulls is not.
    call: ([input = null]) => isEmpty(input),
  },
  {
    name: 'arrays_to_object',
    // The page's example spells it arrays_to_objects.
    aliases: ['arrays_to_objects'],
    category: 'Hierarchies - Objects',
    description: 'Creates a list of objects.',
    syntax: 'arrays_to_object(INPUT)',
    params: [{ name: 'INPUT', type: 'object', description: 'A grouping of key and array pairs.', variadic: true }],
    minArgs: 2,
    maxArgs: Infinity,
    example: `arrays_to_objects('sku', explode("id1|id2", '\\\\|'), 'price', [22.5,14.35])`,
    result: '[{ "sku": "id1", "price": 22.5 }, { "sku": "id2", "price": 14.35 }]',
    returns: 'A list of objects, the i-th one holding the i-th element of every array',
    returnType: 'java.util.List',
    call: (args) => arraysToObject(args),
  },
  {
    name: 'to_object',
    category: 'Hierarchies - Objects',
    description: 'Creates an object based on the flat key/value pairs given.',
    syntax: 'to_object(INPUT)',
    params: [{ name: 'INPUT', type: 'object', description: 'A flat list of key/value pairs.', variadic: true }],
    minArgs: 1,
    maxArgs: Infinity,
    example: 'to_object("firstName", "John", "lastName", "Doe")',
    result: '{"firstName": "John", "lastName": "Doe"}',
    returns: 'An object with the given keys and values',
    returnType: 'java.util.Map',
    // Null values are kept; a null key is an error (a Java map key has to be named).
    call: (args) => toObject(args),
  },
  {
    name: 'str_to_object',
    category: 'Hierarchies - Objects',
    description: 'Creates an object from the input string.',
    syntax: 'str_to_object(STRING, VALUE_DELIMITER, FIELD_DELIMITER)',
    params: [
      { name: 'STRING', type: 'string', description: 'The string that is being parsed to create an object.' },
      { name: 'VALUE_DELIMITER', type: 'string', description: 'The delimiter that separates a field from the value. The default delimiter is `:`.', optional: true },
      { name: 'FIELD_DELIMITER', type: 'string', description: 'The delimiter that separates field value pairs. The default delimiter is `,`.', optional: true },
    ],
    minArgs: 1,
    maxArgs: 3,
    example: 'str_to_object("firstName - John ; lastName - ; phone - 123 456 7890", "-", ";").get("firstName")',
    result: '"John"',
    returns: 'An object with the keys and values parsed from the string',
    returnType: 'java.util.Map',
    // A null STRING gives null.
    call: ([input, valueDelimiter, fieldDelimiter]) => {
      const text = textArg('str_to_object', input);
      if (text === null) return null;
      return parsePairs(text, delimiterArg('str_to_object', valueDelimiter, ':'), delimiterArg('str_to_object', fieldDelimiter, ','));
    },
  },
  {
    name: 'contains_key',
    category: 'Hierarchies - Objects',
    description: 'Checks if the object exists within the source data. Note: This function replaces the deprecated `is_set()` function.',
    syntax: 'contains_key(INPUT)',
    params: [{ name: 'INPUT', type: 'string', description: 'The path to be checked if it exists within the source data.' }],
    minArgs: 1,
    maxArgs: 1,
    example: 'contains_key("evars.evar.field1")',
    result: 'true',
    returns: 'Whether the path exists in the source data',
    returnType: 'java.lang.Boolean',
    // A null path names nothing: false.
    call: ([path = null], context) => {
      if (path === null) return false;
      if (typeof path !== 'string') throw new EvaluationError(`contains_key: INPUT must be a path string, got ${describeValue(path)}`);
      return context.hasPath(path);
    },
  },
  {
    name: 'nullify',
    category: 'Hierarchies - Objects',
    description: 'Sets the value of the attribute to `null`. This should be used when you do not want to copy the field to the target schema.',
    syntax: 'nullify()',
    params: [],
    minArgs: 0,
    maxArgs: 0,
    example: 'nullify()',
    result: 'null',
    returns: 'null',
    returnType: 'java.lang.Object',
    call: () => null,
  },
  {
    name: 'get_keys',
    category: 'Hierarchies - Objects',
    description: 'Parses the key/value pairs and returns all the keys.',
    syntax: 'get_keys(OBJECT)',
    params: [{ name: 'OBJECT', type: 'object', description: 'The object where the keys will be extracted from.' }],
    minArgs: 1,
    maxArgs: 1,
    example: 'get_keys({"book1": "Pride and Prejudice", "book2": "1984"})',
    result: '["book1", "book2"]',
    returns: "The object's keys, in order",
    returnType: 'java.util.List',
    // A null OBJECT gives null (no object, rather than an object without keys).
    call: ([object = null]) => {
      if (object === null) return null;
      if (!isObject(object)) throw new EvaluationError(`get_keys: OBJECT must be an object, got ${describeValue(object)}`);
      return Object.keys(object);
    },
  },
  {
    name: 'get_values',
    category: 'Hierarchies - Objects',
    description: 'Parses the key/value pairs and returns the value of the string, based on the given key.',
    syntax: 'get_values(STRING, KEY, VALUE_DELIMITER, FIELD_DELIMITER)',
    params: [
      { name: 'STRING', type: 'string', description: 'The string that you want to parse.' },
      { name: 'KEY', type: 'string', description: 'The key for which the value has to be extracted.' },
      { name: 'VALUE_DELIMITER', type: 'string', description: 'The delimiter that separates the field and the value. If either a `null` or an empty string are provided, this value is `:`.' },
      { name: 'FIELD_DELIMITER', type: 'string', description: 'The delimiter that separates field and value pairs. If either a `null` or an empty string are provided, this value is `,`.', optional: true },
    ],
    minArgs: 3,
    maxArgs: 4,
    example: 'get_values("firstName - John , lastName - Cena , phone - 555 420 8692", "firstName", "-", ",")',
    result: 'John',
    returns: 'The value of the key, or null when the string does not have it',
    returnType: 'java.lang.String',
    // A null STRING or KEY, or a key the string does not have, gives null.
    call: ([input, key = null, valueDelimiter, fieldDelimiter]) => {
      const text = textArg('get_values', input);
      if (text === null || key === null) return null;
      const pairs = parsePairs(text, delimiterArg('get_values', valueDelimiter, ':'), delimiterArg('get_values', fieldDelimiter, ','));
      return getKey(pairs, keyArg('get_values', key)) ?? null;
    },
  },
];
