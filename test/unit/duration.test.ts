import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/cli/duration.js';
import { invalid } from '../helpers/invalid.js';

describe('parseDuration', () => {
  it.each([
    ['90', 90_000],
    ['1.5', 1_500],
    ['90s', 90_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['1d', 86_400_000],
    [' 10S ', 10_000],
  ])('%s → %i ms', (text, ms) => expect(parseDuration('--timeout', text)).toBe(ms));

  it.each(['', 'soon', '10 m', '5x', 'm5', '-5s', '1h-2m'])('rejects %j naming the flag', (text) => {
    const error = invalid(() => parseDuration('--timeout', text));
    expect(error.field).toBe('--timeout');
    expect(error.rule).toContain('is not a duration');
  });
});
