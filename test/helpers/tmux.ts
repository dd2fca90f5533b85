// A real pseudo-terminal for the terminal tests: tmux, on a server of the test's own (-L), so that nothing of the
// user's sessions is seen or touched. Tests skip, saying why, where tmux is not installed.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { BIN } from './spawn.js';

/** tmux's path, or undefined where it is not installed. */
export const TMUX: string | undefined = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v tmux'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
})();

/** `tmux …` on the server named `socket`; returns its stdout. */
export function tmuxOn(socket: string): (...args: string[]) => string {
  return (...args) => execFileSync(TMUX ?? 'tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
}

/** A word for sh, quoted. */
export const shellQuote = (word: string): string => `'${word.replaceAll("'", `'\\''`)}'`;

/** Waits until `check()` holds; past `timeoutMs`, fails with `what` and the screen as it was. */
export async function until(check: () => boolean, what: string, screen: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen:\n${screen()}`);
    await delay(50);
  }
}

/** A flowctl command running in a tmux pane of its own: its screen, its keys, and its exit code once it ends. */
export interface Pane {
  /** The pane's text, wrapped lines joined, with up to 200 lines scrolled off the top. */
  screen(): string;
  send(...keys: string[]): void;
  ended(): boolean;
  /** The exit code (once `ended()`). */
  code(): number;
  close(): void;
}

/**
 * Starts the built flowctl with `argv` in a new session `session` of `tmux`, in `cwd`, with only `env`. The shell
 * around it unsets CI (the suite runs with CI=true, and flowctl never asks in CI), leaves Ctrl-C to flowctl (`trap
 * : INT`: a handler, unlike an ignored signal, is not passed on to the command it runs), and writes the exit code
 * to a file when flowctl ends.
 */
export function flowctlInPane(tmux: (...args: string[]) => string, session: string, run: { cwd: string; env: Record<string, string>; argv: readonly string[]; rows?: number }): Pane {
  const done = join(run.cwd, `${session}.code`);
  const script = join(run.cwd, `${session}.sh`);
  const exports = Object.entries(run.env).map(([k, v]) => `export ${k}=${shellQuote(v)}`);
  const command = [process.execPath, BIN, ...run.argv].map(shellQuote).join(' ');
  writeFileSync(script, [...exports, 'unset CI', 'trap : INT', `cd ${shellQuote(run.cwd)}`, command, `echo $? > ${shellQuote(done)}`, 'sleep 60'].join('\n'));
  tmux('new-session', '-d', '-s', session, '-x', '160', '-y', String(run.rows ?? 50), `sh ${shellQuote(script)}`);
  const ended = () => existsSync(done) && readFileSync(done, 'utf8').endsWith('\n');
  return {
    screen: () => tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', session),
    send: (...keys) => void tmux('send-keys', '-t', session, ...keys),
    ended,
    code: () => Number(readFileSync(done, 'utf8').trim()),
    close: () => void tmux('kill-session', '-t', session),
  };
}
