import { describe, expect, it } from 'vitest';
import { compileMapping } from '../../src/emulator/runner/mapping.js';

const fields = [
  { path: '_id', type: 'string' },
  { path: 'person.name.fullName', type: 'string' },
  { path: 'person.name.firstName', type: 'string' },
  { path: 'person.birthDate', type: 'string', format: 'date' },
  { path: 'personalEmail.address', type: 'string' },
  { path: '_acme.score', type: 'number' },
  { path: '_acme.vip', type: 'boolean' },
  { path: '_acme.seen', type: 'string', format: 'date-time' },
  { path: '_acme.visits', type: 'integer' },
];
const rules = [
  { sourceType: 'ATTRIBUTE', source: 'id', destination: '_id' },
  { sourceType: 'ATTRIBUTE', source: 'full_name', destination: 'person.name.fullName' },
  { sourceType: 'ATTRIBUTE', source: 'email', destination: 'personalEmail.address' },
  { sourceType: 'ATTRIBUTE', source: 'birth', destination: 'person.birthDate' },
  { sourceType: 'ATTRIBUTE', source: 'score', destination: '_acme.score' },
  { sourceType: 'ATTRIBUTE', source: 'vip', destination: '_acme.vip' },
  { sourceType: 'ATTRIBUTE', source: 'seen', destination: '_acme.seen' },
  { sourceType: 'ATTRIBUTE', source: 'visits', destination: '_acme.visits' },
  { sourceType: 'EXPRESSION', source: 'upper(first)', destination: 'person.name.firstName' },
];

/** The nested record the values make, built independently of the mapping's own `apply`. */
function nest(outputs: readonly { segments: readonly string[] }[], values: unknown[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  outputs.forEach(({ segments }, i) => {
    if (values[i] === undefined) return;
    let node = record;
    for (const s of segments.slice(0, -1)) node = (node[s] ??= {}) as Record<string, unknown>;
    node[segments.at(-1) as string] = values[i];
  });
  return record;
}

describe('applyValues: one converted value per output field, in the order of the outputs', () => {
  const mapping = compileMapping(rules, fields);

  it('lists each destination once, with its XDM type', () => {
    expect(mapping.outputs.map((o) => o.segments.join('.'))).toEqual(rules.map((r) => r.destination));
    expect(mapping.outputs[3]?.field).toEqual({ path: 'person.birthDate', type: 'string', format: 'date' });
  });

  it.each([
    { id: 1, full_name: 'Ada "the" Lovelace', email: 'ada@example.com', birth: '1815-12-10', score: 9.5, vip: true, seen: new Date(Date.UTC(2026, 0, 1)), visits: '42', first: 'ada' },
    { id: '2', full_name: null, email: 'x@example.com', birth: null, score: null, vip: 'no', seen: '2026-01-01T10:00:00+02:00', visits: 0, first: null },
    { id: '3', full_name: 'Only name', email: null, birth: null, score: null, vip: null, seen: null, visits: null, first: 'é\n' },
  ])('make the record apply builds (%#)', (row) => {
    const object = mapping.apply(row);
    const values = mapping.applyValues(row);
    expect(object.ok && values.ok).toBe(true);
    if (object.ok && values.ok) expect(nest(mapping.outputs, values.values)).toEqual(object.record);
  });

  it('converts each value to its field type', () => {
    const result = mapping.applyValues({ id: 7, full_name: 'A', email: null, birth: '2000-02-29', score: '1.5', vip: 'yes', seen: '2026-01-01 10:00', visits: '3', first: 'x' });
    expect(result).toEqual({ ok: true, values: ['7', 'A', undefined, '2000-02-29', 1.5, true, '2026-01-01T10:00:00.000Z', 3, 'X'] });
  });

  it('reports the same errors as apply', () => {
    const row = { id: 4, full_name: 'x', email: 'y', birth: '1985-02-30', score: 'high', vip: true, seen: null, visits: 1.5, first: 'z' };
    const object = mapping.apply(row);
    expect(object.ok).toBe(false);
    expect(mapping.applyValues(row)).toEqual(object);
  });

  it('writes one field for two rules with one destination: the later rule, when it has a value', () => {
    const twice = compileMapping(
      [
        { sourceType: 'ATTRIBUTE', source: 'a', destination: '_id' },
        { sourceType: 'ATTRIBUTE', source: 'b', destination: '_id' },
      ],
      fields,
    );
    expect(twice.outputs).toHaveLength(1);
    expect(twice.applyValues({ a: 'first', b: 'second' })).toEqual({ ok: true, values: ['second'] });
    expect(twice.applyValues({ a: 'first', b: null })).toEqual({ ok: true, values: ['first'] });
  });
});

describe('column names are case sensitive, as in Data Prep', () => {
  const mapping = compileMapping([{ sourceType: 'ATTRIBUTE', source: 'FULL_NAME', destination: 'person.name.fullName' }], fields);

  it('does not read full_name for FULL_NAME, and says which column the row has', () => {
    const result = mapping.applyValues({ full_name: 'Ada' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]?.message).toMatch(/column FULL_NAME \(mapped to person\.name\.fullName\) is not in the source row: column names are case sensitive, and the row has full_name/);
    }
  });

  it('reads the column of exactly that name', () => {
    expect(mapping.applyValues({ FULL_NAME: 'Ada', full_name: 'other' })).toEqual({ ok: true, values: ['Ada'] });
  });

  it('names every column when none matches', () => {
    const result = mapping.applyValues({ id: 1, email: 'x' });
    expect(!result.ok && result.errors[0]?.message).toMatch(/its columns are id, email/);
  });
});
