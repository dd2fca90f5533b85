// A token that stops working in the middle of a long apply (it expired early, was revoked, or the clocks
// disagree): the requests refused with 401 get one new token between them, are sent again, and the apply
// completes. It is neither failed nor renewed once per refused request.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { emulatorEnv, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

const TABLES = 20;

describe('a token that expires in the middle of an apply', () => {
  let e: TestEmulator;
  let platformRequests = 0;
  beforeAll(async () => {
    e = await startTestEmulator({
      onExchange: (x) => {
        if (x.url.startsWith('/ims/')) return;
        // Halfway through the apply's requests, every token issued so far stops working.
        if (++platformRequests === 150) e.emulator.expireTokens();
      },
    });
  });
  afterAll(() => e.close());

  it(`is renewed once, and all ${TABLES} tables are applied`, { timeout: 60_000 }, async () => {
    const cwd = tempDir();
    const tables = Array.from({ length: TABLES }, (_, i) => `  - { table: ${i % 2 === 0 ? 'crm.customers' : 'crm.orders'}, name: expiry ${i}, deltaColumn: updated_at }`);
    // Flows whose first run is far ahead: the emulator runs none of them during the apply.
    writeFileSync(join(cwd, 'flowctl.yaml'), `version: 1\nconnection: { spec: postgresql, connectionString: "\${DEMO_DB}" }\ndefaults: { schedule: { frequency: day, interval: 1, startTime: 2099-01-01T00:00:00Z } }\ntables:\n${tables.join('\n')}\n`);
    const env = { ...emulatorEnv(e), DEMO_DB: 'Server=embedded;Database=demo' };
    const before = e.exchanges.length;

    const result = await runCli(['apply', '--concurrency', '8', '--json'], { env, bareEnv: true, cwd });

    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as { tables: { status: string }[] };
    expect(out.tables.map((t) => t.status)).toEqual(Array(TABLES).fill('ok'));
    const exchanges = e.exchanges.slice(before);
    expect(platformRequests, 'the tokens were expired during the apply').toBeGreaterThan(150);
    const refused = exchanges.filter((x) => x.status === 401);
    // Every request in flight with the old token was refused (several tables' steps run at once)…
    expect(refused.length).toBeGreaterThanOrEqual(1);
    // …and one new token served them all: the first at the start, one renewal.
    expect(exchanges.filter((x) => x.url.startsWith('/ims/token'))).toHaveLength(2);
    expect(e.emulator.store.sandbox('dev')?.collection('flows').size).toBe(TABLES);
    console.info(`token expiry mid-apply: ${TABLES} tables ok, ${refused.length} requests refused with 401, 1 renewal`);
  });
});
