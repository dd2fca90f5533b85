import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { CATALOG, expectNothingSent, platform, trap, unmatched, useNock } from '../helpers/nock.js';

useNock();

const HEX = '52b59140414aa6a370ef5e21155fd7a686744b8739ecc168';
const SCHEMA_ID = `https://ns.adobe.com/acme/schemas/${HEX}`;
const ALT_ID = `_acme.schemas.${HEX}`;
const DATASET = '5c8c3c555033b814b69f947f';
const XED_FULL = 'application/vnd.adobe.xed-full+json;version=1';

describe('dataset create', () => {
  it('POSTs the schema reference with the xed-full content type and prints the id parsed from the reference', async () => {
    let sent: unknown;
    platform()
      .post(`${CATALOG}/dataSets`, (body) => ((sent = body), true))
      .matchHeader('content-type', 'application/json')
      .reply(201, [`@/dataSets/${DATASET}`]);

    const result = await runCli(['dataset', 'create', '--schema', ALT_ID, '--name', 'Shop customers', '--description', 'Customer rows']);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${DATASET}\n`);
    expect(result.stderr).toBe(`✓ Created dataset ${DATASET} (Shop customers)\n`);
    expect(sent).toEqual({
      name: 'Shop customers',
      description: 'Customer rows',
      schemaRef: { id: SCHEMA_ID, contentType: XED_FULL },
    });
  });

  it('names the dataset after the schema by default; --json prints {id, refs}', async () => {
    let sent: unknown;
    platform()
      .post(`${CATALOG}/dataSets`, (body) => ((sent = body), true))
      .reply(201, [`@/dataSets/${DATASET}`]);

    const result = await runCli(['dataset', 'create', '--schema', SCHEMA_ID, '--json']);

    expect(result.code).toBe(0);
    expect(sent).toEqual({
      name: 'flowctl dataset 52b59140414a',
      description: 'Created by flowctl',
      schemaRef: { id: SCHEMA_ID, contentType: XED_FULL },
    });
    expect(JSON.parse(result.stdout)).toEqual({ id: DATASET, refs: [`@/dataSets/${DATASET}`] });
  });

  it.each([
    ['an object', { nope: 1 }, 'body: Invalid input: expected array, received object'],
    ['an empty array', [], 'body: is empty'],
    ['a reference to something else', ['@/batches/01H0000000000000000000000'], '[0]: must be a @/dataSets/ID reference'],
  ])('a 200 with %s instead of ["@/dataSets/ID"] exits 1 with a clear message and no stack trace', async (_what, body, detail) => {
    platform().post(`${CATALOG}/dataSets`).reply(200, body);

    const result = await runCli(['dataset', 'create', '--schema', ALT_ID, '--name', 'Shop customers']);

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('error: unexpected response to POST /dataSets');
    expect(result.stderr).toContain(detail);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--dry-run prints the POST it would send and sends nothing', async () => {
    const result = await runCli(['dataset', 'create', '--schema', ALT_ID, '--name', 'Shop customers', '--dry-run']);

    expect(result.code).toBe(0);
    expect(unmatched).toEqual([]);
    const at = result.stdout.indexOf('\n\n');
    expect(result.stdout.slice(0, at).split('\n')).toEqual([
      `POST https://platform.adobe.io${CATALOG}/dataSets`,
      'Authorization: Bearer ***',
      'x-api-key: test-client-id',
      'x-gw-ims-org-id: 0123456789ABCDEF01234567@AdobeOrg',
      'x-sandbox-name: dev',
      'Accept: application/json',
      'Content-Type: application/json',
    ]);
    expect(JSON.parse(result.stdout.slice(at + 2))).toEqual({
      name: 'Shop customers',
      description: 'Created by flowctl',
      schemaRef: { id: SCHEMA_ID, contentType: XED_FULL },
    });
    expect(result.stderr).toContain('Dry run: 1 request not sent.');
  });

  it('--dry-run needs no credentials when it only plans writes: placeholders stand in for them', async () => {
    const result = await runCli(['dataset', 'create', '--schema', ALT_ID, '--name', 'Shop customers', '--dry-run'], {
      bareEnv: true,
      env: { AEP_SANDBOX_NAME: 'dev' },
    });

    expect(result.code).toBe(0);
    expect(unmatched).toEqual([]);
    expect(result.stdout).toContain('x-api-key: <AEP_API_KEY>\nx-gw-ims-org-id: <AEP_IMS_ORG>\n');
    expect(result.stdout).toContain('Authorization: Bearer ***\n');
  });

  it('--dry-run --json prints the planned requests as JSON', async () => {
    const result = await runCli(['dataset', 'create', '--schema', ALT_ID, '--name', 'Shop customers', '--dry-run', '--json']);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      {
        method: 'POST',
        url: `https://platform.adobe.io${CATALOG}/dataSets`,
        headers: {
          Authorization: 'Bearer ***',
          'x-api-key': 'test-client-id',
          'x-gw-ims-org-id': '0123456789ABCDEF01234567@AdobeOrg',
          'x-sandbox-name': 'dev',
          Accept: 'application/json',
          'Content-Type': 'application/json',
        },
        body: { name: 'Shop customers', description: 'Created by flowctl', schemaRef: { id: SCHEMA_ID, contentType: XED_FULL } },
      },
    ]);
  });

  it.each([
    [['dataset', 'create', '--schema', 'acme.schemas.abc'], '--schema: "acme.schemas.abc" is not a schema id'],
    [['dataset', 'create', '--schema', 'https://ns.adobe.com/xdm/context/profile'], '--schema: "https://ns.adobe.com/xdm/context/profile" is not a schema id'],
    [['dataset', 'create'], "required option '--schema <id>' not specified"],
    [['dataset', 'create', '--schema', ALT_ID, '--name', 'a\tb'], '--name: must not contain control characters'],
    [['dataset', 'create', '--schema', ALT_ID, '--description', 'd'.repeat(1025)], '--description: must be at most 1024 characters'],
    [['dataset', 'get', '5c8c3c555033b814b69f947'], 'dataset id: "5c8c3c555033b814b69f947" is not a dataset id (24 hex characters)'],
    [['dataset', 'get', 'zc8c3c555033b814b69f947f'], 'dataset id: "zc8c3c555033b814b69f947f" is not a dataset id'],
    [['dataset', 'delete', '../5c8c3c555033b814b69f947f'], 'dataset id: "../5c8c3c555033b814b69f947f" is not a dataset id'],
    [['dataset', 'list', '--limit', '0'], '--limit: must be at least 1'],
  ])('bad input %j exits 2 naming the flag and sends nothing', async (argv, message) => {
    const result = await runCli(argv);
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(2);
    expect(unmatched).toEqual([]);
  });
});

describe('dataset get/list/delete', () => {
  const value = {
    name: 'Shop customers',
    description: 'Customer rows',
    imsOrg: '0123456789ABCDEF01234567@AdobeOrg',
    version: '1.0.0',
    created: 1767225600000,
    updated: 1767229200000,
    schemaRef: { id: SCHEMA_ID, contentType: XED_FULL },
    files: `@/dataSetFiles?dataSetId=${DATASET}`,
  };

  it('get reads the object keyed by id; human output and --json with the id added', async () => {
    platform().get(`${CATALOG}/dataSets/${DATASET}`).times(2).reply(200, { [DATASET]: value });

    const human = await runCli(['dataset', 'get', DATASET]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`^Id:\\s+${DATASET}$`, 'm'));
    expect(human.stdout).toMatch(/^Name:\s+Shop customers$/m);
    expect(human.stdout).toMatch(new RegExp(`^Schema:\\s+${SCHEMA_ID}$`, 'm'));
    expect(human.stdout).toMatch(/^Created:\s+2026-01-01 00:00:00Z$/m);
    expect(human.stdout).toMatch(/^Updated:\s+2026-01-01 01:00:00Z$/m);

    const json = await runCli(['dataset', 'get', `@/dataSets/${DATASET}`, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ id: DATASET, ...value });
  });

  it('get of an id the Catalog does not answer with exits 4', async () => {
    platform().get(`${CATALOG}/dataSets/${DATASET}`).reply(200, {});

    const result = await runCli(['dataset', 'get', DATASET]);

    expect(result.code).toBe(4);
    expect(result.stderr).toContain(`dataset ${DATASET} not found`);
  });

  it('list sends limit/start/orderBy=desc:created and prints one row per id of the keyed object', async () => {
    const other = '6019e0e7c5dcf718db5ebc71';
    platform()
      .get(`${CATALOG}/dataSets`)
      .query({ limit: '50', start: '0', orderBy: 'desc:created', properties: 'name,description,schemaRef,created,updated' })
      .reply(200, { [DATASET]: value, [other]: { name: 'Orders', created: 1767139200000 } });

    const result = await runCli(['dataset', 'list']);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [`${DATASET}\tShop customers\t${SCHEMA_ID}\t2026-01-01 00:00:00Z`, `${other}\tOrders\t-\t2025-12-31 00:00:00Z`].join('\n') + '\n',
    );
  });

  it('list --name filters by exact name and --all pages on with start=<offset> while pages are full', async () => {
    const page1 = Object.fromEntries(
      Array.from({ length: 100 }, (_, i) => [i.toString(16).padStart(24, '0'), { name: 'Shop customers', created: 1767225600000 - i }]),
    );
    platform()
      .get(`${CATALOG}/dataSets`)
      .query({ limit: '100', start: '0', orderBy: 'desc:created', name: 'Shop customers', properties: 'name,description,schemaRef,created,updated' })
      .reply(200, page1)
      .get(`${CATALOG}/dataSets`)
      .query({ limit: '100', start: '100', orderBy: 'desc:created', name: 'Shop customers', properties: 'name,description,schemaRef,created,updated' })
      .reply(200, { [DATASET]: value });

    const result = await runCli(['dataset', 'list', '--name', 'Shop customers', '--all', '--json']);

    expect(result.code).toBe(0);
    const items = JSON.parse(result.stdout) as { id: string }[];
    expect(items).toHaveLength(101);
    expect(items[100]).toEqual({ id: DATASET, ...value });
  });

  it('delete accepts the 200 ["@/dataSets/ID"] answer and confirms', async () => {
    platform().delete(`${CATALOG}/dataSets/${DATASET}`).times(2).reply(200, [`@/dataSets/${DATASET}`]);

    const human = await runCli(['dataset', 'delete', DATASET]);
    expect(human.code).toBe(0);
    expect(human.stdout).toBe('');
    expect(human.stderr).toBe(`✓ Deleted dataset ${DATASET}\n`);

    const json = await runCli(['dataset', 'delete', DATASET, '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ id: DATASET, deleted: true });
  });
});

describe('dataset delete at a terminal asks first (src/cli/confirm.ts)', () => {
  // A person at a terminal: stdout, stderr and stdin are terminals; `answer` is what they type.
  const atTerminal = (answer: string | undefined, ...flags: string[]) =>
    runCli(['dataset', 'delete', DATASET, ...flags], { tty: true, stdinTTY: true, env: { NO_COLOR: '1' }, ...(answer !== undefined && { stdin: answer }) });
  const question = `Delete dataset ${DATASET} from sandbox dev? [y/N] `;

  it.each([['n\n'], ['\n'], ['no\n'], ['yep\n'], [undefined]])('answered %j: asks on stderr, deletes nothing, exit 5', async (answer) => {
    const scope = trap();
    const result = await atTerminal(answer);
    expect(result.stderr).toContain(question);
    expect(result.stderr).toContain(`Nothing was deleted: \`flowctl dataset delete ${DATASET} --confirm\` deletes it without asking.`);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(5);
    expectNothingSent(scope);
  });

  it.each([['y\n'], ['Y\n'], ['yes\n'], [' YES \n']])('answered %j: deletes', async (answer) => {
    platform().delete(`${CATALOG}/dataSets/${DATASET}`).reply(200, [`@/dataSets/${DATASET}`]);
    const result = await atTerminal(answer);
    expect(result.stderr).toBe(`${question}✓ Deleted dataset ${DATASET}\n`);
    expect(result.code).toBe(0);
  });

  it.each([[['--confirm']], [['--yes']], [['--json']]])('%j: deletes without asking', async (flags) => {
    platform().delete(`${CATALOG}/dataSets/${DATASET}`).reply(200, [`@/dataSets/${DATASET}`]);
    const result = await atTerminal('n\n', ...flags);
    expect(result.stderr).not.toContain('[y/N]');
    expect(result.code).toBe(0);
  });

  it.each<[string, Parameters<typeof runCli>[1]]>([
    ['stdin not a terminal (a pipe)', { tty: true, stdin: 'n\n' }],
    ['stdout not a terminal', { stdinTTY: true, stdin: 'n\n' }],
    ['CI set', { tty: true, stdinTTY: true, stdin: 'n\n', env: { CI: 'true' } }],
  ])('%s: deletes without asking, as it always has', async (_, options) => {
    platform().delete(`${CATALOG}/dataSets/${DATASET}`).reply(200, [`@/dataSets/${DATASET}`]);
    const result = await runCli(['dataset', 'delete', DATASET], options);
    expect(result.stderr).not.toContain('[y/N]');
    expect(result.stderr).toContain(`Deleted dataset ${DATASET}`);
    expect(result.code).toBe(0);
  });

  it('--help offers --confirm and --yes; other kinds of delete never ask', async () => {
    const help = await runCli(['dataset', 'delete', '--help']);
    expect(help.stdout).toMatch(/--confirm +delete without asking/);
    expect(help.stdout).toMatch(/--yes +the same as --confirm/);
    expect((await runCli(['flow', 'delete', '--help'])).stdout).not.toContain('--confirm');
  });
});
