// flowctl source create | get | list | delete
// A source connection is one table of a base connection (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/database-nosql).

import { Option } from '@commander-js/extra-typings';
import type { CommandContext } from '../context.js';
import { InvalidInputError } from '../../platform/errors.js';
import { checkUuid } from '../../platform/ids.js';
import { checkTablePath } from '../../platform/text.js';
import { SOURCE_FORMATS, type SourceColumn } from '../../platform/models/flow-service.js';
import { formatTime } from '../../output/format.js';
import { specLabel } from '../describe.js';
import { checkText, example, LIMIT_HELP, ALL_HELP } from '../options.js';
import type { GroupCommand, Program } from '../program.js';
import type { FlagsOf, Runner } from '../runner.js';
import { addDelete, addGet, listAction, type ResourceKind } from '../resource-commands.js';

async function create(ctx: CommandContext, flags: FlagsOf<typeof defineCreate>): Promise<void> {
  const baseConnectionId = checkUuid(flags.connection, '--connection');
  const table = checkTablePath(flags.table, '--table');
  const wanted = flags.columns?.split(',').map((c) => c.trim());
  if (wanted && (wanted.length === 0 || wanted.some((c) => c === ''))) throw new InvalidInputError('--columns', 'must be a comma-separated list of column names');
  const twice = wanted?.find((c, i) => wanted.indexOf(c) !== i);
  if (twice !== undefined) throw new InvalidInputError('--columns', `${twice} is listed twice`);
  const name = checkText('--name', flags.name);
  const description = checkText('--description', flags.description, 1024);

  const client = await ctx.client();
  // The source must use the base connection's spec: read it rather than ask the user to repeat it.
  const base = await client.flowService.connections.get(baseConnectionId);
  let columns: SourceColumn[] | undefined;
  if (wanted) {
    const structure = await ctx.out.spin(`Reading the columns of ${table}`, () => client.flowService.connections.exploreTable(baseConnectionId, table));
    const byName = new Map(structure.schema.columns.map((c) => [c.name, c]));
    const unknown = wanted.filter((c) => !byName.has(c));
    if (unknown.length > 0) {
      throw new InvalidInputError('--columns', `${unknown.join(', ')} not in ${table}; its columns are ${[...byName.keys()].join(', ')}`);
    }
    columns = wanted.map((c) => byName.get(c) as SourceColumn);
  }
  const body = {
    name: name ?? `${table} source`,
    description: description ?? `Table ${table}, created by flowctl`,
    baseConnectionId,
    connectionSpec: { id: base.connectionSpec.id, version: base.connectionSpec.version ?? '1.0' },
    data: { format: flags.format },
    params: { tableName: table, ...(columns && { columns }) },
  };
  const created = await client.flowService.sourceConnections.create(body);
  ctx.out.created('source connection', created.id, created, body.name);
}

function defineCreate(source: GroupCommand) {
  return source
    .command('create')
    .description('Create a source connection for one table of a base connection')
    .requiredOption('--connection <id>', 'base connection id')
    .requiredOption('--table <path>', 'table path as `connection explore` lists it (schema.table)')
    .option('--columns <names>', 'only these columns, comma-separated (default: all)')
    .addOption(new Option('--format <format>', 'data format: tabular for databases').choices(SOURCE_FORMATS).default('tabular'))
    .option('--name <name>', 'source connection name (default: "<table> source")')
    .option('--description <text>', 'description')
    .addHelpText('after', example('flowctl source create --connection 1a444165-… --table shop.customers', 'flowctl source create --connection 1a444165-… --table shop.customers --columns id,email,updated_at'));
}

const SOURCE: ResourceKind = { noun: 'source connection', checkId: checkUuid, exampleId: 'b7581b59-c603-4df1-a689-d23d7ac440f3' };

export function register(program: Program, run: Runner): void {
  const source = program.command('source').description('Source connections: one table of a base connection');

  defineCreate(source).action(run(create));

  addGet(source, run, SOURCE, {
    description: 'Show a source connection',
    read: (client, id) => client.flowService.sourceConnections.get(id),
    fields: (item) => {
      const columns = Array.isArray(item.params?.['columns']) ? (item.params['columns'] as { name?: string }[]) : undefined;
      return [
        ['Id', item.id],
        ['Name', item.name],
        ['Base connection', item.baseConnectionId],
        ['Spec', specLabel(item.connectionSpec?.id)],
        ['Table', String(item.params?.['tableName'] ?? item.params?.['path'] ?? '')],
        ['Columns', columns ? columns.map((c) => c.name).join(', ') : 'all'],
        ['State', item.state],
        ['Created', formatTime(item.createdAt)],
      ];
    },
  });

  source
    .command('list')
    .description('List source connections')
    .option('--connection <id>', 'only those of this base connection')
    .option('--limit <n>', LIMIT_HELP)
    .option('--all', ALL_HELP)
    .addHelpText('after', example('flowctl source list --connection 1a444165-…'))
    .action(
      run(
        listAction({
          query: (flags, maxItems) => {
            const filters = flags.connection === undefined ? [] : [`baseConnectionId==${checkUuid(flags.connection, '--connection')}`];
            return (client) => client.flowService.sourceConnections.list({ filters, maxItems });
          },
          columns: [
            { header: 'id', value: (s) => s.id },
            { header: 'name', value: (s) => s.name },
            { header: 'table', value: (s) => String(s.params?.['tableName'] ?? s.params?.['path'] ?? '') },
            { header: 'base connection', value: (s) => s.baseConnectionId },
            { header: 'created', value: (s) => formatTime(s.createdAt) },
          ],
        }),
      ),
    );

  addDelete(source, run, SOURCE, {
    description: 'Delete a source connection',
    remove: (client, id) => client.flowService.sourceConnections.delete(id),
  });
}
