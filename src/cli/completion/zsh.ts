// The zsh completion script: one function per command, each an `_arguments` call (zsh's own parser of flags,
// `--flag value` and `--flag=value`, with descriptions), a command with sub-commands handing the rest of the line
// to the sub-command's function. Works both from $fpath (autoloaded as _flowctl) and sourced after compinit.

import { commandPaths, type CompletionCommand, type CompletionOption, type CompletionTree, optionsAt } from './tree.js';

const quote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;
/** Text inside an `_arguments` spec's [description] or :message: — its brackets and colons are syntax there. */
const escapeSpec = (text: string): string => text.replace(/[\\[\]:]/g, (c) => `\\${c}`);

const functionName = (path: string[]): string => ['_flowctl', ...path].join('__').replace(/[^A-Za-z0-9_]/g, '_');

function optionSpecs(option: CompletionOption): string[] {
  let action = '';
  if (option.takesValue) {
    const message = escapeSpec(option.valueName ?? 'value');
    const what = option.values === 'files' ? '_files' : option.values ? `(${option.values.join(' ')})` : ' ';
    action = `:${message}:${what}`;
  }
  // A hidden flag is recognised (its value skipped) but not offered: zsh's `!` prefix.
  const hidden = option.hidden ? '!' : '';
  // Value flags may be repeated (commander keeps the last, or collects them); plain flags are offered once.
  const repeat = option.takesValue ? '*' : '';
  const exclusive = option.names.length > 1 && !repeat ? `(${option.names.join(' ')})` : '';
  return option.names.map((name) => {
    const form = option.takesValue && name.startsWith('--') ? `${name}=` : name;
    return quote(`${hidden}${exclusive}${repeat}${form}[${escapeSpec(option.description)}]${action}`);
  });
}

function argumentSpecs(command: CompletionCommand): string[] {
  return command.arguments.map((argument) => {
    const what = argument.choices ? `(${argument.choices.join(' ')})` : ' ';
    const position = argument.variadic ? '*' : argument.required ? '' : ':';
    return quote(`${position}:${escapeSpec(argument.name)}:${what}`);
  });
}

function commandFunction(tree: CompletionTree, path: string[], command: CompletionCommand): string {
  const specs = optionsAt(tree, command).flatMap(optionSpecs);
  const name = functionName(path);
  if (command.commands.length === 0) {
    return `${name}() {\n  _arguments -S \\\n    ${[...specs, ...argumentSpecs(command)].join(' \\\n    ')}\n}`;
  }
  const described = command.commands.map((sub) => quote(`${sub.name}:${sub.description.replaceAll(':', '\\:')}`));
  const branches = command.commands.map((sub) => `        ${sub.name}) ${functionName([...path, sub.name])} && ret=0 ;;`);
  return `${name}() {
  local curcontext=$curcontext state state_descr line ret=1
  typeset -A opt_args
  _arguments -C -S \\
    ${[...specs, quote(': :->command'), quote('*:: :->argument')].join(' \\\n    ')} && ret=0
  case $state in
    command)
      local -a commands=(
        ${described.join('\n        ')}
      )
      _describe -t commands ${quote(['flowctl', ...path, 'command'].join(' '))} commands && ret=0
      ;;
    argument)
      curcontext=\${curcontext%:*:*}:${['flowctl', ...path].join('-')}-$words[1]:
      case $words[1] in
${branches.join('\n')}
      esac
      ;;
  esac
  return ret
}`;
}

export function zshScript(tree: CompletionTree, version: string): string {
  const functions = commandPaths(tree.root).map(({ path, command }) => commandFunction(tree, path, command));
  return `#compdef flowctl
# zsh completion for flowctl ${version}, printed by \`flowctl completion zsh\`.
# Install it in a folder of $fpath:   flowctl completion zsh > ~/.zfunc/_flowctl
#   with, in ~/.zshrc:   fpath=(~/.zfunc $fpath); autoload -U compinit && compinit
# or load it from ~/.zshrc, after compinit:   source <(flowctl completion zsh)
# The commands, flags and choices are written in below: pressing TAB runs no flowctl. Print the script again
# after upgrading flowctl.

${functions.join('\n\n')}

# Autoloaded from $fpath, this file is the body of _flowctl: complete now. Sourced: register the function.
if [[ $funcstack[1] == _flowctl ]]; then
  _flowctl "$@"
else
  compdef _flowctl flowctl
fi
`;
}
