// What a Data Prep function is, for the parser (does it exist, how many arguments), the evaluator (call it) and
// `GET /languages/el/functions` (its documentation, in the documented item shape). Every category of the
// "Data Prep mapping functions" page has its own file under functions/; catalog.ts gathers them.

import type { DateTime, Value } from './values.js';

/** The categories, as `GET /languages/el/functions` names them. */
export type FunctionCategory =
  | 'String'
  | 'Regular expression'
  | 'Hashing'
  | 'URL'
  | 'Date / Time'
  | 'Hierarchies - Objects'
  | 'Hierarchies - Arrays'
  | 'Hierarchies - Maps'
  | 'Logical operators'
  | 'Aggregation'
  | 'Type conversions'
  | 'JSON'
  | 'Special operations'
  | 'User agent';

export interface FunctionParam {
  name: string;
  description: string;
  /** Java-ish type shown in the listing (`string`, `int`, `object`, `boolean`, `date`). */
  type: string;
  optional?: boolean;
  /** Takes any number of arguments from here on (`concat(STRING...)`). */
  variadic?: boolean;
}

/** What a function may ask of the row and the run it is evaluated for. */
export interface EvaluationContext {
  /** The run's clock: `now()` and `timestamp()` read it, so that one run has one "now". */
  now(): DateTime;
  /** A fresh random UUID (v4). */
  uuid(): string;
  /** Whether a dot path (`name.firstName`, backslash escapes a dot in a key) exists in the source row. */
  hasPath(path: string): boolean;
}

export interface ExpressionFunction {
  /** The name as written in expressions (lower case, as documented). */
  name: string;
  /** Other names for the same function (`lcase` for `lower`, `guid` for `uuid`). */
  aliases?: readonly string[];
  category: FunctionCategory;
  description: string;
  /** As documented: `substr(INPUT, START_INDEX, LENGTH)`. */
  syntax: string;
  params: readonly FunctionParam[];
  /** The smallest and largest number of arguments (Infinity: variadic). */
  minArgs: number;
  maxArgs: number;
  /** A documented example and its result, as the listing shows them. */
  example: string;
  result: string;
  /** For the listing (optional): what it returns, in words, and as a Java class (`java.lang.String`). */
  returns?: string;
  returnType?: string;
  /**
   * Computes the value from evaluated arguments. Throws EvaluationError for an argument it cannot use
   * (the row fails with that message).
   */
  call(args: readonly Value[], context: EvaluationContext): Value;
}

/** What the listing shows of a function: everything but how to call it (methods are listed this way too). */
export type FunctionDoc = Omit<ExpressionFunction, 'call' | 'minArgs' | 'maxArgs'>;
