// flowctl run start: an on-demand run of a flow scheduled `once`, as Adobe documents it for table-based sources
// (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/on-demand-ingestion): `POST /runs` with the flow id, when to
// start, the window of rows to read, and the flow's delta column.

import { InvalidInputError, NotFoundError } from '../../platform/errors.js';
import { checkUuid } from '../../platform/ids.js';
import type { Flow, Run } from '../../platform/models/flow-service.js';
import { parseStartTime } from '../../platform/schedule.js';
import { formatTime } from '../../output/format.js';
import type { CommandContext } from '../context.js';
import { describeSchedule } from '../describe.js';
import { ExitCode } from '../exit-codes.js';
import { example } from '../options.js';
import type { GroupCommand } from '../program.js';
import type { FlagsOf, Runner } from '../runner.js';
import { coerceSchedule } from '../schedule-flags.js';

/** A 404 naming the sandbox, not the resource: not a missing flow. */
const SANDBOX_NOT_FOUND = new Set(['FLOW-2100-404', 'FLOW-2101-404']);

/**
 * The flow, or undefined once it has said that the flow does not exist (the caller exits 4). Said here rather
 * than by the generic 404 line, whose hint would point at `run list`, which cannot find a flow.
 */
export async function existingFlow(ctx: CommandContext, flowId: string): Promise<Flow | undefined> {
  try {
    return await (await ctx.client()).flowService.flows.get(flowId);
  } catch (error) {
    if (!(error instanceof NotFoundError) || SANDBOX_NOT_FOUND.has(error.code ?? '')) throw error;
    ctx.out.error(`error: flow ${flowId} does not exist in sandbox ${ctx.config.sandbox ?? ''} — check the id and the sandbox (list flows with \`flowctl flow list\`)`);
    return undefined;
  }
}

/** Epoch seconds from `now`, epoch seconds or ISO-8601 (the parser of --start-time). */
function windowTime(ctx: CommandContext, flag: string, value: string): number {
  const parsed = parseStartTime(value, () => ctx.now());
  if (typeof parsed !== 'number') throw new InvalidInputError(flag, parsed.rule);
  return parsed;
}

const when = (seconds: number) => (seconds === 0 ? 'the beginning' : (formatTime(seconds) ?? String(seconds)));

/** Where a run's window ended, epoch seconds: from its params, else from its copy activity's window (epoch ms). */
function windowEndOf(run: Run): number | undefined {
  const param = run.params?.['windowEndTime'];
  if ((typeof param === 'number' || typeof param === 'string') && /^\d+$/.test(String(param))) return Number(param);
  for (const activity of run.activities ?? []) {
    const end = (activity['durationSummary'] as { extensions?: { windowEnd?: unknown } } | undefined)?.extensions?.windowEnd;
    if (typeof end === 'number') return Math.floor(end / 1000);
  }
  return undefined;
}

async function newestRun(ctx: CommandContext, flowId: string): Promise<Run | undefined> {
  for await (const run of (await ctx.client()).flowService.runs.list({ filters: [`flowId==${flowId}`], orderBy: '-createdAt', maxItems: 1 })) return run;
  return undefined;
}

/**
 * The window's default start, so that back-to-back runs neither skip nor repeat rows: where the flow's newest run's
 * window ended; the flow's start time when that run does not say (a `once` flow's own run reads up to it); and
 * with no run at all, the beginning — every row, as a `once` flow's own first run reads the whole table.
 */
async function defaultWindowStart(ctx: CommandContext, flow: Flow): Promise<{ time: number; why: string }> {
  const latest = await newestRun(ctx, flow.id);
  if (!latest) return { time: 0, why: 'the flow has no runs yet' };
  const end = windowEndOf(latest);
  if (end !== undefined) return { time: end, why: `the end of the window of run ${latest.id}` };
  const start = Number(coerceSchedule(flow.scheduleParams)['startTime']);
  return { time: Number.isSafeInteger(start) ? start : 0, why: "the flow's start time" };
}

/** What the Platform requires of the flow, checked before sending: a `once` schedule and a delta column. */
function checkFlow(flow: Flow): string {
  const schedule = coerceSchedule(flow.scheduleParams);
  if (schedule['frequency'] !== 'once') {
    const how = describeSchedule(flow.scheduleParams) ?? 'without a schedule';
    throw new InvalidInputError(
      '--flow',
      `flow ${flow.id} runs ${how}: only flows scheduled once can be run on demand (switch it with \`flowctl flow update ${flow.id} --frequency once\`)`,
    );
  }
  const copy = flow.transformations?.find((t) => t.name === 'Copy');
  const name = (copy?.params?.['deltaColumn'] as { name?: unknown } | undefined)?.name;
  if (typeof name !== 'string' || name === '') {
    throw new InvalidInputError('--flow', `flow ${flow.id} has no delta column (transformations[Copy].params.deltaColumn.name), which an on-demand run needs`);
  }
  return name;
}

async function start(ctx: CommandContext, flags: FlagsOf<typeof defineStart>): Promise<number> {
  // Every flag is checked before anything is sent.
  const flowId = checkUuid(flags.flow, '--flow');
  const given = flags.windowStart === undefined ? undefined : windowTime(ctx, '--window-start', flags.windowStart);
  const end = windowTime(ctx, '--window-end', flags.windowEnd ?? 'now');
  if (given !== undefined && end <= given) throw new InvalidInputError('--window-end', `must be after --window-start (${when(given)}), got ${when(end)}`);

  const flow = await existingFlow(ctx, flowId);
  if (!flow) return ExitCode.NOT_FOUND;
  const deltaColumn = checkFlow(flow);
  let windowStart = given;
  if (windowStart === undefined) {
    const fallback = await defaultWindowStart(ctx, flow);
    if (end <= fallback.time) {
      throw new InvalidInputError('--window-start', `defaults to ${fallback.why} (${when(fallback.time)}), which is not before --window-end (${when(end)}): give --window-start`);
    }
    windowStart = fallback.time;
  }

  const client = await ctx.client();
  // The delta column is required on a flow's first on-demand run and fixed after it; the flow's own column is
  // never a change, so it is always sent rather than guessing which run is the first.
  const created = await client.flowService.runs.create({
    flowId,
    params: { startTime: Math.floor(ctx.now() / 1000), windowStartTime: windowStart, windowEndTime: end, deltaColumn: { name: deltaColumn } },
  });
  ctx.out.created('run', created.id, created);
  if (!ctx.dryRun) ctx.out.info(`Reading rows of flow ${flowId} changed from ${when(windowStart)} to ${when(end)}; follow it with \`flowctl run wait --flow ${flowId}\``);
  return ExitCode.OK;
}

function defineStart(runs: GroupCommand) {
  return runs
    .command('start')
    .description('Start an on-demand run of a flow scheduled once; prints the run id')
    .requiredOption('--flow <id>', 'flow id (its schedule must be --frequency once)')
    .option('--window-start <time>', "read rows changed after this: now, epoch seconds or ISO-8601 with a zone (default: where the flow's last run's window ended; every row when it has none)")
    .option('--window-end <time>', 'read rows changed up to this (default: now)')
    .addHelpText(
      'after',
      example(
        'flowctl run start --flow 2edc08ac-4df5-4fe6-936f-81a19ce92f5c',
        'flowctl run start --flow 2edc08ac-… --window-start 2026-01-01T00:00:00Z --window-end 2026-02-01T00:00:00Z',
        'flowctl run start --flow 2edc08ac-… && flowctl run wait --flow 2edc08ac-… --json',
      ),
    );
}

export function registerStart(runs: GroupCommand, run: Runner): void {
  defineStart(runs).action(run(start));
}
