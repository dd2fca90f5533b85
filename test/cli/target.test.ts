import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { FLOW, platform, unmatched, useNock } from '../helpers/nock.js';

useNock();

const DATA_LAKE = 'c604ff05-7f1a-43c0-8e18-33bf874cb11c';
const HEX = '52b59140414aa6a370ef5e21155fd7a686744b8739ecc168';
const SCHEMA_ID = `https://ns.adobe.com/acme/schemas/${HEX}`;
const ALT_ID = `_acme.schemas.${HEX}`;
const DATASET = '6019e0e7c5dcf718db5ebc71';
const TARGET = '320f119a-5ac1-4ab1-88ea-eb19e674ea2e';
const ETAG = '"8e000533-0000-0200-0000-5e179c8f0000"';
const XED_FULL = 'application/vnd.adobe.xed-full+json;version=1';

const documentedBody = {
  name: `Dataset ${DATASET} target`,
  description: 'Data lake target, created by flowctl',
  connectionSpec: { id: DATA_LAKE, version: '1.0' },
  data: { format: 'parquet_xdm', schema: { id: SCHEMA_ID, version: XED_FULL } },
  params: { dataSetId: DATASET },
};

describe('target create', () => {
  it('POSTs the data lake target with the $id resolved from the meta:altId; stdout is only the id', async () => {
    let sent: unknown;
    platform()
      .post(`${FLOW}/targetConnections`, (body) => ((sent = body), true))
      .matchHeader('content-type', 'application/json')
      .reply(201, { id: TARGET, etag: ETAG });

    const result = await runCli(['target', 'create', '--schema', ALT_ID, '--dataset', DATASET]);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${TARGET}\n`);
    expect(result.stderr).toBe(`✓ Created target connection ${TARGET} (Dataset ${DATASET} target)\n`);
    expect(sent).toEqual(documentedBody);
  });

  it('accepts the $id and the @/dataSets/ID reference form; --name/--description; --json prints {id, etag}', async () => {
    let sent: unknown;
    platform()
      .post(`${FLOW}/targetConnections`, (body) => ((sent = body), true))
      .reply(201, { id: TARGET, etag: ETAG });

    const result = await runCli([
      'target', 'create', '--schema', SCHEMA_ID, '--dataset', `@/dataSets/${DATASET.toUpperCase()}`, '--name', 'customers → dataset', '--description', 'lake', '--json',
    ]);

    expect(result.code).toBe(0);
    expect(sent).toEqual({ ...documentedBody, name: 'customers → dataset', description: 'lake' });
    expect(JSON.parse(result.stdout)).toEqual({ id: TARGET, etag: ETAG });
  });

  it('a Platform refusal (dataset does not exist) exits 1 with the Platform message', async () => {
    platform()
      .post(`${FLOW}/targetConnections`)
      .reply(400, {
        type: 'https://ns.adobe.com/aep/errors/FLOW-1200-400',
        title: 'Bad request',
        status: 400,
        report: { 'detailed-message': `Dataset ${DATASET} does not exist` },
      });

    const result = await runCli(['target', 'create', '--schema', ALT_ID, '--dataset', DATASET]);

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`400 Bad request — Dataset ${DATASET} does not exist [FLOW-1200-400]`);
  });

  it('--dry-run prints the POST it would send and sends nothing', async () => {
    const result = await runCli(['target', 'create', '--schema', ALT_ID, '--dataset', DATASET, '--dry-run']);

    expect(result.code).toBe(0);
    expect(unmatched).toEqual([]);
    const at = result.stdout.indexOf('\n\n');
    expect(result.stdout.slice(0, at).split('\n')).toEqual([
      `POST https://platform.adobe.io${FLOW}/targetConnections`,
      'Authorization: Bearer ***',
      'x-api-key: test-client-id',
      'x-gw-ims-org-id: 0123456789ABCDEF01234567@AdobeOrg',
      'x-sandbox-name: dev',
      'Accept: application/json',
      'Content-Type: application/json',
    ]);
    expect(JSON.parse(result.stdout.slice(at + 2))).toEqual(documentedBody);
    expect(result.stderr).toContain('Dry run: 1 request not sent.');
  });

  it.each([
    [['target', 'create', '--schema', 'acme.schemas.1', '--dataset', DATASET], '--schema: "acme.schemas.1" is not a schema id'],
    [['target', 'create', '--schema', ALT_ID, '--dataset', 'shop-customers'], '--dataset: "shop-customers" is not a dataset id (24 hex characters)'],
    [['target', 'create', '--schema', ALT_ID, '--dataset', `${DATASET}0`], `--dataset: "${DATASET}0" is not a dataset id`],
    [['target', 'create', '--dataset', DATASET], "required option '--schema <id>' not specified"],
    [['target', 'create', '--schema', ALT_ID], "required option '--dataset <id>' not specified"],
    [['target', 'create', '--schema', ALT_ID, '--dataset', DATASET, '--name', ' '], '--name: must not be empty'],
    [['target', 'get', '320f119a5ac14ab188eaeb19e674ea2e'], 'target connection id: "320f119a5ac14ab188eaeb19e674ea2e" is not a UUID'],
    [['target', 'delete', 'x'], 'target connection id: "x" is not a UUID'],
    [['target', 'list', '--limit', '-1'], '--limit: must be at least 1'],
  ])('bad input %j exits 2 naming the flag and sends nothing', async (argv, message) => {
    const result = await runCli(argv);
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(2);
    expect(unmatched).toEqual([]);
  });
});

describe('target get/list/delete', () => {
  const item = {
    id: TARGET,
    name: `Dataset ${DATASET} target`,
    connectionSpec: { id: DATA_LAKE, version: '1.0' },
    data: { format: 'parquet_xdm', schema: { id: SCHEMA_ID, version: XED_FULL } },
    params: { dataSetId: DATASET },
    state: 'enabled',
    etag: ETAG,
    createdAt: 1767225600000,
  };

  it('get shows dataset and schema; --json the item', async () => {
    platform().get(`${FLOW}/targetConnections/${TARGET}`).times(2).reply(200, { items: [item] });

    const human = await runCli(['target', 'get', TARGET]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`^Dataset:\\s+${DATASET}$`, 'm'));
    expect(human.stdout).toMatch(new RegExp(`^Schema:\\s+${SCHEMA_ID}$`, 'm'));
    expect(human.stdout).toMatch(/^State:\s+enabled$/m);

    const json = await runCli(['target', 'get', TARGET, '--json']);
    expect(JSON.parse(json.stdout)).toEqual(item);
  });

  it('get: a 200 without items exits 1 naming the missing field', async () => {
    platform().get(`${FLOW}/targetConnections/${TARGET}`).reply(200, { items: [] });

    const result = await runCli(['target', 'get', TARGET]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`unexpected response to GET /targetConnections/${TARGET} — items: is empty`);
  });

  it('list pages through _links.next and prints id, name, dataset', async () => {
    const second = { ...item, id: '420f119a-5ac1-4ab1-88ea-eb19e674ea2e', name: 'second', params: { dataSetId: '5c8c3c555033b814b69f947f' } };
    platform()
      .get(`${FLOW}/targetConnections`)
      .query({ limit: '50' })
      .reply(200, { items: [item], _links: { next: { href: '/targetConnections?continuationToken=t2' } } })
      .get(`${FLOW}/targetConnections`)
      .query({ limit: '50', continuationToken: 't2' })
      .reply(200, { items: [second], _links: {} });

    const result = await runCli(['target', 'list']);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        [TARGET, `Dataset ${DATASET} target`, DATASET, '2026-01-01 00:00:00Z'].join('\t'),
        ['420f119a-5ac1-4ab1-88ea-eb19e674ea2e', 'second', '5c8c3c555033b814b69f947f', '2026-01-01 00:00:00Z'].join('\t'),
      ].join('\n') + '\n',
    );
  });

  it('delete sends DELETE (ids are normalised to lower case) and confirms', async () => {
    platform().delete(`${FLOW}/targetConnections/${TARGET}`).reply(204);

    const result = await runCli(['target', 'delete', TARGET.toUpperCase()]);

    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`✓ Deleted target connection ${TARGET}\n`);
  });
});
