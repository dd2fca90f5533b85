// Secrets never reach output or logs: tokens, client secrets, and the passwords inside database connection
// strings. Everything flowctl prints about a request or a resource passes through these functions first.

export const MASK = '***';

/** Keys whose values are secret wherever they appear (connection params, token responses, form fields). */
const SECRET_KEY = /(pass(word)?|pwd|secret|token|api[-_]?key$|accountkey|access[-_]?key|private[-_]?key|servicePrincipalKey|credential|authorization)/i;
/** Keys holding a connection string: mask the secret parts, keep host and database readable. */
const CONNECTION_STRING_KEY = /connection[-_]?string/i;
/** Headers that are not secret even though their names look like it. */
const PUBLIC_KEYS = new Set(['x-api-key', 'token_type', 'expires_in', 'tokentype']);

export function isSecretKey(key: string): boolean {
  return !PUBLIC_KEYS.has(key.toLowerCase()) && SECRET_KEY.test(key);
}

/**
 * Masks the secret parts of a connection string in any of the Platform's formats:
 * `Server=h;PWD=x;`, `User Id=u;Password=x`, `AccountKey=x`, `jdbc:...?user=u&password=x`,
 * and `scheme://user:password@host`.
 */
export function redactConnectionString(value: string): string {
  return value
    // `Key=Value;` formats end a value at `;` (it may hold `&`); URL query formats end it at `&`.
    // A braced value (`PWD={a;b}`, ODBC style) holds `;`: it ends at its closing brace.
    .replace(/(^|;)(\s*[A-Za-z_ ]*?(?:pwd|pass(?:word)?|secret|token|accountkey|sharedaccesskey)\s*=)(\{[^}]*\}?|[^;]*)/gi, `$1$2${MASK}`)
    .replace(/([?&])([A-Za-z_]*?(?:pwd|pass(?:word)?|secret|token|accountkey|sharedaccesskey)=)([^&;]*)/gi, `$1$2${MASK}`)
    .replace(USERINFO, `$1${MASK}$3`);
}

const USERINFO = /(\/\/[^:/?#@\s]+:)([^@/\s]+)(@)/g;

/** Deep copy of `value` with every secret masked. Strings are left alone unless their key says secret. */
export function redact<T>(value: T): T {
  return redactValue(value, undefined) as T;
}

function redactValue(value: unknown, key: string | undefined): unknown {
  if (typeof value === 'string') {
    if (key !== undefined && CONNECTION_STRING_KEY.test(key)) return redactConnectionString(value);
    if (key !== undefined && isSecretKey(key)) return value === '' ? value : MASK;
    return value;
  }
  // A password may come as a number from a JSON params file.
  if ((typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') && key !== undefined && isSecretKey(key)) return MASK;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, key));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, k);
    return out;
  }
  return value;
}

/** Headers for display: the bearer token is masked, everything else is shown. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    // Keep the scheme (Bearer, Basic) for readability; the credential itself never shows.
    if (name.toLowerCase() === 'authorization') out[name] = /^\S+\s+\S/.test(value) ? value.replace(/^(\S+\s+).*/s, `$1${MASK}`) : MASK;
    else if (isSecretKey(name)) out[name] = MASK;
    else out[name] = value;
  }
  return out;
}

/** A form-encoded body (IMS token request) with `client_secret` masked. */
export function redactForm(body: string): string {
  return body.replace(/((?:^|&)(?:client_secret|password|refresh_token|code)=)[^&]*/gi, `$1${MASK}`);
}

/**
 * Last line of defence for free text (error details echoed by a server, debug lines): masks any known
 * secret verbatim, then connection-string passwords.
 */
export function scrubText(text: string, knownSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (secret.length >= 4) out = out.split(secret).join(MASK);
  }
  // In prose a value ends at a space or quote; in a connection string it may hold spaces (see above).
  return out
    .replace(/(^|[;?&\s"'])([A-Za-z_]*(?:pwd|pass(?:word)?|secret|token|accountkey|sharedaccesskey)\s*=\s*)([^;&\s"']+)/gi, `$1$2${MASK}`)
    .replace(USERINFO, `$1${MASK}$3`);
}
