// Monitoring: run wait (CI exit codes), run watch, dataset batches and dataset preview, against nock.

import { describe, expect, it } from 'vitest';
import { fakeClock, runCli } from '../helpers/cli.js';
import { CATALOG, FLOW, platform, useNock } from '../helpers/nock.js';

useNock();

const FLOW_ID = '2edc08ac-4df5-4fe6-936f-81a19ce92f5c';
const RUN_A = '9830305a-985f-47d0-b030-5a985fd7d004';
const RUN_B = '9830305a-985f-47d0-b030-5a985fd7d005';
const DATASET = '5c8c3c555033b814b69f947f';
const BATCH = '01EF01X41KJD82Y9ZX6ET54PCZ';

function run(id: string, status: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    flowId: FLOW_ID,
    createdAt: 1_767_225_600_000,
    metrics: {
      durationSummary: { startedAtUTC: 1_767_225_600_000, ...(status === 'inProgress' ? {} : { completedAtUTC: 1_767_225_660_000 }) },
      recordSummary: { inputRecordCount: 100, outputRecordCount: 97, failedRecordCount: 3 },
      statusSummary: { status },
    },
    ...extra,
  };
}

function runsReply(...runs: unknown[]) {
  return { items: runs, _links: {} };
}

const RUNS_QUERY = { property: `flowId==${FLOW_ID}`, orderby: '-createdAt', limit: '100' };

describe('run wait', () => {
  it('waits while the run is in progress, then exits 0 with its id on stdout', async () => {
    platform()
      .get(`${FLOW}/runs`)
      .query(RUNS_QUERY)
      .reply(200, runsReply(run(RUN_A, 'inProgress')))
      .get(`${FLOW}/runs`)
      .query(RUNS_QUERY)
      .reply(200, runsReply(run(RUN_A, 'success')));
    const result = await runCli(['run', 'wait', '--flow', FLOW_ID, '--interval', '5s'], { clock: fakeClock() });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${RUN_A}\n`);
    expect(result.sleeps).toEqual([5000]);
    expect(result.stderr).toContain(`Run ${RUN_A} success: 100 in, 97 out, 3 failed in 1m00s`);
  });

  it('exits 1 on a failed run and prints its errors', async () => {
    const failed = run(RUN_A, 'failed', {
      activities: [{ id: 'promotionActivity', statusSummary: { extensions: { errors: [{ code: 'INGEST-1212-400', message: 'Encountered 3 errors in the data.' }] } } }],
    });
    platform().get(`${FLOW}/runs`).query(RUNS_QUERY).reply(200, runsReply(failed));
    const result = await runCli(['run', 'wait', '--flow', FLOW_ID]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: run ${RUN_A} failed: 100 in, 97 out, 3 failed`);
    expect(result.stderr).toContain('promotionActivity: INGEST-1212-400 Encountered 3 errors in the data.');
  });

  it('exits 6 when the timeout comes first, saying what it was waiting for', async () => {
    platform().get(`${FLOW}/runs`).query(RUNS_QUERY).times(4).reply(200, runsReply(run(RUN_A, 'inProgress')));
    const result = await runCli(['run', 'wait', '--flow', FLOW_ID, '--timeout', '30s', '--interval', '10s'], { clock: fakeClock() });
    expect(result.code).toBe(6);
    expect(result.stderr).toContain(`error: timed out after 30s waiting for flow ${FLOW_ID}: run ${RUN_A} is inProgress`);
    expect(result.sleeps).toEqual([10_000, 10_000, 10_000]);
  });

  it('with --new ignores the runs that already existed', async () => {
    platform()
      .get(`${FLOW}/runs`)
      .query(RUNS_QUERY)
      .reply(200, runsReply(run(RUN_A, 'success')))
      .get(`${FLOW}/runs`)
      .query(RUNS_QUERY)
      .reply(200, runsReply(run(RUN_A, 'success')))
      .get(`${FLOW}/runs`)
      .query(RUNS_QUERY)
      .reply(200, runsReply({ ...run(RUN_B, 'success'), createdAt: 1_767_225_700_000, metrics: { ...run(RUN_B, 'success').metrics, durationSummary: { startedAtUTC: 1_767_225_700_000 } } }, run(RUN_A, 'success')));
    const result = await runCli(['run', 'wait', '--flow', FLOW_ID, '--new', '--json'], { clock: fakeClock() });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).id).toBe(RUN_B);
  });

  it.each([
    [['run', 'wait', '--flow', 'nope'], '--flow: "nope" is not a UUID'],
    [['run', 'wait', '--flow', FLOW_ID, '--timeout', 'soon'], '--timeout: "soon" is not a duration'],
  ])('bad input %j exits 2', async (argv, message) => {
    const result = await runCli(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});

describe('run watch', () => {
  it('prints one line per change in a pipe, and stops after --duration', async () => {
    platform()
      .get(`${FLOW}/runs`)
      .query(RUNS_QUERY)
      .reply(200, runsReply(run(RUN_A, 'inProgress')))
      .get(`${FLOW}/runs`)
      .query(RUNS_QUERY)
      .reply(200, runsReply(run(RUN_A, 'inProgress')))
      .get(`${FLOW}/runs`)
      .query(RUNS_QUERY)
      .reply(200, runsReply(run(RUN_A, 'success')));
    const result = await runCli(['run', 'watch', '--flow', FLOW_ID, '--interval', '1s', '--duration', '2s'], { clock: fakeClock() });
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(`${RUN_A}  inProgress`);
    expect(lines[1]).toContain(`${RUN_A}  success`);
  });

  it('redraws a table in place on a terminal', async () => {
    platform().get(`${FLOW}/runs`).query(RUNS_QUERY).times(2).reply(200, runsReply(run(RUN_A, 'success')));
    const result = await runCli(['run', 'watch', '--flow', FLOW_ID, '--interval', '1s', '--duration', '1s', '--no-color'], { clock: fakeClock(), tty: true });
    expect(result.stdout).toContain(`Runs of flow ${FLOW_ID} (Ctrl-C to stop)`);
    expect(result.stdout).toContain('\x1b[0J');
  });

  it('in a small window shows the latest runs that fit, says how many, and cuts lines to its width', async () => {
    const many = Array.from({ length: 12 }, (_, i) => run(`${RUN_A.slice(0, -2)}${String(i).padStart(2, '0')}`, 'success'));
    platform().get(`${FLOW}/runs`).query(RUNS_QUERY).times(2).reply(200, runsReply(...many));
    const result = await runCli(['run', 'watch', '--flow', FLOW_ID, '--interval', '1s', '--duration', '1s', '--no-color'], { clock: fakeClock(), tty: true, columns: 60, rows: 8 });
    expect(result.code).toBe(0);
    // One frame: the title, the header and 8 − 3 = 5 runs.
    const frame = result.stdout.split('\x1b[0J').pop()!.trimEnd().split('\n');
    expect(frame).toHaveLength(7);
    expect(frame[0]).toMatch(/^Runs of flow .*…$|latest 5 of 12/);
    for (const line of frame) expect(line.length, line).toBeLessThanOrEqual(60);
  });
});

describe('dataset batches and preview', () => {
  const batches = {
    [BATCH]: { status: 'success', created: 1_767_225_600_000, recordCount: 97, failedRecordCount: 3, relatedObjects: [{ type: 'dataSet', id: DATASET }] },
  };

  it('batches lists the dataset batches newest first', async () => {
    platform()
      .get(`${CATALOG}/batches`)
      .query({ limit: '50', start: '0', orderBy: 'desc:created', dataSet: DATASET })
      .reply(200, batches);
    const result = await runCli(['dataset', 'batches', DATASET]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${BATCH}\tsuccess\t2026-01-01 00:00:00Z\t97\t3\n`);
  });

  it('preview reads the newest successful batch with records and stops after --limit records', async () => {
    const records = Array.from({ length: 50 }, (_, i) => JSON.stringify({ person: { name: { fullName: `Person ${i}` } }, personalEmail: { address: `p${i}@example.com` } })).join('\n');
    platform()
      .get(`${CATALOG}/batches`)
      .query({ limit: '100', start: '0', orderBy: 'desc:created', dataSet: DATASET, status: 'success' })
      .reply(200, { '01EF01X41KJD82Y9ZX6ET54PD0': { status: 'success', created: 1_767_225_700_000, recordCount: 0 }, ...batches })
      .get(`/data/foundation/export/batches/${BATCH}/files`)
      .reply(200, { data: [{ dataSetFileId: 'file-1', isValid: true }], _page: { count: 1 } })
      .get('/data/foundation/export/files/file-1')
      .reply(200, { data: [{ name: 'part-00000.jsonl', length: String(records.length) }] })
      .get('/data/foundation/export/files/file-1')
      .query({ path: 'part-00000.jsonl' })
      .reply(200, records, { 'content-type': 'application/x-ndjson' });
    const result = await runCli(['dataset', 'preview', DATASET, '--limit', '3']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual(['Person 0\tp0@example.com', 'Person 1\tp1@example.com', 'Person 2\tp2@example.com']);
    expect(result.stderr).toContain(`3 records of batch ${BATCH}`);
  });

  it('preview of a dataset without data says so and prints nothing', async () => {
    platform()
      .get(`${CATALOG}/batches`)
      .query({ limit: '100', start: '0', orderBy: 'desc:created', dataSet: DATASET, status: 'success' })
      .reply(200, {});
    const result = await runCli(['dataset', 'preview', DATASET, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([]);
    expect(result.stderr).toContain('has no successful batch yet');
  });
});
