// How operators read a value as a boolean, a number or text — JEXL's coercions (JexlArithmetic toBoolean,
// toLong/toDouble, toString), in the value model of values.ts.

import { DateTime, EvaluationError, type Value } from './values.js';
import { formatDateTimeIso } from './date-time.js';

/** JEXL's truth: false, null, 0, NaN, "" and "false" are false; anything else (objects, arrays, dates) is true. */
export function truthy(value: Value): boolean {
  if (typeof value === 'boolean') return value;
  if (value === null) return false;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'string') return value !== '' && value !== 'false';
  return true;
}

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Whether a string reads as a number (`12`, ` -1.5 `, `1e3`). */
export const isNumericText = (text: string): boolean => NUMERIC.test(text.trim());

/**
 * Whether a value is a decimal for Java's arithmetic: a number with a fraction, or text written with a point or
 * an exponent (JEXL's isFloatingPointNumber). Two whole numbers divide as integers (7 / 2 is 3).
 */
export function isDecimal(value: Value): boolean {
  if (typeof value === 'number') return !Number.isInteger(value);
  return typeof value === 'string' && isNumericText(value) && /[.eE]/.test(value);
}

/** A short form of a value for messages: `"abc"`, `12`, `null`, `a date`, `an array`, `an object`. */
export function describe(value: Value): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null || typeof value !== 'object') return String(value);
  if (value instanceof DateTime) return `the date ${toText(value)}`;
  return Array.isArray(value) ? 'an array' : 'an object';
}

/**
 * A value as a number: numbers, numeric text (JEXL parses strings; "" is 0, as JEXL's lenient coercion has
 * it), booleans as 1 and 0. `symbol` names the operator in the error for anything else.
 */
export function toNumber(value: Value, symbol: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === null) return 0;
  if (typeof value === 'string') {
    if (value.trim() === '') return 0;
    if (isNumericText(value)) return Number(value.trim());
  }
  throw new EvaluationError(`${describe(value)} is not a number (operator ${symbol})`);
}

const jsonReplacer = (_key: string, item: unknown): unknown => (item instanceof DateTime ? toText(item) : item);

/**
 * A value as text, for `+` with a string and for the string operators: null is "" (JEXL concatenates it so),
 * dates are their ISO-8601 instant in UTC, arrays and objects their JSON.
 */
export function toText(value: Value): string {
  if (typeof value === 'string') return value;
  if (value === null) return '';
  if (typeof value !== 'object') return String(value);
  if (value instanceof DateTime) return formatDateTimeIso(value);
  return JSON.stringify(value, jsonReplacer);
}
