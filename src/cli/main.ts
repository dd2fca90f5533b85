// Entry point of the CLI (bin/flowctl.js calls main). Returns the exit code instead of exiting, so that tests
// run it in-process and Node finishes writing output before the process ends.

import { readFileSync } from 'node:fs';
import { ExitCode } from './exit-codes.js';
import { type CliIO, processIO } from './io.js';
import type { RunState } from './runner.js';
import { VERSION } from '../version.js';

const CLEAN_EXITS = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

/**
 * `flowctl --help`, rendered by commander at build time (scripts/build.mjs writes dist/cli/help.txt): the root
 * help is what most people run first and most often, and it then costs no more than starting Node. Absent (tests
 * run from the sources) or on a terminal of another width, commander renders it as usual.
 */
function prerenderedHelp(io: CliIO): string | undefined {
  if (io.stdout.isTTY && io.stdout.columns !== undefined && io.stdout.columns !== 80) return undefined;
  try {
    return readFileSync(new URL('./help.txt', import.meta.url), 'utf8');
  } catch {
    return undefined;
  }
}

export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout.write(`${VERSION}\n`);
    return ExitCode.OK;
  }
  if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h')) {
    const help = prerenderedHelp(io);
    if (help !== undefined) {
      io.stdout.write(help);
      return ExitCode.OK;
    }
  }
  // Stack traces (--debug) should point at src/, not at the bundle.
  if (argv.includes('--debug')) process.setSourceMapsEnabled(true);
  const [{ CommanderError }, { createProgram, registerGroups }] = await Promise.all([import('commander'), import('./program.js')]);
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
