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
  { sourceType: 'ATTRIBUTE', source: 'VIP', destination: '_acme.vip' },
  { sourceType: 'ATTRIBUTE', source: 'seen', destination: '_acme.seen' },
  { sourceType: 'ATTRIBUTE', source: 'visits', destination: '_acme.visits' },
  { sourceType: 'EXPRESSION', source: 'upper(first)', destination: 'person.name.firstName' },
];

describe('applyJson: the record as JSON text, built without the intermediate object', () => {
  const mapping = compileMapping(rules, fields);
  it.each([
    { id: 1, full_name: 'Ada "the" Lovelace', email: 'ada@example.com', birth: '1815-12-10', score: 9.5, vip: true, seen: new Date(Date.UTC(2026, 0, 1)), visits: '42', first: 'ada' },
    { id: '2', full_name: null, email: 'x@example.com', birth: null, score: null, vip: 'no', seen: '2026-01-01T10:00:00+02:00', visits: 0, first: null },
    { id: '3', full_name: 'Only name', email: null, birth: null, score: null, vip: null, seen: null, visits: null, first: 'é\n' },
  ])('is exactly JSON.stringify of what apply builds (%#)', (row) => {
    const object = mapping.apply(row);
    const json = mapping.applyJson(row);
    expect(object.ok && json.ok).toBe(true);
    if (object.ok && json.ok) expect(json.json).toBe(JSON.stringify(object.record));
  });

  it('reports the same errors as apply', () => {
    const row = { id: 4, full_name: 'x', email: 'y', birth: '1985-02-30', score: 'high', vip: true, seen: null, visits: 1.5, first: 'z' };
    const object = mapping.apply(row);
    const json = mapping.applyJson(row);
    expect(object.ok).toBe(false);
    expect(json).toEqual(object);
  });
});
