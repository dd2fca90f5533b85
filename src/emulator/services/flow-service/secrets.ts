// GET never shows a base connection's credentials (credentials in auth.params come back masked, as in the
// connection lookups of https://developer.adobe.com/experience-platform-apis/references/flow-service/).
// The real values stay in the store under `__auth` for the database readers.

import type { Json } from '../../records.js';

export const MASK = '****';

/** Param names that hold secrets: passwords, keys, tokens. `accessKeyId`/`clientId` are identifiers, not secrets. */
const SECRET_NAME = /(pass(word)?|pwd|secret|token|credential|(account|private|principal|access|api)key$)/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name.trim());
}

/**
 * A connection string with its secret parts masked, in the `key=value;` style of ODBC strings and the
 * `?user=..&password=..` style of JDBC URLs.
 */
export function maskConnectionString(text: string): string {
  return text.replace(/(^|[;&?])(\s*)([^=;&?]+?)(\s*=\s*)([^;&]*)/g, (whole, sep: string, space: string, key: string, eq: string) =>
    isSecretName(key) ? `${sep}${space}${key}${eq}${MASK}` : whole,
  );
}

/** `auth.params` as GET shows them. */
export function maskParams(params: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'string' && key.toLowerCase() === 'connectionstring') out[key] = maskConnectionString(value);
    else if (isSecretName(key) && value !== undefined && value !== null && value !== '') out[key] = MASK;
    else out[key] = value;
  }
  return out;
}
