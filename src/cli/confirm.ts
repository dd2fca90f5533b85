// The one question flowctl asks, before deleting (destroy, offboard, dataset delete): only at a terminal. A
// script, a pipe, CI or --json never sees a prompt; it passes --confirm (or --yes), exactly as before.
// node:readline loads when a question is asked, so that no command pays for it otherwise.

import { Option } from '@commander-js/extra-typings';
import type { CliIO } from './io.js';

/** `--yes`: another name for `--confirm`, as other tools spell it (commander sets `confirm` when it is given). */
export function yesOption() {
  return new Option('--yes', 'the same as --confirm').implies({ confirm: true });
}

/**
 * Whether a command may ask: stdout and stdin are terminals, no --json, and CI is not set (DESIGN.md: no prompts
 * when stdin is not a TTY or CI is set). stdout is judged first, so that a command in a pipe never touches stdin.
 */
export function canAsk(io: CliIO, json: boolean): boolean {
  if (json || io.stdout.isTTY !== true) return false;
  const ci = io.env['CI'];
  if (ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false') return false;
  return io.stdin.isTTY === true;
}

/**
 * Asks `question [y/N]` on stderr and reads one line of stdin: `y` or `yes` (any case) is yes; anything else,
 * an empty line (the default), end of input and Ctrl-C are no.
 */
export async function confirm(io: CliIO, question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline');
  io.stderr.write(`${question} [y/N] `);
  // Not in terminal mode: the terminal echoes and edits the line itself, and readline writes nothing to stdout.
  const lines = createInterface({ input: io.stdin, terminal: false });
  try {
    return await new Promise<boolean>((resolve) => {
      let answered = false;
      const answer = (yes: boolean, newline: boolean) => {
        if (answered) return;
        answered = true;
        process.off('SIGINT', interrupted);
        // After Ctrl-C or end of input (Ctrl-D) the prompt's line is still open.
        if (newline) io.stderr.write('\n');
        resolve(yes);
      };
      // Ctrl-C while asked: the answer is no, and the command ends as it does for one (nothing deleted).
      const interrupted = () => answer(false, true);
      process.once('SIGINT', interrupted);
      lines.once('line', (line) => answer(/^\s*y(es)?\s*$/i.test(line), false));
      lines.once('close', () => answer(false, true));
    });
  } finally {
    lines.close();
    // readline resumed stdin to read it; paused again, it no longer keeps the process alive.
    io.stdin.pause();
  }
}
