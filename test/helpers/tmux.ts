// A real pseudo-terminal for the terminal tests: tmux, on a server of the test's own (-L), so that nothing of the
// user's sessions is seen or touched. Tests skip, saying why, where tmux is not installed.

import { execFileSync } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';

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
