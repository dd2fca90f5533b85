// flowctl offboard — takes back what `onboard` made for one table: every resource found by the names of its
// prefix is deleted, flow first, field group last (src/onboard/destroy.ts). The base connection is kept, since
// other tables may read through it, unless --with-connection. Without --confirm nothing is deleted: the list of
// what would be is printed and the exit code is 5, as `destroy` does. A teardown that stops half-way says what
// is left; running it again finishes the job (what is gone is simply not found any more).

import type { CommandContext } from '../context.js';
import type { PlatformClient } from '../../platform/client.js';
import { checkTablePath } from '../../platform/text.js';
import { formatTable, type TableLayout } from '../../output/table.js';
import type { DestroyOptions } from '../../onboard/destroy.js';
import { defaultPrefix, resourceNames } from '../../onboard/names.js';
import { KIND_LABELS, type ResourceOutcome } from '../../onboard/types.js';
import { canAsk, confirm, yesOption } from '../confirm.js';
import { ExitCode } from '../exit-codes.js';
import { checkText, example } from '../options.js';
import type { Program } from '../program.js';
import type { FlagsOf, Runner } from '../runner.js';
import { shellWord } from '../shell-word.js';

interface Teardown {
  /** Deleted (or, in a plan, to delete), in order; a kept base connection last. */
  resources: ResourceOutcome[];
  /** Found but not deleted, when the teardown stopped. */
  left: ResourceOutcome[];
  error?: unknown;
}

const KEPT = 'kept: other tables may read through it (--with-connection deletes it)';

/**
 * The name of the base connection the table was read through: the one its source connection names (onboard
 * --spec names it after the database, and several tables share it), else the older per-prefix name.
 */
async function baseConnectionName(client: PlatformClient, prefix: string): Promise<string> {
  const [source] = await client.flowService.sourceConnections.findByName(resourceNames(prefix).source);
  const baseId = source?.baseConnectionId;
  const base = baseId === undefined ? undefined : await client.flowService.connections.get(baseId).catch(() => undefined);
  return base?.name ?? resourceNames(prefix).connection;
}

/**
 * The base connection the table was read through: deleted with --with-connection — unless another flow still uses
 * it — otherwise reported kept.
 */
async function baseConnection(client: PlatformClient, name: string, mode: DestroyOptions['mode'], withConnection: boolean): Promise<ResourceOutcome[]> {
  const { destroyConnection } = await import('../../onboard/destroy.js');
  if (withConnection) return destroyConnection(client, name, { mode });
  const found = await client.flowService.connections.findByName(name);
  return found.map((c) => ({ kind: 'connection', name, id: c.id, action: 'none', detail: KEPT }));
}

async function teardown(client: PlatformClient, table: string, prefix: string, options: DestroyOptions & { withConnection: boolean }): Promise<Teardown> {
  const { destroyTable, DestroyError } = await import('../../onboard/destroy.js');
  // Read before the source connection that names it is deleted.
  const connectionName = await baseConnectionName(client, prefix);
  let resources: ResourceOutcome[];
  try {
    resources = (await destroyTable(client, { table, prefix }, options)).resources;
  } catch (error) {
    if (!(error instanceof DestroyError)) throw error;
    return { resources: error.partial.resources, left: error.left, error: error.cause };
  }
  // Only once every flow of the table is gone: the Platform refuses to delete a connection a flow uses.
  try {
    const connection = await baseConnection(client, connectionName, options.mode, options.withConnection);
    for (const outcome of connection) if (outcome.action === 'delete') options.onDeleted?.(outcome);
    return { resources: [...resources, ...connection], left: [] };
  } catch (error) {
    return { resources, left: [{ kind: 'connection', name: connectionName, action: 'delete' }], error };
  }
}

/** Plan word or result word, and the detail, of one row. */
function word(o: ResourceOutcome, deleting: boolean, left: boolean): { action: string; detail?: string | undefined } {
  if (left) return { action: 'not deleted' };
  if (o.detail?.startsWith('kept: ')) return { action: 'kept', detail: o.detail.slice('kept: '.length) };
  if (o.action === 'delete') return { action: deleting ? 'deleted' : 'delete' };
  return { action: o.detail ?? 'no change' };
}

function rows(run: Teardown, deleting: boolean, layout: TableLayout, bold: (s: string) => string): string {
  const all = [...run.resources.map((o) => ({ o, left: false })), ...run.left.map((o) => ({ o, left: true }))];
  if (all.length === 0) return '';
  return formatTable(
    all.map(({ o, left }) => ({ resource: KIND_LABELS[o.kind], name: o.name, id: o.id, ...word(o, deleting, left) })),
    [
      { header: 'resource', value: (r) => r.resource },
      { header: deleting ? 'result' : 'plan', value: (r) => r.action },
      { header: 'name', value: (r) => r.name },
      { header: 'id', value: (r) => r.id },
      { header: 'detail', value: (r) => r.detail },
    ],
    layout,
    bold,
  );
}

async function offboard(ctx: CommandContext, flags: FlagsOf<typeof defineOffboard>): Promise<number> {
  const table = checkTablePath(flags.table, '--table');
  const prefix = checkText('--name', flags.name) ?? defaultPrefix(table);
  const client = await ctx.client();
  // A dry run goes through the deletes so that the runner can print the DELETE requests; none is sent.
  const deleting = flags.confirm === true || ctx.dryRun;
  const live = deleting && !ctx.dryRun;
  const onDeleted = (o: ResourceOutcome) => {
    if (live) ctx.out.info(`${ctx.out.errStyle.green('✓')} ${KIND_LABELS[o.kind]} ${o.action === 'delete' ? 'deleted' : (o.detail ?? 'not deleted')} ${o.id ?? ''}`.trimEnd());
  };
  const options = { mode: deleting ? ('apply' as const) : ('plan' as const), onDeleted, withConnection: flags.withConnection === true };
  const run = () => teardown(client, table, prefix, options);
  // The lock onboard takes for this prefix: an onboard finishing while the teardown runs would leave half a chain.
  const result = live ? await ctx.withLock(`onboard ${prefix}`, `flowctl offboard of ${table} (${prefix})`, run) : await run();
  const again = `flowctl offboard --table ${shellWord(table)}${flags.name === undefined ? '' : ` --name ${shellWord(prefix)}`}${options.withConnection ? ' --with-connection' : ''} --confirm`;
  // At a terminal, without --confirm: the list shown, the question; yes deletes as --confirm would.
  const ask = deleting || !canAsk(ctx.io, ctx.out.json) ? undefined : async (question: string) => ((await confirm(ctx.io, question)) ? offboard(ctx, { ...flags, confirm: true }) : undefined);
  return report(ctx, { table, prefix, sandbox: client.http.sandbox, deleting, withConnection: options.withConnection, again, ask }, result);
}

interface Subject {
  table: string;
  prefix: string;
  sandbox: string;
  deleting: boolean;
  withConnection: boolean;
  /** The command that deletes what a plan lists. */
  again: string;
  /** At a terminal: asks whether to delete what the plan lists; the exit code once deleted, undefined for no. */
  ask: ((question: string) => Promise<number | undefined>) | undefined;
}

async function report(ctx: CommandContext, s: Subject, run: Teardown): Promise<number> {
  const toDelete = run.resources.filter((o) => o.action === 'delete').length;
  const reason = run.error === undefined ? undefined : await reasonOf(ctx, run.error);
  const human = () => rows(run, s.deleting, ctx.out.tableLayout, ctx.out.style.bold);
  if (ctx.dryRun) {
    // stdout holds the DELETE requests (printed by the runner); the plan goes to stderr.
    if (toDelete > 0) ctx.out.info(rows(run, false, false, (t) => t).trimEnd());
    return toDelete > 0 ? ExitCode.CHANGES : ExitCode.OK;
  }
  ctx.out.result({ table: s.table, name: s.prefix, sandbox: s.sandbox, confirmed: s.deleting, resources: run.resources, ...(reason !== undefined && { left: run.left, error: reason }) }, human);
  const connectionNote = keptNote(s.withConnection, run.resources.some((o) => o.detail === KEPT), toDelete);
  if (reason !== undefined) {
    ctx.out.error(`error: ${reason}`);
    ctx.out.info(`Offboarding ${s.table} (${s.prefix}) stopped: ${toDelete} deleted, ${run.left.length} not deleted. Run it again once the cause is fixed.`);
    return ExitCode.FAILURE;
  }
  if (toDelete === 0) {
    ctx.out.success(`Nothing of ${s.table} (${s.prefix}) is left to delete in sandbox ${s.sandbox}${connectionNote}.`);
    return ExitCode.OK;
  }
  if (!s.deleting) {
    const deleted = await s.ask?.(`Delete these ${resources(toDelete)} from sandbox ${s.sandbox}?`);
    if (deleted !== undefined) return deleted;
    ctx.out.info(`Nothing was deleted: \`${s.again}\` deletes these ${resources(toDelete)} from sandbox ${s.sandbox}${connectionNote}.`);
    return ExitCode.CHANGES;
  }
  ctx.out.success(`Offboarded ${s.table} (${s.prefix}) from sandbox ${s.sandbox}: ${resources(toDelete)} deleted${connectionNote}.`);
  return ExitCode.OK;
}

/** What the summary says of the base connection, which is kept unless --with-connection. */
function keptNote(withConnection: boolean, keptOwn: boolean, toDelete: number): string {
  if (withConnection) return '';
  if (keptOwn) return '; the base connection is kept (other tables may use it; --with-connection deletes it too)';
  // Onboarded with --connection ID: the connection is not the prefix's, and offboard never deletes it.
  return toDelete > 0 ? '; the base connection it read from is kept (onboard did not make it under this prefix)' : '';
}

const resources = (n: number) => `${n} resource${n === 1 ? '' : 's'}`;

/** One line for a failure, in the words the runner would print, secrets masked. */
async function reasonOf(ctx: CommandContext, error: unknown): Promise<string> {
  const { reportError } = await import('../report-error.js');
  return reportError(error, { command: 'offboard', debug: false, secrets: ctx.secrets }).line.replace(/^error: /, '');
}

function defineOffboard(program: Program) {
  return program
    .command('offboard')
    .description('Delete what onboard made for one table (flow first, field group last); lists it only, exit 5, without --confirm (at a terminal: asks)')
    .requiredOption('--table <path>', 'the table, as it was onboarded (schema.table)')
    .option('--name <prefix>', 'the prefix it was onboarded with (default: "flowctl <table>")')
    .option('--confirm', 'really delete (without it, nothing is deleted; at a terminal it asks)')
    .addOption(yesOption())
    .option('--with-connection', 'also delete the base connection onboard made under this prefix, unless another flow uses it')
    .addHelpText(
      'after',
      example(
        'flowctl offboard --table shop.customers',
        'flowctl offboard --table shop.customers --confirm',
        'flowctl offboard --table shop.orders --name "orders v2" --with-connection --confirm --json',
      ),
    );
}

export function register(program: Program, run: Runner): void {
  defineOffboard(program).action(run(offboard));
}
