// flowctl dataset create | get | list | delete
// The Catalog dataset that stores ingested records (platform-api.md §5).

import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { checkDatasetId, schemaUri } from '../../platform/ids.js';
import { XED_FULL_V1 } from '../../platform/specs.js';
import { formatTime } from '../../output/format.js';
import { formatFields } from '../../output/table.js';
import { ALL_HELP, checkText, example, LIMIT_HELP, type ListFlags, maxItems, take } from '../options.js';
import type { Runner } from '../runner.js';

interface CreateFlags {
  schema: string;
  name?: string;
  description?: string;
}

async function create(ctx: CommandContext, flags: CreateFlags): Promise<void> {
  const schemaId = schemaUri(flags.schema, '--schema');
  const name = checkText('--name', flags.name);
  const description = checkText('--description', flags.description, 1024);
  const client = await ctx.client();
  const body = {
    name: name ?? `flowctl dataset ${schemaId.split('/').pop()?.slice(0, 12)}`,
    description: description ?? 'Created by flowctl',
    schemaRef: { id: schemaId, contentType: XED_FULL_V1 },
  };
  const id = await client.catalog.createDataset(body);
  ctx.out.created('dataset', id, { id, refs: [`@/dataSets/${id}`] }, body.name);
}

export function register(program: Command, run: Runner): void {
  const dataset = program.command('dataset').description('Datasets (Catalog) that store the ingested records');

  dataset
    .command('create')
    .description('Create a dataset for a schema')
    .requiredOption('--schema <id>', 'schema $id or meta:altId')
    .option('--name <name>', 'dataset name')
    .option('--description <text>', 'description')
    .addHelpText('after', example('flowctl dataset create --schema _acme.schemas.52b5… --name "Shop customers"'))
    .action(run<CreateFlags>(create));

  dataset
    .command('get')
    .description('Show a dataset')
    .argument('<id>', 'dataset id (24 hex characters)')
    .addHelpText('after', example('flowctl dataset get 5c8c3c555033b814b69f947f'))
    .action(
      run(async (ctx, _flags, [id]) => {
        const item = await (await ctx.client()).catalog.getDataset(checkDatasetId(id ?? '', 'dataset id'));
        ctx.out.result(item, () =>
          formatFields(
            [
              ['Id', item.id],
              ['Name', item.name],
              ['Description', item.description],
              ['Schema', item.schemaRef?.id],
              ['Created', formatTime(item.created)],
              ['Updated', formatTime(item.updated)],
            ],
            ctx.out.style.dim,
          ),
        );
      }),
    );

  dataset
    .command('list')
    .description('List datasets, newest first')
    .option('--name <name>', 'only datasets with exactly this name')
    .option('--limit <n>', LIMIT_HELP)
    .option('--all', ALL_HELP)
    .addHelpText('after', example('flowctl dataset list', 'flowctl dataset list --name "Shop customers" --json'))
    .action(
      run<ListFlags & { name?: string }>(async (ctx, flags) => {
        const limit = maxItems(flags);
        const name = checkText('--name', flags.name);
        const items = await take((await ctx.client()).catalog.listDatasets({ maxItems: limit, ...(name !== undefined && { name }) }));
        ctx.out.table(items, [
          { header: 'id', value: (d) => d.id },
          { header: 'name', value: (d) => d.name },
          { header: 'schema', value: (d) => d.schemaRef?.id },
          { header: 'created', value: (d) => formatTime(d.created) },
        ]);
      }),
    );

  dataset
    .command('delete')
    .description('Delete a dataset and the data in it')
    .argument('<id>', 'dataset id')
    .addHelpText('after', example('flowctl dataset delete 5c8c3c555033b814b69f947f'))
    .action(
      run(async (ctx, _flags, [id]) => {
        const datasetId = checkDatasetId(id ?? '', 'dataset id');
        await (await ctx.client()).catalog.deleteDataset(datasetId);
        ctx.out.changed(`Deleted dataset ${datasetId}`, { id: datasetId, deleted: true });
      }),
    );
}
