// apply's own wait for a table the Platform keeps throttling beyond the client's retries: the table runs again up
// to TABLE_ATTEMPTS times, each wait max(Retry-After, 2 s × runs so far), through the injected sleep and clock;
// and the base connection, read once before the tables, is not read again by any of the runs (the read cache).

import { describe, expect, it } from 'vitest';
import { applyFile, TABLE_ATTEMPTS } from '../../src/onboard/apply.js';
import { parseManifest } from '../../src/onboard/manifest.js';
import { testClient } from '../helpers/client.js';
import { RateLimitError } from '../../src/platform/errors.js';
import type { RawRequest, RawResponse } from '../../src/platform/internal/transport.js';

/** A wall clock far from the real one, on a whole second (Retry-After dates have a one-second resolution). */
const T0 = Date.parse('2025-03-01T12:00:00Z');
const CONNECTION_ID = '0b1c2d3e-0000-4000-8000-000000000001';
const POSTGRESQL_SPEC = '74a1c565-4e59-48d7-9d67-7c03b8a13137';

const MANIFEST = `
version: 1
connection:
  id: ${CONNECTION_ID}
tables:
  - table: crm.customers
    name: crm customers
`;

describe('apply and a table throttled beyond the client', () => {
  it('runs it again after max(Retry-After, 2 s × run) on the injected clock, then reports it failed', async () => {
    const sent: RawRequest[] = [];
    const transport = async (request: RawRequest): Promise<RawResponse> => {
      sent.push(request);
      if (request.method === 'GET' && request.url.endsWith(`/connections/${CONNECTION_ID}`)) {
        const connection = { id: CONNECTION_ID, name: 'crm', connectionSpec: { id: POSTGRESQL_SPEC, version: '1.0' } };
        return { status: 200, headers: {}, body: JSON.stringify({ items: [connection] }) };
      }
      // Three seconds from the injected clock: years ago on the real one.
      return { status: 429, headers: { 'retry-after': new Date(T0 + 3_000).toUTCString() }, body: '' };
    };
    const clientSleeps: number[] = [];
    const client = await testClient({
      transport,
      maxRetries: 0,
      now: () => T0,
      sleep: async (ms) => {
        clientSleeps.push(ms);
      },
    });
    const manifest = parseManifest(MANIFEST, { file: 'flowctl.yaml', env: {}, now: () => T0 });

    const applySleeps: number[] = [];
    const run = await applyFile(client, manifest, {
      mode: 'plan',
      concurrency: 1,
      now: () => T0,
      sleep: async (ms) => {
        applySleeps.push(ms);
      },
    });

    const table = run.tables[0];
    expect(table?.status).toBe('failed');
    expect(table?.error).toBeInstanceOf(RateLimitError);
    expect(table?.attempts).toBe(TABLE_ATTEMPTS);
    // Retry-After (3 s) while it is the longer, then 2 s × the runs so far.
    expect(applySleeps).toEqual([3_000, 4_000, 6_000]);
    // The client retries nothing (maxRetries 0), but its pace holds every request back for the pause the last 429
    // asked for (on this clock that stands still, the wait is never over before it is slept).
    expect(clientSleeps.length).toBeGreaterThan(0);
    expect(clientSleeps.filter((ms) => ms !== 3_000)).toEqual([]);
    // Read by ensureConnection, then remembered for every run of the table.
    expect(sent.filter((r) => r.method === 'GET' && r.url.endsWith(`/connections/${CONNECTION_ID}`))).toHaveLength(1);
  });
});
