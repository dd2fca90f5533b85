import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Config, type ConfigInput, defaultCacheDir, loadConfig, readDotenv, requireCredentials, requireSandbox } from '../../src/config/config.js';
import { DEFAULT_SCOPES } from '../../src/config/env-vars.js';
import { InvalidInputError } from '../../src/platform/errors.js';
import { checkSandboxName, checkUrl } from '../../src/platform/settings.js';
import { invalid } from '../helpers/invalid.js';

const HOME = '/home/tester';
const dirs: string[] = [];

afterEach(() => {
  while (dirs.length > 0) rmSync(dirs.pop() as string, { recursive: true, force: true });
});

function dotenvDir(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowctl-config-'));
  dirs.push(dir);
  writeFileSync(join(dir, '.env'), content);
  return dir;
}

function load(partial: Partial<ConfigInput> = {}): Config {
  return loadConfig({ flags: {}, env: {}, cwd: undefined, platform: 'linux', home: HOME, ...partial });
}

describe('loadConfig: defaults', () => {
  it('with nothing set', () => {
    const config = load();
    expect(config).toEqual({
      sandbox: undefined,
      platformUrl: 'https://platform.adobe.io',
      imsUrl: 'https://ims-na1.adobelogin.com',
      orgId: undefined,
      clientId: undefined,
      clientSecret: undefined,
      accessToken: undefined,
      scopes: ['openid', 'session', 'AdobeID', 'read_organizations', 'additional_info.projectedProductContext'],
      timeoutMs: 30_000,
      maxRetries: 4,
      cacheDir: join(HOME, '.cache', 'flowctl'),
      sources: { sandbox: 'default', platformUrl: 'default', imsUrl: 'default', orgId: 'default', clientId: 'default', credential: 'default' },
    });
    expect(DEFAULT_SCOPES.split(',')).toEqual(config.scopes);
  });

  it('a folder without .env is fine', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowctl-config-'));
    dirs.push(dir);
    expect(load({ cwd: dir }).sandbox).toBeUndefined();
  });
});

describe('loadConfig: precedence flag > env > .env > default', () => {
  const DOTENV = 'AEP_SANDBOX_NAME=from-file\nAEP_PLATFORM_URL=https://file.example.com\nAEP_IMS_ORG=FILE@AdobeOrg\nAEP_API_KEY=file-key\n';

  it('the flag wins over env and .env', () => {
    const config = load({
      flags: { sandbox: 'from-flag', platformUrl: 'https://flag.example.com' },
      env: { AEP_SANDBOX_NAME: 'from-env', AEP_PLATFORM_URL: 'https://env.example.com' },
      cwd: dotenvDir(DOTENV),
    });
    expect(config.sandbox).toBe('from-flag');
    expect(config.platformUrl).toBe('https://flag.example.com');
    expect(config.sources.sandbox).toBe('flag');
    expect(config.sources.platformUrl).toBe('flag');
  });

  it('env wins over .env', () => {
    const config = load({ env: { AEP_SANDBOX_NAME: 'from-env', AEP_API_KEY: 'env-key' }, cwd: dotenvDir(DOTENV) });
    expect(config.sandbox).toBe('from-env');
    expect(config.sources.sandbox).toBe('env');
    expect(config.clientId).toBe('env-key');
    expect(config.sources.clientId).toBe('env');
    // Not in env: from the file.
    expect(config.orgId).toBe('FILE@AdobeOrg');
    expect(config.sources.orgId).toBe('.env');
  });

  it('.env fills what nothing else sets', () => {
    const config = load({ cwd: dotenvDir(DOTENV) });
    expect(config.sandbox).toBe('from-file');
    expect(config.platformUrl).toBe('https://file.example.com');
    expect(config.sources.sandbox).toBe('.env');
    expect(config.sources.platformUrl).toBe('.env');
  });

  it('reading .env does not change the real environment', () => {
    const before = process.env['AEP_API_KEY'];
    load({ cwd: dotenvDir('AEP_API_KEY=leaked-into-process-env\n') });
    expect(process.env['AEP_API_KEY']).toBe(before);
  });

  it('empty and blank values count as unset at every level', () => {
    const config = load({
      flags: { sandbox: '' },
      env: { AEP_SANDBOX_NAME: '   ', AEP_IMS_ORG: '' },
      cwd: dotenvDir('AEP_SANDBOX_NAME=from-file\nAEP_IMS_ORG=FILE@AdobeOrg\n'),
    });
    expect(config.sandbox).toBe('from-file');
    expect(config.orgId).toBe('FILE@AdobeOrg');
  });

  it('blank secrets copied from .env.example shadow nothing', () => {
    const config = load({ cwd: dotenvDir('AEP_CLIENT_SECRET=\nAEP_ACCESS_TOKEN=\nAEP_SANDBOX_NAME=\n') });
    expect(config.clientSecret).toBeUndefined();
    expect(config.accessToken).toBeUndefined();
    expect(config.sandbox).toBeUndefined();
    expect(config.sources.sandbox).toBe('default');
  });

  it('values are trimmed', () => {
    expect(load({ env: { AEP_SANDBOX_NAME: '  dev  ' } }).sandbox).toBe('dev');
  });

  it('reads quoted values and ignores comments in .env', () => {
    const config = load({ cwd: dotenvDir('# comment\nAEP_SANDBOX_NAME="dev-ingest" # inline\nAEP_CLIENT_SECRET=\'p8e-abc\'\n') });
    expect(config.sandbox).toBe('dev-ingest');
    expect(config.clientSecret).toBe('p8e-abc');
  });

  it('credential source follows the token when one is set, else the secret', () => {
    const both = load({ env: { AEP_CLIENT_SECRET: 's' }, cwd: dotenvDir('AEP_ACCESS_TOKEN=t\n') });
    expect(both.accessToken).toBe('t');
    expect(both.clientSecret).toBe('s');
    expect(both.sources.credential).toBe('.env');
    expect(load({ env: { AEP_CLIENT_SECRET: 's' } }).sources.credential).toBe('env');
  });

  it('AEP_IMS_URL and AEP_SCOPES come from env', () => {
    const config = load({ env: { AEP_IMS_URL: 'https://ims-eu.example.com/', AEP_SCOPES: 'openid, AdobeID,,  ' } });
    expect(config.imsUrl).toBe('https://ims-eu.example.com');
    expect(config.sources.imsUrl).toBe('env');
    expect(config.scopes).toEqual(['openid', 'AdobeID']);
  });

  it('FLOWCTL_CACHE_DIR overrides the default cache dir', () => {
    expect(load({ env: { FLOWCTL_CACHE_DIR: '/tmp/my-cache' } }).cacheDir).toBe('/tmp/my-cache');
  });

  it('an unreadable .env is an InvalidInputError naming .env', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowctl-config-'));
    dirs.push(dir);
    mkdirSync(join(dir, '.env'));
    const error = invalid(() => load({ cwd: dir }));
    expect(error.field).toBe('.env');
    expect(error.rule).toMatch(/^cannot be read \(/);
    expect(readDotenv(undefined)).toEqual({});
  });
});

describe('loadConfig: sandbox names', () => {
  it.each(['dev', 'prod', 'dev-ingest', '1st', 'a'.repeat(128)])('%j is accepted', (name) => {
    expect(load({ flags: { sandbox: name } }).sandbox).toBe(name);
  });

  it.each(['Dev', 'dev_ingest', '-dev', 'dev ingest', 'dév', 'dev.1', 'a'.repeat(129)])('%j from the flag is refused naming --sandbox', (name) => {
    const error = invalid(() => load({ flags: { sandbox: name } }));
    expect(error.field).toBe('--sandbox');
    expect(error.rule).toBe(`"${name}" is not a sandbox name (lowercase letters, digits and hyphens)`);
  });

  it('a bad name from env or .env names AEP_SANDBOX_NAME', () => {
    expect(invalid(() => load({ env: { AEP_SANDBOX_NAME: 'Prod' } })).field).toBe('AEP_SANDBOX_NAME');
    expect(invalid(() => load({ cwd: dotenvDir('AEP_SANDBOX_NAME=My_Sandbox\n') })).field).toBe('AEP_SANDBOX_NAME');
  });
});

describe('loadConfig: --platform-url', () => {
  it.each([
    ['http://localhost:8080', 'http://localhost:8080'],
    ['http://LOCALHOST:8080/', 'http://localhost:8080'],
    ['http://127.0.0.1:3000/', 'http://127.0.0.1:3000'],
    ['http://[::1]:8080', 'http://[::1]:8080'],
    ['https://platform.adobe.io/', 'https://platform.adobe.io'],
    ['https://emulator.example.com/aep//', 'https://emulator.example.com/aep'],
    ['https://emulator.example.com:8443', 'https://emulator.example.com:8443'],
  ])('%j → %s', (url, expected) => {
    expect(load({ flags: { platformUrl: url } }).platformUrl).toBe(expected);
  });

  it.each(['http://example.com', 'http://platform.adobe.io', 'http://localhost.evil.com', 'http://127.0.0.2', 'http://10.0.0.1:8080', 'http://0.0.0.0'])(
    'plain http to %s is refused',
    (url) => {
      const error = invalid(() => load({ flags: { platformUrl: url } }));
      expect(error.field).toBe('--platform-url');
      expect(error.rule).toBe('must use https:// (plain http is allowed only for localhost)');
    },
  );

  it.each([
    'https://platform.adobe.io?sandbox=prod',
    'https://platform.adobe.io/#x',
    'https://user:pass@platform.adobe.io',
    'https://user@platform.adobe.io',
    'http://user:pass@localhost:8080',
  ])('%j is refused: no query, fragment or credentials', (url) => {
    const error = invalid(() => load({ flags: { platformUrl: url } }));
    expect(error.field).toBe('--platform-url');
    expect(error.rule).toBe('must not carry a query, fragment or credentials');
  });

  it.each(['ftp://platform.adobe.io', 'file:///etc/passwd', 'ws://localhost'])('%j is refused: not https', (url) => {
    expect(invalid(() => load({ flags: { platformUrl: url } })).rule).toBe('must be an https:// URL');
  });

  it.each(['platform.adobe.io', 'not a url', '//platform.adobe.io'])('%j is not a URL', (url) => {
    expect(invalid(() => load({ flags: { platformUrl: url } })).rule).toBe(`"${url}" is not a URL`);
  });

  it('a bad AEP_PLATFORM_URL / AEP_IMS_URL names the variable', () => {
    expect(invalid(() => load({ env: { AEP_PLATFORM_URL: 'http://example.com' } })).field).toBe('AEP_PLATFORM_URL');
    expect(invalid(() => load({ cwd: dotenvDir('AEP_PLATFORM_URL=http://example.com\n') })).field).toBe('AEP_PLATFORM_URL');
    expect(invalid(() => load({ env: { AEP_IMS_URL: 'http://ims.example.com' } })).field).toBe('AEP_IMS_URL');
  });
});

describe('loadConfig: FLOWCTL_TIMEOUT and FLOWCTL_MAX_RETRIES', () => {
  it.each([
    ['1', 1000],
    ['1.5', 1500],
    ['60', 60_000],
    [' 45 ', 45_000],
    ['3600', 3_600_000],
  ])('FLOWCTL_TIMEOUT=%j → %i ms', (value, ms) => {
    expect(load({ env: { FLOWCTL_TIMEOUT: value } }).timeoutMs).toBe(ms);
  });

  it.each(['0', '0.5', '-1', '3601', 'abc', 'Infinity', 'NaN'])('FLOWCTL_TIMEOUT=%j is refused', (value) => {
    const error = invalid(() => load({ env: { FLOWCTL_TIMEOUT: value } }));
    expect(error.field).toBe('FLOWCTL_TIMEOUT');
    expect(error.rule).toBe(`must be a number from 1 to 3600, got "${value}"`);
  });

  it.each([
    ['0', 0],
    ['3', 3],
    ['10', 10],
  ])('FLOWCTL_MAX_RETRIES=%j → %i', (value, n) => {
    expect(load({ env: { FLOWCTL_MAX_RETRIES: value } }).maxRetries).toBe(n);
  });

  it.each(['-1', '11', '2.5', 'many'])('FLOWCTL_MAX_RETRIES=%j is refused', (value) => {
    const error = invalid(() => load({ env: { FLOWCTL_MAX_RETRIES: value } }));
    expect(error.field).toBe('FLOWCTL_MAX_RETRIES');
    expect(error.rule).toBe(`must be an integer from 0 to 10, got "${value}"`);
  });

  it('both are read from .env too', () => {
    const config = load({ cwd: dotenvDir('FLOWCTL_TIMEOUT=5\nFLOWCTL_MAX_RETRIES=0\n') });
    expect(config.timeoutMs).toBe(5000);
    expect(config.maxRetries).toBe(0);
  });
});

describe('defaultCacheDir', () => {
  it('linux: $XDG_CACHE_HOME/flowctl', () => {
    expect(defaultCacheDir('linux', { XDG_CACHE_HOME: '/xdg/cache' }, HOME)).toBe(join('/xdg/cache', 'flowctl'));
  });

  it('linux: ~/.cache/flowctl without (or with an empty) XDG_CACHE_HOME', () => {
    expect(defaultCacheDir('linux', {}, HOME)).toBe(join(HOME, '.cache', 'flowctl'));
    expect(defaultCacheDir('linux', { XDG_CACHE_HOME: '' }, HOME)).toBe(join(HOME, '.cache', 'flowctl'));
    expect(defaultCacheDir('freebsd', {}, HOME)).toBe(join(HOME, '.cache', 'flowctl'));
  });

  it('darwin: ~/Library/Caches/flowctl, whatever XDG says', () => {
    expect(defaultCacheDir('darwin', { XDG_CACHE_HOME: '/xdg' }, '/Users/tester')).toBe(join('/Users/tester', 'Library', 'Caches', 'flowctl'));
  });

  it('win32: %LOCALAPPDATA%\\flowctl\\Cache, or ~/AppData/Local when unset', () => {
    expect(defaultCacheDir('win32', { LOCALAPPDATA: 'C:\\Users\\t\\AppData\\Local' }, 'C:\\Users\\t')).toBe(
      join('C:\\Users\\t\\AppData\\Local', 'flowctl', 'Cache'),
    );
    expect(defaultCacheDir('win32', {}, 'C:\\Users\\t')).toBe(join('C:\\Users\\t', 'AppData', 'Local', 'flowctl', 'Cache'));
  });

  // BUG: an empty LOCALAPPDATA is used as is (`??`, unlike `||` for XDG_CACHE_HOME), so the token cache
  // becomes the relative path flowctl/Cache under whatever folder flowctl runs in.
  it('win32: an empty LOCALAPPDATA counts as unset (never a relative path)', () => {
    expect(defaultCacheDir('win32', { LOCALAPPDATA: '' }, 'C:\\Users\\t')).toBe(join('C:\\Users\\t', 'AppData', 'Local', 'flowctl', 'Cache'));
  });

  it('loadConfig uses the platform and home it is given', () => {
    expect(load({ platform: 'darwin', home: '/Users/x' }).cacheDir).toBe(join('/Users/x', 'Library', 'Caches', 'flowctl'));
    expect(load({ env: { XDG_CACHE_HOME: '/xdg' } }).cacheDir).toBe(join('/xdg', 'flowctl'));
  });
});

describe('requireSandbox', () => {
  it('returns the sandbox when set', () => {
    expect(requireSandbox(load({ env: { AEP_SANDBOX_NAME: 'dev' } }))).toBe('dev');
  });

  it('says how to set it when missing, and never falls back to prod', () => {
    const error = invalid(() => requireSandbox(load()));
    expect(error.field).toBe('sandbox');
    expect(error.message).toContain('--sandbox');
    expect(error.message).toContain('AEP_SANDBOX_NAME');
  });
});

describe('requireCredentials', () => {
  const full = { AEP_IMS_ORG: 'ORG@AdobeOrg', AEP_API_KEY: 'client-id', AEP_CLIENT_SECRET: 'secret' };

  it('returns org and client id', () => {
    expect(requireCredentials(load({ env: full }))).toEqual({ orgId: 'ORG@AdobeOrg', clientId: 'client-id' });
  });

  it('a static token is enough instead of the secret', () => {
    const { AEP_CLIENT_SECRET: _unused, ...rest } = full;
    expect(requireCredentials(load({ env: { ...rest, AEP_ACCESS_TOKEN: 'tok' } }))).toEqual({ orgId: 'ORG@AdobeOrg', clientId: 'client-id' });
  });

  it.each([
    ['AEP_IMS_ORG', { ...full, AEP_IMS_ORG: '' }],
    ['AEP_API_KEY', { ...full, AEP_API_KEY: undefined }],
    ['AEP_CLIENT_SECRET', { ...full, AEP_CLIENT_SECRET: ' ' }],
  ])('names the missing %s', (name, env) => {
    const error = invalid(() => requireCredentials(load({ env })));
    expect(error.field).toBe(name);
    expect(error.message.startsWith(`${name}: not set`)).toBe(true);
  });

  it('the missing-secret message offers AEP_ACCESS_TOKEN too', () => {
    expect(invalid(() => requireCredentials(load({ env: { AEP_IMS_ORG: 'o', AEP_API_KEY: 'k' } }))).message).toContain('AEP_ACCESS_TOKEN');
  });
});

describe('settings: checkSandboxName', () => {
  it('accepts lowercase letters, digits and hyphens, refuses the rest', () => {
    expect(() => checkSandboxName('dev-2', 'f')).not.toThrow();
    expect(() => checkSandboxName('', 'f')).toThrow(InvalidInputError);
    expect(() => checkSandboxName('dev\n', 'f')).toThrow(InvalidInputError);
    expect(() => checkSandboxName('DEV', 'f')).toThrow('f: "DEV" is not a sandbox name (lowercase letters, digits and hyphens)');
  });
});

describe('settings: checkUrl', () => {
  it('returns origin + path without trailing slashes', () => {
    expect(checkUrl('https://platform.adobe.io', 'f')).toBe('https://platform.adobe.io');
    expect(checkUrl('https://PLATFORM.adobe.io:443/', 'f')).toBe('https://platform.adobe.io');
    expect(checkUrl('http://localhost:4010/base/', 'f')).toBe('http://localhost:4010/base');
  });

  it('names the field it was given', () => {
    expect(invalid(() => checkUrl('http://example.com', 'MY_URL')).message).toBe('MY_URL: must use https:// (plain http is allowed only for localhost)');
  });
});
