// Whether a stream gets colours (src/output/style.ts): --no-color, then FORCE_COLOR as Node reads it, then
// NO_COLOR, TERM=dumb, and last whether the stream is a terminal.

import { describe, expect, it } from 'vitest';
import { colourEnabled, forcedColour } from '../../src/output/style.js';

const terminal = { write: () => true, isTTY: true };
const pipe = { write: () => true, isTTY: false };

describe('colourEnabled', () => {
  it.each<[Record<string, string>, boolean | undefined]>([
    [{}, undefined],
    [{ FORCE_COLOR: '' }, true],
    [{ FORCE_COLOR: '1' }, true],
    [{ FORCE_COLOR: '2' }, true],
    [{ FORCE_COLOR: '3' }, true],
    [{ FORCE_COLOR: 'true' }, true],
    [{ FORCE_COLOR: '0' }, false],
    [{ FORCE_COLOR: 'false' }, false],
    // Node: any other value disables colours.
    [{ FORCE_COLOR: 'yes' }, false],
    [{ FORCE_COLOR: '4' }, false],
  ])('FORCE_COLOR of %j reads as %s', (env, forced) => {
    expect(forcedColour(env)).toBe(forced);
  });

  it.each<[string, typeof terminal, Record<string, string>, boolean, boolean]>([
    ['a terminal', terminal, {}, true, true],
    ['a pipe', pipe, {}, true, false],
    ['a pipe, FORCE_COLOR=1', pipe, { FORCE_COLOR: '1' }, true, true],
    ['a pipe, FORCE_COLOR=1 and NO_COLOR=1', pipe, { FORCE_COLOR: '1', NO_COLOR: '1' }, true, true],
    ['a terminal, FORCE_COLOR=1 and TERM=dumb', terminal, { FORCE_COLOR: '1', TERM: 'dumb' }, true, true],
    ['a terminal, FORCE_COLOR=0', terminal, { FORCE_COLOR: '0' }, true, false],
    ['a terminal, FORCE_COLOR=1 and --no-color', terminal, { FORCE_COLOR: '1' }, false, false],
    ['a terminal, NO_COLOR=1', terminal, { NO_COLOR: '1' }, true, false],
    ['a terminal, NO_COLOR empty', terminal, { NO_COLOR: '' }, true, true],
    ['a terminal, TERM=dumb', terminal, { TERM: 'dumb' }, true, false],
  ])('%s: %s', (_case, stream, env, flag, enabled) => {
    expect(colourEnabled(stream, env, flag)).toBe(enabled);
  });
});
