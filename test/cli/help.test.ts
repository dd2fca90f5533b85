// Every command's --help is snapshot-tested, and every leaf command shows at least one example.

import { describe, expect, it } from 'vitest';
import { processIO } from '../../src/cli/io.js';
import { createProgram } from '../../src/cli/program.js';
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

  it('`flowctl help flow` shows the flow group', async () => {
    const result = await runCli(['help', 'flow']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: flowctl flow');
  });
});
