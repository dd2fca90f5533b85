// The real binary, spawned as a user runs it, against a stand-in Platform on loopback.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakePlatform, startFakePlatform } from '../helpers/fake-platform.js';
import { runBin } from '../helpers/spawn.js';
import { tempDir } from '../helpers/cli.js';

const FLOW_ID = '2edc08ac-4df5-4fe6-936f-81a19ce92f5c';
const CONN_ID = '1a444165-3439-4c16-8441-653439dc166a';
const PASSWORD = 'pa55-w0rd-never-shown';

let platform: FakePlatform;
let env: Record<string, string>;

beforeAll(async () => {
  platform = await startFakePlatform((req) => {
    if (req.method === 'GET' && req.url.startsWith('/data/foundation/flowservice/flows?')) {
      return { status: 200, body: { items: [{ id: FLOW_ID, name: 'customers hourly', state: 'enabled', scheduleParams: { frequency: 'hour', interval: 1, startTime: 1767225600 } }], _links: {} } };
    }
    if (req.method === 'GET' && req.url.startsWith('/data/foundation/flowservice/connectionSpecs/')) {
      return { status: 200, body: { items: [{ id: '3000eb99-cd47-43f3-827c-43caf170f015', authSpec: [{ name: 'Connection String Based Authentication', spec: { required: ['connectionString'] } }] }] } };
    }
    if (req.method === 'POST' && req.url === '/data/foundation/flowservice/connections') {
      return { status: 201, body: { id: CONN_ID, etag: '"1"' } };
    }
    return undefined;
  });
  env = {
    AEP_PLATFORM_URL: platform.url,
    AEP_ACCESS_TOKEN: 'e2e-token-abcdef',
    AEP_API_KEY: 'e2e-client',
    AEP_IMS_ORG: 'E2E@AdobeOrg',
    AEP_SANDBOX_NAME: 'dev',
    FLOWCTL_CACHE_DIR: tempDir(),
  };
});

afterAll(async () => {
  await platform.close();
});

describe('bin/flowctl.js', () => {
  it('--help lists the commands, exits 0', async () => {
    const result = await runBin(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: flowctl');
    expect(result.stdout).toContain('connection');
    expect(result.stderr).toBe('');
  });

  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const result = await runBin(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it('lists flows as JSON with the four AEP headers sent', async () => {
    const before = platform.requests.length;
    const result = await runBin(['flow', 'list', '--json'], { env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([expect.objectContaining({ id: FLOW_ID, state: 'enabled' })]);
    const request = platform.requests[before];
    expect(request?.headers).toMatchObject({
      authorization: 'Bearer e2e-token-abcdef',
      'x-api-key': 'e2e-client',
      'x-gw-ims-org-id': 'E2E@AdobeOrg',
      'x-sandbox-name': 'dev',
    });
  });

  it('prints a table without a header when stdout is a pipe', async () => {
    const result = await runBin(['flow', 'list'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${FLOW_ID}\tcustomers hourly\tenabled\tevery hour from 2026-01-01 00:00:00Z\t-\n`);
  });

  it('creates a connection from a password piped on stdin without ever printing it', async () => {
    const result = await runBin(['connection', 'create', '--spec', 'mariadb', '--connection-string-file', '-', '--debug'], {
      env,
      stdin: `Server=127.0.0.1;Port=3306;Database=test;UID=root;PWD=${PASSWORD};\n`,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${CONN_ID}\n`);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
    expect(result.stdout + result.stderr).not.toContain('e2e-token-abcdef');
    expect(result.stderr).toContain('Bearer ***');
    const post = platform.requests.find((r) => r.method === 'POST');
    expect(JSON.parse(post?.body ?? '{}').auth.params.connectionString).toContain(PASSWORD);
  });

  it('bad input exits 2 with one line naming the flag, and sends nothing', async () => {
    const before = platform.requests.length;
    const result = await runBin(
      ['flow', 'create', '--source', FLOW_ID, '--target', FLOW_ID, '--mapping', '0b090130b58b4819afc78b6dc98b484d@0', '--delta-column', 'updated_at', '--frequency', 'minute', '--interval', '5'],
      { env },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: --interval: must be at least 15 when --frequency is minute\n');
    expect(platform.requests.length).toBe(before);
  });

  it('an unreachable Platform is a one-line error and exit 1, no stack trace', async () => {
    const result = await runBin(['flow', 'list'], { env: { ...env, AEP_PLATFORM_URL: 'http://127.0.0.1:9', FLOWCTL_MAX_RETRIES: '0' } });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^error: could not reach 127\.0\.0\.1:9/);
  });

  it('nothing listening on this machine (an emulator not started) fails at once, without retries, saying how to start it', async () => {
    const started = Date.now();
    // The default retries (4, with back-off): none is spent on a refused local connection.
    const result = await runBin(['flow', 'list'], { env: { ...env, AEP_PLATFORM_URL: 'http://127.0.0.1:9' } });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: could not reach 127\.0\.0\.1:9 .*— nothing is listening there: start the emulator \(`flowctl emulator start --save-env \.env`, in another terminal\) or check AEP_PLATFORM_URL \/ AEP_IMS_URL\n$/,
    );
  });
});
