// Secrets never reach output or logs: tokens, client secrets, and the passwords inside database connection
// strings. Everything flowctl prints about a request or a resource passes through these functions first.

export const MASK = '***';

// Which keys hold credentials: the one rule for redaction here and for flowctl.yaml, whose secret keys must be
// `${NAME}` references (onboard/manifest.ts). Keys are compared lower-case without `_`, `-` and spaces, so
// `client_secret`, `Account Key` and `api-key` read as `clientsecret`, `accountkey` and `apikey`.

/** Keys whose values are secret as a whole (connection params, token responses, form fields, headers). */
const SECRET_KEY = /pass|pwd|secret|token|apikey|accountkey|accesskey|privatekey|principalkey|credential|authorization|sas(uri|key)/;
/** Keys holding a connection string: its secret parts are masked, host and database stay readable. */
const CONNECTION_STRING_KEY = /connectionstring/;
/**
 * Names of the Platform's and IMS's own that look secret and are not: the client id header, a token response's
 * metadata. Shown by the redact functions; still credentials by name (a flowctl.yaml key so named must be a
 * reference), since outside those protocols nothing says they are public.
 */
const PUBLIC_KEYS = new Set(['x-api-key', 'token_type', 'expires_in', 'tokentype']);

const keyWord = (key: string) => key.toLowerCase().replace(/[_\-\s]/g, '');

/** Whether a key's value is a secret as a whole (`password`, `clientSecret`, `accountKey`, `sasToken`, …). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(keyWord(key));
}

/** Whether a key holds a connection string (`connectionString`, `connection_string`). */
export function isConnectionStringKey(key: string): boolean {
  return CONNECTION_STRING_KEY.test(keyWord(key));
}

/** Whether a key's value is or holds a credential: a secret, or a connection string with one inside. */
export function holdsCredential(key: string): boolean {
  return isSecretKey(key) || isConnectionStringKey(key);
}

/** Whether the redact functions mask a key's value as a whole. */
function masksKey(key: string): boolean {
  return !PUBLIC_KEYS.has(key.toLowerCase()) && isSecretKey(key);
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
    if (key !== undefined && isConnectionStringKey(key)) return redactConnectionString(value);
    if (key !== undefined && masksKey(key)) return value === '' ? value : MASK;
    return value;
  }
  // A password may come as a number from a JSON params file.
  if ((typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') && key !== undefined && masksKey(key)) return MASK;
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
    else if (masksKey(name)) out[name] = MASK;
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
