import { describe, expect, it } from 'vitest';
import { PLATFORM, runCli } from '../helpers/cli.js';
import { CONVERSION, expectNothingSent, FLOW, nock, platform, trap, unmatched, useNock } from '../helpers/nock.js';

useNock();

const CRM_TO_AEP = '14518937-270c-4525-bdec-c2ba7cce3860';
const SOURCE = 'b7581b59-c603-4df1-a689-d23d7ac440f3';
const TARGET = '320f119a-5ac1-4ab1-88ea-eb19e674ea2e';
const MAPPING = '0b090130b58b4819afc78b6dc98b484d';
const NEW_MAPPING = 'c5f22f04e09f44498e528901546a83b1';
const FLOW_ID = '2edc08ac-4df5-4fe6-936f-81a19ce92f5c';
const ETAG = '"5400d99c-0000-0200-0000-60358d540000"';
const ETAG2 = '"6600aa11-0000-0200-0000-60358d550000"';
/** 2026-01-01T00:00:00Z in epoch seconds. */
const START = 1767225600;

const CREATE_ARGS = [
  'flow',
  'create',
  '--source',
  SOURCE,
  '--target',
  TARGET,
  '--mapping',
  `${MAPPING}@0`,
  '--delta-column',
  'updated_at',
  '--frequency',
  'minute',
  '--interval',
  '15',
  '--start-time',
  String(START),
  '--error-diagnostics',
  '--partial-ingestion-percent',
  '5',
];

/** The create args with some flags replaced (value undefined removes the flag, and its value if it has one). */
function createArgs(changes: Record<string, string | boolean | undefined>): string[] {
  const out: string[] = [];
  const valued = new Set(['--source', '--target', '--mapping', '--delta-column', '--frequency', '--interval', '--start-time', '--partial-ingestion-percent']);
  for (let i = 0; i < CREATE_ARGS.length; i++) {
    const arg = CREATE_ARGS[i] ?? '';
    if (arg in changes) {
      if (valued.has(arg)) i++;
      continue;
    }
    out.push(arg);
  }
  for (const [flag, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (value === true) out.push(flag);
    else if (value !== false) out.push(flag, value);
  }
  return out;
}

function expectedBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: `Dataflow ${SOURCE.slice(0, 8)} → ${TARGET.slice(0, 8)}`,
    description: 'Created by flowctl',
    flowSpec: { id: CRM_TO_AEP, version: '1.0' },
    sourceConnectionIds: [SOURCE],
    targetConnectionIds: [TARGET],
    transformations: [
      { name: 'Copy', params: { deltaColumn: { name: 'updated_at' } } },
      { name: 'Mapping', params: { mappingId: MAPPING, mappingVersion: '0' } },
    ],
    scheduleParams: { startTime: START, frequency: 'minute', interval: 15 },
    options: { errorDiagnosticsEnabled: true, partialIngestionPercent: 5 },
    ...overrides,
  };
}

/**
 * The reads `flow create` makes first to check the mapping's columns against the source's table: the mapping
 * set, the source connection and the table's columns.
 */
function tableReads(columns = ['id', 'full_name', 'email', 'updated_at'], mappings = [{ sourceType: 'text/x.schema-path', source: 'email', destination: 'personalEmail.address' }]): void {
  platform().get(new RegExp(`^${CONVERSION}/mappingSets/${MAPPING}`)).optionally().reply(200, { id: MAPPING, version: 2, mappings });
  platform()
    .get(`${FLOW}/sourceConnections/${SOURCE}`)
    .optionally()
    .reply(200, { items: [{ id: SOURCE, baseConnectionId: 'a5c3a0c8-6a33-4ee4-a2a3-5bd0f21ea4e1', params: { tableName: 'shop.customers' } }] });
  platform()
    .get(`${FLOW}/connections/a5c3a0c8-6a33-4ee4-a2a3-5bd0f21ea4e1/explore`)
    .query(true)
    .optionally()
    .reply(200, { format: 'flat', schema: { columns: columns.map((name) => ({ name, type: 'string' })) } });
}

/** Expects one POST /flows and returns a getter for the body it received. */
function expectCreate(): () => unknown {
  let sent: unknown;
  tableReads();
  platform()
    .post(`${FLOW}/flows`, (body) => ((sent = body), true))
    .matchHeader('content-type', 'application/json')
    .reply(201, { id: FLOW_ID, etag: ETAG });
  return () => sent;
}

/**
 * Catches any request to the Platform: after a bad-input run, none of these may have been hit, and nothing may
 * have gone anywhere else either (`unmatched`).
 */
function flowItem(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: FLOW_ID,
    name: 'orders-db customers',
    flowSpec: { id: CRM_TO_AEP, version: '1.0' },
    state: 'enabled',
    etag: ETAG,
    sourceConnectionIds: [SOURCE],
    targetConnectionIds: [TARGET],
    transformations: [
      { name: 'Copy', params: { deltaColumn: { name: 'updated_at' } } },
      { name: 'Mapping', params: { mappingId: MAPPING, mappingVersion: '0' } },
    ],
    scheduleParams: { startTime: START, frequency: 'minute', interval: 15, backfill: true },
    options: { errorDiagnosticsEnabled: true },
    createdAt: 1767225600000,
    ...overrides,
  };
}

describe('flow create', () => {
  it('POSTs the CRMToAEP flow with numbers and booleans in scheduleParams and options', async () => {
    const sent = expectCreate();
    const result = await runCli(CREATE_ARGS);

    expect(result.stderr).toBe(
      `✓ Created flow ${FLOW_ID} (Dataflow b7581b59 → 320f119a, every 15 minutes from 2026-01-01 00:00:00Z)\n`,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${FLOW_ID}\n`);
    expect(sent()).toEqual(expectedBody());
  });

  it('without @version reads the mapping set first and uses its current version', async () => {
    let mappingHit = false;
    platform()
      .get(`${CONVERSION}/mappingSets/${MAPPING}`)
      .reply(200, () => ((mappingHit = true), { id: MAPPING, name: 'customers', version: 3 }));
    const sent = expectCreate();

    const result = await runCli(createArgs({ '--mapping': MAPPING }));

    expect(result.stderr).toContain(`Created flow ${FLOW_ID}`);
    expect(result.code).toBe(0);
    expect(mappingHit).toBe(true);
    expect(sent()).toEqual(
      expectedBody({
        transformations: [
          { name: 'Copy', params: { deltaColumn: { name: 'updated_at' } } },
          { name: 'Mapping', params: { mappingId: MAPPING, mappingVersion: '3' } },
        ],
      }),
    );
  });

  it('fails with exit 4 and creates nothing when the mapping set does not exist', async () => {
    platform()
      .get(`${CONVERSION}/mappingSets/${MAPPING}`)
      .reply(404, { type: 'https://ns.adobe.com/aep/errors/CONV-1001-404', title: 'Not found', status: 404 });
    const result = await runCli(createArgs({ '--mapping': MAPPING }));
    expect(result.code).toBe(4);
    expect(unmatched).toEqual([]);
  });

  it('--start-time now uses the clock (rounded down to seconds)', async () => {
    const sent = expectCreate();
    const result = await runCli(createArgs({ '--start-time': 'now' }), { now: () => 1767229200_999 });
    expect(result.code).toBe(0);
    expect((sent() as { scheduleParams: unknown }).scheduleParams).toEqual({ startTime: 1767229200, frequency: 'minute', interval: 15 });
  });

  it('defaults --start-time to now', async () => {
    const sent = expectCreate();
    const result = await runCli(createArgs({ '--start-time': undefined }), { now: () => 1767229200_000 });
    expect(result.code).toBe(0);
    expect((sent() as { scheduleParams: unknown }).scheduleParams).toEqual({ startTime: 1767229200, frequency: 'minute', interval: 15 });
  });

  it.each([
    ['2026-01-01T00:00:00Z', START],
    ['2026-01-01T01:00:00+01:00', START],
    ['2026-01-01T09:30:00.250Z', START + 9 * 3600 + 1800],
    ['2026-01-02', START + 86400],
  ])('--start-time %s is read as ISO-8601', async (value, seconds) => {
    const sent = expectCreate();
    const result = await runCli(createArgs({ '--start-time': value }));
    expect(result.code).toBe(0);
    expect((sent() as { scheduleParams: { startTime: unknown } }).scheduleParams.startTime).toBe(seconds);
  });

  it('--frequency once sends neither interval nor backfill', async () => {
    const sent = expectCreate();
    const result = await runCli(createArgs({ '--frequency': 'once', '--interval': undefined }));
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('once at 2026-01-01 00:00:00Z');
    expect((sent() as { scheduleParams: unknown }).scheduleParams).toEqual({ startTime: START, frequency: 'once' });
  });

  it.each([
    ['--backfill', true],
    ['--no-backfill', false],
  ])('%s sends backfill as a boolean', async (flag, value) => {
    const sent = expectCreate();
    const result = await runCli([...CREATE_ARGS, flag]);
    expect(result.code).toBe(0);
    expect((sent() as { scheduleParams: unknown }).scheduleParams).toEqual({ startTime: START, frequency: 'minute', interval: 15, backfill: value });
  });

  it('hour/day/week accept an interval of 1', async () => {
    const sent = expectCreate();
    const result = await runCli(createArgs({ '--frequency': 'week', '--interval': '1' }));
    expect(result.code).toBe(0);
    expect((sent() as { scheduleParams: unknown }).scheduleParams).toEqual({ startTime: START, frequency: 'week', interval: 1 });
  });

  it('sends no options object when no option flag is given; date format, timezone, name and description go through', async () => {
    const sent = expectCreate();
    const result = await runCli([
      ...createArgs({ '--error-diagnostics': undefined, '--partial-ingestion-percent': undefined }),
      '--date-format',
      'yyyy-MM-dd HH:mm:ss',
      '--timezone',
      'UTC',
      '--name',
      'orders hourly',
      '--description',
      'shop.orders',
    ]);
    expect(result.code).toBe(0);
    const body = expectedBody({
      name: 'orders hourly',
      description: 'shop.orders',
      transformations: [
        { name: 'Copy', params: { deltaColumn: { name: 'updated_at', dateFormat: 'yyyy-MM-dd HH:mm:ss', timezone: 'UTC' } } },
        { name: 'Mapping', params: { mappingId: MAPPING, mappingVersion: '0' } },
      ],
    });
    delete body['options'];
    expect(sent()).toEqual(body);
  });

  it('a POST that fails with 500 is not sent again when the flow turns out to exist: it is adopted', async () => {
    const name = `Dataflow ${SOURCE.slice(0, 8)} → ${TARGET.slice(0, 8)}`;
    tableReads();
    platform()
      .post(`${FLOW}/flows`)
      .reply(500, { type: 'https://ns.adobe.com/aep/errors/FLOW-1102-500', title: 'Internal error', status: 500 })
      .get(`${FLOW}/flows`)
      .query({ property: `name=="${name}"`, limit: '100' })
      .reply(200, { items: [flowItem({ name, createdAt: 1767225600_000 + 1000 })] });
    const result = await runCli(CREATE_ARGS, { now: () => 1767225600_000 });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${FLOW_ID}\n`);
    expect(unmatched).toEqual([]);
  });

  it("a mapped column the source's table does not have exits 2 before the flow is created, with the column it likely meant", async () => {
    tableReads(['id', 'Email', 'updated_at']);
    const result = await runCli(CREATE_ARGS);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: --mapping: mapping set ${MAPPING} maps column "email" (to personalEmail.address), which shop.customers does not have; column names are case sensitive: did you mean "Email"?\n`,
    );
  });

  it('a --delta-column the table does not have exits 2, listing its columns', async () => {
    tableReads(['id', 'email', 'modified']);
    const result = await runCli(CREATE_ARGS);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: --delta-column: "updated_at" is not a column of shop.customers; its columns: id, email, modified');
  });

  it('a POST that fails with 500 is sent again when no such flow was created', async () => {
    const name = `Dataflow ${SOURCE.slice(0, 8)} → ${TARGET.slice(0, 8)}`;
    platform()
      .post(`${FLOW}/flows`)
      .reply(500, { type: 'https://ns.adobe.com/aep/errors/FLOW-1102-500', title: 'Internal error', status: 500 })
      .get(`${FLOW}/flows`)
      .query({ property: `name=="${name}"`, limit: '100' })
      .reply(200, { items: [flowItem({ name, createdAt: 1767225600_000 - 3_600_000 })] });
    const sent = expectCreate();
    const result = await runCli(CREATE_ARGS, { now: () => 1767225600_000 });
    expect(result.code).toBe(0);
    expect(result.sleeps).toHaveLength(1);
    expect(sent()).toEqual(expectedBody());
  });

  it('--json prints the Platform response', async () => {
    expectCreate();
    const result = await runCli([...CREATE_ARGS, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ id: FLOW_ID, etag: ETAG });
  });

  it.each<[string, string[], RegExp | string]>([
    ['minute with interval 14', createArgs({ '--interval': '14' }), '--interval: must be at least 15 when --frequency is minute'],
    ['hour with interval 0', createArgs({ '--frequency': 'hour', '--interval': '0' }), '--interval: must be at least 1'],
    ['once with an interval', createArgs({ '--frequency': 'once' }), '--interval: must not be set when --frequency is once'],
    ['once with --backfill', createArgs({ '--frequency': 'once', '--interval': undefined, '--backfill': true }), '--backfill: must not be set when --frequency is once'],
    ['once with --no-backfill', createArgs({ '--frequency': 'once', '--interval': undefined, '--no-backfill': true }), '--no-backfill: must not be set when --frequency is once'],
    ['minute without interval', createArgs({ '--interval': undefined }), '--interval: is required when --frequency is minute'],
    ['day without interval', createArgs({ '--frequency': 'day', '--interval': undefined }), '--interval: is required when --frequency is day'],
    ['interval 1.5', createArgs({ '--interval': '1.5' }), '--interval: must be a whole number, got "1.5"'],
    ['interval abc', createArgs({ '--interval': 'abc' }), '--interval: must be a whole number, got "abc"'],
    ['interval 1e20', createArgs({ '--interval': '1e20' }), '--interval: must be a whole number, got "1e20"'],
    ['interval 10^20 in digits', createArgs({ '--interval': '100000000000000000000' }), '--interval: must be a whole number'],
    ['negative interval', createArgs({ '--interval': '-30' }), '--interval: must be at least 1, got -30'],
    ['start time in milliseconds', createArgs({ '--start-time': '1767225600000' }), '--start-time: must be epoch seconds, not milliseconds'],
    ['start time garbage', createArgs({ '--start-time': 'tomorrow' }), '--start-time: "tomorrow" is not now, epoch seconds or an ISO-8601 date-time with a zone'],
    ['start time without a zone', createArgs({ '--start-time': '2026-01-01T09:00:00' }), '--start-time: "2026-01-01T09:00:00" is not now, epoch seconds or an ISO-8601'],
    ['start time not a date', createArgs({ '--start-time': '2026-13-45T99:00:00Z' }), '--start-time: "2026-13-45T99:00:00Z" is not now'],
    ['partial ingestion 0', createArgs({ '--partial-ingestion-percent': '0' }), '--partial-ingestion-percent: must be greater than 0, got 0'],
    ['partial ingestion 101', createArgs({ '--partial-ingestion-percent': '101' }), '--partial-ingestion-percent: must be at most 100, got 101'],
    ['partial ingestion NaN', createArgs({ '--partial-ingestion-percent': 'NaN' }), '--partial-ingestion-percent: must be a number, got "NaN"'],
    ['frequency not a choice', createArgs({ '--frequency': 'hourly' }), /option '--frequency <frequency>' argument 'hourly' is invalid\. Allowed choices are once, minute, hour, day, week/],
    ['frequency missing', createArgs({ '--frequency': undefined }), "required option '--frequency <frequency>' not specified"],
    ['delta column missing', createArgs({ '--delta-column': undefined }), "required option '--delta-column <name>' not specified"],
    ['delta column blank', createArgs({ '--delta-column': ' ' }), '--delta-column: must not be empty'],
    ['source not a UUID', createArgs({ '--source': 'b7581b59' }), '--source: "b7581b59" is not a UUID'],
    ['target not a UUID', createArgs({ '--target': `${TARGET}x` }), `--target: "${TARGET}x" is not a UUID`],
    ['flow spec not a UUID', [...CREATE_ARGS, '--flow-spec', 'CRMToAEP'], '--flow-spec: "CRMToAEP" is not a UUID'],
    ['mapping id not 32 hex', createArgs({ '--mapping': 'not-a-mapping' }), '--mapping: "not-a-mapping" is not a mapping set id (32 hex characters)'],
    ['mapping version not a number', createArgs({ '--mapping': `${MAPPING}@x` }), /--mapping( version)?: .*"x".*whole number|--mapping( version)?: .*whole number.*"x"/],
    ['mapping version negative', createArgs({ '--mapping': `${MAPPING}@-1` }), /--mapping( version)?: .*(-1.*whole number|at least 0, got -1)/],
    ['mapping with two versions', createArgs({ '--mapping': `${MAPPING}@1@2` }), `--mapping: "${MAPPING}@1@2" must be ID or ID@VERSION`],
  ])('%s exits 2, names the flag and the rule, and sends nothing', async (_case, argv, message) => {
    const scope = trap();
    const result = await runCli(argv);
    if (typeof message === 'string') expect(result.stderr).toContain(message);
    else expect(result.stderr).toMatch(message);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expectNothingSent(scope);
  });
});

describe('flow get', () => {
  it('shows the flow with its schedule in words', async () => {
    platform()
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .reply(200, { items: [flowItem({ lastRunDetails: { state: 'success', startedAtUTC: 1767229200000 } })] });
    const result = await runCli(['flow', 'get', FLOW_ID]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines).toContain('Schedule:     every 15 minutes from 2026-01-01 00:00:00Z');
    expect(lines).toContain(`Id:           ${FLOW_ID}`);
    expect(lines).toContain('State:        enabled');
    expect(lines).toContain('Delta column: updated_at');
    expect(lines).toContain(`Mapping:      ${MAPPING}@0`);
    expect(lines).toContain('Last run:     success 2026-01-01 01:00:00Z');
    expect(lines).toContain(`Etag:         ${ETAG}`);
  });

  it.each([
    [{ startTime: String(START), frequency: 'minute', interval: '15', backfill: 'true' }, 'every 15 minutes from 2026-01-01 00:00:00Z'],
    [{ startTime: String(START), frequency: 'hour', interval: '1', backfill: 'false' }, 'every hour from 2026-01-01 00:00:00Z, no backfill'],
    [{ startTime: START, frequency: 'day', interval: 2, backfill: false }, 'every 2 days from 2026-01-01 00:00:00Z, no backfill'],
    [{ startTime: String(START), frequency: 'once' }, 'once at 2026-01-01 00:00:00Z'],
  ])('reads scheduleParams %j as the Platform may echo them', async (scheduleParams, schedule) => {
    platform()
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .reply(200, { items: [flowItem({ scheduleParams })] });
    const result = await runCli(['flow', 'get', FLOW_ID]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Schedule:     ${schedule}\n`);
  });

  it('--json prints the flow as the Platform returned it', async () => {
    const item = flowItem({ scheduleParams: { startTime: String(START), frequency: 'minute', interval: '15', backfill: 'true' } });
    platform().get(`${FLOW}/flows/${FLOW_ID}`).reply(200, { items: [item] });
    const result = await runCli(['flow', 'get', FLOW_ID, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(item);
  });

  it('a flow id that is not a UUID exits 2 and sends nothing', async () => {
    const scope = trap();
    const result = await runCli(['flow', 'get', 'my-flow']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('flow id: "my-flow" is not a UUID');
    expectNothingSent(scope);
  });
});

describe('flow list', () => {
  it('filters by state and source connection', async () => {
    const second = '3edc08ac-4df5-4fe6-936f-81a19ce92f5c';
    platform()
      .get(`${FLOW}/flows`)
      .query({ property: ['state==enabled', `sourceConnectionIds[]==${SOURCE}`], limit: '50' })
      .reply(200, {
        items: [
          flowItem({ lastRunDetails: { state: 'failed' } }),
          flowItem({ id: second, name: 'second', scheduleParams: { startTime: String(START), frequency: 'hour', interval: '2', backfill: 'true' } }),
        ],
        _links: {},
      });
    const result = await runCli(['flow', 'list', '--state', 'enabled', '--source', SOURCE]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        `${FLOW_ID}\torders-db customers\tenabled\tevery 15 minutes from 2026-01-01 00:00:00Z\tfailed`,
        `${second}\tsecond\tenabled\tevery 2 hours from 2026-01-01 00:00:00Z\t-`,
        '',
      ].join('\n'),
    );
  });

  it('on a narrow terminal every line fits its width: names and schedules are cut with …, ids stay whole', async () => {
    platform()
      .get(`${FLOW}/flows`)
      .query({ limit: '50' })
      .reply(200, { items: [flowItem({ name: 'orders-db customers, the nightly load of every customer of the shop' })], _links: {} });
    const result = await runCli(['flow', 'list'], { tty: true, columns: 90, env: { NO_COLOR: '1' } });
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(90);
    expect(lines[1]).toContain(FLOW_ID);
    expect(lines[1]).toMatch(/ {2}orders-db cust\S*… {2}enabled {2}every 15 minut\S*…/);
  });

  it('without filters sends no property; --state must be enabled or disabled', async () => {
    platform().get(`${FLOW}/flows`).query({ limit: '50' }).reply(200, { items: [] });
    const empty = await runCli(['flow', 'list']);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toContain('No results.');

    const scope = trap();
    const bad = await runCli(['flow', 'list', '--state', 'paused']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("argument 'paused' is invalid. Allowed choices are enabled, disabled");
    const badSource = await runCli(['flow', 'list', '--source', 'nope']);
    expect(badSource.code).toBe(2);
    expect(badSource.stderr).toContain('--source: "nope" is not a UUID');
    expectNothingSent(scope);
  });
});

describe('flow enable/disable/delete', () => {
  it.each(['enable', 'disable'] as const)('%s POSTs /flows/ID/action?op=%s', async (op) => {
    let path = '';
    platform()
      .post(`${FLOW}/flows/${FLOW_ID}/action`)
      .query({ op })
      .reply(200, function () {
        path = this.req.path;
        return { id: FLOW_ID, etag: ETAG2 };
      });
    const result = await runCli(['flow', op, FLOW_ID]);
    expect(result.code).toBe(0);
    expect(path).toBe(`${FLOW}/flows/${FLOW_ID}/action?op=${op}`);
    expect(result.stderr).toBe(`✓ ${op === 'enable' ? 'Enabled' : 'Disabled'} flow ${FLOW_ID}\n`);
    expect(result.stdout).toBe('');
  });

  it('disabling a disabled flow (FLOW-1422-400) exits 1 with the explanation', async () => {
    platform()
      .post(`${FLOW}/flows/${FLOW_ID}/action`)
      .query({ op: 'disable' })
      .reply(400, { type: 'https://ns.adobe.com/aep/errors/FLOW-1422-400', title: 'Invalid request', status: 400 });
    const result = await runCli(['flow', 'disable', FLOW_ID]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('[FLOW-1422-400] — the flow is already in that state');
  });

  it('delete answers 204 and reports it; --json says what was deleted', async () => {
    platform().delete(`${FLOW}/flows/${FLOW_ID}`).times(2).reply(204);
    const human = await runCli(['flow', 'delete', FLOW_ID]);
    expect(human.code).toBe(0);
    expect(human.stderr).toBe(`✓ Deleted flow ${FLOW_ID}\n`);
    expect(human.stdout).toBe('');
    const json = await runCli(['flow', 'delete', FLOW_ID, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ id: FLOW_ID, deleted: true });
  });

  it('delete of an unknown flow exits 4', async () => {
    platform()
      .delete(`${FLOW}/flows/${FLOW_ID}`)
      .reply(404, { type: 'https://ns.adobe.com/aep/errors/FLOW-1439-404', title: 'Resource not found', status: 404 });
    const result = await runCli(['flow', 'delete', FLOW_ID]);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('404 Resource not found [FLOW-1439-404]');
  });
});

describe('flow update', () => {
  /** Expects a PATCH of the flow with this If-Match; returns a getter for the JSON Patch it received. */
  function expectPatch(etag: string, reply: [number, Record<string, unknown>] = [200, { id: FLOW_ID, etag: ETAG2 }]): () => unknown {
    let sent: unknown;
    platform()
      .patch(`${FLOW}/flows/${FLOW_ID}`, (body) => ((sent = body), true))
      .matchHeader('if-match', etag)
      .matchHeader('content-type', 'application/json')
      .reply(reply[0], reply[1]);
    return () => sent;
  }

  const STALE = { type: 'https://ns.adobe.com/aep/errors/FLOW-1404-412', title: 'Version not matching', status: 412 };

  it('GETs the flow, then PATCHes only the changed schedule fields with If-Match = the etag verbatim', async () => {
    platform().get(`${FLOW}/flows/${FLOW_ID}`).reply(200, { items: [flowItem()] });
    const sent = expectPatch(ETAG);
    const result = await runCli(['flow', 'update', FLOW_ID, '--frequency', 'hour', '--interval', '2']);
    expect(result.stderr).toBe(`✓ Updated flow ${FLOW_ID}\n  schedule: every 15 minutes → every 2 hours\n`);
    expect(result.code).toBe(0);
    expect(sent()).toEqual([
      { op: 'replace', path: '/scheduleParams/frequency', value: 'hour' },
      { op: 'replace', path: '/scheduleParams/interval', value: 2 },
    ]);
  });

  it('compares against string scheduleParams as numbers: only what really changes is sent', async () => {
    platform()
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .reply(200, { items: [flowItem({ scheduleParams: { startTime: String(START), frequency: 'minute', interval: '15', backfill: 'true' } })] });
    const sent = expectPatch(ETAG);
    const result = await runCli(['flow', 'update', FLOW_ID, '--interval', '30', '--backfill']);
    expect(result.code).toBe(0);
    expect(sent()).toEqual([{ op: 'replace', path: '/scheduleParams/interval', value: 30 }]);
  });

  it('--start-time now uses the clock', async () => {
    platform().get(`${FLOW}/flows/${FLOW_ID}`).reply(200, { items: [flowItem()] });
    const sent = expectPatch(ETAG);
    const result = await runCli(['flow', 'update', FLOW_ID, '--start-time', 'now'], { now: () => 1767312000_400 });
    expect(result.code).toBe(0);
    expect(sent()).toEqual([{ op: 'replace', path: '/scheduleParams/startTime', value: 1767312000 }]);
  });

  it('--json prints the PATCH response', async () => {
    platform().get(`${FLOW}/flows/${FLOW_ID}`).reply(200, { items: [flowItem()] });
    expectPatch(ETAG);
    const result = await runCli(['flow', 'update', FLOW_ID, '--no-backfill', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ id: FLOW_ID, etag: ETAG2, changed: true, changes: [{ field: 'backfill', from: true, to: false }] });
    expect(result.stderr).toContain('  backfill: on → off\n');
  });

  it('--frequency once removes interval and backfill', async () => {
    platform().get(`${FLOW}/flows/${FLOW_ID}`).reply(200, { items: [flowItem()] });
    const sent = expectPatch(ETAG);
    const result = await runCli(['flow', 'update', FLOW_ID, '--frequency', 'once']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('  schedule: every 15 minutes → once\n');
    expect(result.stderr).not.toContain('backfill:');
    expect(sent()).toEqual([
      { op: 'replace', path: '/scheduleParams/frequency', value: 'once' },
      { op: 'remove', path: '/scheduleParams/interval' },
      { op: 'remove', path: '/scheduleParams/backfill' },
    ]);
  });

  it('--mapping M@3 replaces the Mapping transformation at its index', async () => {
    platform().get(`${FLOW}/flows/${FLOW_ID}`).reply(200, { items: [flowItem()] });
    const sent = expectPatch(ETAG);
    const result = await runCli(['flow', 'update', FLOW_ID, '--mapping', `${NEW_MAPPING}@3`]);
    expect(result.code).toBe(0);
    expect(sent()).toEqual([
      { op: 'replace', path: '/transformations/1', value: { name: 'Mapping', params: { mappingId: NEW_MAPPING, mappingVersion: '3' } } },
    ]);
  });

  it('--mapping finds the Mapping entry wherever it is, and without @version uses the latest', async () => {
    platform()
      .get(`${CONVERSION}/mappingSets/${NEW_MAPPING}`)
      .reply(200, { id: NEW_MAPPING, version: 7 })
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .reply(200, {
        items: [
          flowItem({
            transformations: [
              { name: 'Mapping', params: { mappingId: MAPPING, mappingVersion: '0' } },
              { name: 'Copy', params: { deltaColumn: { name: 'updated_at' } } },
            ],
          }),
        ],
      });
    const sent = expectPatch(ETAG);
    const result = await runCli(['flow', 'update', FLOW_ID, '--mapping', NEW_MAPPING]);
    expect(result.code).toBe(0);
    expect(sent()).toEqual([
      { op: 'replace', path: '/transformations/0', value: { name: 'Mapping', params: { mappingId: NEW_MAPPING, mappingVersion: '7' } } },
    ]);
  });

  it('name and options are patched; options keep what the flow already had', async () => {
    platform().get(`${FLOW}/flows/${FLOW_ID}`).reply(200, { items: [flowItem()] });
    const sent = expectPatch(ETAG);
    const result = await runCli(['flow', 'update', FLOW_ID, '--name', 'renamed', '--partial-ingestion-percent', '10']);
    expect(result.code).toBe(0);
    expect(sent()).toEqual([
      { op: 'replace', path: '/name', value: 'renamed' },
      { op: 'replace', path: '/options', value: { errorDiagnosticsEnabled: true, partialIngestionPercent: 10 } },
    ]);
  });

  it('on 412 (FLOW-1404-412) reads the flow again and re-PATCHes once with the new etag', async () => {
    platform()
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .reply(200, { items: [flowItem()] })
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .reply(200, { items: [flowItem({ etag: ETAG2, scheduleParams: { startTime: START, frequency: 'hour', interval: 6, backfill: true } })] });
    const first = expectPatch(ETAG, [412, STALE]);
    const second = expectPatch(ETAG2, [200, { id: FLOW_ID, etag: '"third"' }]);
    const result = await runCli(['flow', 'update', FLOW_ID, '--frequency', 'hour', '--interval', '2']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('The flow changed since it was read: reading it again.');
    expect(result.stderr).toContain(`✓ Updated flow ${FLOW_ID}\n  schedule: every 6 hours → every 2 hours\n`);
    expect(first()).toEqual([
      { op: 'replace', path: '/scheduleParams/frequency', value: 'hour' },
      { op: 'replace', path: '/scheduleParams/interval', value: 2 },
    ]);
    // Recomputed against the flow as it now is: the frequency is already hour.
    expect(second()).toEqual([{ op: 'replace', path: '/scheduleParams/interval', value: 2 }]);
  });

  it('a second 412 exits 1 and does not try a third time', async () => {
    platform()
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .reply(200, { items: [flowItem()] })
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .reply(200, { items: [flowItem({ etag: ETAG2 })] });
    expectPatch(ETAG, [412, STALE]);
    expectPatch(ETAG2, [412, STALE]);
    const result = await runCli(['flow', 'update', FLOW_ID, '--frequency', 'hour', '--interval', '2']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('412 Version not matching [FLOW-1404-412]');
    expect(unmatched).toEqual([]);
  });

  it('with no change flag exits 2 and sends nothing', async () => {
    const scope = trap();
    const result = await runCli(['flow', 'update', FLOW_ID]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('flow update: nothing to change');
    expectNothingSent(scope);
  });

  it.each<[string, string[], RegExp]>([
    ['interval 14 on a minute flow', ['--interval', '14'], /--interval: must be at least 15 when --frequency is minute/],
    ['bad mapping', ['--mapping', `${NEW_MAPPING}@x`], /--mapping( version)?: .*"x".*whole number|--mapping( version)?: .*whole number.*"x"/],
    ['bad start time', ['--start-time', 'soon'], /--start-time: "soon" is not now/],
  ])('%s exits 2 and PATCHes nothing', async (_case, flags, message) => {
    platform().get(`${FLOW}/flows/${FLOW_ID}`).optionally().reply(200, { items: [flowItem()] });
    const result = await runCli(['flow', 'update', FLOW_ID, ...flags]);
    expect(result.stderr).toMatch(message);
    expect(result.code).toBe(2);
    expect(unmatched).toEqual([]);
  });

  it('sends no PATCH when the flow already has the requested values', async () => {
    platform()
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .reply(200, { items: [flowItem({ scheduleParams: { startTime: String(START), frequency: 'hour', interval: '2', backfill: 'true' } })] });
    const result = await runCli(['flow', 'update', FLOW_ID, '--frequency', 'hour', '--interval', '2', '--backfill']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`Flow ${FLOW_ID} already has these settings: nothing sent.`);
    expect(unmatched).toEqual([]);
  });

  it.each<[string, string[]]>([
    ['the same name', ['--name', 'orders-db customers']],
    ['the same options', ['--error-diagnostics']],
    ['the same mapping and version', ['--mapping', `${MAPPING}@0`]],
  ])('sends no PATCH for %s', async (_case, flags) => {
    platform().get(`${FLOW}/flows/${FLOW_ID}`).reply(200, { items: [flowItem()] });
    let patched: unknown;
    nock(PLATFORM)
      .patch(`${FLOW}/flows/${FLOW_ID}`, (body) => ((patched = body), true))
      .optionally()
      .reply(200, { id: FLOW_ID, etag: ETAG2 });
    const result = await runCli(['flow', 'update', FLOW_ID, ...flags]);
    expect(patched, 'no PATCH was sent').toBeUndefined();
    expect(result.stderr).toContain(`Flow ${FLOW_ID} already has these settings: nothing sent.`);
    expect(result.code).toBe(0);
  });
});

describe('flow update: a new frequency needs its interval, and the schedule change is said in words', () => {
  /** The flow as it is (every 15 minutes), and a recorder of any PATCH sent. */
  function flowAndPatch(schedule?: Record<string, unknown>): () => unknown {
    platform()
      .get(`${FLOW}/flows/${FLOW_ID}`)
      .reply(200, { items: [flowItem(schedule && { scheduleParams: schedule })] });
    let patched: unknown;
    nock(PLATFORM)
      .patch(`${FLOW}/flows/${FLOW_ID}`, (body) => ((patched = body), true))
      .optionally()
      .reply(200, { id: FLOW_ID, etag: ETAG2 });
    return () => patched;
  }

  it('--frequency hour without --interval on a 15-minute flow exits 2, says why in one line, and PATCHes nothing', async () => {
    const patched = flowAndPatch();
    const result = await runCli(['flow', 'update', FLOW_ID, '--frequency', 'hour']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: --interval: is required when --frequency changes: interval 15 would then mean every 15 hours, not every 15 minutes\n');
    expect(patched(), 'no PATCH was sent').toBeUndefined();
    expect(unmatched).toEqual([]);
  });

  it('from once to a periodic frequency, --interval is asked for too', async () => {
    const patched = flowAndPatch({ startTime: START, frequency: 'once' });
    const result = await runCli(['flow', 'update', FLOW_ID, '--frequency', 'day']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: --interval: is required when --frequency changes from once to day\n');
    expect(patched()).toBeUndefined();
  });

  it('--frequency hour --interval 1 is sent and described old → new, on stderr and in --json', async () => {
    const patched = flowAndPatch();
    const result = await runCli(['flow', 'update', FLOW_ID, '--frequency', 'hour', '--interval', '1', '--json']);
    expect(result.code).toBe(0);
    expect(patched()).toEqual([
      { op: 'replace', path: '/scheduleParams/frequency', value: 'hour' },
      { op: 'replace', path: '/scheduleParams/interval', value: 1 },
    ]);
    expect(result.stderr).toBe(`✓ Updated flow ${FLOW_ID}\n  schedule: every 15 minutes → every 1 hour\n`);
    expect(JSON.parse(result.stdout)).toEqual({
      id: FLOW_ID,
      etag: ETAG2,
      changed: true,
      changes: [
        { field: 'frequency', from: 'minute', to: 'hour' },
        { field: 'interval', from: 15, to: 1 },
      ],
    });
  });

  it('several changes read in words, old → new, one a line: no JSON pointer on stderr; --json unchanged', async () => {
    const patched = flowAndPatch();
    const argv = ['flow', 'update', FLOW_ID, '--name', 'orders v2', '--interval', '30', '--partial-ingestion-percent', '5'];
    const result = await runCli(argv);
    expect(result.code).toBe(0);
    expect(patched()).toEqual([
      { op: 'replace', path: '/name', value: 'orders v2' },
      { op: 'replace', path: '/scheduleParams/interval', value: 30 },
      { op: 'replace', path: '/options', value: { errorDiagnosticsEnabled: true, partialIngestionPercent: 5 } },
    ]);
    expect(result.stderr).toBe(
      [
        `✓ Updated flow ${FLOW_ID}`,
        '  name: "orders-db customers" → "orders v2"',
        '  schedule: every 15 minutes → every 30 minutes',
        '  partial ingestion: (none) → 5 %',
        '',
      ].join('\n'),
    );
    expect(result.stderr).not.toMatch(/\/(name|scheduleParams|options)/);

    flowAndPatch();
    const json = await runCli([...argv, '--json']);
    expect(JSON.parse(json.stdout)).toEqual({
      id: FLOW_ID,
      etag: ETAG2,
      changed: true,
      changes: [
        { field: 'name', from: 'orders-db customers', to: 'orders v2' },
        { field: 'interval', from: 15, to: 30 },
        { field: 'options', from: { errorDiagnosticsEnabled: true }, to: { errorDiagnosticsEnabled: true, partialIngestionPercent: 5 } },
      ],
    });
  });

  it('--interval alone keeps the frequency', async () => {
    const patched = flowAndPatch();
    const result = await runCli(['flow', 'update', FLOW_ID, '--interval', '30']);
    expect(result.code).toBe(0);
    expect(patched()).toEqual([{ op: 'replace', path: '/scheduleParams/interval', value: 30 }]);
    expect(result.stderr).toContain('  schedule: every 15 minutes → every 30 minutes\n');
  });

  it('a new start time and backfill are described with the schedule', async () => {
    const patched = flowAndPatch();
    const result = await runCli(['flow', 'update', FLOW_ID, '--frequency', 'day', '--interval', '1', '--start-time', '2026-02-01T00:00:00Z', '--no-backfill']);
    expect(result.code).toBe(0);
    expect(patched()).toHaveLength(4);
    expect(result.stderr.split('\n').slice(1)).toEqual([
      '  schedule: every 15 minutes → every 1 day',
      '  start time: 2026-01-01 00:00:00Z → 2026-02-01 00:00:00Z',
      '  backfill: on → off',
      '',
    ]);
  });

  it.each<[string, string[]]>([
    ['the same frequency and interval', ['--frequency', 'minute', '--interval', '15']],
    ['the same frequency alone (it does not change, so no interval is needed)', ['--frequency', 'minute']],
  ])('%s: nothing changes, nothing is sent, and it says so', async (_case, flags) => {
    const patched = flowAndPatch();
    const result = await runCli(['flow', 'update', FLOW_ID, ...flags, '--json']);
    expect(result.code).toBe(0);
    expect(patched()).toBeUndefined();
    expect(result.stderr).toBe(`Flow ${FLOW_ID} already has these settings: nothing sent.\n`);
    expect(JSON.parse(result.stdout)).toEqual({ id: FLOW_ID, etag: ETAG, changed: false, changes: [] });
  });

  it('--dry-run says what the schedule would become and sends no PATCH', async () => {
    const patched = flowAndPatch();
    const result = await runCli(['flow', 'update', FLOW_ID, '--frequency', 'hour', '--interval', '2', '--dry-run']);
    expect(result.code).toBe(0);
    expect(patched()).toBeUndefined();
    expect(result.stderr).toContain(`Flow ${FLOW_ID} would change:\n  schedule: every 15 minutes → every 2 hours\n`);
    expect(result.stdout).toContain(`PATCH ${PLATFORM}${FLOW}/flows/${FLOW_ID}`);
  });
});
