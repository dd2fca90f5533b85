// What the mapping commands read from their flags: the mappings (--map pairs or a --file), the target schema
// (--schema or the file), and the check that every destination is a field of that schema.

import type { Command, OptionValues } from '@commander-js/extra-typings';
import type { CommandContext } from './context.js';
import { InvalidInputError } from '../platform/errors.js';
import { schemaUri } from '../platform/ids.js';
import { parseMapFlag, parseMappingFile } from '../platform/mapping.js';
import type { PlatformClient } from '../platform/client.js';
import type { Mapping, MappingSetCreate } from '../platform/models/data-prep.js';
import { schemaFieldPaths, similarPaths } from '../platform/schema-fields.js';
import { collect } from './options.js';

export interface MappingFlags {
  schema?: string;
  map?: string[];
  file?: string;
  name?: string;
}

/** The mappings from --map pairs or a --file (JSON, legacy JSON, `mapping get --json` output, or CSV). */
export async function readMappings(ctx: CommandContext, flags: MappingFlags): Promise<{ mappings: Mapping[]; fileSchema: string | undefined }> {
  if (flags.map && flags.file) throw new InvalidInputError('--map', 'give either --map pairs or --file, not both');
  if (!flags.map && !flags.file) throw new InvalidInputError('--map', 'at least one mapping is required: --map SOURCE=xdm.path (repeatable) or --file FILE');
  const fromFile = flags.file === undefined ? undefined : parseMappingFile(await ctx.readTextFile(flags.file, '--file'), flags.file);
  const mappings = fromFile?.mappings ?? (flags.map ?? []).map(parseMapFlag);
  const destinations = new Set<string>();
  for (const m of mappings) {
    if (destinations.has(m.destination)) throw new InvalidInputError(flags.file === undefined ? '--map' : `--file ${flags.file}`, `destination ${m.destination} is mapped twice`);
    destinations.add(m.destination);
  }
  const fileSchema = fromFile?.schemaId === undefined ? undefined : schemaUri(fromFile.schemaId, `${flags.file} schema`);
  return { mappings, fileSchema };
}

/** The target schema from --schema or the file (they must agree); undefined when neither names one. */
export function targetSchema(flags: MappingFlags, fileSchema: string | undefined): string | undefined {
  const schema = flags.schema === undefined ? fileSchema : schemaUri(flags.schema, '--schema');
  if (fileSchema !== undefined && fileSchema !== schema) throw new InvalidInputError('--schema', `differs from the schema named in ${flags.file} (${fileSchema})`);
  return schema;
}

/**
 * Every destination must be a field of the target schema: read it (full representation) and say which mapping
 * is wrong, with fields that look like it, before the mapping set is sent (exit 2, nothing created).
 */
export async function checkDestinations(client: PlatformClient, body: MappingSetCreate, flags: MappingFlags): Promise<void> {
  const schemaId = body.outputSchema.schemaRef.id;
  const known = schemaFieldPaths(await client.schemaRegistry.schemas.get(schemaId, 'full'));
  if (known.size === 0) return; // Nothing to check against (a schema without fields): Data Prep will judge.
  const wrong = body.mappings.find((m) => !known.has(m.destination));
  if (!wrong) return;
  const like = similarPaths(wrong.destination, known);
  throw new InvalidInputError(
    flags.file === undefined ? '--map' : `--file ${flags.file}`,
    `"${wrong.destination}" (the destination of ${wrong.source}) is not a field of schema ${schemaId}${like.length > 0 ? `; fields like it: ${like.join(', ')}` : ''} (\`flowctl schema get ID --full\` lists them)`,
  );
}

/** The flags that give a mapping; generic so that the command keeps its flags' types. */
export function mappingOptions<Args extends unknown[], Flags extends OptionValues, Globals extends OptionValues>(command: Command<Args, Flags, Globals>) {
  return command
    .option('--schema <id>', 'target schema $id or meta:altId (may come from the file)')
    .option('--map <source=xdm.path>', 'map a source column, or an expression (a calculated field: lower(email)), to an XDM path (repeatable)', collect)
    .option('--file <file>', 'mappings from a .json (documented or legacy shape) or .csv (source,destination[,sourceType]) file');
}

/** The calculated fields' expressions, to be checked by the Platform before anything is sent that uses them. */
export function expressionsOf(mappings: readonly Mapping[]): string[] {
  return mappings.filter((m) => m.sourceType === 'EXPRESSION').map((m) => m.source);
}
