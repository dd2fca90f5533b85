// "Logical operators": decode (a lookup table in the expression) and iif (a conditional value).

import type { ExpressionFunction } from '../registry.js';
import { DateTime, EvaluationError, isObject, type Value } from '../values.js';
import { describeValue } from './arrays.js';

/**
 * Java's Objects.equals between two values: no conversion between types, so the string "1" is not the number
 * 1 (`"1".equals(1)` is false in Java). Numbers are one type here: JSON, and so the row, cannot tell an
 * Integer 1 from a Long 1 (which Java would call different). Dates are equal when ZonedDateTime.equals would
 * be (same instant and zone); arrays and maps compare element by element, as List.equals and Map.equals do.
 */
export function javaEquals(a: Value, b: Value): boolean {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (a instanceof DateTime || b instanceof DateTime) {
    return a instanceof DateTime && b instanceof DateTime && a.epochMs === b.epochMs && a.nanos === b.nanos && a.zone === b.zone;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => javaEquals(item, b[i] ?? null));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && javaEquals(a[key] ?? null, b[key] ?? null));
}

/**
 * decode(KEY, k1, v1, k2, v2, …, default?): the value after the first option key equal to KEY (javaEquals), else
 * the trailing default when the options are odd in number, else null. A null KEY matches a null option key
 * (Objects.equals), so decode(col, null, "none", …) can name the missing case.
 */
function decode([key = null, ...options]: readonly Value[]): Value {
  const pairs = options.length - (options.length % 2);
  for (let i = 0; i < pairs; i += 2) {
    if (javaEquals(key, options[i] ?? null)) return options[i + 1] ?? null;
  }
  return options.length % 2 === 1 ? (options.at(-1) ?? null) : null;
}

/**
 * The condition of iif. Java declares it boolean, so only true and false are accepted, plus their text
 * ("true"/"false", any case), because CSV and string columns carry booleans as text. Anything else, null
 * included, is an error: taking "yes" or null as false (Boolean.parseBoolean) would hide a mapping mistake.
 */
function condition(value: Value): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw new EvaluationError(`iif: EXPRESSION must be a boolean, got ${describeValue(value)}`);
}

export const logicalFunctions: readonly ExpressionFunction[] = [
  {
    name: 'decode',
    category: 'Logical operators',
    description:
      'Given a key and a list of key value pairs flattened as an array, the function returns the value if key is found or return a default value if present in the array.',
    syntax: 'decode(KEY, OPTIONS)',
    params: [
      { name: 'KEY', type: 'object', description: 'The key to be matched.' },
      { name: 'OPTIONS', type: 'object', description: 'A flattened array of key/value pairs. Optionally, a default value can be put at the end.', variadic: true },
    ],
    minArgs: 2,
    maxArgs: Infinity,
    example: 'decode(stateCode, "ca", "California", "pa", "Pennsylvania", "N/A")',
    result: 'If the stateCode given is "ca", "California". If the stateCode given is "pa", "Pennsylvania". If the stateCode doesn\'t match the following, "N/A".',
    returns: 'The value of the matching key, else the default, else null',
    returnType: 'java.lang.Object',
    call: (args) => decode(args),
  },
  {
    name: 'iif',
    category: 'Logical operators',
    description: 'Evaluates a given boolean expression and returns the specified value based on the result.',
    syntax: 'iif(EXPRESSION, TRUE_VALUE, FALSE_VALUE)',
    params: [
      { name: 'EXPRESSION', type: 'boolean', description: 'The boolean expression that is being evaluated.' },
      { name: 'TRUE_VALUE', type: 'object', description: 'The value that is returned if the expression evaluates to true.' },
      { name: 'FALSE_VALUE', type: 'object', description: 'The value that is returned if the expression evaluates to false.' },
    ],
    minArgs: 3,
    maxArgs: 3,
    example: 'iif("s".equalsIgnoreCase("S"), "True", "False")',
    result: '"True"',
    returns: 'TRUE_VALUE or FALSE_VALUE',
    returnType: 'java.lang.Object',
    // Null values are returned as they are; a null EXPRESSION is an error (see condition).
    call: ([test = null, whenTrue = null, whenFalse = null]) => (condition(test) ? whenTrue : whenFalse),
  },
];
