// src/onboard/infer.ts: columns → field plan (standard matches, custom names, types, collisions, overrides),
// the custom field group body, the delta column, the primary identity, and the Data Prep mappings; and
// src/onboard/classes.ts: the schema's class (profile, event, record) and what it changes in that plan.

import { describe, expect, it } from 'vitest';
import {
  camelCase,
  chooseDeltaColumn,
  chooseIdentity,
  columnType,
  type FieldPlan,
  fieldGroupBody,
  mappingsFor,
  normaliseName,
  planFields,
  STANDARD_FIELDS,
  type TableColumn,
} from '../../src/onboard/infer.js';
import { classConflict, classOfSchema, planTable, schemaRefs, type TableInput, type TablePlan } from '../../src/onboard/classes.js';
import { InvalidInputError } from '../../src/platform/errors.js';
import { ClassCreate, FieldGroupCreate } from '../../src/platform/models/schema-registry.js';
import { MappingSetCreate } from '../../src/platform/models/data-prep.js';

const str = (name: string): TableColumn => ({ name, type: 'string', xdm: { type: 'string' } });
const num = (name: string): TableColumn => ({ name, type: 'double', xdm: { type: 'number' } });
const int = (name: string): TableColumn => ({ name, type: 'integer', xdm: { type: 'integer' } });
const bool = (name: string): TableColumn => ({ name, type: 'boolean', xdm: { type: 'boolean' } });
const dateTime = (name: string): TableColumn => ({ name, type: 'string', 'meta:xdmType': 'date-time', xdm: { type: 'string', format: 'date-time' } });
const date = (name: string): TableColumn => ({ name, type: 'date', xdm: { type: 'string', format: 'date' } });

/** The table of platform-api.md §3.4. */
const CUSTOMERS: TableColumn[] = [str('customer_id'), str('email'), bool('is_active'), num('score'), dateTime('updated_at')];

function destinations(fields: FieldPlan[]): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [f.column, f.destination]));
}

function thrown(fn: () => unknown): InvalidInputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error('expected an InvalidInputError');
}

describe('normaliseName and camelCase', () => {
  it('normalises by lower-casing and dropping _, - and spaces', () => {
    expect(['First_Name', 'first-name', 'firstName', 'FIRST NAME'].map(normaliseName)).toEqual(['firstname', 'firstname', 'firstname', 'firstname']);
  });

  it.each([
    ['loyalty_score', 'loyaltyScore'],
    ['Last-Login At', 'lastLoginAt'],
    ['CUSTOMER_ID', 'customerId'],
    ['customerID', 'customerId'],
    ['HTTPStatus', 'httpStatus'],
    ['modifiedDate', 'modifiedDate'],
    ['éclair_count', 'eclairCount'],
    ['a__b', 'aB'],
    ['2fa_enabled', 'field2faEnabled'],
    ['_private', 'private'],
    ['$$', 'field'],
  ])('camelCase(%s) = %s', (column, expected) => {
    expect(camelCase(column)).toBe(expected);
    expect(camelCase(column)).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
  });
});

describe('columnType', () => {
  it.each<[string, TableColumn, { xdmType: string; format?: string }]>([
    ['xdm string', str('a'), { xdmType: 'string' }],
    ['xdm number', num('a'), { xdmType: 'number' }],
    ['xdm integer', int('a'), { xdmType: 'integer' }],
    ['xdm boolean', bool('a'), { xdmType: 'boolean' }],
    ['xdm date-time format', dateTime('a'), { xdmType: 'string', format: 'date-time' }],
    ['xdm date format', date('a'), { xdmType: 'string', format: 'date' }],
    ['meta:xdmType date-time only', { name: 'a', type: 'string', 'meta:xdmType': 'date-time' }, { xdmType: 'string', format: 'date-time' }],
    ['meta:xdmType long', { name: 'a', 'meta:xdmType': 'long' }, { xdmType: 'integer' }],
    ['source type bigint, no xdm', { name: 'a', type: 'BIGINT' }, { xdmType: 'integer' }],
    ['source type timestamp, no xdm', { name: 'a', type: 'timestamp' }, { xdmType: 'string', format: 'date-time' }],
    ['source type date, no xdm', { name: 'a', type: 'date' }, { xdmType: 'string', format: 'date' }],
    ['unknown types', { name: 'a', type: 'geometry', xdm: { type: 'object' } }, { xdmType: 'string' }],
    ['nothing at all', { name: 'a' }, { xdmType: 'string' }],
  ])('%s', (_label, column, expected) => {
    expect(columnType(column)).toEqual(expected);
  });
});

describe('planFields: standard fields', () => {
  it('maps the documented table, every name of it, to its standard field', () => {
    for (const standard of STANDARD_FIELDS) {
      for (const name of standard.names) {
        const [field] = planFields([str(name)], 'acme');
        expect(field, name).toMatchObject({ column: name, destination: standard.destination, standard: true, title: standard.title });
      }
    }
  });

  it('matches names written in any case with _, - or spaces', () => {
    const fields = planFields([str('First_Name'), str('last-name'), str('Date Of Birth'), str('EMAIL_ADDRESS'), str('Zip_Code'), str('mobilePhone')], 'acme');
    expect(destinations(fields)).toEqual({
      First_Name: 'person.name.firstName',
      'last-name': 'person.name.lastName',
      'Date Of Birth': 'person.birthDate',
      EMAIL_ADDRESS: 'personalEmail.address',
      Zip_Code: 'homeAddress.postalCode',
      mobilePhone: 'mobilePhone.number',
    });
  });

  it('gives a standard field the field\'s own type (birthDate is a date), not the column\'s', () => {
    const [birth, email] = planFields([dateTime('dob'), str('email')], 'acme');
    expect(birth).toEqual({ column: 'dob', destination: 'person.birthDate', standard: true, xdmType: 'string', format: 'date', title: 'Birth date' });
    expect(email).toEqual({ column: 'email', destination: 'personalEmail.address', standard: true, xdmType: 'string', title: 'Personal email address' });
  });

  it('uses each standard field once: the first matching column takes it, later ones become custom fields', () => {
    const fields = planFields([str('email'), str('mail'), str('phone'), str('mobile'), str('name'), str('full_name')], 'acme');
    expect(destinations(fields)).toEqual({
      email: 'personalEmail.address',
      mail: '_acme.mail',
      phone: 'mobilePhone.number',
      mobile: '_acme.mobile',
      name: 'person.name.fullName',
      full_name: '_acme.fullName',
    });
  });

  it('state and province go to the free-form homeAddress.state, region to homeAddress.region (never the ISO-coded stateProvince)', () => {
    expect(destinations(planFields([str('state'), str('region')], 'acme'))).toEqual({ state: 'homeAddress.state', region: 'homeAddress.region' });
    expect(destinations(planFields([str('province')], 'acme'))).toEqual({ province: 'homeAddress.state' });
  });

  it('numbers fit only phones and postal codes; booleans no standard field; birthDate needs text or a date', () => {
    const fields = planFields([int('phone'), int('zip'), int('country'), int('city'), bool('email'), num('birthdate'), date('birthday')], 'acme');
    expect(destinations(fields)).toEqual({
      phone: 'mobilePhone.number',
      zip: 'homeAddress.postalCode',
      country: '_acme.country',
      city: '_acme.city',
      email: '_acme.email',
      birthdate: '_acme.birthdate',
      birthday: 'person.birthDate',
    });
  });
});

describe('planFields: custom fields', () => {
  it('puts every other column under _{tenantId}, camel-cased, typed from the column, titled from its name', () => {
    const fields = planFields(CUSTOMERS, 'acme');
    expect(fields).toEqual([
      { column: 'customer_id', destination: '_acme.customerId', standard: false, xdmType: 'string', title: 'Customer ID' },
      { column: 'email', destination: 'personalEmail.address', standard: true, xdmType: 'string', title: 'Personal email address' },
      { column: 'is_active', destination: '_acme.isActive', standard: false, xdmType: 'boolean', title: 'Is active' },
      { column: 'score', destination: '_acme.score', standard: false, xdmType: 'number', title: 'Score' },
      { column: 'updated_at', destination: '_acme.updatedAt', standard: false, xdmType: 'string', format: 'date-time', title: 'Updated at' },
    ]);
  });

  it('keeps date and date-time formats, integers as integers', () => {
    const fields = planFields([date('signup_day'), dateTime('last_login'), int('visits')], 'acme');
    expect(fields.map((f) => [f.destination, f.xdmType, f.format])).toEqual([
      ['_acme.signupDay', 'string', 'date'],
      ['_acme.lastLogin', 'string', 'date-time'],
      ['_acme.visits', 'integer', undefined],
    ]);
  });

  it('accepts the tenant id with its underscore too', () => {
    expect(planFields([str('a')], '_acme')[0]?.destination).toBe('_acme.a');
  });

  it('gives names that collide (ignoring case) a numeric suffix', () => {
    const fields = planFields([str('order_count'), str('OrderCount'), str('order-count'), str('first_name'), str('FirstName')], 'acme');
    expect(destinations(fields)).toEqual({
      order_count: '_acme.orderCount',
      OrderCount: '_acme.orderCount2',
      'order-count': '_acme.orderCount3',
      first_name: 'person.name.firstName',
      FirstName: '_acme.firstName',
    });
  });

  it('makes names start with a letter', () => {
    expect(destinations(planFields([str('2fa'), str('_x')], 'acme'))).toEqual({ '2fa': '_acme.field2fa', _x: '_acme.x' });
  });

  it('refuses a tenant id that cannot be a field name', () => {
    expect(thrown(() => planFields(CUSTOMERS, 'ac me')).field).toBe('tenantId');
  });
});

describe('planFields: overrides from a mapping file', () => {
  it('a column mapped to _{tenant}.… becomes that custom field; any other path is taken as standard', () => {
    const fields = planFields(CUSTOMERS, 'acme', { customer_id: '_acme.crm.customerKey', score: 'loyalty.points', email: '_acme.contactEmail' });
    expect(fields.find((f) => f.column === 'customer_id')).toMatchObject({ destination: '_acme.crm.customerKey', standard: false, xdmType: 'string' });
    expect(fields.find((f) => f.column === 'score')).toMatchObject({ destination: 'loyalty.points', standard: true, xdmType: 'number' });
    expect(fields.find((f) => f.column === 'email')).toMatchObject({ destination: '_acme.contactEmail', standard: false });
  });

  it('a column mapped to a standard field of the table gets that field\'s type and title', () => {
    const [field] = planFields([str('contact')], 'acme', { contact: 'personalEmail.address' });
    expect(field).toEqual({ column: 'contact', destination: 'personalEmail.address', standard: true, xdmType: 'string', title: 'Personal email address' });
  });

  it('a column mapped to "" or null is left out', () => {
    const fields = planFields(CUSTOMERS, 'acme', { is_active: '', score: null });
    expect(fields.map((f) => f.column)).toEqual(['customer_id', 'email', 'updated_at']);
  });

  it('an overridden destination is not taken again by a matching column, and custom names it uses are reserved', () => {
    const fields = planFields([str('email'), str('work_mail'), str('score'), num('points')], 'acme', { work_mail: 'personalEmail.address', points: '_acme.score' });
    expect(destinations(fields)).toEqual({
      email: '_acme.email',
      work_mail: 'personalEmail.address',
      score: '_acme.score2',
      points: '_acme.score',
    });
  });

  it.each<[string, Record<string, string>, string, RegExp]>([
    ['a column the table lacks', { nope: '_acme.x' }, 'mapping for "nope"', /no such column.*customer_id, email/],
    ['a path that is not a dot path', { score: '/_acme/score' }, 'mapping for "score"', /not a dot path/],
    ['the tenant object itself', { score: '_acme' }, 'mapping for "score"', /tenant's object itself/],
    ['two columns to one path', { score: '_acme.x', customer_id: '_acme.x' }, 'mapping for "customer_id"', /already the destination of column "score"/],
    ['a field inside another mapped field', { score: '_acme.a', customer_id: '_acme.a.b' }, 'mapping for "customer_id"', /inside "_acme.a"/],
  ])('refuses %s', (_label, overrides, field, rule) => {
    const error = thrown(() => planFields(CUSTOMERS, 'acme', overrides));
    expect(error.field).toBe(field);
    expect(error.rule).toMatch(rule);
  });
});

describe('fieldGroupBody', () => {
  it('holds the custom fields only, in the §4.4 shape, and passes the client\'s request model', () => {
    const body = fieldGroupBody(planFields(CUSTOMERS, 'acme'), { tenantId: 'acme', title: 'shop customers', description: 'Columns of shop.customers' });

    expect(body).toEqual({
      type: 'object',
      title: 'shop customers',
      description: 'Columns of shop.customers',
      'meta:intendedToExtend': ['https://ns.adobe.com/xdm/context/profile'],
      definitions: {
        customFields: {
          properties: {
            _acme: {
              type: 'object',
              properties: {
                customerId: { title: 'Customer ID', type: 'string' },
                isActive: { title: 'Is active', type: 'boolean' },
                score: { title: 'Score', type: 'number' },
                updatedAt: { title: 'Updated at', type: 'string', format: 'date-time' },
              },
            },
          },
        },
      },
      allOf: [{ $ref: '#/definitions/customFields' }],
    });
    expect(FieldGroupCreate.safeParse(body).success).toBe(true);
  });

  it('gives integer fields XDM long bounds', () => {
    const body = fieldGroupBody(planFields([int('visits')], 'acme'), { tenantId: 'acme', title: 't', description: '' });
    expect(body?.definitions['customFields']?.properties['_acme']).toEqual({
      type: 'object',
      properties: { visits: { title: 'Visits', type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 } },
    });
  });

  it('nests fields whose override path has several segments', () => {
    const fields = planFields([str('tier'), num('points'), str('note')], 'acme', { tier: '_acme.loyalty.tier', points: '_acme.loyalty.points' });
    const body = fieldGroupBody(fields, { tenantId: 'acme', title: 't', description: '' });
    expect(body?.definitions['customFields']?.properties['_acme']).toEqual({
      type: 'object',
      properties: {
        loyalty: { type: 'object', properties: { tier: { title: 'Tier', type: 'string' }, points: { title: 'Points', type: 'number' } } },
        note: { title: 'Note', type: 'string' },
      },
    });
  });

  it('is undefined when every column goes to a standard field (or is left out)', () => {
    const fields = planFields([str('email'), str('first_name'), str('extra')], 'acme', { extra: '' });
    expect(fieldGroupBody(fields, { tenantId: 'acme', title: 't', description: '' })).toBeUndefined();
  });
});

describe('chooseDeltaColumn', () => {
  it('takes the single date-time column named like a last-change time', () => {
    for (const name of ['updated_at', 'last_modified', 'modifiedDate', 'LastUpdateTime', 'changed_on', 'date_updated']) {
      expect(chooseDeltaColumn([str('id'), dateTime('created_at'), dateTime(name)])).toEqual({ column: name });
    }
  });

  it('ignores columns so named that are not date-times, and words that merely contain the stem', () => {
    const result = chooseDeltaColumn([str('updated_by'), dateTime('exchange_date'), dateTime('created_at')]);
    expect(result).toHaveProperty('problem');
  });

  it('several candidates: a problem listing them and telling to pass --delta-column', () => {
    const result = chooseDeltaColumn([dateTime('updated_at'), dateTime('modified_at'), dateTime('created_at')]);
    expect(result).toEqual({ problem: 'several columns could be the delta column (updated_at, modified_at); pass --delta-column COLUMN to choose one' });
  });

  it('no candidate: a problem listing the date-time and numeric columns and telling to pass --delta-column', () => {
    const result = chooseDeltaColumn([str('id'), dateTime('created_at'), int('version'), bool('active')]);
    expect('problem' in result && result.problem).toMatch(/^no date-time column is named like a last-change time.*pass --delta-column COLUMN.*: created_at, version$/);
  });

  it('no date-time or numeric column at all: says "(none)"', () => {
    const result = chooseDeltaColumn([str('id')]);
    expect('problem' in result && result.problem).toMatch(/columns: \(none\)$/);
  });

  it('an explicit date-time or numeric column wins, matched exactly or, if unambiguous, ignoring case', () => {
    const columns = [dateTime('updated_at'), dateTime('created_at'), int('row_version'), num('seq')];
    expect(chooseDeltaColumn(columns, 'created_at')).toEqual({ column: 'created_at' });
    expect(chooseDeltaColumn(columns, 'ROW_VERSION')).toEqual({ column: 'row_version' });
    expect(chooseDeltaColumn(columns, 'seq')).toEqual({ column: 'seq' });
  });

  it('an explicit column that is missing, or not date-time/numeric, is a problem naming the candidates', () => {
    const columns = [dateTime('updated_at'), str('name'), date('day')];
    expect(chooseDeltaColumn(columns, 'nope')).toEqual({ problem: 'the table has no column "nope"; date-time and numeric columns: updated_at' });
    expect(chooseDeltaColumn(columns, 'name')).toEqual({ problem: 'column "name" is a string column; the delta column must be a date-time or numeric column (updated_at)' });
    expect(chooseDeltaColumn(columns, 'day')).toEqual({ problem: 'column "day" is a date column; the delta column must be a date-time or numeric column (updated_at)' });
  });
});

describe('chooseIdentity', () => {
  it('defaults to the primary key column, with namespace CRMID', () => {
    const columns = [str('code'), str('email'), str('id')];
    const fields = planFields(columns, 'acme');
    expect(chooseIdentity(columns, fields, undefined, 'code')).toMatchObject({ column: 'code', destination: '_acme.code', namespace: 'CRMID' });
  });

  it('without a primary key: id, then <table>_id, then customer_id, user_id, …', () => {
    const pick = (columns: TableColumn[], table?: string) => {
      const result = chooseIdentity(columns, planFields(columns, 'acme'), undefined, undefined, table);
      return 'problem' in result ? result.problem : result.column;
    };
    expect(pick([str('customer_id'), str('ID')])).toBe('ID');
    expect(pick([str('user_id'), str('customer_id')])).toBe('customer_id');
    expect(pick([str('user_id'), str('order_id')], 'shop.orders')).toBe('order_id');
    expect(pick([str('category_id')], 'shop.categories')).toBe('category_id');
    expect(pick([str('UserId'), str('name')])).toBe('UserId');
  });

  it('falls back to the email column, with namespace Email', () => {
    const columns = [str('name'), str('email_address')];
    expect(chooseIdentity(columns, planFields(columns, 'acme'))).toMatchObject({ column: 'email_address', destination: 'personalEmail.address', namespace: 'Email' });
  });

  it('nothing to go by: a problem telling to pass --identity', () => {
    const columns = [str('name'), num('score')];
    const result = chooseIdentity(columns, planFields(columns, 'acme'));
    expect('problem' in result && result.problem).toMatch(/no column looks like the records' identity.*pass --identity COLUMN or --identity COLUMN:NAMESPACE\. Columns: name, score$/);
  });

  it('a primary key left out by the mapping is passed over for the next rule', () => {
    const columns = [str('pk'), str('id')];
    const fields = planFields(columns, 'acme', { pk: '' });
    expect(chooseIdentity(columns, fields, undefined, 'pk')).toMatchObject({ column: 'id' });
  });

  it('explicit COLUMN wins; the namespace follows the destination (Email, Phone, CRMID)', () => {
    const columns = [str('id'), str('email'), str('mobile'), str('home_phone'), str('crm_key')];
    const fields = planFields(columns, 'acme');
    expect(chooseIdentity(columns, fields, 'email', 'id')).toMatchObject({ column: 'email', destination: 'personalEmail.address', namespace: 'Email' });
    expect(chooseIdentity(columns, fields, 'mobile')).toMatchObject({ destination: 'mobilePhone.number', namespace: 'Phone' });
    expect(chooseIdentity(columns, fields, 'home_phone')).toMatchObject({ destination: 'homePhone.number', namespace: 'Phone' });
    expect(chooseIdentity(columns, fields, 'CRM_KEY')).toMatchObject({ column: 'crm_key', destination: '_acme.crmKey', namespace: 'CRMID' });
  });

  it('explicit COLUMN:NAMESPACE sets the namespace; a column whose own name holds ":" is still found', () => {
    const columns = [str('id'), str('loyalty_no'), str('a:b')];
    const fields = planFields(columns, 'acme');
    expect(chooseIdentity(columns, fields, 'loyalty_no:LoyaltyID')).toMatchObject({ column: 'loyalty_no', destination: '_acme.loyaltyNo', namespace: 'LoyaltyID' });
    expect(chooseIdentity(columns, fields, 'a:b')).toMatchObject({ column: 'a:b', namespace: 'CRMID' });
    expect(chooseIdentity(columns, fields, 'a:b:ECID')).toMatchObject({ column: 'a:b', namespace: 'ECID' });
  });

  it('explicit: a missing column, a left-out column or a malformed namespace is a problem', () => {
    const columns = [str('id'), str('secret')];
    const fields = planFields(columns, 'acme', { secret: '' });
    expect(chooseIdentity(columns, fields, 'nope')).toEqual({ problem: 'the table has no column "nope" for the identity; its columns: id, secret' });
    expect(chooseIdentity(columns, fields, 'nope:Email')).toEqual({ problem: 'the table has no column "nope" for the identity; its columns: id, secret' });
    expect(chooseIdentity(columns, fields, 'secret')).toEqual({ problem: 'column "secret" is the identity but is left out by the mapping; map it to a field' });
    expect(chooseIdentity(columns, fields, 'id:')).toHaveProperty('problem', expect.stringMatching(/is not an identity namespace code/));
    expect(chooseIdentity(columns, fields, 'id:two words')).toHaveProperty('problem', expect.stringMatching(/"two words" is not an identity namespace code/));
  });

  it('retypes a numeric custom identity field to string (identities are strings) and leaves the plan alone otherwise', () => {
    const columns = [int('id'), num('score')];
    const fields = planFields(columns, 'acme');
    const result = chooseIdentity(columns, fields);
    if ('problem' in result) throw new Error(result.problem);
    expect(result.fields[0]).toEqual({ column: 'id', destination: '_acme.id', standard: false, xdmType: 'string', title: 'ID' });
    expect(result.fields[1]).toBe(fields[1]);
    expect(fields[0]?.xdmType).toBe('integer');

    const textual = [str('id')];
    const plain = planFields(textual, 'acme');
    const same = chooseIdentity(textual, plain);
    expect('fields' in same && same.fields).toEqual(plain);
  });
});

describe('mappingsFor', () => {
  it('one ATTRIBUTE mapping per planned field, with dot-path destinations a mapping set accepts', () => {
    const fields = planFields(CUSTOMERS, 'acme', { is_active: '' });
    const mappings = mappingsFor(fields);

    expect(mappings).toEqual([
      { sourceType: 'ATTRIBUTE', source: 'customer_id', destination: '_acme.customerId' },
      { sourceType: 'ATTRIBUTE', source: 'email', destination: 'personalEmail.address' },
      { sourceType: 'ATTRIBUTE', source: 'score', destination: '_acme.score' },
      { sourceType: 'ATTRIBUTE', source: 'updated_at', destination: '_acme.updatedAt' },
    ]);
    const body = { outputSchema: { schemaRef: { id: 'https://ns.adobe.com/acme/schemas/abc', contentType: 'application/vnd.adobe.xed-full+json;version=1' } }, mappings };
    expect(MappingSetCreate.safeParse(body).success).toBe(true);
  });

  it('is empty for no fields', () => {
    expect(mappingsFor([])).toEqual([]);
  });
});

describe('classes: which class, and where the columns go for it', () => {
  const EVENT = 'https://ns.adobe.com/xdm/context/experienceevent';
  const PROFILE = 'https://ns.adobe.com/xdm/context/profile';
  const ORDERS = [int('order_id'), str('customer_email'), num('amount'), dateTime('ordered_at'), dateTime('updated_at')];
  const COUNTRIES = [str('country_code'), str('name'), dateTime('updated_at')];
  const base = (extra: Partial<TableInput> = {}): TableInput => ({ tenantId: 'acme', table: 'shop.orders', deltaColumn: 'updated_at', ...extra });
  const planned = (columns: TableColumn[], input: TableInput): TablePlan => {
    const result = planTable(columns, input);
    if ('problem' in result) throw new Error(result.problem);
    return result;
  };
  const destinations = (plan: TablePlan) => Object.fromEntries(plan.fields.map((f) => [f.column, f.destination]));

  it('event: the key goes to _id (a string), --timestamp to timestamp; every other column is custom, even person-like ones', () => {
    const plan = planned(ORDERS, base({ xdmClass: 'event', timestamp: 'ordered_at' }));
    expect(plan.xdmClass).toBe('event');
    expect(destinations(plan)).toEqual({ order_id: '_id', customer_email: '_acme.customerEmail', amount: '_acme.amount', ordered_at: 'timestamp', updated_at: '_acme.updatedAt' });
    expect(plan.fields.find((f) => f.destination === '_id')).toEqual({ column: 'order_id', destination: '_id', standard: true, xdmType: 'string', title: 'Identifier' });
    expect(plan.fields.find((f) => f.destination === 'timestamp')).toMatchObject({ xdmType: 'string', format: 'date-time', standard: true });
    // The person: an email column (namespace Email), its custom field a string.
    expect(plan.identity).toMatchObject({ column: 'customer_email', destination: '_acme.customerEmail', namespace: 'Email' });
    expect(plan.warnings).toEqual([]);
    // A field group of the custom fields only, meant for the ExperienceEvent class.
    const body = fieldGroupBody(plan.fields, { tenantId: 'acme', title: 'orders fields', description: 'x', classId: EVENT });
    expect(body?.['meta:intendedToExtend']).toEqual([EVENT]);
    expect(Object.keys((body?.definitions['customFields']?.properties['_acme'] as { properties: object }).properties)).toEqual(['customerEmail', 'amount', 'updatedAt']);
    expect(FieldGroupCreate.safeParse(body).success).toBe(true);
  });

  it('event: without --timestamp the delta column, on a re-run the column mapped so far; a person key column is the identity (CRMID)', () => {
    expect(destinations(planned(ORDERS, base({ xdmClass: 'event' })))['updated_at']).toBe('timestamp');
    expect(destinations(planned(ORDERS, base({ xdmClass: 'event', mappedTimestamp: 'ordered_at' })))['ordered_at']).toBe('timestamp');
    const withCustomer = planned([str('id'), int('customer_id'), dateTime('at')], base({ xdmClass: 'event', table: 'shop.clicks', deltaColumn: 'at' }));
    expect(destinations(withCustomer)).toEqual({ id: '_id', customer_id: '_acme.customerId', at: 'timestamp' });
    expect(withCustomer.identity).toMatchObject({ column: 'customer_id', namespace: 'CRMID' });
    // Identities are strings.
    expect(withCustomer.fields.find((f) => f.column === 'customer_id')).toMatchObject({ xdmType: 'string' });
  });

  it('event: a wrong --timestamp, or no date-time column to take it from, is a --timestamp problem', () => {
    expect(planTable(ORDERS, base({ xdmClass: 'event', timestamp: 'amount' }))).toEqual({
      flag: '--timestamp',
      problem: 'column "amount" is a number column; the timestamp must be a date-time column (ordered_at, updated_at)',
    });
    expect(planTable(ORDERS, base({ xdmClass: 'event', timestamp: 'nope' }))).toEqual({ flag: '--timestamp', problem: 'the table has no column "nope"; its date-time columns: ordered_at, updated_at' });
    expect(planTable([int('id'), int('version')], base({ xdmClass: 'event', deltaColumn: 'version' }))).toEqual({
      flag: '--timestamp',
      problem: 'an event needs a timestamp and the delta column version is not a date-time column: pass --timestamp COLUMN (a date-time column: (none))',
    });
    expect(planTable(ORDERS, base({ timestamp: 'ordered_at' }))).toMatchObject({ flag: '--timestamp', problem: expect.stringContaining('add --class event') });
  });

  it('event: without a key column, a mapping to _id is needed; one given wins, and a column mapped elsewhere keeps its own field too', () => {
    const columns = [str('sku'), str('email'), dateTime('updated_at')];
    expect(planTable(columns, base({ xdmClass: 'event', table: 'shop.views' }))).toMatchObject({ flag: '--class event', problem: expect.stringContaining(`--mapping-file '{"COLUMN": "_id"}'`) });
    expect(destinations(planned(columns, base({ xdmClass: 'event', table: 'shop.views', overrides: { sku: '_id' } })))).toEqual({ sku: '_id', email: '_acme.email', updated_at: 'timestamp' });
    const both = planned(ORDERS, base({ xdmClass: 'event', overrides: { order_id: '_acme.orderNumber' } }));
    expect(both.fields.filter((f) => f.column === 'order_id').map((f) => f.destination)).toEqual(['_acme.orderNumber', '_id']);
  });

  it('event without a person column: no identity, and a warning that it cannot be enabled for Profile', () => {
    const plan = planned([int('id'), num('amount'), dateTime('updated_at')], base({ xdmClass: 'event' }));
    expect(plan.identity).toBeUndefined();
    expect(plan.warnings).toEqual([expect.stringContaining('cannot be enabled for Profile; pass --identity COLUMN[:NAMESPACE]')]);
  });

  it('record: every column custom (no person fields), an identity only when --identity names one', () => {
    const plan = planned(COUNTRIES, base({ xdmClass: 'record', table: 'ref.countries' }));
    expect(destinations(plan)).toEqual({ country_code: '_acme.countryCode', name: '_acme.name', updated_at: '_acme.updatedAt' });
    expect(plan.identity).toBeUndefined();
    expect(plan.warnings).toEqual([]);
    expect(planned(COUNTRIES, base({ xdmClass: 'record', identity: 'country_code' })).identity).toMatchObject({ destination: '_acme.countryCode', namespace: 'CRMID' });
    expect(planTable(COUNTRIES, base({ xdmClass: 'record', identity: 'nope' }))).toMatchObject({ flag: '--identity' });
  });

  it('the default: profile when an identity is found (as before), else record with a warning; --class profile or --identity keep the identity problem', () => {
    const customers = planned(CUSTOMERS, base({ table: 'shop.customers' }));
    expect(customers.xdmClass).toBe('profile');
    expect(destinations(customers)['email']).toBe('personalEmail.address');
    expect(customers.identity).toMatchObject({ column: 'customer_id' });
    const lookup = planned(COUNTRIES, base({ table: 'ref.countries' }));
    expect(lookup.xdmClass).toBe('record');
    expect(destinations(lookup)['name']).toBe('_acme.name');
    expect(lookup.warnings).toEqual([expect.stringMatching(/^ref\.countries has no column that looks like a person's identity .*onboarded as a record \(lookup\) schema/)]);
    expect(planTable(COUNTRIES, base({ xdmClass: 'profile' }))).toMatchObject({ flag: '--identity', problem: expect.stringContaining("no column looks like the records' identity") });
  });

  it('a schema\'s class: known from meta:class, and another one asked for is refused', () => {
    expect(classOfSchema(PROFILE, 'acme')).toBe('profile');
    expect(classOfSchema(EVENT, '_acme')).toBe('event');
    expect(classOfSchema('https://ns.adobe.com/acme/classes/abc', 'acme')).toBe('record');
    expect(classOfSchema('https://ns.adobe.com/other/classes/abc', 'acme')).toBeUndefined();
    const schema = { $id: 'https://ns.adobe.com/acme/schemas/1', title: 'p schema', 'meta:class': EVENT };
    expect(classConflict(schema, 'event', 'acme')).toBeUndefined();
    expect(classConflict(schema, undefined, 'acme')).toBeUndefined();
    expect(classConflict(undefined, 'record', 'acme')).toBeUndefined();
    expect(classConflict(schema, 'record', 'acme')).toBe(
      'schema "p schema" is an event schema (XDM ExperienceEvent), not a record schema, and the Platform cannot change a schema\'s class: offboard the table first (flowctl offboard --table …), or onboard it under another --name',
    );
  });

  it('schema composition per class, and the record class body Adobe documents', () => {
    expect(schemaRefs('profile', undefined, 'fg')).toEqual([PROFILE, 'https://ns.adobe.com/xdm/context/profile-person-details', 'https://ns.adobe.com/xdm/context/profile-personal-details', 'fg']);
    expect(schemaRefs('event', undefined, undefined)).toEqual([EVENT]);
    expect(schemaRefs('record', 'https://ns.adobe.com/acme/classes/1', 'fg')).toEqual(['https://ns.adobe.com/acme/classes/1', 'fg']);
    expect(ClassCreate.safeParse({ type: 'object', title: 't', description: 'd', allOf: [{ $ref: 'https://ns.adobe.com/xdm/data/record' }] }).success).toBe(true);
    expect(ClassCreate.safeParse({ type: 'object', title: 't', description: 'd', allOf: [{ $ref: PROFILE }] }).success).toBe(false);
  });
});
