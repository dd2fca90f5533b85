// `flowctl --help` must start about as fast as bare node: it may load commander and flowctl's own small
// modules, and nothing heavy. The build's metafile says which sources each output holds; this follows the
// static imports from the entry (dynamic imports load only when a command runs).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

interface Metafile {
  outputs: Record<string, { imports: { path: string; kind: string }[]; inputs: Record<string, unknown> }>;
}

const root = fileURLToPath(new URL('../..', import.meta.url));

function staticClosure(meta: Metafile, entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (output: string) => {
    if (seen.has(output)) return;
    seen.add(output);
    for (const i of meta.outputs[output]?.imports ?? []) if (i.kind === 'import-statement' && i.path.startsWith('dist/')) visit(i.path);
  };
  visit(entry);
  return seen;
}

describe('start-up', () => {
  it('the entry loads no heavy module before a command needs it', () => {
    const meta = JSON.parse(readFileSync(`${root}/dist/cli/meta.json`, 'utf8')) as Metafile;
    const closure = [...staticClosure(meta, 'dist/cli/main.cjs')];
    // One file: each module Node loads at start-up costs time, so the entry imports no chunk.
    expect(closure).toEqual(['dist/cli/main.cjs']);
    const sources = closure.flatMap((o) => Object.keys(meta.outputs[o]?.inputs ?? {}));
    expect(sources.some((s) => s.includes('src/cli/main.ts'))).toBe(true);
    for (const heavy of ['node_modules/commander/', 'node_modules/axios/', 'node_modules/zod/', 'node_modules/ora/', 'node_modules/chalk/', 'node_modules/dotenv/', 'src/emulator/', 'src/platform/client']) {
      expect(sources.filter((s) => s.includes(heavy)), `${heavy} is loaded by flowctl --help`).toEqual([]);
    }
  });

  it('flowctl --help prints the help rendered at build time, identical to what commander renders', async () => {
    const { runBin } = await import('../helpers/spawn.js');
    const fast = await runBin(['--help']);
    const rendered = await runBin(['help']);
    expect(fast.code).toBe(0);
    expect(fast.stdout).toBe(readFileSync(`${root}/dist/cli/help.txt`, 'utf8'));
    expect(fast.stdout).toBe(rendered.stdout);
  });
});
