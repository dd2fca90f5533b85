// Colours only on a terminal, unless asked otherwise. In order, the first that speaks decides:
//   1. --no-color: nothing on this command line is coloured (no-color.org: a command-line flag, specific to one
//      invocation, overrides the environment).
//   2. FORCE_COLOR, as Node itself reads it (https://nodejs.org/api/cli.html#force_color1-2-3), and chalk:
//      1, 2, 3, true or empty turn colours on even in a pipe or a file, and then NO_COLOR and TERM=dumb are
//      ignored (Node: "when FORCE_COLOR is used and set to a supported value, both NO_COLOR and
//      NODE_DISABLE_COLORS are ignored"); any other value (0, false) turns them off. It is the more specific
//      request: a CI job or a pager wrapper sets it on purpose, where NO_COLOR is a standing preference.
//   3. NO_COLOR, any non-empty value (https://no-color.org): off.
//   4. TERM=dumb: off.
//   5. Otherwise colours exactly when the stream is a terminal.

import { Chalk, type ChalkInstance } from 'chalk';
import type { OutStream } from './streams.js';

/** FORCE_COLOR read as Node reads it: true (on), false (off), or undefined when it is not set. */
export function forcedColour(env: Record<string, string | undefined>): boolean | undefined {
  const force = env['FORCE_COLOR'];
  if (force === undefined) return undefined;
  return ['', '1', '2', '3', 'true'].includes(force.trim().toLowerCase());
}

export function colourEnabled(stream: OutStream, env: Record<string, string | undefined>, flag: boolean): boolean {
  if (!flag) return false;
  const forced = forcedColour(env);
  if (forced !== undefined) return forced;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['TERM'] === 'dumb') return false;
  return stream.isTTY === true;
}

export function makeStyle(enabled: boolean): ChalkInstance {
  return new Chalk({ level: enabled ? 1 : 0 });
}
