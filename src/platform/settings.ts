// Checks of the client's settings that protect users whichever way they call it (CLI or library).

import { InvalidInputError } from './errors.js';

/** Sandbox names are lowercase letters, digits and hyphens (the Platform lower-cases them on creation). */
export function checkSandboxName(name: string, field: string): void {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name) || name.length > 128) {
    throw new InvalidInputError(field, `"${name}" is not a sandbox name (lowercase letters, digits and hyphens)`);
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Only https, except for a local emulator on loopback: a token must never cross a network in clear text. */
export function checkUrl(value: string, field: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidInputError(field, `"${value}" is not a URL`);
  }
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) {
    throw new InvalidInputError(field, 'must use https:// (plain http is allowed only for localhost)');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidInputError(field, 'must be an https:// URL');
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new InvalidInputError(field, 'must not carry a query, fragment or credentials');
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}
