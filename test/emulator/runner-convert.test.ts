// Pure parts of a run: value conversion to every XDM type and its failures, expressions as the runner evaluates
// them, and building an XDM record from a row with a mapping set.

import { describe, expect, it } from 'vitest';
import { conversionError, convertValue, MAPPER_ERROR } from '../../src/emulator/runner/convert.js';
import { compileExpression } from '../../src/emulator/expression/expression.js';
import { DateTime } from '../../src/emulator/expression/values.js';
import { compileMapping, MappingConfigError } from '../../src/emulator/runner/mapping.js';
import { decodeMark, encodeMark } from '../../src/emulator/runner/watermark.js';
import type { SchemaField } from '../../src/emulator/records.js';

const ok = (value: unknown) => ({ ok: true, value });
const bad = (reason: RegExp) => ({ ok: false, reason: expect.stringMatching(reason) });

describe('convertValue', () => {
  it('leaves null and undefined out', () => {
    for (const type of ['string', 'number', 'integer', 'boolean']) {
      expect(convertValue(null, { type })).toEqual(ok(undefined));
      expect(convertValue(undefined, { type })).toEqual(ok(undefined));
    }
  });

  it('string', () => {
    const f = { type: 'string' };
    expect(convertValue('abc', f)).toEqual(ok('abc'));
    expect(convertValue(42, f)).toEqual(ok('42'));
    expect(convertValue(12345678901234567890n, f)).toEqual(ok('12345678901234567890'));
    expect(convertValue(true, f)).toEqual(ok('true'));
    expect(convertValue(new Date('2024-05-01T10:00:00Z'), f)).toEqual(ok('2024-05-01T10:00:00.000Z'));
    expect(convertValue({ a: 1 }, f)).toEqual(bad(/objects and arrays/));
    expect(convertValue(Number.NaN, f)).toEqual(bad(/finite/));
  });

  it('number', () => {
    const f = { type: 'number' };
    expect(convertValue(1.5, f)).toEqual(ok(1.5));
    expect(convertValue(' 17.37 ', f)).toEqual(ok(17.37));
    expect(convertValue('-1e3', f)).toEqual(ok(-1000));
    expect(convertValue(5n, f)).toEqual(ok(5));
    expect(convertValue('12abc', f)).toEqual(bad(/not a number/));
    expect(convertValue('', f)).toEqual(bad(/not a number/));
    expect(convertValue(true, f)).toEqual(bad(/not a number/));
    expect(convertValue(Number.POSITIVE_INFINITY, f)).toEqual(bad(/finite/));
  });

  it('integer: safe integers only, numeric strings accepted, 1.5 refused', () => {
    const f = { type: 'integer' };
    expect(convertValue(42, f)).toEqual(ok(42));
    expect(convertValue('-7', f)).toEqual(ok(-7));
    expect(convertValue(3.0, f)).toEqual(ok(3));
    expect(convertValue(9007199254740991n, f)).toEqual(ok(9007199254740991));
    expect(convertValue(1.5, f)).toEqual(bad(/not a whole number/));
    expect(convertValue('1.5', f)).toEqual(bad(/not a whole number/));
    expect(convertValue(2 ** 53, f)).toEqual(bad(/safe integer range/));
    expect(convertValue('9007199254740993', f)).toEqual(bad(/safe integer range/));
    expect(convertValue(9007199254740993n, f)).toEqual(bad(/safe integer range/));
    expect(convertValue('seven', f)).toEqual(bad(/not an integer/));
  });

  it('boolean', () => {
    const f = { type: 'boolean' };
    for (const v of [true, 1, 'true', 'TRUE', 'yes', 'Yes', '1']) expect(convertValue(v, f)).toEqual(ok(true));
    for (const v of [false, 0, 'false', 'no', 'NO', '0']) expect(convertValue(v, f)).toEqual(ok(false));
    expect(convertValue(2, f)).toEqual(bad(/not a boolean/));
    expect(convertValue('maybe', f)).toEqual(bad(/not a boolean/));
  });

  it('date: YYYY-MM-DD, impossible dates refused', () => {
    const f = { type: 'string', format: 'date' };
    expect(convertValue('1985-02-28', f)).toEqual(ok('1985-02-28'));
    expect(convertValue('2024-02-29', f)).toEqual(ok('2024-02-29'));
    expect(convertValue(new Date('2024-05-01T23:30:00Z'), f)).toEqual(ok('2024-05-01'));
    expect(convertValue('1985-02-30', f)).toEqual(bad(/no day 30 in 1985-02/));
    expect(convertValue('2023-02-29', f)).toEqual(bad(/no day 29/));
    expect(convertValue('1985-13-01', f)).toEqual(bad(/no month 13/));
    expect(convertValue('unknown', f)).toEqual(bad(/YYYY-MM-DD/));
    expect(convertValue('01/02/1985', f)).toEqual(bad(/YYYY-MM-DD/));
    expect(convertValue(19850228, f)).toEqual(bad(/YYYY-MM-DD/));
  });

  it('date-time: ISO-8601 UTC from a Date or a parseable string', () => {
    const f = { type: 'string', format: 'date-time' };
    expect(convertValue(new Date('2024-05-01T10:00:00Z'), f)).toEqual(ok('2024-05-01T10:00:00.000Z'));
    expect(convertValue('2024-05-01T10:00:00Z', f)).toEqual(ok('2024-05-01T10:00:00.000Z'));
    expect(convertValue('2024-05-01 10:00:00', f)).toEqual(ok('2024-05-01T10:00:00.000Z'));
    expect(convertValue('2024-05-01T12:00:00.123+02:00', f)).toEqual(ok('2024-05-01T10:00:00.123Z'));
    expect(convertValue('2024-05-01 12:00+0200', f)).toEqual(ok('2024-05-01T10:00:00.000Z'));
    expect(convertValue('2024-05-01', f)).toEqual(ok('2024-05-01T00:00:00.000Z'));
    expect(convertValue('2024-02-30T00:00:00Z', f)).toEqual(bad(/no day 30/));
    expect(convertValue('2024-05-01T25:00:00Z', f)).toEqual(bad(/time of day/));
    expect(convertValue('yesterday', f)).toEqual(bad(/ISO-8601/));
    expect(convertValue(new Date(Number.NaN), f)).toEqual(bad(/invalid date/));
    expect(convertValue(1714557600000, f)).toEqual(bad(/ISO-8601/));
  });

  it('refuses types a column cannot fill', () => {
    expect(convertValue('x', { type: 'array' })).toEqual(bad(/type array cannot be mapped/));
  });

  it('words errors as the Platform’s mapper does', () => {
    const field: SchemaField = { path: 'person.birthDate', type: 'string', format: 'date' };
    expect(conversionError(field, 'birth_date', '1985-02-30', 'there is no day 30 in 1985-02')).toEqual({
      code: MAPPER_ERROR,
      message: 'Mapper Transform Error: the value "1985-02-30" of birth_date cannot be converted to a date for field person.birthDate: there is no day 30 in 1985-02',
      field: 'person.birthDate',
      source: 'birth_date',
    });
    expect(MAPPER_ERROR).toBe('MAPPER-3700-400');
  });
});

describe('expressions', () => {
  const row: Record<string, unknown> = { first: '  Ada ', last: 'Lovelace', missing: null, n: 7 };
  const context = { now: () => new DateTime(0), uuid: () => '7c0267d2-bb74-4e1a-9275-3bf4fccda5f4', hasPath: () => false };
  const run = (text: string) => {
    const compiled = compileExpression(text);
    if (!compiled.ok) throw new Error(compiled.problem.message);
    return compiled.expression.evaluate(row, context).value;
  };
  const problem = (text: string) => {
    const compiled = compileExpression(text);
    return compiled.ok ? undefined : compiled.problem;
  };

  it('evaluates lower, upper, trim and concat with columns and string literals', () => {
    expect(run('lower(last)')).toBe('lovelace');
    expect(run('UPPER(last)')).toBe('LOVELACE');
    expect(run('trim(first)')).toBe('Ada');
    expect(run('concat(trim(first), " ", last)')).toBe('Ada Lovelace');
    expect(run("concat(last, ', ', 'x\\'y')")).toBe("Lovelace, x'y");
    expect(run('concat(n, "-", missing, "!")')).toBe('7-!');
    expect(run('lower(missing)')).toBeNull();
    expect(run('concat(missing)')).toBeNull();
    expect(run('last')).toBe('Lovelace');
  });

  it('refuses what does not compile, saying why and where', () => {
    expect(problem('lower(last, first)')).toEqual({ kind: 'arity', message: 'lower() takes 1 argument, got 2', position: 1 });
    expect(problem('concat()')).toEqual({ kind: 'arity', message: 'concat() takes at least 1 argument, got 0', position: 1 });
    expect(problem('lower(last')).toEqual({ kind: 'syntax', message: '"(" is never closed; expected ")"', position: 6 });
    expect(problem('concat(a, "b)')).toEqual({ kind: 'syntax', message: 'unterminated string: the " that opens it is never closed', position: 11 });
    expect(problem('lowr(last)')).toEqual({ kind: 'unknown-function', message: 'unknown function lowr(); did you mean lower()?', position: 1 });
    for (const text of ['last + first', '1 + 2', 'substr(last, 1, 2)', 'iif(n > 1, "a", "b")']) expect(problem(text), text).toBeUndefined();
  });
});

const FIELDS: SchemaField[] = [
  { path: '_acme.id', type: 'integer' },
  { path: '_acme.vip', type: 'boolean' },
  { path: 'person.name.fullName', type: 'string' },
  { path: 'person.name.firstName', type: 'string' },
  { path: 'person.birthDate', type: 'string', format: 'date' },
  { path: 'personalEmail.address', type: 'string' },
  { path: '_acme.source', type: 'string' },
];

describe('compileMapping', () => {
  it('builds nested records from ATTRIBUTE, EXPRESSION and STATIC mappings, leaving NULLs out', () => {
    const mapping = compileMapping(
      [
        { sourceType: 'ATTRIBUTE', source: 'id', destination: '_acme.id' },
        { sourceType: 'text/x.schema-path', source: 'vip', destination: '_acme.vip' },
        { sourceType: 'EXPRESSION', source: 'concat(first_name, " ", last_name)', destination: 'person.name.fullName' },
        { sourceType: 'EXPRESSION', source: 'lower(email)', destination: 'personalEmail.address' },
        { sourceType: 'ATTRIBUTE', source: 'birth_date', destination: 'person.birthDate' },
        { sourceType: 'STATIC', source: 'crm', destination: '_acme.source' },
      ],
      FIELDS,
    );
    expect(mapping.apply({ id: '42', vip: 'yes', first_name: 'Ada', last_name: 'Lovelace', email: 'ADA@Example.com', birth_date: null })).toEqual({
      ok: true,
      record: { _acme: { id: 42, vip: true, source: 'crm' }, person: { name: { fullName: 'Ada Lovelace' } }, personalEmail: { address: 'ada@example.com' } },
    });
  });

  it('fails a row with every error it has', () => {
    const mapping = compileMapping(
      [
        { sourceType: 'ATTRIBUTE', source: 'id', destination: '_acme.id' },
        { sourceType: 'ATTRIBUTE', source: 'birth_date', destination: 'person.birthDate' },
        { sourceType: 'ATTRIBUTE', source: 'nickname', destination: 'person.name.firstName' },
      ],
      FIELDS,
    );
    const result = mapping.apply({ id: 1.5, birth_date: '1985-02-30' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.code, e.field])).toEqual([
      [MAPPER_ERROR, '_acme.id'],
      [MAPPER_ERROR, 'person.birthDate'],
      [MAPPER_ERROR, 'person.name.firstName'],
    ]);
    expect(result.errors[2]?.message).toMatch(/column nickname .* is not in the source row; its columns are id, birth_date/);
  });

  it('fails every row of an expression that does not compile, saying why and where', () => {
    const mapping = compileMapping([{ sourceType: 'EXPRESSION', source: 'lowr(last_name)', destination: 'person.name.firstName' }], FIELDS);
    const result = mapping.apply({ last_name: 'Lovelace' });
    expect(result).toMatchObject({
      ok: false,
      errors: [
        {
          code: MAPPER_ERROR,
          message:
            'Mapper Transform Error: the expression "lowr(last_name)" (mapping to person.name.firstName) does not compile: unknown function lowr(); did you mean lower()? (at position 1)',
          field: 'person.name.firstName',
          source: 'lowr(last_name)',
        },
      ],
    });
    const syntax = compileMapping([{ sourceType: 'EXPRESSION', source: 'concat(first_name, )', destination: 'person.name.firstName' }], FIELDS);
    expect(syntax.apply({ first_name: 'Ada' })).toMatchObject({ ok: false, errors: [{ message: expect.stringContaining('unexpected ")"; expected another argument (at position 20)') }] });
  });

  it('fails the row for which an expression fails, and only that row', () => {
    const mapping = compileMapping([{ sourceType: 'EXPRESSION', source: 'id * 2', destination: '_acme.id' }], FIELDS);
    expect(mapping.apply({ id: '21' })).toEqual({ ok: true, record: { _acme: { id: 42 } } });
    expect(mapping.apply({ id: 'x' })).toEqual({
      ok: false,
      errors: [{ code: MAPPER_ERROR, message: 'Mapper Transform Error: "id * 2": "x" is not a number (operator *) (mapping to _acme.id)', field: '_acme.id', source: 'id * 2' }],
    });
  });

  it('names the missing column of an expression, as of an attribute', () => {
    const mapping = compileMapping([{ sourceType: 'EXPRESSION', source: 'upper(nick) + "!"', destination: 'person.name.firstName' }], FIELDS);
    const result = mapping.apply({ Nick: 'ada' });
    expect(result).toMatchObject({ ok: false, errors: [{ message: expect.stringMatching(/column nick .* is not in the source row: column names are case sensitive, and the row has Nick/) }] });
  });

  it('gives functions the row (contains_key) and fresh UUIDs', () => {
    const mapping = compileMapping(
      [
        { sourceType: 'EXPRESSION', source: 'contains_key("address.city") ? "has city" : "no city"', destination: '_acme.source' },
        { sourceType: 'EXPRESSION', source: 'uuid()', destination: 'person.name.firstName' },
      ],
      FIELDS,
    );
    const one = mapping.apply({ address: '{"city": "Paris"}' });
    const two = mapping.apply({ address: { zip: '75001' } });
    expect(one).toMatchObject({ ok: true, record: { _acme: { source: 'has city' }, person: { name: { firstName: expect.stringMatching(/^[0-9a-f-]{36}$/) } } } });
    expect(two).toMatchObject({ ok: true, record: { _acme: { source: 'no city' } } });
    if (one.ok && two.ok) expect(one.record['person']).not.toEqual(two.record['person']);
  });

  it('gives every row of one compiled mapping the same now(), from its clock', () => {
    let clock = Date.UTC(2024, 4, 1, 10, 0, 0);
    const fields: SchemaField[] = [{ path: '_acme.at', type: 'string', format: 'date-time' }, ...FIELDS];
    const mapping = compileMapping([{ sourceType: 'EXPRESSION', source: 'now()', destination: '_acme.at' }], fields, 'S', () => clock++);
    const first = mapping.apply({});
    const second = mapping.apply({});
    expect(first).toEqual({ ok: true, record: { _acme: { at: '2024-05-01T10:00:00.000Z' } } });
    expect(second).toEqual(first);
  });

  it('refuses a destination that is not in the schema', () => {
    expect(() => compileMapping([{ sourceType: 'ATTRIBUTE', source: 'x', destination: 'person.nickname' }], FIELDS, 'schema S')).toThrow(MappingConfigError);
    expect(() => compileMapping([{ sourceType: 'ATTRIBUTE', source: 'x', destination: 'person.nickname' }], FIELDS, 'schema S')).toThrow(/person\.nickname is not a field of schema S/);
  });
});

describe('high-water marks', () => {
  it('store Dates as ISO strings and give them back as Dates', () => {
    const date = new Date('2025-01-01T00:09:00.000Z');
    expect(encodeMark(date)).toEqual({ type: 'date', value: '2025-01-01T00:09:00.000Z' });
    expect(decodeMark(JSON.parse(JSON.stringify(encodeMark(date))))).toEqual(date);
    expect(decodeMark(encodeMark(42))).toBe(42);
    expect(decodeMark(encodeMark(12345678901234567890n))).toBe('12345678901234567890');
    expect(encodeMark(null)).toBeUndefined();
    expect(decodeMark({ type: 'date', value: 'garbage' })).toBeUndefined();
  });
});
