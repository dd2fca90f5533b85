// destroy and offboard at a terminal (a fake one: stdin, stdout and stderr with isTTY) against the in-process
// emulator and its embedded PGlite demo database: after the list, they ask; no (or Enter, or end of input)
// deletes nothing and exits 5 as without --confirm; yes deletes as --confirm does. --json, CI, a pipe and
// --confirm/--yes never ask. test/e2e/confirm-tty.test.ts does the same at a real terminal (tmux).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunOptions, runCli, tempDir } from '../helpers/cli.js';
import { DEMO_DB, DEMO_MANIFEST, emulatorEnv, resourceCounts, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

describe('destroy and offboard ask at a terminal', () => {
  let e: TestEmulator;
  let cwd: string;
  const flowctl = (argv: string[], options: RunOptions = {}) => runCli(argv, { ...options, env: { ...emulatorEnv(e), DEMO_DB, NO_COLOR: '1', ...options.env }, bareEnv: true, cwd });
  /** A person at a terminal typing `answer` (undefined: end of input, Ctrl-D). */
  const atTerminal = (argv: string[], answer: string | undefined, env: Record<string, string> = {}) =>
    flowctl(argv, { tty: true, stdinTTY: true, env, ...(answer !== undefined && { stdin: answer }) });
  const total = () => Object.values(resourceCounts(e)).reduce((n, size) => n + size, 0);
  const deletes = () => e.exchanges.filter((x) => x.method === 'DELETE').length;

  beforeAll(async () => {
    e = await startTestEmulator();
    cwd = tempDir();
    writeFileSync(join(cwd, 'flowctl.yaml'), DEMO_MANIFEST);
  });
  afterAll(() => e.close());

  it('destroy: no, Enter or end of input deletes nothing (exit 5); --json, CI and a pipe never ask', async () => {
    const applied = await flowctl(['apply']);
    expect(applied.code, applied.stderr).toBe(0);
    const before = total();
    expect(before).toBeGreaterThan(5);
    for (const answer of ['n\n', '\n', 'nope\n', undefined]) {
      const result = await atTerminal(['destroy'], answer);
      expect(result.code, result.stderr).toBe(5);
      expect(result.stdout).toMatch(/crm\.customers +Dataflow +delete/);
      expect(result.stderr).toMatch(/Delete these \d+ resources from sandbox dev\? \[y\/N\] /);
      expect(result.stderr).toContain('Nothing was deleted: `flowctl destroy -f flowctl.yaml --confirm`');
    }
    for (const [argv, options] of [
      [['destroy', '--json'], { tty: true, stdinTTY: true, stdin: 'y\n' }],
      [['destroy'], { tty: true, stdinTTY: true, stdin: 'y\n', env: { CI: '1' } }],
      [['destroy'], { tty: true, stdin: 'y\n' }],
      [['destroy'], { stdinTTY: true, stdin: 'y\n' }],
    ] as const) {
      const result = await flowctl([...argv], options);
      expect(result.code, `${argv.join(' ')} ${JSON.stringify(options)}`).toBe(5);
      expect(result.stderr).not.toContain('[y/N]');
    }
    expect(total()).toBe(before);
    expect(deletes()).toBe(0);
  });

  it('destroy: yes deletes as --confirm does', async () => {
    const result = await atTerminal(['destroy'], 'y\n');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Delete these \d+ resources from sandbox dev\? \[y\/N\] /);
    expect(result.stderr).toContain('Destroyed flowctl.yaml in sandbox dev');
    expect(total()).toBe(0);
  });

  it('destroy --yes deletes without asking', async () => {
    expect((await flowctl(['apply'])).code).toBe(0);
    const result = await atTerminal(['destroy', '--yes'], 'n\n');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('[y/N]');
    expect(total()).toBe(0);
  });

  it('offboard: no deletes nothing (exit 5); yes deletes; --yes never asks', async () => {
    const onboard = ['onboard', '--spec', 'postgresql', '--connection-string', DEMO_DB, '--table', 'crm.orders', '--start-time', '2099-01-01T00:00:00Z'];
    expect((await flowctl(onboard)).code).toBe(0);
    const before = total();
    const at = deletes();

    const no = await atTerminal(['offboard', '--table', 'crm.orders'], 'n\n');
    expect(no.code, no.stderr).toBe(5);
    expect(no.stderr).toMatch(/Delete these 8 resources from sandbox dev\? \[y\/N\] /);
    expect(no.stderr).toContain('Nothing was deleted');
    expect(total()).toBe(before);
    expect(deletes()).toBe(at);

    const json = await atTerminal(['offboard', '--table', 'crm.orders', '--json'], 'y\n');
    expect(json.code).toBe(5);
    expect(json.stderr).not.toContain('[y/N]');
    expect(JSON.parse(json.stdout)).toMatchObject({ confirmed: false });

    const yes = await atTerminal(['offboard', '--table', 'crm.orders'], 'yes\n');
    expect(yes.code, yes.stderr).toBe(0);
    expect(yes.stderr).toContain('Offboarded crm.orders');
    // The base connection is kept, as with --confirm.
    expect(total()).toBe(1);

    expect((await flowctl(onboard)).code).toBe(0);
    const alias = await atTerminal(['offboard', '--table', 'crm.orders', '--yes'], 'n\n');
    expect(alias.code, alias.stderr).toBe(0);
    expect(alias.stderr).not.toContain('[y/N]');
    expect(total()).toBe(1);
  });
});
