// The command tree as shell completion needs it: names, flags, which flags take a value, and fixed choices. Read
// from the same commander definitions that parse and print help, once, when `flowctl completion <shell>` runs; the
// shell scripts (bash.ts, zsh.ts, fish.ts) carry it written out, so that pressing TAB starts no node.

import type { Argument, CommandUnknownOpts, Help, Option } from '@commander-js/extra-typings';

export interface CompletionOption {
  /** `['-h', '--help']`, `['--limit']`. */
  names: string[];
  description: string;
  /** Whether the next word (or `=value`) is the flag's value. */
  takesValue: boolean;
  /** What the help calls the value (`n` of `--limit <n>`). */
  valueName: string | undefined;
  /** What a value completes to: fixed choices, file names, or nothing (ids, numbers, free text). */
  values: readonly string[] | 'files' | undefined;
  /** Parsed but not shown (`--platform-url`): a completion must still skip its value, but not offer it. */
  hidden: boolean;
}

export interface CompletionArgument {
  name: string;
  variadic: boolean;
  required: boolean;
  choices: readonly string[] | undefined;
}

export interface CompletionCommand {
  name: string;
  description: string;
  /** Its own flags (its --help included); the global ones are CompletionTree.globals. */
  options: CompletionOption[];
  arguments: CompletionArgument[];
  commands: CompletionCommand[];
}

export interface CompletionTree {
  root: CompletionCommand;
  /** The root's flags that every command accepts (commander reads them before or after the command). */
  globals: CompletionOption[];
}

// Everything a script writes unquoted into a word list or a case pattern: a name with a space or a quote would
// need quoting rules that differ per shell, and flowctl has none.
const WORD = /^[A-Za-z0-9_-][A-Za-z0-9_.:@/+-]*$/;

function word(text: string, what: string): string {
  if (!WORD.test(text)) throw new Error(`completion: ${what} "${text}" is not a plain word`);
  return text;
}

/** The first line: shells show one line per candidate. */
function summary(text: string): string {
  return (text.split('\n')[0] ?? '').trim();
}

function valueNameOf(option: Option): string | undefined {
  const value = /<([^>]*)>|\[([^\]]*)\]/.exec(option.flags);
  return value?.[1] ?? value?.[2];
}

function valuesOf(option: Option): CompletionOption['values'] {
  if (option.argChoices) return option.argChoices.map((choice) => word(choice, `choice of ${option.flags}`));
  return /^(file|dir)$/.test(valueNameOf(option) ?? '') || /(file|dir)$/.test(option.long ?? '') ? 'files' : undefined;
}

function completionOption(option: Option): CompletionOption {
  const names = [option.short, option.long].filter((name): name is string => name !== undefined).map((name) => word(name, 'flag'));
  const takesValue = option.required || option.optional;
  return {
    names,
    description: summary(option.description),
    takesValue,
    valueName: takesValue ? valueNameOf(option) : undefined,
    values: takesValue ? valuesOf(option) : undefined,
    hidden: option.hidden,
  };
}

function completionArgument(argument: Argument, siblings: readonly string[], isHelp: boolean): CompletionArgument {
  // `flowctl help <command>` and `flowctl flow help <command>` name a sibling command.
  const choices = isHelp ? siblings : argument.argChoices?.map((choice) => word(choice, `choice of <${argument.name()}>`));
  return { name: argument.name(), variadic: argument.variadic, required: argument.required, choices };
}

function walk(command: CommandUnknownOpts, help: Help, siblings: readonly string[], isHelp: boolean): CompletionCommand {
  const visible = new Set(help.visibleOptions(command));
  const subcommands = help.visibleCommands(command);
  const names = subcommands.map((sub) => word(sub.name(), 'command'));
  const helpCommand = (sub: CommandUnknownOpts) => sub.name() === 'help' && !command.commands.includes(sub);
  return {
    name: word(command.name(), 'command'),
    description: summary(command.description()),
    // Hidden options kept (marked): their values must be skipped when a script reads the command line.
    options: [...visible, ...command.options.filter((o) => !visible.has(o))].map((o) => ({ ...completionOption(o), hidden: !visible.has(o) })),
    arguments: command.registeredArguments.map((a) => completionArgument(a, siblings.filter((s) => s !== 'help'), isHelp)),
    commands: subcommands.map((sub) => walk(sub, help, names, helpCommand(sub))),
  };
}

const ROOT_ONLY = new Set(['--help', '--version']);

/** The tree of `program`, with every group registered in full. */
export function completionTree(program: CommandUnknownOpts): CompletionTree {
  const root = walk(program, program.createHelp(), [], false);
  return { root, globals: root.options.filter((o) => !o.names.some((name) => ROOT_ONLY.has(name))) };
}

/** Every command below `command`, with its words from the root (`['flow', 'list']`); the root is `[]`. */
export function commandPaths(command: CompletionCommand, path: string[] = []): { path: string[]; command: CompletionCommand }[] {
  return [{ path, command }, ...command.commands.flatMap((sub) => commandPaths(sub, [...path, sub.name]))];
}

/** The flags `command` accepts: its own, then the global ones it does not define itself (emulator start's --sandbox). */
export function optionsAt(tree: CompletionTree, command: CompletionCommand): CompletionOption[] {
  if (command === tree.root) return command.options;
  const own = new Set(command.options.flatMap((o) => o.names));
  return [...command.options, ...tree.globals.filter((o) => !o.names.some((name) => own.has(name)))];
}
