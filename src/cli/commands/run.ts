// flowctl run list | get
// Runs of a dataflow, with their status and record counts (platform-api.md §3.9).

import type { Command } from 'commander';
import { checkUuid } from '../../platform/ids.js';
import type { Run } from '../../platform/models/flow-service.js';
import { formatTime } from '../../output/format.js';
import { formatFields, formatTable } from '../../output/table.js';
import { runDuration, runStarted, runStatus } from '../describe.js';
import { ALL_HELP, example, LIMIT_HELP, type ListFlags, maxItems, take } from '../options.js';
import type { Runner } from '../runner.js';

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
  return errors;
}

export function register(program: Command, run: Runner): void {
  const runs = program.command('run').description('Runs of a dataflow and their metrics');

  runs
    .command('list')
    .description('List the runs of a dataflow, newest first')
    .requiredOption('--flow <id>', 'flow id')
    .option('--limit <n>', LIMIT_HELP)
    .option('--all', ALL_HELP)
    .addHelpText('after', example('flowctl run list --flow 2edc08ac-4df5-4fe6-936f-81a19ce92f5c'))
    .action(
      run<ListFlags & { flow: string }>(async (ctx, flags) => {
        const flowId = checkUuid(flags.flow, '--flow');
        const limit = maxItems(flags);
        const items = await take((await ctx.client()).flowService.runs.list({ filters: [`flowId==${flowId}`], maxItems: limit }));
        items.sort((a, b) => (runStarted(b) ?? 0) - (runStarted(a) ?? 0));
        ctx.out.table(items, [
          { header: 'id', value: (r) => r.id },
          { header: 'status', value: (r) => runStatus(r) },
          { header: 'started', value: (r) => formatTime(runStarted(r)) },
          { header: 'duration', value: (r) => runDuration(r) },
          { header: 'in', value: (r) => r.metrics?.recordSummary?.inputRecordCount },
          { header: 'out', value: (r) => r.metrics?.recordSummary?.outputRecordCount },
          { header: 'failed', value: (r) => r.metrics?.recordSummary?.failedRecordCount },
        ]);
      }),
    );

  runs
    .command('get')
    .description('Show a run: status, timing, record counts and errors')
    .argument('<id>', 'run id')
    .addHelpText('after', example('flowctl run get 9830305a-985f-47d0-b030-5a985fd7d004'))
    .action(
      run(async (ctx, _flags, [id]) => {
        const item = await (await ctx.client()).flowService.runs.get(checkUuid(id ?? '', 'run id'));
        const records = item.metrics?.recordSummary;
        const errors = runErrors(item);
        ctx.out.result(item, () => {
          const fields = formatFields(
            [
              ['Id', item.id],
              ['Flow', item.flowId],
              ['Status', runStatus(item)],
              ['Started', formatTime(runStarted(item))],
              ['Completed', formatTime(item.metrics?.durationSummary?.completedAtUTC)],
              ['Duration', runDuration(item)],
              ['Records in', records?.inputRecordCount],
              ['Records out', records?.outputRecordCount],
              ['Records failed', records?.failedRecordCount],
            ],
            ctx.out.style.dim,
          );
          if (errors.length === 0) return fields;
          const table = formatTable(
            errors,
            [
              { header: 'where', value: (e) => e.where },
              { header: 'code', value: (e) => e.code },
              { header: 'message', value: (e) => e.message },
            ],
            true,
            ctx.out.style.bold,
          );
          return `${fields}\nErrors:\n${table}`;
        });
      }),
    );
}
