// Method calls, `target.name(args)`: the Java methods Data Prep's documentation uses on its values —
//
//   STRING1.equals(STRING2)            Java's Object.equals: same type and value, case sensitive
//   STRING1.equalsIgnoreCase(STRING2)  String.equalsIgnoreCase
//   OBJECT.get(KEY)                    Map.get / List.get (`str_to_object(…).get("firstName")`)
//
// Null-safe, unlike Java (where they would throw NullPointerException): a null target is not equal to anything,
// and null.get(k) is null, so that a NULL column fails no row. Method names are case sensitive, as Java's.
// The documentation lists equals and equalsIgnoreCase among the String functions: METHOD_DOCS gives them to the
// function listing in that shape.

import { describe, toText } from './coerce.js';
import { sameValue } from './comparison.js';
import { field, parseJson } from './paths.js';
import type { FunctionDoc } from './registry.js';
import { DateTime, EvaluationError, type Value } from './values.js';

export interface Method {
  name: string;
  /** Number of arguments (all methods here take exactly one). */
  arity: number;
  call(target: Value, args: readonly Value[]): Value;
}

function equalsIgnoreCase(target: Value, other: Value): boolean {
  if (target === null) return false;
  if (typeof target !== 'string') throw new EvaluationError(`equalsIgnoreCase() is a string method, and ${describe(target)} is not a string`);
  // Java compares character by character, upper case then lower case; comparing both foldings is the same test.
  return typeof other === 'string' && target.length === other.length && (target.toUpperCase() === other.toUpperCase() || target.toLowerCase() === other.toLowerCase());
}

/** Map.get(key) / List.get(index); JSON text is read as the object or array it holds. */
function get(target: Value, key: Value): Value {
  if (target === null || key === null) return null;
  const container = typeof target === 'string' ? parseJson(target) : target;
  if (container === undefined || typeof container !== 'object' || container instanceof DateTime) {
    throw new EvaluationError(`get() needs an object or an array, got ${describe(target)}`);
  }
  // The container is a Value (or JSON parsed from one), so what it holds is a Value too.
  return (field(container, toText(key)) as Value | undefined) ?? null;
}

export const METHODS: ReadonlyMap<string, Method> = new Map(
  [
    { name: 'equals', arity: 1, call: (target: Value, args: readonly Value[]) => target !== null && sameValue(target, args[0] ?? null) },
    { name: 'equalsIgnoreCase', arity: 1, call: (target: Value, args: readonly Value[]) => equalsIgnoreCase(target, args[0] ?? null) },
    { name: 'get', arity: 1, call: (target: Value, args: readonly Value[]) => get(target, args[0] ?? null) },
  ].map((method) => [method.name, method]),
);

const STRING_PARAMS = (what: string) =>
  [
    { name: 'STRING1', description: 'The first string you want to compare.', type: 'string' },
    { name: 'STRING2', description: `The second string you want to compare${what}.`, type: 'string' },
  ] as const;

/** The two methods the documentation lists as String functions, as the function listing shows them. */
export const METHOD_DOCS: readonly FunctionDoc[] = [
  {
    name: 'equals',
    category: 'String',
    description: 'Compares two strings to confirm if they are equal. This function is case sensitive.',
    syntax: 'STRING1.equals(STRING2)',
    params: STRING_PARAMS(''),
    example: '"string1".equals("STRING1")',
    result: 'false',
    returns: 'true when the strings are equal, case sensitively; false when STRING1 is null',
    returnType: 'java.lang.Boolean',
  },
  {
    name: 'equalsIgnoreCase',
    category: 'String',
    description: 'Compares two strings to confirm if they are equal. This function is not case sensitive.',
    syntax: 'STRING1.equalsIgnoreCase(STRING2)',
    params: STRING_PARAMS(', ignoring case'),
    example: '"string1".equalsIgnoreCase("STRING1")',
    result: 'true',
    returns: 'true when the strings are equal ignoring case; false when either is null',
    returnType: 'java.lang.Boolean',
  },
];
