// Access tokens cached on disk between runs, so that a CI job calling flowctl a hundred times asks IMS once.
// One file per (IMS host, client id, org, scopes), readable by the owner only (0600, in a 0700 folder),
// written atomically so that two flowctl processes never read half a file.
//
// The file is named by a 64-bit FNV-1a hash of the key rather than by node:crypto's SHA-256: the name only has to
// tell a handful of keys apart (none of them secret), and loading node:crypto costs a command whose token is cached
// about 2 ms, a tenth of its start-up.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CachedToken {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** Epoch milliseconds. */
  obtainedAt: number;
}

export interface TokenCacheKey {
  imsUrl: string;
  clientId: string;
  orgId: string;
  scopes: readonly string[];
}

let writes = 0;

/**
 * The 64-bit FNV-1a hash of `text`'s UTF-8 bytes, as 16 hex digits, in two 32-bit halves (no BigInt per byte).
 * The prime is 2^40 + 0x1b3: the product's low half is low × 0x1b3 (< 2^41, exact in a double), and its high half
 * high × 0x1b3 + low × 2^8 + the carry, all mod 2^32.
 */
export function fnv1a64(text: string): string {
  let high = 0xcbf29ce4;
  let low = 0x84222325;
  for (const byte of Buffer.from(text, 'utf8')) {
    low ^= byte;
    const product = (low >>> 0) * 0x1b3;
    high = (Math.imul(high, 0x1b3) + (low << 8) + Math.floor(product / 0x100000000)) >>> 0;
    low = product >>> 0;
  }
  return high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');
}

export class TokenCache {
  constructor(private readonly dir: string) {}

  pathFor(key: TokenCacheKey): string {
    const id = fnv1a64([key.imsUrl, key.clientId, key.orgId, [...key.scopes].sort().join(',')].join('\n'));
    return join(this.dir, `token-${id}.json`);
  }

  async read(key: TokenCacheKey): Promise<CachedToken | undefined> {
    try {
      // Read synchronously: the file is a few hundred bytes, and the first asynchronous file operation starts
      // libuv's thread pool (≈ 2.5 ms of a cached-token command, which otherwise needs no thread).
      const data = JSON.parse(readFileSync(this.pathFor(key), 'utf8')) as Partial<CachedToken>;
      if (typeof data.accessToken !== 'string' || typeof data.expiresAt !== 'number') return undefined;
      return { accessToken: data.accessToken, expiresAt: data.expiresAt, obtainedAt: data.obtainedAt ?? 0 };
    } catch {
      // Missing, unreadable or corrupt: the cache is only an optimisation, so fetch a new token.
      return undefined;
    }
  }

  async write(key: TokenCacheKey, token: CachedToken): Promise<void> {
    // node:fs/promises only to write or delete: a command whose token is cached only reads (synchronously).
    const { chmod, mkdir, rename, writeFile } = await import('node:fs/promises');
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const file = this.pathFor(key);
    // Unique among this process's writes and other processes' (the pid): only needs to avoid a clash, not be secret.
    const temp = `${file}.${process.pid}.${(writes++).toString(36)}.tmp`;
    await writeFile(temp, JSON.stringify(token), { mode: 0o600 });
    // writeFile's mode is subject to the umask and ignored for existing files: make sure.
    await chmod(temp, 0o600);
    await rename(temp, file);
  }

  async delete(key: TokenCacheKey): Promise<boolean> {
    const file = this.pathFor(key);
    const { rm } = await import('node:fs/promises');
    try {
      await rm(file);
      return true;
    } catch {
      return false;
    }
  }
}
