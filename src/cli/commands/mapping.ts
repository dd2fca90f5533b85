// flowctl mapping create | validate | get | list
// Data Prep mapping sets: source columns → XDM fields of the target schema (platform-api.md §6).

import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { InvalidInputError } from '../../platform/errors.js';
import { parseMappingRef, schemaUri } from '../../platform/ids.js';
import { parseMapFlag, parseMappingFile } from '../../platform/mapping.js';
import type { PlatformClient } from '../../platform/client.js';
import type { MappingSetCreate } from '../../platform/models/data-prep.js';
import { schemaFieldPaths, similarPaths } from '../../platform/schema-fields.js';
import { XED_FULL_V1 } from '../../platform/specs.js';
import { formatTime } from '../../output/format.js';
import { formatFields, formatTable } from '../../output/table.js';
import { ALL_HELP, checkText, collect, example, LIMIT_HELP, type ListFlags, maxItems, take } from '../options.js';
import type { Runner } from '../runner.js';

interface MappingFlags {
  schema?: string;
  map?: string[];
  file?: string;
  name?: string;
}

/** The mapping set body from --schema and --map pairs or a --file (JSON, legacy JSON or CSV). */
async function mappingSetBody(ctx: CommandContext, flags: MappingFlags): Promise<MappingSetCreate> {
  if (flags.map && flags.file) throw new InvalidInputError('--map', 'give either --map pairs or --file, not both');
  if (!flags.map && !flags.file) throw new InvalidInputError('--map', 'at least one mapping is required: --map SOURCE=xdm.path (repeatable) or --file FILE');
  const fromFile = flags.file === undefined ? undefined : parseMappingFile(await ctx.readTextFile(flags.file, '--file'), flags.file);
  const mappings = fromFile?.mappings ?? (flags.map ?? []).map(parseMapFlag);
  const fileSchema = fromFile?.schemaId === undefined ? undefined : schemaUri(fromFile.schemaId, `${flags.file} schema`);
  const schema = flags.schema === undefined ? fileSchema : schemaUri(flags.schema, '--schema');
  if (schema === undefined) throw new InvalidInputError('--schema', 'is required (the target schema $id or meta:altId)');
  if (fileSchema !== undefined && fileSchema !== schema) throw new InvalidInputError('--schema', `differs from the schema named in ${flags.file} (${fileSchema})`);
  const destinations = new Set<string>();
  for (const m of mappings) {
    if (destinations.has(m.destination)) throw new InvalidInputError('--map', `destination ${m.destination} is mapped twice`);
    destinations.add(m.destination);
  }
  const name = checkText('--name', flags.name);
  return {
    ...(name !== undefined && { name }),
    outputSchema: { schemaRef: { id: schema, contentType: XED_FULL_V1 } },
    mappings,
  };
}

/**
 * Every destination must be a field of the target schema: read it (full representation) and say which mapping
 * is wrong, with fields that look like it, before the mapping set is sent (exit 2, nothing created).
 */
async function checkDestinations(client: PlatformClient, body: MappingSetCreate, flags: MappingFlags): Promise<void> {
  const schemaId = body.outputSchema.schemaRef.id;
  const known = schemaFieldPaths(await client.schemaRegistry.getSchema(schemaId, 'full'));
  if (known.size === 0) return; // Nothing to check against (a schema without fields): Data Prep will judge.
  const wrong = body.mappings.find((m) => !known.has(m.destination));
  if (!wrong) return;
  const like = similarPaths(wrong.destination, known);
  throw new InvalidInputError(
    flags.file === undefined ? '--map' : `--file ${flags.file}`,
    `"${wrong.destination}" (the destination of ${wrong.source}) is not a field of schema ${schemaId}${like.length > 0 ? `; fields like it: ${like.join(', ')}` : ''} (\`flowctl schema get ID --full\` lists them)`,
  );
}

function mappingOptions(command: Command): Command {
  return command
    .option('--schema <id>', 'target schema $id or meta:altId (may come from the file)')
    .option('--map <source=xdm.path>', 'map a source column to an XDM path (repeatable)', collect)
    .option('--file <file>', 'mappings from a .json (documented or legacy shape) or .csv (source,destination[,sourceType]) file');
}

export function register(program: Command, run: Runner): void {
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
      run<MappingFlags>(async (ctx, flags) => {
        const body = await mappingSetBody(ctx, flags);
        body.name ??= `flowctl mapping ${new Date(ctx.now()).toISOString().replace(/\.\d+Z$/, 'Z')}`;
        const client = await ctx.client();
        await checkDestinations(client, body, flags);
        const created = await client.dataPrep.createMappingSet(body);
        ctx.out.created('mapping set', created.id, created, `version ${created.version}`);
      }),
    );

  mappingOptions(mapping.command('validate').description('Ask Data Prep whether a mapping set is valid, without creating it'))
    .addHelpText('after', example('flowctl mapping validate --schema _acme.schemas.52b5… --file mapping.json'))
    .action(
      run<MappingFlags>(async (ctx, flags) => {
        const body = await mappingSetBody(ctx, flags);
        const result = await (await ctx.client()).dataPrep.validateMappingSet(body);
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
            ctx.out.stdoutIsTTY,
            ctx.out.style.bold,
          ),
        );
        if (failed.length > 0) {
          ctx.out.error(`error: ${failed.length} of ${rows.length} mappings are invalid`);
          return 1;
        }
        ctx.out.success(`All ${rows.length} mappings are valid`);
        return 0;
      }),
    );

  mapping
    .command('get')
    .description('Show a mapping set, at its latest version or at ID@VERSION')
    .argument('<id[@version]>', 'mapping set id (32 hex characters), optionally @version')
    .addHelpText('after', example('flowctl mapping get 0b090130b58b4819afc78b6dc98b484d', 'flowctl mapping get 0b090130b58b4819afc78b6dc98b484d@2 --json'))
    .action(
      run(async (ctx, _flags, [ref]) => {
        const { id, version } = parseMappingRef(ref ?? '', 'mapping set id');
        const item = await (await ctx.client()).dataPrep.getMappingSet(id, version);
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
            true,
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
      run<ListFlags>(async (ctx, flags) => {
        const limit = maxItems(flags);
        const items = await take((await ctx.client()).dataPrep.listMappingSets({ maxItems: limit }));
        ctx.out.table(items, [
          { header: 'id', value: (m) => m.id },
          { header: 'name', value: (m) => m.name },
          { header: 'version', value: (m) => m.version },
          { header: 'mappings', value: (m) => m.mappings?.length },
          { header: 'created', value: (m) => formatTime(m.createdDate) },
        ]);
      }),
    );
}
