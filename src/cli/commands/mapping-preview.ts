// flowctl mapping preview: how sample rows of a table would land in XDM through a mapping, before any mapping
// set, schema or flow exists. The rows come from the source (`explore … preview=true`), the mapping runs on the
// Platform (`POST /mappingSets/preview`), so what it shows is what a run would write — or reject, and why.
//
// With --schema (or a file naming one) the mapping goes to that schema. Without, to the fields `onboard` would
// create for these mappings (custom fields typed from their column, or for a calculated field from the function
// it ends in), given inline: nothing is created either way.

import type { CommandContext } from '../context.js';
import { InvalidInputError } from '../../platform/errors.js';
import { checkUuid } from '../../platform/ids.js';
import type { Mapping, PreviewMappingSet } from '../../platform/models/data-prep.js';
import { checkTablePath } from '../../platform/text.js';
import { XED_FULL_V1 } from '../../platform/specs.js';
import { planFields, type TableColumn } from '../../onboard/infer.js';
import { checkExpressions } from '../../onboard/expressions.js';
import { inlineSchema, previewSample } from '../../onboard/preview.js';
import { formatPreview } from '../../output/preview.js';
import { checkDestinations, expressionsOf, type MappingFlags, mappingOptions, readMappings, targetSchema } from '../mapping-input.js';
import { example, parseInteger } from '../options.js';
import type { GroupCommand } from '../program.js';
import type { FlagsOf, Runner } from '../runner.js';

/** A mapped column the table does not have, with the columns that look like it. */
function checkColumns(mappings: readonly Mapping[], columns: readonly TableColumn[], flags: MappingFlags): void {
  const names = columns.map((c) => c.name);
  const wrong = mappings.find((m) => m.sourceType === 'ATTRIBUTE' && !names.includes(m.source));
  if (!wrong) return;
  const folded = names.find((n) => n.toLowerCase() === wrong.source.toLowerCase());
  throw new InvalidInputError(
    flags.file === undefined ? '--map' : `--file ${flags.file}`,
    `column "${wrong.source}" (mapped to ${wrong.destination}) is not in the table${folded ? `; column names are case sensitive: did you mean "${folded}"?` : `; its columns: ${names.join(', ')}`}`,
  );
}

/** Without a schema: the fields onboarding would make for exactly these mappings, as an inline JSON schema. */
async function onboardingSchema(ctx: CommandContext, mappings: readonly Mapping[], columns: readonly TableColumn[]): Promise<PreviewMappingSet['outputSchema']> {
  const { tenantId } = await (await ctx.client()).schemaRegistry.stats();
  const overrides = Object.fromEntries(mappings.map((m) => [m.sourceType === 'STATIC' ? JSON.stringify(m.source) : m.source, m.destination]));
  const wanted = new Set(mappings.map((m) => m.destination));
  const fields = planFields(columns, tenantId, overrides).filter((f) => wanted.has(f.destination));
  return { jsonSchema: inlineSchema(fields) };
}

async function preview(ctx: CommandContext, flags: FlagsOf<typeof definePreview>): Promise<number> {
  const connectionId = checkUuid(flags.connection, '--connection');
  const table = checkTablePath(flags.table, '--table');
  const rows = parseInteger('--rows', flags.rows, { min: 1, max: 100 });
  const { mappings, fileSchema } = await readMappings(ctx, flags);
  const schema = targetSchema(flags, fileSchema);
  const client = await ctx.client();
  const sample = await client.flowService.connections.previewTable(connectionId, table);
  checkColumns(mappings, sample.schema.columns, flags);
  await checkExpressions(client, expressionsOf(mappings));
  let outputSchema: PreviewMappingSet['outputSchema'];
  if (schema === undefined) outputSchema = await onboardingSchema(ctx, mappings, sample.schema.columns);
  else {
    outputSchema = { schemaRef: { id: schema, contentType: XED_FULL_V1 } };
    await checkDestinations(client, { outputSchema, mappings }, flags);
  }
  const result = await previewSample(client, { table, sample: sample.data.slice(0, rows), mappings, outputSchema });
  const rejected = result.rows.filter((r) => r.errors.length > 0).length;
  ctx.out.result({ ...result, summary: { rows: result.rows.length, mapped: result.rows.length - rejected, rejected } }, () => formatPreview(result, ctx.out.style));
  if (rejected > 0) {
    ctx.out.error(`error: ${rejected} of ${result.rows.length} sampled rows would be rejected`);
    return 1;
  }
  return 0;
}

function definePreview(mapping: GroupCommand) {
  return mappingOptions(mapping.command('preview').description('Show how sample rows of a table would land in XDM through a mapping, before anything is created'))
    .requiredOption('--connection <id>', 'base connection to sample the table through')
    .requiredOption('--table <path>', 'table path as `connection explore` lists it (schema.table)')
    .option('--rows <n>', 'rows to preview, 1–100 (the source decides how many it samples)', '5')
    .addHelpText(
      'after',
      example(
        `flowctl mapping preview --connection 1a444165-… --table shop.customers --map 'concat(first_name, " ", last_name)=person.name.fullName' --map 'sha256(lower(email))=_acme.emailHash'`,
        'flowctl mapping preview --connection 1a444165-… --table shop.customers --schema _acme.schemas.52b5… --file mapping.json --json',
      ),
    );
}

export function registerPreview(mapping: GroupCommand, run: Runner): void {
  definePreview(mapping).action(run(preview));
}
