// One onboarding of a table (or apply of a file) at a time on this machine: two runs that look the names up at
// the same moment would both find nothing and both create. The lock is a file created exclusively, holding the
// owner's pid and start time. A lock whose process is gone — killed, crashed — is stale and taken over, so a
// crash never blocks the next run.

import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InvalidInputError } from '../platform/errors.js';

interface LockContent {
  pid: number;
  host: string;
  startedAt: number;
  what: string;
}

export interface Lock {
  path: string;
  release(): Promise<void>;
}

/** Whether a process of this machine is alive (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock held by a process of another machine is trusted this long (it cannot be checked). */
const FOREIGN_LOCK_MS = 6 * 60 * 60 * 1000;

function stale(content: LockContent | undefined, now: number): boolean {
  if (!content) return true;
  if (content.host === hostname()) return !alive(content.pid);
  return now - content.startedAt > FOREIGN_LOCK_MS;
}

/**
 * Takes the lock for `key` (e.g. platform URL + org + sandbox + prefix) in `dir`, or fails saying who holds it.
 * `what` describes the work for that message.
 */
export async function acquireLock(dir: string, key: string, what: string, now: () => number = Date.now): Promise<Lock> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${createHash('sha256').update(key).digest('hex').slice(0, 24)}.lock`);
  const content: LockContent = { pid: process.pid, host: hostname(), startedAt: now(), what };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const file = await open(path, 'wx', 0o600);
      try {
        await file.writeFile(JSON.stringify(content));
      } finally {
        await file.close();
      }
      return {
        path,
        release: async () => {
          // Only our own lock: a run that took over a lock it judged stale must not lose it to us.
          const held = await readLock(path);
          if (held?.pid === process.pid && held.host === content.host && held.startedAt === content.startedAt) await rm(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const held = await readLock(path);
      if (!stale(held, now())) {
        const since = held ? new Date(held.startedAt).toISOString() : 'unknown';
        throw new InvalidInputError(
          'lock',
          `${held?.what ?? what} is already running (pid ${held?.pid ?? '?'} on ${held?.host ?? '?'}, since ${since}); wait for it, or delete ${path} if that process is gone`,
        );
      }
      await rm(path, { force: true });
    }
  }
  throw new InvalidInputError('lock', `could not take ${path}: another run keeps taking it`);
}

/**
 * Like acquireLock, but waits (polling every `pollMs`) while another run holds it, up to `timeoutMs`: for short
 * critical sections that runs may share one after the other, such as creating a base connection several
 * onboardings use.
 */
export async function acquireLockWaiting(
  dir: string,
  key: string,
  what: string,
  options: { now?: () => number; sleep: (ms: number) => Promise<void>; timeoutMs?: number; pollMs?: number },
): Promise<Lock> {
  const now = options.now ?? Date.now;
  const deadline = now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    try {
      return await acquireLock(dir, key, what, now);
    } catch (error) {
      if (!(error instanceof InvalidInputError) || error.field !== 'lock' || now() >= deadline) throw error;
      await options.sleep(options.pollMs ?? 100);
    }
  }
}

async function readLock(path: string): Promise<LockContent | undefined> {
  try {
    const data = JSON.parse(await readFile(path, 'utf8')) as Partial<LockContent>;
    if (typeof data.pid !== 'number' || typeof data.startedAt !== 'number' || typeof data.host !== 'string') return undefined;
    return { pid: data.pid, startedAt: data.startedAt, host: data.host, what: String(data.what ?? '') };
  } catch {
    return undefined;
  }
}
