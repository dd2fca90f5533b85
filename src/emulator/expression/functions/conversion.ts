// "Type conversions": strings to numbers, with the parsing rules of the Java methods they stand for (checked
// with Java 17's jshell): new BigDecimal(String), Double.parseDouble, Float.parseFloat and Integer.parseInt.
// All of them give a JavaScript number (values.ts: one number type stands for Integer, Long, Double and
// BigDecimal); numbers beyond 2^53 lose precision as in any JSON number.

import type { ExpressionFunction } from '../registry.js';
import { EvaluationError, type Value } from '../values.js';
import { describeValue } from './arrays.js';

/** BigDecimal's grammar: no surrounding whitespace, no suffix, no NaN or Infinity. */
const BIG_DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** Double/Float.parseDouble's decimal grammar, after String.trim(): an optional f/F/d/D type suffix (`20.5d`). */
const JAVA_FLOATING = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?$/;
/** Integer.parseInt's grammar: a sign and decimal digits only (`12.0` and ` 12` are refused). */
const JAVA_INTEGER = /^[+-]?\d+$/;

/** Java's String.trim(): every character up to U+0020 (controls included) at both ends. */
const javaTrim = (text: string): string => text.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');

const notA = (name: string, value: Value, type: string): EvaluationError =>
  new EvaluationError(`${name}: cannot convert ${describeValue(value)} to ${type}`);

/**
 * The argument as text to parse, or a number to take as it is. A null argument gives a null result (the
 * callers return null); booleans, dates, arrays and objects are not numbers in Java either.
 */
function numericArg(name: string, value: Value | undefined, type: string): string | number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  throw notA(name, value, type);
}

/**
 * The float nearest to `value`, written as Java's Float.toString writes it: the fewest significant digits that
 * still read back as that float. So to_float("12.3456") is 12.3456 (jshell: Float.parseFloat("12.3456") prints
 * 12.3456), not the double 12.345600128173828 the float holds. The page documents 12.34566, a typo.
 * (Java 19 made Float.toString always the shortest; Java 17 sometimes writes one digit more, 1.23456792E8 for
 * 1.2345679E8, the same float.)
 */
function javaFloat(name: string, value: Value, parsed: number): number {
  const float = Math.fround(parsed);
  // Float.parseFloat("1e40") is Infinity in Java, which no JSON number (and no XDM field) can hold.
  if (!Number.isFinite(float)) throw new EvaluationError(`${name}: ${describeValue(value)} is out of the range of a Float`);
  for (let digits = 1; digits < 9; digits += 1) {
    const shortest = Number(float.toPrecision(digits));
    if (Math.fround(shortest) === float) return shortest;
  }
  return Number(float.toPrecision(9));
}

function toDouble(name: string, value: Value | undefined, type: string): number | null {
  const input = numericArg(name, value, type);
  if (input === null || typeof input === 'number') return input;
  const text = javaTrim(input);
  // Java also reads "NaN", "Infinity" and hexadecimal floats; none of them is a JSON number, so they fail here.
  if (!JAVA_FLOATING.test(text)) throw notA(name, input, type);
  const parsed = Number(text.replace(/[fFdD]$/, ''));
  if (!Number.isFinite(parsed)) throw new EvaluationError(`${name}: ${describeValue(input)} is out of the range of a ${type}`);
  return parsed;
}

/**
 * to_bigint keeps a fraction: the page documents to_bigint("1000000.34") as 1000000.34, so Data Prep evidently
 * reads the text as a BigDecimal. (In Java, new BigInteger("1000000.34") throws NumberFormatException and
 * new BigDecimal("1000000.34").toBigInteger() is 1000000; the documented output is followed.)
 */
function toBigint([value = null]: readonly Value[]): Value {
  const input = numericArg('to_bigint', value, 'a BigInteger');
  if (input === null || typeof input === 'number') return input;
  if (!BIG_DECIMAL.test(input)) throw notA('to_bigint', input, 'a BigInteger');
  const parsed = Number(input);
  if (!Number.isFinite(parsed)) throw new EvaluationError(`to_bigint: ${describeValue(input)} is too large for a JSON number`);
  return parsed;
}

/** Integer.parseInt: whole numbers from -2^31 to 2^31 - 1; a number argument must be such a whole number. */
function toInteger([value = null]: readonly Value[]): Value {
  const input = numericArg('to_integer', value, 'an Integer');
  if (input === null) return null;
  const parsed = typeof input === 'number' ? input : JAVA_INTEGER.test(input) ? Number(input) : NaN;
  if (!Number.isInteger(parsed)) throw notA('to_integer', input, 'an Integer');
  if (parsed < -(2 ** 31) || parsed > 2 ** 31 - 1) {
    throw new EvaluationError(`to_integer: ${describeValue(input)} is out of the range of an Integer`);
  }
  // `-0` parses to -0 in JavaScript; Java's int has no negative zero.
  return parsed === 0 ? 0 : parsed;
}

function toFloat([value = null]: readonly Value[]): Value {
  const parsed = toDouble('to_float', value, 'a Float');
  return parsed === null ? null : javaFloat('to_float', value, parsed);
}

export const conversionFunctions: readonly ExpressionFunction[] = [
  {
    name: 'to_bigint',
    category: 'Type conversions',
    description: 'Converts a string to a BigInteger.',
    syntax: 'to_bigint(STRING)',
    params: [{ name: 'STRING', type: 'string', description: 'The string that is to be converted to a BigInteger.' }],
    minArgs: 1,
    maxArgs: 1,
    example: 'to_bigint("1000000.34")',
    result: '1000000.34',
    returns: 'The number the string represents',
    returnType: 'java.math.BigInteger',
    call: (args) => toBigint(args),
  },
  {
    name: 'to_decimal',
    category: 'Type conversions',
    description: 'Converts a string to a Double.',
    syntax: 'to_decimal(STRING)',
    params: [{ name: 'STRING', type: 'string', description: 'The string that is to be converted to a Double.' }],
    minArgs: 1,
    maxArgs: 1,
    example: 'to_decimal("20.5")',
    result: '20.5',
    returns: 'The number the string represents, as a Double',
    returnType: 'java.lang.Double',
    call: ([value = null]) => toDouble('to_decimal', value, 'a Double'),
  },
  {
    name: 'to_float',
    category: 'Type conversions',
    description: 'Converts a string to a Float.',
    syntax: 'to_float(STRING)',
    params: [{ name: 'STRING', type: 'string', description: 'The string that is to be converted to a Float.' }],
    minArgs: 1,
    maxArgs: 1,
    example: 'to_float("12.3456")',
    // As the page shows it (the listing repeats the documentation). It is a typo: the function returns
    // 12.3456, as Java's Float.parseFloat("12.3456") does (see javaFloat).
    result: '12.34566',
    returns: 'The number the string represents, as a Float',
    returnType: 'java.lang.Float',
    call: (args) => toFloat(args),
  },
  {
    name: 'to_integer',
    category: 'Type conversions',
    description: 'Converts a string to an Integer.',
    syntax: 'to_integer(STRING)',
    params: [{ name: 'STRING', type: 'string', description: 'The string that is to be converted to an Integer.' }],
    minArgs: 1,
    maxArgs: 1,
    example: 'to_integer("12")',
    result: '12',
    returns: 'The number the string represents, as an Integer',
    returnType: 'java.lang.Integer',
    call: (args) => toInteger(args),
  },
];
