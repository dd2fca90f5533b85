// The root program: global options (accepted before or after the command), help and version, and the
// command groups, of which only the one being run is loaded.

import { Command, Help, Option } from '@commander-js/extra-typings';
import { VERSION } from '../version.js';
import { wantedGroup } from './argv.js';
import type { GlobalOptions } from './context.js';
import type { CliIO } from './io.js';
import { canAsk } from './confirm.js';
import { GROUPS } from './registry.js';
import type { Runner } from './runner.js';
import { reportUsageTogether } from './usage-errors.js';

/** The root program; its type carries the global options (context.ts derives GlobalOptions from it). */
export type Program = ReturnType<typeof createProgram>;

/** A command group (`flowctl dataset`): no flags of its own, the global options from the program. */
export type GroupCommand = Command<[], Record<never, never>, GlobalOptions>;

/** Programs made for a person at a terminal, who can be asked for what is missing (guided onboarding). */
const askable = new WeakSet<object>();

/** Whether `program` runs where questions can be asked (a flag a terminal would ask for is then not required). */
export function canPrompt(program: object): boolean {
  return askable.has(program);
}

/** The command line each program parses, for a requirement that depends on another flag (onboard's --connection). */
const commandLines = new WeakMap<object, readonly string[]>();

/** Whether `flag` is on the command line `program` parses (as `--flag` or `--flag=…`). */
export function givenFlag(program: object, flag: string): boolean {
  return (commandLines.get(program) ?? []).some((arg) => arg === flag || arg.startsWith(`${flag}=`));
}

// The return type is left to inference: it is what gives every command the types of the global options.
export function createProgram(io: CliIO) {
  const program = new Command('flowctl')
    .description('Set up database ingestion into Adobe Experience Platform, end to end.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('--sandbox <name>', 'sandbox to work in (default: $AEP_SANDBOX_NAME; never falls back to prod)')
    .option('--json', 'print results as JSON on stdout, nothing else')
    .option('--dry-run', 'print the requests that would change anything instead of sending them')
    .option('--debug', 'log requests and responses on stderr (secrets masked)')
    .option('--no-color', 'no colours (also: NO_COLOR=1)')
    .addOption(new Option('--platform-url <url>', 'Platform gateway (default: $AEP_PLATFORM_URL or https://platform.adobe.io)').hideHelp())
    .configureHelp({
      showGlobalOptions: true,
      sortSubcommands: false,
      // A required flag (`.requiredOption`, `.makeOptionMandatory()`) says so in every command's --help. Settings
      // of the root's help are copied to each command made from it, so this covers them all.
      optionDescription(option) {
        const text = Help.prototype.optionDescription.call(this as Help, option);
        return option.mandatory ? `${text} (required)` : text;
      },
    })
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Commander's own errors ("unknown option", with its "Did you mean" on a line of its own) as one line.
      outputError: (text, write) => write(`${text.trim().split(/\s*\n\s*/).join(' ')} (add --help for usage)\n`),
      // Wrap help to the terminal, or to 80 columns in a pipe so that output is the same everywhere.
      getOutHelpWidth: () => (io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : 80),
      getErrHelpWidth: () => (io.stderr.isTTY && io.stderr.columns ? io.stderr.columns : 80),
    })
    .addHelpText(
      'after',
      `
The chain, one command per step:
  connection create → source create → schema create → dataset create → target create
  → mapping create → flowspec get → flow create → run list

Examples:
  $ flowctl connection create --spec mysql --connection-string-file conn.txt --name orders-db
  $ flowctl flow list --json
  $ flowctl flow create --help

Configuration comes from flags, then the environment, then ./.env (see .env.example).
Exit codes: 0 ok, 1 Platform or network failure, 2 bad usage (nothing sent), 3 auth, 4 not found,
5 plan has changes (plan; destroy, offboard without --confirm; a delete not confirmed),
6 timed out (run wait).`,
    );
  if (canAsk(io, false)) askable.add(program);
  return program;
}

/**
 * Registers the group named on the command line, fully, with its subcommands, and no other: commander needs no
 * more to run it, and seventeen commands made for nothing cost ≈ 0.3 ms. With no group named (or a mistyped one),
 * every group as a name and summary only, which is all the root help and "unknown command" suggestions need.
 */
export async function registerGroups(program: Program, argv: readonly string[], runner: () => Promise<Runner>): Promise<void> {
  commandLines.set(program, argv);
  const name = wantedGroup(argv);
  const wanted = GROUPS.find((group) => group.name === name);
  if (wanted) {
    const [module, run] = await Promise.all([wanted.load(), runner()]);
    module.register(program, run, wanted.name);
  } else {
    for (const group of GROUPS) program.command(group.name).description(group.summary);
  }
  // Every command's unknown flags and missing required flags in one message (usage-errors.ts).
  reportUsageTogether(program);
}
