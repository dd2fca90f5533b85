// Parsing and checking of flag values, before any I/O. Each failure is an InvalidInputError naming the flag
// and the rule (exit 2, nothing sent).

import { InvalidInputError } from '../platform/errors.js';
import { textProblem } from '../platform/text.js';

/** Accumulates a repeatable option: `--map a=b --map c=d`. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function parseInteger(flag: string, value: string, range: { min: number; max?: number }): number {
  const trimmed = value.trim();
  const n = /^[+-]?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new InvalidInputError(flag, `must be a whole number, got "${value}"`);
  if (n < range.min) throw new InvalidInputError(flag, `must be at least ${range.min}, got ${n}`);
  if (range.max !== undefined && n > range.max) throw new InvalidInputError(flag, `must be at most ${range.max}, got ${n}`);
  return n;
}

export function parseDecimal(flag: string, value: string, range: { greaterThan: number; max: number }): number {
  const trimmed = value.trim();
  const n = /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isFinite(n)) throw new InvalidInputError(flag, `must be a number, got "${value}"`);
  if (n <= range.greaterThan) throw new InvalidInputError(flag, `must be greater than ${range.greaterThan}, got ${n}`);
  if (n > range.max) throw new InvalidInputError(flag, `must be at most ${range.max}, got ${n}`);
  return n;
}

/** Free text (names, descriptions): not blank, no control characters, valid Unicode, bounded (platform/text.ts). */
export function checkText(flag: string, value: string | undefined, max = 256): string | undefined {
  if (value === undefined) return undefined;
  const problem = textProblem(value, max);
  if (problem) throw new InvalidInputError(flag, problem);
  return value.trim();
}

/** `--limit N` / `--all` of list commands. */
export interface ListFlags {
  limit?: string;
  all?: boolean;
}

export const DEFAULT_LIST_LIMIT = 50;

export const LIMIT_HELP = `show at most N items (default ${DEFAULT_LIST_LIMIT})`;
export const ALL_HELP = 'show every item, reading all pages';

export function maxItems(flags: ListFlags): number {
  if (flags.all && flags.limit !== undefined) throw new InvalidInputError('--all', 'cannot be combined with --limit');
  if (flags.all) return Number.POSITIVE_INFINITY;
  return flags.limit === undefined ? DEFAULT_LIST_LIMIT : parseInteger('--limit', flags.limit, { min: 1, max: 100_000 });
}

/** Reads an async iterator into an array (list commands print once they have everything). */
export async function take<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export function example(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}`;
}
