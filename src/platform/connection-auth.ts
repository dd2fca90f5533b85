// Which auth spec a base connection uses, and whether its connection string has the shape the spec asks for.
// The docs disagree on auth spec names between pages, so the connection spec as the Platform serves it decides;
// flowctl's catalog (specs.ts) is the fallback when the spec declares none. The catalog's documented format of
// a connection string (specs.ts `connectionString`) decides which keys it needs: see connection-string.ts.

import { InvalidInputError } from './errors.js';
import type { ConnectionSpec } from './models/flow-service.js';
import { ConnectionStringProblem, isKeyValueFormat, normaliseConnectionString, patternProblem } from './connection-string.js';
import { type AuthSpecEntry, chooseAuthSpec, type ConnectionSpecEntry } from './specs.js';

/** Auth specs as the Platform declares them, falling back to flowctl's catalog. */
export function authSpecsOf(spec: ConnectionSpec | undefined, entry: ConnectionSpecEntry | undefined): AuthSpecEntry[] {
  const remote = (spec?.authSpec ?? []).map((a) => ({ name: a.name, params: a.spec?.required ?? [] }));
  return remote.length > 0 ? remote : [...(entry?.authSpecs ?? [])];
}

/**
 * The auth spec's JSON-schema pattern for a connection string, if it declares one. Matched ignoring case:
 * the patterns spell keys as `[uU]id`, while the same docs write `UID=` — the intent is case-insensitive keys.
 */
function connectionStringPattern(spec: ConnectionSpec | undefined, authName: string): RegExp | undefined {
  const auth = spec?.authSpec?.find((a) => a.name === authName);
  const property = auth?.spec?.properties?.['connectionString'] as { pattern?: unknown } | undefined;
  if (typeof property?.pattern !== 'string') return undefined;
  try {
    return new RegExp(property.pattern, 'i');
  } catch {
    return undefined;
  }
}

export interface PreparedAuth {
  specName: string;
  /** The params to send: the connection string normalised (see connection-string.ts), the rest as given. */
  params: Record<string, unknown>;
}

export interface AuthFields {
  params: string;
  connectionString: string;
}

const CLI_FIELDS: AuthFields = { params: '--param', connectionString: '--connection-string' };

/**
 * The auth spec for these params (the explicit one if given), and the params to send. A connection string is
 * checked against the database's documented format and normalised before the spec's pattern judges it, so the
 * tutorials' form (no trailing `;`) passes MySQL's pattern and a URL fails here instead of at explore. Errors
 * name `fields.params` / `fields.connectionString` and a part of the string, never a value.
 */
export function prepareAuth(
  remoteSpec: ConnectionSpec | undefined,
  entry: ConnectionSpecEntry | undefined,
  params: Record<string, unknown>,
  explicit: string | undefined,
  fields: AuthFields = CLI_FIELDS,
): PreparedAuth {
  const candidates = authSpecsOf(remoteSpec, entry);
  const specName = explicit ?? chooseAuthSpec(candidates, params)?.name;
  if (specName === undefined) {
    const options = candidates.map((a) => `${a.name} (${a.params.join(', ')})`).join('; ');
    throw new InvalidInputError(fields.params, `the credential given matches none of the spec's auth specs: ${options || 'none declared'}`);
  }
  const value = params['connectionString'];
  if (typeof value !== 'string') return { specName, params };
  const connectionString = checkConnectionString(value, connectionStringPattern(remoteSpec, specName), entry, fields.connectionString);
  return { specName, params: { ...params, connectionString } };
}

/** The database's documented Key=Value format (specs.ts), when it has one. */
function documentedFormat(entry: ConnectionSpecEntry | undefined): { title: string; template: string } | undefined {
  const title = entry?.title ?? 'this spec';
  return entry?.connectionString !== undefined && isKeyValueFormat(entry.connectionString) ? { title, template: entry.connectionString } : undefined;
}

/**
 * The string normalised to the database's documented format, or an InvalidInputError on `field`: what can be
 * told offline, before any request (a URL where Key=Value parts are documented, a part without `=`).
 */
export function checkConnectionStringFormat(value: string, entry: ConnectionSpecEntry | undefined, field: string): string {
  const format = documentedFormat(entry);
  if (!format) return value;
  try {
    return normaliseConnectionString(value, format);
  } catch (error) {
    if (error instanceof ConnectionStringProblem) throw new InvalidInputError(field, `${error.message} — ${format.title} expects ${format.template}`);
    throw error;
  }
}

/** The string to send, or an InvalidInputError on `field` naming what is wrong with it. */
function checkConnectionString(value: string, pattern: RegExp | undefined, entry: ConnectionSpecEntry | undefined, field: string): string {
  const title = entry?.title ?? 'this spec';
  const format = documentedFormat(entry);
  const expects = entry?.connectionString ? ` — ${title} expects ${entry.connectionString}` : '';
  const text = checkConnectionStringFormat(value, entry, field);
  if (pattern && !pattern.test(text)) {
    const problem = format ? patternProblem(value, format) : undefined;
    throw new InvalidInputError(field, `${problem ?? `does not match the pattern of ${title}'s auth spec`}${expects}`);
  }
  return text;
}
