// Entry point of the CLI (bin/flowctl.js calls main). Returns the exit code instead of exiting, so that tests
// run it in-process and Node finishes writing output before the process ends.

import { CommanderError } from 'commander';
import { ExitCode } from './exit-codes.js';
import { type CliIO, processIO } from './io.js';
import { createProgram, registerGroups } from './program.js';
import type { RunState } from './runner.js';

const CLEAN_EXITS = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  // Stack traces (--debug) should point at src/, not at the bundle.
  if (argv.includes('--debug')) process.setSourceMapsEnabled(true);
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
