// Data Prep's expression endpoints against a running emulator: preview (rows mapped as a run maps them),
// expression checks in validate and in create with ?validate=true, and /languages/el.

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

const C = SERVICES.conversion;
const PROFILE = 'https://ns.adobe.com/xdm/context/profile';
const XED_FULL = 'application/vnd.adobe.xed-full+json;version=1';

let e: TestEmulator;
let schemaId: string;

beforeAll(async () => {
  e = await startTestEmulator();
  const registry = (path: string, body: unknown) => e.api('POST', `${SERVICES.registry}${path}`, { body });
  const columns = { customerId: { type: 'string' }, ageGroup: { type: 'string' }, emailHash: { type: 'string' }, visits: { type: 'integer' }, tier: { type: 'string' } };
  const fieldGroup = await registry('/tenant/fieldgroups', {
    type: 'object',
    title: 'Expression columns',
    'meta:intendedToExtend': [PROFILE],
    definitions: { columns: { properties: { _flowctl: { type: 'object', properties: columns } } } },
    allOf: [{ $ref: '#/definitions/columns' }],
  });
  expect(fieldGroup.status).toBe(201);
  const created = await registry('/tenant/schemas', {
    type: 'object',
    title: 'Expression customers',
    description: '',
    allOf: [PROFILE, 'https://ns.adobe.com/xdm/context/profile-person-details', 'https://ns.adobe.com/xdm/context/profile-personal-details', fieldGroup.body.$id].map(($ref) => ({ $ref })),
  });
  expect(created.status).toBe(201);
  schemaId = created.body.$id;
});
afterAll(() => e.close());

const mappingSet = (mappings: unknown[]) => ({ outputSchema: { schemaRef: { id: schemaId, contentType: XED_FULL } }, mappings });
const attribute = (source: string, destination: string) => ({ sourceType: 'ATTRIBUTE', source, destination });
const expression = (source: string, destination: string) => ({ sourceType: 'EXPRESSION', source, destination });
const post = (path: string, body: unknown) => e.api('POST', `${C}${path}`, { body });
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('POST /mappingSets/preview', () => {
  const mappings = [
    attribute('id', '_id'),
    expression('concat(first, " ", last)', 'person.name.fullName'),
    expression('iif(age >= 18, "adult", "minor")', '_flowctl.ageGroup'),
    expression('sha256(email)', '_flowctl.emailHash'),
    expression('to_integer(n)', '_flowctl.visits'),
    { sourceType: 'STATIC', source: 'gold', destination: '_flowctl.tier' },
    attribute('dob', 'person.birthDate'),
  ];
  const row = (id: number, first: string, last: string, age: number, n: unknown, dob: string) => ({ id, first, last, age, email: `${first.toLowerCase()}@example.com`, n, dob });

  it('maps every row as a run would, one {data, errors} per row, in order', async () => {
    const r = await post('/mappingSets/preview', {
      data: [row(1, 'Ada', 'Lovelace', 36, '12', '1815-12-10'), row(2, 'Tim', 'Young', 12, 3, '2012-01-31'), row(3, 'Bad', 'Date', 40, '7', '1985-02-30'), row(4, 'Not', 'Number', 50, 'abc', '1970-01-01')],
      mappingSet: mappingSet(mappings),
    });
    expect(r.status).toBe(200);
    expect(r.body).toHaveLength(4);
    expect(r.body[0]).toEqual({
      data: {
        _id: '1',
        person: { name: { fullName: 'Ada Lovelace' }, birthDate: '1815-12-10' },
        _flowctl: { ageGroup: 'adult', emailHash: sha256('ada@example.com'), visits: 12, tier: 'gold' },
      },
      errors: null,
    });
    expect(r.body[1].data._flowctl).toMatchObject({ ageGroup: 'minor', visits: 3 });
    expect(r.body[1].errors).toBeNull();
    // The third row fails as a run would fail it (a value that does not convert), and only with its own error.
    expect(r.body[2].data).toBeNull();
    expect(r.body[2].errors).toEqual([
      {
        destination: 'person.birthDate',
        source: 'dob',
        sourceType: 'ATTRIBUTE',
        columnName: 'dob',
        exception: expect.stringMatching(/^Mapper Transform Error: .*"1985-02-30".*there is no day 30/),
      },
    ]);
    // The fourth fails inside a function, with the function's reason.
    expect(r.body[3]).toEqual({
      data: null,
      errors: [{ destination: '_flowctl.visits', source: 'to_integer(n)', sourceType: 'EXPRESSION', exception: expect.stringMatching(/^Mapper Transform Error: .*to_integer.*"abc"/) }],
    });
  });

  it('takes a single row as an object, and the legacy mapping set shape', async () => {
    const r = await post('/mappingSets/preview', {
      data: { email: 'x@example.com', first: 'X' },
      mappingSet: { xdmSchema: schemaId, xdmVersion: '1.0', mappings: [{ sourceAttribute: 'email', destinationXdmPath: 'personalEmail.address' }] },
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual([{ data: { personalEmail: { address: 'x@example.com' } }, errors: null }]);
  });

  it('fails every row of an expression that does not compile, as a run does', async () => {
    const r = await post('/mappingSets/preview', { data: [{ email: 'a@b.c' }, { email: 'd@e.f' }], mappingSet: mappingSet([expression('lowr(email)', 'personalEmail.address')]) });
    expect(r.status).toBe(200);
    for (const result of r.body) {
      expect(result.data).toBeNull();
      expect(result.errors).toEqual([expect.objectContaining({ destination: 'personalEmail.address', source: 'lowr(email)', sourceType: 'EXPRESSION', exception: expect.stringContaining('lowr') })]);
    }
  });

  it('refuses bad requests with 400, naming the problem', async () => {
    const good = mappingSet([attribute('email', 'personalEmail.address')]);
    const cases: Array<[unknown, RegExp]> = [
      [[], /must be a JSON object/],
      [{ data: [{ a: 1 }] }, /mappingSet is required/],
      [{ mappingSet: good }, /data is required/],
      [{ data: [{ a: 1 }, 'text'], mappingSet: good }, /data\[1\] must be a JSON object/],
      [{ data: [[1, 2]], mappingSet: good }, /data\[0\] must be a JSON object .* an array/],
      [{ data: Array.from({ length: 101 }, () => ({})), mappingSet: good }, /101 rows; a preview maps at most 100/],
      [{ data: [{}], mappingSet: mappingSet([attribute('x', 'person.nope')]) }, /mappings\[0\]: Destination person\.nope is not a field of schema/],
      [{ data: [{}], mappingSet: 'set' }, /mappingSet must be a JSON object/],
    ];
    for (const [body, detail] of cases) {
      const r = await post('/mappingSets/preview', body);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(r.body.detail).toMatch(detail);
    }
  });
});

describe('expression checks in POST /mappingSets/validate', () => {
  it('fails an unknown function, a wrong arity and a syntax error, each with its reason', async () => {
    const r = await post(
      '/mappingSets/validate',
      mappingSet([
        expression('lower(email)', 'personalEmail.address'),
        expression('lowr(first)', 'person.name.firstName'),
        expression('upper(first, last)', 'person.name.lastName'),
        expression('concat(first, ', 'person.name.fullName'),
        { sourceType: 'text/x.aep-xl', source: 'trim(', destination: '_flowctl.tier' },
        attribute('first-name', '_flowctl.customerId'),
      ]),
    );
    expect(r.status).toBe(200);
    const [good, unknown, arity, syntax, mime, hyphen] = r.body.validationResponse;
    expect(good).toEqual({ status: 'SUCCESS', errors: null });
    expect(hyphen).toEqual({ status: 'SUCCESS', errors: null });
    expect(unknown).toEqual({
      status: 'FAILED',
      errors: [{ destination: 'person.name.firstName', source: 'lowr(first)', sourceType: 'EXPRESSION', exception: expect.stringMatching(/^Invalid expression "lowr\(first\)": .*lowr/) }],
    });
    expect(arity.status).toBe('FAILED');
    expect(arity.errors[0].exception).toMatch(/upper/);
    expect(syntax.status).toBe('FAILED');
    expect(syntax.errors[0].exception).toMatch(/^Invalid expression "concat\(first, ": .*\(at position \d+\)$/);
    expect(mime.status).toBe('FAILED');
  });

  it('tells an expression sent as ATTRIBUTE to use EXPRESSION', async () => {
    const r = await post('/mappingSets/validate', mappingSet([attribute('lower(email)', 'personalEmail.address')]));
    expect(r.body.validationResponse).toEqual([
      {
        status: 'FAILED',
        errors: [{ destination: 'personalEmail.address', source: 'lower(email)', sourceType: 'ATTRIBUTE', columnName: 'lower(email)', exception: expect.stringContaining('sourceType EXPRESSION') }],
      },
    ]);
  });
});

describe('POST /mappingSets?validate=true', () => {
  const count = async () => (await e.api('GET', `${C}/mappingSets?limit=100&start=0`)).body.data.length;
  // A function: the schema exists only once beforeAll has run.
  const bad = () => mappingSet([expression('lowr(email)', 'personalEmail.address'), attribute('upper(first)', 'person.name.firstName'), attribute('id', '_id')]);

  it('refuses a set with a failed mapping, naming each, and stores nothing', async () => {
    const before = await count();
    const r = await e.api('POST', `${C}/mappingSets?validate=true`, { body: bad() });
    expect(r.status).toBe(400);
    expect(r.body.detail).toMatch(/mappings\[0\] \(personalEmail\.address\): Invalid expression "lowr\(email\)"/);
    expect(r.body.detail).toMatch(/mappings\[1\] \(person\.name\.firstName\): Source "upper\(first\)" is an expression/);
    expect(r.body.detail).not.toContain('mappings[2]');
    expect(await count()).toBe(before);
  });

  it('accepts a valid set, and without validate=true stores a bad one (its rows then fail at run time)', async () => {
    const good = await e.api('POST', `${C}/mappingSets?validate=true`, { body: mappingSet([expression('lower(email)', 'personalEmail.address')]) });
    expect(good.status).toBe(200);
    const lenient = await post('/mappingSets', bad());
    expect(lenient.status).toBe(200);
    const put = await e.api('PUT', `${C}/mappingSets/${good.body.id}?validate=true`, { body: bad() });
    expect(put.status).toBe(400);
  });
});

describe('/languages/el', () => {
  it('lists the functions and the operators', async () => {
    const functions = await e.api('GET', `${C}/languages/el/functions`);
    expect(functions.status).toBe(200);
    expect(Array.isArray(functions.body)).toBe(true);
    const concat = functions.body.find((f: { function: string }) => f.function === 'concat');
    expect(concat).toMatchObject({ category: 'String', function: 'concat', syntax: expect.any(String), params: expect.any(Array) });
    const operators = await e.api('GET', `${C}/languages/el/operators`);
    expect(operators.status).toBe(200);
    expect(operators.body).toEqual(expect.arrayContaining([expect.objectContaining({ operatorSymbol: '+', numberOfOperands: 2 })]));
  });

  it('validates one expression, flat or nested as the OpenAPI example sends it', async () => {
    const flat = await post('/languages/el/validate', { expression: 'concat("Hi", ",", "there", "!")' });
    expect([flat.status, flat.body]).toEqual([200, { validationStatus: 'succeeded', error: 'none' }]);
    const nested = await post('/languages/el/validate', { expression: { expression: 'lower(email)' } });
    expect(nested.body).toEqual({ validationStatus: 'succeeded', error: 'none' });
  });

  it('answers 400 for an invalid expression, naming the reason and where', async () => {
    const unknown = await post('/languages/el/validate', { expression: 'lowr(email)' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ status: 400, title: 'Invalid expression', validationStatus: 'failed', kind: 'unknown-function' });
    expect(unknown.body.error).toContain('lowr');
    expect(unknown.body.detail).toBe(unknown.body.error);
    const syntax = await post('/languages/el/validate', { expression: 'concat("a", ' });
    expect(syntax.body).toMatchObject({ validationStatus: 'failed', kind: 'syntax', position: expect.any(Number) });
    for (const body of [{}, { expression: 12 }, { expression: { expression: null } }, { expression: '  ' }, 'lower(x)']) {
      const r = await post('/languages/el/validate', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.validationStatus).toBeUndefined();
    }
  });
});
