// Secrets never leak: every command of every group, run with --debug and --json against the emulator, prints no
// access token, client secret or database password on stdout or stderr, and writes none into any file but the
// token cache (mode 0600). Connection strings are masked in `connection get/list`. `auth token` is the one
// command whose job is to print the token: its stdout is the token and nothing else, its stderr still clean.

import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { emulatorEnv, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

const DB_PASSWORD = 'db-Pa55word-7f3a9c';
const CONNECTION_STRING = `Server=embedded;Database=demo;UID=flowctl;PWD=${DB_PASSWORD}`;

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}

describe('secrets in output, logs and files', () => {
  let e: TestEmulator;
  let env: Record<string, string>;
  const cwd = tempDir();
  const cache = join(cwd, '.cache');
  const ids: Record<string, string> = {};
  let secrets: string[];
  const ran: string[] = [];

  beforeAll(async () => {
    e = await startTestEmulator({ timeScale: 900 });
    const c = e.emulator.credentials;
    env = { ...emulatorEnv(e), DB_URL: CONNECTION_STRING, FLOWCTL_CACHE_DIR: cache };
    writeFileSync(join(cwd, 'conn.txt'), CONNECTION_STRING);
    writeFileSync(
      join(cwd, 'flowctl.yaml'),
      'version: 1\nconnection:\n  spec: postgresql\n  connectionString: ${DB_URL}\ntables:\n  - table: crm.orders\n    name: secret orders\n    deltaColumn: updated_at\n',
    );
    secrets = [c.clientSecret, DB_PASSWORD];
  }, 60_000);
  afterAll(() => e.close());

  /** Runs one command with --debug --json and checks both streams; returns its stdout. */
  async function clean(...argv: string[]): Promise<string> {
    const result = await runCli([...argv, '--debug', '--json'], { env, bareEnv: true, cwd, realSleep: true });
    ran.push(argv.slice(0, 2).join(' '));
    expect(result.code, `flowctl ${argv.join(' ')}: ${result.stderr.slice(-500)}`).toBe(0);
    // The debug log really is on: a test of an empty log would prove nothing. (`connection specs` reads flowctl's
    // own catalog and sends nothing.)
    if (argv.join(' ') !== 'connection specs') expect(result.stderr, `flowctl ${argv.join(' ')} --debug logs requests`).toMatch(/→ (GET|POST|PATCH|DELETE) http/);
    for (const secret of [...secrets, token()]) {
      expect(result.stdout, `stdout of flowctl ${argv.join(' ')}`).not.toContain(secret);
      expect(result.stderr, `stderr of flowctl ${argv.join(' ')}`).not.toContain(secret);
    }
    return result.stdout;
  }

  /** The access token flowctl was issued, from its cache (where it must be). */
  function token(): string {
    const files = filesUnder(cache).filter((f) => /token-.*\.json$/.test(f));
    if (files.length === 0) return 'no-token-issued-yet';
    return (JSON.parse(readFileSync(files[0] ?? '', 'utf8')) as { accessToken: string }).accessToken;
  }

  it('every command of the chain, with --debug --json, prints no secret', async () => {
    await clean('auth', 'status');
    expect(token()).not.toBe('no-token-issued-yet');
    expect(token().length).toBeGreaterThan(20);

    await clean('connection', 'specs');
    ids['connection'] = (JSON.parse(await clean('connection', 'create', '--spec', 'postgresql', '--connection-string-file', 'conn.txt', '--name', 'secret db')) as { id: string }).id;
    const got = await clean('connection', 'get', ids['connection']);
    expect(got).toContain('PWD=***');
    expect(await clean('connection', 'list')).toContain('PWD=***');
    await clean('connection', 'test', ids['connection']);
    await clean('connection', 'explore', ids['connection']);
    await clean('connection', 'explore', ids['connection'], '--table', 'crm.customers');

    ids['source'] = (JSON.parse(await clean('source', 'create', '--connection', ids['connection'], '--table', 'crm.customers')) as { id: string }).id;
    await clean('source', 'get', ids['source']);
    await clean('source', 'list');

    await clean('schema', 'tenant');
    ids['schema'] = (JSON.parse(await clean('schema', 'create', '--title', 'Secret customers')) as { $id: string }).$id;
    await clean('schema', 'get', ids['schema'], '--full');
    await clean('schema', 'list');

    ids['dataset'] = (JSON.parse(await clean('dataset', 'create', '--schema', ids['schema'], '--name', 'Secret customers')) as { id: string }).id;
    await clean('dataset', 'get', ids['dataset']);
    await clean('dataset', 'list');

    ids['target'] = (JSON.parse(await clean('target', 'create', '--schema', ids['schema'], '--dataset', ids['dataset'])) as { id: string }).id;
    await clean('target', 'get', ids['target']);
    await clean('target', 'list');

    const maps = ['--map', 'id=_id', '--map', 'full_name=person.name.fullName', '--map', 'email=personalEmail.address'];
    await clean('mapping', 'validate', '--schema', ids['schema'], ...maps);
    ids['mapping'] = (JSON.parse(await clean('mapping', 'create', '--schema', ids['schema'], ...maps)) as { id: string }).id;
    await clean('mapping', 'get', ids['mapping']);
    await clean('mapping', 'list');

    await clean('flowspec', 'get');
    await clean('flowspec', 'list');

    ids['flow'] = (JSON.parse(
      await clean('flow', 'create', '--source', ids['source'], '--target', ids['target'], '--mapping', ids['mapping'], '--delta-column', 'updated_at', '--frequency', 'once', '--partial-ingestion-percent', '10', '--error-diagnostics'),
    ) as { id: string }).id;
    await clean('flow', 'get', ids['flow']);
    await clean('flow', 'list');
    await clean('run', 'wait', '--flow', ids['flow'], '--timeout', '60s', '--interval', '200ms');
    const runs = JSON.parse(await clean('run', 'list', '--flow', ids['flow'])) as { id: string }[];
    await clean('run', 'get', runs[0]?.id ?? '');
    await clean('dataset', 'batches', ids['dataset']);
    await clean('dataset', 'preview', ids['dataset'], '--limit', '3');
    await clean('flow', 'update', ids['flow'], '--name', 'renamed secret flow');
    await clean('flow', 'disable', ids['flow']);
    await clean('flow', 'enable', ids['flow']);

    await clean('onboard', '--spec', 'postgresql', '--connection-string-file', 'conn.txt', '--table', 'crm.customers', '--name', 'secret onboard');
    await clean('onboard', '--spec', 'postgresql', '--connection-string-file', 'conn.txt', '--table', 'crm.customers', '--name', 'secret onboard', '--dry-run');
  }, 120_000);

  it('plan, apply and destroy of a file with ${ENV} secrets print none', async () => {
    const plan = await runCli(['plan', '-f', 'flowctl.yaml', '--debug', '--json'], { env, bareEnv: true, cwd });
    expect(plan.code, plan.stderr).toBe(5);
    for (const secret of [...secrets, token()]) expect(plan.stdout + plan.stderr).not.toContain(secret);
    await clean('apply', '-f', 'flowctl.yaml');
    await clean('plan', '-f', 'flowctl.yaml');
    await clean('destroy', '-f', 'flowctl.yaml', '--confirm');
  }, 60_000);

  it('deletes print none either', async () => {
    await clean('flow', 'delete', ids['flow'] ?? '');
    await clean('target', 'delete', ids['target'] ?? '');
    await clean('source', 'delete', ids['source'] ?? '');
    await clean('dataset', 'delete', ids['dataset'] ?? '');
    await clean('schema', 'delete', ids['schema'] ?? '');
  });

  it('auth token prints the token on stdout only', async () => {
    const result = await runCli(['auth', 'token', '--debug'], { env, bareEnv: true, cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${token()}\n`);
    for (const secret of [...secrets, token()]) expect(result.stderr).not.toContain(secret);
  });

  it('no file flowctl wrote holds a secret, except the token cache, which is readable by its owner only', () => {
    const files = filesUnder(cwd).filter((f) => !f.endsWith('conn.txt') && !f.endsWith('flowctl.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const isTokenCache = /token-.*\.json$/.test(file);
      for (const secret of secrets) expect(text, file).not.toContain(secret);
      if (isTokenCache) {
        expect(text).toContain(token());
        expect(statSync(file).mode & 0o777, `${file} mode`).toBe(0o600);
      } else expect(text, file).not.toContain(token());
    }
  });

  it('auth logout removes the cached token', async () => {
    const result = await runCli(['auth', 'logout', '--debug'], { env, bareEnv: true, cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(filesUnder(cache).filter((f) => /token-.*\.json$/.test(f))).toEqual([]);
  });

  it('covered every command group', () => {
    const groups = new Set(ran.map((r) => r.split(' ')[0]));
    for (const group of ['auth', 'connection', 'source', 'schema', 'dataset', 'target', 'mapping', 'flowspec', 'flow', 'run', 'onboard', 'apply', 'plan', 'destroy']) {
      expect(groups, group).toContain(group);
    }
  });
});
