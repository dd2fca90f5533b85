// `flowctl emulator start --save-env F`: the emulator's settings merged into a .env file, so that flowctl (which
// reads ./.env) reaches the emulator with nothing pasted by hand. The file's other lines are kept, and a file that
// holds the settings of another Platform (a user's real .env) is refused rather than overwritten.

import { parse } from 'dotenv';

const LOOPBACK_URL = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/i;

/**
 * Why `existing` must not be overwritten with the settings named `keys`, or undefined if it may: it sets one of
 * them for a Platform that is not a local one (AEP_PLATFORM_URL unset means Adobe's own gateway).
 */
export function foreignSettings(existing: string, keys: readonly string[]): string | undefined {
  const values = parse(existing);
  const ours = keys.filter((key) => values[key] !== undefined && values[key] !== '');
  if (ours.length === 0) return undefined;
  const url = values['AEP_PLATFORM_URL'];
  if (url !== undefined && LOOPBACK_URL.test(url)) return undefined;
  return `it holds the settings of another Platform (${url ? `AEP_PLATFORM_URL=${url}` : `${ours.join(', ')} for the default gateway`})`;
}

/** `existing` with each of `settings` set: lines for those keys replaced in place, missing ones appended. */
export function mergeEnvFile(existing: string, settings: Record<string, string>): string {
  const pending = new Map(Object.entries(settings));
  const lines = existing === '' ? [] : existing.replace(/\n$/, '').split('\n');
  const merged = lines.flatMap((line) => {
    const key = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];
    if (key === undefined || !settings[key]) return [line];
    // The first line for a key takes its value; a repeated one would override it when read, so it goes.
    const value = pending.get(key);
    pending.delete(key);
    return value === undefined ? [] : [`${key}=${value}`];
  });
  return [...merged, ...[...pending].map(([key, value]) => `${key}=${value}`)].join('\n') + '\n';
}
