import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { CONVERSION, platform, REGISTRY, unmatched, useNock } from '../helpers/nock.js';

useNock();

const HEX = '52b59140414aa6a370ef5e21155fd7a686744b8739ecc168';
const SCHEMA_ID = `https://ns.adobe.com/acme/schemas/${HEX}`;
const ALT_ID = `_acme.schemas.${HEX}`;
const OTHER_SCHEMA = 'https://ns.adobe.com/acme/schemas/0123456789abcdef0123456789abcdef';
const MAPPING = 'e7c80e4c0d8f4a98a7d400b4e178b635';
const XED_FULL = 'application/vnd.adobe.xed-full+json;version=1';
const NOW = Date.UTC(2026, 0, 31, 9, 0, 0, 500);

const createdResponse = { id: MAPPING, version: 0, createdDate: 1614901254724, modifiedDate: 1614901254724, createdBy: 'tech@AdobeID', modifiedBy: 'tech@AdobeID' };

const outputSchema = { schemaRef: { id: SCHEMA_ID, contentType: XED_FULL } };
const customerMappings = [
  { sourceType: 'ATTRIBUTE', source: 'customer_id', destination: '_acme.customerId' },
  { sourceType: 'ATTRIBUTE', source: 'email', destination: 'personalEmail.address' },
];

/** The target schema as `mapping create` reads it first (full representation), with these fields. */
function schemaWithFields(): void {
  platform()
    .get(`${REGISTRY}/tenant/schemas/${encodeURIComponent(SCHEMA_ID)}`)
    .matchHeader('accept', 'application/vnd.adobe.xed-full+json; version=1')
    .reply(200, {
      $id: SCHEMA_ID,
      title: 'Shop customers',
      properties: {
        _acme: { type: 'object', properties: { customerId: { type: 'string' }, emailLower: { type: 'string' } } },
        personalEmail: { type: 'object', properties: { address: { type: 'string' } } },
        person: { type: 'object', properties: { name: { type: 'object', properties: { fullName: { type: 'string' } } } } },
      },
    });
}

/** Data Prep's answer to `POST /languages/el/validate` for each of these expressions, as the guide shows a valid one. */
function expressionsValid(...expressions: string[]): void {
  for (const expression of expressions) {
    platform().post(`${CONVERSION}/languages/el/validate`, { expression }).reply(200, { validationStatus: 'succeeded', error: 'none' });
  }
}

function fileIn(name: string, content: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, name), content);
  return dir;
}

describe('mapping create', () => {
  it('--map pairs POST the documented shape; Data Prep answers 200 and stdout is the id', async () => {
    let sent: unknown;
    schemaWithFields();
    platform()
      .post(`${CONVERSION}/mappingSets`, (body) => ((sent = body), true))
      .matchHeader('content-type', 'application/json')
      .reply(200, createdResponse);

    const result = await runCli(
      ['mapping', 'create', '--schema', ALT_ID, '--map', 'customer_id=_acme.customerId', '--map', 'email=personalEmail.address'],
      { now: () => NOW },
    );

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${MAPPING}\n`);
    expect(result.stderr).toBe(`✓ Created mapping set ${MAPPING} (version 0)\n`);
    expect(sent).toEqual({ name: 'flowctl mapping 2026-01-31T09:00:00Z', outputSchema, mappings: customerMappings });
  });

  it('--name names the set; --json prints the whole create response', async () => {
    let sent: { name?: unknown } | undefined;
    schemaWithFields();
    platform()
      .post(`${CONVERSION}/mappingSets`, (body) => ((sent = body), true))
      .reply(200, createdResponse);

    const result = await runCli(['mapping', 'create', '--schema', SCHEMA_ID, '--map', 'email=personalEmail.address', '--name', 'customers v1', '--json']);

    expect(result.code).toBe(0);
    expect(sent?.name).toBe('customers v1');
    expect(JSON.parse(result.stdout)).toEqual(createdResponse);
  });

  it('--file in the documented JSON shape takes the schema from the file', async () => {
    const dir = fileIn(
      'mapping.json',
      JSON.stringify({
        outputSchema: { schemaRef: { id: SCHEMA_ID, contentType: XED_FULL } },
        mappings: [
          ...customerMappings,
          { sourceType: 'EXPRESSION', source: 'lower(email)', destination: '_acme.emailLower', name: 'emailLower' },
        ],
      }),
    );
    let sent: unknown;
    schemaWithFields();
    expressionsValid('lower(email)');
    platform()
      .post(`${CONVERSION}/mappingSets`, (body) => ((sent = body), true))
      .reply(200, createdResponse);

    const result = await runCli(['mapping', 'create', '--file', 'mapping.json', '--name', 'customers'], { cwd: dir });

    expect(result.code).toBe(0);
    expect(sent).toEqual({
      name: 'customers',
      outputSchema,
      mappings: [...customerMappings, { sourceType: 'EXPRESSION', source: 'lower(email)', destination: '_acme.emailLower' }],
    });
  });

  it('an expression Data Prep refuses exits 2 naming it and why, and creates nothing', async () => {
    schemaWithFields();
    platform().post(`${CONVERSION}/languages/el/validate`, { expression: 'lowr(email)' }).reply(400, { title: 'Invalid expression', detail: 'unknown function lowr(); did you mean lower()?' });
    const result = await runCli(['mapping', 'create', '--schema', ALT_ID, '--map', 'lowr(email)=_acme.emailLower']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('mapping "lowr(email)": Data Prep refuses the expression: unknown function lowr(); did you mean lower()?');
  });

  it("--file in the seed's legacy shape (xdmSchema, sourceAttribute/destinationXdmPath) is sent in the documented shape", async () => {
    const dir = fileIn(
      'legacy.json',
      JSON.stringify({
        version: 0,
        xdmSchema: SCHEMA_ID,
        xdmVersion: '1.0',
        id: null,
        mappings: [
          { destinationXdmPath: '_acme.customerId', sourceAttribute: 'customer_id', identity: false, identityGroup: null, namespaceCode: null, version: 0 },
          { destinationXdmPath: 'personalEmail.address', sourceAttribute: 'email', identity: false, identityGroup: null, namespaceCode: null, version: 0 },
        ],
      }),
    );
    let sent: unknown;
    schemaWithFields();
    platform()
      .post(`${CONVERSION}/mappingSets`, (body) => ((sent = body), true))
      .reply(200, createdResponse);

    const result = await runCli(['mapping', 'create', '--file', 'legacy.json', '--schema', ALT_ID, '--name', 'legacy'], { cwd: dir });

    expect(result.code).toBe(0);
    expect(sent).toEqual({ name: 'legacy', outputSchema, mappings: customerMappings });
  });

  it('--file .csv reads source,destination[,sourceType] with quoted fields', async () => {
    const dir = fileIn(
      'mapping.csv',
      [
        'Source,Destination,sourceType',
        'customer_id,_acme.customerId,',
        'email,personalEmail.address,attribute',
        `"concat(first_name, ' ', last_name)",person.name.fullName,EXPRESSION`,
        '',
      ].join('\r\n'),
    );
    let sent: unknown;
    schemaWithFields();
    expressionsValid("concat(first_name, ' ', last_name)");
    platform()
      .post(`${CONVERSION}/mappingSets`, (body) => ((sent = body), true))
      .reply(200, createdResponse);

    const result = await runCli(['mapping', 'create', '--schema', ALT_ID, '--file', 'mapping.csv', '--name', 'csv'], { cwd: dir });

    expect(result.code).toBe(0);
    expect(sent).toEqual({
      name: 'csv',
      outputSchema,
      mappings: [...customerMappings, { sourceType: 'EXPRESSION', source: "concat(first_name, ' ', last_name)", destination: 'person.name.fullName' }],
    });
  });

  it('--dry-run prints the POST it would send and sends nothing', async () => {
    schemaWithFields();
    const result = await runCli(['mapping', 'create', '--schema', ALT_ID, '--map', 'email=personalEmail.address', '--dry-run'], { now: () => NOW });

    expect(result.code).toBe(0);
    expect(unmatched).toEqual([]);
    const at = result.stdout.indexOf('\n\n');
    expect(result.stdout.slice(0, at).split('\n')).toEqual([
      `POST https://platform.adobe.io${CONVERSION}/mappingSets`,
      'Authorization: Bearer ***',
      'x-api-key: test-client-id',
      'x-gw-ims-org-id: 0123456789ABCDEF01234567@AdobeOrg',
      'x-sandbox-name: dev',
      'Accept: application/json',
      'Content-Type: application/json',
    ]);
    expect(JSON.parse(result.stdout.slice(at + 2))).toEqual({
      name: 'flowctl mapping 2026-01-31T09:00:00Z',
      outputSchema,
      mappings: [{ sourceType: 'ATTRIBUTE', source: 'email', destination: 'personalEmail.address' }],
    });
    expect(result.stderr).toContain('Dry run: 1 request not sent.');
  });

  it.each([
    [
      'file schema differs from --schema',
      'legacy.json',
      JSON.stringify({ xdmSchema: OTHER_SCHEMA, mappings: [{ sourceAttribute: 'a', destinationXdmPath: 'b' }] }),
      ['--schema', ALT_ID],
      `--schema: differs from the schema named in legacy.json (${OTHER_SCHEMA})`,
    ],
    [
      'file schema is not a schema id',
      'mapping.json',
      JSON.stringify({ outputSchema: { schemaRef: { id: 'profile' } }, mappings: [{ source: 'a', destination: 'b' }] }),
      [],
      'mapping.json schema: "profile" is not a schema id',
    ],
    ['malformed JSON', 'mapping.json', '{"mappings": [', ['--schema', ALT_ID], 'mapping.json: is not valid JSON'],
    ['JSON without mappings', 'mapping.json', '{"outputSchema": {}}', ['--schema', ALT_ID], 'mapping.json: must hold a non-empty "mappings" array'],
    [
      'JSON mapping with a bad destination',
      'mapping.json',
      JSON.stringify([{ source: 'a', destination: '/person/name' }]),
      ['--schema', ALT_ID],
      'mapping.json mappings[0] destination: "/person/name" is not a dot path',
    ],
    [
      'JSON mapping with an unknown sourceType',
      'mapping.json',
      JSON.stringify([{ source: 'a', destination: 'b', sourceType: 'COLUMN' }]),
      ['--schema', ALT_ID],
      'mapping.json mappings[0] sourceType: must be one of ATTRIBUTE, EXPRESSION, STATIC, got "COLUMN"',
    ],
    ['CSV with an unclosed quote', 'mapping.csv', 'source,destination\n"email,personalEmail.address\n', ['--schema', ALT_ID], 'mapping.csv: a quoted field is not closed'],
    ['CSV without a destination column', 'mapping.csv', 'source,xdm\nemail,personalEmail.address\n', ['--schema', ALT_ID], 'mapping.csv row 1: the header must name a source and a destination column'],
    ['CSV with a header only', 'mapping.csv', 'source,destination\n', ['--schema', ALT_ID], 'mapping.csv: has a header but no mappings'],
    ['CSV row with an empty source', 'mapping.csv', 'source,destination\n,personalEmail.address\n', ['--schema', ALT_ID], 'mapping.csv row 2 source: must be a non-empty column name'],
    ['neither .json nor .csv', 'mapping.txt', 'email -> personalEmail.address', ['--schema', ALT_ID], 'mapping.txt: must be a .json or .csv mapping file'],
  ])('%s exits 2 naming the file and sends nothing', async (_what, name, content, flags, message) => {
    const dir = fileIn(name, content);
    const result = await runCli(['mapping', 'create', '--file', name, ...flags], { cwd: dir });
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(2);
    expect(unmatched).toEqual([]);
  });

  it.each([
    [['--schema', ALT_ID, '--map', 'a=person.name', '--map', 'b=person.name'], '--map: destination person.name is mapped twice'],
    [['--schema', ALT_ID, '--map', 'a=x', '--file', 'm.json'], '--map: give either --map pairs or --file, not both'],
    [['--schema', ALT_ID], '--map: at least one mapping is required'],
    [['--map', 'a=person.name'], '--schema: is required'],
    [['--schema', 'acme', '--map', 'a=person.name'], '--schema: "acme" is not a schema id'],
    [['--schema', ALT_ID, '--map', 'novalue'], '--map: "novalue" must look like SOURCE=xdm.path'],
    [['--schema', ALT_ID, '--map', 'email='], '--map: "email=" must look like SOURCE=xdm.path'],
    [['--schema', ALT_ID, '--map', 'email=person name'], '--map destination: "person name" is not a dot path'],
    [['--schema', ALT_ID, '--file', 'missing.csv'], '--file: file not found: missing.csv'],
    [['--schema', ALT_ID, '--map', 'a=b', '--name', ''], '--name: must not be empty'],
  ])('bad input %j exits 2 naming the flag and sends nothing', async (flags, message) => {
    const result = await runCli(['mapping', 'create', ...flags]);
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(2);
    expect(unmatched).toEqual([]);
  });

  it('a destination that is not a field of the schema exits 2 after reading the schema, and creates nothing', async () => {
    schemaWithFields();
    const result = await runCli(['mapping', 'create', '--schema', ALT_ID, '--map', 'email=personalEmail.address', '--map', 'name=person.fullName']);
    expect(result.stderr).toBe(
      `error: --map: "person.fullName" (the destination of name) is not a field of schema ${SCHEMA_ID}; fields like it: person.name.fullName (\`flowctl schema get ID --full\` lists them)\n`,
    );
    expect(result.code).toBe(2);
    expect(unmatched).toEqual([]);
  });

  it('duplicate destinations in a file exit 2 and send nothing', async () => {
    const dir = fileIn('dup.csv', 'source,destination\nemail,personalEmail.address\nmail,personalEmail.address\n');
    const result = await runCli(['mapping', 'create', '--schema', ALT_ID, '--file', 'dup.csv'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('destination personalEmail.address is mapped twice');
    expect(unmatched).toEqual([]);
  });
});

describe('mapping validate', () => {
  it('POSTs the mapping set to /mappingSets/validate and exits 0 when every mapping is SUCCESS', async () => {
    let sent: unknown;
    platform()
      .post(`${CONVERSION}/mappingSets/validate`, (body) => ((sent = body), true))
      .reply(200, { validationResponse: [{ status: 'SUCCESS', errors: null }, { status: 'SUCCESS', errors: null }] });

    const result = await runCli(['mapping', 'validate', '--schema', ALT_ID, '--map', 'customer_id=_acme.customerId', '--map', 'email=personalEmail.address']);

    expect(result.code).toBe(0);
    expect(sent).toEqual({ outputSchema, mappings: customerMappings });
    expect(result.stdout).toBe('customer_id\t_acme.customerId\tSUCCESS\t-\nemail\tpersonalEmail.address\tSUCCESS\t-\n');
    expect(result.stderr).toContain('✓ All 2 mappings are valid');
  });

  it('exits 1 and lists the FAILED mapping with its error', async () => {
    platform()
      .post(`${CONVERSION}/mappingSets/validate`)
      .reply(200, {
        validationResponse: [
          { status: 'SUCCESS', errors: null },
          {
            status: 'FAILED',
            errors: [{ destination: '_acme.nope', source: 'email', sourceType: 'ATTRIBUTE', exception: 'destination path _acme.nope does not exist in the schema' }],
          },
        ],
      });

    const result = await runCli(['mapping', 'validate', '--schema', ALT_ID, '--map', 'customer_id=_acme.customerId', '--map', 'email=_acme.nope']);

    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')[1]).toBe('email\t_acme.nope\tFAILED\tdestination path _acme.nope does not exist in the schema');
    expect(result.stderr).toContain('error: 1 of 2 mappings are invalid');
  });

  it('--json prints {valid, mappings, response}', async () => {
    const response = { validationResponse: [{ status: 'FAILED', errors: [{ exception: 'bad' }] }] };
    platform().post(`${CONVERSION}/mappingSets/validate`).reply(200, response);

    const result = await runCli(['mapping', 'validate', '--schema', ALT_ID, '--map', 'email=x', '--json']);

    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      valid: false,
      mappings: [{ sourceType: 'ATTRIBUTE', source: 'email', destination: 'x', status: 'FAILED', errors: 'bad' }],
      response,
    });
  });

  it('validates a --file the same way create would send it', async () => {
    const dir = fileIn('legacy.json', JSON.stringify({ xdmSchema: ALT_ID, mappings: [{ sourceAttribute: 'email', destinationXdmPath: 'personalEmail.address' }] }));
    let sent: unknown;
    platform()
      .post(`${CONVERSION}/mappingSets/validate`, (body) => ((sent = body), true))
      .reply(200, { validationResponse: [{ status: 'SUCCESS', errors: null }] });

    const result = await runCli(['mapping', 'validate', '--file', 'legacy.json'], { cwd: dir });

    expect(result.code).toBe(0);
    expect(sent).toEqual({ outputSchema, mappings: [{ sourceType: 'ATTRIBUTE', source: 'email', destination: 'personalEmail.address' }] });
  });
});

describe('mapping get/list', () => {
  const set = {
    id: MAPPING,
    name: 'customers',
    version: 2,
    createdDate: 1767225600000,
    outputSchema: { schemaRef: { id: SCHEMA_ID, contentType: XED_FULL } },
    mappings: [
      { id: 'a1', sourceType: 'text/x.schema-path', source: 'customer_id', destination: '_acme.customerId' },
      { id: 'a2', sourceType: 'text/x.schema-path', source: 'email', destination: 'personalEmail.address' },
    ],
  };

  it('get shows the set and its mappings; --json the set', async () => {
    platform().get(`${CONVERSION}/mappingSets/${MAPPING}`).times(2).reply(200, set);

    const human = await runCli(['mapping', 'get', MAPPING]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Version:\s+2$/m);
    expect(human.stdout).toMatch(new RegExp(`^Schema:\\s+${SCHEMA_ID}$`, 'm'));
    expect(human.stdout).toMatch(/^customer_id\s+_acme\.customerId\s+text\/x\.schema-path$/m);
    expect(human.stdout).toMatch(/^email\s+personalEmail\.address\s+text\/x\.schema-path$/m);

    const json = await runCli(['mapping', 'get', MAPPING, '--json']);
    expect(JSON.parse(json.stdout)).toEqual(set);
  });

  it('get ID@N asks for that version', async () => {
    platform().get(`${CONVERSION}/mappingSets/${MAPPING}`).query({ version: '1' }).reply(200, { ...set, version: 1 });

    const result = await runCli(['mapping', 'get', `${MAPPING}@1`, '--json']);

    expect(result.stdout).toContain('"version": 1');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: MAPPING, version: 1 });
  });

  it('list sends limit/start and reads the {data, _page} shape', async () => {
    const other = { id: '0b090130b58b4819afc78b6dc98b484d', name: 'orders', version: 0, createdDate: 1767139200000, mappings: [customerMappings[0]] };
    platform()
      .get(`${CONVERSION}/mappingSets`)
      .query({ limit: '50', start: '0' })
      .reply(200, { data: [set, other], _page: { count: 2, limit: 50 }, _links: {} });

    const result = await runCli(['mapping', 'list']);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [`${MAPPING}\tcustomers\t2\t2\t2026-01-01 00:00:00Z`, `0b090130b58b4819afc78b6dc98b484d\torders\t0\t1\t2025-12-31 00:00:00Z`].join('\n') + '\n',
    );
  });

  it('list --limit N asks for N and stops after N', async () => {
    const one = { id: '0b090130b58b4819afc78b6dc98b484d', name: 'orders', version: 0 };
    platform()
      .get(`${CONVERSION}/mappingSets`)
      .query({ limit: '2', start: '0' })
      .reply(200, { data: [set, one], _page: { count: 2, limit: 2 } });

    const result = await runCli(['mapping', 'list', '--limit', '2', '--json']);

    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { id: string }[]).map((m) => m.id)).toEqual([MAPPING, one.id]);
  });

  it('list --all pages on with start=<offset> while pages are full', async () => {
    const page1 = Array.from({ length: 100 }, (_, i) => ({ id: i.toString(16).padStart(32, '0'), name: `set ${i}`, version: 0 }));
    platform()
      .get(`${CONVERSION}/mappingSets`)
      .query({ limit: '100', start: '0' })
      .reply(200, { data: page1, _page: { count: 100, limit: 100 } })
      .get(`${CONVERSION}/mappingSets`)
      .query({ limit: '100', start: '100' })
      .reply(200, { data: [set], _page: { count: 1, limit: 100 } });

    const result = await runCli(['mapping', 'list', '--all', '--json']);

    expect(result.code).toBe(0);
    const ids = (JSON.parse(result.stdout) as { id: string }[]).map((m) => m.id);
    expect(ids).toHaveLength(101);
    expect(ids[100]).toBe(MAPPING);
  });

  it('list: a response without a data array exits 1 with a clear message', async () => {
    platform().get(`${CONVERSION}/mappingSets`).query({ limit: '50', start: '0' }).reply(200, [set]);

    const result = await runCli(['mapping', 'list']);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the list response has no `data` array');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [['mapping', 'get', 'e7c80e4c-0d8f-4a98-a7d4-00b4e178b635'], 'mapping set id: "e7c80e4c-0d8f-4a98-a7d4-00b4e178b635" is not a mapping set id (32 hex characters)'],
    [['mapping', 'get', `${MAPPING}@latest`], 'mapping set id: version "latest" must be a whole number'],
    [['mapping', 'get', `${MAPPING}@-1`], 'mapping set id: version "-1" must be a whole number'],
    [['mapping', 'get', `${MAPPING}@1@2`], `mapping set id: "${MAPPING}@1@2" must be ID or ID@VERSION`],
    [['mapping', 'list', '--limit', '1.5'], '--limit: must be a whole number'],
  ])('bad input %j exits 2 naming the flag and sends nothing', async (argv, message) => {
    const result = await runCli(argv);
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(2);
    expect(unmatched).toEqual([]);
  });
});
