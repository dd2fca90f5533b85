// The real database servers the database tests use (MariaDB on 127.0.0.1:3306 as root with no password,
// PostgreSQL on 127.0.0.1:5432 as postgres with trust auth; override with FLOWCTL_TEST_MARIADB /
// FLOWCTL_TEST_POSTGRES as `host:port:user:password`), and a throw-away database per test file.
//
// A server that does not answer makes its tests skip with the reason — except under CI=true, where they run
// and fail (scripts/ci-databases.sh starts both servers).

import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { describe } from 'vitest';

export type ServerKind = 'mariadb' | 'postgres';

export interface ServerAddress {
  host: string;
  port: number;
  user: string;
  password: string;
}

export const MARIADB_SPEC = '3000eb99-cd47-43f3-827c-43caf170f015';
export const MYSQL_SPEC = '26d738e0-8963-47ea-aadf-c60de735468a';
export const POSTGRES_SPEC = '74a1c565-4e59-48d7-9d67-7c03b8a13137';
export const GREENPLUM_SPEC = '37b6bf40-d318-4655-90be-5cd6f65d334b';
export const ORACLE_SPEC = 'd6b52d86-f0f8-475f-89d4-ce54c8527328';

function address(kind: ServerKind): ServerAddress {
  const override = process.env[kind === 'mariadb' ? 'FLOWCTL_TEST_MARIADB' : 'FLOWCTL_TEST_POSTGRES'];
  if (override) {
    const [host = '127.0.0.1', port = '', user = '', ...password] = override.split(':');
    return { host, port: Number(port), user, password: password.join(':') };
  }
  return kind === 'mariadb' ? { host: '127.0.0.1', port: 3306, user: 'root', password: '' } : { host: '127.0.0.1', port: 5432, user: 'postgres', password: '' };
}

export const requireServers = process.env['CI'] === 'true';

export interface DatabaseServer {
  kind: ServerKind;
  address: ServerAddress;
  /** Undefined when the server answered. */
  unavailable: string | undefined;
}

async function probe(kind: ServerKind, a: ServerAddress): Promise<string | undefined> {
  try {
    if (kind === 'mariadb') {
      const connection = await mysql.createConnection({ ...a, connectTimeout: 3000 });
      await connection.query('SELECT 1');
      await connection.end();
    } else {
      const client = new pg.Client({ ...a, database: 'postgres', connectionTimeoutMillis: 3000 });
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
    }
    return undefined;
  } catch (error) {
    const message = error instanceof AggregateError ? error.errors.map((e: Error) => e.message).join('; ') : (error as Error).message;
    return `${kind} is not reachable at ${a.host}:${a.port} (${message || String((error as { code?: unknown }).code)}); run scripts/ci-databases.sh`;
  }
}

/** Whether the server answers (checked once per test file). */
export async function databaseServer(kind: ServerKind): Promise<DatabaseServer> {
  const a = address(kind);
  return { kind, address: a, unavailable: await probe(kind, a) };
}

/**
 * `describe` for tests that need the server: skipped, with the reason in its title, when it is unreachable —
 * unless CI=true, where the tests run (and fail in `requireServer`).
 */
export function describeWith(server: DatabaseServer, title: string, fn: () => void): void {
  const skip = server.unavailable !== undefined && !requireServers;
  describe.skipIf(skip)(skip ? `${title} — skipped: ${server.unavailable}` : title, fn);
}

/** Throws when the server is unreachable (the tests then fail instead of skipping, under CI=true). */
export function requireServer(server: DatabaseServer): void {
  if (server.unavailable !== undefined) throw new Error(`CI=true requires the database servers: ${server.unavailable}`);
}

export interface TestDatabase {
  name: string;
  server: DatabaseServer;
  /** Runs statements in the test database (as the admin user, in UTC). */
  exec(...statements: string[]): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** The Platform's connection string for this database (MySQL/MariaDB or PostgreSQL format). */
  connectionString(overrides?: Partial<ServerAddress>): string;
  drop(): Promise<void>;
}

/** A fresh `flowctl_test_<random>` database, dropped by `drop()`. */
export async function createTestDatabase(server: DatabaseServer): Promise<TestDatabase> {
  requireServer(server);
  const name = `flowctl_test_${randomBytes(5).toString('hex')}`;
  const a = server.address;
  if (server.kind === 'mariadb') {
    const admin = await mysql.createConnection({ ...a, multipleStatements: true, timezone: 'Z' });
    await admin.query(`CREATE DATABASE \`${name}\``);
    await admin.query(`USE \`${name}\``);
    await admin.query("SET time_zone = '+00:00'");
    return {
      name,
      server,
      exec: async (...statements) => {
        for (const statement of statements) await admin.query(statement);
      },
      query: async <T>(sql: string, params: unknown[] = []) => (await admin.query(sql, params))[0] as T[],
      connectionString: (o = {}) => {
        const c = { ...a, ...o };
        return `Server=${c.host};Port=${c.port};Database=${name};UID=${c.user};PWD=${c.password};`;
      },
      drop: async () => {
        await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await admin.end();
      },
    };
  }
  const admin = new pg.Client({ ...a, database: 'postgres' });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const client = new pg.Client({ ...a, database: name });
  await client.connect();
  await client.query("SET TIME ZONE 'UTC'");
  return {
    name,
    server,
    exec: async (...statements) => {
      for (const statement of statements) await client.query(statement);
    },
    query: async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[],
    connectionString: (o = {}) => {
      const c = { ...a, ...o };
      return `Server=${c.host};Database=${name};Port=${c.port};UID=${c.user};Password=${c.password}`;
    },
    drop: async () => {
      await client.end();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** heapUsed in MB. */
export const heapMb = (): number => process.memoryUsage().heapUsed / 1024 / 1024;
