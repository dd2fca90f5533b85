// Wraps every command's action: builds its context from the merged global options, runs it, prints what a
// dry run would have sent, and turns any failure into one line on stderr and an exit code.
// The context and error reporting load when an action runs, not when `--help` is printed.
//
// The handler's flags and arguments are typed by the command they run for: `command.action(run(handler))` infers
// them from the `this` commander calls an action with, a command whose type (@commander-js/extra-typings) carries
// what its `.option`, `.requiredOption`, `.addOption` and `.argument` calls define. A handler that reads a flag
// the command does not define, or reads it as the wrong type, does not compile.

import type { Command, OptionValues } from '@commander-js/extra-typings';
import type { CommandContext, GlobalOptions } from './context.js';
import { ExitCode } from './exit-codes.js';
import type { CliIO } from './io.js';

export interface RunState {
  exitCode: number;
}

export type Handler<Args extends unknown[], Flags> = (ctx: CommandContext, flags: Flags, args: Args) => Promise<void | number>;

/** A command's action as commander calls it: with `this` the command, whose type gives the handler's. */
export type Action<Args extends unknown[], Flags extends OptionValues, Globals extends GlobalOptions> = (this: Command<Args, Flags, Globals>) => Promise<void>;

export type Runner = <Args extends unknown[], Flags extends OptionValues, Globals extends GlobalOptions>(handler: Handler<Args, Flags>) => Action<Args, Flags, Globals>;

/** The type of the flags a command built by `define` parses: for a handler written apart from its command. */
export type FlagsOf<Define extends (...args: never[]) => { opts(): OptionValues }> = ReturnType<ReturnType<Define>['opts']>;

export function createRunner(io: CliIO, state: RunState): Runner {
  return (handler) =>
    async function (this) {
      const globals: GlobalOptions = this.optsWithGlobals();
      const { CommandContext } = await import('./context.js');
      const ctx = new CommandContext(io, globals);
      try {
        const code = await handler(ctx, this.opts(), this.processedArgs);
        if (ctx.dryRun && !ctx.dryRunDescribed) ctx.out.dryRunRequests(ctx.dryRunRequests);
        state.exitCode = typeof code === 'number' ? code : ExitCode.OK;
      } catch (error) {
        const { reportError, exitCodeFor } = await import('./report-error.js');
        const group = this.parent?.name() ?? this.name();
        const report = reportError(error, { command: group, debug: globals.debug === true, secrets: ctx.secrets });
        ctx.out.error(report.line);
        if (report.stack) io.stderr.write(`${report.stack}\n`);
        state.exitCode = exitCodeFor(error);
      }
    };
}
