// The operators: what each computes (for the compiler) and how `GET /languages/el/operators` lists it, in the
// documented item shape `{operatorSymbol, methodName, numberOfOperands, description, example}`. `methodName`
// is JEXL's (JexlOperator) where JEXL has one; the negated and logical forms, which JEXL evaluates without an
// arithmetic method, are named for what they do. Semantics: arithmetic.ts and comparison.ts.

import { add, bitwiseAnd, bitwiseOr, bitwiseXor, complement, divide, mod, multiply, negate, subtract } from './arithmetic.js';
import type { BinaryOperator, UnaryOperator } from './ast.js';
import { truthy } from './coerce.js';
import { endsWith, equal, greaterThan, greaterThanOrEqual, lessThan, lessThanOrEqual, matches, startsWith } from './comparison.js';
import { DateTime, type Value } from './values.js';

export interface OperatorListing {
  operatorSymbol: string;
  methodName: string;
  numberOfOperands: number;
  description: string;
  example: string;
}

/** JEXL's `empty`: null, "", 0, NaN, [] and {} are empty. */
export function isEmpty(value: Value): boolean {
  if (value === null) return true;
  if (typeof value === 'string' || Array.isArray(value)) return value.length === 0;
  if (typeof value === 'number') return value === 0 || Number.isNaN(value);
  if (typeof value === 'boolean' || value instanceof DateTime) return false;
  return Object.keys(value).length === 0;
}

/** JEXL's `size`: the length of a string or an array, the number of keys of an object; 0 for null, else 1. */
export function sizeOf(value: Value): number {
  if (value === null) return 0;
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  if (typeof value === 'object' && !(value instanceof DateTime)) return Object.keys(value).length;
  return 1;
}

export const BINARY_OPERATIONS: Readonly<Record<BinaryOperator, (left: Value, right: Value) => Value>> = {
  add,
  subtract,
  multiply,
  divide: (left, right) => divide(left, right),
  mod,
  bitwiseAnd,
  bitwiseOr,
  bitwiseXor,
  equals: equal,
  notEquals: (left, right) => !equal(left, right),
  lessThan,
  lessThanOrEqual,
  greaterThan,
  greaterThanOrEqual,
  matches,
  notMatches: (left, right) => !matches(left, right),
  startsWith,
  notStartsWith: (left, right) => !startsWith(left, right),
  endsWith,
  notEndsWith: (left, right) => !endsWith(left, right),
};

export const UNARY_OPERATIONS: Readonly<Record<UnaryOperator, (value: Value) => Value>> = {
  negate,
  not: (value) => !truthy(value),
  complement,
  empty: isEmpty,
  size: sizeOf,
};

type Row = [symbol: string, methodName: string, operands: number, description: string, example: string];

/** Every operator the parser accepts, word forms included. The first five descriptions are the documented ones. */
const LISTING: readonly Row[] = [
  ['+', 'add', 2, 'Simple arithmetic addition', '1 + 2'],
  ['/', 'divide', 2, 'Simple arithmetic division', '1 / 2'],
  ['~', 'complement', 1, 'The usual ~ operator is used, e.g., ~33, ~0010 0001 = 1101 1110 = -34.', '~44'],
  ['-', 'negate', 1, 'The unary - operator is used. For example, -12', '-12'],
  ['!', 'not', 1, 'The usual ! operator can be used as well as the word not, e.g., !cond1 and not cond1 are equivalent', '!cond1'],
  ['not', 'not', 1, 'Logical not, the word form of !', 'not cond1'],
  ['+', 'add', 2, 'String concatenation when either operand is a string (null adds nothing)', 'firstName + " " + lastName'],
  ['-', 'subtract', 2, 'Simple arithmetic subtraction', '3 - 1'],
  ['*', 'multiply', 2, 'Simple arithmetic multiplication', '2 * 3'],
  ['div', 'divide', 2, 'Simple arithmetic division, the word form of /; two whole numbers divide as integers', '7 div 2'],
  ['%', 'mod', 2, 'The remainder of a division', '7 % 2'],
  ['mod', 'mod', 2, 'The remainder of a division, the word form of %', '7 mod 2'],
  ['&', 'and', 2, 'Bitwise and of two integers', '33 & 4'],
  ['|', 'or', 2, 'Bitwise or of two integers', '33 | 4'],
  ['^', 'xor', 2, 'Bitwise exclusive or of two integers', '33 ^ 4'],
  ['==', 'equals', 2, 'Equality; numbers compare numerically, null equals only null', 'age == 18'],
  ['eq', 'equals', 2, 'Equality, the word form of ==', 'age eq 18'],
  ['!=', 'notEquals', 2, 'Inequality', 'country != "US"'],
  ['ne', 'notEquals', 2, 'Inequality, the word form of !=', 'country ne "US"'],
  ['<', 'lessThan', 2, 'Less than; numbers numerically, strings lexicographically; false when an operand is null', 'age < 18'],
  ['lt', 'lessThan', 2, 'Less than, the word form of <', 'age lt 18'],
  ['<=', 'lessThanOrEqual', 2, 'Less than or equal', 'age <= 18'],
  ['le', 'lessThanOrEqual', 2, 'Less than or equal, the word form of <=', 'age le 18'],
  ['>', 'greaterThan', 2, 'Greater than', 'age > 18'],
  ['gt', 'greaterThan', 2, 'Greater than, the word form of >', 'age gt 18'],
  ['>=', 'greaterThanOrEqual', 2, 'Greater than or equal', 'age >= 18'],
  ['ge', 'greaterThanOrEqual', 2, 'Greater than or equal, the word form of >=', 'age ge 18'],
  [
    '=~',
    'contains',
    2,
    'In or matches: the left value matches the regular expression on the right (whole string), is an element of the array, or is a key of the object',
    'email =~ ".*@adobe\\.com"',
  ],
  ['!~', 'notContains', 2, 'Not in and not matching: the negation of =~', 'country !~ ["US", "CA"]'],
  ['=^', 'startsWith', 2, 'Starts with', 'phone =^ "+1"'],
  ['!^', 'notStartsWith', 2, 'Does not start with', 'phone !^ "+1"'],
  ['=$', 'endsWith', 2, 'Ends with', 'email =$ "@adobe.com"'],
  ['!$', 'notEndsWith', 2, 'Does not end with', 'email !$ "@adobe.com"'],
  ['&&', 'conditionalAnd', 2, 'Logical and; the right operand is evaluated only when the left one is true', 'cond1 && cond2'],
  ['and', 'conditionalAnd', 2, 'Logical and, the word form of &&', 'cond1 and cond2'],
  ['||', 'conditionalOr', 2, 'Logical or; the right operand is evaluated only when the left one is false', 'cond1 || cond2'],
  ['or', 'conditionalOr', 2, 'Logical or, the word form of ||', 'cond1 or cond2'],
  ['? :', 'ternary', 3, 'Conditional: the second operand when the first is true, else the third', 'age >= 18 ? "adult" : "minor"'],
  ['?:', 'elvis', 2, 'The first operand when it is true (not null, false, 0 or empty), else the second', 'nickname ?: firstName'],
  ['empty', 'empty', 1, 'Whether the operand is null, an empty string, array or object, or 0', 'empty(middleName)'],
  ['size', 'size', 1, 'The length of a string or array, the number of keys of an object (0 for null)', 'size(tags)'],
];

/** `GET /languages/el/operators`. */
export function operatorListing(): OperatorListing[] {
  return LISTING.map(([operatorSymbol, methodName, numberOfOperands, description, example]) => ({ operatorSymbol, methodName, numberOfOperands, description, example }));
}
