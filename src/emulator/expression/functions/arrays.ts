// "Hierarchies - Arrays": the functions that build and read arrays.
//
// Data Prep's functions are Java methods with varargs (`first(Object... input)`), so a call given one array
// receives that array as its argument list: `first("1", "2")` and `first(["1", "2"])` are the same call.
// spreadVarargs reproduces that; the functions whose documented input is "the array" use it.

import type { ExpressionFunction } from '../registry.js';
import { EvaluationError, isObject, type Value } from '../values.js';

/** The argument list of a Java varargs parameter: one array argument is the list itself. */
export function spreadVarargs(args: readonly Value[]): readonly Value[] {
  const [only] = args;
  return args.length === 1 && Array.isArray(only) ? only : args;
}

/** A short description of a value for error messages (`"abc"`, `12`, `an object`). */
export function describeValue(value: Value): string {
  if (Array.isArray(value)) return 'an array';
  if (isObject(value)) return 'an object';
  if (typeof value === 'object' && value !== null) return 'a date';
  return JSON.stringify(value);
}

/** The array argument of `name`; null stays null (the caller decides what null means). */
function arrayArg(name: string, value: Value, what = 'ARRAY'): Value[] | null {
  if (value === null || Array.isArray(value)) return value;
  throw new EvaluationError(`${name}: ${what} must be an array, got ${describeValue(value)}`);
}

export const arrayFunctions: readonly ExpressionFunction[] = [
  {
    name: 'coalesce',
    category: 'Hierarchies - Arrays',
    description: 'Returns the first non-null object in a given array.',
    syntax: 'coalesce(INPUT)',
    params: [{ name: 'INPUT', type: 'object', description: 'The array you want to find the first non-null object of.', variadic: true }],
    minArgs: 1,
    maxArgs: Infinity,
    example: 'coalesce(null, null, null, "first", null, "second")',
    result: '"first"',
    returns: 'The first non-null value, or null',
    returnType: 'java.lang.Object',
    // All null (or an empty array): null.
    call: (args) => spreadVarargs(args).find((value) => value !== null) ?? null,
  },
  {
    name: 'first',
    category: 'Hierarchies - Arrays',
    description: 'Retrieves the first element of the given array.',
    syntax: 'first(INPUT)',
    params: [{ name: 'INPUT', type: 'object', description: 'The array you want to find the first element of.', variadic: true }],
    minArgs: 1,
    maxArgs: Infinity,
    example: 'first("1", "2", "3")',
    result: '"1"',
    returns: 'The first element, or null for an empty array',
    returnType: 'java.lang.Object',
    // An empty array gives null; a null element is returned as it is (first is not coalesce).
    call: (args) => spreadVarargs(args)[0] ?? null,
  },
  {
    name: 'last',
    category: 'Hierarchies - Arrays',
    description: 'Retrieves the last element of the given array.',
    syntax: 'last(INPUT)',
    params: [{ name: 'INPUT', type: 'object', description: 'The array you want to find the last element of.', variadic: true }],
    minArgs: 1,
    maxArgs: Infinity,
    example: 'last("1", "2", "3")',
    result: '"3"',
    returns: 'The last element, or null for an empty array',
    returnType: 'java.lang.Object',
    call: (args) => spreadVarargs(args).at(-1) ?? null,
  },
  {
    name: 'add_to_array',
    category: 'Hierarchies - Arrays',
    description: 'Adds elements to the end of the array.',
    syntax: 'add_to_array(ARRAY, VALUES)',
    params: [
      { name: 'ARRAY', type: 'array', description: 'The array that you are adding elements to.' },
      { name: 'VALUES', type: 'object', description: 'The elements that you want to append to the array.', optional: true, variadic: true },
    ],
    minArgs: 1,
    maxArgs: Infinity,
    example: "add_to_array(['a', 'b'], 'c', 'd')",
    result: "['a', 'b', 'c', 'd']",
    returns: 'A new array: the elements of ARRAY, then the values',
    returnType: 'java.util.List',
    // A null ARRAY is an empty one (adding to a missing column starts it). The values are added as they are:
    // an array value becomes one nested element, null values are kept. The input is not modified.
    call: ([array = null, ...values]) => [...(arrayArg('add_to_array', array) ?? []), ...values],
  },
  {
    name: 'join_arrays',
    category: 'Hierarchies - Arrays',
    description: 'Combines the arrays with each other.',
    syntax: 'join_arrays(ARRAY, VALUES)',
    params: [
      { name: 'ARRAY', type: 'array', description: 'The array that you are adding elements to.' },
      { name: 'VALUES', type: 'array', description: 'The array(s) you want to append to the parent array.', optional: true, variadic: true },
    ],
    minArgs: 1,
    maxArgs: Infinity,
    example: "join_arrays(['a', 'b'], ['c'], ['d', 'e'])",
    result: "['a', 'b', 'c', 'd', 'e']",
    returns: 'A new array: the elements of all the arrays, in order',
    returnType: 'java.util.List',
    // Null arrays (missing columns) add nothing; a value that is not an array is added as one element, so
    // that joining a column that holds a single value still works.
    call: ([array = null, ...values]) => {
      const joined = [...(arrayArg('join_arrays', array) ?? [])];
      for (const value of values) {
        if (Array.isArray(value)) joined.push(...value);
        else if (value !== null) joined.push(value);
      }
      return joined;
    },
  },
  {
    name: 'to_array',
    category: 'Hierarchies - Arrays',
    description: 'Takes a list of inputs and converts it to an array.',
    syntax: 'to_array(INCLUDE_NULLS, VALUES)',
    params: [
      { name: 'INCLUDE_NULLS', type: 'boolean', description: 'A boolean value to indicate whether or not to include nulls in the response array.' },
      { name: 'VALUES', type: 'object', description: 'The elements that are to be converted to an array.', variadic: true },
    ],
    minArgs: 2,
    maxArgs: Infinity,
    example: 'to_array(false, 1, null, 2, 3)',
    result: '[1, 2, 3]',
    returns: 'An array of the values (without nulls unless INCLUDE_NULLS)',
    returnType: 'java.util.List',
    call: ([includeNulls = null, ...values]) => {
      // A Java boolean parameter: null or "true" is not a boolean, and guessing would hide a mapping mistake.
      if (typeof includeNulls !== 'boolean') {
        throw new EvaluationError(`to_array: INCLUDE_NULLS must be true or false, got ${describeValue(includeNulls)}`);
      }
      const list = spreadVarargs(values);
      return includeNulls ? [...list] : list.filter((value) => value !== null);
    },
  },
  {
    name: 'size_of',
    category: 'Hierarchies - Arrays',
    description: 'Returns the size of the input.',
    syntax: 'size_of(INPUT)',
    params: [{ name: 'INPUT', type: 'object', description: "The object that you're trying to find the size of." }],
    minArgs: 1,
    maxArgs: 1,
    example: 'size_of([1, 2, 3, 4])',
    result: '4',
    returns: 'The number of elements, keys or characters (0 for null)',
    returnType: 'java.lang.Integer',
    call: ([input = null]) => {
      // null has no elements (as is_empty(null) is true); a string's size is Java's String.length(), the
      // UTF-16 code units, which is JavaScript's length too; an object's size is its number of keys.
      if (input === null) return 0;
      if (Array.isArray(input) || typeof input === 'string') return input.length;
      if (isObject(input)) return Object.keys(input).length;
      throw new EvaluationError(`size_of: ${describeValue(input)} has no size (expected an array, an object or a string)`);
    },
  },
  {
    name: 'upsert_array_append',
    category: 'Hierarchies - Arrays',
    description:
      'This function is used to append all elements in the entire input array to the end of the array in Profile. This function is only applicable during updates. If used in the context of inserts, this function returns the input as is.',
    syntax: 'upsert_array_append(ARRAY)',
    params: [{ name: 'ARRAY', type: 'array', description: 'The array to append the array in the Profile.' }],
    minArgs: 1,
    maxArgs: 1,
    example: 'upsert_array_append([123, 456])',
    result: '[123, 456]',
    returns: 'The input array (on inserts)',
    returnType: 'java.util.List',
    // The emulator only inserts (there is no Profile to update), so this is the documented insert behaviour.
    call: ([array = null]) => arrayArg('upsert_array_append', array),
  },
  {
    name: 'upsert_array_replace',
    category: 'Hierarchies - Arrays',
    description:
      'This function is used to replace elements in an array. This function is only applicable during updates. If used in the context of inserts, this function returns the input as is.',
    syntax: 'upsert_array_replace(ARRAY)',
    params: [
      { name: 'ARRAY', type: 'array', description: 'The array to replace the array in the Profile.' },
      // The documented example passes a second argument (`upsert_array_replace([123, 456], 1)`) that the page
      // does not describe; it is accepted and, as with inserts, has no effect.
      { name: 'INDEX', type: 'int', description: 'Undocumented; accepted as the example shows, without effect on inserts.', optional: true },
    ],
    minArgs: 1,
    maxArgs: 2,
    example: 'upsert_array_replace([123, 456], 1)',
    result: '[123, 456]',
    returns: 'The input array (on inserts)',
    returnType: 'java.util.List',
    call: ([array = null]) => arrayArg('upsert_array_replace', array),
  },
];
