// The bash completion script: a small reader of the command line, and the command tree written out as `case`
// statements. Portable to bash 3.2 (macOS): no associative arrays; `compopt` only where bash has it.

import { commandPaths, type CompletionOption, type CompletionTree, optionsAt } from './tree.js';

const quote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

/** `case` branches: one per key with words, then a default that sets none. */
function caseOf(subject: string, branches: [key: string, words: string[]][]): string {
  const lines = branches.filter(([, words]) => words.length > 0).map(([key, words]) => `    ${quote(key)}) _flowctl_words=${quote(words.join(' '))} ;;`);
  return [`  case ${subject} in`, ...lines, `    *) _flowctl_words='' ;;`, '  esac'].join('\n');
}

const offered = (options: CompletionOption[]): string[] => options.filter((o) => !o.hidden).flatMap((o) => o.names);

/** The scripts' keys: a command path (`flow list`), with a flag (`flow list --state`) or a positional (`completion @0`). */
function tables(tree: CompletionTree): { commands: [string, string[]][]; flags: [string, string[]][]; valued: string[]; values: [string, string[]][] } {
  const commands: [string, string[]][] = [];
  const flags: [string, string[]][] = [];
  const valued: string[] = [];
  const values: [string, string[]][] = [];
  const globals = new Set(tree.globals);
  for (const { path, command } of commandPaths(tree.root)) {
    const key = path.join(' ');
    commands.push([key, command.commands.map((c) => c.name)]);
    const own = optionsAt(tree, command);
    flags.push([key, offered(own)]);
    for (const option of own.filter((o) => o.takesValue)) {
      for (const name of option.names) {
        // The global flags are matched at any path once (below), not written out for every command.
        if (!globals.has(option) || command === tree.root) valued.push(globals.has(option) ? `* ${name}` : `${key} ${name}`);
        if (option.values !== undefined) values.push([`${key} ${name}`, option.values === 'files' ? ['@files'] : [...option.values]]);
      }
    }
    command.arguments.forEach((argument, index) => {
      if (argument.choices) values.push([`${key} @${index}`, [...argument.choices]]);
    });
  }
  return { commands, flags, valued, values };
}

export function bashScript(tree: CompletionTree, version: string): string {
  const { commands, flags, valued, values } = tables(tree);
  const valuedPatterns = valued.map((v) => (v.startsWith('* ') ? `*' ${v.slice(2)}'` : quote(v)));
  return `# bash completion for flowctl ${version}, printed by \`flowctl completion bash\`.
# Load it from ~/.bashrc:   source <(flowctl completion bash)
# The commands, flags and choices are written in below: pressing TAB runs no flowctl. Print the script again
# after upgrading flowctl.

# _flowctl_words: the sub-commands of the command path $1 ('' is flowctl itself, 'flow list' a command).
_flowctl_commands() {
${caseOf('$1', commands)}
}

# _flowctl_words: the flags of the command path $1, the global ones included.
_flowctl_flags() {
${caseOf('$1', flags)}
}

# Whether flag $2 of the command path $1 takes a value (the next word, or after =).
_flowctl_takes_value() {
  case "$1 $2" in
    ${valuedPatterns.join('|')}) return 0 ;;
  esac
  return 1
}

# _flowctl_words: what the value of flag $2 of the command path $1 (or its positional @N) completes to:
# '@files' for file names.
_flowctl_values() {
${caseOf('"$1 $2"', values)}
}

_flowctl_complete_values() {
  _flowctl_values "$1" "$2"
  if [[ $_flowctl_words == @files ]]; then
    # Let readline complete file names (bash 4+), or list them (bash 3).
    compopt -o default 2>/dev/null || COMPREPLY=($(compgen -f -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$_flowctl_words" -- "$cur"))
  fi
}

_flowctl() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} path='' value_of='' operands=0 word i _flowctl_words
  COMPREPLY=()
  # Read the words before the cursor: command names extend the path; flags and their values are skipped.
  # COMP_WORDBREAKS splits --flag=value into three words: --flag, =, value.
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=\${COMP_WORDS[i]}
    if [[ $word == = ]]; then continue; fi
    if [[ -n $value_of ]]; then value_of=''; continue; fi
    case $word in
      --) operands=-1000 ;;
      -*=*) ;;
      -*) if [[ $operands -ge 0 ]] && _flowctl_takes_value "$path" "$word"; then value_of=$word; fi ;;
      *)
        _flowctl_commands "$path"
        if [[ $operands -eq 0 && " $_flowctl_words " == *" $word "* ]]; then
          path=\${path:+$path }$word
        else
          operands=$((operands + 1))
        fi
        ;;
    esac
  done
  if [[ $cur == = ]]; then
    # --flag=<TAB>: readline completes the text after the =.
    cur=''
    _flowctl_takes_value "$path" "$prev" && _flowctl_complete_values "$path" "$prev"
    return 0
  fi
  if [[ $prev == = && $COMP_CWORD -ge 2 ]]; then
    word=\${COMP_WORDS[COMP_CWORD-2]}
    _flowctl_takes_value "$path" "$word" && _flowctl_complete_values "$path" "$word"
    return 0
  fi
  if [[ -n $value_of ]]; then
    _flowctl_complete_values "$path" "$value_of"
  elif [[ $cur == -* ]]; then
    _flowctl_flags "$path"
    COMPREPLY=($(compgen -W "$_flowctl_words" -- "$cur"))
  else
    _flowctl_commands "$path"
    if [[ -n $_flowctl_words && $operands -eq 0 ]]; then
      COMPREPLY=($(compgen -W "$_flowctl_words" -- "$cur"))
    elif [[ $operands -ge 0 ]]; then
      _flowctl_complete_values "$path" "@$operands"
    fi
  fi
  return 0
}

complete -F _flowctl flowctl
`;
}
