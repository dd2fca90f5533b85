// Equality, ordering and the string-matching operators, as JEXL's arithmetic decides them (JexlArithmetic
// equals, compare, contains, startsWith, endsWith):
//
//   null         null == null is true, null == anything else false; <, <=, >, >= with a null operand are false
//                (but null <= null and null >= null are true, as in JEXL); `null =~ x` is false
//   booleans     a boolean on either side of == compares truth values (JEXL: `"false" == false` is true)
//   numbers      a number against a number or numeric text compares numerically ("10" == 10); against other
//                text == is false and < is an error
//   text         strings compare by UTF-16 code units, as Java's compareTo; a string against a date, an array or
//                an object compares their text forms (JEXL compares toString())
//   dates        by instant
//   =~           right a string: the left value's text matches it as a whole (Java `matches`); right an array:
//                it holds an element == the left value; right an object: it has the left value as a key

import { describe, isNumericText, toText, truthy } from './coerce.js';
import { wholeMatch } from './patterns.js';
import { DateTime, EvaluationError, isObject, type Value } from './values.js';

/** Java's `equals`: same type and value, arrays and objects element by element; no coercion. */
export function sameValue(left: Value, right: Value): boolean {
  if (left === right) return true;
  if (left instanceof DateTime && right instanceof DateTime) return left.epochMs === right.epochMs && left.nanos === right.nanos && left.zone === right.zone;
  if (Array.isArray(left) && Array.isArray(right)) return left.length === right.length && left.every((item, i) => sameValue(item, right[i] as Value));
  if (isObject(left) && isObject(right)) {
    const keys = Object.keys(left);
    return keys.length === Object.keys(right).length && keys.every((key) => Object.hasOwn(right, key) && sameValue(left[key] as Value, right[key] as Value));
  }
  return false;
}

/** A number, a boolean or numeric text, as a number; undefined for anything else. */
function numeric(value: Value): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return typeof value === 'string' && isNumericText(value) ? Number(value.trim()) : undefined;
}

const sign = (a: number | string, b: number | string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The order of two non-null values (negative, 0, positive), or undefined when they cannot be compared. */
function order(left: Value, right: Value): number | undefined {
  if (typeof left === 'number' || typeof right === 'number' || typeof left === 'boolean' || typeof right === 'boolean') {
    const a = numeric(left);
    const b = numeric(right);
    return a === undefined || b === undefined ? undefined : sign(a, b);
  }
  if (left instanceof DateTime && right instanceof DateTime) return sign(left.epochMs, right.epochMs) || sign(left.nanos, right.nanos);
  if (typeof left === 'string' || typeof right === 'string') return sign(toText(left), toText(right));
  return undefined;
}

/** `==`. */
export function equal(left: Value, right: Value): boolean {
  if (left === right) return true;
  if (left === null || right === null) return false;
  if (typeof left === 'boolean' || typeof right === 'boolean') return truthy(left) === truthy(right);
  if (left instanceof DateTime && right instanceof DateTime) return left.epochMs === right.epochMs && left.nanos === right.nanos;
  if (typeof left === 'object' && typeof right === 'object') return sameValue(left, right);
  return order(left, right) === 0;
}

/** The order of two non-null values; an error naming the operator when they have none. */
function compare(left: Value, right: Value, symbol: string): number {
  const result = order(left, right);
  if (result === undefined) throw new EvaluationError(`cannot compare ${describe(left)} with ${describe(right)} (operator ${symbol})`);
  return result;
}

export const lessThan = (left: Value, right: Value): boolean => left !== null && right !== null && compare(left, right, '<') < 0;
export const greaterThan = (left: Value, right: Value): boolean => left !== null && right !== null && compare(left, right, '>') > 0;

export function lessThanOrEqual(left: Value, right: Value): boolean {
  if (left === null || right === null) return left === right;
  return compare(left, right, '<=') <= 0;
}

export function greaterThanOrEqual(left: Value, right: Value): boolean {
  if (left === null || right === null) return left === right;
  return compare(left, right, '>=') >= 0;
}

/** `left =~ right`: matches the pattern, is in the array, is a key of the object. */
export function matches(left: Value, right: Value): boolean {
  if (left === null || right === null) return left === right;
  if (typeof right === 'string') return wholeMatch(right).test(toText(left));
  if (Array.isArray(right)) return right.some((item) => equal(item, left));
  if (isObject(right)) return isObject(left) ? Object.keys(left).every((key) => Object.hasOwn(right, key)) : Object.hasOwn(right, toText(left));
  return equal(left, right);
}

/** `left =^ right`, on the text of both; two nulls are equal, one null is not a prefix. */
export function startsWith(left: Value, right: Value): boolean {
  if (left === null || right === null) return left === right;
  return toText(left).startsWith(toText(right));
}

export function endsWith(left: Value, right: Value): boolean {
  if (left === null || right === null) return left === right;
  return toText(left).endsWith(toText(right));
}
