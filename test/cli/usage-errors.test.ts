// Every usage problem of a command line in one message: an unknown flag with its suggestion even when required
// flags are missing too, and every missing required flag, for any command (src/cli/usage-errors.ts).

import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { expectNothingSent, trap, useNock } from '../helpers/nock.js';

useNock();

describe('usage problems reported together', () => {
  it.each<[string[], string]>([
    // The example: the typo was hidden behind "required option '--table <path>' not specified".
    [['onboard', '--spce', 'mysql'], "error: unknown option '--spce' (Did you mean --spec?); required options '--connection <id>', '--table <path>' not specified (add --help for usage)\n"],
    [['target', 'create'], "error: required options '--schema <id>', '--dataset <id>' not specified (add --help for usage)\n"],
    [['target', 'create', '--dataset', 'x', '--jsn'], "error: unknown option '--jsn' (Did you mean --json?); required option '--schema <id>' not specified (add --help for usage)\n"],
    [
      ['flow', 'create', '--sorce', 's'],
      "error: unknown option '--sorce' (Did you mean --source?); required options '--source <id>', '--target <id>', '--mapping <id[@version]>', '--delta-column <name>', '--frequency <frequency>' not specified (add --help for usage)\n",
    ],
    [['mapping', 'preview', '--tabel', 'shop.t'], "error: unknown option '--tabel' (Did you mean --table?); required options '--connection <id>', '--table <path>' not specified (add --help for usage)\n"],
    // Every mistyped flag, each with its suggestion (commander named the first only); a value is not a flag.
    [
      ['onboard', '--spce', 'mysql', '--tabel', 'shop.t', '--frobnicate', '-5', '--spce', 'x'],
      "error: unknown option '--spce' (Did you mean --spec?); unknown option '--tabel' (Did you mean --table?); unknown option '--frobnicate'; required options '--connection <id>', '--table <path>' not specified (add --help for usage)\n",
    ],
    [['run', 'list', '--flow', 'f', '--limt', '5', '--jsn'], "error: unknown option '--limt' (Did you mean --limit?); unknown option '--jsn' (Did you mean --json?) (add --help for usage)\n"],
    // Global flags are suggested after any command.
    [['run', 'list', '--sandbx', 'dev'], "error: unknown option '--sandbx' (Did you mean --sandbox?); required option '--flow <id>' not specified (add --help for usage)\n"],
  ])('%j: one line, exit 2, nothing sent', async (argv, message) => {
    const scope = trap();
    const result = await runCli(argv);
    expect(result.stderr).toBe(message);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(2);
    expectNothingSent(scope);
  });

  it('a single problem reads as commander put it', async () => {
    const scope = trap();
    expect((await runCli(['run', 'list'])).stderr).toBe("error: required option '--flow <id>' not specified (add --help for usage)\n");
    expect((await runCli(['flow', 'list', '--stat', 'x'])).stderr).toBe("error: unknown option '--stat' (Did you mean --state?) (add --help for usage)\n");
    expectNothingSent(scope);
  });
});
