// flowctl completion bash|zsh|fish: what the scripts hold, that each shell accepts its script, and how the bash
// and fish scripts answer completions (their functions called as the shell would; test/e2e/completion-tty.test.ts
// presses TAB in a real terminal).

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GROUPS } from '../../src/cli/registry.js';
import { runCli, tempDir } from '../helpers/cli.js';

const has = (shell: string): boolean => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;
const SHELLS = ['bash', 'zsh', 'fish'] as const;
const scripts: Record<string, string> = {};

beforeAll(async () => {
  for (const shell of SHELLS) {
    // No configuration at all: completion needs no Platform settings.
    const result = await runCli(['completion', shell], { bareEnv: true });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    scripts[shell] = result.stdout;
  }
});

describe.each(SHELLS)('flowctl completion %s', (shell) => {
  it('names every command group, and the flags and choices of flow list', () => {
    const script = scripts[shell] ?? '';
    for (const group of GROUPS) expect(script, group.name).toMatch(new RegExp(`\\b${group.name}\\b`));
    // flow list's own flags, a global one, and --state's choices.
    for (const word of ['limit', 'state', 'all', 'json', 'sandbox', 'enabled', 'disabled']) expect(script, word).toContain(word);
    // Other fixed choices: flow create's --frequency, onboard's --class, completion's own argument.
    for (const words of [['once', 'minute', 'hour', 'day', 'week'], ['profile', 'event', 'record'], ['bash', 'zsh', 'fish']]) expect(script).toContain(words.join(' '));
  });

  it('does not offer the hidden --platform-url', () => {
    const script = scripts[shell] ?? '';
    if (shell === 'bash') expect(script).not.toMatch(/_flowctl_words='[^']*--platform-url/);
    if (shell === 'zsh') expect(script).toContain("'!*--platform-url=[");
    if (shell === 'fish') expect(script).not.toMatch(/^complete .*-l platform-url/m);
  });
});

describe('syntax: each shell reads its script', () => {
  const check = (shell: string) => {
    const file = join(tempDir(), `flowctl.${shell}`);
    writeFileSync(file, scripts[shell] ?? '');
    const result = spawnSync(shell, ['-n', file], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  };
  it('bash -n', () => check('bash'));
  it.skipIf(!has('zsh'))(`zsh -n${has('zsh') ? '' : ' (skipped: zsh is not installed)'}`, () => check('zsh'));
  it.skipIf(!has('fish'))(`fish -n${has('fish') ? '' : ' (skipped: fish is not installed)'}`, () => check('fish'));
});

describe('bash: the completion function', () => {
  /** What _flowctl offers for `line` (the cursor at its end), as bash would call it. */
  function complete(line: string): string[] {
    const file = join(tempDir(), 'flowctl.bash');
    writeFileSync(file, scripts['bash'] ?? '');
    // COMP_WORDS as readline splits them: at blanks and at = (COMP_WORDBREAKS); a trailing blank starts a new word.
    const words = line.split(/\s+|(?==)|(?<==)/).filter((w, i, all) => w !== '' || i === all.length - 1);
    const program = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _flowctl; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const result = spawnSync('bash', ['--norc', '--noprofile', '-c', program, 'bash', file, ...words], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    return result.stdout.split('\n').filter((w) => w !== '');
  }

  it('completes commands and sub-commands', () => {
    expect(complete('flowctl fl')).toEqual(['flowspec', 'flow']);
    expect(complete('flowctl flow li')).toEqual(['list']);
    expect(complete('flowctl flow ')).toContain('update');
    expect(complete('flowctl help fl')).toEqual(['flowspec', 'flow']);
  });

  it('completes flags, global ones too, and the values of flags with choices', () => {
    expect(complete('flowctl flow list --')).toEqual(expect.arrayContaining(['--state', '--limit', '--all', '--json', '--sandbox', '--help']));
    expect(complete('flowctl flow list --')).not.toContain('--platform-url');
    expect(complete('flowctl flow list --state ')).toEqual(['enabled', 'disabled']);
    expect(complete('flowctl flow list --state=e')).toEqual(['enabled']);
    expect(complete('flowctl flow create --frequency h')).toEqual(['hour']);
    expect(complete('flowctl completion ')).toEqual(['bash', 'zsh', 'fish']);
    expect(complete('flowctl completion bash ')).toEqual([]);
  });

  it('skips the values of flags on the way to the command', () => {
    expect(complete('flowctl --sandbox dev flow li')).toEqual(['list']);
    expect(complete('flowctl --platform-url http://x flow li')).toEqual(['list']);
    expect(complete('flowctl flow list --limit 5 --s')).toEqual(['--state', '--source', '--sandbox']);
  });

  it('offers nothing for a value it cannot know (an id)', () => {
    expect(complete('flowctl flow get ')).toEqual([]);
    expect(complete('flowctl flow list --limit ')).toEqual([]);
  });
});

describe.skipIf(!has('fish'))(`fish: complete -C${has('fish') ? '' : ' (skipped: fish is not installed)'}`, () => {
  function complete(line: string): string[] {
    const file = join(tempDir(), 'flowctl.fish');
    writeFileSync(file, scripts['fish'] ?? '');
    const result = spawnSync('fish', ['--no-config', '-c', 'source $argv[1]; complete -C $argv[2]', file, line], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    return result.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t')[0] ?? '');
  }

  it('completes commands, flags and choices', () => {
    expect(complete('flowctl fl')).toEqual(['flow', 'flowspec']);
    expect(complete('flowctl --sandbox dev flow li')).toEqual(['list']);
    expect(complete('flowctl flow list --')).toEqual(expect.arrayContaining(['--state', '--limit', '--json', '--sandbox']));
    expect(complete('flowctl flow list --state ')).toEqual(['disabled', 'enabled']);
    expect(complete('flowctl completion ')).toEqual(['bash', 'fish', 'zsh']);
    expect(complete('flowctl completion bash ')).toEqual([]);
  });
});

describe('bad usage', () => {
  it('an unknown shell is one line naming the argument and the shells, exit 2', async () => {
    const result = await runCli(['completion', 'tcsh'], { bareEnv: true });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("error: command-argument value 'tcsh' is invalid for argument 'shell'. Allowed choices are bash, zsh, fish. (add --help for usage)\n");
  });

  it('no shell: exit 2', async () => {
    const result = await runCli(['completion'], { bareEnv: true });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/missing required argument 'shell'/);
  });
});
