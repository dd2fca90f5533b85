// TLS verification is never turned off: against a server with a self-signed certificate, flowctl refuses to
// talk even with NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment (the token is never sent), and works once the
// certificate is trusted the supported way, NODE_EXTRA_CA_CERTS.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { runBin } from '../helpers/spawn.js';

const TOKEN = 'tls-test-token-never-on-the-wire';
const dir = tempDir();
let server: Server;
let url: string;
const seen: string[] = [];

beforeAll(async () => {
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
  ], { stdio: 'ignore' });
  server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => {
    seen.push(String(req.headers['authorization'] ?? ''));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items: [], _links: {} }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

const env = (extra: Record<string, string>) => ({
  AEP_PLATFORM_URL: url,
  AEP_ACCESS_TOKEN: TOKEN,
  AEP_API_KEY: 'tls-client',
  AEP_IMS_ORG: 'TLS@AdobeOrg',
  AEP_SANDBOX_NAME: 'dev',
  FLOWCTL_CACHE_DIR: tempDir(),
  FLOWCTL_MAX_RETRIES: '0',
  ...extra,
});

describe('TLS verification', () => {
  it('refuses a self-signed certificate even with NODE_TLS_REJECT_UNAUTHORIZED=0, and sends no token', async () => {
    const result = await runBin(['flow', 'list'], { env: env({ NODE_TLS_REJECT_UNAUTHORIZED: '0' }) });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      'warning: NODE_TLS_REJECT_UNAUTHORIZED=0 is ignored: flowctl always verifies TLS certificates (trust your CA with NODE_EXTRA_CA_CERTS)',
      expect.stringMatching(/^error: could not reach 127\.0\.0\.1:\d+ .*certificate.*TLS certificate is not trusted: fix it, or add your CA with NODE_EXTRA_CA_CERTS/),
    ]);
    expect(seen).toEqual([]);
  });

  it('works with the certificate trusted through NODE_EXTRA_CA_CERTS', async () => {
    const result = await runBin(['flow', 'list', '--json'], { env: env({ NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') }) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([]);
    expect(seen).toEqual([`Bearer ${TOKEN}`]);
  });
});
