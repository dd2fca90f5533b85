// One rule for "this key holds a credential" (src/platform/redact.ts), used by redaction and by flowctl.yaml,
// whose credential keys must be ${NAME} references (src/onboard/manifest.ts). The two agree key by key: what
// the manifest refuses as a literal is what redaction masks, and the other way round.
//
// Before they shared the rule they disagreed, and the safer side was kept: the manifest now also refuses literal
// `pass`, `accountKey`, `servicePrincipalKey` and `authorization`; redaction now also masks `sasUri`, `sasKey`,
// `apiKey…` names that do not end in `key`, and names spelt with spaces (`private key`).

import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/onboard/manifest.js';
import { InvalidInputError } from '../../src/platform/errors.js';
import { holdsCredential, isConnectionStringKey, isSecretKey, redact, redactHeaders } from '../../src/platform/redact.js';

const VALUE = 'Server=db;PWD=hunter22';

/** Whether flowctl.yaml refuses `key: <literal>` under connection.params. */
function manifestRefuses(key: string): boolean {
  const text = `version: 1\nconnection:\n  spec: mysql\n  params:\n    ${JSON.stringify(key)}: ${JSON.stringify(VALUE)}\ntables: [{ table: shop.customers }]\n`;
  try {
    parseManifest(text, { file: 'flowctl.yaml', env: {}, now: () => 0 });
    return false;
  } catch (error) {
    if (error instanceof InvalidInputError && error.rule.startsWith('must come from an environment variable')) return true;
    throw error;
  }
}

/** Whether redaction hides anything of the key's value. */
function redactionMasks(key: string): boolean {
  const out = redact({ auth: { params: { [key]: VALUE } } });
  return out.auth.params[key] !== VALUE;
}

const CREDENTIALS = [
  'password', 'Password', 'PWD', 'pwd', 'passwd', 'pass', 'passphrase', 'db_password',
  'secret', 'clientSecret', 'client_secret',
  'token', 'accessToken', 'access_token', 'refresh_token', 'refreshToken', 'sasToken',
  'accountKey', 'AccountKey', 'sharedAccessKey', 'accessKey', 'access_key',
  'apiKey', 'api_key', 'api-key', 'apiKeyValue',
  'privateKey', 'private_key', 'private key', 'servicePrincipalKey',
  'credential', 'credentials', 'authorization', 'sasUri', 'sasKey',
  'connectionString', 'connection_string', 'ConnectionString', 'connection string',
];

const PUBLIC = [
  'host', 'server', 'port', 'database', 'username', 'user', 'uid', 'name', 'spec', 'authSpec', 'tenant',
  'servicePrincipalId', 'clientId', 'project', 'domain', 'clusterId', 'endpoint', 'warehouse', 'httpPath',
  'enableSsl', 'authenticationType', 'expires_in',
];

describe('secret keys: redaction and flowctl.yaml agree', () => {
  it.each(CREDENTIALS)('%s is a credential to both', (key) => {
    expect(holdsCredential(key)).toBe(true);
    expect(manifestRefuses(key)).toBe(true);
    expect(redactionMasks(key)).toBe(true);
  });

  it.each(PUBLIC)('%s is a credential to neither', (key) => {
    expect(holdsCredential(key)).toBe(false);
    expect(manifestRefuses(key)).toBe(false);
    expect(redactionMasks(key)).toBe(false);
  });

  it('a connection string is masked in part, every other credential as a whole', () => {
    expect(isConnectionStringKey('connectionString')).toBe(true);
    expect(isSecretKey('connectionString')).toBe(false);
    expect(redact({ connectionString: VALUE })).toEqual({ connectionString: 'Server=db;PWD=***' });
    expect(redact({ accountKey: VALUE })).toEqual({ accountKey: '***' });
  });

  it('the protocol names redaction shows are still credentials by name in flowctl.yaml (the safer side)', () => {
    // `x-api-key` is the client id header and `token_type` a token response's metadata: public there, and shown.
    for (const key of ['x-api-key', 'token_type']) {
      expect(holdsCredential(key)).toBe(true);
      expect(manifestRefuses(key)).toBe(true);
      expect(redactionMasks(key)).toBe(false);
    }
    expect(redactHeaders({ 'x-api-key': 'client-id', 'x-sandbox-name': 'prod' })).toEqual({ 'x-api-key': 'client-id', 'x-sandbox-name': 'prod' });
  });
});
