// Why an expression does not compile, with where: thrown by the lexer, the parser and the compiler, and turned
// into the `ExpressionProblem` that compileExpression answers (expression.ts).

import type { ExpressionProblem } from './expression.js';

export class CompileError extends Error {
  /**
   * @param position 0-based offset into the expression text; the problem reports it 1-based
   */
  constructor(
    readonly kind: ExpressionProblem['kind'],
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'CompileError';
  }

  toProblem(): ExpressionProblem {
    return { kind: this.kind, message: this.message, position: this.position + 1 };
  }
}

/** A syntax error at `position` (0-based). */
export const syntaxError = (message: string, position: number): CompileError => new CompileError('syntax', message, position);
