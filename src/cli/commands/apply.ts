// flowctl plan | apply | destroy -f flowctl.yaml — a file describes a connection and its tables (see
// src/onboard/manifest.ts and the README); these three commands make a sandbox match it, say how it differs, or
// take back what it made. The same file with another --sandbox promotes the setup (dev → prod).
//
//   plan     what apply would create or update, per resource; exit 5 when anything would change, 0 when not
//   apply    makes it so, several tables at once; a failing table does not stop the others; exit 1 if any failed
//   destroy  deletes what the file made, in reverse dependency order; without --confirm only lists it (exit 5)

import { resolve } from 'node:path';
import type { Command, OptionValues } from '@commander-js/extra-typings';
import type { CommandContext } from '../context.js';
import { formatPreview } from '../../output/preview.js';
import { readDotenv } from '../../config/config.js';
import { InvalidInputError } from '../../platform/errors.js';
import { formatTable } from '../../output/table.js';
import type { TableRun } from '../../onboard/apply.js';
import type { Manifest } from '../../onboard/manifest.js';
import { KIND_LABELS, type ResourceOutcome, type TableRequest } from '../../onboard/types.js';
import { canAsk, confirm, yesOption } from '../confirm.js';
import { ExitCode } from '../exit-codes.js';
import { collect, example, parseInteger } from '../options.js';
import type { Program } from '../program.js';
import type { FlagsOf, Runner } from '../runner.js';

export const DEFAULT_FILE = 'flowctl.yaml';
export const DEFAULT_TABLE_CONCURRENCY = 4;

interface Loaded {
  manifest: Manifest;
  /** The entries chosen with --table (all of them without). */
  chosen: TableRequest[];
  concurrency: number;
}

/** Reads, checks and narrows the file; nothing is sent before it is valid. */
async function load(ctx: CommandContext, flags: FileFlags): Promise<Loaded> {
  const concurrency = parseInteger('--concurrency', flags.concurrency, { min: 1, max: 32 });
  const text = await ctx.readTextFile(flags.file, '--file');
  const { parseManifest } = await import('../../onboard/manifest.js');
  // ${NAME} comes from the environment, then ./.env (as every other setting does); empty counts as unset.
  const env: Record<string, string | undefined> = { ...readDotenv(ctx.io.cwd) };
  for (const [key, value] of Object.entries(ctx.io.env)) if (value !== undefined && value !== '') env[key] = value;
  const manifest = parseManifest(text, { file: flags.file, env, now: () => ctx.now() });
  ctx.secrets.push(...manifest.secrets.filter((s) => s.length >= 4));
  let chosen = manifest.tables;
  if (flags.table && flags.table.length > 0) {
    for (const wanted of flags.table) {
      if (!manifest.tables.some((t) => t.table === wanted || t.prefix === wanted)) {
        const listed = [...new Set(manifest.tables.map((t) => t.table))].join(', ');
        throw new InvalidInputError('--table', `"${wanted}" is not in ${flags.file} (its tables: ${listed}; an entry's name works too)`);
      }
    }
    chosen = manifest.tables.filter((t) => flags.table?.some((wanted) => t.table === wanted || t.prefix === wanted));
  }
  return { manifest, chosen, concurrency };
}

/** One line for a failure, in the words `reportError` would print, secrets masked. */
async function reasonOf(ctx: CommandContext, error: unknown): Promise<string> {
  const { reportError } = await import('../report-error.js');
  return reportError(error, { command: 'flow', debug: false, secrets: ctx.secrets }).line.replace(/^error: /, '');
}

const PLAN_WORD: Record<ResourceOutcome['action'], string> = { create: 'create', update: 'update', adopt: 'no change', none: 'no change', delete: 'delete' };
const DONE_WORD: Record<ResourceOutcome['action'], string> = { create: 'created', update: 'updated', adopt: 'no change', none: 'no change', delete: 'deleted' };

interface Row {
  table: string;
  resource: string;
  action: string;
  name: string;
  id?: string | undefined;
  detail?: string | undefined;
}

const SHARED = '(all tables)';

type Word = (o: ResourceOutcome) => { action: string; detail?: string | undefined };

function row(table: string, o: ResourceOutcome, word: Word): Row {
  return { table, resource: KIND_LABELS[o.kind], name: o.name, id: o.id, detail: o.detail, ...word(o) };
}

function tableRows(run: TableRun, word: Word, reason: string | undefined): Row[] {
  const rows = run.resources.map((o) => row(run.table, o, word));
  if (run.status === 'failed') rows.push({ table: run.table, resource: '-', action: 'failed', name: run.prefix, detail: reason });
  return rows;
}

function connectionRows(outcomes: readonly ResourceOutcome[], word: Word): Row[] {
  return outcomes.map((o) => row(SHARED, o, word));
}

function printRows(ctx: CommandContext, rows: readonly Row[], actionHeader: string, withId: boolean): string {
  return formatTable(
    rows,
    [
      { header: 'table', value: (r: Row) => r.table },
      { header: 'resource', value: (r: Row) => r.resource },
      { header: actionHeader, value: (r: Row) => r.action },
      { header: 'name', value: (r: Row) => r.name },
      ...(withId ? [{ header: 'id', value: (r: Row) => r.id }] : []),
      { header: 'detail', value: (r: Row) => r.detail },
    ],
    ctx.out.tableLayout,
    ctx.out.style.bold,
  );
}

const changes = (outcomes: readonly ResourceOutcome[]) => outcomes.filter((o) => o.action === 'create' || o.action === 'update' || o.action === 'delete');

function count(outcomes: readonly ResourceOutcome[], action: ResourceOutcome['action']): number {
  return outcomes.filter((o) => o.action === action).length;
}

async function jsonTables(ctx: CommandContext, tables: readonly TableRun[]) {
  return Promise.all(
    tables.map(async (t) => ({
      table: t.table,
      name: t.prefix,
      status: t.status,
      ids: t.ids,
      resources: t.resources,
      ...(t.warnings.length > 0 && { warnings: t.warnings }),
      ...(t.error !== undefined && { error: await reasonOf(ctx, t.error) }),
      ...(t.attempts !== undefined && { attempts: t.attempts }),
      ...(t.preview !== undefined && { preview: t.preview }),
    })),
  );
}

// ── plan (and apply --dry-run) ─────────────────────────────────────────────────────────────────────────────

/** Sample rows a plan previews for each table with calculated fields. */
const PREVIEW_ROWS = 3;

/** The previews of the tables with calculated fields, after the plan's table. */
function previews(ctx: CommandContext, tables: readonly TableRun[]): string {
  return tables
    .map((t) => {
      if (t.preview === undefined) return '';
      if ('unavailable' in t.preview) return `\nNo preview of ${t.table}'s calculated fields: ${t.preview.unavailable}\n`;
      return `\nHow ${t.table} would land (calculated fields):\n${formatPreview(t.preview, ctx.out.style)}`;
    })
    .join('');
}

async function plan(ctx: CommandContext, flags: FlagsOf<typeof definePlan>): Promise<number> {
  const { manifest, chosen, concurrency } = await load(ctx, flags);
  const aep = await ctx.client();
  const { applyFile } = await import('../../onboard/apply.js');
  const run = await applyFile(aep, manifest, { mode: 'plan', concurrency, tables: chosen, previewRows: PREVIEW_ROWS, ...(ctx.io.sleep && { sleep: ctx.io.sleep }) });
  for (const warning of [...run.warnings, ...run.tables.flatMap((t) => t.warnings)]) ctx.out.warn(warning);
  const reasons = new Map<TableRun, string>();
  for (const t of run.tables) if (t.error !== undefined) reasons.set(t, await reasonOf(ctx, t.error));
  const all = [...run.connection, ...run.tables.flatMap((t) => t.resources)];
  const changed = changes(all).length > 0;
  const failed = run.tables.filter((t) => t.status === 'failed');
  ctx.out.result(
    {
      file: manifest.file,
      sandbox: aep.http.sandbox,
      changes: changed,
      connection: run.connection,
      tables: await jsonTables(ctx, run.tables),
    },
    () => {
      const word: Word = (o) => ({ action: PLAN_WORD[o.action] });
      return printRows(ctx, [...connectionRows(run.connection, word), ...run.tables.flatMap((t) => tableRows(t, word, reasons.get(t)))], 'plan', false) + previews(ctx, run.tables);
    },
  );
  for (const t of failed) ctx.out.error(`${t.table} (${t.prefix}): ${reasons.get(t) ?? 'failed'}`);
  if (run.connection.some((c) => c.action === 'create')) {
    ctx.out.warn(
      'the tables were not explored: their base connection does not exist yet, so their columns cannot be read. ' +
        '`apply` creates it first and checks every table before making anything for it; when none can be onboarded, it deletes the connection again.',
    );
  }
  const summary = `${count(all, 'create')} to create, ${count(all, 'update')} to update, ${all.length - changes(all).length} unchanged`;
  if (ctx.dryRun) ctx.dryRunDescribed = true;
  if (failed.length > 0) {
    ctx.out.info(`Plan for sandbox ${aep.http.sandbox}: ${summary}; ${failed.length} of ${run.tables.length} tables could not be planned.`);
    return ExitCode.FAILURE;
  }
  if (!changed) {
    ctx.out.success(`No changes: sandbox ${aep.http.sandbox} matches ${manifest.file} (${run.tables.length} table${run.tables.length === 1 ? '' : 's'}).`);
    return ExitCode.OK;
  }
  ctx.out.info(`Plan for sandbox ${aep.http.sandbox}: ${summary}. ${ctx.dryRun ? 'Dry run: nothing was sent; ' : ''}\`flowctl apply -f ${manifest.file}\` makes these changes.`);
  return ExitCode.CHANGES;
}

// ── apply ──────────────────────────────────────────────────────────────────────────────────────────────────

function tableSummary(t: TableRun): string {
  const created = count(t.resources, 'create');
  const updated = count(t.resources, 'update');
  const kept = t.resources.length - created - updated;
  return `${created} created, ${updated} updated, ${kept} unchanged`;
}

async function apply(ctx: CommandContext, flags: FlagsOf<typeof defineApply>): Promise<number> {
  if (ctx.dryRun) return plan(ctx, flags);
  const { manifest, chosen, concurrency } = await load(ctx, flags);
  const aep = await ctx.client();
  const { applyFile } = await import('../../onboard/apply.js');
  const started = ctx.now();
  const reasons = new Map<TableRun, string>();
  const run = await ctx.withLock(`file ${resolve(ctx.io.cwd, manifest.file)}`, `flowctl apply of ${manifest.file}`, () =>
    applyFile(aep, manifest, {
      mode: 'apply',
      concurrency,
      tables: chosen,
      ...(ctx.io.sleep && { sleep: ctx.io.sleep }),
      // A throttled table's wait reads Retry-After dates against the command's clock, as the client does.
      now: () => ctx.now(),
      // One line per table as it finishes (stderr), so that a long apply shows progress.
      onTable: (t) => {
        if (t.status === 'ok') ctx.out.success(`${t.table} (${t.prefix}): ${tableSummary(t)}`);
      },
    }),
  );
  for (const t of run.tables) if (t.error !== undefined) reasons.set(t, await reasonOf(ctx, t.error));
  for (const warning of [...run.warnings, ...run.tables.flatMap((t) => t.warnings)]) ctx.out.warn(warning);
  const failed = run.tables.filter((t) => t.status === 'failed');
  const seconds = Math.round((ctx.now() - started) / 100) / 10;
  ctx.out.result(
    {
      file: manifest.file,
      sandbox: aep.http.sandbox,
      connection: run.connection,
      tables: await jsonTables(ctx, run.tables),
      requests: aep.http.attempts,
      seconds,
    },
    () =>
      formatTable(
        run.tables,
        [
          { header: 'table', value: (t: TableRun) => t.table },
          { header: 'name', value: (t: TableRun) => t.prefix },
          { header: 'status', value: (t: TableRun) => (t.status === 'ok' ? 'ok' : 'failed') },
          { header: 'detail', value: (t: TableRun) => (t.status === 'ok' ? tableSummary(t) : reasons.get(t)) },
        ],
        ctx.out.tableLayout,
        ctx.out.style.bold,
      ),
  );
  for (const t of failed) ctx.out.error(`${t.table} (${t.prefix}) failed: ${reasons.get(t) ?? 'unknown error'}`);
  const connection = run.connection[0];
  const made = connection?.action === 'create' ? `base connection created (${connection.id ?? ''}); ` : '';
  const line = `Applied ${manifest.file} to sandbox ${aep.http.sandbox}: ${made}${run.tables.length - failed.length} of ${run.tables.length} tables ok (${aep.http.attempts} requests, ${seconds} s)`;
  if (failed.length > 0) {
    ctx.out.info(`${line}; ${failed.length} failed.`);
    return ExitCode.FAILURE;
  }
  ctx.out.success(line);
  return ExitCode.OK;
}

// ── destroy ────────────────────────────────────────────────────────────────────────────────────────────────

async function destroy(ctx: CommandContext, flags: FlagsOf<typeof defineDestroy>): Promise<number> {
  const { manifest, chosen, concurrency } = await load(ctx, flags);
  const aep = await ctx.client();
  const { destroyFile } = await import('../../onboard/apply.js');
  const confirmed = flags.confirm === true && !ctx.dryRun;
  const mode = confirmed ? 'apply' : 'plan';
  const destroyIt = () => destroyFile(aep, manifest, { mode, concurrency, tables: chosen });
  const run = confirmed ? await ctx.withLock(`file ${resolve(ctx.io.cwd, manifest.file)}`, `flowctl destroy of ${manifest.file}`, destroyIt) : await destroyIt();
  const reasons = new Map<TableRun, string>();
  for (const t of run.tables) if (t.error !== undefined) reasons.set(t, await reasonOf(ctx, t.error));
  // `kept: why` (a base connection left in place) reads as action `kept`, detail `why`.
  const word: Word = (o) => {
    if (o.action === 'delete') return { action: confirmed ? 'deleted' : 'delete' };
    if (o.detail?.startsWith('kept: ')) return { action: 'kept', detail: o.detail.slice('kept: '.length) };
    return { action: o.detail ?? DONE_WORD[o.action], detail: undefined };
  };
  const all = [...run.tables.flatMap((t) => t.resources), ...run.connection];
  const failed = run.tables.filter((t) => t.status === 'failed');
  ctx.out.result(
    { file: manifest.file, sandbox: aep.http.sandbox, confirmed, tables: await jsonTables(ctx, run.tables), connection: run.connection },
    () => printRows(ctx, [...run.tables.flatMap((t) => tableRows(t, word, reasons.get(t))), ...connectionRows(run.connection, word)], confirmed ? 'result' : 'plan', true),
  );
  for (const t of failed) ctx.out.error(`${t.table} (${t.prefix}) failed: ${reasons.get(t) ?? 'unknown error'}`);
  const toDelete = count(all, 'delete');
  if (ctx.dryRun) ctx.dryRunDescribed = true;
  if (!confirmed) {
    if (failed.length > 0) return ExitCode.FAILURE;
    if (toDelete === 0) {
      ctx.out.success(`Nothing of ${manifest.file} exists in sandbox ${aep.http.sandbox}.`);
      return ExitCode.OK;
    }
    // At a terminal, the list shown, the question: yes deletes as --confirm would (planning again, under the lock).
    if (!ctx.dryRun && canAsk(ctx.io, ctx.out.json) && (await confirm(ctx.io, `Delete these ${toDelete} resources from sandbox ${aep.http.sandbox}?`))) {
      return destroy(ctx, { ...flags, confirm: true });
    }
    ctx.out.info(`Nothing was deleted: \`flowctl destroy -f ${manifest.file} --confirm\` deletes these ${toDelete} resources from sandbox ${aep.http.sandbox}.`);
    return ExitCode.CHANGES;
  }
  const line = `Destroyed ${manifest.file} in sandbox ${aep.http.sandbox}: ${toDelete} resources deleted`;
  if (failed.length > 0) {
    ctx.out.info(`${line}; ${failed.length} of ${run.tables.length} tables failed (run it again once the cause is fixed).`);
    return ExitCode.FAILURE;
  }
  ctx.out.success(`${line}.`);
  return ExitCode.OK;
}

// ── registration ───────────────────────────────────────────────────────────────────────────────────────────

/** The flags of every verb: which file, which of its tables, how many at once. Generic so that the command keeps its flags' types. */
function fileOptions<Args extends unknown[], Flags extends OptionValues, Globals extends OptionValues>(command: Command<Args, Flags, Globals>) {
  return command
    .option('-f, --file <path>', 'the file describing the connection and its tables', DEFAULT_FILE)
    .option('--table <path>', 'only this table (schema.table, or an entry\'s name); repeatable', collect)
    .option('--concurrency <n>', 'tables worked on at once (429s from the Platform are retried after Retry-After)', String(DEFAULT_TABLE_CONCURRENCY));
}

/** The flags fileOptions adds, which is what load() reads. */
type FileFlags = FlagsOf<typeof fileOptions<[], Record<never, never>, Record<never, never>>>;

function definePlan(program: Program) {
  return fileOptions(program.command('plan').description('Compare flowctl.yaml with the sandbox: per resource, create, update or no change (exit 5 when anything would change)')).addHelpText(
    'after',
    example('flowctl plan', 'flowctl plan -f shop.yaml --sandbox prod', 'flowctl plan --table shop.customers --json'),
  );
}

function defineApply(program: Program) {
  return fileOptions(program.command('apply').description('Make the sandbox match flowctl.yaml: create what is missing, undo drift (schedule, state, mapping); --dry-run plans')).addHelpText(
    'after',
    example('flowctl apply', 'flowctl apply -f shop.yaml --sandbox prod --concurrency 8', 'flowctl apply --table shop.orders --json'),
  );
}

function defineDestroy(program: Program) {
  return fileOptions(program.command('destroy').description('Delete what flowctl.yaml made (flows first, base connection last); lists it only, exit 5, without --confirm (at a terminal: asks)'))
    .option('--confirm', 'really delete (without it, nothing is deleted; at a terminal it asks)')
    .addOption(yesOption())
    .addHelpText('after', example('flowctl destroy', 'flowctl destroy -f shop.yaml --sandbox dev --confirm'));
}

export function register(program: Program, run: Runner, name?: string): void {
  const wanted = (n: string) => name === undefined || name === n;
  if (wanted('plan')) definePlan(program).action(run(plan));
  if (wanted('apply')) defineApply(program).action(run(apply));
  if (wanted('destroy')) defineDestroy(program).action(run(destroy));
}
