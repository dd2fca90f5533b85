// The package entry works for a program that imports the client by name, with its types.

import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe("import … from 'flowctl'", () => {
  it('exposes the client, the errors and the fixed ids to a script', () => {
    const script = `
      import { createPlatformClient, CRM_TO_AEP_FLOW_SPEC_ID, NotFoundError, findConnectionSpec } from 'flowctl';
      const client = await createPlatformClient({ sandbox: 'dev', orgId: 'O@AdobeOrg', clientId: 'c', accessToken: 't' });
      console.log(JSON.stringify({
        spec: CRM_TO_AEP_FLOW_SPEC_ID,
        mariadb: findConnectionSpec('mariadb').id,
        services: Object.keys(client).sort(),
        error: new NotFoundError({ status: 404, title: 'x' }).name,
      }));`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      spec: '14518937-270c-4525-bdec-c2ba7cce3860',
      mariadb: '3000eb99-cd47-43f3-827c-43caf170f015',
      services: ['catalog', 'dataAccess', 'dataPrep', 'flowService', 'http', 'schemaRegistry', 'tokens', 'withReadCache'],
      error: 'NotFoundError',
    });
  });

  it('keeps internals out of the surface: the HTTP layer, retry decisions and pagination styles', () => {
    const script = `
      import * as flowctl from 'flowctl';
      console.log(JSON.stringify(['PlatformHttp', 'decideRetry', 'retryDelayMs', 'classifyFailure', 'retrying', 'timerSleep', 'paginate', 'flowServicePages', 'ReadCache', 'createPlatformClient', 'PlatformError'].filter((k) => k in flowctl)));`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual(['createPlatformClient', 'PlatformError']);
  });

  it('ships type declarations for the entry', () => {
    expect(existsSync(`${root}/dist/types/index.d.ts`)).toBe(true);
  });

  it('refuses a plain-http Platform URL that is not localhost', () => {
    const script = `
      import { createPlatformClient } from 'flowctl';
      try { await createPlatformClient({ sandbox: 'dev', orgId: 'O', clientId: 'c', accessToken: 't', platformUrl: 'http://example.com' }); }
      catch (e) { console.log(e.name + ': ' + e.message); }`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(result.stdout.trim()).toBe('InvalidInputError: platformUrl: must use https:// (plain http is allowed only for localhost)');
  });
});
