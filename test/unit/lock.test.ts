import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock, acquireLockWaiting } from '../../src/onboard/lock.js';
import { tempDir } from '../helpers/cli.js';
import { invalid } from '../helpers/invalid.js';

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
