import { describe, expect, it } from 'vitest';
import { schemaFieldPaths, similarPaths } from '../../src/platform/schema-fields.js';
import { printable, tablePathProblem, textProblem } from '../../src/platform/text.js';

describe('textProblem', () => {
  it.each([
    ['Shop customers', undefined],
    ['Kundenstamm – Zürich 🚀', undefined],
    ['   ', 'must not be empty'],
    ['a\nb', 'must not contain control characters (found U+000A at position 2)'],
    ['red \u001b[31m', 'must not contain control characters (found U+001B at position 5)'],
    ['c1 \u0085', 'must not contain control characters (found U+0085 at position 4)'],
    ['abc\u202Efed', 'must not contain control characters (found U+202E at position 4)'],
    ['half \uD83D', 'is not valid Unicode (it holds half of a surrogate pair)'],
    ['\uDE80 half', 'is not valid Unicode (it holds half of a surrogate pair)'],
    ['x'.repeat(41), 'must be at most 40 characters, got 41'],
  ])('%j → %s', (value, problem) => {
    expect(textProblem(value, 40)).toBe(problem);
  });
});

describe('tablePathProblem', () => {
  it.each(['customers', 'shop.customers', 'db.shop.customers', 'public.order$items'])('accepts %s', (path) => {
    expect(tablePathProblem(path)).toBeUndefined();
  });
  it.each(['shop..customers', '.customers', 'shop.', 'a.b.c.d', 'shop customers', "shop.cust'omers", 'shop;drop', ''])('refuses %j', (path) => {
    expect(tablePathProblem(path)).toBeDefined();
  });
});

describe('printable', () => {
  it('escapes what would break or restyle the line, and leaves the rest', () => {
    expect(printable('dev\nprod\t\u001b[31m\u202E\uD800 ok – ü 🚀')).toBe('dev\\nprod\\t\\u001b[31m\\u202e\\ud800 ok – ü 🚀');
  });
});

describe('schema fields', () => {
  const schema = { properties: { _id: { type: 'string' }, person: { type: 'object', properties: { name: { type: 'object', properties: { fullName: {}, firstName: {} } } } } } };
  it('lists every field and object as a dot path', () => {
    expect([...schemaFieldPaths(schema)].sort()).toEqual(['_id', 'person', 'person.name', 'person.name.firstName', 'person.name.fullName']);
  });
  it('suggests fields with the same name or parent, never objects', () => {
    expect(similarPaths('person.fullName', schemaFieldPaths(schema))).toEqual(['person.name.fullName']);
    expect(similarPaths('person.name.middleName', schemaFieldPaths(schema))).toEqual(['person.name.firstName', 'person.name.fullName']);
    expect(similarPaths('nothing.like.it', schemaFieldPaths(schema))).toEqual([]);
  });
});
