// Every command's --help is snapshot-tested, and every leaf command shows at least one example.

import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { GROUPS } from '../../src/cli/registry.js';
import { runCli } from '../helpers/cli.js';

async function subcommandsOf(group: (typeof GROUPS)[number]): Promise<string[]> {
  const program = new Command('flowctl');
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

    it(`every ${group.name} subcommand has help with an example`, async () => {
      const subcommands = await subcommandsOf(group);
      expect(subcommands.length).toBeGreaterThan(0);
      for (const sub of subcommands) {
        const result = await runCli([group.name, sub, '--help']);
        expect(result.code, `${group.name} ${sub} --help`).toBe(0);
        expect(result.stdout, `${group.name} ${sub} has an example`).toMatch(/Examples:\n(?: {2}\$ .*\n)*? {2}\$ .*\bflowctl /);
        expect(result.stdout).toMatchSnapshot(`${group.name} ${sub} --help`);
      }
    });
  }

  it('`flowctl help flow` shows the flow group', async () => {
    const result = await runCli(['help', 'flow']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: flowctl flow');
  });
});
