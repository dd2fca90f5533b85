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

  it('a changed file gets a cache of its own, and the old one is removed', () => {
    const { file, cacheDir } = setup(SOURCE);
    requireWithCodeCache(file, cacheDir).save();
    const [before] = readdirSync(join(cacheDir, 'code'));
    writeFileSync(file, wrap(SOURCE.replace('n * 2', 'n * 3')));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const changed = requireWithCodeCache(file, cacheDir);
    expect((changed.exports as { twice: (n: number) => number }).twice(2)).toBe(6);
    changed.save();
    const after = readdirSync(join(cacheDir, 'code'));
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before);
  });

  it('a cache folder it cannot write is no failure', () => {
    const { file } = setup(SOURCE);
    const loaded = requireWithCodeCache(file, join(file, 'not-a-folder'));
    expect(() => loaded.save()).not.toThrow();
  });
});
