// Colours only on a terminal, never when NO_COLOR is set (https://no-color.org) or --no-color is given.

import { Chalk, type ChalkInstance } from 'chalk';
import type { OutStream } from './streams.js';

export function colourEnabled(stream: OutStream, env: Record<string, string | undefined>, flag: boolean): boolean {
  if (!flag) return false;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['TERM'] === 'dumb') return false;
  return stream.isTTY === true;
}

export function makeStyle(enabled: boolean): ChalkInstance {
  return new Chalk({ level: enabled ? 1 : 0 });
}
