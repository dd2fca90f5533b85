// "Aggregation": min and max of their arguments, by Java's natural ordering (Comparable.compareTo).

import type { ExpressionFunction } from '../registry.js';
import { DateTime, EvaluationError, type Value } from '../values.js';
import { describeValue, spreadVarargs } from './arrays.js';

type Comparable = number | string | boolean | DateTime;

/** The Comparable kind of a value; the Java classes that do not compare to each other get different kinds. */
function kindOf(name: string, value: Value): string {
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return typeof value;
  if (value instanceof DateTime) return 'date';
  throw new EvaluationError(`${name}: ${describeValue(value)} cannot be compared (expected numbers, strings, booleans or dates)`);
}

/**
 * compareTo within one kind. Strings compare by UTF-16 code unit, as String.compareTo does (so "B" < "a");
 * false < true, as Boolean.compareTo; dates by instant, then by nanoseconds (ZonedDateTime.compareTo).
 */
function compare(a: Comparable, b: Comparable): number {
  if (a instanceof DateTime && b instanceof DateTime) return a.epochMs - b.epochMs || a.nanos - b.nanos;
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/**
 * The least (sign -1) or greatest (sign 1) argument; of equal ones, the first, as Collections.min/max keep it.
 * Null arguments are skipped, so that a missing column does not fail the row (Java would throw a
 * NullPointerException); all null gives null. Mixed kinds (a number and a string) are an error, as the
 * ClassCastException of compareTo is in Java; all numbers count as one kind, since JSON has one number type.
 */
function extreme(name: string, args: readonly Value[], sign: 1 | -1): Value {
  let best: Comparable | null = null;
  let bestKind = '';
  for (const value of spreadVarargs(args)) {
    if (value === null) continue;
    const kind = kindOf(name, value);
    const candidate = value as Comparable;
    if (best === null) {
      [best, bestKind] = [candidate, kind];
    } else if (kind !== bestKind) {
      const pair = `${describeValue(best)} with ${describeValue(candidate)}`;
      throw new EvaluationError(`${name}: cannot compare ${pair} (a ${bestKind} and a ${kind})`);
    } else if (compare(candidate, best) * sign > 0) {
      best = candidate;
    }
  }
  return best;
}

export const aggregationFunctions: readonly ExpressionFunction[] = [
  {
    name: 'min',
    category: 'Aggregation',
    description: 'Returns the minimum of the given arguments. Uses natural ordering.',
    syntax: 'min(OPTIONS)',
    params: [{ name: 'OPTIONS', type: 'object', description: 'One or more objects that can be compared to each other.', variadic: true }],
    minArgs: 1,
    maxArgs: Infinity,
    example: 'min(3, 1, 4)',
    result: '1',
    returns: 'The least argument (nulls ignored)',
    returnType: 'java.lang.Object',
    call: (args) => extreme('min', args, -1),
  },
  {
    name: 'max',
    category: 'Aggregation',
    description: 'Returns the maximum of the given arguments. Uses natural ordering.',
    syntax: 'max(OPTIONS)',
    params: [{ name: 'OPTIONS', type: 'object', description: 'One or more objects that can be compared to each other.', variadic: true }],
    minArgs: 1,
    maxArgs: Infinity,
    example: 'max(3, 1, 4)',
    result: '4',
    returns: 'The greatest argument (nulls ignored)',
    returnType: 'java.lang.Object',
    call: (args) => extreme('max', args, 1),
  },
];
