// Java regular expressions (`=~`, `!~`) run as JavaScript RegExps. Java's `matches` is a whole-string match;
// Java's leading inline flags `(?i)`, `(?s)`, `(?m)` become RegExp flags. The syntax of the two mostly agrees;
// what JavaScript cannot read (possessive quantifiers, `\p{Alpha}`) is an error that fails the row.

import { EvaluationError } from './values.js';

const cache = new Map<string, RegExp>();
/** Patterns usually come from a literal or a column with few distinct values: a small cache suffices. */
const CACHE_LIMIT = 256;

function compile(pattern: string): RegExp {
  const inline = /^\(\?([imsu]+)\)/.exec(pattern);
  const flags = inline ? [...new Set(inline[1])].join('') : '';
  const body = `^(?:${inline ? pattern.slice(inline[0].length) : pattern})$`;
  try {
    // Unicode mode first, for \p{L} and astral characters; without it for Java escapes it refuses (`\_`, `\-`).
    return new RegExp(body, flags.includes('u') ? flags : `${flags}u`);
  } catch {
    try {
      return new RegExp(body, flags.replace('u', ''));
    } catch (error) {
      throw new EvaluationError(`invalid regular expression ${JSON.stringify(pattern)}: ${(error as Error).message}`);
    }
  }
}

/** A RegExp matching whole strings as Java's `String.matches(pattern)` does. */
export function wholeMatch(pattern: string): RegExp {
  let regex = cache.get(pattern);
  if (!regex) {
    regex = compile(pattern);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(pattern, regex);
  }
  return regex;
}
