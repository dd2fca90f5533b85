import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { acquireLock, acquireLockWaiting } from '../../src/onboard/lock.js';
import { InvalidInputError } from '../../src/platform/errors.js';
import { tempDir } from '../helpers/cli.js';
import { invalid } from '../helpers/invalid.js';

// Hooks into the lock's file operations, to stop a takeover at a chosen point (a crash, another run acting first).
const fsHooks = vi.hoisted(() => ({
  beforeLink: undefined as ((target: string) => Promise<void>) | undefined,
  beforeRm: undefined as ((path: string) => void) | undefined,
}));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    link: async (existing: string, target: string) => {
      await fsHooks.beforeLink?.(target);
      return actual.link(existing, target);
    },
    rm: async (path: string, options?: Parameters<typeof actual.rm>[1]) => {
      fsHooks.beforeRm?.(path);
      return actual.rm(path, options);
    },
  };
});
afterEach(() => {
  fsHooks.beforeLink = undefined;
  fsHooks.beforeRm = undefined;
});

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('acquireLockWaiting: runs that take a short section in turn', () => {
  it('waits while another run holds the lock, and takes it once released', async () => {
    const dir = tempDir();
    const first = await acquireLock(dir, 'connection shop@db', 'creating base connection');
    let polls = 0;
    const waiting = acquireLockWaiting(dir, 'connection shop@db', 'creating base connection', {
      sleep: async () => {
        polls++;
        if (polls === 3) await first.release();
      },
    });
    const second = await waiting;
    expect(polls).toBe(3);
    await second.release();
  });

  it('gives up after its timeout, saying who holds it', async () => {
    const dir = tempDir();
    await acquireLock(dir, 'k', 'creating base connection');
    let clock = 0;
    const error = await acquireLockWaiting(dir, 'k', 'other', { now: () => clock, timeoutMs: 1000, sleep: async (ms) => void (clock += ms) }).catch((e: unknown) => e);
    expect(invalid(() => {
      throw error;
    }).rule).toMatch(/creating base connection is already running/);
    expect(clock).toBeGreaterThanOrEqual(1000);
  });
});

describe('the onboard/apply lock', () => {
  it('is exclusive: a second run is told who holds it', async () => {
    const dir = tempDir();
    const lock = await acquireLock(dir, 'sandbox dev prefix x', 'flowctl onboard of shop.customers');
    const error = await acquireLock(dir, 'sandbox dev prefix x', 'flowctl onboard of shop.customers').catch((e: unknown) => e);
    expect(invalid(() => {
      throw error;
    }).rule).toMatch(new RegExp(`flowctl onboard of shop.customers is already running \\(pid ${process.pid} on .*\\); wait for it, or delete .*\\.lock if that process is gone`));
    // Another subject is another lock.
    const other = await acquireLock(dir, 'sandbox dev prefix y', 'other');
    await other.release();
    await lock.release();
    const again = await acquireLock(dir, 'sandbox dev prefix x', 'again');
    await again.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('takes over the lock of a process that is gone (killed, crashed)', async () => {
    const dir = tempDir();
    const lock = await acquireLock(dir, 'k', 'first');
    writeFileSync(lock.path, JSON.stringify({ pid: deadPid(), host: hostname(), startedAt: Date.now(), what: 'a killed run' }));
    const taken = await acquireLock(dir, 'k', 'second');
    expect(taken.path).toBe(lock.path);
    // The first owner's release does not remove the lock it no longer holds.
    await lock.release();
    expect(existsSync(taken.path)).toBe(true);
    await taken.release();
    expect(existsSync(taken.path)).toBe(false);
  });

  it('trusts another machine’s lock for six hours, then takes it over; a corrupt lock is stale', async () => {
    const dir = tempDir();
    const lock = await acquireLock(dir, 'k', 'first');
    const now = Date.now();
    writeFileSync(lock.path, JSON.stringify({ pid: 1, host: 'other-machine', startedAt: now - 60_000, what: 'elsewhere' }));
    await expect(acquireLock(dir, 'k', 'second', () => now)).rejects.toThrow(/elsewhere is already running \(pid 1 on other-machine/);
    await expect(acquireLock(dir, 'k', 'later', () => now + 7 * 3_600_000)).resolves.toMatchObject({ path: lock.path });
    writeFileSync(join(dir, readdirSync(dir)[0] as string), 'not json');
    await expect(acquireLock(dir, 'k', 'after corruption')).resolves.toMatchObject({ path: lock.path });
  });
});

describe('taking over a stale lock', () => {
  const staleContent = () => JSON.stringify({ pid: deadPid(), host: hostname(), startedAt: Date.now() - 1000, what: 'a killed run' });
  const claimsIn = (dir: string) => readdirSync(dir).filter((name) => name.includes('.takeover-'));

  it('ten runs that find one stale lock at once: exactly one takes it, the others are told it is running', async () => {
    const dir = tempDir();
    const { path } = await acquireLock(dir, 'k', 'setup');
    const stale = staleContent();
    // Many rounds, the runs starting a few event-loop turns apart, differently each round: started all in the
    // same turn, they would go through the same steps in lockstep.
    for (let round = 0; round < 20; round++) {
      writeFileSync(path, stale);
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, async (_, i) => {
          for (let turn = (i * 7 + round * 3) % 10; turn > 0; turn--) await new Promise((resolve) => setImmediate(resolve));
          return acquireLock(dir, 'k', `run ${i}`);
        }),
      );
      const winners = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      expect(winners, `round ${round}`).toHaveLength(1);
      const winner = winners[0] as NonNullable<(typeof winners)[0]>;
      const winnerName = JSON.parse(readFileSync(path, 'utf8')).what as string;
      for (const r of results) {
        if (r.status === 'fulfilled') continue;
        expect(r.reason).toBeInstanceOf(InvalidInputError);
        expect((r.reason as InvalidInputError).rule).toMatch(new RegExp(`^run \\d is already running \\(pid ${process.pid} on `));
      }
      // The lock on disk is the winner's, whole: no loser removed it after the winner took it.
      await expect(acquireLock(dir, 'k', 'latecomer')).rejects.toThrow(`${winnerName} is already running`);
      expect(readdirSync(dir), 'no claim or half-made file is left behind').toEqual([path.slice(dir.length + 1)]);
      await winner.release();
      expect(existsSync(path)).toBe(false);
    }
  });

  it('the first owner’s release, even in the same millisecond and process, leaves the new holder’s lock alone', async () => {
    const dir = tempDir();
    const at = () => 1_700_000_000_000;
    const first = await acquireLock(dir, 'k', 'first', at);
    // The first owner is judged gone (its lock now names a dead process), and a run of the same process takes over.
    writeFileSync(first.path, JSON.stringify({ ...JSON.parse(readFileSync(first.path, 'utf8')), pid: deadPid() }));
    const second = await acquireLock(dir, 'k', 'second', at);
    await first.release();
    expect(JSON.parse(readFileSync(second.path, 'utf8'))).toMatchObject({ what: 'second', pid: process.pid });
    await expect(acquireLock(dir, 'k', 'third', at)).rejects.toThrow('second is already running');
    await second.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a run that judged the lock stale, but finds it taken over by the time it acts, leaves the new lock alone', async () => {
    const dir = tempDir();
    const first = await acquireLock(dir, 'k', 'first');
    writeFileSync(first.path, staleContent());
    let other: Promise<unknown> | undefined;
    // Run A has read the stale lock and is about to claim it; run B takes it over just then.
    fsHooks.beforeLink = async (target) => {
      if (!target.includes('.takeover-') || other) return;
      other = acquireLock(dir, 'k', 'B');
      await other;
    };
    const a = await acquireLock(dir, 'k', 'A').catch((e: unknown) => e);
    await expect(other).resolves.toMatchObject({ path: first.path });
    expect(invalid(() => {
      throw a;
    }).rule).toMatch(/^B is already running/);
    expect(JSON.parse(readFileSync(first.path, 'utf8'))).toMatchObject({ what: 'B' });
    expect(claimsIn(dir)).toEqual([]);
  });

  it('a run taking the lock over holds the others back; a run that died in the middle of it blocks nobody', async () => {
    const dir = tempDir();
    const first = await acquireLock(dir, 'k', 'first');
    const stale = staleContent();
    writeFileSync(first.path, stale);
    // Run A dies after claiming the stale lock, before removing it: nothing of it runs from then on.
    let dead = false;
    fsHooks.beforeRm = (path) => {
      if (path === first.path) dead = true;
      if (dead) throw new Error('killed');
    };
    await expect(acquireLock(dir, 'k', 'A')).rejects.toThrow('killed');
    fsHooks.beforeRm = undefined;
    expect(claimsIn(dir)).toHaveLength(1);
    const claim = claimsIn(dir)[0] as string;
    // While A's process lives, its claim stands: B backs off, naming A, and the stale lock stays.
    await expect(acquireLock(dir, 'k', 'B')).rejects.toThrow(/^lock: A is already running/);
    expect(readFileSync(first.path, 'utf8')).toBe(stale);
    // Once it is gone, the next run steps over its claim and takes the lock; the claims are swept.
    writeFileSync(join(dir, claim), JSON.stringify({ pid: deadPid(), host: hostname(), startedAt: Date.now(), what: 'A' }));
    const c = await acquireLock(dir, 'k', 'C');
    expect(JSON.parse(readFileSync(c.path, 'utf8'))).toMatchObject({ what: 'C' });
    expect(readdirSync(dir)).toEqual([c.path.slice(dir.length + 1)]);
    await c.release();
    expect(readdirSync(dir)).toEqual([]);
  });
});
