// Calculated fields in onboarding: a mapping override whose source is not a column of the table (nor a plain
// column name) is a Data Prep expression. Each is checked by the Platform itself (`POST /languages/el/validate`)
// before anything is written, so that a typo or an unsupported function stops the onboarding with exit 2 instead
// of failing every run. Which sources are columns is known once the table is explored; sources that cannot be a
// column name anyone would use (a call, a `${…}` reference) are checked even before that, so that `plan` of a
// new connection checks them too.

import type { PlatformClient } from '../platform/client.js';
import { InvalidInputError } from '../platform/errors.js';
import { isPlainColumn } from '../platform/mapping.js';

/** The overrides' sources that are surely expressions (a call or a `${…}` reference), in order. */
export function surelyExpressions(overrides: Readonly<Record<string, string | null | undefined>> | undefined): string[] {
  return Object.entries(overrides ?? {})
    .filter(([source, path]) => !isPlainColumn(source) && /\(|\$\{/.test(source) && path !== null && path !== undefined && path.trim() !== '')
    .map(([source]) => source);
}

/** Whether a table's mapping has a source that is not a plain column name (a calculated field, surely or likely). */
export function hasCalculatedFields(request: { mappingOverrides?: Readonly<Record<string, string>> | undefined }): boolean {
  return Object.keys(request.mappingOverrides ?? {}).some((source) => !isPlainColumn(source));
}

/** Asks Data Prep about every expression at once; the first it refuses is an InvalidInputError naming it and why. */
export async function checkExpressions(client: PlatformClient, expressions: readonly string[]): Promise<void> {
  const verdicts = await Promise.all(expressions.map(async (expression) => ({ expression, verdict: await client.dataPrep.expressions.validate(expression) })));
  const refused = verdicts.find((v) => !v.verdict.valid);
  if (refused && !refused.verdict.valid) {
    throw new InvalidInputError(`mapping "${refused.expression}"`, `Data Prep refuses the expression: ${refused.verdict.reason}`);
  }
}
