// One typed Config from, in order of precedence: command-line flags > environment > .env file > defaults.
// `.env` never overrides the real environment. Empty values count as unset, so a copied .env.example with
// blank secrets does not shadow anything.

import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { InvalidInputError } from '../platform/errors.js';
import { checkSandboxName, checkUrl } from '../platform/settings.js';
import { defaultCacheDir } from './cache-dir.js';
import { DEFAULT_IMS_URL, DEFAULT_PLATFORM_URL, DEFAULT_SCOPES } from './env-vars.js';

export { defaultCacheDir };

export type ConfigSource = 'flag' | 'env' | '.env' | 'default';

export interface Config {
  sandbox: string | undefined;
  platformUrl: string;
  imsUrl: string;
  orgId: string | undefined;
  clientId: string | undefined;
  clientSecret: string | undefined;
  accessToken: string | undefined;
  scopes: string[];
  timeoutMs: number;
  maxRetries: number;
  cacheDir: string;
  /** Where each setting came from, for `auth status` and error messages. */
  sources: Record<'sandbox' | 'platformUrl' | 'imsUrl' | 'orgId' | 'clientId' | 'credential', ConfigSource>;
}

export interface ConfigFlags {
  sandbox?: string | undefined;
  platformUrl?: string | undefined;
}

export interface ConfigInput {
  flags: ConfigFlags;
  env: Record<string, string | undefined>;
  /** Folder whose `.env` is read; undefined skips the file. */
  cwd: string | undefined;
  platform?: NodeJS.Platform;
  home?: string;
}

export function readDotenv(cwd: string | undefined): Record<string, string> {
  if (cwd === undefined) return {};
  try {
    return parseDotenv(readFileSync(join(cwd, '.env')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new InvalidInputError('.env', `cannot be read (${(error as Error).message})`);
  }
}

export function loadConfig(input: ConfigInput): Config {
  const dotenv = readDotenv(input.cwd);
  const pick = (flag: string | undefined, name: string): [string | undefined, ConfigSource] => {
    const nonEmpty = (v: string | undefined) => (v !== undefined && v.trim() !== '' ? v.trim() : undefined);
    const fromFlag = nonEmpty(flag);
    if (fromFlag !== undefined) return [fromFlag, 'flag'];
    const fromEnv = nonEmpty(input.env[name]);
    if (fromEnv !== undefined) return [fromEnv, 'env'];
    const fromFile = nonEmpty(dotenv[name]);
    if (fromFile !== undefined) return [fromFile, '.env'];
    return [undefined, 'default'];
  };

  const [sandbox, sandboxSource] = pick(input.flags.sandbox, 'AEP_SANDBOX_NAME');
  const [platformUrl, platformSource] = pick(input.flags.platformUrl, 'AEP_PLATFORM_URL');
  const [imsUrl, imsSource] = pick(undefined, 'AEP_IMS_URL');
  const [orgId, orgSource] = pick(undefined, 'AEP_IMS_ORG');
  const [clientId, clientSource] = pick(undefined, 'AEP_API_KEY');
  const [clientSecret, secretSource] = pick(undefined, 'AEP_CLIENT_SECRET');
  const [accessToken, tokenSource] = pick(undefined, 'AEP_ACCESS_TOKEN');
  const [scopes] = pick(undefined, 'AEP_SCOPES');
  const [timeout] = pick(undefined, 'FLOWCTL_TIMEOUT');
  const [retries] = pick(undefined, 'FLOWCTL_MAX_RETRIES');
  const [cacheDir] = pick(undefined, 'FLOWCTL_CACHE_DIR');

  if (sandbox !== undefined) checkSandboxName(sandbox, sandboxSource === 'flag' ? '--sandbox' : 'AEP_SANDBOX_NAME');

  return {
    sandbox,
    platformUrl: checkUrl(platformUrl ?? DEFAULT_PLATFORM_URL, platformSource === 'flag' ? '--platform-url' : 'AEP_PLATFORM_URL'),
    imsUrl: checkUrl(imsUrl ?? DEFAULT_IMS_URL, 'AEP_IMS_URL'),
    orgId,
    clientId,
    clientSecret,
    accessToken,
    scopes: (scopes ?? DEFAULT_SCOPES).split(',').map((s) => s.trim()).filter(Boolean),
    timeoutMs: checkNumber(timeout, 'FLOWCTL_TIMEOUT', 30, 1, 3600) * 1000,
    maxRetries: checkNumber(retries, 'FLOWCTL_MAX_RETRIES', 4, 0, 10, true),
    cacheDir: cacheDir ?? defaultCacheDir(input.platform ?? process.platform, input.env, input.home ?? homedir()),
    sources: {
      sandbox: sandboxSource,
      platformUrl: platformSource,
      imsUrl: imsSource,
      orgId: orgSource,
      clientId: clientSource,
      credential: accessToken !== undefined ? tokenSource : secretSource,
    },
  };
}

function checkNumber(raw: string | undefined, field: string, fallback: number, min: number, max: number, integer = false): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new InvalidInputError(field, `must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

/** The sandbox, or the exit-2 error telling how to set it. */
export function requireSandbox(config: Config): string {
  if (config.sandbox === undefined) {
    throw new InvalidInputError(
      'sandbox',
      'not set: pass --sandbox NAME or set AEP_SANDBOX_NAME (flowctl never falls back to prod as the Platform does)',
    );
  }
  return config.sandbox;
}

/**
 * What a command needs and the configuration lacks, all at once: with two or more missing (a first run, no .env),
 * one error lists them all and says how to start, rather than one setting per attempt. One missing setting is
 * reported by requireSandbox or requireCredentials, with its own advice.
 */
export function requireSettings(config: Config, needs: { sandbox: boolean; credentials: boolean }): void {
  const missing = [
    ...(needs.sandbox && config.sandbox === undefined ? ['AEP_SANDBOX_NAME (or --sandbox)'] : []),
    ...(needs.credentials && config.orgId === undefined ? ['AEP_IMS_ORG'] : []),
    ...(needs.credentials && config.clientId === undefined ? ['AEP_API_KEY'] : []),
    ...(needs.credentials && config.accessToken === undefined && config.clientSecret === undefined ? ['AEP_CLIENT_SECRET (or AEP_ACCESS_TOKEN)'] : []),
  ];
  if (missing.length < 2) return;
  throw new InvalidInputError(
    'settings',
    `not set: ${missing.join(', ')}. To start: copy .env.example to .env and fill it in, or try flowctl offline with \`flowctl emulator start --save-env .env\` (in another terminal) or \`npm run demo\``,
  );
}

/** Org and client id are sent on every request; a credential is needed to get a token. */
export function requireCredentials(config: Config): { orgId: string; clientId: string } {
  if (config.orgId === undefined) throw new InvalidInputError('AEP_IMS_ORG', 'not set: put the IMS organization id (…@AdobeOrg) in .env or the environment (see .env.example)');
  if (config.clientId === undefined) throw new InvalidInputError('AEP_API_KEY', "not set: put the credential's client id in .env or the environment (see .env.example)");
  if (config.accessToken === undefined && config.clientSecret === undefined) {
    throw new InvalidInputError('AEP_CLIENT_SECRET', "not set: put the credential's client secret (or a ready AEP_ACCESS_TOKEN) in .env or the environment");
  }
  return { orgId: config.orgId, clientId: config.clientId };
}
