import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { FLOW, platform, unmatched, useNock } from '../helpers/nock.js';

useNock();

const FLOW_ID = '2edc08ac-4df5-4fe6-936f-81a19ce92f5c';
const RUN_A = 'a830305a-985f-47d0-b030-5a985fd7d004';
const RUN_B = 'b830305a-985f-47d0-b030-5a985fd7d004';
const RUN_C = 'c830305a-985f-47d0-b030-5a985fd7d004';
const RUN_ID = '9830305a-985f-47d0-b030-5a985fd7d004';
/** 2026-01-01T00:00:00Z in ms. */
const T0 = 1767225600000;

function run(id: string, fields: Record<string, unknown>): Record<string, unknown> {
  return { id, flowId: FLOW_ID, createdAt: T0 - 60_000, ...fields };
}

/** Oldest first on purpose: the CLI sorts. */
const runA = run(RUN_A, {
  metrics: {
    durationSummary: { startedAtUTC: T0, completedAtUTC: T0 + 83_000 },
    recordSummary: { inputRecordCount: 100, outputRecordCount: 99, failedRecordCount: 1 },
    statusSummary: { status: 'success' },
  },
});
const runB = run(RUN_B, {
  metrics: {
    durationSummary: { startedAtUTC: T0 + 7_200_000, completedAtUTC: T0 + 7_205_000 },
    recordSummary: { inputRecordCount: 10, outputRecordCount: 0, failedRecordCount: 10 },
    statusSummary: { status: 'failed' },
  },
});
/** Not started yet: no duration summary, sorted by createdAt. */
const runC = run(RUN_C, { createdAt: T0 + 3_600_000, metrics: { statusSummary: { status: 'scheduled' } } });

/** The documented run (platform-api.md §3.9), errors in the run metrics and in an activity's extensions. */
const documentedRun = {
  id: RUN_ID,
  flowId: FLOW_ID,
  flowSpec: { id: '14518937-270c-4525-bdec-c2ba7cce3860', version: '1.0' },
  createdAt: 1596656079576,
  updatedAt: 1596656113526,
  etag: '"b8003af1-0000-0200-0000-5f2b09f10000"',
  metrics: {
    durationSummary: { startedAtUTC: 1596656058198, completedAtUTC: 1596656113306 },
    sizeSummary: { inputBytes: 24012, outputBytes: 17128 },
    recordSummary: { inputRecordCount: 100, outputRecordCount: 99, failedRecordCount: 1 },
    statusSummary: {
      status: 'success',
      errors: [{ code: 'CONNECTOR-2001-500', message: 'Error occurred at promotion activity.' }],
      activityRefs: ['promotionActivity'],
    },
  },
  activities: [
    {
      id: 'copyActivity',
      durationSummary: { startedAtUTC: 1596656058198, completedAtUTC: 1596656089650 },
      recordSummary: {},
      statusSummary: { status: 'success', extensions: { type: 'one-time' } },
    },
    {
      id: 'promotionActivity',
      durationSummary: { startedAtUTC: 1596656095333, completedAtUTC: 1596656113306 },
      recordSummary: { inputRecordCount: 100, outputRecordCount: 99, failedRecordCount: 1 },
      statusSummary: {
        status: 'success',
        extensions: {
          manifest: { failedRecords: 'https://platform.adobe.io/data/foundation/export/batches/01EF01X41KJD82Y9ZX6ET54PCZ/meta?path=row_errors' },
          errors: [
            { code: 'INGEST-1212-400', message: 'Encountered 1 errors in the data. Successfully ingested 99 rows.' },
            { code: 'MAPPER-3700-400', recordCount: 1, message: 'Mapper Transform Error' },
          ],
        },
      },
    },
  ],
};

describe('run list', () => {
  it('filters by flow, sorts newest first, and shows status, start, duration and records in/out/failed', async () => {
    platform()
      .get(`${FLOW}/runs`)
      .query({ property: `flowId==${FLOW_ID}`, limit: '50' })
      .reply(200, { items: [runA, runB, runC], _links: {} });
    const result = await runCli(['run', 'list', '--flow', FLOW_ID]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        `${RUN_B}\tfailed\t2026-01-01 02:00:00Z\t5s\t10\t0\t10`,
        `${RUN_C}\tscheduled\t2026-01-01 01:00:00Z\t-\t-\t-\t-`,
        `${RUN_A}\tsuccess\t2026-01-01 00:00:00Z\t1m23s\t100\t99\t1`,
        '',
      ].join('\n'),
    );
  });

  it('sorts across pages and keeps the flow filter on the next page', async () => {
    platform()
      .get(`${FLOW}/runs`)
      .query({ property: `flowId==${FLOW_ID}`, limit: '50' })
      .reply(200, { items: [runA], _links: { next: { href: `/runs?property=flowId==${FLOW_ID}&continuationToken=t2` } } })
      .get(`${FLOW}/runs`)
      .query({ property: `flowId==${FLOW_ID}`, limit: '50', continuationToken: 't2' })
      .reply(200, { items: [runC, runB], _links: {} });
    const result = await runCli(['run', 'list', '--flow', FLOW_ID]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n').map((l) => l.split('\t')[0])).toEqual([RUN_B, RUN_C, RUN_A]);
  });

  it('on a terminal prints an aligned table with a header', async () => {
    platform()
      .get(`${FLOW}/runs`)
      .query({ property: `flowId==${FLOW_ID}`, limit: '50' })
      .reply(200, { items: [runA, runB] });
    const result = await runCli(['run', 'list', '--flow', FLOW_ID], { tty: true, env: { NO_COLOR: '1' } });
    expect(result.code).toBe(0);
    const [header, first, second] = result.stdout.split('\n');
    expect(header).toMatch(/^ID\s+STATUS\s+STARTED\s+DURATION\s+IN\s+OUT\s+FAILED$/);
    expect(first).toMatch(new RegExp(`^${RUN_B}\\s+failed\\s+2026-01-01 02:00:00Z\\s+5s\\s+10\\s+0\\s+10$`));
    expect(second).toMatch(new RegExp(`^${RUN_A}\\s+success\\s+2026-01-01 00:00:00Z\\s+1m23s\\s+100\\s+99\\s+1$`));
  });

  it('--json prints the runs, newest first', async () => {
    platform()
      .get(`${FLOW}/runs`)
      .query({ property: `flowId==${FLOW_ID}`, limit: '50' })
      .reply(200, { items: [runA, runB, runC] });
    const result = await runCli(['run', 'list', '--flow', FLOW_ID, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([runB, runC, runA]);
  });

  it('--limit is sent as the page size', async () => {
    platform()
      .get(`${FLOW}/runs`)
      .query({ property: `flowId==${FLOW_ID}`, limit: '2' })
      .reply(200, { items: [runA, runB], _links: { next: { href: '/runs?continuationToken=more' } } });
    const result = await runCli(['run', 'list', '--flow', FLOW_ID, '--limit', '2']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(2);
  });

  it.each<[string[], string]>([
    [['run', 'list'], "required option '--flow <id>' not specified"],
    [['run', 'list', '--flow', 'my-flow'], '--flow: "my-flow" is not a UUID'],
    [['run', 'list', '--flow', FLOW_ID, '--limit', '0'], '--limit: must be at least 1'],
    [['run', 'get', 'latest'], 'run id: "latest" is not a UUID'],
  ])('bad input %j exits 2 and sends nothing', async (argv, message) => {
    const result = await runCli(argv);
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(2);
    expect(unmatched).toEqual([]);
  });
});

describe('run get', () => {
  it('shows status, timing, record counts, and the errors of the run and of its activities', async () => {
    platform().get(`${FLOW}/runs/${RUN_ID}`).reply(200, { items: [documentedRun] });
    const result = await runCli(['run', 'get', RUN_ID]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 9)).toEqual([
      `Id:             ${RUN_ID}`,
      `Flow:           ${FLOW_ID}`,
      'Status:         success',
      'Started:        2020-08-05 19:34:18Z',
      'Completed:      2020-08-05 19:35:13Z',
      'Duration:       55s',
      'Records in:     100',
      'Records out:    99',
      'Records failed: 1',
    ]);
    expect(lines.slice(9, 11)).toEqual(['', 'Errors:']);
    expect(lines[11]).toMatch(/^WHERE\s+CODE\s+MESSAGE$/);
    expect(lines.slice(12, 15)).toEqual([
      expect.stringMatching(/^run\s+CONNECTOR-2001-500\s+Error occurred at promotion activity\.$/),
      expect.stringMatching(/^promotionActivity\s+INGEST-1212-400\s+Encountered 1 errors in the data\. Successfully ingested 99 rows\.$/),
      expect.stringMatching(/^promotionActivity\s+MAPPER-3700-400\s+Mapper Transform Error$/),
    ]);
    expect(lines.slice(15)).toEqual(['']);
  });

  it('collects errors an activity puts directly in statusSummary.errors too', async () => {
    const item = {
      id: RUN_ID,
      flowId: FLOW_ID,
      metrics: { statusSummary: { status: 'failed' } },
      activities: [{ id: 'copyActivity', statusSummary: { status: 'failed', errors: [{ code: 'CONNECTOR-1001-500', message: 'Connection refused' }] } }],
    };
    platform().get(`${FLOW}/runs/${RUN_ID}`).reply(200, { items: [item] });
    const result = await runCli(['run', 'get', RUN_ID]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Status:\s+failed$/m);
    expect(result.stdout).toMatch(/^copyActivity\s+CONNECTOR-1001-500\s+Connection refused$/m);
  });

  it('shows no error section for a clean run', async () => {
    const clean = { ...runA, id: RUN_ID, activities: [{ id: 'copyActivity', statusSummary: { status: 'success', extensions: { type: 'one-time' } } }] };
    platform().get(`${FLOW}/runs/${RUN_ID}`).reply(200, { items: [clean] });
    const result = await runCli(['run', 'get', RUN_ID]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('Errors:');
    expect(result.stdout).toMatch(/^Duration:\s+1m23s$/m);
  });

  it('--json prints the run as the Platform returned it', async () => {
    platform().get(`${FLOW}/runs/${RUN_ID}`).reply(200, { items: [documentedRun] });
    const result = await runCli(['run', 'get', RUN_ID, '--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual(documentedRun);
  });

  it('an unknown run exits 4 and suggests listing runs', async () => {
    platform()
      .get(`${FLOW}/runs/${RUN_ID}`)
      .reply(404, { type: 'https://ns.adobe.com/aep/errors/FLOW-1101-404', title: 'Resource not found', status: 404 });
    const result = await runCli(['run', 'get', RUN_ID]);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('404 Resource not found [FLOW-1101-404] — check the id and the sandbox (list what exists with `flowctl run list`)');
  });
});
