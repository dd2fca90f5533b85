// flowctl target create | get | list | delete
// The data lake target connection: which dataset (and schema) a flow writes to (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/database-nosql).

import type { CommandContext } from '../context.js';
import { checkDatasetId, checkUuid, schemaUri } from '../../platform/ids.js';
import { DATA_LAKE_SPEC_ID, SPEC_VERSION, XED_FULL_V1 } from '../../platform/specs.js';
import { formatTime } from '../../output/format.js';
import { ALL_HELP, checkText, example, LIMIT_HELP } from '../options.js';
import type { GroupCommand, Program } from '../program.js';
import type { FlagsOf, Runner } from '../runner.js';
import { addDelete, addGet, listAction, type ResourceKind } from '../resource-commands.js';

async function create(ctx: CommandContext, flags: FlagsOf<typeof defineCreate>): Promise<void> {
  const schemaId = schemaUri(flags.schema, '--schema');
  const dataSetId = checkDatasetId(flags.dataset, '--dataset');
  const name = checkText('--name', flags.name);
  const description = checkText('--description', flags.description, 1024);
  const client = await ctx.client();
  const body = {
    name: name ?? `Dataset ${dataSetId} target`,
    description: description ?? 'Data lake target, created by flowctl',
    connectionSpec: { id: DATA_LAKE_SPEC_ID, version: SPEC_VERSION },
    data: { format: 'parquet_xdm', schema: { id: schemaId, version: XED_FULL_V1 } },
    params: { dataSetId },
  };
  const created = await client.flowService.targetConnections.create(body);
  ctx.out.created('target connection', created.id, created, body.name);
}

function defineCreate(target: GroupCommand) {
  return target
    .command('create')
    .description('Create a data lake target connection for a dataset')
    .requiredOption('--schema <id>', "the dataset's schema ($id or meta:altId)")
    .requiredOption('--dataset <id>', 'dataset id')
    .option('--name <name>', 'target connection name')
    .option('--description <text>', 'description')
    .addHelpText('after', example('flowctl target create --schema _acme.schemas.52b5… --dataset 5c8c3c555033b814b69f947f'));
}

const TARGET: ResourceKind = { noun: 'target connection', checkId: checkUuid, exampleId: '320f119a-5ac1-4ab1-88ea-eb19e674ea2e' };

export function register(program: Program, run: Runner): void {
  const target = program.command('target').description('Target connections: the data lake dataset a flow writes to');

  defineCreate(target).action(run(create));

  addGet(target, run, TARGET, {
    description: 'Show a target connection',
    read: (client, id) => client.flowService.targetConnections.get(id),
    fields: (item) => [
      ['Id', item.id],
      ['Name', item.name],
      ['Dataset', String(item.params?.['dataSetId'] ?? '')],
      ['Schema', item.data?.schema?.id],
      ['State', item.state],
      ['Created', formatTime(item.createdAt)],
    ],
  });

  target
    .command('list')
    .description('List target connections')
    .option('--limit <n>', LIMIT_HELP)
    .option('--all', ALL_HELP)
    .addHelpText('after', example('flowctl target list'))
    .action(
      run(
        listAction({
          query: (_flags, maxItems) => (client) => client.flowService.targetConnections.list({ maxItems }),
          columns: [
            { header: 'id', value: (t) => t.id },
            { header: 'name', value: (t) => t.name },
            { header: 'dataset', value: (t) => String(t.params?.['dataSetId'] ?? '') },
            { header: 'created', value: (t) => formatTime(t.createdAt) },
          ],
        }),
      ),
    );

  addDelete(target, run, TARGET, {
    description: 'Delete a target connection',
    remove: (client, id) => client.flowService.targetConnections.delete(id),
  });
}
