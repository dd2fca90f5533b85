// SIGKILL in the middle of writes: after a restart on the same data dir, every resource whose create was
// answered 201 is there, and no file is half-written.

import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/server.js';
import { tempDir } from '../helpers/cli.js';
import { BIN } from '../helpers/spawn.js';

function startProcess(dataDir: string): Promise<{ url: string; kill: () => Promise<void> }> {
  const child = spawn(process.execPath, [BIN, 'emulator', 'start', '--port', '0', '--data-dir', dataDir], { env: { PATH: process.env['PATH'] ?? '' } });
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /^AEP_PLATFORM_URL=(.+)$/m.exec(out)?.[1];
      if (url) resolve({ url, kill: () => (child.kill('SIGKILL'), exited) });
    });
    child.on('error', reject);
  });
}

describe('emulator killed with SIGKILL during writes', () => {
  it('keeps every acknowledged create and no torn file', async () => {
    const dataDir = tempDir('flowctl-crash-');
    const emulator = await startProcess(dataDir);
    const credentials = { id: 'flowctl-emulator', secret: 'flowctl-emulator-secret', org: 'F10C71E0000000000000000A@AdobeOrg' };
    const token = (await (
      await fetch(`${emulator.url}/ims/token/v3`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.id, client_secret: credentials.secret, scope: 'openid' }),
      })
    ).json()) as { access_token: string };
    const headers = {
      authorization: `Bearer ${token.access_token}`,
      'x-api-key': credentials.id,
      'x-gw-ims-org-id': credentials.org,
      'x-sandbox-name': 'dev',
      'content-type': 'application/json',
    };
    const schema = (await (
      await fetch(`${emulator.url}/data/foundation/schemaregistry/tenant/schemas`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ type: 'object', title: 'Crash', description: 'd', allOf: [{ $ref: 'https://ns.adobe.com/xdm/context/profile' }] }),
      })
    ).json()) as { $id: string };

    const acknowledged: string[] = [];
    let killed = false;
    const creates = Array.from({ length: 300 }, async (_, i) => {
      try {
        const response = await fetch(`${emulator.url}/data/foundation/catalog/dataSets`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ name: `crash ${i}`, schemaRef: { id: schema.$id, contentType: 'application/vnd.adobe.xed-full+json;version=1' } }),
        });
        if (response.status === 201) {
          acknowledged.push(((await response.json()) as string[])[0]?.split('/').pop() ?? '');
          if (acknowledged.length === 60 && !killed) {
            killed = true;
            await emulator.kill();
          }
        }
      } catch {
        // Requests cut off by the kill.
      }
    });
    await Promise.all(creates);
    expect(killed).toBe(true);

    const folder = join(dataDir, 'sandboxes', 'dev', 'dataSets');
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.json'))) expect(() => JSON.parse(readFileSync(join(folder, file), 'utf8'))).not.toThrow();

    const restarted = await startEmulator({ port: 0, dataDir });
    try {
      const datasets = restarted.store.sandbox('dev')?.collection('dataSets');
      for (const id of acknowledged) expect(datasets?.get(id), `dataset ${id} was acknowledged`).toBeDefined();
      expect(readdirSync(folder).filter((f) => f.endsWith('.tmp')), 'leftover temporary files are cleaned up').toEqual([]);
    } finally {
      await restarted.close();
    }
  });
});
