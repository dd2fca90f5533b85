// The emulator keeps an idle keep-alive connection open for a minute, not Node's default 5 s: a client polling a
// run every few seconds would otherwise now and then send on a connection being closed at that very moment, and get
// ECONNRESET (the emulator's own tests did, under load, while a run held the event loop).

import { Agent, get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

let e: TestEmulator;
beforeAll(async () => {
  e = await startTestEmulator();
});
afterAll(() => e.close());

/** A GET of the sandbox list on `agent`: its status, and whether it went on a connection used before. */
function getOn(agent: Agent): Promise<{ status: number | undefined; reused: boolean }> {
  const c = e.emulator.credentials;
  const headers = { authorization: `Bearer ${e.token}`, 'x-api-key': c.clientId, 'x-gw-ims-org-id': c.orgId, 'x-sandbox-name': 'dev' };
  return new Promise((resolve, reject) => {
    const request = get(`${e.url}${SERVICES.sandboxes}/sandboxes`, { agent, headers }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode, reused: request.reusedSocket }));
    });
    request.on('error', reject);
  });
}

describe('emulator keep-alive', () => {
  it('answers on the same connection after it stayed idle longer than Node’s 5 s (and the second Node adds)', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect(await getOn(agent)).toEqual({ status: 200, reused: false });
      await new Promise((resolve) => setTimeout(resolve, 6_500));
      expect(await getOn(agent)).toEqual({ status: 200, reused: true });
    } finally {
      agent.destroy();
    }
  }, 15_000);
});
