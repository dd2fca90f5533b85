// Commander stops at the first problem of a command line: a required flag missing hides a mistyped one
// (`flowctl onboard --spce mysql` said only that --table is missing, not that --spce is unknown), of several
// mistyped flags it names the first, and of several missing required flags the first. Here, once for every
// command, the problems are reported together in one line: each unknown flag with commander's own suggestion
// ("Did you mean --spec?") and every required flag not given. Exit 2 as before (command-line.ts), nothing sent:
// it all happens before any action runs.

import type { CommandUnknownOpts, Option, ParseOptionsResult } from '@commander-js/extra-typings';

/**
 * What commander calls on a command while checking its flags. `parseOptions` is public; the others are the
 * methods it calls on `this` to report a problem (`error`, public, is how every one of them ends).
 */
interface Checks {
  parseOptions(args: string[]): ParseOptionsResult;
  missingMandatoryOptionValue(option: Option): void;
  unknownOption(flag: string): void;
  error(message: string, options?: { code?: string; exitCode?: number }): never;
  readonly commands: readonly CommandUnknownOpts[];
}

const MISSING_CODE = 'commander.missingMandatoryOptionValue';

export function missingText(flags: readonly string[]): string {
  const quoted = flags.map((f) => `'${f}'`).join(', ');
  return `required option${flags.length === 1 ? '' : 's'} ${quoted} not specified`;
}

/** An argument that reads as a flag (not `-`, not a negative number). */
const looksLikeFlag = (arg: string) => /^--?[A-Za-z]/.test(arg);

/**
 * Makes `program` and every command under it report all usage problems at once. Commander checks required flags
 * (on the command run and its parents) before unknown flags and arguments: each missing one is noted instead of
 * failing there. Commander then reports the first unknown flag; the others it kept aside (`parseOptions`'s
 * `unknown`) are said after it, each with its own suggestion, then the missing ones. With no other error, the
 * missing flags are the error, raised before the action.
 */
export function reportUsageTogether(program: CommandUnknownOpts): void {
  const missing: string[] = [];
  const install = (command: CommandUnknownOpts): void => {
    const checks = command as unknown as Checks;
    const error = checks.error.bind(command);
    const parseOptions = checks.parseOptions.bind(command);
    const unknownOption = checks.unknownOption.bind(command);
    let unknown: string[] = [];
    /** Problems said after commander's own message: further unknown flags, then the missing ones. */
    let more: string[] = [];

    checks.parseOptions = (args) => {
      const parsed = parseOptions(args);
      unknown = parsed.unknown;
      return parsed;
    };
    checks.missingMandatoryOptionValue = (option) => {
      if (!missing.includes(option.flags)) missing.push(option.flags);
    };
    checks.unknownOption = (flag) => {
      more = [...new Set(unknown.filter((arg) => arg !== flag && looksLikeFlag(arg)))].flatMap((other) => said(other) ?? []);
      unknownOption(flag);
    };
    /** What commander says of an unknown `flag` ("unknown option '--tabel'\n(Did you mean --table?)"), or undefined. */
    const said = (flag: string): string | undefined => {
      let message: string | undefined;
      const stop = new Error('said');
      const restore = checks.error;
      checks.error = (text) => {
        message = text.replace(/^error: /, '');
        throw stop;
      };
      try {
        unknownOption(flag);
      } catch (thrown) {
        if (thrown !== stop) throw thrown;
      } finally {
        checks.error = restore;
      }
      return message?.trimEnd();
    };
    checks.error = (message, options) => {
      const problems = [...more, ...(missing.length > 0 && options?.code !== MISSING_CODE ? [missingText(missing)] : [])];
      // Commander's message may end with its suggestion on a line of its own; the others follow it.
      return error(problems.length === 0 ? message : [message.trimEnd(), ...problems].join('; '), options);
    };
    for (const sub of checks.commands) install(sub);
  };
  install(program);
  program.hook('preAction', (_program, action) => {
    if (missing.length > 0) (action as unknown as Checks).error(`error: ${missingText(missing)}`, { code: MISSING_CODE });
  });
}
