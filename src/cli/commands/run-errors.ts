// flowctl run errors: the rows a run rejected and why, read from the error diagnostics of the batch the run wrote
// (ingestion/quality/error-diagnostics.md: `export/batches/{BATCH_ID}/meta?path=row_errors`). The Platform keeps
// them only when the flow had `errorDiagnosticsEnabled` on while the run ran.

import type { PlatformClient } from '../../platform/client.js';
import { NotFoundError } from '../../platform/errors.js';
import { checkUuid } from '../../platform/ids.js';
import type { RejectedRow, RowErrorEntry } from '../../platform/models/data-access.js';
import type { Run } from '../../platform/models/flow-service.js';
import { formatTable } from '../../output/table.js';
import type { CommandContext } from '../context.js';
import { runOutcome, runStatus } from '../describe.js';
import { ExitCode } from '../exit-codes.js';
import { DEFAULT_LIST_LIMIT, example, parseInteger } from '../options.js';
import type { GroupCommand } from '../program.js';
import type { FlagsOf, Runner } from '../runner.js';

/** Values longer than this are cut in the table (`--json` has them whole). */
const VALUE_WIDTH = 40;

/** The Catalog batch a run wrote: `activities[].targetInfo[].reference.ids` of type Batch
 * (https://experienceleague.adobe.com/en/docs/experience-platform/dataflows/api/monitor). */
export function runBatchId(run: Run): string | undefined {
  const references = (run.activities ?? []).flatMap((a) => a.targetInfo ?? []).map((t) => t.reference);
  return references.find((r) => (r?.type ?? 'Batch') === 'Batch' && r?.ids?.[0])?.ids?.[0];
}

/** The first `limit` rejected rows; none when the Platform has no diagnostics for the batch (a 404 there). */
async function rejectedRows(client: PlatformClient, batchId: string, limit: number): Promise<RejectedRow[]> {
  const rows: RejectedRow[] = [];
  try {
    for await (const row of client.dataAccess.batches.errors(batchId)) {
      rows.push(row);
      if (rows.length >= limit) break;
    }
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
  return rows;
}

function shorten(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > VALUE_WIDTH ? `${text.slice(0, VALUE_WIDTH - 1)}…` : text;
}

interface Line {
  /** The row's place among the rejected rows (1-based): diagnostics do not give its place in the table. */
  row: number;
  column: string | undefined;
  value: string | undefined;
  reason: string | undefined;
}

/** One line per reason a row was rejected. */
function linesOf(rows: readonly RejectedRow[]): Line[] {
  return rows.flatMap((r, i) => {
    const errors: RowErrorEntry[] = r.errors.length > 0 ? r.errors : [{}];
    return errors.map((e) => ({ row: i + 1, column: e.column ?? e.field, value: e.column === undefined ? undefined : shorten(r.row[e.column]), reason: e.message ?? e.code }));
  });
}

function render(ctx: CommandContext, rows: readonly RejectedRow[], failed: number | undefined, limit: number): void {
  const columns = [
    { header: 'row', value: (l: Line) => l.row },
    { header: 'column', value: (l: Line) => l.column },
    { header: 'value', value: (l: Line) => l.value },
    { header: 'reason', value: (l: Line) => l.reason },
  ];
  ctx.out.result(rows, () => formatTable(linesOf(rows), columns, ctx.out.tableLayout, ctx.out.style.bold));
  const cut = rows.length >= limit && failed !== undefined && failed > rows.length;
  ctx.out.info(cut ? `${rows.length} of ${failed} rejected rows shown (raise --limit to see more)` : `${rows.length} rejected row${rows.length === 1 ? '' : 's'}`);
}

async function errors(ctx: CommandContext, flags: FlagsOf<typeof defineErrors>, [id]: [string]): Promise<number> {
  const runId = checkUuid(id, 'run id');
  const limit = flags.limit === undefined ? DEFAULT_LIST_LIMIT : parseInteger('--limit', flags.limit, { min: 1, max: 100_000 });
  const client = await ctx.client();
  const run = await client.flowService.runs.get(runId);
  if (runOutcome(run) === 'pending') {
    ctx.out.error(`error: run ${runId} is ${runStatus(run) ?? 'not finished'}: its rejected rows are known once it has finished (\`flowctl run wait --flow ${run.flowId ?? '…'}\`)`);
    return ExitCode.FAILURE;
  }
  const failed = run.metrics?.recordSummary?.failedRecordCount;
  const batchId = runBatchId(run);
  const rows = failed === 0 || batchId === undefined ? [] : await rejectedRows(client, batchId, limit);
  if (rows.length > 0) {
    render(ctx, rows, failed, limit);
    return ExitCode.OK;
  }
  if (!failed) {
    ctx.out.result([], () => '');
    const why = runOutcome(run) === 'failed' ? `; it failed for another reason (\`flowctl run get ${runId}\` shows why)` : '';
    ctx.out.info(`Run ${runId} rejected no rows${why}.`);
    return ExitCode.OK;
  }
  // Exit 1, not 0: rows were rejected and cannot be listed. A script reading --json must not take the silence for
  // "nothing was rejected", so nothing is printed on stdout either.
  ctx.out.error(
    `error: run ${runId} rejected ${failed} row${failed === 1 ? '' : 's'}, but no error diagnostics were kept: its flow had them off. ` +
      `Turn them on with \`flowctl flow update ${run.flowId ?? 'FLOW_ID'} --error-diagnostics\` (or onboard with --error-diagnostics); later runs keep their rejected rows`,
  );
  return ExitCode.FAILURE;
}

function defineErrors(runs: GroupCommand) {
  return runs
    .command('errors')
    .description('List the rows a run rejected: row, column, value and reason (needs error diagnostics on the flow)')
    .argument('<run-id>', 'run id')
    .option('--limit <n>', `show at most N rejected rows (default ${DEFAULT_LIST_LIMIT})`)
    .addHelpText(
      'after',
      '\nROW is the place of the row among the rejected ones: error diagnostics give its values, not its place in the table.\n' +
        example('flowctl run errors 9830305a-985f-47d0-b030-5a985fd7d004', 'flowctl run errors 9830305a-… --json | jq ".[].errors[].message"'),
    );
}

export function registerErrors(runs: GroupCommand, run: Runner): void {
  defineErrors(runs).action(run(errors));
}
