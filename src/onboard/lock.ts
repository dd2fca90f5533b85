// One onboarding of a table (or apply of a file) at a time on this machine: two runs that look the names up at
// the same moment would both find nothing and both create. The lock is a file holding the owner's pid, start time
// and a token of its own; it appears at once with its whole content (written aside, then hard-linked into place,
// which fails if the name exists), so a run never reads a half-written lock and judges it corrupt.
//
// A lock whose process is gone — killed, crashed — is stale and taken over, so a crash never blocks the next run.
// Taking over is where two runs can trip on each other: both judge the same stale lock, one removes it and takes
// the lock, and the other, a moment later, removes that fresh lock thinking it removes the stale one. So a
// takeover first claims that very stale lock (its inode, mtime and content) with a claim file created
// exclusively: only the holder of the claim may remove it, and only after checking, claim in hand, that the
// lock is still that stale one. A run that finds the claim held by a live run backs off and looks again; a claim
// left by a run that died in the middle of a takeover is stepped over (the next claim number). Once the stale
// lock is removed it never comes back (a fresh lock has a fresh token), so claims on it are mere leftovers,
// swept by the next run that takes the lock.

import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { InvalidInputError } from '../platform/errors.js';

interface LockContent {
  pid: number;
  host: string;
  startedAt: number;
  what: string;
  /** Tells this lock from any other, even one of the same process taken in the same millisecond. */
  token?: string;
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
/** A takeover claim lasts a few milliseconds; one of another machine older than this was abandoned. */
const FOREIGN_CLAIM_MS = 60 * 1000;
/** Looks at the lock this many times while other runs take it over or release it, pausing a little longer each time. */
const ATTEMPTS = 12;

function stale(content: LockContent | undefined, now: number, foreignMs: number): boolean {
  if (!content) return true;
  if (content.host === hostname()) return !alive(content.pid);
  return now - content.startedAt > foreignMs;
}

/**
 * Takes the lock for `key` (e.g. platform URL + org + sandbox + prefix) in `dir`, or fails saying who holds it.
 * `what` describes the work for that message.
 */
export async function acquireLock(dir: string, key: string, what: string, now: () => number = Date.now): Promise<Lock> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${createHash('sha256').update(key).digest('hex').slice(0, 24)}.lock`);
  const content: LockContent = { pid: process.pid, host: hostname(), startedAt: now(), what, token: randomBytes(12).toString('hex') };
  /** The run last seen taking the lock over, for the message if it never settles. */
  let claimer: LockContent | undefined;
  let claimed = false;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (await createExclusive(path, JSON.stringify(content))) {
      await sweepClaims(path);
      return {
        path,
        release: async () => {
          // Only our own lock: a run that took over a lock it judged stale must not lose it to us.
          const held = await readLock(path);
          if (held?.token !== undefined && held.token === content.token) await rm(path, { force: true });
        },
      };
    }
    const held = await snapshot(path);
    if (!held) continue; // released in the meantime
    if (!stale(held.content, now(), FOREIGN_LOCK_MS)) throw busy(path, held.content, what);
    const outcome = await takeOver(path, held, what, now);
    if (typeof outcome === 'object') {
      // Another run is taking it over right now: it is done in a moment, then the lock is its (or someone's).
      claimer = outcome.claimer;
      claimed = true;
      await pause(attempt);
    }
  }
  if (claimed) throw busy(path, claimer, what);
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

function busy(path: string, held: LockContent | undefined, what: string): InvalidInputError {
  const since = held ? new Date(held.startedAt).toISOString() : 'unknown';
  return new InvalidInputError(
    'lock',
    `${held?.what ?? what} is already running (pid ${held?.pid ?? '?'} on ${held?.host ?? '?'}, since ${since}); wait for it, or delete ${path} if that process is gone`,
  );
}

function pause(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 2 + attempt * 4 + Math.floor(Math.random() * 4)));
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

/** File systems without hard links answer link() with one of these. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * Creates `path` holding `data` unless it exists; false if it does. The file is written aside and hard-linked
 * into place, so nobody sees it half-written.
 */
async function createExclusive(path: string, data: string): Promise<boolean> {
  const aside = `${path}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(aside, data, { mode: 0o600, flag: 'wx' });
  try {
    await link(aside, path);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    if (!NO_HARD_LINKS.has(errorCode(error) ?? '')) throw error;
  } finally {
    await rm(aside, { force: true });
  }
  // No hard links here: create exclusively and write (a reader may then see it empty for an instant).
  try {
    const file = await open(path, 'wx', 0o600);
    try {
      await file.writeFile(data);
    } finally {
      await file.close();
    }
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
}

/** A lock as found: its content and an id naming that very file version (inode, mtime, bytes). */
interface Snapshot {
  content: LockContent | undefined;
  id: string;
  mtimeMs: number;
}

/** The lock file as it is now; undefined if there is none. */
async function snapshot(path: string): Promise<Snapshot | undefined> {
  let file;
  try {
    file = await open(path, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  try {
    // Both read through one descriptor: the same file even if the name is replaced meanwhile.
    const stat = await file.stat({ bigint: true });
    const raw = await file.readFile('utf8');
    const id = createHash('sha256').update(`${stat.dev}:${stat.ino}:${stat.mtimeNs}:${raw}`).digest('hex').slice(0, 16);
    return { content: parseLock(raw), id, mtimeMs: Number(stat.mtimeMs) };
  } finally {
    await file.close();
  }
}

function claimPrefix(path: string): string {
  return `${basename(path)}.takeover-`;
}

/** The name of the k-th claim on the stale lock `id`. */
function claimPath(path: string, id: string, k: number): string {
  return join(dirname(path), `${claimPrefix(path)}${id}-${k}`);
}

/**
 * Removes the stale lock `held`, unless another run does: 'removed' when this run removed it, 'gone' when it was
 * no longer there (taken over or released meanwhile), or the claim of a live run taking it over right now.
 */
async function takeOver(path: string, held: Snapshot, what: string, now: () => number): Promise<'removed' | 'gone' | { claimer: LockContent | undefined }> {
  let claim: string | undefined;
  for (let k = 0; !claim; k++) {
    const candidate = claimPath(path, held.id, k);
    const mine: LockContent = { pid: process.pid, host: hostname(), startedAt: now(), what };
    if (await createExclusive(candidate, JSON.stringify(mine))) {
      claim = candidate;
      break;
    }
    const other = await snapshot(candidate);
    // Swept: the stale lock was removed and the lock taken since.
    if (!other) return 'gone';
    // A claim that cannot be read (half-written where there are no hard links) is judged by its age.
    const abandoned = other.content ? stale(other.content, now(), FOREIGN_CLAIM_MS) : Date.now() - other.mtimeMs > FOREIGN_CLAIM_MS;
    if (!abandoned) return { claimer: other.content };
    // Left by a run that died in the middle of a takeover: the next number.
  }
  let removed = false;
  try {
    const current = await snapshot(path);
    if (current?.id !== held.id) return 'gone';
    // Ours to remove: only the holder of a claim on this stale lock removes it, and we hold the live one.
    await rm(path, { force: true });
    removed = true;
    return 'removed';
  } finally {
    // Once the stale lock is gone every claim on it is a leftover; otherwise only ours is ours to drop.
    if (removed) await sweepClaims(path, held.id);
    else await rm(claim, { force: true });
  }
}

/**
 * Removes takeover claims on locks that are gone: all of them once this run holds the lock (its own lock is
 * fresh, so every claim is on an older one), or those on the stale lock `id` once it is removed.
 */
async function sweepClaims(path: string, id?: string): Promise<void> {
  // Exactly claim names: not the files other runs are writing aside to link into place as claims.
  const prefix = id === undefined ? claimPrefix(path) : `${claimPrefix(path)}${id}-`;
  const isClaim = (name: string) => name.startsWith(prefix) && /^[0-9a-f]{16}-\d+$/.test(name.slice(claimPrefix(path).length));
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch {
    return;
  }
  await Promise.all(names.filter(isClaim).map((name) => rm(join(dirname(path), name), { force: true })));
}

function parseLock(raw: string): LockContent | undefined {
  try {
    const data = JSON.parse(raw) as Partial<LockContent>;
    if (typeof data.pid !== 'number' || typeof data.startedAt !== 'number' || typeof data.host !== 'string') return undefined;
    return { pid: data.pid, startedAt: data.startedAt, host: data.host, what: String(data.what ?? ''), ...(typeof data.token === 'string' && { token: data.token }) };
  } catch {
    return undefined;
  }
}

async function readLock(path: string): Promise<LockContent | undefined> {
  try {
    return parseLock(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}
