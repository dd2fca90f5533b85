// The arithmetic and bitwise operators, as JEXL computes them on Java numbers. Choices where JavaScript and the
// JVM differ, or where JEXL leaves it to a "strict" or "lenient" mode:
//
//   +            with a string on either side it concatenates (null reads as ""): JEXL's strict arithmetic,
//                and what `first + " " + last` is written for; otherwise it adds numbers
//   numbers      numeric text ("12", "1.5") and booleans (1, 0) are numbers, as JEXL coerces them; a date, an
//                array, an object or other text is an error that fails the row
//   null         one null operand is 0 (JEXL's lenient mode: `qty + null` is qty); two null operands give null,
//                not JEXL's 0, so that a field computed from two NULL columns is left out rather than written 0
//   / and %      two whole numbers divide as Java integers (7 / 2 is 3, -7 / 2 is -3); a decimal operand —
//                a number with a fraction, text such as "2.5", or a literal written 2.0 — divides exactly.
//                Division by zero is an error, as JEXL's ArithmeticException
//   &, |, ^, ~   on 64-bit integers (Java long), operands truncated to whole numbers
//   precision    JavaScript numbers: integers beyond 2^53 lose precision where Java would use BigInteger

import { isDecimal, toNumber, toText } from './coerce.js';
import { EvaluationError, type Value } from './values.js';

/** `-0` is 0 (Java integers have no negative zero). */
const whole = (n: number): number => Math.trunc(n) + 0;

export function add(left: Value, right: Value): Value {
  if (left === null && right === null) return null;
  if (typeof left === 'string' || typeof right === 'string') return toText(left) + toText(right);
  return toNumber(left, '+') + toNumber(right, '+');
}

export function subtract(left: Value, right: Value): Value {
  if (left === null && right === null) return null;
  return toNumber(left, '-') - toNumber(right, '-');
}

export function multiply(left: Value, right: Value): Value {
  if (left === null && right === null) return null;
  return toNumber(left, '*') * toNumber(right, '*');
}

/** `exact`: an operand is written as a decimal literal (`x / 2.0`), which JavaScript's numbers cannot tell. */
export function divide(left: Value, right: Value, exact = false): Value {
  if (left === null && right === null) return null;
  const dividend = toNumber(left, '/');
  const divisor = toNumber(right, '/');
  if (divisor === 0) throw new EvaluationError('division by zero');
  return exact || isDecimal(left) || isDecimal(right) ? dividend / divisor : whole(dividend / divisor);
}

/** The remainder takes the dividend's sign, as in Java (and JavaScript). */
export function mod(left: Value, right: Value): Value {
  if (left === null && right === null) return null;
  const dividend = toNumber(left, '%');
  const divisor = toNumber(right, '%');
  if (divisor === 0) throw new EvaluationError('modulo by zero');
  return dividend % divisor;
}

/** Unary minus; JEXL negates a boolean. Null stays null. */
export function negate(value: Value): Value {
  if (value === null) return null;
  if (typeof value === 'boolean') return !value;
  return -toNumber(value, '-');
}

function toLong(value: Value, symbol: string): bigint {
  const n = toNumber(value, symbol);
  if (!Number.isFinite(n)) throw new EvaluationError(`${n} is not an integer (operator ${symbol})`);
  return BigInt(whole(n));
}
const fromLong = (value: bigint): number => Number(BigInt.asIntN(64, value));

export function complement(value: Value): Value {
  return value === null ? null : fromLong(~toLong(value, '~'));
}

export function bitwiseAnd(left: Value, right: Value): Value {
  return left === null && right === null ? null : fromLong(toLong(left, '&') & toLong(right, '&'));
}

export function bitwiseOr(left: Value, right: Value): Value {
  return left === null && right === null ? null : fromLong(toLong(left, '|') | toLong(right, '|'));
}

export function bitwiseXor(left: Value, right: Value): Value {
  return left === null && right === null ? null : fromLong(toLong(left, '^') ^ toLong(right, '^'));
}
