// Which auth spec a base connection uses, and whether its connection string has the shape the spec asks for.
// The docs disagree on auth spec names between pages, so the connection spec as the Platform serves it decides;
// flowctl's catalog (specs.ts) is the fallback when the spec declares none.

import { InvalidInputError } from './errors.js';
import type { ConnectionSpec } from './models/flow-service.js';
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

/**
 * The auth spec name for these params (the explicit one if given), after checking a connection string against
 * the spec's pattern. Errors name `fields.params` / `fields.connectionString` and never echo the value.
 */
export function resolveAuthSpec(
  remoteSpec: ConnectionSpec | undefined,
  entry: ConnectionSpecEntry | undefined,
  params: Record<string, unknown>,
  explicit: string | undefined,
  fields: { params: string; connectionString: string } = { params: '--param', connectionString: '--connection-string' },
): string {
  const candidates = authSpecsOf(remoteSpec, entry);
  const authName = explicit ?? chooseAuthSpec(candidates, params)?.name;
  if (authName === undefined) {
    const options = candidates.map((a) => `${a.name} (${a.params.join(', ')})`).join('; ');
    throw new InvalidInputError(fields.params, `the credential given matches none of the spec's auth specs: ${options || 'none declared'}`);
  }
  const pattern = connectionStringPattern(remoteSpec, authName);
  if (pattern && typeof params['connectionString'] === 'string' && !pattern.test(params['connectionString'])) {
    throw new InvalidInputError(fields.connectionString, `does not match the format ${entry?.title ?? 'this spec'} expects${entry?.connectionString ? `: ${entry.connectionString}` : ''}`);
  }
  return authName;
}

/** `Server=db;Port=3306;Database=shop;…` → `shop@db`, for a readable default name (no secret in it). */
export function describeConnectionString(value: string): string | undefined {
  const fields = new Map<string, string>();
  for (const part of value.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) fields.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  const host = fields.get('server') ?? fields.get('host') ?? fields.get('data source');
  const db = fields.get('database') ?? fields.get('db') ?? fields.get('initial catalog') ?? fields.get('sid');
  if (!host) return undefined;
  return db ? `${db}@${host}` : host;
}
