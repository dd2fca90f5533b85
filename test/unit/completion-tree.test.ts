// The command tree shell completion reads from commander definitions (src/cli/completion/tree.ts).

import { Argument, Command, Option } from '@commander-js/extra-typings';
import { describe, expect, it } from 'vitest';
import { completionTree, optionsAt } from '../../src/cli/completion/tree.js';

function program() {
  const root = new Command('tool').option('--sandbox <name>', 'sandbox').option('--json', 'JSON').addOption(new Option('--url <url>', 'hidden').hideHelp());
  root.version('1.0.0', '-V, --version');
  const group = root.command('thing').description('Things\nsecond line');
  group
    .command('make')
    .description('Make a thing')
    .addOption(new Option('--kind <kind>', 'kind').choices(['a', 'b']))
    .option('-f, --file <path>', 'input file')
    .option('--data-dir <dir>', 'folder')
    .option('--limit <n>', 'at most')
    .option('--sandbox <name>', 'its own sandbox')
    .addArgument(new Argument('<mode>').choices(['x', 'y']))
    .argument('[rest...]')
    .action(() => undefined);
  return root;
}

describe('completionTree', () => {
  const tree = completionTree(program());
  const thing = tree.root.commands.find((c) => c.name === 'thing');
  const make = thing?.commands.find((c) => c.name === 'make');

  it('reads commands, the implicit help commands, and first lines of descriptions', () => {
    expect(tree.root.commands.map((c) => c.name)).toEqual(['thing', 'help']);
    expect(thing?.description).toBe('Things');
    expect(thing?.commands.map((c) => c.name)).toEqual(['make', 'help']);
    // `help <command>` completes to its sibling commands.
    expect(thing?.commands.find((c) => c.name === 'help')?.arguments[0]?.choices).toEqual(['make']);
  });

  it('reads flags: which take a value, their choices, file values, and hidden ones kept but marked', () => {
    const byName = (name: string) => make?.options.find((o) => o.names.includes(name));
    expect(byName('--kind')).toMatchObject({ takesValue: true, values: ['a', 'b'], hidden: false });
    expect(byName('--file')).toMatchObject({ names: ['-f', '--file'], takesValue: true, valueName: 'path', values: 'files' });
    expect(byName('--data-dir')?.values).toBe('files');
    expect(byName('--limit')).toMatchObject({ takesValue: true, values: undefined });
    expect(byName('--help')).toMatchObject({ names: ['-h', '--help'], takesValue: false });
    expect(tree.root.options.find((o) => o.names.includes('--url'))).toMatchObject({ hidden: true, takesValue: true });
    expect(make?.arguments).toEqual([
      { name: 'mode', variadic: false, required: true, choices: ['x', 'y'] },
      { name: 'rest', variadic: true, required: false, choices: undefined },
    ]);
  });

  it('globals are the root flags but help and version; a command’s own flag of the same name wins', () => {
    expect(tree.globals.map((o) => o.names.join(' '))).toEqual(['--sandbox', '--json', '--url']);
    const names = optionsAt(tree, make ?? tree.root).map((o) => `${o.names.join(' ')}:${o.description}`);
    expect(names.filter((n) => n.startsWith('--sandbox'))).toEqual(['--sandbox:its own sandbox']);
    expect(names).toContain('--json:JSON');
  });

  it('refuses a name a script could not write unquoted', () => {
    expect(() => completionTree(new Command('tool').addOption(new Option('--mode <m>').choices(['a b'])))).toThrow(/"a b" is not a plain word/);
  });
});
