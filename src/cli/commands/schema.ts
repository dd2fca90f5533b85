// flowctl schema create | get | list | delete | tenant
// The XDM schema the data lands in (https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/schemas). By default the seed's target schema: the XDM
// Individual Profile class with the profile-person-details and profile-personal-details field groups.

import type { CommandContext } from '../context.js';
import { checkXdmUri, schemaUri } from '../../platform/ids.js';
import { XDM_PROFILE_CLASS, XDM_PROFILE_PERSON_DETAILS, XDM_PROFILE_PERSONAL_DETAILS } from '../../platform/specs.js';
import { formatTime } from '../../output/format.js';
import { formatFields } from '../../output/table.js';
import { ALL_HELP, checkText, collect, example, LIMIT_HELP } from '../options.js';
import type { GroupCommand, Program } from '../program.js';
import type { FlagsOf, Runner } from '../runner.js';
import { addDelete, listAction, type ResourceKind } from '../resource-commands.js';
import { InvalidInputError } from '../../platform/errors.js';

/** The class and field groups of the schema to create: the seed's profile schema unless told otherwise. */
export function schemaComposition(flags: Pick<FlagsOf<typeof defineCreate>, 'class' | 'fieldGroup'>): string[] {
  const cls = flags.class === undefined ? XDM_PROFILE_CLASS : checkXdmUri(flags.class, '--class');
  const groups =
    flags.fieldGroup === undefined
      ? flags.class === undefined
        ? [XDM_PROFILE_PERSON_DETAILS, XDM_PROFILE_PERSONAL_DETAILS]
        : []
      : flags.fieldGroup.map((g) => checkXdmUri(g, '--field-group'));
  return [cls, ...groups];
}

async function create(ctx: CommandContext, flags: FlagsOf<typeof defineCreate>): Promise<void> {
  if (flags.title !== undefined && flags.name !== undefined && flags.title !== flags.name) {
    throw new InvalidInputError('--name', 'is another name for --title: give one of them');
  }
  const title = checkText('--title', flags.title ?? flags.name);
  const description = checkText('--description', flags.description, 1024);
  const refs = schemaComposition(flags);
  const client = await ctx.client();
  const body = {
    type: 'object' as const,
    // Titles must be unique in a sandbox: the default carries the time of creation.
    title: title ?? `flowctl profile schema ${new Date(ctx.now()).toISOString().replace(/\.\d+Z$/, 'Z')}`,
    description: description ?? 'Created by flowctl',
    allOf: refs.map(($ref) => ({ $ref })),
  };
  const schema = await client.schemaRegistry.schemas.create(body);
  ctx.out.created('schema', schema.$id, { id: schema.$id, ...schema }, body.title);
}

function defineCreate(schema: GroupCommand) {
  return schema
    .command('create')
    .description('Create a tenant schema (default: XDM Individual Profile + person details + personal details)')
    .option('--title <title>', 'schema title, unique in the sandbox (default: "flowctl profile schema <time>")')
    .option('--name <title>', 'same as --title')
    .option('--description <text>', 'description')
    .option('--class <uri>', `XDM class (default: ${XDM_PROFILE_CLASS})`)
    .option('--field-group <uri>', 'field group to include (repeatable; default: the two profile field groups)', collect)
    .addHelpText(
      'after',
      example(
        'flowctl schema create --title "Shop customers"',
        'flowctl schema create --title "Shop customers" --field-group https://ns.adobe.com/xdm/context/profile-personal-details',
      ),
    );
}

const SCHEMA: ResourceKind = { noun: 'schema', checkId: schemaUri, idHelp: 'schema $id or meta:altId', exampleId: '_acme.schemas.52b59140414aa6a370ef5e21155fd7a6' };

export function register(program: Program, run: Runner): void {
  const schema = program.command('schema').description('XDM schemas the data lands in; the tenant id');

  defineCreate(schema).action(run(create));

  schema
    .command('get')
    .description('Show a schema by $id or meta:altId')
    .argument('<id>', 'schema $id (https://ns.adobe.com/TENANT/schemas/…) or meta:altId (_TENANT.schemas.…)')
    .option('--full', 'resolve every field group into the full field tree (JSON)')
    .addHelpText('after', example('flowctl schema get _acme.schemas.52b59140414aa6a370ef5e21155fd7a6', 'flowctl schema get https://ns.adobe.com/acme/schemas/52b5… --full --json'))
    .action(
      run(async (ctx, flags, [id]) => {
        const uri = schemaUri(id, 'schema id');
        const item = await (await ctx.client()).schemaRegistry.schemas.get(uri, flags.full ? 'full' : 'raw');
        ctx.out.result(item, () =>
          formatFields(
            [
              ['Id', item.$id],
              ['Alt id', item['meta:altId']],
              ['Title', item.title],
              ['Description', item.description],
              ['Version', item.version],
              ['Class', item['meta:class']],
              ['Composed of', (item.allOf ?? []).map((r) => r.$ref).filter(Boolean).join(', ')],
              ['Created', formatTime(item['meta:registryMetadata']?.['repo:createdDate'])],
            ],
            ctx.out.style.dim,
          ),
        );
      }),
    );

  schema
    .command('list')
    .description('List the tenant schemas of the sandbox')
    .option('--limit <n>', LIMIT_HELP)
    .option('--all', ALL_HELP)
    .addHelpText('after', example('flowctl schema list', 'flowctl schema list --all --json'))
    .action(
      run(
        listAction({
          query: (_flags, maxItems) => (client) => client.schemaRegistry.schemas.list({ maxItems }),
          columns: [
            { header: 'id', value: (s) => s.$id },
            { header: 'title', value: (s) => s.title },
            { header: 'version', value: (s) => s.version },
          ],
        }),
      ),
    );

  addDelete(schema, run, SCHEMA, {
    description: 'Delete a tenant schema',
    remove: (client, id) => client.schemaRegistry.schemas.delete(id),
  });

  schema
    .command('tenant')
    .description('Print the tenant id (custom fields live under _TENANT)')
    .addHelpText('after', example('flowctl schema tenant', 'flowctl schema tenant --json'))
    .action(
      run(async (ctx) => {
        const stats = await (await ctx.client()).schemaRegistry.stats();
        ctx.out.result(stats, () => `${stats.tenantId}\n`);
      }),
    );
}
