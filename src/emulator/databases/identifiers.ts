// Table and column names that reach SQL text. Values are always bound as parameters; names cannot be, so they
// are checked to be plain identifiers (letters, digits, `_`, `$`) and then quoted in the database's style.

import { DatabaseError } from './reader.js';

const PLAIN = /^[\p{L}\p{N}_$]{1,64}$/u;

export function isPlainIdentifier(name: string): boolean {
  return PLAIN.test(name);
}

/** A column name the caller gave (delta column, selected columns): plain, or DatabaseError. */
export function checkColumnName(name: string): string {
  if (!isPlainIdentifier(name)) throw new DatabaseError(`${JSON.stringify(name)} is not a plain column name (letters, digits, _ and $ only)`, 'INVALID_IDENTIFIER');
  return name;
}

/** `schema.table`, or `table` alone (in `defaultSchema`): both parts plain, or DatabaseError. */
export function parseTablePath(path: string, defaultSchema: string | undefined): { schema: string; table: string } {
  const parts = path.split('.');
  const [first, second] = parts;
  const plain = parts.length <= 2 && parts.every(isPlainIdentifier);
  if (!plain || first === undefined) {
    throw new DatabaseError(`${JSON.stringify(path)} is not a plain table path: expected schema.table with letters, digits, _ and $ only`, 'INVALID_IDENTIFIER');
  }
  if (second !== undefined) return { schema: first, table: second };
  if (defaultSchema === undefined) throw new DatabaseError(`${JSON.stringify(path)} names no schema: expected schema.table`, 'INVALID_IDENTIFIER');
  return { schema: defaultSchema, table: first };
}

/** `"name"` for PostgreSQL (quotes doubled, though plain names hold none). */
export const quotePg = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** `` `name` `` for MySQL and MariaDB. */
export const quoteMysql = (name: string): string => `\`${name.replaceAll('`', '``')}\``;
