// flowctl run list | get | wait | watch, and start (run-start.ts) | errors (run-errors.ts)
// Runs of a dataflow, with their status and record counts (https://experienceleague.adobe.com/en/docs/experience-platform/dataflows/api/monitor).

import { checkUuid } from '../../platform/ids.js';
import type { Run } from '../../platform/models/flow-service.js';
import { formatTime } from '../../output/format.js';
import { truncate } from '../../output/fit.js';
import { formatTable } from '../../output/table.js';
import type { CommandContext } from '../context.js';
import { runDuration, runOutcome, runRecords, runStarted, runStatus } from '../describe.js';
import { parseDuration } from '../duration.js';
import { ExitCode } from '../exit-codes.js';
import { ALL_HELP, example, LIMIT_HELP, maxItems, take } from '../options.js';
import type { GroupCommand, Program } from '../program.js';
import type { FlagsOf, Runner } from '../runner.js';
import { addGet, type ResourceKind } from '../resource-commands.js';
import { registerErrors } from './run-errors.js';
import { existingFlow, registerStart } from './run-start.js';

interface RunError {
  where: string;
  code: string | undefined;
  message: string | undefined;
}

/** Errors of the run and of each activity, where the Platform puts the useful ones. */
export function runErrors(run: Run): RunError[] {
  const errors: RunError[] = (run.metrics?.statusSummary?.errors ?? []).map((e) => ({ where: 'run', code: e.code, message: e.message }));
  for (const activity of run.activities ?? []) {
    const summary = activity['statusSummary'] as { errors?: unknown; extensions?: { errors?: unknown } } | undefined;
    const list = [summary?.errors, summary?.extensions?.errors].flatMap((l) => (Array.isArray(l) ? l : []));
    for (const e of list as { code?: string; message?: string }[]) errors.push({ where: activity.id ?? 'activity', code: e.code, message: e.message });
  }
  // The Platform repeats a run's errors in the activity that raised them: show each once.
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.code ?? ''}\u0000${e.message ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** How many of a flow's newest runs `wait` and `watch` look at: one page. */
const RECENT_RUNS = 100;

/**
 * The flow's newest runs, newest first. The Platform sorts (`orderby=-createdAt`): sorting here would only order
 * the page it sent, which for a flow with many runs holds its oldest ones.
 */
async function runsOf(ctx: CommandContext, flowId: string, maxItems = RECENT_RUNS): Promise<Run[]> {
  return take((await ctx.client()).flowService.runs.list({ filters: [`flowId==${flowId}`], orderBy: '-createdAt', maxItems }));
}

/**
 * The flow's runs for a first look; undefined (said so) when the flow does not exist. Only an empty list asks for
 * the flow: a flow with runs exists, so the usual case costs no extra request.
 */
async function firstRuns(ctx: CommandContext, flowId: string, maxItems = RECENT_RUNS): Promise<Run[] | undefined> {
  const runs = await runsOf(ctx, flowId, maxItems);
  if (runs.length === 0 && !(await existingFlow(ctx, flowId))) return undefined;
  return runs;
}

function sleep(ctx: CommandContext, ms: number): Promise<void> {
  return ctx.io.sleep ? ctx.io.sleep(ms) : new Promise((resolve) => setTimeout(resolve, ms));
}

function printErrors(ctx: CommandContext, run: Run): void {
  for (const e of runErrors(run)) ctx.out.error(`  ${e.where}: ${[e.code, e.message].filter(Boolean).join(' ')}`);
}

/**
 * Waits until the flow's latest run (or, with --new, a run that did not exist yet) finishes. For CI: exit 0 on
 * success, 1 on failure with the run's errors, 6 when the timeout comes first.
 */
async function wait(ctx: CommandContext, flags: FlagsOf<typeof defineWait>): Promise<number> {
  const flowId = checkUuid(flags.flow, '--flow');
  const timeout = parseDuration('--timeout', flags.timeout);
  const interval = Math.max(100, parseDuration('--interval', flags.interval));
  const deadline = ctx.now() + timeout;
  let runs = await firstRuns(ctx, flowId);
  if (!runs) return ExitCode.NOT_FOUND;
  // Run ids that existed before: `--new` ignores them (comparing ids avoids trusting two clocks).
  const before = new Set(flags.new ? runs.map((r) => r.id) : []);
  let last = '';
  for (;; runs = await runsOf(ctx, flowId)) {
    const current = runs.find((r) => !before.has(r.id));
    if (current && runOutcome(current) !== 'pending') {
      const summary = `run ${current.id} ${runStatus(current)}: ${runRecords(current)}${runDuration(current) ? ` in ${runDuration(current)}` : ''}`;
      ctx.out.result(current, () => `${current.id}\n`);
      if (runOutcome(current) === 'success') {
        ctx.out.success(summary.replace(/^run/, 'Run'));
        return ExitCode.OK;
      }
      ctx.out.error(`error: ${summary}`);
      printErrors(ctx, current);
      return ExitCode.FAILURE;
    }
    const state = current ? `run ${current.id} is ${runStatus(current) ?? 'pending'}` : 'no run yet';
    if (ctx.now() >= deadline) {
      ctx.out.error(`error: timed out after ${flags.timeout} waiting for flow ${flowId}: ${state}`);
      return ExitCode.TIMEOUT;
    }
    if (state !== last && !ctx.out.stdoutIsTTY) ctx.out.info(`Waiting: ${state}…`);
    last = state;
    await sleep(ctx, Math.min(interval, Math.max(0, deadline - ctx.now())));
  }
}

function runLine(run: Run): string {
  return [run.id, runStatus(run) ?? '-', formatTime(runStarted(run)) ?? '-', runDuration(run) ?? '-', runRecords(run)].join('  ');
}

/** Follows the flow's runs: a live table on a terminal, one line (or JSON object) per change elsewhere. */
async function watch(ctx: CommandContext, flags: FlagsOf<typeof defineWatch>): Promise<number> {
  const flowId = checkUuid(flags.flow, '--flow');
  const interval = Math.max(100, parseDuration('--interval', flags.interval));
  const until = flags.duration === undefined ? Infinity : ctx.now() + parseDuration('--duration', flags.duration);
  let runs = await firstRuns(ctx, flowId);
  if (!runs) return ExitCode.NOT_FOUND;
  const live = ctx.out.stdoutIsTTY && !ctx.out.json;
  const seen = new Map<string, string>();
  let drawn = 0;
  let stopped = false;
  const stop = () => (stopped = true);
  process.once('SIGINT', stop);
  try {
    for (; !stopped; runs = await runsOf(ctx, flowId)) {
      if (live) {
        // As many of the latest runs as the window holds under the title and the header (so that a redraw never
        // scrolls), at most 20; the title says how many are left out.
        const shown = runs.slice(0, Math.max(1, Math.min(20, (ctx.io.stdout.rows ?? 24) - 3)));
        const table = formatTable(
          shown,
          [
            { header: 'run', value: (r) => r.id },
            { header: 'status', value: (r) => runStatus(r) },
            { header: 'started', value: (r) => formatTime(runStarted(r)) },
            { header: 'duration', value: (r) => runDuration(r) },
            { header: 'records', value: (r) => runRecords(r) },
          ],
          // Cut to the window, so that a redraw overwrites exactly the lines it wrote.
          ctx.out.tableLayout || true,
          ctx.out.style.bold,
        );
        const more = runs.length > shown.length ? `, latest ${shown.length} of ${runs.length}` : '';
        const title = truncate(`Runs of flow ${flowId} (Ctrl-C to stop${more})`, ctx.io.stdout.columns || Infinity);
        const text = `${title}\n${runs.length === 0 ? 'No runs yet.\n' : table}`;
        // Redraw in place: up over what was drawn last time, clear to the end, draw again.
        ctx.io.stdout.write(`${drawn > 0 ? `\x1b[${drawn}A\x1b[0J` : ''}${text}`);
        drawn = text.split('\n').length - 1;
      } else {
        for (const r of [...runs].reverse()) {
          const line = runLine(r);
          if (seen.get(r.id) === line) continue;
          seen.set(r.id, line);
          if (ctx.out.json) ctx.io.stdout.write(`${JSON.stringify({ time: new Date(ctx.now()).toISOString(), run: r })}\n`);
          else ctx.io.stdout.write(`${formatTime(ctx.now())}  ${line}\n`);
        }
      }
      if (ctx.now() >= until) break;
      await sleep(ctx, Math.min(interval, Math.max(0, until - ctx.now())));
    }
  } finally {
    process.off('SIGINT', stop);
  }
  return ExitCode.OK;
}

function defineWait(runs: GroupCommand) {
  return runs
    .command('wait')
    .description('Wait for the latest run of a flow to finish: exit 0 on success, 1 on failure, 6 on timeout')
    .requiredOption('--flow <id>', 'flow id')
    .option('--timeout <duration>', 'give up after this long (e.g. 90s, 15m, 1h)', '30m')
    .option('--interval <duration>', 'time between checks', '2s')
    .option('--new', 'wait for a run that starts after this command, not one that already exists')
    .addHelpText('after', example('flowctl run wait --flow 2edc08ac-4df5-4fe6-936f-81a19ce92f5c --timeout 20m', 'flowctl run wait --flow 2edc08ac-… --new --json | jq .metrics.recordSummary'));
}

function defineWatch(runs: GroupCommand) {
  return runs
    .command('watch')
    .description('Follow the runs of a flow as they happen (a live table on a terminal, a line per change elsewhere)')
    .requiredOption('--flow <id>', 'flow id')
    .option('--interval <duration>', 'time between checks', '2s')
    .option('--duration <duration>', 'stop after this long (default: until Ctrl-C)')
    .addHelpText('after', example('flowctl run watch --flow 2edc08ac-4df5-4fe6-936f-81a19ce92f5c', 'flowctl run watch --flow 2edc08ac-… --json > runs.ndjson'));
}

const RUN: ResourceKind = { noun: 'run', checkId: checkUuid, exampleId: '9830305a-985f-47d0-b030-5a985fd7d004' };

export function register(program: Program, run: Runner): void {
  const runs = program.command('run').description('Runs of a dataflow and their metrics');

  runs
    .command('list')
    .description('List the runs of a dataflow, newest first')
    .requiredOption('--flow <id>', 'flow id')
    .option('--limit <n>', LIMIT_HELP)
    .option('--all', ALL_HELP)
    .addHelpText('after', example('flowctl run list --flow 2edc08ac-4df5-4fe6-936f-81a19ce92f5c'))
    .action(
      run(async (ctx, flags) => {
        const flowId = checkUuid(flags.flow, '--flow');
        const items = await firstRuns(ctx, flowId, maxItems(flags));
        if (!items) return ExitCode.NOT_FOUND;
        ctx.out.table(items, [
          { header: 'id', value: (r) => r.id },
          { header: 'status', value: (r) => runStatus(r) },
          { header: 'started', value: (r) => formatTime(runStarted(r)) },
          { header: 'duration', value: (r) => runDuration(r) },
          { header: 'in', value: (r) => r.metrics?.recordSummary?.inputRecordCount },
          { header: 'out', value: (r) => r.metrics?.recordSummary?.outputRecordCount },
          { header: 'failed', value: (r) => r.metrics?.recordSummary?.failedRecordCount },
        ]);
        return ExitCode.OK;
      }),
    );

  addGet(runs, run, RUN, {
    description: 'Show a run: status, timing, record counts and errors',
    read: (client, id) => client.flowService.runs.get(id),
    fields: (item) => {
      const records = item.metrics?.recordSummary;
      return [
        ['Id', item.id],
        ['Flow', item.flowId],
        ['Status', runStatus(item)],
        ['Started', formatTime(runStarted(item))],
        ['Completed', formatTime(item.metrics?.durationSummary?.completedAtUTC)],
        ['Duration', runDuration(item)],
        ['Records in', records?.inputRecordCount],
        ['Records out', records?.outputRecordCount],
        ['Records failed', records?.failedRecordCount],
      ];
    },
    more: (item, out) => {
      const errors = runErrors(item);
      if (errors.length === 0) return undefined;
      const columns = [
        { header: 'where', value: (e: (typeof errors)[number]) => e.where },
        { header: 'code', value: (e: (typeof errors)[number]) => e.code },
        { header: 'message', value: (e: (typeof errors)[number]) => e.message },
      ];
      return `Errors:\n${formatTable(errors, columns, out.tableLayout || true, out.style.bold)}`;
    },
  });

  defineWait(runs).action(run(wait));

  defineWatch(runs).action(run(watch));

  registerStart(runs, run);
  registerErrors(runs, run);
}
