// Shell completion as a person meets it: bash in a real pseudo-terminal (tmux), the script printed by the built
// binary sourced, keys sent, and the screen read back. Skipped where tmux is not installed.

import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { BIN, runBin } from '../helpers/spawn.js';

const hasTmux = spawnSync('sh', ['-c', 'command -v tmux']).status === 0;
// A server of our own (-L): the test neither sees nor disturbs anyone's tmux sessions.
const SOCKET = `flowctl-completion-${process.pid}`;
const SESSION = 'completion';

function tmux(...args: string[]): string {
  const result = spawnSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

// -N keeps the blanks at the ends of lines: the space after a word says readline found it unique.
const screen = (): string => tmux('capture-pane', '-p', '-N', '-t', SESSION);

/** The screen once it matches `expected`, read every 50 ms for up to 5 s (then the test fails showing it). */
async function screenMatching(expected: RegExp): Promise<string> {
  const deadline = Date.now() + 5000;
  let text = screen();
  while (!expected.test(text) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    text = screen();
  }
  expect(text).toMatch(expected);
  return text;
}

/** Types `keys` (tmux key names such as Tab) on an empty command line, on a cleared screen. */
async function type(...keys: string[]): Promise<void> {
  tmux('send-keys', '-t', SESSION, 'C-u', 'C-l');
  // Nothing but the prompt: what the previous test left on the screen cannot match the next one's expectations.
  await screenMatching(/^\$ \n*$/);
  tmux('send-keys', '-t', SESSION, ...keys);
}

describe.skipIf(!hasTmux)(`bash completion in a terminal${hasTmux ? '' : ' (skipped: tmux is not installed)'}`, () => {
  beforeAll(async () => {
    const dir = tempDir();
    // `flowctl` on PATH as a user has it: the built binary.
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'flowctl'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`, { mode: 0o755 });
    const printed = await runBin(['completion', 'bash']);
    expect(printed.code, printed.stderr).toBe(0);
    const script = join(dir, 'flowctl.bash');
    writeFileSync(script, printed.stdout);
    const env = `env -i HOME=${dir} TERM=screen PS1='$ ' PATH=${bin}:/usr/local/bin:/usr/bin:/bin`;
    tmux('new-session', '-d', '-s', SESSION, '-x', '200', '-y', '50', `${env} bash --norc --noprofile`);
    await screenMatching(/^\$ $/m);
    tmux('send-keys', '-t', SESSION, `source ${script}`, 'Enter');
  });

  afterAll(() => {
    if (hasTmux) spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
  });

  it('flowctl fl TAB completes flow, TAB TAB then offers flow and flowspec', async () => {
    await type('flowctl fl', 'Tab');
    // Readline completes the common prefix, with no space: the word may go on.
    await screenMatching(/^\$ flowctl flow$/m);
    tmux('send-keys', '-t', SESSION, 'Tab', 'Tab');
    await screenMatching(/^flow\s+flowspec\s*$/m);
  });

  it('flowctl flow li TAB completes flowctl flow list', async () => {
    await type('flowctl flow li', 'Tab');
    await screenMatching(/^\$ flowctl flow list $/m);
  });

  it('flowctl flow list -- TAB TAB lists its flags, the global ones too', async () => {
    await type('flowctl flow list --', 'Tab', 'Tab');
    const text = await screenMatching(/--limit/);
    for (const flag of ['--state', '--all', '--json', '--sandbox', '--help']) expect(text).toContain(flag);
  });

  it('flowctl flow list --state TAB TAB lists the choices; e TAB completes enabled', async () => {
    await type('flowctl flow list --state ', 'Tab', 'Tab');
    await screenMatching(/^disabled\s+enabled\s*$/m);
    await type('flowctl --sandbox dev flow list --state e', 'Tab');
    await screenMatching(/^\$ flowctl --sandbox dev flow list --state enabled $/m);
  });

  it('flowctl completion z TAB completes zsh', async () => {
    await type('flowctl completion z', 'Tab');
    await screenMatching(/^\$ flowctl completion zsh $/m);
  });
});
