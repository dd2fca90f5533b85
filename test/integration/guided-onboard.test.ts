// `flowctl onboard` at a terminal with its flags missing asks for them (src/cli/guided-onboard.ts), here answered
// from a script (test/helpers/asker.ts) against the in-process emulator and its embedded PGlite demo database.
// Enter on every default onboards the table; Ctrl-C leaves nothing made, or says how to go on with the one thing
// made (a new base connection); without a terminal, or with --yes, nothing is asked and every missing flag is
// named in one error. test/e2e/guided-onboard-tty.test.ts does it at a real terminal (tmux).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CTRL_C, ENTER, scriptedAsker, type Step } from '../helpers/asker.js';
import { type RunOptions, runCli, tempDir } from '../helpers/cli.js';
import { DEMO_DB, emulatorEnv, resourceCounts, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

describe('guided onboarding', () => {
  let e: TestEmulator;
  const cwd = tempDir();
  const flowctl = (argv: string[], options: RunOptions = {}) => runCli(argv, { ...options, env: { ...emulatorEnv(e), NO_COLOR: '1', ...options.env }, bareEnv: true, cwd });
  const atTerminal = (argv: string[], steps: readonly Step[]) => {
    const ask = scriptedAsker(steps);
    // A terminal that reports no width: no spinner (ora draws on a real terminal only).
    return { ask, result: flowctl(argv, { tty: true, stdinTTY: true, columns: 0, ask }) };
  };
  const sizes = () => resourceCounts(e);

  beforeAll(async () => {
    e = await startTestEmulator();
  });
  afterAll(() => e.close());

  it('without a terminal, or with --yes, asks nothing: every missing flag in one error, exit 2, nothing sent', async () => {
    const before = e.exchanges.length;
    // Without a terminal --table is a required flag (reported with any other usage problem: usage-errors.ts).
    const piped = await flowctl(['onboard']);
    expect(piped).toMatchObject({ code: 2, stdout: '', stderr: "error: required options '--connection <id>', '--table <path>' not specified (add --help for usage)\n" });
    const typo = await flowctl(['onboard', '--spce', 'mysql']);
    expect(typo.stderr).toBe("error: unknown option '--spce' (Did you mean --spec?); required options '--connection <id>', '--table <path>' not specified (add --help for usage)\n");
    // --spec stands for --connection.
    const spec = await flowctl(['onboard', '--spec', 'postgresql']);
    expect(spec).toMatchObject({ code: 2, stderr: "error: required option '--table <path>' not specified (add --help for usage)\n" });
    // At a terminal with --yes: both missing flags, in one error.
    const both = await flowctl(['onboard', '--yes'], { tty: true, stdinTTY: true, ask: scriptedAsker([]) });
    expect(both).toMatchObject({ code: 2, stderr: 'error: --table, --connection (or --spec): required\n' });
    const ask = scriptedAsker([]);
    const yes = await flowctl(['onboard', '--yes', '--connection', '1a444165-3439-4c16-8441-653439dc166a'], { tty: true, stdinTTY: true, ask });
    expect(yes).toMatchObject({ code: 2, stderr: 'error: --table: required\n' });
    expect(ask.asked).toEqual([]);
    expect(e.exchanges.length).toBe(before);
  });

  it('Ctrl-C at the first question creates nothing and says so (exit 130)', async () => {
    const before = sizes();
    const { ask, result } = atTerminal(['onboard'], [['Database', CTRL_C]]);
    const done = await result;
    expect(done.code, done.stderr).toBe(130);
    expect(done.stderr).toContain('cancelled: nothing was created');
    expect(ask.asked).toEqual(['Database']);
    expect(sizes()).toEqual(before);
  });

  it('a new connection: typed hidden, made and kept when Ctrl-C comes later, with how to go on or delete it', async () => {
    const { ask, result } = atTerminal(['onboard'], [
      // No base connection yet: straight to making one.
      ['Database', 'PostgreSQL'],
      ['connection string', DEMO_DB],
      ['Name of the connection', ENTER],
      ['Table', 'crm.customers'],
      ['Schema class', CTRL_C],
    ]);
    const done = await result;
    expect(done.code, done.stderr).toBe(130);
    const id = /Base connection ([0-9a-f-]{36}) created/.exec(done.stderr)?.[1];
    expect(id, done.stderr).toBeDefined();
    expect(done.stderr).toContain(`cancelled: base connection ${id} was created; go on with \`flowctl onboard --connection ${id}\`, or delete it with \`flowctl connection delete ${id}\``);
    // Shown before the first choice: where each column goes, with its value in three sample rows as it would land.
    expect(ask.shown).toHaveLength(1);
    expect(ask.shown[0]).toMatch(/^How the columns of crm\.customers land in XDM\nCOLUMN +XDM FIELD +TYPE +ROW 1 +ROW 2 +ROW 3\nid +_flowctl\.id +string +1 +2 +3\n/);
    expect(ask.shown[0]).toMatch(/\nemail +personalEmail\.address +string +\S+@example\.com/);
    expect(done.stderr).not.toContain('Server=embedded;Database=demo');
    expect(sizes()).toMatchObject({ connections: 1, flows: 0, schemas: 0, dataSets: 0 });
  });

  it('Enter on every default onboards the table, and prints the command line that does the same without questions', async () => {
    const { ask, result } = atTerminal(['onboard', '--name', 'guided crm'], [
      ['Base connection', ENTER],
      ['Table', 'crm.customers'],
      ['Schema class', ENTER],
      ['Delta column', ENTER],
      ['Primary identity', ENTER],
      ['Map the columns as shown?', ENTER],
      ['How often', ENTER],
      ['Every how many days', ENTER],
      ['Onboard crm.customers now?', ENTER],
    ]);
    const done = await result;
    expect(done.code, done.stderr).toBe(0);
    expect(ask.asked).toHaveLength(9);
    const line = /To onboard the same way without questions:\n {2}(flowctl onboard .*)\n/.exec(done.stderr)?.[1];
    expect(line).toMatch(/^flowctl onboard --connection [0-9a-f-]{36} --table crm\.customers --class profile --delta-column updated_at --identity id:CRMID --frequency day --interval 1 --name 'guided crm'$/);
    expect(done.stderr).toContain('crm.customers onboarded:');
    expect(sizes()).toMatchObject({ connections: 1, flows: 1, dataSets: 1 });

    // The printed line, run as printed (no terminal): everything is found, nothing made twice.
    const words = (line as string).match(/'[^']*'|\S+/g)!.map((w) => (w.startsWith("'") ? w.slice(1, -1) : w));
    const again = await flowctl(words.slice(1));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/crm\.customers onboarded: 0 created/);
  });
});
