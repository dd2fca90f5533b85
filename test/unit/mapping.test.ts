import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/platform/errors.js';
import { parseCsv, parseMapFlag, parseMappingCsv, parseMappingFile, parseMappingJson } from '../../src/platform/mapping.js';
import { invalid } from '../helpers/invalid.js';

const SCHEMA = 'https://ns.adobe.com/acme/schemas/0123456789abcdef0123456789abcdef';

describe('parseMapFlag', () => {
  it('SOURCE=xdm.path → an ATTRIBUTE mapping', () => {
    expect(parseMapFlag('customer_id=_acme.customerId')).toEqual({ sourceType: 'ATTRIBUTE', source: 'customer_id', destination: '_acme.customerId' });
  });

  it('splits at the last =, so the source may contain ==; a source that is not a column is an EXPRESSION', () => {
    expect(parseMapFlag('iif(status=="A", true, false)=_acme.active')).toEqual({
      sourceType: 'EXPRESSION',
      source: 'iif(status=="A", true, false)',
      destination: '_acme.active',
    });
  });

  it.each([
    ['email', 'ATTRIBUTE'],
    ['_id', 'ATTRIBUTE'],
    ['$col', 'ATTRIBUTE'],
    ['prénom', 'ATTRIBUTE'],
    ['lower(email)', 'EXPRESSION'],
    ['${First Name}', 'EXPRESSION'],
    ['name.first', 'EXPRESSION'],
    ['size', 'EXPRESSION'],
    ['"US"', 'EXPRESSION'],
  ])('source %j is %s', (source, sourceType) => {
    expect(parseMapFlag(`${source}=_acme.x`).sourceType).toBe(sourceType);
  });

  it('trims both sides', () => {
    expect(parseMapFlag(' first_name = person.name.firstName ')).toEqual({ sourceType: 'ATTRIBUTE', source: 'first_name', destination: 'person.name.firstName' });
  });

  it.each(['customer_id', '=person.name', 'customer_id=', ''])('%j → "--map: … must look like SOURCE=xdm.path"', (value) => {
    const error = invalid(() => parseMapFlag(value));
    expect(error.field).toBe('--map');
    expect(error.rule).toBe(`"${value}" must look like SOURCE=xdm.path`);
  });

  it('a blank source is refused', () => {
    const error = invalid(() => parseMapFlag('   =person.name'));
    expect(error.field).toBe('--map source');
    expect(error.rule).toBe('must be a non-empty column name or expression');
  });

  it.each(['person name', 'person..name', 'person.name.', '.person', '1abc', 'person.1st', 'person-name', 'person/name'])(
    'destination %j is not a dot path',
    (destination) => {
      const error = invalid(() => parseMapFlag(`col=${destination}`));
      expect(error.field).toBe('--map destination');
      expect(error.rule).toBe(`"${destination}" is not a dot path into the schema (person.name.fullName)`);
    },
  );

  it.each(['a', '_acme.customerId', 'person.name.fullName', 'Person_2.x_Y'])('destination %j is accepted', (destination) => {
    expect(parseMapFlag(`col=${destination}`).destination).toBe(destination);
  });
});

describe('parseMappingJson', () => {
  it('reads what `mapping get --json` prints: Data Prep names source types text/x.schema-path and text/x.aep-xl', () => {
    const text = JSON.stringify({
      id: '0b090130b58b4819afc78b6dc98b484d',
      version: 2,
      outputSchema: { id: 'x', version: 0, schemaRef: { id: SCHEMA, contentType: 'application/vnd.adobe.xed-full+json;version=1' } },
      mappings: [
        { id: 'a', version: 0, sourceType: 'text/x.schema-path', source: 'email', destination: 'personalEmail.address' },
        { id: 'b', version: 0, sourceType: 'text/x.aep-xl', source: 'lower(email)', destination: '_acme.emailLower' },
      ],
    });
    expect(parseMappingJson(text, 'm.json')).toEqual({
      mappings: [
        { sourceType: 'ATTRIBUTE', source: 'email', destination: 'personalEmail.address' },
        { sourceType: 'EXPRESSION', source: 'lower(email)', destination: '_acme.emailLower' },
      ],
      schemaId: SCHEMA,
    });
  });

  it('a mapping without sourceType is an EXPRESSION when its source is not a column name', () => {
    const { mappings } = parseMappingJson(JSON.stringify([{ source: 'upper(city)', destination: 'homeAddress.city' }, { source: 'city', destination: '_acme.city' }]), 'm.json');
    expect(mappings.map((m) => m.sourceType)).toEqual(['EXPRESSION', 'ATTRIBUTE']);
  });

  it('reads the documented shape with outputSchema.schemaRef.id', () => {
    const text = JSON.stringify({
      outputSchema: { schemaRef: { id: SCHEMA, contentType: 'application/vnd.adobe.xed-full+json;version=1' } },
      mappings: [
        { sourceType: 'ATTRIBUTE', source: 'id', destination: '_acme.customerId' },
        { sourceType: 'expression', source: "concat(first, ' ', last)", destination: 'person.name.fullName' },
        { sourceType: 'STATIC', source: "'US'", destination: 'homeAddress.countryCode' },
      ],
    });
    expect(parseMappingJson(text, 'map.json')).toEqual({
      schemaId: SCHEMA,
      mappings: [
        { sourceType: 'ATTRIBUTE', source: 'id', destination: '_acme.customerId' },
        { sourceType: 'EXPRESSION', source: "concat(first, ' ', last)", destination: 'person.name.fullName' },
        { sourceType: 'STATIC', source: "'US'", destination: 'homeAddress.countryCode' },
      ],
    });
  });

  it('reads the legacy shape with xdmSchema / sourceAttribute / destinationXdmPath', () => {
    const text = JSON.stringify({
      id: null,
      version: 0,
      xdmSchema: SCHEMA,
      xdmVersion: '1.0',
      mappings: [
        { sourceType: 'ATTRIBUTE', sourceAttribute: 'email', destinationXdmPath: 'personalEmail.address', identity: false, identityGroup: null, namespaceCode: null },
        { sourceAttribute: 'id', destinationXdmPath: '_acme.customerId' },
      ],
    });
    expect(parseMappingJson(text, 'legacy.json')).toEqual({
      schemaId: SCHEMA,
      mappings: [
        { sourceType: 'ATTRIBUTE', source: 'email', destination: 'personalEmail.address' },
        { sourceType: 'ATTRIBUTE', source: 'id', destination: '_acme.customerId' },
      ],
    });
  });

  it('documented names win over legacy ones in the same entry', () => {
    const text = JSON.stringify([{ source: 'new_col', sourceAttribute: 'old', destination: 'a.b', destinationXdmPath: 'c.d' }]);
    expect(parseMappingJson(text, 'm.json').mappings).toEqual([{ sourceType: 'ATTRIBUTE', source: 'new_col', destination: 'a.b' }]);
  });

  it('reads a bare array, with no schema', () => {
    const result = parseMappingJson('[{"source":"id","destination":"_acme.customerId"}]', 'm.json');
    expect(result.mappings).toEqual([{ sourceType: 'ATTRIBUTE', source: 'id', destination: '_acme.customerId' }]);
    expect(result.schemaId).toBeUndefined();
  });

  it('an empty or null sourceType defaults to ATTRIBUTE', () => {
    const text = JSON.stringify([
      { sourceType: '', source: 'a', destination: 'x.a' },
      { sourceType: null, source: 'b', destination: 'x.b' },
    ]);
    expect(parseMappingJson(text, 'm.json').mappings.map((m) => m.sourceType)).toEqual(['ATTRIBUTE', 'ATTRIBUTE']);
  });

  it('a non-string schema id is ignored', () => {
    expect(parseMappingJson(JSON.stringify({ outputSchema: { schemaRef: { id: 5 } }, mappings: [{ source: 'a', destination: 'b' }] }), 'm.json').schemaId).toBeUndefined();
  });

  it.each([
    ['invalid JSON', '{"mappings": [', 'is not valid JSON ('],
    ['empty file', '', 'is not valid JSON ('],
  ])('%s → names the file', (_label, text, rulePrefix) => {
    const error = invalid(() => parseMappingJson(text, 'broken.json'));
    expect(error.field).toBe('broken.json');
    expect(error.rule.startsWith(rulePrefix)).toBe(true);
  });

  it.each([
    ['an empty array', '[]'],
    ['an empty mappings array', '{"mappings":[]}'],
    ['no mappings key', '{"xdmSchema":"x"}'],
    ['mappings not an array', '{"mappings":{"source":"a"}}'],
    ['JSON null', 'null'],
    ['a number', '42'],
    ['a string', '"mappings"'],
  ])('%s → must hold a non-empty "mappings" array', (_label, text) => {
    const error = invalid(() => parseMappingJson(text, 'm.json'));
    expect(error.field).toBe('m.json');
    expect(error.rule).toBe('must hold a non-empty "mappings" array (or be one)');
  });

  it('a bad sourceType names the entry and lists the allowed values', () => {
    const text = JSON.stringify({ mappings: [{ source: 'a', destination: 'x.a' }, { sourceType: 'COLUMN', source: 'b', destination: 'x.b' }] });
    const error = invalid(() => parseMappingJson(text, 'm.json'));
    expect(error.field).toBe('m.json mappings[1] sourceType');
    expect(error.rule).toBe('must be one of ATTRIBUTE, EXPRESSION, STATIC, got "COLUMN"');
  });

  it('a bad destination path names the entry', () => {
    const text = JSON.stringify({ mappings: [{ source: 'a', destination: 'person name' }] });
    const error = invalid(() => parseMappingJson(text, 'm.json'));
    expect(error.field).toBe('m.json mappings[0] destination');
    expect(error.rule).toBe('"person name" is not a dot path into the schema (person.name.fullName)');
  });

  it('a missing source names the entry', () => {
    const error = invalid(() => parseMappingJson('[{"destination":"a.b"}]', 'm.json'));
    expect(error.field).toBe('m.json mappings[0] source');
  });

  it.each([
    ['a number', '[1]'],
    ['null', '[null]'],
    ['a string', '["a=b"]'],
  ])('an entry that is %s → must be an object', (_label, text) => {
    const error = invalid(() => parseMappingJson(text, 'm.json'));
    expect(error.field).toBe('m.json mappings[0]');
    expect(error.rule).toBe('must be an object');
  });
});

describe('parseCsv', () => {
  it('splits rows and fields', () => {
    expect(parseCsv('a,b\n1,2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps the last row without a trailing newline', () => {
    expect(parseCsv('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('reads quoted fields with commas, escaped quotes and newlines', () => {
    expect(parseCsv('"a, b","say ""hi""","line1\nline2"\n')).toEqual([['a, b', 'say "hi"', 'line1\nline2']]);
  });

  it('reads an empty quoted field and a field that is one quote', () => {
    expect(parseCsv('"",x,""""')).toEqual([['', 'x', '"']]);
  });

  it('treats CRLF and lone CR as line ends', () => {
    expect(parseCsv('a,b\r\n1,2\r\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsv('a,b\r1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('CRLF inside quotes is kept', () => {
    expect(parseCsv('"x\r\ny",z')).toEqual([['x\r\ny', 'z']]);
  });

  it('keeps blank records, so that row numbers match the file (consumers skip them)', () => {
    expect(parseCsv('a,b\n\n  ,  \n1,2\n\n')).toEqual([['a', 'b'], [''], ['  ', '  '], ['1', '2'], ['']]);
  });

  it('keeps empty trailing fields', () => {
    expect(parseCsv('a,,\n')).toEqual([['a', '', '']]);
  });

  it('a quote inside an unquoted field is literal', () => {
    expect(parseCsv('5" disk,x')).toEqual([['5" disk', 'x']]);
  });

  it('an unclosed quote is an error', () => {
    const error = invalid(() => parseCsv('a,"b\n1,2'));
    expect(error.field).toBe('csv');
    expect(error.rule).toBe('a quoted field is not closed');
  });

  it('empty text → no rows; blank lines → blank records', () => {
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('\n\r\n')).toEqual([[''], ['']]);
  });
});

describe('parseMappingCsv', () => {
  it('reads source,destination rows as ATTRIBUTE mappings', () => {
    expect(parseMappingCsv('source,destination\nid,_acme.customerId\nemail,personalEmail.address\n', 'm.csv')).toEqual({
      mappings: [
        { sourceType: 'ATTRIBUTE', source: 'id', destination: '_acme.customerId' },
        { sourceType: 'ATTRIBUTE', source: 'email', destination: 'personalEmail.address' },
      ],
    });
  });

  it.each([
    ['Source,Destination', 'source,destination'],
    ['sourceAttribute,destinationXdmPath', 'legacy names'],
    ['Source Attribute,XDM Path', 'spaced names'],
    ['source,target', 'target'],
    [' SOURCE , DESTINATION ', 'padded upper case'],
  ])('header %j (%s)', (header) => {
    expect(parseMappingCsv(`${header}\nid,_acme.customerId\n`, 'm.csv').mappings).toEqual([{ sourceType: 'ATTRIBUTE', source: 'id', destination: '_acme.customerId' }]);
  });

  it('columns in any order, extra columns ignored, sourceType column read', () => {
    const csv = 'note,destination,Source Type,source\nx,person.name.fullName,expression,"concat(first, \' \', last)"\ny,_acme.id,,id\n';
    expect(parseMappingCsv(csv, 'm.csv').mappings).toEqual([
      { sourceType: 'EXPRESSION', source: "concat(first, ' ', last)", destination: 'person.name.fullName' },
      { sourceType: 'ATTRIBUTE', source: 'id', destination: '_acme.id' },
    ]);
  });

  it('strips a UTF-8 BOM and reads CRLF files', () => {
    expect(parseMappingCsv('\uFEFFsource,destination\r\nid,_acme.id\r\n', 'excel.csv').mappings).toEqual([
      { sourceType: 'ATTRIBUTE', source: 'id', destination: '_acme.id' },
    ]);
  });

  it('a header missing the destination column is refused at row 1', () => {
    const error = invalid(() => parseMappingCsv('source,dest\nid,_acme.id\n', 'm.csv'));
    expect(error.field).toBe('m.csv row 1');
    expect(error.rule).toBe('the header must name a source and a destination column');
  });

  it('a header missing the source column is refused at row 1', () => {
    expect(invalid(() => parseMappingCsv('column,destination\nid,_acme.id\n', 'm.csv')).field).toBe('m.csv row 1');
  });

  it('a header only → has no mappings', () => {
    const error = invalid(() => parseMappingCsv('source,destination\n', 'm.csv'));
    expect(error.field).toBe('m.csv');
    expect(error.rule).toBe('has a header but no mappings');
  });

  it.each(['', '\uFEFF', '\n\n'])('an empty file %j → asks for a header row', (text) => {
    const error = invalid(() => parseMappingCsv(text, 'm.csv'));
    expect(error.field).toBe('m.csv');
    expect(error.rule).toBe('is empty (expected a header row: source,destination[,sourceType])');
  });

  it('a bad row is named by its row number', () => {
    const error = invalid(() => parseMappingCsv('source,destination\nid,_acme.id\nemail,personal email\n', 'm.csv'));
    expect(error.field).toBe('m.csv row 3 destination');
  });

  it('a bad sourceType cell is named by its row number', () => {
    const error = invalid(() => parseMappingCsv('source,destination,sourceType\nid,_acme.id,column\n', 'm.csv'));
    expect(error.field).toBe('m.csv row 2 sourceType');
    expect(error.rule).toBe('must be one of ATTRIBUTE, EXPRESSION, STATIC, got "column"');
  });

  it('an unclosed quote names the file', () => {
    const error = invalid(() => parseMappingCsv('source,destination\n"id,_acme.id\n', 'm.csv'));
    expect(error.field).toBe('m.csv');
    expect(error.rule).toBe('a quoted field is not closed');
  });

  it('a row without a destination cell is refused', () => {
    expect(invalid(() => parseMappingCsv('source,destination\nid\n', 'm.csv')).field).toBe('m.csv row 2 destination');
  });

  // BUG: the missing cell is reported as `"undefined" is not a dot path …`.
  it('a row without a destination cell does not print "undefined"', () => {
    expect(invalid(() => parseMappingCsv('source,destination\nid\n', 'm.csv')).rule).not.toContain('undefined');
  });

  // BUG: blank lines are dropped before rows are numbered, so the error points at the wrong row
  // (here "row 2", which is the blank line; the bad mapping is on row/line 3).
  it('row numbers count blank lines, so they match the file', () => {
    const error = invalid(() => parseMappingCsv('source,destination\n\nemail,personal email\n', 'm.csv'));
    expect(error.field).toBe('m.csv row 3 destination');
  });
});

describe('parseMappingFile', () => {
  const csv = 'source,destination\nid,_acme.id\n';
  const json = '{"mappings":[{"source":"id","destination":"_acme.id"}]}';
  const expected = [{ sourceType: 'ATTRIBUTE', source: 'id', destination: '_acme.id' }];

  it.each(['map.csv', 'MAP.CSV', 'dir.json/map.csv'])('%s is read as CSV', (file) => {
    expect(parseMappingFile(csv, file).mappings).toEqual(expected);
  });

  it.each(['map.json', 'MAP.JSON'])('%s is read as JSON', (file) => {
    expect(parseMappingFile(json, file).mappings).toEqual(expected);
  });

  it('a .csv name wins even when the text looks like JSON', () => {
    expect(() => parseMappingFile(json, 'map.csv')).toThrow(InvalidInputError);
  });

  it.each([
    ['-', json],
    ['mapping.txt', `  ${json}`],
    ['mapping', '[{"source":"id","destination":"_acme.id"}]'],
  ])('%s whose text starts with { or [ is read as JSON', (file, text) => {
    expect(parseMappingFile(text, file).mappings).toEqual(expected);
  });

  it('invalid JSON in a .json file reports the JSON error', () => {
    expect(invalid(() => parseMappingFile('{oops', 'map.json')).rule).toMatch(/^is not valid JSON/);
  });

  it('anything else is refused, naming the file', () => {
    const error = invalid(() => parseMappingFile(csv, 'mapping.txt'));
    expect(error.field).toBe('mapping.txt');
    expect(error.rule).toBe('must be a .json or .csv mapping file');
  });
});
