// Driver failures as DatabaseError: the database's own message (or the network error's), with the password
// and the connection string scrubbed out wherever they appear.

import { DatabaseError } from './reader.js';

const NETWORK = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'PROTOCOL_CONNECTION_LOST']);

export function scrub(message: string, secrets: readonly (string | undefined)[]): string {
  let out = message;
  for (const secret of secrets) if (secret) out = out.split(secret).join('***');
  return out;
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return [...new Set(error.errors.map((e: unknown) => (e instanceof Error ? e.message : String(e))))].join('; ');
  }
  if (error instanceof Error) return error.message || String((error as { code?: unknown }).code ?? error.name);
  return String(error);
}

/**
 * `error` as a DatabaseError whose message is the database's, scrubbed of `secrets`; a failure to reach the
 * server says where it tried.
 */
export function databaseError(error: unknown, secrets: readonly (string | undefined)[], where?: string): DatabaseError {
  if (error instanceof DatabaseError) return new DatabaseError(scrub(error.message, secrets), error.code);
  // Node reports a failed connection to every address of a name (localhost: ::1 and 127.0.0.1) as an
  // AggregateError whose own message and code may be empty.
  const inner = error instanceof AggregateError ? (error.errors[0] as { code?: unknown } | undefined) : undefined;
  const code = (error as { code?: unknown } | null)?.code ?? inner?.code;
  const codeText = typeof code === 'string' ? code : typeof code === 'number' ? String(code) : undefined;
  let message = messageOf(error);
  if (where && codeText && NETWORK.has(codeText)) message = `cannot reach the database server at ${where}: ${message}`;
  return new DatabaseError(scrub(message, secrets), codeText);
}
