// flowctl onboard — one table into the Platform in one command: the connection (found or created), the schema
// with the table's fields, the dataset, source and target connections, the mapping set, and the scheduled flow.
// Safe to run again: what exists under the table's names is adopted, not made twice.

import { Option } from '@commander-js/extra-typings';
import { canAsk } from '../confirm.js';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { InvalidInputError } from '../../platform/errors.js';
import { checkUuid } from '../../platform/ids.js';
import { checkTablePath } from '../../platform/text.js';
import { describeConnectionString } from '../../platform/connection-string.js';
import { parseMappingFile } from '../../platform/mapping.js';
import { CONNECTION_SPECS } from '../../platform/specs.js';
import { FREQUENCIES } from '../../platform/schedule.js';
import { formatTable, type TableLayout } from '../../output/table.js';
import type { OnboardOptions, OnboardResult } from '../../onboard/onboard.js';
import type { TablePreview } from '../../onboard/preview.js';
import { formatPreview } from '../../output/preview.js';
import { destinationProblem } from '../../onboard/infer.js';
import { defaultPrefix } from '../../onboard/names.js';
import { KIND_LABELS, XDM_CLASSES, type ConnectionChoice, type ResourceOutcome, type TableRequest } from '../../onboard/types.js';
import { readParams, resolveSpec } from './connection.js';
import { checkText, example, parseDecimal } from '../options.js';
import { canPrompt, givenFlag, type Program } from '../program.js';
import type { FlagsOf, Runner } from '../runner.js';
import { scheduleFromFlags } from '../schedule-flags.js';

/** A mapping file as overrides: `{"column": "xdm.path" | null}`, or any format `mapping create --file` reads. */
export function overridesFrom(text: string, file: string): Record<string, string> {
  try {
    const data = JSON.parse(text) as unknown;
    if (data && typeof data === 'object' && !Array.isArray(data) && !('mappings' in data)) {
      const out: Record<string, string> = {};
      for (const [column, path] of Object.entries(data)) {
        if (path !== null && typeof path !== 'string') throw new InvalidInputError(`--mapping-file ${file} "${column}"`, 'must be an XDM path, or null to leave the column out');
        const problem = path === null ? undefined : destinationProblem(path);
        if (problem) throw new InvalidInputError(`--mapping-file ${file} "${column}"`, problem);
        out[column] = path ?? '';
      }
      return out;
    }
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    // Not JSON: a CSV, read below.
  }
  const { mappings } = parseMappingFile(text, file);
  // A calculated field's expression stands where a column would: planFields tells the two apart.
  return Object.fromEntries(mappings.filter((m) => m.sourceType !== 'STATIC').map((m) => [m.source, m.destination]));
}

async function tableRequest(ctx: CommandContext, flags: FlagsOf<typeof defineOnboard>): Promise<TableRequest> {
  if (flags.table === undefined) throw new InvalidInputError('--table', 'required');
  const table = checkTablePath(flags.table, '--table');
  let connection: ConnectionChoice;
  if (flags.connection !== undefined) {
    if (flags.spec !== undefined || flags.connectionStringFile !== undefined || flags.connectionString !== undefined) {
      throw new InvalidInputError('--connection', 'give either an existing --connection ID or --spec with a credential, not both');
    }
    connection = { id: checkUuid(flags.connection, '--connection') };
  } else {
    if (flags.spec === undefined) throw new InvalidInputError('--connection', 'required: an existing --connection ID, or --spec NAME with --connection-string-file FILE');
    const spec = resolveSpec(flags.spec);
    const { id } = spec;
    const params = await readParams(ctx, flags, spec);
    connection = { specId: id, params, authSpec: flags.authSpec, name: databaseConnectionName(id, params) };
  }
  const schedule = scheduleFromFlags({ ...flags, frequency: flags.frequency ?? 'day', interval: flags.interval ?? (flags.frequency === 'once' ? undefined : flags.frequency === 'minute' ? '15' : '1') }, () => ctx.now());
  const options: NonNullable<TableRequest['options']> = {};
  if (flags.partialIngestionPercent !== undefined) options.partialIngestionPercent = parseDecimal('--partial-ingestion-percent', flags.partialIngestionPercent, { greaterThan: 0, max: 100 });
  if (flags.errorDiagnostics) options.errorDiagnosticsEnabled = true;
  const prefix = checkText('--name', flags.name) ?? defaultPrefix(table);
  const timestamp = checkText('--timestamp', flags.timestamp);
  if (timestamp !== undefined && flags.class !== 'event') throw new InvalidInputError('--timestamp', 'only an event schema has a timestamp: add --class event');
  return {
    connection,
    table,
    prefix,
    deltaColumn: checkText('--delta-column', flags.deltaColumn),
    identity: checkText('--identity', flags.identity),
    xdmClass: flags.class,
    timestamp,
    schedule,
    mappingOverrides: flags.mappingFile === undefined ? undefined : overridesFrom(await ctx.readTextFile(flags.mappingFile, '--mapping-file'), flags.mappingFile),
    options,
    enabled: flags.disabled !== true,
  };
}

const VERB: Record<ResourceOutcome['action'], string> = { create: 'created', adopt: 'found', update: 'updated', none: 'not needed', delete: 'deleted' };

export function resultTable(result: OnboardResult, layout: TableLayout, bold: (s: string) => string, planning = false): string {
  return formatTable(
    result.resources,
    [
      { header: 'resource', value: (r) => KIND_LABELS[r.kind] },
      { header: planning ? 'plan' : 'result', value: (r) => (planning ? (r.action === 'adopt' ? 'no change' : r.action) : VERB[r.action]) },
      { header: 'name', value: (r) => r.name },
      { header: 'id', value: (r) => r.id },
      { header: 'detail', value: (r) => r.detail },
    ],
    layout,
    bold,
  );
}

/**
 * The base connection's name for `--spec`: the database and host (`MariaDB shop@db.example.com`), as `connection
 * create` names it by default, so that onboarding several tables of one database finds and shares one connection
 * (and one made by `connection create`), instead of one per table. Without a connection string to read, the
 * per-table name (undefined here).
 */
function databaseConnectionName(specId: string, params: Record<string, unknown>): string | undefined {
  const text = params['connectionString'];
  const described = typeof text === 'string' ? describeConnectionString(text) : undefined;
  if (described === undefined) return undefined;
  return `${CONNECTION_SPECS.find((s) => s.id === specId)?.title ?? 'Database'} ${described}`;
}

/** Rows `onboard --preview` samples. */
const PREVIEW_ROWS = 5;

/**
 * `onboard --preview`: the plan and how sample rows would land, with nothing written. Exit 1 when a sampled row
 * would be rejected, so that a pipeline can stop there.
 */
async function previewOnboarding(ctx: CommandContext, request: TableRequest, plan: (options: OnboardOptions) => Promise<OnboardResult>): Promise<number> {
  const result = await plan({ mode: 'plan', preview: { rows: PREVIEW_ROWS } });
  for (const warning of result.warnings) ctx.out.warn(warning);
  const preview = result.preview;
  ctx.out.result(result, () => {
    const sample = preview === undefined || 'unavailable' in preview ? '' : `\n${formatPreview(preview, ctx.out.style)}`;
    return `${resultTable(result, ctx.out.tableLayout, ctx.out.style.bold, true)}${sample}`;
  });
  if (preview !== undefined && 'unavailable' in preview) ctx.out.warn(`no preview: ${preview.unavailable}`);
  ctx.out.info(`Nothing was created: run the same command without --preview to onboard ${request.table}.`);
  const rejected = preview !== undefined && 'rows' in preview ? preview.rows.filter((r) => r.errors.length > 0).length : 0;
  if (rejected > 0) {
    ctx.out.error(`error: ${rejected} of ${(preview as TablePreview).rows.length} sampled rows would be rejected`);
    return 1;
  }
  return 0;
}

type OnboardFlags = FlagsOf<typeof defineOnboard>;

/** `flags` with the answers given (an unanswered question leaves the flag as it was). */
function withAnswers(flags: OnboardFlags, answers: object): OnboardFlags {
  return { ...flags, ...Object.fromEntries(Object.entries(answers).filter(([, value]) => value !== undefined)) } as OnboardFlags;
}

/**
 * The flags, with what is missing asked for at a terminal (guided-onboard.ts); elsewhere, or with --yes, every
 * missing flag in one exit-2 error. Undefined when the user cancelled (said, and exit 130 returned by the caller).
 */
async function completeFlags(ctx: CommandContext, flags: OnboardFlags): Promise<OnboardFlags | undefined> {
  const missing = [...(flags.table === undefined ? ['--table'] : []), ...(flags.connection === undefined && flags.spec === undefined ? ['--connection (or --spec)'] : [])];
  if (missing.length === 0) return flags;
  if (flags.yes || flags.preview || !canAsk(ctx.io, ctx.out.json)) {
    throw new InvalidInputError(missing.join(', '), `required${flags.yes ? '' : ' (at a terminal, `flowctl onboard` asks for them)'}`);
  }
  if (flags.spec !== undefined) throw new InvalidInputError('--table', 'required with --spec (or leave out --spec, and flowctl asks for the connection and the table)');
  const [{ guideOnboarding, commandLine, GuideCancelled }, { terminalAsker }, { onboardTable }, { createBaseConnection }] = await Promise.all([
    import('../guided-onboard.js'),
    import('../prompts.js'),
    import('../../onboard/onboard.js'),
    import('../../platform/base-connection.js'),
  ]);
  const client = await ctx.client();
  try {
    const answers = await guideOnboarding(flags, {
      client,
      ask: ctx.io.ask ?? (await terminalAsker(ctx.io)),
      reading: (label, task) => ctx.out.spin(label, task),
      // The frame clack draws around a block takes 6 columns.
      width: ctx.io.stderr.columns ? ctx.io.stderr.columns - 6 : undefined,
      plan: async (guided) => onboardTable(client, await tableRequest(ctx, withAnswers(flags, guided)), { mode: 'plan', preview: { rows: PREVIEW_ROWS } }),
      createConnection: async (specId, connectionString, name) => {
        ctx.secrets.push(connectionString);
        const { created } = await createBaseConnection(client, { specId, params: { connectionString }, name, description: 'Created by flowctl onboard' }, {
          reading: (label, task) => ctx.out.spin(label, task),
          onSecrets: (values) => ctx.secrets.push(...values),
        });
        ctx.out.success(`Base connection ${created.id} created`);
        return created.id;
      },
    });
    ctx.out.info(`To onboard the same way without questions:\n  ${commandLine(answers, flags)}`);
    return withAnswers(flags, answers);
  } catch (error) {
    if (!(error instanceof GuideCancelled)) throw error;
    const id = error.createdConnection;
    ctx.out.warn(
      id === undefined
        ? 'cancelled: nothing was created'
        : `cancelled: base connection ${id} was created; go on with \`flowctl onboard --connection ${id}\`, or delete it with \`flowctl connection delete ${id}\``,
    );
    return undefined;
  }
}

async function onboard(ctx: CommandContext, given: OnboardFlags): Promise<number | void> {
  const flags = await completeFlags(ctx, given);
  if (flags === undefined) return ExitCode.INTERRUPTED;
  const request = await tableRequest(ctx, flags);
  const concurrency = Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) throw new InvalidInputError('--concurrency', `must be a whole number from 1 to 16, got "${flags.concurrency}"`);
  const client = await ctx.client();
  const { onboardTable } = await import('../../onboard/onboard.js');
  if (flags.preview) return previewOnboarding(ctx, request, (options) => onboardTable(client, request, options));
  const started = ctx.now();
  // One line per step as it completes (on stderr): the ids of what exists so far, even if a later step fails.
  // On a terminal a spinner names the steps in flight.
  const progress = await ctx.out.progress();
  let result: OnboardResult;
  try {
    result = await ctx.withLock(`onboard ${request.prefix}`, `flowctl onboard of ${request.table} (${request.prefix})`, () => onboardTable(client, request, {
      mode: 'apply',
      // A re-run converges: what differs from these flags (schedule, options, state, mapping, new columns) is updated.
      reconcile: true,
      // Tables of one database share its base connection: concurrent onboardings make it once.
      connectionLock: (name, task) => ctx.withLock(`connection ${name}`, `creating base connection ${name}`, task, { wait: true }),
      concurrency,
      events: {
        onStep: (kind, phase, outcome) => {
          const label = kind === 'analyze' ? `exploring ${request.table}` : KIND_LABELS[kind].toLowerCase();
          progress.running(label, phase === 'start');
          if (phase !== 'done' || !outcome || ctx.dryRun) return;
          const change = outcome.action === 'update' && outcome.detail ? `: ${outcome.detail}` : '';
          progress.line(`${ctx.out.errStyle.green('✓')} ${KIND_LABELS[outcome.kind]} ${VERB[outcome.action]}${outcome.id ? ` ${outcome.id}` : ''}${change}`);
        },
        onNote: (line) => progress.line(line),
      },
    }));
  } finally {
    progress.stop();
  }
  for (const warning of result.warnings) ctx.out.warn(warning);
  if (ctx.dryRun) {
    ctx.out.info(resultTable(result, false, (s) => s, true).trimEnd());
    return;
  }
  ctx.out.result({ ...result, requests: client.http.attempts, seconds: (ctx.now() - started) / 1000 }, () => resultTable(result, ctx.out.tableLayout, ctx.out.style.bold));
  const made = result.resources.filter((r) => r.action === 'create').length;
  const updated = result.resources.filter((r) => r.action === 'update').length;
  const found = result.resources.length - made - updated;
  ctx.out.success(`${request.table} onboarded: ${made} created, ${updated > 0 ? `${updated} updated, ` : ''}${found} found (${client.http.attempts} requests)`);
}

function defineOnboard(program: Program) {
  return program
    .command('onboard')
    .description('Bring one table into the Platform: connection, schema, dataset, source, target, mapping and a scheduled flow')
    // Without a terminal, --connection (or --spec) is required like --table, and reported with them.
    .addOption(new Option('--connection <id>', 'an existing base connection (or --spec); asked for at a terminal').makeOptionMandatory(!canPrompt(program) && !givenFlag(program, '--spec')))
    .option('--spec <name|id>', 'or: the database of a connection to find or create (mysql, mariadb, postgresql, …)')
    .option('--connection-string-file <file>', 'with --spec: the connection string, from FILE (- for stdin)')
    .option('--connection-string <string>', 'with --spec: the connection string (visible in shell history)')
    .option('--params-file <file>', 'with --spec: auth params as a JSON object')
    .option('--auth-spec <name>', 'with --spec: the auth spec name (default: chosen from the params)')
    // Asked for at a terminal (guided onboarding); elsewhere required, and reported with any other usage problem.
    .addOption(new Option('--table <path>', 'the table, as `connection explore` lists it (schema.table); asked for at a terminal').makeOptionMandatory(!canPrompt(program)))
    .option('--delta-column <column>', 'column telling new rows (default: the one updated/modified timestamp column)')
    .option('--identity <column[:namespace]>', 'primary identity (default: the key column; namespace CRMID, Email or Phone)')
    .addOption(
      new Option('--class <class>', 'schema class: profile (one row per person), event (time-stamped rows), record (lookups); default: profile when the table has an identity, else record').choices(
        XDM_CLASSES,
      ),
    )
    .option('--timestamp <column>', 'with --class event: the date-time column of each event (default: the delta column)')
    .addOption(new Option('--frequency <frequency>', 'how often the flow runs (default: day)').choices(FREQUENCIES))
    .option('--interval <n>', 'every N units of --frequency (default: 15 for minute, 1 otherwise)')
    .option('--start-time <time>', 'first run: now (default), epoch seconds or ISO-8601')
    .option('--backfill', 'also ingest rows older than the start time (the Platform default)')
    .option('--no-backfill', 'only rows from the start time on')
    .option('--partial-ingestion-percent <p>', 'tolerate up to P % rejected rows per run')
    .option('--error-diagnostics', 'keep the rejected rows for inspection')
    .option('--disabled', 'create the flow disabled')
    .option('--name <prefix>', 'prefix of every resource name (default: "flowctl <table>"); the same prefix finds them again')
    .option('--mapping-file <file>', 'overrides of where columns go, and calculated fields: JSON {"column or expression": "xdm.path" | null} or a mapping CSV/JSON')
    .option('--preview', `show the plan and how ${PREVIEW_ROWS} sample rows would land in XDM, and create nothing`)
    .option('--concurrency <n>', 'steps run at once', '4')
    .option('--yes', 'never ask: a missing --table or --connection is an error, even at a terminal')
    .addHelpText(
      'after',
      example(
        'flowctl onboard --spec mysql --connection-string-file conn.txt --table shop.customers',
        'flowctl onboard --connection 1a444165-… --table shop.customers --frequency minute --interval 15 --json',
        'flowctl onboard --connection 1a444165-… --table shop.orders --delta-column modified_at --identity order_id --dry-run',
        'flowctl onboard --connection 1a444165-… --table shop.orders --class event --timestamp ordered_at',
      ),
    );
}

export function register(program: Program, run: Runner): void {
  defineOnboard(program).action(run(onboard));
}
