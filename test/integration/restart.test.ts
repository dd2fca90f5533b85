// State survives a restart: resources created through flowctl are all there when the emulator starts again
// on the same data dir, tokens issued before stay valid, and work continues where it stopped.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { emulatorEnv, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

const dataDir = tempDir('flowctl-emulator-data-');
const cwd = tempDir();
let current: TestEmulator | undefined;
afterAll(() => current?.close());

async function flowctl(e: TestEmulator, ...argv: string[]) {
  const env = emulatorEnv(e);
  const result = await runCli(argv, { env, bareEnv: true, cwd });
  if (result.code !== 0) throw new Error(`flowctl ${argv.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result.stdout.trim();
}

describe('emulator restart', () => {
  it('keeps every resource, the etags and the tokens', async () => {
    writeFileSync(join(cwd, 'conn.txt'), 'Server=127.0.0.1;Port=3306;Database=shop;UID=reader;PWD=secret;');
    current = await startTestEmulator({ dataDir });
    const e1 = current;
    const connection = await flowctl(e1, 'connection', 'create', '--spec', 'mysql', '--connection-string-file', 'conn.txt');
    const source = await flowctl(e1, 'source', 'create', '--connection', connection, '--table', 'shop.customers');
    const schema = await flowctl(e1, 'schema', 'create', '--title', 'Restart test');
    const dataset = await flowctl(e1, 'dataset', 'create', '--schema', schema, '--name', 'Restart test');
    const target = await flowctl(e1, 'target', 'create', '--schema', schema, '--dataset', dataset);
    const mapping = await flowctl(e1, 'mapping', 'create', '--schema', schema, '--map', 'email=personalEmail.address');
    const flow = await flowctl(e1, 'flow', 'create', '--source', source, '--target', target, '--mapping', mapping, '--delta-column', 'updated_at', '--frequency', 'hour', '--interval', '1');
    const before = JSON.parse(await flowctl(e1, 'flow', 'get', flow, '--json')) as { etag: string };
    await e1.close();
    current = undefined;

    current = await startTestEmulator({ dataDir });
    const e2 = current;
    expect(e2.url).not.toBe(e1.url);
    // The same token cache (cwd/.cache): a token issued by the first run is accepted by the second.
    const after = JSON.parse(await flowctl(e2, 'flow', 'get', flow, '--json')) as { etag: string };
    expect(after.etag).toBe(before.etag);
    expect(await flowctl(e2, 'connection', 'list')).toContain(connection);
    expect(await flowctl(e2, 'source', 'get', source)).toContain('shop.customers');
    expect(await flowctl(e2, 'target', 'get', target)).toContain(dataset);
    expect(await flowctl(e2, 'schema', 'get', schema)).toContain('Restart test');
    expect(await flowctl(e2, 'dataset', 'get', dataset)).toContain('Restart test');
    expect(await flowctl(e2, 'mapping', 'get', mapping)).toContain('personalEmail.address');
    await flowctl(e2, 'flow', 'update', flow, '--interval', '3');
    expect(JSON.parse(await flowctl(e2, 'flow', 'get', flow, '--json'))).toMatchObject({ scheduleParams: { interval: 3 } });
    // Rules that span services still hold after the restart.
    const inUse = await runCli(['connection', 'delete', connection], {
      env: { AEP_PLATFORM_URL: e2.url, AEP_IMS_URL: e2.url, AEP_API_KEY: e2.emulator.credentials.clientId, AEP_CLIENT_SECRET: e2.emulator.credentials.clientSecret, AEP_IMS_ORG: e2.emulator.credentials.orgId, AEP_SANDBOX_NAME: 'dev' },
      bareEnv: true,
      cwd,
    });
    expect(inUse.stderr).toContain('FLOW-1418-400');
  });
});
