// The fish completion script: `complete` lines (fish parses flags and their values itself, shows descriptions)
// whose condition is the command path the line has reached, read by one small function that knows which flags
// take a value, so that `flowctl --sandbox dev flow <TAB>` is at `flow`.

import { commandPaths, type CompletionOption, type CompletionTree } from './tree.js';

const quote = (text: string): string => `'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`;

function optionLine(condition: string, option: CompletionOption): string {
  const names = option.names.map((name) => (name.startsWith('--') ? `-l ${name.slice(2)}` : `-s ${name.slice(1)}`));
  let value = '';
  if (option.takesValue) {
    if (option.values === 'files') value = ' -r -F';
    else if (option.values) value = ` -x -a ${quote(option.values.join(' '))}`;
    else value = ' -x';
  }
  return `complete -c flowctl${condition} ${names.join(' ')}${value} -d ${quote(option.description)}`;
}

export function fishScript(tree: CompletionTree, version: string): string {
  const paths = commandPaths(tree.root);
  const commandCases: string[] = [];
  const valued = new Set<string>();
  const lines: string[] = [];
  for (const { path, command } of paths) {
    const key = path.join(' ');
    const at = ` -n ${quote(`__flowctl_at ${quote(key)}`)}`;
    if (command.commands.length > 0) {
      commandCases.push(`        case ${quote(key)}\n            printf '%s\\n' ${command.commands.map((c) => c.name).join(' ')}`);
      for (const sub of command.commands) lines.push(`complete -c flowctl${at} -a ${sub.name} -d ${quote(sub.description)}`);
    }
    command.arguments.forEach((argument, index) => {
      if (argument.choices) lines.push(`complete -c flowctl -n ${quote(`__flowctl_at ${quote(key)} ${index}`)} -a ${quote(argument.choices.join(' '))}`);
    });
    for (const option of command.options) {
      if (option.takesValue) for (const name of option.names) valued.add(quote(`${key} ${name}`));
      if (!option.hidden && !tree.globals.includes(option)) lines.push(optionLine(at, option));
    }
  }
  for (const option of tree.globals) {
    // A glob: fish's `case` matches the global flags at any command path.
    if (option.takesValue) for (const name of option.names) valued.add(quote(`* ${name}`));
    if (!option.hidden) lines.push(optionLine('', option));
  }
  return `# fish completion for flowctl ${version}, printed by \`flowctl completion fish\`.
# Install it:   flowctl completion fish > ~/.config/fish/completions/flowctl.fish
# The commands, flags and choices are written in below: pressing TAB runs no flowctl. Print the script again
# after upgrading flowctl.

# The sub-commands of the command path $argv[1] ('' is flowctl itself, 'flow list' a command), one a line.
function __flowctl_commands
    switch $argv[1]
${commandCases.join('\n')}
    end
end

# Whether flag $argv[2] of the command path $argv[1] takes a value.
function __flowctl_takes_value
    switch "$argv[1] $argv[2]"
        case ${[...valued].join(' ')}
            return 0
    end
    return 1
end

# The command path the line before the cursor has reached, and how many operands follow it (two lines),
# remembered for the line: every condition below asks.
function __flowctl_state
    set -l line (commandline -pc)
    if test "$line" != "$__flowctl_line"
        set -l words (commandline -opc)
        set -e words[1]
        set -l path ''
        set -l operands 0
        set -l skip 0
        for word in $words
            if test $skip -eq 1
                set skip 0
            else if test "$word" = --
                set operands -1000
            else if string match -q -- '-*=*' $word
                continue
            else if string match -q -- '-*' $word
                __flowctl_takes_value "$path" $word; and set skip 1
            else if test $operands -eq 0; and contains -- $word (__flowctl_commands "$path")
                set path (string trim -- "$path $word")
            else
                set operands (math $operands + 1)
            end
        end
        set -g __flowctl_line $line
        set -g __flowctl_reached $operands $path
    end
    printf '%s\\n' $__flowctl_reached
end

# Whether the line is at command path $argv[1] (and, given $argv[2], after that many operands).
function __flowctl_at
    set -l state (__flowctl_state)
    test "$state[2]" = "$argv[1]"; or return 1
    test (count $argv) -lt 2; or test "$state[1]" = "$argv[2]"
end

# File names only where a flag asks for a file.
complete -c flowctl -f
${lines.join('\n')}
`;
}
