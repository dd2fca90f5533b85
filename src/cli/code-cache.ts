// require() of a large CommonJS bundle with V8's code cache, for Node 20 (Node 22's module.enableCompileCache
// does this for every module; Node 20 has no such switch). Compiling a group's bundle (300–500 KB) is most of what
// a command like `flowctl --json flow list` spends before its request; with the cache, V8 reads the compiled code
// back, the functions the previous run compiled lazily included.
//
// The cache is one file per bundle and build in <cache dir>/code (the newest few builds kept), named by the
// bundle's size and mtime and Node's version and architecture, so that a rebuilt bundle or another Node never
// meets an old cache (V8 checks the source's length and its own version and flags too, and rejects what does not
// fit: the bundle is then compiled as usual).
// It is written, atomically, after the first command that ran without one: it then also holds what that command
// compiled on the way. Any failure to read or write it only costs the time the cache would have saved. V8 checks a
// cache's length but, in Node 20, no checksum of its content: a file damaged on disk, not merely cut short, is not
// caught (written atomically, it is never left half-written by flowctl itself).

import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

/**
 * The bundle's source and, when there is one, its cache, read through one buffer: the source is read and decoded,
 * then the cache is read over it. Memory a process touches for the first time costs a page fault per 4 KB (on a
 * virtual machine, microseconds each), and the two files are about 1 MB: reading them so takes 180 fewer faults
 * than two readFileSync calls (≈ 0.3 ms).
 */
function readWithCache(file: string, cacheDir: string): { source: string; cachedData: Buffer | undefined; cacheFile: string } {
  const sourceFd = openSync(file, 'r');
  let cacheFd: number | undefined;
  try {
    const stat = fstatSync(sourceFd);
    const cacheFile = join(cacheDir, 'code', `${basename(file)}-${stat.size}-${Math.trunc(stat.mtimeMs)}-${process.version}-${process.arch}.bin`);
    try {
      cacheFd = openSync(cacheFile, 'r');
    } catch {
      cacheFd = undefined;
    }
    const cacheSize = cacheFd === undefined ? 0 : fstatSync(cacheFd).size;
    const buffer = Buffer.allocUnsafeSlow(Math.max(stat.size, cacheSize));
    const source = buffer.toString('utf8', 0, readFully(sourceFd, buffer, stat.size));
    const cachedData = cacheFd === undefined || cacheSize === 0 ? undefined : buffer.subarray(0, readFully(cacheFd, buffer, cacheSize));
    return { source, cachedData, cacheFile };
  } finally {
    closeSync(sourceFd);
    if (cacheFd !== undefined) closeSync(cacheFd);
  }
}

/** Reads up to `size` bytes from the start of `fd` into `buffer`; how many it read. */
function readFully(fd: number, buffer: Buffer, size: number): number {
  let read = 0;
  for (let n = -1; read < size && n !== 0; read += n) n = readSync(fd, buffer, read, size - read, read);
  return read;
}

/** What a bundle may require: Node's built-ins, and files next to it by a relative path ("./ora.cjs"). */
export type BundleRequire = (id: string) => unknown;

/**
 * `file` run as a CommonJS module, compiled with its code cache. `load` is the caller's own require: Node's
 * built-ins, and absolute paths, resolve the same from any module, and the bundle's relative requires are made
 * absolute here (which spares loading node:module for createRequire).
 */
export function requireWithCodeCache(file: string, cacheDir: string, load: BundleRequire): CachedModule {
  const { source, cachedData, cacheFile } = readWithCache(file, cacheDir);
  // The file is already inside the wrapper Node puts around a CommonJS module (scripts/build.mjs writes it so), so
  // that its source is not copied into a wrapped string first; it is run the way Node runs a module.
  const script = new Script(source, { filename: file, ...(cachedData && { cachedData }) });
  const module = { exports: {} as unknown };
  const run = script.runInThisContext() as (exports: unknown, require: BundleRequire, module: unknown, filename: string, dirname: string) => void;
  const bundleDir = dirname(file);
  run.call(module.exports, module.exports, (id) => load(id.startsWith('./') ? join(bundleDir, id) : id), module, file, bundleDir);
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
