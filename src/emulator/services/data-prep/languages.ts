// Data Prep's expression language endpoints (`/languages/el`, data-prep/api/functions.md): the function and
// operator listings, and the check of one expression. The listings come from the expression package itself,
// so they name exactly what the emulator evaluates.
//
// `POST /languages/el/validate` answers a valid expression as the guide shows it,
// `200 {"validationStatus": "succeeded", "error": "none"}` (the OpenAPI says a bare boolean). An invalid one is
// the OpenAPI's `400 An invalid expression was posted`, whose body the guide does not show: a problem body that
// also carries the guide's two fields (`validationStatus: "failed"`, `error`: the reason), plus `kind` and
// `position` (1-based) of the problem.

import { fail, problem } from '../../errors.js';
import { ok, type EmulatorRequest, type Reply } from '../../http-types.js';
import { functionListing } from '../../expression/catalog.js';
import { compileExpression, describeExpressionProblem } from '../../expression/expression.js';
import { operatorListing } from '../../expression/operators.js';
import { isObject } from './mapping-set.js';

const badRequest = (detail: string) => problem(400, 'Invalid expression request', detail);

/** The expression text: `{"expression": "…"}` as the guide sends it, or `{"expression": {"expression": "…"}}` as the OpenAPI example nests it. */
function expressionText(body: unknown): string {
  const outer = isObject(body) ? body['expression'] : undefined;
  const text = isObject(outer) ? outer['expression'] : outer;
  if (typeof text !== 'string') return fail(badRequest('expression is required: the expression to check, as a string ({"expression": "lower(email)"})'));
  if (text.trim() === '') return fail(badRequest('expression is empty'));
  return text;
}

export function validateExpression(request: EmulatorRequest): Reply {
  const compiled = compileExpression(expressionText(request.body));
  if (compiled.ok) return ok({ validationStatus: 'succeeded', error: 'none' });
  const reason = describeExpressionProblem(compiled.problem);
  const { body } = problem(400, 'Invalid expression', reason);
  return {
    status: 400,
    body: {
      ...(body as object),
      validationStatus: 'failed',
      error: reason,
      kind: compiled.problem.kind,
      ...(compiled.problem.position !== undefined && { position: compiled.problem.position }),
    },
  };
}

export const listFunctions = (): Reply => ok(functionListing());
export const listOperators = (): Reply => ok(operatorListing());
