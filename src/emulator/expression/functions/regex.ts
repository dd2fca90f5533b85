// "Regular expression" functions. REGEX is a java.util.regex pattern; strings.ts translates it (javaRegex),
// as explode needs the same translation.

import type { ExpressionFunction } from '../registry.js';
import type { Value } from '../values.js';
import { javaRegex, textArg, type JavaRegex } from './strings.js';

/** The STRING and the compiled REGEX of a call; null when either is null (the function then gives null). */
function operands(name: string, [value, regex]: readonly Value[]): { input: string; pattern: JavaRegex } | null {
  const input = textArg(name, 'STRING', value);
  const source = textArg(name, 'REGEX', regex);
  if (input === null || source === null) return null;
  return { input, pattern: javaRegex(name, source) };
}

/**
 * The whole match and then every group of the first match (Matcher.find(), so the pattern need not cover the
 * whole STRING); a group that took no part is null. No match: null, there is nothing to extract.
 */
function extractRegex(args: readonly Value[]): Value {
  const call = operands('extract_regex', args);
  if (call === null) return null;
  const { find } = call.pattern;
  find.lastIndex = 0;
  const match = find.exec(call.input);
  return match ? Array.from(match, (group) => group ?? null) : null;
}

/** Java's String.matches: the pattern must match the whole STRING ("xabc" does not match "abc"). */
function matchesRegex(args: readonly Value[]): Value {
  const call = operands('matches_regex', args);
  if (call === null) return null;
  const { full } = call.pattern;
  full.lastIndex = 0;
  return full.test(call.input);
}

const params = (stringDescription: string, regexDescription: string) => [
  { name: 'STRING', type: 'string', description: stringDescription },
  { name: 'REGEX', type: 'string', description: regexDescription },
];

export const regexFunctions: readonly ExpressionFunction[] = [
  {
    name: 'extract_regex',
    category: 'Regular expression',
    description: 'Extracts groups from the input string, based on a regular expression.',
    syntax: 'extract_regex(STRING, REGEX)',
    params: params('The string that you are extracting the groups from.', 'The regular expression that you want the group to match.'),
    minArgs: 2,
    maxArgs: 2,
    example: 'extract_regex("E259,E259B_009,1_1", "([^,]+),[^,]*,([^,]+)")',
    result: '["E259,E259B_009,1_1", "E259", "1_1"]',
    call: extractRegex,
  },
  {
    name: 'matches_regex',
    category: 'Regular expression',
    description: 'Checks to see if the string matches against the inputted regular expression.',
    syntax: 'matches_regex(STRING, REGEX)',
    params: params(
      'The string that you are checking matches the regular expression.',
      'The regular expression that you are comparing against.',
    ),
    minArgs: 2,
    maxArgs: 2,
    example: 'matches_regex("E259,E259B_009,1_1", "([^,]+),[^,]*,([^,]+)")',
    result: 'true',
    call: matchesRegex,
  },
];
