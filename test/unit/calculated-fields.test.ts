// Calculated fields on flowctl's side: the client's preview and expression checks against the replies Adobe
// documents (nock), how onboarding plans a field for an expression, and how a preview reads at a terminal.

import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createPlatformClient } from '../../src/platform/client.js';
import { calculatedType, planFields } from '../../src/onboard/infer.js';
import { inlineSchema } from '../../src/onboard/preview.js';
import { formatPreview, leaves } from '../../src/output/preview.js';
import { makeStyle } from '../../src/output/style.js';
import { invalid } from '../helpers/invalid.js';
import { useNock } from '../helpers/nock.js';

const PLATFORM = 'https://platform.adobe.io';
const CONVERSION = '/data/foundation/conversion';
const SCHEMA = 'https://ns.adobe.com/acme/schemas/0123456789abcdef0123456789abcdef';

useNock();

const client = (onDryRun?: () => void) =>
  createPlatformClient({ sandbox: 'dev', orgId: 'ORG@AdobeOrg', clientId: 'cid', accessToken: 'tok', maxRetries: 1, sleep: async () => undefined, ...(onDryRun && { onDryRun }) });

const MAPPING_SET = {
  outputSchema: { schemaRef: { id: SCHEMA, contentType: 'application/vnd.adobe.xed-full+json;version=1' } },
  mappings: [{ sourceType: 'EXPRESSION' as const, source: 'lower(email)', destination: 'personalEmail.address' }],
};

describe('dataPrep.mappingSets.preview', () => {
  it('sends {data, mappingSet} and reads the array the guide shows, one entry per row', async () => {
    nock(PLATFORM)
      .post(`${CONVERSION}/mappingSets/preview`, { data: [{ email: 'A@X.COM' }, { email: null }], mappingSet: MAPPING_SET })
      .reply(200, [{ data: { personalEmail: { address: 'a@x.com' } }, errors: null }, { data: null, errors: [{ destination: 'personalEmail.address', exception: 'boom' }] }]);
    const rows = await (await client()).dataPrep.mappingSets.preview(MAPPING_SET, [{ email: 'A@X.COM' }, { email: null }]);
    expect(rows).toEqual([
      { data: { personalEmail: { address: 'a@x.com' } }, errors: null },
      { data: null, errors: [{ destination: 'personalEmail.address', exception: 'boom' }] },
    ]);
  });

  it('reads the single object the OpenAPI shows as one row', async () => {
    nock(PLATFORM).post(`${CONVERSION}/mappingSets/preview`).reply(200, { data: { _id: '1' } });
    expect(await (await client()).dataPrep.mappingSets.preview(MAPPING_SET, [{ id: 1 }])).toEqual([{ data: { _id: '1' } }]);
  });

  it('is sent under --dry-run too (it changes nothing), and retried like a read', async () => {
    const recorded: unknown[] = [];
    nock(PLATFORM).post(`${CONVERSION}/mappingSets/preview`).reply(503, {}).post(`${CONVERSION}/mappingSets/preview`).reply(200, [{ data: {}, errors: null }]);
    expect(await (await client(() => recorded.push(1))).dataPrep.mappingSets.preview(MAPPING_SET, [{}])).toHaveLength(1);
    expect(recorded).toEqual([]);
  });

  it('takes an inline JSON schema for a schema not created yet', async () => {
    const jsonSchema = inlineSchema([
      { destination: 'person.name.fullName', xdmType: 'string' },
      { destination: '_acme.score', xdmType: 'integer' },
      { destination: 'person.birthDate', xdmType: 'string', format: 'date' },
    ]);
    expect(jsonSchema).toEqual({
      type: 'object',
      properties: {
        person: { type: 'object', properties: { name: { type: 'object', properties: { fullName: { type: 'string' } } }, birthDate: { type: 'string', format: 'date' } } },
        _acme: { type: 'object', properties: { score: { type: 'integer' } } },
      },
    });
    nock(PLATFORM).post(`${CONVERSION}/mappingSets/preview`, (body: { mappingSet: { outputSchema: unknown } }) => JSON.stringify(body.mappingSet.outputSchema) === JSON.stringify({ jsonSchema })).reply(200, []);
    await (await client()).dataPrep.mappingSets.preview({ outputSchema: { jsonSchema }, mappings: MAPPING_SET.mappings }, []);
  });
});

describe('dataPrep.expressions.validate', () => {
  it('reads the guide’s {validationStatus: "succeeded"} and a bare true as valid', async () => {
    nock(PLATFORM).post(`${CONVERSION}/languages/el/validate`, { expression: 'lower(a)' }).reply(200, { validationStatus: 'succeeded', error: 'none' });
    expect(await (await client()).dataPrep.expressions.validate('lower(a)')).toEqual({ valid: true });
    nock(PLATFORM).post(`${CONVERSION}/languages/el/validate`).reply(200, 'true', { 'content-type': 'application/json' });
    expect(await (await client()).dataPrep.expressions.validate('lower(a)')).toEqual({ valid: true });
  });

  it('an invalid expression is a verdict with the reason, not an error: a 400, a failed status or a bare false', async () => {
    nock(PLATFORM).post(`${CONVERSION}/languages/el/validate`).reply(400, { title: 'Invalid expression', detail: 'unknown function lowr()' });
    expect(await (await client()).dataPrep.expressions.validate('lowr(a)')).toEqual({ valid: false, reason: 'unknown function lowr()' });
    nock(PLATFORM).post(`${CONVERSION}/languages/el/validate`).reply(200, { validationStatus: 'failed', error: 'syntax' });
    expect(await (await client()).dataPrep.expressions.validate('(')).toEqual({ valid: false, reason: 'syntax' });
    nock(PLATFORM).post(`${CONVERSION}/languages/el/validate`).reply(200, 'false', { 'content-type': 'application/json' });
    expect(await (await client()).dataPrep.expressions.validate('(')).toMatchObject({ valid: false });
  });

  it('other failures stay errors', async () => {
    nock(PLATFORM).post(`${CONVERSION}/languages/el/validate`).reply(403, { title: 'Forbidden' });
    await expect((await client()).dataPrep.expressions.validate('a')).rejects.toThrow(/403/);
  });
});

describe('planFields: calculated fields', () => {
  const columns = [
    { name: 'id', type: 'long' },
    { name: 'first_name', type: 'string' },
    { name: 'score', type: 'string' },
  ];

  it('an override whose source is not a column is an expression, typed from the function it ends in', () => {
    const fields = planFields(columns, 'acme', { 'to_integer(score)': '_acme.score', 'concat(first_name, "!")': 'person.name.fullName', 'upper(first_name)': '_acme.shout' });
    const calculated = fields.filter((f) => f.expression);
    expect(calculated).toEqual([
      expect.objectContaining({ column: 'to_integer(score)', destination: '_acme.score', standard: false, xdmType: 'integer' }),
      expect.objectContaining({ column: 'concat(first_name, "!")', destination: 'person.name.fullName', standard: true, xdmType: 'string' }),
      expect.objectContaining({ column: 'upper(first_name)', destination: '_acme.shout', standard: false, xdmType: 'string' }),
    ]);
    // The column itself still gets its own field, beside the calculated one that took its name.
    expect(fields.find((f) => f.column === 'score')?.destination).toBe('_acme.score2');
  });

  it('a plain name the table does not have is still a missing column, not an expression', () => {
    expect(invalid(() => planFields(columns, 'acme', { scor: '_acme.x' })).rule).toMatch(/the table has no such column/);
  });

  it('custom fields go under the organization’s tenant: another _name is refused with the path to write', () => {
    const error = invalid(() => planFields(columns, 'flowctl', { 'to_integer(score)': '_acme.score' }));
    expect(error.field).toBe('mapping for "to_integer(score)"');
    expect(error.rule).toBe('"_acme.score" is under _acme, but this organization\'s custom fields are under _flowctl: write _flowctl.score');
  });

  it.each([
    ['to_integer(x)', { xdmType: 'integer' }],
    ['to_decimal(x)', { xdmType: 'number' }],
    ['matches_regex(x, "a")', { xdmType: 'boolean' }],
    ['date(x, "dd/MM/yyyy")', { xdmType: 'string', format: 'date-time' }],
    ['to_integer(x) + 1', { xdmType: 'string' }],
    ['to_integer(")") ', { xdmType: 'integer' }],
    ['lower(x)', { xdmType: 'string' }],
    ['x', { xdmType: 'string' }],
  ])('calculatedType(%j)', (expression, type) => {
    expect(calculatedType(expression)).toEqual(type);
  });
});

describe('formatPreview', () => {
  const style = makeStyle(false);

  it('each row by its first column: its XDM fields aligned, or why it would be rejected; then a summary', () => {
    const text = formatPreview(
      {
        table: 'shop.people',
        rows: [
          { source: { id: 1, email: 'a' }, record: { personalEmail: { address: 'a' }, _acme: { score: 42 } }, errors: [] },
          { source: { id: 2 }, errors: [{ destination: '_acme.score', exception: 'cannot convert "x7"' }] },
        ],
      },
      style,
    );
    expect(text).toBe(
      [
        'Row 1  id=1',
        '  personalEmail.address  a',
        '  _acme.score            42',
        'Row 2  id=2  would be rejected',
        '  ✗ _acme.score: cannot convert "x7"',
        '',
        '1 of 2 sampled rows of shop.people map cleanly; 1 would be rejected.',
        '',
      ].join('\n'),
    );
  });

  it('leaves are the record’s dot paths, arrays kept whole', () => {
    expect(leaves({ a: { b: 1, c: [1, 2] }, d: null })).toEqual([
      ['a.b', 1],
      ['a.c', [1, 2]],
      ['d', null],
    ]);
  });
});
