import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/output/format.js';

describe('formatDuration', () => {
  it.each([
    [0, '0.0s'],
    [420, '0.4s'],
    [949, '0.9s'],
    [950, '1s'],
    [5_000, '5s'],
    [83_000, '1m23s'],
    [3_723_000, '1h02m'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
  it('has nothing to say of a negative or unknown duration', () => {
    expect(formatDuration(-1)).toBeUndefined();
    expect(formatDuration(Number.NaN)).toBeUndefined();
    expect(formatDuration(undefined)).toBeUndefined();
  });
});
