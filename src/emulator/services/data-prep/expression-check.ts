// The expression checks of Data Prep's validate endpoints: an EXPRESSION mapping must compile (known functions,
// the right number of arguments, valid syntax), and an ATTRIBUTE mapping must name a column, not hold an
// expression sent with the wrong source type. The compiler is the one runs and previews use, so what validate
// accepts is exactly what a run can evaluate.

import { fail } from '../../errors.js';
import { compileExpression, describeExpressionProblem } from '../../expression/expression.js';
import { invalid, type CheckedMapping, type MappingSetInput } from './mapping-set.js';

/**
 * An ATTRIBUTE source that is really an expression (`lower(email)`): a run would look for a column of that
 * name and fail every row. Only a source with a parenthesis that compiles is flagged — a column may well be
 * named `first-name` or `price (usd)`, and those must keep working as plain columns.
 */
function looksLikeExpression(source: string): boolean {
  return source.includes('(') && compileExpression(source).ok;
}

/** The expression problems of one mapping (none for STATIC, or when the source type itself is wrong). */
export function expressionErrors(checked: CheckedMapping): string[] {
  const { source, sourceType } = checked.echo;
  if (sourceType === 'EXPRESSION' && source.trim() !== '') {
    const compiled = compileExpression(source);
    return compiled.ok ? [] : [`Invalid expression ${JSON.stringify(source)}: ${describeExpressionProblem(compiled.problem)}`];
  }
  if (sourceType === 'ATTRIBUTE' && looksLikeExpression(source)) {
    return [`Source ${JSON.stringify(source)} is an expression, not a column name; send it with sourceType EXPRESSION (an ATTRIBUTE source is read as a column of that exact name)`];
  }
  return [];
}

/** Every problem of each mapping, in order: its shape and destination (mapping-set.ts), then its expression. */
export function allErrors(input: MappingSetInput): string[][] {
  return input.mappings.map((m) => [...m.errors, ...expressionErrors(m)]);
}

/**
 * For create and update with `?validate=true` (aepp sends it): 400 naming every failed mapping, as validate
 * reports it. Without the flag only the shape is enforced: validation is something a client asks for (the
 * documented create takes no such check), and a set stored with a bad expression still shows the mistake: the
 * runner fails every row of that mapping with the compile error, in the run's row errors.
 */
export function requireExpressionsValid(input: MappingSetInput): void {
  const problems = allErrors(input).flatMap((errors, i) => errors.map((e) => `mappings[${i}] (${input.mappings[i]?.echo.destination || 'no destination'}): ${e}`));
  if (problems.length > 0) fail(invalid(`The mapping set does not validate: ${problems.slice(0, 20).join('; ')}`));
}
