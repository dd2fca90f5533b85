// Commander stops at the first problem of a command line: a required flag missing hides a mistyped one
// (`flowctl onboard --spce mysql` said only that --table is missing, not that --spce is unknown), and of several
// missing required flags it names the first. Here, once for every command, the problems are reported together
// in one line: the unknown flag with commander's own suggestion ("Did you mean --spec?") and every required
// flag not given. Exit 2 as before (command-line.ts), nothing sent: it all happens before any action runs.

import type { CommandUnknownOpts, Option } from '@commander-js/extra-typings';

/** What commander calls on a command while checking its flags: methods it documents for overriding or calls on `this`. */
interface Checks {
  missingMandatoryOptionValue(option: Option): void;
  error(message: string, options?: { code?: string; exitCode?: number }): never;
  readonly commands: readonly CommandUnknownOpts[];
}

const MISSING_CODE = 'commander.missingMandatoryOptionValue';

export function missingText(flags: readonly string[]): string {
  const quoted = flags.map((f) => `'${f}'`).join(', ');
  return `required option${flags.length === 1 ? '' : 's'} ${quoted} not specified`;
}

/**
 * Makes `program` and every command under it report all usage problems at once. Commander checks required flags
 * (on the command run and its parents) before unknown flags and arguments: each missing one is noted instead of
 * failing there; the next error commander raises (an unknown flag, a missing argument) carries the list, and if
 * there is none, the list is the error, raised before the action.
 */
export function reportUsageTogether(program: CommandUnknownOpts): void {
  const missing: string[] = [];
  const install = (command: CommandUnknownOpts): void => {
    const checks = command as unknown as Checks;
    const error = checks.error.bind(command);
    checks.missingMandatoryOptionValue = (option) => {
      if (!missing.includes(option.flags)) missing.push(option.flags);
    };
    checks.error = (message, options) => {
      if (missing.length === 0 || options?.code === MISSING_CODE) return error(message, options);
      // Commander's message may end with its suggestion on a line of its own; the list follows it.
      return error(`${message.trimEnd()}; ${missingText(missing)}`, options);
    };
    for (const sub of checks.commands) install(sub);
  };
  install(program);
  program.hook('preAction', (_program, action) => {
    if (missing.length > 0) (action as unknown as Checks).error(`error: ${missingText(missing)}`, { code: MISSING_CODE });
  });
}
