// Wraps every command's action: builds its context from the merged global options, runs it, prints what a
// dry run would have sent, and turns any failure into one line on stderr and an exit code.
// The context and error reporting load when an action runs, not when `--help` is printed.

import type { Command } from 'commander';
import type { CommandContext, GlobalOptions } from './context.js';
import { ExitCode } from './exit-codes.js';
import type { CliIO } from './io.js';

export interface RunState {
  exitCode: number;
}

export type Handler<O> = (ctx: CommandContext, options: O, args: string[]) => Promise<void | number>;

export type Runner = <O>(handler: Handler<O>) => (...args: unknown[]) => Promise<void>;

export function createRunner(io: CliIO, state: RunState): Runner {
  return <O>(handler: Handler<O>) =>
    async (...args: unknown[]) => {
      const command = args[args.length - 1] as Command;
      const positional = args.slice(0, -2).flat().filter((a): a is string => typeof a === 'string');
      const globals = command.optsWithGlobals<GlobalOptions>();
      const { CommandContext } = await import('./context.js');
      const ctx = new CommandContext(io, globals);
      try {
        const code = await handler(ctx, command.opts() as O, positional);
        if (ctx.dryRun && !ctx.dryRunDescribed) ctx.out.dryRunRequests(ctx.dryRunRequests);
        state.exitCode = typeof code === 'number' ? code : ExitCode.OK;
      } catch (error) {
        const { reportError, exitCodeFor } = await import('./report-error.js');
        const group = command.parent?.name() ?? command.name();
        const report = reportError(error, { command: group, debug: globals.debug === true, secrets: ctx.secrets });
        ctx.out.error(report.line);
        if (report.stack) io.stderr.write(`${report.stack}\n`);
        state.exitCode = exitCodeFor(error);
      }
    };
}
