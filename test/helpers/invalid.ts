import { expect } from 'vitest';
import { InvalidInputError } from '../../src/platform/errors.js';

/** Runs `fn`, which must throw an InvalidInputError, and returns that error for its field and rule. */
export function invalid(fn: () => unknown): InvalidInputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error('expected an InvalidInputError');
}
