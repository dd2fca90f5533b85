// destroy, offboard and dataset delete at a real terminal: the built binary run in a tmux pane (a pseudo-terminal,
// as a person's shell gives it) against an in-process emulator and its embedded PGlite demo database. The keys
// are typed with send-keys and the screen read with capture-pane: `n` (and Ctrl-C) deletes nothing, exit 5;
// `y` deletes. Skipped, saying why, where tmux is not installed.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { DEMO_DB, DEMO_MANIFEST, emulatorEnv, resourceCounts, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { flowctlInPane, TMUX, tmuxOn, until } from '../helpers/tmux.js';

describe.skipIf(!TMUX)(TMUX ? 'at a real terminal (tmux): destroy, offboard and dataset delete ask' : 'at a real terminal — skipped: tmux is not installed', () => {
  let e: TestEmulator;
  let cwd: string;
  let env: Record<string, string>;
  // A tmux server of this test's own (-L), so that nothing of the user's sessions is touched.
  const socket = `flowctl-test-${process.pid}`;
  let runs = 0;
  const tmux = tmuxOn(socket);
  const total = () => Object.values(resourceCounts(e)).reduce((n, size) => n + size, 0);

  /** Runs `flowctl argv` in a new tmux pane; waits for the question, types `keys`, and returns the screen and exit code. */
  async function atTerminal(argv: string[], keys: string[]): Promise<{ code: number; screen: string }> {
    // Colours off for a plain screen.
    const pane = flowctlInPane(tmux, `run${++runs}`, { cwd, env: { ...env, NO_COLOR: '1' }, argv });
    try {
      await until(() => pane.screen().includes('[y/N]'), `the question in: ${argv.join(' ')}`, pane.screen);
      pane.send(...keys);
      await until(pane.ended, `flowctl ${argv.join(' ')} to end`, pane.screen);
      return { code: pane.code(), screen: pane.screen() };
    } finally {
      pane.close();
    }
  }

  beforeAll(async () => {
    e = await startTestEmulator();
    cwd = tempDir();
    env = { ...emulatorEnv(e), DEMO_DB, PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', FLOWCTL_CACHE_DIR: join(cwd, '.cache') };
    writeFileSync(join(cwd, 'flowctl.yaml'), DEMO_MANIFEST);
  });
  afterAll(async () => {
    try {
      tmux('kill-server');
    } catch {
      // No session left: the server has already gone.
    }
    await e?.close();
  });

  const flowctl = (...argv: string[]) => runCli(argv, { env: { ...env }, bareEnv: true, cwd });

  it('destroy: n and Ctrl-C delete nothing (exit 5); y deletes', async () => {
    expect((await flowctl('apply')).code).toBe(0);
    const before = total();

    const no = await atTerminal(['destroy'], ['n', 'Enter']);
    expect(no.screen).toMatch(/Delete these \d+ resources from sandbox dev\? \[y\/N\] n\n/);
    expect(no.screen).toContain('Nothing was deleted');
    expect(no.code).toBe(5);
    expect(total()).toBe(before);

    const interrupted = await atTerminal(['destroy'], ['C-c']);
    expect(interrupted.screen).toContain('Nothing was deleted');
    expect(interrupted.code).toBe(5);
    expect(total()).toBe(before);

    const yes = await atTerminal(['destroy'], ['y', 'Enter']);
    expect(yes.screen).toContain('Destroyed flowctl.yaml in sandbox dev');
    expect(yes.code).toBe(0);
    expect(total()).toBe(0);
  }, 60_000);

  it('offboard: n deletes nothing (exit 5); y deletes (the base connection kept)', async () => {
    const onboarded = await flowctl('onboard', '--spec', 'postgresql', '--connection-string', DEMO_DB, '--table', 'crm.orders', '--start-time', '2099-01-01T00:00:00Z');
    expect(onboarded.code, onboarded.stderr).toBe(0);
    const before = total();

    const no = await atTerminal(['offboard', '--table', 'crm.orders'], ['n', 'Enter']);
    expect(no.screen).toMatch(/Delete these 8 resources from sandbox dev\? \[y\/N\] n\n/);
    expect(no.code).toBe(5);
    expect(total()).toBe(before);

    const yes = await atTerminal(['offboard', '--table', 'crm.orders'], ['y', 'Enter']);
    expect(yes.screen).toContain('Offboarded crm.orders');
    expect(yes.code).toBe(0);
    expect(total()).toBe(1);
  }, 60_000);

  it('dataset delete: n keeps it (exit 5); y deletes it', async () => {
    expect((await flowctl('apply')).code).toBe(0);
    const datasets = () => (e.emulator.store.sandbox('dev')?.collection('dataSets').all() ?? []).map((d) => d.id);
    const [id] = datasets();
    expect(id).toBeDefined();

    const no = await atTerminal(['dataset', 'delete', id ?? ''], ['n', 'Enter']);
    expect(no.screen).toContain(`Delete dataset ${id} from sandbox dev? [y/N] n`);
    expect(no.code).toBe(5);
    expect(datasets()).toContain(id);

    const yes = await atTerminal(['dataset', 'delete', id ?? ''], ['y', 'Enter']);
    expect(yes.screen).toContain(`Deleted dataset ${id}`);
    expect(yes.code).toBe(0);
    expect(datasets()).not.toContain(id);
  }, 60_000);
});
