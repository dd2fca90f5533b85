import { describe, expect, it } from 'vitest';
import { fakeClock, runCli } from '../helpers/cli.js';
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

const runA = run(RUN_A, {
  metrics: {
    durationSummary: { startedAtUTC: T0, completedAtUTC: T0 + 83_000 },
    recordSummary: { inputRecordCount: 100, outputRecordCount: 99, failedRecordCount: 1 },
    statusSummary: { status: 'success' },
  },
});
const runB = run(RUN_B, {
  createdAt: T0 + 7_200_000 - 60_000,
  metrics: {
    durationSummary: { startedAtUTC: T0 + 7_200_000, completedAtUTC: T0 + 7_205_000 },
    recordSummary: { inputRecordCount: 10, outputRecordCount: 0, failedRecordCount: 10 },
    statusSummary: { status: 'failed' },
  },
});
/** Not started yet: no duration summary, shown with its creation time. */
const runC = run(RUN_C, { createdAt: T0 + 3_600_000, metrics: { statusSummary: { status: 'scheduled' } } });

/** The Platform sorts runs newest first when asked: `orderby=-createdAt`. */
const listQuery = (limit: string, extra: Record<string, string> = {}) => ({ property: `flowId==${FLOW_ID}`, orderby: '-createdAt', limit, ...extra });
/** A flow scheduled once, as GET /flows/{id} shows it (schedule values echoed as strings). */
const onceFlow = {
  id: FLOW_ID,
  name: 'customers',
  flowSpec: { id: '14518937-270c-4525-bdec-c2ba7cce3860', version: '1.0' },
  transformations: [
    { name: 'Copy', params: { deltaColumn: { name: 'updated_at', dateFormat: 'YYYY-MM-DD', timezone: 'UTC' } } },
    { name: 'Mapping', params: { mappingId: '0b090130b58b4819afc78b6dc98b484d', mappingVersion: 0 } },
  ],
  scheduleParams: { startTime: '1767200000', frequency: 'once' },
  etag: '"1a0037e4-0000-0200-0000-602e06f60000"',
};
const flowNotFound = { type: 'https://ns.adobe.com/aep/errors/FLOW-1439-404', title: `The requested flows resource ${FLOW_ID} is not found.`, status: 404 };

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
  it('asks the Platform for the newest runs first and shows status, start, duration and records in/out/failed', async () => {
    platform()
      .get(`${FLOW}/runs`)
      .query(listQuery('50'))
      .reply(200, { items: [runB, runC, runA], _links: {} });
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

  it('--limit 1 is the latest run of a flow with many pages of runs: one request, no sorting of an old page', async () => {
    platform()
      .get(`${FLOW}/runs`)
      .query(listQuery('1'))
      .reply(200, { items: [runB], _links: { next: { href: `/runs?property=flowId==${FLOW_ID}&orderby=-createdAt&limit=1&continuationToken=t2` } } });
    const result = await runCli(['run', 'list', '--flow', FLOW_ID, '--limit', '1']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\t')[0]).toBe(RUN_B);
  });

  it('--all follows the pages in the order the Platform gives, keeping the flow filter and the order', async () => {
    platform()
      .get(`${FLOW}/runs`)
      .query(listQuery('100'))
      .reply(200, { items: [runB], _links: { next: { href: `/runs?property=flowId==${FLOW_ID}&orderby=-createdAt&limit=100&continuationToken=t2` } } })
      .get(`${FLOW}/runs`)
      .query(listQuery('100', { continuationToken: 't2' }))
      .reply(200, { items: [runC, runA], _links: {} });
    const result = await runCli(['run', 'list', '--flow', FLOW_ID, '--all']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n').map((l) => l.split('\t')[0])).toEqual([RUN_B, RUN_C, RUN_A]);
  });

  it('on a terminal prints an aligned table with a header', async () => {
    platform()
      .get(`${FLOW}/runs`)
      .query(listQuery('50'))
      .reply(200, { items: [runB, runA] });
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
      .query(listQuery('50'))
      .reply(200, { items: [runB, runC, runA] });
    const result = await runCli(['run', 'list', '--flow', FLOW_ID, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([runB, runC, runA]);
  });

  it('a flow that does not exist exits 4 and says so, instead of "No results."', async () => {
    platform().get(`${FLOW}/runs`).query(listQuery('50')).reply(200, { items: [], _links: {} }).get(`${FLOW}/flows/${FLOW_ID}`).reply(404, flowNotFound);
    const result = await runCli(['run', 'list', '--flow', FLOW_ID]);
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`error: flow ${FLOW_ID} does not exist in sandbox dev — check the id and the sandbox (list flows with \`flowctl flow list\`)\n`);
  });

  it('a flow without runs yet: "No results.", exit 0 (the flow was looked up once)', async () => {
    platform().get(`${FLOW}/runs`).query(listQuery('50')).reply(200, { items: [] }).get(`${FLOW}/flows/${FLOW_ID}`).reply(200, { items: [onceFlow] });
    const result = await runCli(['run', 'list', '--flow', FLOW_ID]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('No results.');
  });

  it.each<[string[], string]>([
    [['run', 'list'], "required option '--flow <id>' not specified"],
    [['run', 'list', '--flow', 'my-flow'], '--flow: "my-flow" is not a UUID'],
    [['run', 'list', '--flow', FLOW_ID, '--limit', '0'], '--limit: must be at least 1'],
    [['run', 'list', '--flow', FLOW_ID, '--limit', '2', '--all'], '--all: cannot be combined with --limit'],
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

describe('run wait and run watch on a flow that does not exist', () => {
  it.each([
    [['run', 'wait', '--flow', FLOW_ID, '--timeout', '30m']],
    [['run', 'wait', '--flow', FLOW_ID, '--new']],
    [['run', 'watch', '--flow', FLOW_ID]],
  ])('%j exits 4 at once, having asked for the flow once', async (argv) => {
    platform().get(`${FLOW}/runs`).query(listQuery('100')).reply(200, { items: [] }).get(`${FLOW}/flows/${FLOW_ID}`).reply(404, flowNotFound);
    const result = await runCli(argv, { clock: fakeClock() });
    expect(result.code).toBe(4);
    expect(result.sleeps).toEqual([]);
    expect(result.stderr).toContain(`error: flow ${FLOW_ID} does not exist in sandbox dev`);
  });

  it('a flow that exists but has no run yet is waited for', async () => {
    platform()
      .get(`${FLOW}/runs`)
      .query(listQuery('100'))
      .reply(200, { items: [] })
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .reply(200, { items: [onceFlow] })
      .get(`${FLOW}/runs`)
      .query(listQuery('100'))
      .reply(200, { items: [runA] });
    const result = await runCli(['run', 'wait', '--flow', FLOW_ID, '--interval', '5s'], { clock: fakeClock() });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${RUN_A}\n`);
    expect(result.sleeps).toEqual([5000]);
  });
});

/** 2026-01-01T00:00:00Z in epoch seconds: "now" on the fake clock. */
const NOW_S = T0 / 1000;
const CREATED = { items: [{ id: RUN_ID, etag: '"1100c53e-0000-0200-0000-627138980000"' }] };
const runBody = (windowStartTime: number, windowEndTime = NOW_S) => ({
  flowId: FLOW_ID,
  params: { startTime: NOW_S, windowStartTime, windowEndTime, deltaColumn: { name: 'updated_at' } },
});

describe('run start', () => {
  const start = (...args: string[]) => runCli(['run', 'start', '--flow', FLOW_ID, ...args], { clock: fakeClock() });
  const flowReply = (flow: unknown = onceFlow) => platform().get(`${FLOW}/flows/${FLOW_ID}`).reply(200, { items: [flow] });

  it('a flow without runs: reads every row up to now, with the flow’s delta column, and prints the run id', async () => {
    flowReply().get(`${FLOW}/runs`).query(listQuery('1')).reply(200, { items: [] }).post(`${FLOW}/runs`, runBody(0)).reply(201, CREATED);
    const result = await start();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${RUN_ID}\n`);
    expect(result.stderr).toContain(`Created run ${RUN_ID}`);
    expect(result.stderr).toContain(`changed from the beginning to 2026-01-01 00:00:00Z; follow it with \`flowctl run wait --flow ${FLOW_ID}\``);
  });

  it('goes on where the newest run’s window ended (its params, numbers or strings)', async () => {
    const previous = run(RUN_A, { params: { windowStartTime: '0', windowEndTime: String(NOW_S - 3600) } });
    flowReply().get(`${FLOW}/runs`).query(listQuery('1')).reply(200, { items: [previous] }).post(`${FLOW}/runs`, runBody(NOW_S - 3600)).reply(201, CREATED);
    expect((await start()).code).toBe(0);
  });

  it('reads the window from the copy activity (epoch ms) when the run has no params, else the flow’s start time', async () => {
    const withActivity = run(RUN_A, { activities: [{ id: 'copyActivity', durationSummary: { extensions: { windowStart: 0, windowEnd: (NOW_S - 60) * 1000 } } }] });
    flowReply().get(`${FLOW}/runs`).query(listQuery('1')).reply(200, { items: [withActivity] }).post(`${FLOW}/runs`, runBody(NOW_S - 60)).reply(201, CREATED);
    expect((await start()).code).toBe(0);
    flowReply().get(`${FLOW}/runs`).query(listQuery('1')).reply(200, { items: [run(RUN_A, {})] }).post(`${FLOW}/runs`, runBody(1767200000)).reply(201, CREATED);
    expect((await start()).code).toBe(0);
  });

  it('takes --window-start and --window-end as ISO-8601 or epoch seconds, and lists no runs then', async () => {
    flowReply().post(`${FLOW}/runs`, runBody(1767139200, 1767182400)).reply(201, CREATED);
    const result = await start('--window-start', '2025-12-31T00:00:00Z', '--window-end', '1767182400');
    expect(result.code, result.stderr).toBe(0);
  });

  it('--json prints the Platform’s reply: the run’s id and etag', async () => {
    flowReply().post(`${FLOW}/runs`, runBody(100)).reply(201, CREATED);
    const result = await start('--window-start', '100', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(CREATED.items[0]);
  });

  it('--dry-run reads the flow and its runs, and prints the POST it would send', async () => {
    flowReply().get(`${FLOW}/runs`).query(listQuery('1')).reply(200, { items: [] });
    const result = await start('--dry-run');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`POST ${'https://platform.adobe.io'}${FLOW}/runs`);
    expect(result.stdout).toContain('"windowStartTime": 0');
    expect(result.stderr).toContain('Dry run: 1 request not sent.');
  });

  it('refuses a flow not scheduled once, saying so, before sending anything', async () => {
    flowReply({ ...onceFlow, scheduleParams: { startTime: 1767200000, frequency: 'minute', interval: 15 } });
    const result = await start();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: --flow: flow ${FLOW_ID} runs every 15 minutes from 2025-12-31 16:53:20Z: only flows scheduled once can be run on demand`);
    expect(unmatched).toEqual([]);
  });

  it('a flow that does not exist exits 4', async () => {
    platform().get(`${FLOW}/flows/${FLOW_ID}`).reply(404, flowNotFound);
    const result = await start();
    expect(result.code).toBe(4);
    expect(result.stderr).toContain(`error: flow ${FLOW_ID} does not exist in sandbox dev`);
  });

  it('refuses a default start that is not before the end, naming where it came from', async () => {
    const previous = run(RUN_A, { params: { windowEndTime: NOW_S } });
    flowReply().get(`${FLOW}/runs`).query(listQuery('1')).reply(200, { items: [previous] });
    const result = await start();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: --window-start: defaults to the end of the window of run ${RUN_A} (2026-01-01 00:00:00Z), which is not before --window-end`);
  });

  it('passes the Platform’s refusal on (exit 1)', async () => {
    flowReply()
      .post(`${FLOW}/runs`, runBody(100))
      .reply(400, { type: 'https://ns.adobe.com/aep/errors/FLOW-1100-400', title: 'Invalid request', status: 400, detail: 'params.deltaColumn.name differs' });
    const result = await start('--window-start', '100');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('FLOW-1100-400');
  });

  it.each<[string[], string]>([
    [['run', 'start'], "required option '--flow <id>' not specified"],
    [['run', 'start', '--flow', 'my-flow'], '--flow: "my-flow" is not a UUID'],
    [['run', 'start', '--flow', FLOW_ID, '--window-start', 'yesterday'], '--window-start: "yesterday" is not now, epoch seconds or an ISO-8601 date-time'],
    [['run', 'start', '--flow', FLOW_ID, '--window-end', '2026-02-30T00:00:00Z'], '--window-end: "2026-02-30T00:00:00Z" is not now'],
    [['run', 'start', '--flow', FLOW_ID, '--window-start', '1767225600000'], '--window-start: must be epoch seconds, not milliseconds'],
    [['run', 'start', '--flow', FLOW_ID, '--window-start', '200', '--window-end', '100'], '--window-end: must be after --window-start (1970-01-01 00:03:20Z), got 1970-01-01 00:01:40Z'],
    [['run', 'start', '--flow', FLOW_ID, '--window-start', '100', '--window-end', '100'], '--window-end: must be after --window-start'],
  ])('bad input %j exits 2 and sends nothing', async (argv, message) => {
    const result = await runCli(argv);
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(2);
    expect(unmatched).toEqual([]);
  });
});

const EXPORT = '/data/foundation/export';
const BATCH = '01EF01X41KJD82Y9ZX6ET54PCZ';
const LONG = 'x'.repeat(60);

/** A finished run that wrote BATCH and rejected `failed` rows. */
function finishedRun(failed: number, status = 'success'): Record<string, unknown> {
  return run(RUN_ID, {
    metrics: { recordSummary: { inputRecordCount: 10, outputRecordCount: 10 - failed, failedRecordCount: failed }, statusSummary: { status } },
    activities: [
      { id: 'copyActivity', statusSummary: { status: 'success' } },
      { id: 'promotionActivity', targetInfo: [{ id: 'target', type: 'TargetConnection', reference: { type: 'Batch', ids: [BATCH] } }] },
    ],
  });
}

const rejected = [
  { id: 40, birth_date: '1985-02-30', _errors: [{ code: 'MAPPER-3700-400', message: 'there is no day 30 in 1985-02', column: 'birth_date', field: 'person.birthDate' }] },
  {
    id: 80,
    birth_date: '1985-02-30',
    notes: LONG,
    _errors: [
      { code: 'MAPPER-3700-400', message: 'there is no day 30 in 1985-02', column: 'birth_date', field: 'person.birthDate' },
      { code: 'MAPPER-3701-400', message: 'too long', column: 'notes' },
    ],
  },
];

function diagnostics(lines: unknown[]): void {
  const file = `${EXPORT}/batches/${BATCH}/meta?path=row_errors%2Fconversion_errors_0.json`;
  platform()
    .get(`${EXPORT}/batches/${BATCH}/meta?path=row_errors`)
    .reply(200, { data: [{ name: 'conversion_errors_0.json', length: '500', _links: { self: { href: `https://platform.adobe.io:443${file}` } } }], _page: { limit: 100, count: 1 } })
    .get(file)
    .reply(200, lines.map((l) => JSON.stringify(l)).join('\n'));
}

describe('run errors', () => {
  const getRun = (item: unknown) => platform().get(`${FLOW}/runs/${RUN_ID}`).reply(200, { items: [item] });

  it('lists row, column, value (shortened) and reason, one line per reason, and ends with a count', async () => {
    getRun(finishedRun(2));
    diagnostics(rejected);
    const result = await runCli(['run', 'errors', RUN_ID]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      [
        '1\tbirth_date\t1985-02-30\tthere is no day 30 in 1985-02',
        '2\tbirth_date\t1985-02-30\tthere is no day 30 in 1985-02',
        `2\tnotes\t${'x'.repeat(39)}…\ttoo long`,
        '',
      ].join('\n'),
    );
    expect(result.stderr).toBe('2 rejected rows\n');
  });

  it('on a terminal: a table with a header', async () => {
    getRun(finishedRun(2));
    diagnostics(rejected);
    const result = await runCli(['run', 'errors', RUN_ID], { tty: true, env: { NO_COLOR: '1' } });
    expect(result.stdout.split('\n')[0]).toMatch(/^ROW\s+COLUMN\s+VALUE\s+REASON$/);
  });

  it('--json prints the rejected rows: their values and errors', async () => {
    getRun(finishedRun(2));
    diagnostics(rejected);
    const result = await runCli(['run', 'errors', RUN_ID, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(rejected.map(({ _errors, ...row }) => ({ row, errors: _errors })));
  });

  it('--limit stops reading and says how many there are', async () => {
    getRun(finishedRun(2));
    diagnostics(rejected);
    const result = await runCli(['run', 'errors', RUN_ID, '--limit', '1']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toBe('1 of 2 rejected rows shown (raise --limit to see more)\n');
  });

  it('a run that rejected nothing says so, exit 0, without reading diagnostics', async () => {
    getRun(finishedRun(0));
    const result = await runCli(['run', 'errors', RUN_ID]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`Run ${RUN_ID} rejected no rows.\n`);
    getRun(finishedRun(0));
    expect(JSON.parse((await runCli(['run', 'errors', RUN_ID, '--json'])).stdout)).toEqual([]);
  });

  it.each([
    ['an empty listing', () => platform().get(`${EXPORT}/batches/${BATCH}/meta?path=row_errors`).reply(200, { data: [], _page: { limit: 100, count: 0 } })],
    ['a 404', () => platform().get(`${EXPORT}/batches/${BATCH}/meta?path=row_errors`).reply(404, { title: 'Not Found', status: 404 })],
  ])('rows rejected without diagnostics (%s): says how to turn them on, exit 1, nothing on stdout', async (_label, reply) => {
    getRun(finishedRun(3));
    reply();
    const result = await runCli(['run', 'errors', RUN_ID, '--json']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`error: run ${RUN_ID} rejected 3 rows, but no error diagnostics were kept: its flow had them off.`);
    expect(result.stderr).toContain(`flowctl flow update ${FLOW_ID} --error-diagnostics`);
  });

  it('a run still in progress: exit 1, saying to wait for it', async () => {
    getRun(run(RUN_ID, { metrics: { statusSummary: { status: 'inProgress' } } }));
    const result = await runCli(['run', 'errors', RUN_ID]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: run ${RUN_ID} is inProgress: its rejected rows are known once it has finished (\`flowctl run wait --flow ${FLOW_ID}\`)`);
  });

  it('an unknown run exits 4', async () => {
    platform().get(`${FLOW}/runs/${RUN_ID}`).reply(404, { type: 'https://ns.adobe.com/aep/errors/FLOW-1101-404', title: 'Resource not found', status: 404 });
    expect((await runCli(['run', 'errors', RUN_ID])).code).toBe(4);
  });

  it.each<[string[], string]>([
    [['run', 'errors'], "missing required argument 'run-id'"],
    [['run', 'errors', 'latest'], 'run id: "latest" is not a UUID'],
    [['run', 'errors', RUN_ID, '--limit', '0'], '--limit: must be at least 1'],
  ])('bad input %j exits 2 and sends nothing', async (argv, message) => {
    const result = await runCli(argv);
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(2);
    expect(unmatched).toEqual([]);
  });
});
