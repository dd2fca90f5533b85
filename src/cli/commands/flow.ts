// flowctl flow create | get | list | update | enable | disable | delete
// The dataflow: source connection → (Copy with delta column, Mapping) → target connection, on a schedule
// (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/database-nosql).

import { type Command, Option, type OptionValues } from '@commander-js/extra-typings';
import type { CommandContext } from '../context.js';
import { InvalidInputError } from '../../platform/errors.js';
import { checkFlowColumns } from '../../platform/flow-checks.js';
import { applyFlowPatch, type FlowPatch, type FlowWish, sayChange } from '../../platform/flow-patch.js';
import { checkUuid, parseMappingRef } from '../../platform/ids.js';
import type { Flow, FlowCreate } from '../../platform/models/flow-service.js';
import { FREQUENCIES, type ScheduleParams } from '../../platform/schedule.js';
import { CRM_TO_AEP_FLOW_SPEC_ID, SPEC_VERSION } from '../../platform/specs.js';
import { formatTime } from '../../output/format.js';
import { describeSchedule } from '../describe.js';
import { ALL_HELP, checkText, example, LIMIT_HELP, parseDecimal } from '../options.js';
import type { GroupCommand, Program } from '../program.js';
import type { FlagsOf, Runner } from '../runner.js';
import { addDelete, addGet, listAction, type ResourceKind } from '../resource-commands.js';
import { checkIntervalForFrequency, hasScheduleChange, mergedSchedule, scheduleFromFlags } from '../schedule-flags.js';

interface OptionFlags {
  errorDiagnostics?: boolean;
  partialIngestionPercent?: string;
}

function optionsFromFlags(flags: OptionFlags): FlowCreate['options'] {
  const options: NonNullable<FlowCreate['options']> = {};
  if (flags.errorDiagnostics !== undefined) options.errorDiagnosticsEnabled = flags.errorDiagnostics;
  if (flags.partialIngestionPercent !== undefined) {
    options.partialIngestionPercent = parseDecimal('--partial-ingestion-percent', flags.partialIngestionPercent, { greaterThan: 0, max: 100 });
  }
  return Object.keys(options).length > 0 ? options : undefined;
}

/** The mapping's version: as given, or the mapping set's current one. */
async function mappingVersion(ctx: CommandContext, ref: { id: string; version: number | undefined }): Promise<number> {
  if (ref.version !== undefined) return ref.version;
  const set = await (await ctx.client()).dataPrep.mappingSets.get(ref.id);
  return set.version ?? 0;
}

/**
 * The mapping set's version to run (as given, or its current one), after the checks `flows.create` makes
 * (platform/flow-checks.ts) in the flags' terms: a column the table lacks would fail every row of every run, so it
 * stops here (exit 2, nothing created); a table that cannot be explored is a warning. The create is then told
 * they are done: made here, they also learn the version from the one read of the mapping set.
 */
async function checkedMappingVersion(ctx: CommandContext, ref: { id: string; version: number | undefined }, sourceId: string, deltaColumn: string | undefined): Promise<number> {
  // A dry run plans offline, without credentials if need be: it reads nothing it does not need.
  if (ctx.dryRun) return mappingVersion(ctx, ref);
  const { flowService, dataPrep } = await ctx.client();
  return checkFlowColumns(
    { mappingSets: dataPrep.mappingSets, sourceConnections: flowService.sourceConnections, connections: flowService.connections },
    { sourceConnectionId: sourceId, mapping: ref, deltaColumn },
    { fields: { deltaColumn: '--delta-column', mapping: '--mapping' }, onWarning: (message) => ctx.out.warn(message) },
  );
}

async function create(ctx: CommandContext, flags: FlagsOf<typeof defineCreate>): Promise<void> {
  // Every flag is checked before anything is sent.
  const sourceId = checkUuid(flags.source, '--source');
  const targetId = checkUuid(flags.target, '--target');
  const mapping = parseMappingRef(flags.mapping, '--mapping');
  const deltaColumn = checkText('--delta-column', flags.deltaColumn);
  const flowSpecId = flags.flowSpec === undefined ? CRM_TO_AEP_FLOW_SPEC_ID : checkUuid(flags.flowSpec, '--flow-spec');
  const schedule: ScheduleParams = scheduleFromFlags(flags, () => ctx.now());
  const options = optionsFromFlags(flags);
  const name = checkText('--name', flags.name);
  const description = checkText('--description', flags.description, 1024);
  const dateFormat = checkText('--date-format', flags.dateFormat);
  const timezone = checkText('--timezone', flags.timezone);

  const client = await ctx.client();
  const version = await checkedMappingVersion(ctx, mapping, sourceId, deltaColumn);
  const body: FlowCreate = {
    name: name ?? `Dataflow ${sourceId.slice(0, 8)} → ${targetId.slice(0, 8)}`,
    description: description ?? 'Created by flowctl',
    flowSpec: { id: flowSpecId, version: SPEC_VERSION },
    sourceConnectionIds: [sourceId],
    targetConnectionIds: [targetId],
    transformations: [
      { name: 'Copy', params: { deltaColumn: { name: deltaColumn ?? '', ...(dateFormat && { dateFormat }), ...(timezone && { timezone }) } } },
      { name: 'Mapping', params: { mappingId: mapping.id, mappingVersion: String(version) } },
    ],
    scheduleParams: schedule,
    ...(options && { options }),
  };
  const created = await client.flowService.flows.create(body, { checked: true });
  ctx.out.created('flow', created.id, created, `${body.name}, ${describeSchedule(schedule as unknown as Record<string, unknown>)}`);
}

/** What the flags ask of this flow (its own schedule checked: a new frequency needs its interval). */
function wishOf(flow: Flow, flags: FlagsOf<typeof defineUpdate>, now: () => number, mapping: { id: string; version: number } | undefined): FlowWish {
  const wish: FlowWish = { name: checkText('--name', flags.name), description: checkText('--description', flags.description, 1024) };
  if (hasScheduleChange(flags)) {
    checkIntervalForFrequency(flow.scheduleParams, flags);
    const after = mergedSchedule(flow.scheduleParams, flags, now);
    wish.schedule = { startTime: after.startTime, frequency: after.frequency, interval: after.interval, backfill: after.backfill };
  }
  if (mapping) wish.mapping = mapping;
  const options = optionsFromFlags(flags);
  if (options) wish.options = options;
  return wish;
}

/** Flags checked before anything is sent, and the update sent with If-Match (read again once on 412). */
async function update(ctx: CommandContext, flags: FlagsOf<typeof defineUpdate>, id: string): Promise<void> {
  const flowId = checkUuid(id, 'flow id');
  const mapping = flags.mapping === undefined ? undefined : parseMappingRef(flags.mapping, '--mapping');
  const changes = [flags.name, flags.description, flags.mapping, flags.errorDiagnostics, flags.partialIngestionPercent];
  if (!hasScheduleChange(flags) && changes.every((c) => c === undefined)) {
    throw new InvalidInputError('flow update', 'nothing to change: give --name, --description, a schedule flag, --mapping or an option');
  }
  // Whatever the flags alone can tell is checked before anything is sent: the changes applied to a stand-in
  // flow whose schedule every valid flag combination fits. What depends on the flow's own schedule (--interval 5
  // alone on a flow that runs every minute, --frequency without --interval) is checked again once it is read.
  const now = () => ctx.now();
  const standIn = { id: flowId, scheduleParams: { startTime: Math.floor(now() / 1000), frequency: flags.frequency ?? 'hour', interval: 15 } } as unknown as Flow;
  wishOf(standIn, flags, now, undefined);
  const client = await ctx.client();
  const version = mapping === undefined ? undefined : await mappingVersion(ctx, mapping);
  const wanted = mapping === undefined ? undefined : { id: mapping.id, version: version ?? 0 };
  // If-Match guards against overwriting someone else's change; on 412 the flow is read again and the changes
  // recomputed against it, once (platform/flow-patch.ts).
  const applied = await applyFlowPatch(client.flowService, flowId, (flow) => wishOf(flow, flags, now, wanted), {
    onRetry: () => ctx.out.info('The flow changed since it was read: reading it again.'),
  });
  if (!applied.result) {
    ctx.out.info(`Flow ${flowId} already has these settings: nothing sent.`);
    if (ctx.out.json) ctx.out.result({ id: flowId, etag: applied.flow.etag, changed: false, changes: [] }, () => '');
    return;
  }
  reportUpdate(ctx, flowId, applied.patch, applied.result);
}

/**
 * The update done (or, in a dry run, planned): each change in words on stderr, old → new (`schedule: every 15
 * minutes → every 2 hours`, `name: "a" → "b"`), never as the patch's JSON pointers; every change with --json.
 */
function reportUpdate(ctx: CommandContext, flowId: string, planned: FlowPatch, result: object): void {
  // A change with no words of its own (one that reads the same either way) is at least named.
  const unsaid = planned.words.length > 0 ? '' : ` (${[...new Set(planned.changes.map((c) => c.field))].join(', ')})`;
  ctx.out.changed(`Updated flow ${flowId}${unsaid}`, { ...result, changed: true, changes: planned.changes });
  // A dry run prints no "Updated" line for these to stand under.
  if (ctx.dryRun && planned.words.length > 0) ctx.out.info(`Flow ${flowId} would change:`);
  for (const words of planned.words) ctx.out.info(`  ${sayChange(words, ':')}`);
}

/** `--frequency`, which a new flow must be given. */
function frequencyOption() {
  return new Option('--frequency <frequency>', 'how often it runs').choices(FREQUENCIES);
}

/** The schedule and option flags, after `--frequency`; generic so that the command keeps its flags' types. */
function scheduleOptions<Args extends unknown[], Flags extends OptionValues, Globals extends OptionValues>(command: Command<Args, Flags, Globals>, create: boolean) {
  return command
    .option('--interval <n>', 'run every N units of --frequency (≥ 15 for minute, ≥ 1 otherwise; not with once)')
    .option('--start-time <time>', `first run: now, epoch seconds, or ISO-8601 with a zone${create ? ' (default: now)' : ''}`)
    .option('--backfill', 'also ingest rows older than the start time (the Platform default)')
    .option('--no-backfill', 'only ingest rows from the start time on')
    .option('--error-diagnostics', 'keep samples of rejected rows')
    .option('--partial-ingestion-percent <p>', 'tolerate up to P % rejected rows before the run fails (0 < P ≤ 100)');
}

function defineCreate(flow: GroupCommand) {
  return scheduleOptions(
    flow
      .command('create')
      .description('Create a dataflow (CRMToAEP) from a source connection to a target connection')
      .requiredOption('--source <id>', 'source connection id')
      .requiredOption('--target <id>', 'target connection id')
      .requiredOption('--mapping <id[@version]>', 'mapping set id, optionally @version (default: its latest)')
      .requiredOption('--delta-column <name>', 'column that tells new rows: an updated-at timestamp (UTC)')
      .option('--date-format <format>', 'format of the delta column, e.g. yyyy-MM-dd HH:mm:ss')
      .option('--timezone <tz>', 'timezone of the delta column (UTC recommended)')
      .addOption(frequencyOption().makeOptionMandatory()),
    true,
  )
    .option('--flow-spec <id>', 'flow spec id (default: CRMToAEP)')
    .option('--name <name>', 'flow name')
    .option('--description <text>', 'description')
    .addHelpText(
      'after',
      example(
        'flowctl flow create --source b7581b59-… --target 320f119a-… --mapping 0b090130b58b4819afc78b6dc98b484d \\\n      --delta-column updated_at --frequency minute --interval 15',
        'flowctl flow create … --frequency once --start-time 2026-12-01T09:00:00Z',
      ),
    );
}

function registerGet(flow: GroupCommand, run: Runner): void {
  addGet(flow, run, FLOW, {
    description: 'Show a dataflow',
    read: (client, id) => client.flowService.flows.get(id),
    fields: (item) => {
      const copy = item.transformations?.find((t) => t.name === 'Copy')?.params?.['deltaColumn'] as { name?: string } | undefined;
      const mapping = item.transformations?.find((t) => t.name === 'Mapping')?.params as { mappingId?: string; mappingVersion?: unknown } | undefined;
      return [
        ['Id', item.id],
        ['Name', item.name],
        ['State', item.state],
        ['Schedule', describeSchedule(item.scheduleParams)],
        ['Source', item.sourceConnectionIds?.join(', ')],
        ['Target', item.targetConnectionIds?.join(', ')],
        ['Delta column', copy?.name],
        ['Mapping', mapping?.mappingId ? `${mapping.mappingId}@${String(mapping.mappingVersion ?? '')}` : undefined],
        ['Last run', item.lastRunDetails ? `${item.lastRunDetails.state ?? ''} ${formatTime(item.lastRunDetails.startedAtUTC) ?? ''}`.trim() : 'none'],
        ['Created', formatTime(item.createdAt)],
        ['Etag', item.etag],
      ];
    },
  });
}

function registerList(flow: GroupCommand, run: Runner): void {
  flow
    .command('list')
    .description('List dataflows')
    .addOption(new Option('--state <state>', 'only enabled or disabled flows').choices(['enabled', 'disabled']))
    .option('--source <id>', 'only flows reading this source connection')
    .option('--limit <n>', LIMIT_HELP)
    .option('--all', ALL_HELP)
    .addHelpText('after', example('flowctl flow list --state enabled', 'flowctl flow list --json | jq -r ".[].id"'))
    .action(
      run(
        listAction({
          query: (flags, maxItems) => {
            const filters = [
              ...(flags.state ? [`state==${flags.state}`] : []),
              ...(flags.source ? [`sourceConnectionIds[]==${checkUuid(flags.source, '--source')}`] : []),
            ];
            return (client) => client.flowService.flows.list({ filters, maxItems });
          },
          columns: [
            { header: 'id', value: (f) => f.id },
            { header: 'name', value: (f) => f.name },
            { header: 'state', value: (f) => f.state },
            { header: 'schedule', value: (f) => describeSchedule(f.scheduleParams) },
            { header: 'last run', value: (f) => f.lastRunDetails?.state },
          ],
        }),
      ),
    );
}

function defineUpdate(flow: GroupCommand) {
  return scheduleOptions(
    flow
      .command('update')
      .description("Change a dataflow's name, schedule, mapping or options (PATCH with If-Match)")
      .argument('<id>', 'flow id')
      .option('--name <name>', 'new name')
      .option('--description <text>', 'new description')
      .option('--mapping <id[@version]>', 'use this mapping set (default version: its latest)')
      .addOption(frequencyOption()),
    false,
  )
    .option('--no-error-diagnostics', 'stop keeping samples of rejected rows')
    .addHelpText('after', example('flowctl flow update 2edc08ac-… --frequency hour --interval 1', 'flowctl flow update 2edc08ac-… --mapping 0b090130b58b4819afc78b6dc98b484d@2'));
}

function registerEnableDisable(flow: GroupCommand, run: Runner): void {
  for (const op of ['enable', 'disable'] as const) {
    flow
      .command(op)
      .description(op === 'enable' ? 'Enable a dataflow: its schedule runs again' : 'Disable a dataflow: no more runs until enabled')
      .argument('<id>', 'flow id')
      .addHelpText('after', example(`flowctl flow ${op} 2edc08ac-4df5-4fe6-936f-81a19ce92f5c`))
      .action(
        run(async (ctx, _flags, [id]) => {
          const flowId = checkUuid(id, 'flow id');
          const result = await (await ctx.client()).flowService.flows.act(flowId, op);
          ctx.out.changed(`${op === 'enable' ? 'Enabled' : 'Disabled'} flow ${flowId}`, result);
        }),
      );
  }
}

function registerDelete(flow: GroupCommand, run: Runner): void {
  addDelete(flow, run, FLOW, {
    description: 'Delete a dataflow (its source, target and base connections stay)',
    remove: (client, id) => client.flowService.flows.delete(id),
  });
}

const FLOW: ResourceKind = { noun: 'flow', checkId: checkUuid, exampleId: '2edc08ac-4df5-4fe6-936f-81a19ce92f5c' };

export function register(program: Program, run: Runner): void {
  const flow = program.command('flow').description('Dataflows: scheduled ingestion from a source to a dataset');

  defineCreate(flow).action(run(create));
  registerGet(flow, run);
  registerList(flow, run);
  defineUpdate(flow).action(run((ctx, flags, [id]) => update(ctx, flags, id)));
  registerEnableDisable(flow, run);
  registerDelete(flow, run);
}
