import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { platform, REGISTRY, unmatched, useNock } from '../helpers/nock.js';

useNock();

const HEX = '52b59140414aa6a370ef5e21155fd7a686744b8739ecc168';
const SCHEMA_ID = `https://ns.adobe.com/acme/schemas/${HEX}`;
const ALT_ID = `_acme.schemas.${HEX}`;
const ENCODED = `https%3A%2F%2Fns.adobe.com%2Facme%2Fschemas%2F${HEX}`;

const PROFILE = 'https://ns.adobe.com/xdm/context/profile';
const PERSON_DETAILS = 'https://ns.adobe.com/xdm/context/profile-person-details';
const PERSONAL_DETAILS = 'https://ns.adobe.com/xdm/context/profile-personal-details';
const EXPERIENCE_EVENT = 'https://ns.adobe.com/xdm/context/experienceevent';
const CUSTOM_GROUP = 'https://ns.adobe.com/acme/mixins/8779fd45d6e4eb074300023a439862bbba359b60d451627a';

// 2026-01-31T09:00:00.123Z: the default title carries the time to the second.
const NOW = Date.UTC(2026, 0, 31, 9, 0, 0, 123);

function created(title: string, refs: string[]) {
  return {
    $id: SCHEMA_ID,
    'meta:altId': ALT_ID,
    'meta:resourceType': 'schemas',
    version: '1.0',
    title,
    type: 'object',
    description: 'Created by flowctl',
    allOf: refs.map(($ref) => ({ $ref, type: 'object', 'meta:xdmType': 'object' })),
    'meta:class': refs[0],
    'meta:containerId': 'tenant',
    'meta:registryMetadata': { 'repo:createdDate': 1769850000000, 'repo:lastModifiedDate': 1769850000000 },
  };
}

describe('schema create', () => {
  it('by default POSTs the seed schema (profile class + the two profile field groups) and prints the $id', async () => {
    let sent: unknown;
    const title = 'flowctl profile schema 2026-01-31T09:00:00Z';
    platform()
      .post(`${REGISTRY}/tenant/schemas`, (body) => ((sent = body), true))
      .matchHeader('content-type', 'application/json')
      .reply(201, created(title, [PROFILE, PERSON_DETAILS, PERSONAL_DETAILS]));

    const result = await runCli(['schema', 'create'], { now: () => NOW });

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${SCHEMA_ID}\n`);
    expect(result.stderr).toBe(`✓ Created schema ${SCHEMA_ID} (${title})\n`);
    expect(sent).toEqual({
      type: 'object',
      title,
      description: 'Created by flowctl',
      allOf: [{ $ref: PROFILE }, { $ref: PERSON_DETAILS }, { $ref: PERSONAL_DETAILS }],
    });
  });

  it('--title and --description set those fields; --json prints the created schema with an `id`', async () => {
    let sent: { title?: unknown; description?: unknown } | undefined;
    const response = created('Shop customers', [PROFILE, PERSON_DETAILS, PERSONAL_DETAILS]);
    platform()
      .post(`${REGISTRY}/tenant/schemas`, (body) => ((sent = body), true))
      .reply(201, response);

    const result = await runCli(['schema', 'create', '--title', 'Shop customers', '--description', 'Customer rows', '--json']);

    expect(result.code).toBe(0);
    expect(sent?.title).toBe('Shop customers');
    expect(sent?.description).toBe('Customer rows');
    expect(JSON.parse(result.stdout)).toEqual({ id: SCHEMA_ID, ...response });
  });

  it('--name is another name for --title', async () => {
    let sent: { title?: unknown } | undefined;
    platform()
      .post(`${REGISTRY}/tenant/schemas`, (body) => ((sent = body), true))
      .reply(201, created('Shop customers', [PROFILE]));

    const result = await runCli(['schema', 'create', '--name', 'Shop customers']);

    expect(result.code).toBe(0);
    expect(sent?.title).toBe('Shop customers');
  });

  it.each([
    [['--class', EXPERIENCE_EVENT], [EXPERIENCE_EVENT]],
    [['--class', EXPERIENCE_EVENT, '--field-group', CUSTOM_GROUP], [EXPERIENCE_EVENT, CUSTOM_GROUP]],
    [['--field-group', CUSTOM_GROUP], [PROFILE, CUSTOM_GROUP]],
    [['--field-group', PERSONAL_DETAILS, '--field-group', CUSTOM_GROUP], [PROFILE, PERSONAL_DETAILS, CUSTOM_GROUP]],
  ])('composition flags %j make allOf %j (class first, field groups in the order given)', async (flags, refs) => {
    let sent: { allOf?: unknown } | undefined;
    platform()
      .post(`${REGISTRY}/tenant/schemas`, (body) => ((sent = body), true))
      .reply(201, created('Custom', refs));

    const result = await runCli(['schema', 'create', '--title', 'Custom', ...flags]);

    expect(result.code).toBe(0);
    expect(sent?.allOf).toEqual(refs.map(($ref) => ({ $ref })));
  });

  it('a duplicate title (registry 400 XDM-1521-400) exits 1 with the registry detail', async () => {
    platform()
      .post(`${REGISTRY}/tenant/schemas`)
      .reply(400, {
        type: 'http://ns.adobe.com/aep/errors/XDM-1521-400',
        title: 'Bad request',
        status: 400,
        detail: 'Title must be unique. An object Shop customers already exists with the same title.',
      });

    const result = await runCli(['schema', 'create', '--title', 'Shop customers']);

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('400 Bad request — Title must be unique. An object Shop customers already exists with the same title. [XDM-1521-400]');
    // A 400 is final: not retried.
    expect(result.sleeps).toEqual([]);
  });

  it('--dry-run prints the POST it would send and sends nothing', async () => {
    const result = await runCli(['schema', 'create', '--title', 'Shop customers', '--dry-run']);

    expect(result.code).toBe(0);
    expect(unmatched).toEqual([]);
    const at = result.stdout.indexOf('\n\n');
    expect(result.stdout.slice(0, at).split('\n')).toEqual([
      `POST https://platform.adobe.io${REGISTRY}/tenant/schemas`,
      'Authorization: Bearer ***',
      'x-api-key: test-client-id',
      'x-gw-ims-org-id: 0123456789ABCDEF01234567@AdobeOrg',
      'x-sandbox-name: dev',
      'Accept: application/json',
      'Content-Type: application/json',
    ]);
    expect(JSON.parse(result.stdout.slice(at + 2))).toEqual({
      type: 'object',
      title: 'Shop customers',
      description: 'Created by flowctl',
      allOf: [{ $ref: PROFILE }, { $ref: PERSON_DETAILS }, { $ref: PERSONAL_DETAILS }],
    });
    expect(result.stderr).toContain('Dry run: 1 request not sent.');
  });

  it.each([
    [['schema', 'create', '--class', 'profile'], '--class: "profile" is not an XDM resource URI'],
    [['schema', 'create', '--class', 'http://ns.adobe.com/xdm/context/profile'], '--class: "http://ns.adobe.com/xdm/context/profile" is not an XDM resource URI'],
    [['schema', 'create', '--field-group', 'https://example.com/group'], '--field-group: "https://example.com/group" is not an XDM resource URI'],
    [['schema', 'create', '--title', 'A', '--name', 'B'], '--name: is another name for --title'],
    [['schema', 'create', '--title', '  '], '--title: must not be empty'],
    [['schema', 'create', '--title', 'x'.repeat(257)], '--title: must be at most 256 characters'],
    [['schema', 'create', '--field-group', PERSON_DETAILS, '--field-group', PERSON_DETAILS], 'allOf: must not list the same class or field group twice'],
    [['schema', 'get', 'acme.schemas.123'], 'schema id: "acme.schemas.123" is not a schema id'],
    [['schema', 'delete', 'https://ns.adobe.com/acme/schemas/xyz'], 'schema id: "https://ns.adobe.com/acme/schemas/xyz" is not a schema id'],
    [['schema', 'list', '--all', '--limit', '5'], '--all: cannot be combined with --limit'],
  ])('bad input %j exits 2 naming the flag and sends nothing', async (argv, message) => {
    const result = await runCli(argv);
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(2);
    expect(unmatched).toEqual([]);
  });
});

describe('schema get/list/delete/tenant', () => {
  const schema = created('Shop customers', [PROFILE, PERSON_DETAILS, PERSONAL_DETAILS]);

  it('get by meta:altId looks up the URL-encoded $id with the raw lookup Accept header', async () => {
    platform()
      .get(`${REGISTRY}/tenant/schemas/${ENCODED}`)
      .matchHeader('accept', 'application/vnd.adobe.xed+json; version=1')
      .reply(200, schema);

    const result = await runCli(['schema', 'get', ALT_ID]);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Id:\\s+${SCHEMA_ID}$`, 'm'));
    expect(result.stdout).toMatch(/^Title:\s+Shop customers$/m);
    expect(result.stdout).toMatch(/^Class:\s+https:\/\/ns\.adobe\.com\/xdm\/context\/profile$/m);
    expect(result.stdout).toContain(`Composed of: ${PROFILE}, ${PERSON_DETAILS}, ${PERSONAL_DETAILS}`);
  });

  it('get by $id with --full asks for the fully resolved representation; --json prints it unchanged', async () => {
    const full = { ...schema, properties: { person: { type: 'object' } } };
    platform()
      .get(`${REGISTRY}/tenant/schemas/${ENCODED}`)
      .matchHeader('accept', 'application/vnd.adobe.xed-full+json; version=1')
      .reply(200, full);

    const result = await runCli(['schema', 'get', SCHEMA_ID, '--full', '--json']);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(full);
  });

  it('get of an unknown schema (XDM-1012-404) exits 4', async () => {
    platform()
      .get(`${REGISTRY}/tenant/schemas/${ENCODED}`)
      .reply(404, {
        type: 'http://ns.adobe.com/aep/errors/XDM-1012-404',
        title: 'Resource Not Found',
        status: 404,
        detail: `Requested resource ${SCHEMA_ID} with version 1 is not found`,
      });

    const result = await runCli(['schema', 'get', ALT_ID]);

    expect(result.code).toBe(4);
    expect(result.stderr).toContain('[XDM-1012-404]');
  });

  it('list asks for ids and titles (no version in Accept) and follows _page.next', async () => {
    const first = { $id: SCHEMA_ID, 'meta:altId': ALT_ID, version: '1.0', title: 'A customers' };
    const secondId = 'https://ns.adobe.com/acme/schemas/0123456789abcdef0123456789abcdef';
    const second = { $id: secondId, 'meta:altId': '_acme.schemas.0123456789abcdef0123456789abcdef', version: '1.2', title: 'B orders' };
    platform()
      .get(`${REGISTRY}/tenant/schemas`)
      .query({ orderby: 'title', limit: '50' })
      .matchHeader('accept', 'application/vnd.adobe.xed-id+json')
      .reply(200, { results: [first], _page: { orderby: 'title', next: 'A customers', count: 1 }, _links: {} })
      .get(`${REGISTRY}/tenant/schemas`)
      .query({ orderby: 'title', limit: '50', start: 'A customers' })
      .matchHeader('accept', 'application/vnd.adobe.xed-id+json')
      .reply(200, { results: [second], _page: { orderby: 'title', next: null, count: 1 }, _links: {} });

    const result = await runCli(['schema', 'list']);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${SCHEMA_ID}\tA customers\t1.0\n${secondId}\tB orders\t1.2\n`);
  });

  it('list with no schemas prints nothing on stdout and says so on stderr', async () => {
    platform()
      .get(`${REGISTRY}/tenant/schemas`)
      .query({ orderby: 'title', limit: '50' })
      .reply(200, { results: [], _page: { count: 0 }, _links: {} });

    const result = await runCli(['schema', 'list']);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('No results.');
  });

  it('delete by meta:altId sends DELETE for the encoded $id', async () => {
    platform().delete(`${REGISTRY}/tenant/schemas/${ENCODED}`).reply(204);

    const result = await runCli(['schema', 'delete', ALT_ID]);

    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`✓ Deleted schema ${SCHEMA_ID}\n`);
  });

  it('tenant prints the tenant id from /stats; --json the stats', async () => {
    const stats = { imsOrg: '0123456789ABCDEF01234567@AdobeOrg', tenantId: 'acme', counts: { schemas: 3 } };
    platform().get(`${REGISTRY}/stats`).matchHeader('accept', 'application/json').times(2).reply(200, stats);

    const human = await runCli(['schema', 'tenant']);
    expect(human.code).toBe(0);
    expect(human.stdout).toBe('acme\n');

    const json = await runCli(['schema', 'tenant', '--json']);
    expect(JSON.parse(json.stdout)).toEqual(stats);
  });

  it('tenant: a /stats answer without a tenantId exits 1 with a clear message and no stack trace', async () => {
    platform().get(`${REGISTRY}/stats`).reply(200, { imsOrg: 'x@AdobeOrg' });

    const result = await runCli(['schema', 'tenant']);

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('unexpected response to GET /stats — tenantId');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
