// `flowctl --help` must start about as fast as bare node: it may load commander and flowctl's own small
// modules, and nothing heavy. The build's metafile says which sources each output holds; this follows the
// static imports from the entry (dynamic imports load only when a command runs). An API command (`flow list`)
// loads its group's one CommonJS bundle, compiled from the code cache after its first run, and not Node's fetch.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { startFakePlatform } from '../helpers/fake-platform.js';

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

  it("a command's --help prints the help rendered at build time, identical to what commander renders", async () => {
    const { runBin } = await import('../helpers/spawn.js');
    const fast = await runBin(['flow', 'list', '--help']);
    // An option before the command: main.ts leaves it to commander.
    const rendered = await runBin(['--no-color', 'flow', 'list', '--help']);
    expect(fast.code).toBe(0);
    expect(fast.stdout).toBe(readFileSync(`${root}/dist/cli/help/flow/list.txt`, 'utf8'));
    expect(fast.stdout).toBe(rendered.stdout);
    expect(fast.stdout).toContain('Usage: flowctl flow list');
  });

  it('a group bundle holds its group, and neither the emulator nor what axios and zod would load for nothing', () => {
    const meta = JSON.parse(readFileSync(`${root}/dist/cli/meta.json`, 'utf8')) as Metafile;
    const sources = Object.keys(meta.outputs['dist/cli/commands/flow.cjs']?.inputs ?? {});
    expect(sources.some((s) => s.endsWith('src/cli/commands/flow.ts'))).toBe(true);
    expect(sources.filter((s) => s.endsWith('src/cli/commands/dataset.ts'))).toEqual([]);
    for (const unused of ['src/emulator/', 'node_modules/axios/lib/adapters/fetch.js', 'node_modules/axios/lib/adapters/xhr.js', 'node_modules/zod/v4/classic/', 'node_modules/form-data/', 'node_modules/mime-db/', 'node_modules/undici']) {
      expect(sources.filter((s) => s.includes(unused)), `${unused} is in the bundle of flow`).toEqual([]);
    }
    // The real en.js, and the stand-in for zod's list of locales that exports it alone.
    expect(new Set(sources.filter((s) => s.includes('zod/v4/locales/')).map((s) => s.replace(/.*\//, '')))).toEqual(new Set(['en.js']));
  });

  it('flowctl --json flow list loads no undici (nor TLS, crypto, zlib), builds no stderr, and compiles its bundle from the code cache after the first run', async () => {
    const { runBin } = await import('../helpers/spawn.js');
    const platform = await startFakePlatform((req) => (req.method === 'GET' && req.url.startsWith('/data/foundation/flowservice/flows?') ? { status: 200, body: { items: [], _links: {} } } : undefined));
    try {
      const dir = tempDir();
      // Written at exit: the built-in modules the process loaded, and whether it built process.stderr (a second pipe
      // stream, which a --json command that succeeds never writes to).
      const preload = join(dir, 'modules.cjs');
      writeFileSync(
        preload,
        `const built = Object.getOwnPropertyDescriptor(process, 'stderr'); let stderrBuilt = false;
        Object.defineProperty(process, 'stderr', { configurable: true, enumerable: built.enumerable, get() { stderrBuilt = true; return built.get.call(this); } });
        process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(join(dir, 'modules.json'))}, JSON.stringify({ modules: process.moduleLoadList, stderrBuilt })));`,
      );
      const cacheDir = join(dir, 'cache');
      const env = { AEP_PLATFORM_URL: platform.url, AEP_ACCESS_TOKEN: 'startup-token', AEP_API_KEY: 'startup', AEP_IMS_ORG: 'STARTUP@AdobeOrg', AEP_SANDBOX_NAME: 'dev', FLOWCTL_CACHE_DIR: cacheDir };
      const first = await runBin(['--json', 'flow', 'list'], { env: { ...env, NODE_OPTIONS: `--require ${preload}` } });
      expect(first, first.stderr).toMatchObject({ code: 0, stdout: '[]\n' });
      const { modules, stderrBuilt } = JSON.parse(readFileSync(join(dir, 'modules.json'), 'utf8')) as { modules: string[]; stderrBuilt: boolean };
      expect(stderrBuilt, 'process.stderr built').toBe(false);
      expect(modules.filter((m) => m.includes('undici'))).toEqual([]);
      // Over plain http, with a cached token and an uncompressed response: no TLS, crypto, zlib, perf_hooks (axios's
      // clock) or stdin stream modules; nor os (the cache folder is set), module (createRequire) or process (the global).
      const unneeded = /^NativeModule (https|tls|crypto|zlib|perf_hooks|internal\/fs\/streams|internal\/fs\/promises|readline|os|module|process)$/;
      expect(modules.filter((m) => unneeded.test(m))).toEqual([]);
      const caches = readdirSync(join(cacheDir, 'code'));
      expect(caches).toEqual([expect.stringMatching(/^flow\.wrapped\.js-\d+-\d+-v[\d.]+-\w+\.bin$/)]);
      const second = await runBin(['--json', 'flow', 'list'], { env });
      expect(second).toMatchObject({ code: 0, stdout: '[]\n' });
      expect(readdirSync(join(cacheDir, 'code'))).toEqual(caches);
    } finally {
      await platform.close();
    }
  });
});
