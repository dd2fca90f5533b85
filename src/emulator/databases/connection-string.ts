// Where a base connection's database is and who to log in as, from its `auth.params` (per-database tutorials, e.g. https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/create/databases/mysql):
// either a `connectionString` in one of the Platform's ODBC-like formats, or Basic-auth fields.
//
//   MySQL, MariaDB   Server=db.example.com;Port=3306;Database=shop;UID=reader;PWD=secret;
//   PostgreSQL       Server=db.example.com;Database=shop;Port=5432;UID=reader;Password=secret
//   Greenplum        HOST=db.example.com;PORT=5432;DB=shop;UID=reader;PWD=secret
//   variants         User Id=… / User=… / Username=…, Password=… / PWD=…, Host=… / Data Source=…, Initial Catalog=…
//   Basic auth       {server, port, database, username, password}
//
// Keys are case-insensitive, spaces around keys and `=` are ignored, a value may be wrapped in braces to hold a
// `;` (`PWD={a;b}`), and unknown keys (SslMode, …) are ignored. `Server` may carry the port (`host:5432`).
// Errors name what is missing or malformed, never a value (the string holds the password).

import { DatabaseError } from './reader.js';

export type DriverFamily = 'mysql' | 'postgres';

export interface ConnectionSettings {
  host: string;
  port: number;
  /** Undefined when the string names none: MySQL then lists every user schema, PostgreSQL uses the user's. */
  database: string | undefined;
  user: string;
  password: string;
}

export const DEFAULT_PORTS: Record<DriverFamily, number> = { mysql: 3306, postgres: 5432 };

const ALIASES: Record<string, keyof ConnectionSettings> = {
  server: 'host',
  host: 'host',
  hostname: 'host',
  'data source': 'host',
  address: 'host',
  port: 'port',
  database: 'database',
  db: 'database',
  dbname: 'database',
  'initial catalog': 'database',
  uid: 'user',
  'user id': 'user',
  userid: 'user',
  user: 'user',
  username: 'user',
  'user name': 'user',
  pwd: 'password',
  password: 'password',
};

type Raw = Partial<Record<keyof ConnectionSettings, string>>;

/** `key=value` pairs of a connection string, under their canonical names. */
function splitConnectionString(text: string): Raw {
  const raw: Raw = {};
  let i = 0;
  let position = 0;
  while (i < text.length) {
    position++;
    const eq = text.indexOf('=', i);
    const semi = text.indexOf(';', i);
    if (eq === -1 || (semi !== -1 && semi < eq)) {
      // A segment without `=`: only blanks are allowed (`…;PWD=x; ;`).
      const end = semi === -1 ? text.length : semi;
      if (text.slice(i, end).trim() !== '') throw new DatabaseError(`the connection string is malformed: part ${position} is not key=value`, 'INVALID_CONNECTION_STRING');
      i = end + 1;
      continue;
    }
    const key = text.slice(i, eq).trim().toLowerCase().replace(/\s+/g, ' ');
    let j = eq + 1;
    while (text[j] === ' ') j++;
    let value: string;
    if (text[j] === '{') {
      const close = text.indexOf('}', j + 1);
      if (close === -1) throw new DatabaseError(`the connection string is malformed: the value of ${key} opens a brace it never closes`, 'INVALID_CONNECTION_STRING');
      value = text.slice(j + 1, close);
      const next = text.indexOf(';', close);
      if (text.slice(close + 1, next === -1 ? text.length : next).trim() !== '') {
        throw new DatabaseError(`the connection string is malformed: unexpected text after the braced value of ${key}`, 'INVALID_CONNECTION_STRING');
      }
      i = next === -1 ? text.length : next + 1;
    } else {
      const end = semi === -1 ? text.length : semi;
      value = text.slice(j, end).trim();
      i = end + 1;
    }
    const canonical = ALIASES[key];
    if (canonical) raw[canonical] = value;
  }
  return raw;
}

/** Basic-auth params (`server`, `port`, `database`, `username`, `password`), keys case-insensitively. */
function fromParams(params: Record<string, unknown>): Raw {
  const raw: Raw = {};
  for (const [key, value] of Object.entries(params)) {
    const canonical = ALIASES[key.toLowerCase()];
    if (canonical && value !== undefined && value !== null && typeof value !== 'object') raw[canonical] = String(value).trim();
  }
  return raw;
}

/** `host:port` or `[v6]:port` in the server field; a bare IPv6 address is left alone. */
function splitHostPort(host: string): { host: string; port?: string } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(host);
  if (bracketed) return { host: bracketed[1] as string, ...(bracketed[2] !== undefined && { port: bracketed[2] }) };
  const withPort = /^([^:]+):(\d+)$/.exec(host);
  if (withPort) return { host: withPort[1] as string, port: withPort[2] as string };
  return { host };
}

function settings(raw: Raw, driver: DriverFamily, options: { requireUser: boolean }): ConnectionSettings {
  const missing: string[] = [];
  const server = raw.host ? splitHostPort(raw.host) : undefined;
  if (!server?.host) missing.push('the server (Server=… or Host=…)');
  if (!raw.user && options.requireUser) missing.push('the user (UID=… or User Id=…)');
  if (missing.length > 0) throw new DatabaseError(`the connection settings lack ${missing.join(' and ')}`, 'INVALID_CONNECTION_STRING');
  const portText = raw.port || server?.port;
  let port = DEFAULT_PORTS[driver];
  if (portText) {
    port = Number(portText);
    if (!/^\d+$/.test(portText) || port < 1 || port > 65_535) throw new DatabaseError('the port of the connection settings is not a number between 1 and 65535', 'INVALID_CONNECTION_STRING');
  }
  return { host: server?.host as string, port, database: raw.database || undefined, user: raw.user ?? '', password: raw.password ?? '' };
}

/** Settings from a connection string in any of the formats above. */
export function parseConnectionString(text: string, driver: DriverFamily, options: { requireUser?: boolean } = {}): ConnectionSettings {
  return settings(splitConnectionString(text), driver, { requireUser: options.requireUser ?? true });
}

/** Settings from a base connection's `auth.params`: its `connectionString`, or Basic-auth fields. */
export function connectionSettings(params: Record<string, unknown>, driver: DriverFamily, options: { requireUser?: boolean } = {}): ConnectionSettings {
  const text = Object.entries(params).find(([key]) => key.toLowerCase() === 'connectionstring')?.[1];
  if (typeof text === 'string') return parseConnectionString(text, driver, options);
  if (text !== undefined) throw new DatabaseError('auth.params.connectionString must be a string', 'INVALID_CONNECTION_STRING');
  return settings(fromParams(params), driver, { requireUser: options.requireUser ?? true });
}

/** The server named by the params, without checking anything else (tells the embedded database apart). */
export function serverOf(params: Record<string, unknown>): string | undefined {
  const text = Object.entries(params).find(([key]) => key.toLowerCase() === 'connectionstring')?.[1];
  try {
    return (typeof text === 'string' ? splitConnectionString(text) : fromParams(params)).host;
  } catch {
    return undefined;
  }
}
