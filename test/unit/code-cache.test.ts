// The code cache of the CLI's CommonJS bundles (src/cli/code-cache.ts): a module, written inside Node's module
// wrapper as scripts/build.mjs writes the bundles, runs as require() would run it, its cache is written once, read
// back by the next load, and left behind when the module changes.

import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { wrap } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { requireWithCodeCache } from '../../src/cli/code-cache.js';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length > 0) rmSync(dirs.pop() as string, { recursive: true, force: true });
});

function setup(source: string): { file: string; cacheDir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'flowctl-code-cache-'));
  dirs.push(dir);
  const file = join(dir, 'bundle.wrapped.js');
  writeFileSync(file, wrap(source));
  return { file, cacheDir: join(dir, 'cache') };
}

const SOURCE = "const { join } = require('node:path'); module.exports = { where: join(__dirname, 'x'), file: __filename, twice: (n) => n * 2 };";

describe('requireWithCodeCache', () => {
  it('runs a CommonJS file with its require, module, __filename and __dirname', () => {
    const { file, cacheDir } = setup(SOURCE);
    const loaded = requireWithCodeCache(file, cacheDir);
    expect(loaded.exports).toMatchObject({ where: join(file, '..', 'x'), file });
    expect((loaded.exports as { twice: (n: number) => number }).twice(21)).toBe(42);
  });

  it('writes the cache once, after the first load, and the next load reads it', () => {
    const { file, cacheDir } = setup(SOURCE);
    requireWithCodeCache(file, cacheDir).save();
    const written = readdirSync(join(cacheDir, 'code'));
    expect(written).toHaveLength(1);
    const second = requireWithCodeCache(file, cacheDir);
    second.save();
    expect(readdirSync(join(cacheDir, 'code'))).toEqual(written);
    expect((second.exports as { twice: (n: number) => number }).twice(2)).toBe(4);
  });

  it('each build gets a cache of its own; the newest three of other builds are kept (two installs do not evict each other)', () => {
    const { file, cacheDir } = setup(SOURCE);
    const code = join(cacheDir, 'code');
    const builds: string[] = [];
    for (let factor = 2; factor <= 6; factor++) {
      writeFileSync(file, wrap(SOURCE.replace('n * 2', `n * ${factor}`)));
      utimesSync(file, new Date(), new Date(Date.now() + factor * 5000));
      const loaded = requireWithCodeCache(file, cacheDir);
      expect((loaded.exports as { twice: (n: number) => number }).twice(2)).toBe(2 * factor);
      loaded.save();
      const written = readdirSync(code).find((f) => !builds.includes(f)) as string;
      builds.push(written);
      // Written in order: the later, the newer.
      utimesSync(join(code, written), new Date(), new Date(Date.now() + factor * 1000));
    }
    // The current build's and the three newest others'; the oldest build's is gone.
    expect(readdirSync(code).sort()).toEqual(builds.slice(1).sort());
  });

  it('a cache folder it cannot write is no failure', () => {
    const { file } = setup(SOURCE);
    const loaded = requireWithCodeCache(file, join(file, 'not-a-folder'));
    expect(() => loaded.save()).not.toThrow();
  });
});
