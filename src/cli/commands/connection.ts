// flowctl connection create | get | list | delete | test | explore | specs
// Base connections hold a database's address and credentials (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/create/databases/mysql,
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/explore/tabular).

import { Option } from '@commander-js/extra-typings';
import type { CommandContext } from '../context.js';
import { InvalidInputError } from '../../platform/errors.js';
import { checkUuid } from '../../platform/ids.js';
import { checkTablePath, printable } from '../../platform/text.js';
import { redact, scrubText } from '../../platform/redact.js';
import { createBaseConnection } from '../../platform/base-connection.js';
import { checkConnectionStringFormat } from '../../platform/connection-auth.js';
import type { PlatformClient } from '../../platform/client.js';
import { CONNECTION_SPECS, type ResolvedConnectionSpec, resolveConnectionSpec } from '../../platform/specs.js';
import { formatTime } from '../../output/format.js';
import { specLabel } from '../describe.js';
import { checkText, collect, example, LIMIT_HELP, ALL_HELP } from '../options.js';
import type { GroupCommand, Program } from '../program.js';
import type { FlagsOf, Runner } from '../runner.js';
import { addDelete, addGet, listAction, type ResourceKind } from '../resource-commands.js';
import { ExitCode } from '../exit-codes.js';

/** The flags that carry a connection's credential (shared with `onboard`). */
export interface CredentialFlags {
  connectionString?: string;
  connectionStringFile?: string;
  param?: string[];
  paramsFile?: string;
}

/** `--spec`: a database by name or a connection spec UUID (specs.ts). */
export function resolveSpec(value: string): ResolvedConnectionSpec {
  const resolved = resolveConnectionSpec(value);
  if ('problem' in resolved) throw new InvalidInputError('--spec', resolved.problem);
  return resolved;
}

/**
 * The auth params from the credential flags; every value read is remembered as a secret. A connection string is
 * checked against the database's documented format here, before any request (the spec's own pattern, which
 * needs the Platform's spec, judges it again when the connection is made).
 */
export async function readParams(ctx: CommandContext, flags: CredentialFlags, spec: ResolvedConnectionSpec): Promise<Record<string, unknown>> {
  const params: Record<string, unknown> = {};
  if (flags.paramsFile !== undefined) {
    const text = await ctx.readSecret(flags.paramsFile, '--params-file');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new InvalidInputError('--params-file', 'must hold a JSON object of auth params');
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InvalidInputError('--params-file', 'must hold a JSON object of auth params');
    for (const v of Object.values(parsed)) if (typeof v === 'string') ctx.secrets.push(v);
    Object.assign(params, parsed);
  }
  for (const pair of flags.param ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new InvalidInputError('--param', `"${pair.split('=')[0]}" must look like KEY=VALUE`);
    const value = pair.slice(at + 1);
    ctx.secrets.push(value);
    params[pair.slice(0, at)] = value;
  }
  if (flags.connectionString !== undefined) {
    ctx.secrets.push(flags.connectionString);
    ctx.out.warn('a connection string on the command line is visible in shell history and `ps`; prefer --connection-string-file FILE (or - for stdin)');
    params['connectionString'] = flags.connectionString;
  }
  if (flags.connectionStringFile !== undefined) params['connectionString'] = await ctx.readSecret(flags.connectionStringFile, '--connection-string-file');
  if (typeof params['connectionString'] === 'string' && params['connectionString'].trim() === '') {
    throw new InvalidInputError('--connection-string', 'must not be empty');
  }
  if (typeof params['connectionString'] === 'string') checkConnectionStringFormat(params['connectionString'], spec.entry, '--connection-string');
  if (Object.keys(params).length === 0) {
    throw new InvalidInputError('--connection-string-file', 'a credential is required: --connection-string-file FILE, --params-file FILE or --param KEY=VALUE');
  }
  return params;
}

async function create(ctx: CommandContext, flags: FlagsOf<typeof defineCreate>): Promise<number> {
  const spec = resolveSpec(flags.spec);
  const specId = spec.id;
  const name = checkText('--name', flags.name);
  const description = checkText('--description', flags.description, 1024);
  const params = await readParams(ctx, flags, spec);
  const client = await ctx.client();
  const { created, name: createdName } = await createBaseConnection(
    client,
    { specId, params, authSpec: flags.authSpec, name, description: description ?? 'Created by flowctl' },
    {
      reading: (label, task) => ctx.out.spin(label, task),
      // Normalising rewrote the string: the new one is as secret as the one read, and so is the password alone
      // (a database's refusal, quoted by the test, may echo it).
      onSecrets: (values) => ctx.secrets.push(...values),
    },
  );
  // A dry run created nothing to test.
  if (flags.test && !ctx.dryRun) {
    const failure = await testFailure(ctx, client, created.id);
    if (failure !== undefined) return discard(ctx, client, created.id, failure);
  }
  ctx.out.created('connection', created.id, created, createdName);
  if (flags.test && !ctx.dryRun) ctx.out.success('Tested: the Platform reached the database');
  return ExitCode.OK;
}

/** Why the new connection failed its test (a `false` result or an error answer), or undefined when it works. */
async function testFailure(ctx: CommandContext, client: PlatformClient, id: string): Promise<string | undefined> {
  try {
    const result = await ctx.out.spin('Testing the connection', () => client.flowService.connections.test(id));
    return result === false ? 'the Platform could not reach the database — check the host, port, database and credentials' : undefined;
  } catch (error) {
    // The Platform's own words, with any secret it echoed scrubbed.
    return printable(scrubText(error instanceof Error ? error.message : String(error), ctx.secrets));
  }
}

/** `--test` failed: delete the connection again, so that a bad credential leaves nothing behind. */
async function discard(ctx: CommandContext, client: PlatformClient, id: string, failure: string): Promise<number> {
  try {
    await client.flowService.connections.delete(id);
  } catch (error) {
    const why = printable(scrubText(error instanceof Error ? error.message : String(error), ctx.secrets));
    ctx.out.error(`error: connection ${id} failed its test: ${failure}; deleting it failed too (${why}): run flowctl connection delete ${id}`);
    return ExitCode.FAILURE;
  }
  ctx.out.error(`error: connection ${id} failed its test, so it was deleted again: ${failure}`);
  return ExitCode.FAILURE;
}

function defineCreate(connection: GroupCommand) {
  return connection
    .command('create')
    .description('Create a base connection to a database')
    .requiredOption('--spec <name|id>', 'database: mysql, mariadb, postgresql, oracle, sqlserver, … (`flowctl connection specs` lists them) or a spec UUID')
    .addOption(new Option('--connection-string-file <file>', 'read the connection string from FILE (- for stdin): keeps the password out of history').conflicts('connectionString'))
    .option('--connection-string <string>', 'the connection string (visible in shell history: prefer the -file form)')
    .option('--param <key=value>', 'an auth param for specs without a connection string (repeatable)', collect)
    .option('--params-file <file>', 'auth params as a JSON object from FILE (- for stdin)')
    .option('--auth-spec <name>', 'auth spec name (default: the one of the spec that the params satisfy)')
    .option('--name <name>', 'connection name (default: database and host from the connection string)')
    .option('--description <text>', 'description')
    .option('--test', 'test it before printing its id; delete it again if the test fails')
    .addHelpText(
      'after',
      example(
        "printf '%s' 'Server=db.example.com;Port=3306;Database=shop;UID=reader;PWD=…' > conn.txt",
        'flowctl connection create --spec mysql --connection-string-file conn.txt --name shop-db --test',
        'op read op://vault/shop/connstring | flowctl connection create --spec mariadb --connection-string-file -',
        'flowctl connection create --spec redshift --params-file redshift.json',
      ),
    );
}

function registerGet(connection: GroupCommand, run: Runner): void {
  addGet(connection, run, CONNECTION, {
    description: 'Show a base connection (credentials masked)',
    read: async (client, id) => redact(await client.flowService.connections.get(id)),
    fields: (item) => [
      ['Id', item.id],
      ['Name', item.name],
      ['Description', item.description],
      ['Spec', specLabel(item.connectionSpec.id)],
      ['State', item.state],
      ['Auth', item.auth?.specName],
      ...Object.entries(item.auth?.params ?? {}).map(([k, v]) => [`  ${k}`, typeof v === 'string' ? v : JSON.stringify(v)] as const),
      ['Created', formatTime(item.createdAt)],
      ['Updated', formatTime(item.updatedAt)],
      ['Etag', item.etag],
    ],
  });
}

function registerList(connection: GroupCommand, run: Runner): void {
  connection
    .command('list')
    .description('List base connections')
    .option('--spec <name|id>', 'only connections of this database')
    .option('--limit <n>', LIMIT_HELP)
    .option('--all', ALL_HELP)
    .addHelpText('after', example('flowctl connection list', 'flowctl connection list --spec mysql --json'))
    .action(
      run(
        listAction({
          query: (flags, maxItems) => {
            const filters = flags.spec === undefined ? [] : [`connectionSpec.id==${resolveSpec(flags.spec).id}`];
            return (client) => client.flowService.connections.list({ filters, maxItems });
          },
          shown: (c) => redact(c),
          columns: [
            { header: 'id', value: (c) => c.id },
            { header: 'name', value: (c) => c.name },
            { header: 'spec', value: (c) => specLabel(c.connectionSpec.id) },
            { header: 'state', value: (c) => c.state },
            { header: 'created', value: (c) => formatTime(c.createdAt) },
          ],
        }),
      ),
    );
}

function registerDelete(connection: GroupCommand, run: Runner): void {
  addDelete(connection, run, CONNECTION, {
    description: 'Delete a base connection (the Platform refuses while a flow uses it)',
    remove: (client, id) => client.flowService.connections.delete(id),
  });
}

function registerTest(connection: GroupCommand, run: Runner): void {
  connection
    .command('test')
    .description('Check that the Platform can reach the database with the stored credentials')
    .argument('<id>', 'connection id')
    .addHelpText('after', example('flowctl connection test 1a444165-3439-4c16-8441-653439dc166a'))
    .action(
      run(async (ctx, _flags, [id]) => {
        const connectionId = checkUuid(id, 'connection id');
        const client = await ctx.client();
        const result = await ctx.out.spin('Testing the connection', () => client.flowService.connections.test(connectionId));
        const ok = result !== false;
        if (ctx.out.json) ctx.out.result({ id: connectionId, result: ok }, () => '');
        if (!ok) {
          ctx.out.error(`error: connection ${connectionId} failed its test — check the host, port, database and credentials`);
          return 1;
        }
        ctx.out.success(`Connection ${connectionId} works`);
        return 0;
      }),
    );
}

function registerExplore(connection: GroupCommand, run: Runner): void {
  connection
    .command('explore')
    .description('List the tables of a database, or the columns of one table with their types')
    .argument('<id>', 'connection id')
    .option('--table <path>', 'a table path as listed (schema.table): show its columns')
    .addHelpText('after', example('flowctl connection explore 1a444165-…', 'flowctl connection explore 1a444165-… --table shop.customers'))
    .action(
      run(async (ctx, flags, [id]) => {
        const connectionId = checkUuid(id, 'connection id');
        const table = flags.table === undefined ? undefined : checkTablePath(flags.table, '--table');
        const client = await ctx.client();
        if (table === undefined) {
          const tables = await ctx.out.spin('Listing tables', () => client.flowService.connections.explore(connectionId));
          ctx.out.table(tables, [
            { header: 'path', value: (t) => t.path },
            { header: 'type', value: (t) => t.type },
            { header: 'name', value: (t) => t.name },
          ]);
          return;
        }
        const structure = await ctx.out.spin(`Reading ${table}`, () => client.flowService.connections.exploreTable(connectionId, table));
        ctx.out.table(
          structure.schema.columns,
          [
            { header: 'column', value: (c) => c.name },
            { header: 'type', value: (c) => c.type },
            { header: 'xdm type', value: (c) => c.xdm?.type },
            { header: 'xdm format', value: (c) => c.xdm?.format ?? (c['meta:xdmType'] as string | undefined) },
          ],
          structure,
        );
      }),
    );
}

function registerSpecs(connection: GroupCommand, run: Runner): void {
  connection
    .command('specs')
    .description('List the databases flowctl knows by name (no request is sent)')
    .addHelpText('after', example('flowctl connection specs'))
    .action(
      run(async (ctx) => {
        ctx.out.table(CONNECTION_SPECS, [
          { header: 'name', value: (s) => s.key },
          { header: 'database', value: (s) => s.title },
          { header: 'spec id', value: (s) => s.id },
          { header: 'auth', value: (s) => [...new Set(s.authSpecs.map((a) => a.params.join('+')))].join(' | ') },
        ]);
      }),
    );
}

const CONNECTION: ResourceKind = { noun: 'connection', checkId: checkUuid, exampleId: '1a444165-3439-4c16-8441-653439dc166a' };

export function register(program: Program, run: Runner): void {
  const connection = program.command('connection').description('Base connections to databases: create, test, explore tables');

  defineCreate(connection).action(run(create));
  registerGet(connection, run);
  registerList(connection, run);
  registerDelete(connection, run);
  registerTest(connection, run);
  registerExplore(connection, run);
  registerSpecs(connection, run);
}
