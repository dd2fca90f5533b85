// flowctl mapping create | validate | preview | get | list
// Data Prep mapping sets: source columns (or expressions: calculated fields) → XDM fields of the target schema
// (https://experienceleague.adobe.com/en/docs/experience-platform/data-prep/api/mapping-set).

import type { CommandContext } from '../context.js';
import { InvalidInputError } from '../../platform/errors.js';
import { parseMappingRef } from '../../platform/ids.js';
import type { MappingSetCreate } from '../../platform/models/data-prep.js';
import { XED_FULL_V1 } from '../../platform/specs.js';
import { formatTime } from '../../output/format.js';
import { formatFields, formatTable } from '../../output/table.js';
import { checkExpressions } from '../../onboard/expressions.js';
import { checkDestinations, expressionsOf, type MappingFlags, mappingOptions, readMappings, targetSchema } from '../mapping-input.js';
import { ALL_HELP, checkText, example, LIMIT_HELP } from '../options.js';
import type { GroupCommand, Program } from '../program.js';
import type { FlagsOf, Runner } from '../runner.js';
import { listAction } from '../resource-commands.js';
import { registerPreview } from './mapping-preview.js';

/** The mapping set body from --schema and --map pairs or a --file. */
async function mappingSetBody(ctx: CommandContext, flags: MappingFlags): Promise<MappingSetCreate> {
  const { mappings, fileSchema } = await readMappings(ctx, flags);
  const schema = targetSchema(flags, fileSchema);
  if (schema === undefined) throw new InvalidInputError('--schema', 'is required (the target schema $id or meta:altId)');
  const name = checkText('--name', flags.name);
  return {
    ...(name !== undefined && { name }),
    outputSchema: { schemaRef: { id: schema, contentType: XED_FULL_V1 } },
    mappings,
  };
}

/** `mapping validate`: Data Prep's verdict per mapping; exit 1 when any is invalid. */
async function validate(ctx: CommandContext, flags: FlagsOf<typeof defineValidate>): Promise<number> {
  const body = await mappingSetBody(ctx, flags);
  const result = await (await ctx.client()).dataPrep.mappingSets.validate(body);
  if (ctx.dryRun) return 0;
  const rows = body.mappings.map((m, i) => {
    const entry = result.validationResponse[i];
    const errors = (entry?.errors ?? []).map((e) => e.exception ?? JSON.stringify(e)).join('; ');
    return { ...m, status: entry?.status ?? 'UNKNOWN', errors };
  });
  const failed = rows.filter((r) => r.status !== 'SUCCESS');
  ctx.out.result({ valid: failed.length === 0, mappings: rows, response: result }, () =>
    formatTable(
      rows,
      [
        { header: 'source', value: (r) => r.source },
        { header: 'destination', value: (r) => r.destination },
        { header: 'status', value: (r) => r.status },
        { header: 'error', value: (r) => r.errors },
      ],
      ctx.out.tableLayout,
      ctx.out.style.bold,
    ),
  );
  if (failed.length > 0) {
    ctx.out.error(`error: ${failed.length} of ${rows.length} mappings are invalid`);
    return 1;
  }
  ctx.out.success(`All ${rows.length} mappings are valid`);
  return 0;
}

function defineValidate(mapping: GroupCommand) {
  return mappingOptions(mapping.command('validate').description('Ask Data Prep whether a mapping set is valid, without creating it'))
    .addHelpText('after', example('flowctl mapping validate --schema _acme.schemas.52b5… --file mapping.json'));
}

export function register(program: Program, run: Runner): void {
  const mapping = program.command('mapping').description('Mapping sets from source columns to XDM fields (Data Prep)');

  mappingOptions(mapping.command('create').description('Create a mapping set'))
    .option('--name <name>', 'mapping set name (default: "flowctl mapping <time>")')
    .addHelpText(
      'after',
      example(
        'flowctl mapping create --schema _acme.schemas.52b5… --map full_name=person.name.fullName --map email=personalEmail.address',
        'flowctl mapping create --schema _acme.schemas.52b5… --file mapping.csv',
      ),
    )
    .action(
      run(async (ctx, flags) => {
        const body = await mappingSetBody(ctx, flags);
        body.name ??= `flowctl mapping ${new Date(ctx.now()).toISOString().replace(/\.\d+Z$/, 'Z')}`;
        const client = await ctx.client();
        await checkDestinations(client, body, flags);
        await checkExpressions(client, expressionsOf(body.mappings));
        const created = await client.dataPrep.mappingSets.create(body);
        ctx.out.created('mapping set', created.id, created, `version ${created.version}`);
      }),
    );

  defineValidate(mapping).action(run(validate));

  registerPreview(mapping, run);

  mapping
    .command('get')
    .description('Show a mapping set, at its latest version or at ID@VERSION')
    .argument('<id[@version]>', 'mapping set id (32 hex characters), optionally @version')
    .addHelpText('after', example('flowctl mapping get 0b090130b58b4819afc78b6dc98b484d', 'flowctl mapping get 0b090130b58b4819afc78b6dc98b484d@2 --json'))
    .action(
      run(async (ctx, _flags, [ref]) => {
        const { id, version } = parseMappingRef(ref, 'mapping set id');
        const item = await (await ctx.client()).dataPrep.mappingSets.get(id, version);
        ctx.out.result(item, () => {
          const head = formatFields(
            [
              ['Id', item.id],
              ['Name', item.name],
              ['Version', item.version],
              ['Schema', item.outputSchema?.schemaRef?.id],
              ['Created', formatTime(item.createdDate)],
            ],
            ctx.out.style.dim,
          );
          const table = formatTable(
            item.mappings ?? [],
            [
              { header: 'source', value: (m) => m.source },
              { header: 'destination', value: (m) => m.destination },
              { header: 'type', value: (m) => m.sourceType },
            ],
            ctx.out.tableLayout || true,
            ctx.out.style.bold,
          );
          return `${head}\n${table}`;
        });
      }),
    );

  mapping
    .command('list')
    .description('List mapping sets')
    .option('--limit <n>', LIMIT_HELP)
    .option('--all', ALL_HELP)
    .addHelpText('after', example('flowctl mapping list'))
    .action(
      run(
        listAction({
          query: (_flags, maxItems) => (client) => client.dataPrep.mappingSets.list({ maxItems }),
          columns: [
            { header: 'id', value: (m) => m.id },
            { header: 'name', value: (m) => m.name },
            { header: 'version', value: (m) => m.version },
            { header: 'mappings', value: (m) => m.mappings?.length },
            { header: 'created', value: (m) => formatTime(m.createdDate) },
          ],
        }),
      ),
    );
}
