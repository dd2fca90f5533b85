// Connection strings in the Platform's `Key=Value;…` formats (the per-database API tutorials, e.g.
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/create/databases/mysql):
// split into parts, checked against the format a database documents, normalised into the form the
// connection spec's pattern accepts, and explained part by part when they do not fit.
//
//   MySQL      Server={SERVER};Port={PORT};Database={DATABASE};UID={USERNAME};PWD={PASSWORD}
//   MariaDB    Server={HOST};Port={PORT};Database={DATABASE};UID={USERNAME};PWD={PASSWORD}
//   PostgreSQL Server={SERVER};Database={DATABASE};Port={PORT};UID={USERNAME};Password={PASSWORD}[;EncryptionMethod=1;…]
//
// The tutorials write these without a trailing `;`, while MySQL's spec pattern ends in a required `;` and its
// own example puts a blank after each `;` (which that pattern refuses): normalising bridges both. Splitting
// follows the emulator's reader (src/emulator/databases/connection-string.ts): keys case-insensitive and
// trimmed, a value may be wrapped in braces to hold a `;` (`PWD={a;b}`), quotes are not special, unknown keys
// (SslMode, EncryptionMethod, …) are kept.
//
// Every problem names a part by its number and, for keys the formats use, by its key — never a value, and never
// an unknown key either: a password holding `;` splits into parts whose "keys" are pieces of it.

/** One `Key=Value` part of a connection string. */
export interface Part {
  /** 1-based, counting every `;`-separated segment, blank ones too (as the emulator's messages do). */
  position: number;
  /** The key as written, trimmed. */
  key: string;
  /** Lower case, inner blanks collapsed: what keys are compared by. */
  name: string;
  /** The value exactly as written (braces kept). */
  value: string;
}

/** A database's documented format: `Server={SERVER};Port={PORT};…`. */
export interface ConnectionStringFormat {
  /** The database's name, for messages (`MySQL`). */
  title: string;
  template: string;
}

/** A connection string that does not fit; the message is safe to print (no value of the string in it). */
export class ConnectionStringProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionStringProblem';
  }
}

/** What a key means, whatever its spelling (the variants the formats and the emulator's reader use). */
const ROLES: Record<string, string> = {
  server: 'host', host: 'host', hostname: 'host', 'data source': 'host', address: 'host',
  port: 'port',
  database: 'database', db: 'database', dbname: 'database', 'initial catalog': 'database',
  uid: 'user', 'user id': 'user', userid: 'user', user: 'user', username: 'user', 'user name': 'user',
  pwd: 'password', password: 'password',
};

/** Other keys the documented formats use: safe to name in messages. */
const OTHER_KNOWN = ['sid', 'dbcname', 'integrated security', 'sslmode', 'encryptionmethod', 'validateservercertificate', 'defaultendpointsprotocol', 'accountname', 'accountkey', 'endpointsuffix'];
const KNOWN = new Set([...Object.keys(ROLES), ...OTHER_KNOWN]);

/** Roles a connection can do without: the drivers have a default port, a default database, and an empty password is a password. */
const OPTIONAL_ROLES = new Set(['port', 'database', 'password']);

/** The emulator's embedded demo database (`Server=embedded`) needs no login. */
const EMBEDDED = 'embedded';

const nameOf = (key: string) => key.trim().toLowerCase().replace(/\s+/g, ' ');
const roleOf = (name: string) => ROLES[name] ?? name;
const isKnown = (part: Part) => KNOWN.has(part.name);
/** `part 3 (Port=)`, or just `part 3` for a key no format uses. */
const label = (part: Part) => `part ${part.position}${isKnown(part) ? ` (${part.key}=)` : ''}`;
/** A value without its braces and surrounding blanks. */
const plainValue = (value: string) => value.trim().replace(/^\{([\s\S]*)\}$/, '$1');

/** `postgresql://…`, `jdbc:mysql://…`: the scheme of a URL-form string, if it is one (the scheme holds no secret). */
function urlScheme(text: string): string | undefined {
  return /^\s*([a-z][a-z0-9+.-]*(?::[a-z][a-z0-9+.-]*)?):\/\//i.exec(text)?.[1];
}

/** Where the value of `part` (starting at `start`) ends: at the next `;`, or after its closing brace. */
function readValue(text: string, start: number, part: Part): { value: string; next: number } {
  let j = start;
  while (text[j] === ' ' || text[j] === '\t') j++;
  const brace = text[j] === '{' ? text.indexOf('}', j + 1) : -1;
  if (text[j] === '{' && brace === -1) throw new ConnectionStringProblem(`${label(part)} opens a brace it never closes`);
  const semi = text.indexOf(';', brace === -1 ? start : brace);
  const end = semi === -1 ? text.length : semi;
  if (brace !== -1 && text.slice(brace + 1, end).trim() !== '') throw new ConnectionStringProblem(`${label(part)} has text after its braced value`);
  return { value: text.slice(start, end), next: end + 1 };
}

/** The `Key=Value` parts of a connection string; throws a ConnectionStringProblem naming the first bad part. */
export function splitParts(text: string): Part[] {
  const scheme = urlScheme(text);
  if (scheme !== undefined) throw new ConnectionStringProblem(`is a URL (${scheme}://…), not Key=Value parts separated by ;`);
  const parts: Part[] = [];
  let i = 0;
  for (let position = 1; i < text.length; position++) {
    const semi = text.indexOf(';', i);
    const end = semi === -1 ? text.length : semi;
    const eq = text.indexOf('=', i);
    if (eq === -1 || eq > end) {
      // Blank segments (`;;`, a trailing `; `) are harmless.
      if (text.slice(i, end).trim() !== '') throw new ConnectionStringProblem(`part ${position} is not Key=Value (does a value hold a ;?)`);
      i = end + 1;
      continue;
    }
    const key = text.slice(i, eq).trim();
    if (key === '') throw new ConnectionStringProblem(`part ${position} has no key before its =`);
    const part: Part = { position, key, name: nameOf(key), value: '' };
    const { value, next } = readValue(text, eq + 1, part);
    parts.push({ ...part, value });
    i = next;
  }
  return parts;
}

/** The keys of a format whose values are placeholders (`Port={PORT}`), in order; fixed ones (`Integrated Security=False`) are left out. */
function templateKeys(template: string): Part[] {
  return splitParts(template).filter((p) => /\{[A-Z_]+\}/.test(p.value));
}

/** True when the format is `Key=Value;…` rather than a URL (Snowflake's JDBC string). */
export function isKeyValueFormat(template: string): boolean {
  return urlScheme(template) === undefined && template.includes('=');
}

const findRole = (parts: readonly Part[], role: string) => parts.find((p) => roleOf(p.name) === role);

/** The first part whose key no format uses: the likely misspelling when a key is missing. */
function misspeltHint(parts: readonly Part[], template: readonly Part[]): string {
  const names = new Set(template.map((t) => t.name));
  const unknown = parts.find((p) => !isKnown(p) && !names.has(p.name));
  return unknown ? ` (is part ${unknown.position} a misspelt one?)` : '';
}

/**
 * The keys a connection cannot do without are there and usable: the server, the user (unless the server is the
 * emulator's embedded database), and any other key of the format that is not a port, database or password. Port
 * and database may be left out (the driver's default), a password may be empty (trust authentication).
 */
function checkRequired(parts: readonly Part[], format: ConnectionStringFormat): void {
  const template = templateKeys(format.template);
  const embedded = plainValue(findRole(parts, 'host')?.value ?? '').toLowerCase() === EMBEDDED;
  for (const wanted of template) {
    const role = roleOf(wanted.name);
    if (OPTIONAL_ROLES.has(role) || (role === 'user' && embedded)) continue;
    const found = findRole(parts, role);
    if (!found) throw new ConnectionStringProblem(`lacks ${wanted.key}=${misspeltHint(parts, template)}`);
    if (plainValue(found.value) === '') throw new ConnectionStringProblem(`${label(found)} is empty`);
  }
  const port = findRole(parts, 'port');
  const portText = port ? plainValue(port.value) : '';
  if (port && portText !== '' && !(/^\d{1,5}$/.test(portText) && Number(portText) >= 1 && Number(portText) <= 65_535)) {
    throw new ConnectionStringProblem(`${label(port)} is not a port number between 1 and 65535`);
  }
}

/**
 * The string checked against the format and rewritten as `Key=Value;…` with no blanks around keys and no empty
 * parts, ending in `;` when the format (or the string) does. Values are sent exactly as written. Throws a
 * ConnectionStringProblem naming the first part that is wrong.
 */
export function normaliseConnectionString(text: string, format: ConnectionStringFormat): string {
  const parts = splitParts(text);
  if (parts.length === 0) throw new ConnectionStringProblem('has no Key=Value parts');
  checkRequired(parts, format);
  const terminated = format.template.trim().endsWith(';') || text.trim().endsWith(';');
  return parts.map((p) => `${p.key}=${p.value}`).join(';') + (terminated ? ';' : '');
}

/**
 * Why a string that passed normaliseConnectionString still fails the spec's pattern, as far as the documented
 * format tells: patterns like MySQL's want the format's keys, spelt as documented, in the documented order, from
 * the first part on. Undefined when the format explains nothing.
 */
export function patternProblem(text: string, format: ConnectionStringFormat): string | undefined {
  const parts = splitParts(text);
  const expected = templateKeys(format.template);
  const first = expected[0];
  if (first && parts[0] && parts[0].name !== first.name) return `${label(parts[0])} should be ${first.key}=: ${format.title}'s format begins with it`;
  let from = 0;
  let previous: Part | undefined;
  for (const wanted of expected) {
    const at = parts.findIndex((p, i) => i >= from && p.name === wanted.name);
    if (at === -1) {
      const spelt = parts.find((p) => p.name !== wanted.name && roleOf(p.name) === roleOf(wanted.name));
      if (spelt) return `${label(spelt)} must be spelt ${wanted.key}= for ${format.title}`;
      const early = parts.find((p) => p.name === wanted.name);
      if (early && previous) return `${label(early)} must come after ${previous.key}=: the keys go in the order ${expected.map((k) => k.key).join(', ')}`;
      return `lacks ${wanted.key}=`;
    }
    from = at + 1;
    previous = wanted;
  }
  return undefined;
}

/** The secret values of a connection string (passwords, account keys), for scrubbing servers' messages; none if it does not split. */
export function secretValues(text: string): string[] {
  try {
    return splitParts(text)
      .filter((p) => roleOf(p.name) === 'password' || p.name === 'accountkey')
      .flatMap((p) => [p.value.trim(), plainValue(p.value)])
      .filter((v) => v !== '');
  } catch {
    return [];
  }
}

/** `Server=db;Port=3306;Database=shop;…` → `shop@db`, for a readable default name (no secret in it). */
export function describeConnectionString(text: string): string | undefined {
  let parts: Part[];
  try {
    parts = splitParts(text);
  } catch {
    return undefined;
  }
  const host = plainValue(findRole(parts, 'host')?.value ?? '');
  const database = plainValue(findRole(parts, 'database')?.value ?? parts.find((p) => p.name === 'sid')?.value ?? '');
  if (!host) return undefined;
  return database ? `${database}@${host}` : host;
}
