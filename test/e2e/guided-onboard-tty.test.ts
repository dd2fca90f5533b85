// Guided onboarding at a real terminal: the built binary in a tmux pane (a pseudo-terminal, as a person's shell
// gives it) against an in-process emulator and its embedded PGlite demo database. Enter on every question onboards
// a typical table; Ctrl-C midway leaves nothing made. Keys are typed with send-keys and the screen read with
// capture-pane. Skipped, saying why, where tmux is not installed. (test/integration/guided-onboard.test.ts checks
// each question and answer with a scripted terminal.)

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { emulatorEnv, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { flowctlInPane, TMUX, tmuxOn, until } from '../helpers/tmux.js';

describe.skipIf(!TMUX)(TMUX ? 'guided onboarding at a real terminal (tmux)' : 'guided onboarding at a real terminal — skipped: tmux is not installed', () => {
  let e: TestEmulator;
  let cwd: string;
  let env: Record<string, string>;
  const socket = `flowctl-guided-${process.pid}`;
  let runs = 0;
  const tmux = tmuxOn(socket);
  const flows = () => e.emulator.store.sandbox('dev')?.collection('flows').size ?? 0;

  /**
   * Runs `flowctl argv` in a new pane and answers each question as `answer(n)` says (the keys to send for the
   * n-th question, 1-based); returns the exit code and the last screen.
   */
  async function atTerminal(argv: string[], answer: (n: number) => string[]): Promise<{ code: number; screen: string; asked: number }> {
    const pane = flowctlInPane(tmux, `run${++runs}`, { cwd, env, argv, rows: 60 });
    let asked = 0;
    /** The question being asked: the title after ◆ (each question of the flow has its own). */
    const asking = () => /◆ {2}(.+)/.exec(pane.screen())?.[1]?.trim();
    try {
      let last: string | undefined;
      while (!pane.ended()) {
        await until(() => pane.ended() || (asking() !== undefined && asking() !== last), 'a question or the end', pane.screen);
        if (pane.ended()) break;
        last = asking();
        asked++;
        pane.send(...answer(asked));
      }
      return { code: pane.code(), screen: pane.screen(), asked };
    } finally {
      pane.close();
    }
  }

  beforeAll(async () => {
    e = await startTestEmulator();
    cwd = tempDir();
    env = { ...emulatorEnv(e), PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', FLOWCTL_CACHE_DIR: join(cwd, '.cache'), NO_COLOR: '1', TERM: 'xterm-256color' };
    const made = await runCli(['connection', 'create', '--spec', 'postgresql', '--connection-string-file', '-', '--name', 'demo crm'], {
      env: { ...emulatorEnv(e) },
      bareEnv: true,
      stdin: 'Server=embedded;Database=demo',
      cwd,
    });
    expect(made.code, made.stderr).toBe(0);
  });

  afterAll(async () => {
    try {
      tmux('kill-server');
    } catch {
      // Already gone.
    }
    await e.close();
  });

  it('Enter on every question onboards the first table of the connection, and shows the command line to reuse', async () => {
    const { code, screen, asked } = await atTerminal(['onboard', '--name', 'tty crm'], () => ['Enter']);
    expect(code, screen).toBe(0);
    // Nine questions (the integration test checks each); a redraw seen midway may count one twice.
    expect(asked).toBeGreaterThanOrEqual(9);
    expect(screen).toContain('To onboard the same way without questions:');
    expect(screen).toMatch(/flowctl onboard --connection [0-9a-f-]{36} --table crm\.\w+ --class \w+ --delta-column \w+/);
    expect(screen).toMatch(/crm\.\w+ onboarded: \d+ created/);
    expect(flows()).toBe(1);
  }, 90_000);

  it('Ctrl-C at the table question leaves nothing made, says so, and exits 130', async () => {
    const before = flows();
    const { code, screen } = await atTerminal(['onboard', '--name', 'tty other'], (n) => (n === 1 ? ['Enter'] : ['C-c']));
    expect(code, screen).toBe(130);
    expect(screen).toContain('cancelled: nothing was created');
    expect(flows()).toBe(before);
  }, 60_000);
});
