import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { FLOW, platform, unmatched, useNock } from '../helpers/nock.js';

useNock();

const CRM_TO_AEP = '14518937-270c-4525-bdec-c2ba7cce3860';
const CLOUD_STORAGE = '9753525b-82c7-4dce-8a9b-5ccfce2b9876';
const MYSQL = '26d738e0-8963-47ea-aadf-c60de735468a';
const POSTGRES = '74a1c565-4e59-48d7-9d67-7c03b8a13137';
const UNKNOWN_SPEC = 'aaaaaaaa-1111-4222-8333-444444444444';
const DATA_LAKE = 'c604ff05-7f1a-43c0-8e18-33bf874cb11c';

const crmToAep = {
  id: CRM_TO_AEP,
  name: 'CRMToAEP',
  providerId: '0ed90a81-07f4-4586-8190-b40eccef1c5a',
  version: '1.0',
  sourceConnectionSpecIds: [MYSQL, POSTGRES, UNKNOWN_SPEC],
  targetConnectionSpecIds: [DATA_LAKE],
};

describe('flowspec get', () => {
  it('without an id looks CRMToAEP up by quoted name and prints id, name and its sources', async () => {
    platform()
      .get(`${FLOW}/flowSpecs`)
      .query({ property: 'name=="CRMToAEP"', limit: '10' })
      .reply(200, { items: [crmToAep] });

    const result = await runCli(['flowspec', 'get']);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Id:\\s+${CRM_TO_AEP}$`, 'm'));
    expect(result.stdout).toMatch(/^Name:\s+CRMToAEP$/m);
    expect(result.stdout).toMatch(/^Version:\s+1\.0$/m);
    expect(result.stdout).toMatch(/^Sources:\s+3 connection specs$/m);
    expect(result.stdout).toMatch(/^Targets:\s+Data lake$/m);
    // Known databases are listed by name under Sources; ids flowctl does not know are only counted.
    expect(result.stdout).toContain('MySQL');
    expect(result.stdout).toContain('PostgreSQL');
    expect(result.stdout).not.toContain(UNKNOWN_SPEC);
  });

  it('lists the known sources on continuation lines with a blank label (no stray colon)', async () => {
    platform()
      .get(`${FLOW}/flowSpecs`)
      .query({ property: 'name=="CRMToAEP"', limit: '10' })
      .reply(200, { items: [crmToAep] });

    const result = await runCli(['flowspec', 'get']);

    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith('Sources:'));
    expect(lines.slice(at + 1, at + 3)).toEqual(['         MySQL', '         PostgreSQL']);
  });

  it('--json prints the flow spec as the Platform gave it', async () => {
    platform()
      .get(`${FLOW}/flowSpecs`)
      .query({ property: 'name=="CRMToAEP"', limit: '10' })
      .reply(200, { items: [crmToAep] });

    const result = await runCli(['flowspec', 'get', '--json']);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(crmToAep);
  });

  it('--name looks another spec up; a spec whose name only contains the wanted one is not taken', async () => {
    platform()
      .get(`${FLOW}/flowSpecs`)
      .query({ property: 'name=="CloudStorageToAEP"', limit: '10' })
      .reply(200, {
        items: [
          { id: '11111111-82c7-4dce-8a9b-5ccfce2b9876', name: 'CloudStorageToAEP-beta' },
          { id: CLOUD_STORAGE, name: 'CloudStorageToAEP', version: '1.0', sourceConnectionSpecIds: [], targetConnectionSpecIds: [DATA_LAKE] },
        ],
      });

    const result = await runCli(['flowspec', 'get', '--name', 'CloudStorageToAEP', '--json']);

    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { id: string }).id).toBe(CLOUD_STORAGE);
  });

  it('by id reads /flowSpecs/ID', async () => {
    platform().get(`${FLOW}/flowSpecs/${CRM_TO_AEP}`).reply(200, { items: [crmToAep] });

    const result = await runCli(['flowspec', 'get', CRM_TO_AEP]);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Name:\s+CRMToAEP$/m);
  });

  it('an unknown name exits 4', async () => {
    platform()
      .get(`${FLOW}/flowSpecs`)
      .query({ property: 'name=="NoSuchSpec"', limit: '10' })
      .reply(200, { items: [] });

    const result = await runCli(['flowspec', 'get', '--name', 'NoSuchSpec']);

    expect(result.code).toBe(4);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('404 no flow spec named NoSuchSpec');
  });

  it('an unknown id (404 from the Platform) exits 4', async () => {
    platform()
      .get(`${FLOW}/flowSpecs/${UNKNOWN_SPEC}`)
      .reply(404, { type: 'https://ns.adobe.com/aep/errors/FLOW-1101-404', title: 'Resource not found', status: 404 });

    const result = await runCli(['flowspec', 'get', UNKNOWN_SPEC]);

    expect(result.code).toBe(4);
    expect(result.stderr).toContain('flowctl flowspec list');
  });

  it('--dry-run still makes the read, changes nothing and says so', async () => {
    platform()
      .get(`${FLOW}/flowSpecs`)
      .query({ property: 'name=="CRMToAEP"', limit: '10' })
      .reply(200, { items: [crmToAep] });

    const result = await runCli(['flowspec', 'get', '--dry-run']);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Name:\s+CRMToAEP$/m);
    expect(result.stderr).toContain('Dry run: this command would change nothing.');
  });

  it('--dry-run --json keeps stdout one JSON value (the spec), not the spec followed by an empty request list', async () => {
    platform()
      .get(`${FLOW}/flowSpecs`)
      .query({ property: 'name=="CRMToAEP"', limit: '10' })
      .reply(200, { items: [crmToAep] });

    const result = await runCli(['flowspec', 'get', '--dry-run', '--json']);

    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().endsWith('[]'), `stdout: ${result.stdout}`).toBe(false);
    expect(JSON.parse(result.stdout)).toEqual(crmToAep);
  });

  it.each([
    [['flowspec', 'get', 'CRMToAEP'], 'flow spec id: "CRMToAEP" is not a UUID'],
    [['flowspec', 'get', '--name', ''], '--name: must not be empty'],
    [['flowspec', 'list', '--limit', 'x'], '--limit: must be a whole number'],
  ])('bad input %j exits 2 and sends nothing', async (argv, message) => {
    const result = await runCli(argv);
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(2);
    expect(unmatched).toEqual([]);
  });
});

describe('flowspec list', () => {
  it('prints id, name, version and the number of sources, following _links.next', async () => {
    platform()
      .get(`${FLOW}/flowSpecs`)
      .query({ limit: '50' })
      .reply(200, { items: [crmToAep], _links: { next: { href: '/flowSpecs?continuationToken=n2' } } })
      .get(`${FLOW}/flowSpecs`)
      .query({ limit: '50', continuationToken: 'n2' })
      .reply(200, { items: [{ id: CLOUD_STORAGE, name: 'CloudStorageToAEP', version: '1.0', sourceConnectionSpecIds: [POSTGRES] }], _links: {} });

    const result = await runCli(['flowspec', 'list']);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${CRM_TO_AEP}\tCRMToAEP\t1.0\t3\n${CLOUD_STORAGE}\tCloudStorageToAEP\t1.0\t1\n`);
  });

  it('--json prints the array of specs', async () => {
    platform().get(`${FLOW}/flowSpecs`).query({ limit: '50' }).reply(200, { items: [crmToAep], _links: {} });

    const result = await runCli(['flowspec', 'list', '--json']);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([crmToAep]);
  });
});
