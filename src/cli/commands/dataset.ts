// flowctl dataset create | get | list | delete
// The Catalog dataset that stores ingested records (https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/create-dataset).

import type { CommandContext } from '../context.js';
import { checkDatasetId, schemaUri } from '../../platform/ids.js';
import { XED_FULL_V1 } from '../../platform/specs.js';
import { formatTime } from '../../output/format.js';
import { ALL_HELP, checkText, example, LIMIT_HELP, maxItems, parseInteger, take } from '../options.js';
import type { GroupCommand, Program } from '../program.js';
import type { FlagsOf, Runner } from '../runner.js';
import { addDelete, addGet, listAction, type ResourceKind } from '../resource-commands.js';

async function create(ctx: CommandContext, flags: FlagsOf<typeof defineCreate>): Promise<void> {
  const schemaId = schemaUri(flags.schema, '--schema');
  const name = checkText('--name', flags.name);
  const description = checkText('--description', flags.description, 1024);
  const client = await ctx.client();
  const body = {
    name: name ?? `flowctl dataset ${schemaId.split('/').pop()?.slice(0, 12)}`,
    description: description ?? 'Created by flowctl',
    schemaRef: { id: schemaId, contentType: XED_FULL_V1 },
  };
  const id = await client.catalog.datasets.create(body);
  ctx.out.created('dataset', id, { id, refs: [`@/dataSets/${id}`] }, body.name);
}

/** `{person: {name: {fullName: 'x'}}}` → `{'person.name.fullName': 'x'}`, for a table. */
export function flatten(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  } else if (prefix) {
    out[prefix] = Array.isArray(value) ? JSON.stringify(value) : value;
  }
  return out;
}

async function preview(ctx: CommandContext, flags: FlagsOf<typeof definePreview>, id: string): Promise<void> {
  const datasetId = checkDatasetId(id, 'dataset id');
  const limit = parseInteger('--limit', flags.limit, { min: 1, max: 10_000 });
  const client = await ctx.client();
  let batchId = flags.batch;
  if (batchId === undefined) {
    // The newest successful batch that holds records: a scheduled run that found nothing new writes an empty one.
    for await (const batch of client.catalog.batches.list({ maxItems: 100, dataSet: datasetId, status: 'success' })) {
      if (batch.recordCount === 0) continue;
      batchId = batch.id;
      break;
    }
  }
  if (batchId === undefined) {
    ctx.out.result([], () => '');
    ctx.out.info(`Dataset ${datasetId} has no successful batch yet: nothing to show.`);
    return;
  }
  const records: Record<string, unknown>[] = [];
  for await (const record of client.dataAccess.batches.records(batchId)) {
    records.push(record);
    if (records.length >= limit) break;
  }
  const rows = records.map((r) => flatten(r));
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  ctx.out.table(
    rows,
    columns.map((c) => ({ header: c, value: (r: Record<string, unknown>) => r[c] as string | number | boolean | undefined })),
    records,
  );
  if (!ctx.out.json) ctx.out.info(`${records.length} record${records.length === 1 ? '' : 's'} of batch ${batchId}`);
}

function defineCreate(dataset: GroupCommand) {
  return dataset
    .command('create')
    .description('Create a dataset for a schema')
    .requiredOption('--schema <id>', 'schema $id or meta:altId')
    .option('--name <name>', 'dataset name')
    .option('--description <text>', 'description')
    .addHelpText('after', example('flowctl dataset create --schema _acme.schemas.52b5… --name "Shop customers"'));
}

function registerGet(dataset: GroupCommand, run: Runner): void {
  addGet(dataset, run, DATASET, {
    description: 'Show a dataset',
    read: (client, id) => client.catalog.datasets.get(id),
    fields: (item) => [
      ['Id', item.id],
      ['Name', item.name],
      ['Description', item.description],
      ['Schema', item.schemaRef?.id],
      ['Created', formatTime(item.created)],
      ['Updated', formatTime(item.updated)],
    ],
  });
}

function registerList(dataset: GroupCommand, run: Runner): void {
  dataset
    .command('list')
    .description('List datasets, newest first')
    .option('--name <name>', 'only datasets with exactly this name')
    .option('--limit <n>', LIMIT_HELP)
    .option('--all', ALL_HELP)
    .addHelpText('after', example('flowctl dataset list', 'flowctl dataset list --name "Shop customers" --json'))
    .action(
      run(
        listAction({
          query: (flags, maxItems) => {
            const name = checkText('--name', flags.name);
            return (client) => client.catalog.datasets.list({ maxItems, ...(name !== undefined && { name }) });
          },
          columns: [
            { header: 'id', value: (d) => d.id },
            { header: 'name', value: (d) => d.name },
            { header: 'schema', value: (d) => d.schemaRef?.id },
            { header: 'created', value: (d) => formatTime(d.created) },
          ],
        }),
      ),
    );
}

function registerDelete(dataset: GroupCommand, run: Runner): void {
  addDelete(dataset, run, DATASET, {
    description: 'Delete a dataset and the data in it (at a terminal: asks first, unless --confirm)',
    remove: (client, id) => client.catalog.datasets.delete(id),
    ask: true,
  });
}

function registerBatches(dataset: GroupCommand, run: Runner): void {
  dataset
    .command('batches')
    .description('List the batches written to a dataset, newest first')
    .argument('<id>', 'dataset id')
    .option('--status <status>', 'only batches in this status (success, failed, processing, …)')
    .option('--limit <n>', LIMIT_HELP)
    .option('--all', ALL_HELP)
    .addHelpText('after', example('flowctl dataset batches 5c8c3c555033b814b69f947f', 'flowctl dataset batches 5c8c3c555033b814b69f947f --status failed --json'))
    .action(
      run(async (ctx, flags, [id]) => {
        const datasetId = checkDatasetId(id, 'dataset id');
        const status = checkText('--status', flags.status);
        const limit = maxItems(flags);
        const items = await take((await ctx.client()).catalog.batches.list({ maxItems: limit, dataSet: datasetId, ...(status !== undefined && { status }) }));
        ctx.out.table(items, [
          { header: 'id', value: (b) => b.id },
          { header: 'status', value: (b) => b.status },
          { header: 'created', value: (b) => formatTime(b.created) },
          { header: 'records', value: (b) => b.recordCount },
          { header: 'failed', value: (b) => b.failedRecordCount },
        ]);
      }),
    );
}

function definePreview(dataset: GroupCommand) {
  return dataset
    .command('preview')
    .description('Show the latest records of a dataset (from its newest successful batch with records)')
    .argument('<id>', 'dataset id')
    .option('--limit <n>', 'records to show', '10')
    .option('--batch <id>', 'read this batch instead of the newest successful one')
    .addHelpText('after', example('flowctl dataset preview 5c8c3c555033b814b69f947f', 'flowctl dataset preview 5c8c3c555033b814b69f947f --limit 100 --json'));
}

const DATASET: ResourceKind = { noun: 'dataset', checkId: checkDatasetId, idHelp: 'dataset id (24 hex characters)', exampleId: '5c8c3c555033b814b69f947f' };

export function register(program: Program, run: Runner): void {
  const dataset = program.command('dataset').description('Datasets (Catalog) that store the ingested records');

  defineCreate(dataset).action(run(create));
  registerGet(dataset, run);
  registerList(dataset, run);
  registerDelete(dataset, run);
  registerBatches(dataset, run);
  definePreview(dataset).action(run((ctx, flags, [id]) => preview(ctx, flags, id)));
}
