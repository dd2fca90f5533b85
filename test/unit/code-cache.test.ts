// The code cache of the CLI's CommonJS bundles (src/cli/code-cache.ts): a module, written inside Node's module
// wrapper as scripts/build.mjs writes the bundles, runs as require() would run it, its cache is written once, read
// back by the next load, and left behind when the module changes.

import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire, wrap } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { requireWithCodeCache } from '../../src/cli/code-cache.js';

const dirs: string[] = [];
// The caller's require, as main.ts passes its own.
const load = createRequire(import.meta.url);
afterEach(() => {
  while (dirs.length > 0) rmSync(dirs.pop() as string, { recursive: true, force: true });
});

function setup(source: string): { file: string; cacheDir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'flowctl-code-cache-'));
  dirs.push(dir);
  const file = join(dir, 'bundle.wrapped.js');
  writeFileSync(file, wrap(source));
  // Whole seconds, which every file system keeps exactly (sameBuildElsewhere gives a copy the same).
  const second = Math.floor(Date.now() / 1000);
  utimesSync(file, second, second);
  return { file, cacheDir: join(dir, 'cache') };
}

/**
 * The same bundle at another path, with the same size and mtime, so that it meets the same cache: a second load
 * from the first path would be answered by V8's in-memory compilation cache, and never read the cache file.
 */
function sameBuildElsewhere(file: string): string {
  const dir = join(file, '..', 'elsewhere');
  mkdirSync(dir);
  const copy = join(dir, 'bundle.wrapped.js');
  copyFileSync(file, copy);
  const { mtimeMs } = statSync(file);
  utimesSync(copy, mtimeMs / 1000, mtimeMs / 1000);
  return copy;
}

const SOURCE = "const { join } = require('node:path'); module.exports = { where: join(__dirname, 'x'), file: __filename, twice: (n) => n * 2 };";

describe('requireWithCodeCache', () => {
  it('runs a CommonJS file with its require, module, __filename and __dirname', () => {
    const { file, cacheDir } = setup(SOURCE);
    const loaded = requireWithCodeCache(file, cacheDir, load);
    expect(loaded.exports).toMatchObject({ where: join(file, '..', 'x'), file });
    expect((loaded.exports as { twice: (n: number) => number }).twice(21)).toBe(42);
  });

  it("resolves the module's relative requires next to it, and Node's built-ins as usual", () => {
    const { file, cacheDir } = setup("module.exports = { split: require('./split-off.cjs'), sep: require('node:path').sep };");
    writeFileSync(join(file, '..', 'split-off.cjs'), "module.exports = 'beside the bundle';");
    expect(requireWithCodeCache(file, cacheDir, load).exports).toEqual({ split: 'beside the bundle', sep: join('a', 'b')[1] });
  });

  it('a damaged cache is no failure: the module runs, and the cache is written again', () => {
    const { file, cacheDir } = setup(SOURCE);
    requireWithCodeCache(file, cacheDir, load).save();
    const cache = join(cacheDir, 'code', readdirSync(join(cacheDir, 'code'))[0] as string);
    const good = readFileSync(cache);
    // Cut short, as a full disk would leave it (V8 checks the length; it does not checksum the rest).
    writeFileSync(cache, good.subarray(0, good.length >> 1));
    const loaded = requireWithCodeCache(sameBuildElsewhere(file), cacheDir, load);
    expect((loaded.exports as { twice: (n: number) => number }).twice(4)).toBe(8);
    loaded.save();
    expect(statSync(cache).size).toBeGreaterThanOrEqual(good.length);
  });

  it('writes the cache once, after the first load, and the next load reads it', () => {
    const { file, cacheDir } = setup(SOURCE);
    requireWithCodeCache(file, cacheDir, load).save();
    const written = readdirSync(join(cacheDir, 'code'));
    expect(written).toHaveLength(1);
    const cache = readFileSync(join(cacheDir, 'code', written[0] as string));
    const second = requireWithCodeCache(sameBuildElsewhere(file), cacheDir, load);
    // Had the cache not been read, saving now would write a new one, holding twice() compiled.
    expect((second.exports as { twice: (n: number) => number }).twice(2)).toBe(4);
    second.save();
    expect(readdirSync(join(cacheDir, 'code'))).toEqual(written);
    expect(readFileSync(join(cacheDir, 'code', written[0] as string)).equals(cache)).toBe(true);
  });

  it('each build gets a cache of its own; the newest three of other builds are kept (two installs do not evict each other)', () => {
    const { file, cacheDir } = setup(SOURCE);
    const code = join(cacheDir, 'code');
    const builds: string[] = [];
    for (let factor = 2; factor <= 6; factor++) {
      writeFileSync(file, wrap(SOURCE.replace('n * 2', `n * ${factor}`)));
      utimesSync(file, new Date(), new Date(Date.now() + factor * 5000));
      const loaded = requireWithCodeCache(file, cacheDir, load);
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
    const loaded = requireWithCodeCache(file, join(file, 'not-a-folder'), load);
    expect(() => loaded.save()).not.toThrow();
  });
});
