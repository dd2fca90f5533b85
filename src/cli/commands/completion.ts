// flowctl completion bash|zsh|fish — prints a shell completion script. It reads the whole command tree now (every
// group loaded, as the build does to prerender help), and writes it into the script: completing a command, flag or
// choice then runs no node at all. Needs no configuration. IDs and table names from the sandbox are not completed:
// that would start node and a request on TAB.

import { Argument } from '@commander-js/extra-typings';
import { VERSION } from '../../version.js';
import { example } from '../options.js';
import { createProgram, type Program } from '../program.js';
import { GROUPS } from '../registry.js';
import type { Runner } from '../runner.js';
import type { CliIO } from '../io.js';

const SHELLS = ['bash', 'zsh', 'fish'] as const;

/** The root program with every group registered in full (each group's actions never run here). */
async function fullProgram(io: CliIO): Promise<Program> {
  const program = createProgram(io);
  const modules = await Promise.all(GROUPS.map((group) => group.load()));
  const noAction: Runner = () => async () => undefined;
  GROUPS.forEach((group, i) => modules[i]?.register(program, noAction, group.name));
  return program;
}

async function script(shell: (typeof SHELLS)[number], io: CliIO): Promise<string> {
  const [{ completionTree }, program] = await Promise.all([import('../completion/tree.js'), fullProgram(io)]);
  const tree = completionTree(program);
  if (shell === 'bash') return (await import('../completion/bash.js')).bashScript(tree, VERSION);
  if (shell === 'zsh') return (await import('../completion/zsh.js')).zshScript(tree, VERSION);
  return (await import('../completion/fish.js')).fishScript(tree, VERSION);
}

export function register(program: Program, run: Runner): void {
  program
    .command('completion')
    .description('Print a shell completion script: bash, zsh or fish')
    .addArgument(new Argument('<shell>', 'the shell to complete in').choices(SHELLS))
    .addHelpText(
      'after',
      example(
        'source <(flowctl completion bash)   # in ~/.bashrc',
        'flowctl completion zsh > ~/.zfunc/_flowctl   # ~/.zfunc in $fpath before compinit',
        'flowctl completion fish > ~/.config/fish/completions/flowctl.fish',
      ),
    )
    .action(
      run(async (ctx, _flags, [shell]) => {
        ctx.io.stdout.write(await script(shell, ctx.io));
      }),
    );
}
