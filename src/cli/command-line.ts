// The full command line: commander, every command group and the runner, loaded by main.ts once a command is
// more than `--help` or `--version`.

import { CommanderError } from '@commander-js/extra-typings';
import { ExitCode } from './exit-codes.js';
import type { CliIO } from './io.js';
import { createProgram, registerGroups } from './program.js';
import { GROUPS } from './registry.js';
import type { RunState } from './runner.js';

const CLEAN_EXITS = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

export async function runCommandLine(argv: readonly string[], io: CliIO): Promise<number> {
  const state: RunState = { exitCode: ExitCode.OK };
  const program = createProgram(io);
  await registerGroups(program, argv, async () => (await import('./runner.js')).createRunner(io, state));
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successes; every other commander error is bad usage, already printed.
      return CLEAN_EXITS.has(error.code) && error.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    }
    throw error;
  }
  return state.exitCode;
}

/** Every command's words (`['flow', 'list']`), groups included: the build renders each one's `--help` ahead. */
export async function commandPaths(io: CliIO): Promise<string[][]> {
  const paths: string[][] = [];
  for (const group of GROUPS) {
    const program = createProgram(io);
    await registerGroups(program, [group.name], async () => (await import('./runner.js')).createRunner(io, { exitCode: ExitCode.OK }));
    const walk = (command: { name(): string; commands: readonly unknown[] }, path: string[]) => {
      paths.push(path);
      for (const sub of command.commands as (typeof command)[]) walk(sub, [...path, sub.name()]);
    };
    const registered = program.commands.find((c) => c.name() === group.name);
    if (registered) walk(registered, [group.name]);
  }
  return paths;
}
