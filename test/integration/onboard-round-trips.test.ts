// How many round trips onboarding waits for one after another (its critical path), counted from the requests
// themselves: against an emulator that answers every request after 250 ms, a request that starts after another
// one's answer arrived may depend on it; one that starts while it is in flight does not. The depth of that chain
// is what a user pays in latency — the bench measures it in wall time (npm run bench: onboard).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { emulatorEnv, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

const LATENCY_MS = 250;

/** The longest chain of requests each started after the previous one's answer (IMS token requests left out). */
function criticalPath(answered: readonly { path: string; end: number }[]): number {
  const requests = answered.filter((r) => !r.path.startsWith('/ims/')).map((r) => ({ ...r, start: r.end - LATENCY_MS }));
  const depth = new Map<number, number>();
  const order = [...requests.keys()].sort((a, b) => (requests[a]?.start ?? 0) - (requests[b]?.start ?? 0));
  for (const i of order) {
    const start = requests[i]?.start ?? 0;
    // Half the latency of slack: requests of one round start within milliseconds of each other.
    const before = order.filter((j) => j !== i && (requests[j]?.end ?? 0) <= start + LATENCY_MS / 2);
    depth.set(i, 1 + Math.max(0, ...before.map((j) => depth.get(j) ?? 0)));
  }
  return Math.max(0, ...depth.values());
}

describe('onboarding round trips', () => {
  let e: TestEmulator;
  let answered: { path: string; end: number }[] = [];
  const cwd = tempDir();
  beforeAll(async () => {
    e = await startTestEmulator({ latency: { ms: LATENCY_MS, jitter: 0 }, onExchange: (x) => answered.push({ path: x.url, end: Date.now() }) });
    writeFileSync(join(cwd, 'demo.txt'), 'Server=embedded;Database=demo');
  });
  afterAll(() => e.close());
  const onboard = () =>
    runCli(['onboard', '--spec', 'postgresql', '--connection-string-file', 'demo.txt', '--table', 'crm.customers', '--name', 'trips', '--start-time', '2099-01-01T00:00:00Z', '--json'], {
      env: emulatorEnv(e),
      bareEnv: true,
      cwd,
      realSleep: true,
    });

  it('a first onboarding, its base connection included, waits for at most 10 rounds of requests', async () => {
    // Discovery; the connection looked up again under its lock, its spec read and the connection made; the table
    // explored; field group; schema; dataset, descriptor and mapping at once; target; flow.
    answered = [];
    const result = await onboard();
    expect(result.code, result.stderr).toBe(0);
    expect(criticalPath(answered)).toBeLessThanOrEqual(10);
  });

  it('a re-run that finds everything in place waits for 2: discovery, then the table explored while the descriptors are read', async () => {
    answered = [];
    const result = await onboard();
    expect(result.code, result.stderr).toBe(0);
    expect(answered.filter((r) => r.path.includes('/explore')).length).toBe(1);
    expect(criticalPath(answered)).toBe(2);
  });
});
