import { describe, expect, it } from 'vitest';
import { parseTimestampUtc } from '../../src/emulator/databases/pg-catalog.js';

describe('parseTimestampUtc (PostgreSQL timestamp text → Date, UTC)', () => {
  it.each([
    ['2026-01-01 10:00:00', '2026-01-01T10:00:00.000Z'],
    ['2026-01-01 10:00:00.5', '2026-01-01T10:00:00.500Z'],
    ['2026-01-01 10:00:00.05', '2026-01-01T10:00:00.050Z'],
    ['2026-01-01 10:00:00.123', '2026-01-01T10:00:00.123Z'],
    ['2024-02-29 23:59:59.999', '2024-02-29T23:59:59.999Z'],
    ['2026-01-01 10:00:00.123456', '2026-01-01T10:00:00.123Z'],
    ['0099-06-01 00:00:00', '0099-06-01T00:00:00.000Z'],
  ])('%s → %s', (text, iso) => {
    const value = parseTimestampUtc(text);
    expect(value).toBeInstanceOf(Date);
    expect((value as Date).toISOString()).toBe(iso);
  });

  it('leaves what is not a timestamp as text', () => {
    expect(parseTimestampUtc('infinity')).toBe('infinity');
    expect(parseTimestampUtc('2026-01-01')).toBe('2026-01-01');
  });
});
