// Every command's --help is snapshot-tested, and every leaf command shows at least one example.

import { describe, expect, it } from 'vitest';
import { commandPaths } from '../../src/cli/command-line.js';
import { processIO } from '../../src/cli/io.js';
import { createProgram, registerGroups } from '../../src/cli/program.js';
import { GROUPS } from '../../src/cli/registry.js';
import { runCli } from '../helpers/cli.js';

async function subcommandsOf(group: (typeof GROUPS)[number]): Promise<string[]> {
  // The real root program: its type carries the global options every group's commands are typed with.
  const program = createProgram(processIO());
  (await group.load()).register(program, () => async () => undefined);
  return program.commands.find((c) => c.name() === group.name)?.commands.map((c) => c.name()) ?? [];
}

describe('help', () => {
  it('flowctl --help lists every group and exits 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const group of GROUPS) expect(result.stdout).toContain(group.name);
    expect(result.stdout).toMatchSnapshot();
  });

  for (const group of GROUPS) {
    it(`flowctl ${group.name} --help`, async () => {
      const result = await runCli([group.name, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatchSnapshot();
    });

    it(`every ${group.name} command has help with an example`, async () => {
      // A group's subcommands, or the command itself when it has none (onboard).
      const subcommands = await subcommandsOf(group);
      for (const argv of subcommands.length > 0 ? subcommands.map((sub) => [group.name, sub]) : [[group.name]]) {
        const sub = argv.slice(1).join(' ');
        const result = await runCli([...argv, '--help']);
        expect(result.code, `${argv.join(' ')} --help`).toBe(0);
        expect(result.stdout, `${argv.join(' ')} has an example`).toMatch(/Examples:\n(?: {2}\$ .*\n)*? {2}\$ .*\bflowctl /);
        if (sub !== '') expect(result.stdout).toMatchSnapshot(`${group.name} ${sub} --help`);
      }
    });
  }

  it('every command marks its required flags "(required)" in --help, and only those', async () => {
    let required = 0;
    for (const words of await commandPaths(processIO())) {
      const program = createProgram(processIO());
      await registerGroups(program, words, async () => () => async () => undefined);
      let command = program as { commands: readonly unknown[]; options: readonly { flags: string; mandatory: boolean; hidden: boolean }[]; name(): string };
      for (const word of words) command = command.commands.find((c) => (c as typeof command).name() === word) as typeof command;
      // Each option's entry in the help: from its flags to the next line that starts another option or section.
      const help = (await runCli([...words, '--help'])).stdout;
      for (const option of command.options.filter((o) => !o.hidden)) {
        const entry = new RegExp(`^ {2}${option.flags.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} .*(?:\n {4,}.*)*`, 'm').exec(help)?.[0];
        expect(entry, `${words.join(' ')} --help lists ${option.flags}`).toBeDefined();
        expect(entry?.replace(/\s+/g, ' ').endsWith('(required)'), `${words.join(' ')} ${option.flags}`).toBe(option.mandatory);
        if (option.mandatory) required++;
      }
    }
    // requiredOption and makeOptionMandatory: connection, dataset, mapping, run, source, target, onboard, offboard, flow.
    expect(required).toBeGreaterThanOrEqual(17);
  });

  it('`flowctl help flow` shows the flow group', async () => {
    const result = await runCli(['help', 'flow']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: flowctl flow');
  });
});
