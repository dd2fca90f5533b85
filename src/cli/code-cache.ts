// require() of a large CommonJS bundle with V8's code cache, for Node 20 (Node 22's module.enableCompileCache
// does this for every module; Node 20 has no such switch). Compiling a group's bundle (over 1 MB) is most of what
// a command like `flowctl --json flow list` spends before its request; with the cache, V8 reads the compiled code
// back, the functions the previous run compiled lazily included.
//
// The cache is one file per bundle and build in <cache dir>/code (the newest few builds kept), named by the
// bundle's size and mtime and Node's version and architecture, so that a rebuilt bundle or another Node never
// meets an old cache (V8 checks the source's length and its own version and flags too, and rejects what does not
// fit: the bundle is then compiled as usual).
// It is written, atomically, after the first command that ran without one: it then also holds what that command
// compiled on the way. Any failure to read or write it only costs the time the cache would have saved.

import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { defaultCacheDir } from '../config/cache-dir.js';

/** Caches kept of other builds of a bundle besides the current one. */
const KEPT_OTHER_BUILDS = 3;

export interface CachedModule {
  exports: unknown;
  /** Writes the cache if this run had none (or V8 rejected it). Call once the command is done. */
  save(): void;
}

/** flowctl's cache folder from FLOWCTL_CACHE_DIR in the environment only: ./.env is read later, with the configuration. */
export function codeCacheDir(env: Record<string, string | undefined>): string {
  return env['FLOWCTL_CACHE_DIR'] || defaultCacheDir(process.platform, env, homedir());
}

export function requireWithCodeCache(file: string, cacheDir: string): CachedModule {
  const stat = statSync(file);
  const cacheFile = join(cacheDir, 'code', `${basename(file)}-${stat.size}-${Math.trunc(stat.mtimeMs)}-${process.version}-${process.arch}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // The file is already inside the wrapper Node puts around a CommonJS module (scripts/build.mjs writes it so), so
  // that its source is not copied into a wrapped string first; it is run the way Node runs a module.
  const script = new Script(readFileSync(file, 'utf8'), { filename: file, ...(cachedData && { cachedData }) });
  const module = { exports: {} as unknown };
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  const fresh = cachedData === undefined || script.cachedDataRejected === true;
  return {
    exports: module.exports,
    save: () => {
      if (!fresh) return;
      try {
        mkdirSync(dirname(cacheFile), { recursive: true, mode: 0o700 });
        const temp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
        renameSync(temp, cacheFile);
        // Caches of other builds of this bundle: an earlier build's is of no further use, but another install's
        // (a global flowctl beside a clone, another Node) is, and deleting it would make the two evict each other
        // on every run. The newest few are kept.
        const name = basename(cacheFile);
        const prefix = `${basename(file)}-`;
        const dir = dirname(cacheFile);
        const others = readdirSync(dir)
          .filter((other) => other.startsWith(prefix) && other !== name && other.endsWith('.bin'))
          .map((other) => ({ path: join(dir, other), mtime: statSync(join(dir, other)).mtimeMs }))
          .sort((a, b) => b.mtime - a.mtime);
        for (const stale of others.slice(KEPT_OTHER_BUILDS)) rmSync(stale.path, { force: true });
      } catch {
        // A read-only or full cache folder: the next run compiles the bundle again, nothing else changes.
      }
    },
  };
}
