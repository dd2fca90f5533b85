// The entry point of the Data Prep expression language: compile once (syntax, functions, arity checked), then
// evaluate per row. Used by the runner (every row of a run), by preview and by the validate endpoints, so that
// what validate accepts, preview shows and a run writes are one and the same.

import { columnsOf, type Node } from './ast.js';
import { CompileError } from './compile-error.js';
import { compileNode, type Evaluator, type Scope } from './evaluate.js';
import { parse } from './parser.js';
import type { EvaluationContext } from './registry.js';
import { EvaluationError, type Value } from './values.js';

/** Why an expression cannot be compiled. `position` is 1-based, into the expression text. */
export interface ExpressionProblem {
  kind: 'syntax' | 'unknown-function' | 'unknown-method' | 'arity' | 'reserved-word';
  message: string;
  position?: number;
}

export interface EvaluationResult {
  value: Value;
  /** The first column the expression reads that the row does not have (the row then fails, naming it). */
  missing?: string;
}

export interface CompiledExpression {
  readonly text: string;
  /** The top-level columns the expression reads (for `--map` checks and error messages). */
  readonly columns: readonly string[];
  /**
   * The value for one source row (column name → value as the database reader gives it). Throws EvaluationError
   * when the row cannot be evaluated (a function refuses an argument, `"abc" * 2`), its message starting with
   * the expression: `"to_integer(age)": …`. A row without a column the expression reads answers `missing`
   * instead, even when the null read in its place then made something fail.
   */
  evaluate(row: Readonly<Record<string, unknown>>, context: EvaluationContext): EvaluationResult;
}

export type Compiled = { ok: true; expression: CompiledExpression } | { ok: false; problem: ExpressionProblem };

/** A problem as one sentence: `unknown function lowr(); did you mean lower()? (at position 1)`. */
export function describeExpressionProblem(problem: ExpressionProblem): string {
  return problem.position === undefined ? problem.message : `${problem.message} (at position ${problem.position})`;
}

/** The expression as error messages quote it: JSON-quoted, long ones shortened. */
function quoted(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(oneLine.length > 60 ? `${oneLine.slice(0, 60)}…` : oneLine);
}

function evaluator(text: string, run: Evaluator): CompiledExpression['evaluate'] {
  const label = quoted(text);
  return (row, context) => {
    const scope: Scope = { row, context, missing: undefined };
    let value: Value;
    try {
      value = run(scope);
    } catch (error) {
      if (!(error instanceof EvaluationError)) throw error;
      if (scope.missing !== undefined) return { value: null, missing: scope.missing };
      throw new EvaluationError(`${label}: ${error.message}`);
    }
    return scope.missing === undefined ? { value } : { value, missing: scope.missing };
  };
}

/** Compiles `text`: syntax, functions, methods and argument counts are checked here, once. */
export function compileExpression(text: string): Compiled {
  let tree: Node;
  let run: Evaluator;
  try {
    tree = parse(text);
    run = compileNode(tree);
  } catch (error) {
    if (error instanceof CompileError) return { ok: false, problem: error.toProblem() };
    // Thousands of nested parentheses exhaust the parser's stack: a bad expression, not a crash of the caller.
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      return { ok: false, problem: { kind: 'syntax', message: 'the expression is nested too deeply', position: 1 } };
    }
    throw error;
  }
  return { ok: true, expression: { text, columns: columnsOf(tree), evaluate: evaluator(text, run) } };
}
