import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

let e: TestEmulator;
beforeAll(async () => {
  e = await startTestEmulator();
});
afterAll(() => e.close());

describe('emulator core', () => {
  it('lists sandboxes behind the gateway', async () => {
    const r = await e.api('GET', `${SERVICES.sandboxes}/sandboxes`);
    expect(r.status).toBe(200);
    expect(r.body.sandboxes.map((s: { name: string }) => s.name)).toEqual(['prod', 'dev']);
    expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers the gateway errors of platform-api.md §1.2', async () => {
    expect((await e.api('GET', `${SERVICES.sandboxes}/sandboxes`, { headers: { authorization: null } })).body).toEqual({ error_code: '403010', message: 'Oauth token is missing.' });
    expect((await e.api('GET', `${SERVICES.sandboxes}/sandboxes`, { headers: { authorization: 'Bearer forged.token.here' } })).status).toBe(401);
    expect((await e.api('GET', `${SERVICES.sandboxes}/sandboxes`, { headers: { 'x-api-key': null } })).body).toEqual({ error_code: '403000', message: 'Api Key is required' });
    expect((await e.api('GET', `${SERVICES.sandboxes}/sandboxes`, { headers: { 'x-api-key': 'other' } })).body).toEqual({ error_code: '403003', message: 'Api Key is invalid' });
    const noOrg = await e.api('GET', `${SERVICES.sandboxes}/sandboxes`, { headers: { 'x-gw-ims-org-id': null } });
    expect([noOrg.status, noOrg.body]).toEqual([400, { error_code: '400003', message: 'Missing header' }]);
    const bad = await e.api('POST', `${SERVICES.sandboxes}/sandboxes`, { rawBody: '{}', headers: { 'content-type': 'text/plain' } });
    expect(bad.body.detail).toBe('A valid content-type must be specified');
  });

  it('issues tokens for the configured credential only', async () => {
    const form = (o: Record<string, string>) =>
      fetch(`${e.url}/ims/token/v3`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(o) });
    const c = e.emulator.credentials;
    const good = await form({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret, scope: 'openid,AdobeID' });
    expect(good.status).toBe(200);
    expect(await good.json()).toMatchObject({ token_type: 'bearer', expires_in: 86400 });
    const wrong = await form({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: 'nope', scope: 'openid' });
    expect([wrong.status, await wrong.json()]).toEqual([401, { error: 'invalid_client', error_description: 'invalid client_id or client_secret' }]);
    const scope = await form({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret, scope: 'openid,admin' });
    expect(((await scope.json()) as { error: string }).error).toBe('invalid_scope');
  });
});
