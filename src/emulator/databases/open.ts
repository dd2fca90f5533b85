// From a base connection to a reader of its database, and the Flow Service's `test` and `explore` on top.
//
// openReader picks the driver by connection spec: MySQL and MariaDB → mysql2, PostgreSQL and Greenplum → pg,
// or the embedded PGlite demo database when the server is `embedded` (pglite.ts); any other spec is an
// UnsupportedDatabaseError. It connects lazily: errors in the settings are thrown at once, the database's on
// first use.
//
// `GET /connections/{id}/test` answers `200 {"result": true}` when the database accepts a trivial query. When
// it does not, the emulator answers a Flow error (`400`, code `1100-400`) whose message is the database's own
// ("…Error from flow provider: cannot connect to the MariaDB database: Access denied for user …"), rather than
// the OpenAPI's bare `{"result": false}`: a client can then show why (`flowctl connection test` prints Flow
// error messages), and the password is scrubbed from it. `explore` refuses what it cannot do with the same
// `1100-400` and a message saying what went wrong (unknown table, unsupported database, bad objectType).

import type { EmulatorRequest } from '../http-types.js';
import type { DatabaseAccess, DatabaseConnection } from '../services/flow-service/databases.js';
import { invalid } from '../services/flow-service/resource.js';
import { findConnectionSpec } from '../services/flow-service/specs.js';
import { connectionSettings, type DriverFamily, serverOf } from './connection-string.js';
import { publicColumn } from './column-types.js';
import { MysqlReader } from './mysql.js';
import { EMBEDDED_SERVER, holdEmbeddedDatabases, PgliteReader } from './pglite.js';
import { PostgresReader } from './postgres.js';
import { DatabaseError, type DatabaseReader, UnsupportedDatabaseError } from './reader.js';
import { jsonSafe } from './values.js';

export const DATABASE_SPEC_IDS = {
  mysql: '26d738e0-8963-47ea-aadf-c60de735468a',
  mariadb: '3000eb99-cd47-43f3-827c-43caf170f015',
  postgresql: '74a1c565-4e59-48d7-9d67-7c03b8a13137',
  greenplum: '37b6bf40-d318-4655-90be-5cd6f65d334b',
} as const;

const FAMILIES: Record<string, DriverFamily> = {
  [DATABASE_SPEC_IDS.mysql]: 'mysql',
  [DATABASE_SPEC_IDS.mariadb]: 'mysql',
  [DATABASE_SPEC_IDS.postgresql]: 'postgres',
  [DATABASE_SPEC_IDS.greenplum]: 'postgres',
};

export interface ReaderAuth {
  specName: string;
  params: Record<string, unknown>;
}

export interface ReaderOptions {
  /** The emulator's data dir: where embedded databases are kept (in memory when undefined). */
  dataDir: string | undefined;
}

/** The connection spec's product name (`MariaDB`, `Oracle`, …), for messages. */
function productName(specId: string): string {
  const label = findConnectionSpec(specId)?.attributes['connectorName'];
  return typeof label === 'string' ? label : `connection spec ${specId}`;
}

/**
 * A reader of the database behind a base connection. Throws UnsupportedDatabaseError for a spec the emulator
 * cannot read and DatabaseError for settings it cannot use; connects on first use. Close it when done.
 */
export function openReader(specId: string, auth: ReaderAuth, options: ReaderOptions): DatabaseReader {
  const family = FAMILIES[specId];
  if (!family) throw new UnsupportedDatabaseError(productName(specId));
  if (family === 'postgres' && serverOf(auth.params)?.toLowerCase() === EMBEDDED_SERVER) {
    return new PgliteReader(connectionSettings(auth.params, family, { requireUser: false }).database, options.dataDir);
  }
  const settings = connectionSettings(auth.params, family);
  return family === 'mysql' ? new MysqlReader(settings) : new PostgresReader(settings);
}

export interface DatabaseAccessHandle extends DatabaseAccess {
  /** Closes the embedded databases this emulator used (unless another emulator in the process still uses them). */
  close(): Promise<void>;
}

const PREVIEW_ROWS = 10;

/** What `test` and `explore` refuse, as the Flow Service's `1100-400`. */
function refuse(request: EmulatorRequest, error: unknown, context: string): never {
  if (error instanceof UnsupportedDatabaseError) invalid(request, error.message);
  if (error instanceof DatabaseError) invalid(request, `${context}: ${error.message}`);
  throw error;
}

async function withReader<T>(connection: DatabaseConnection, request: EmulatorRequest, options: ReaderOptions, context: string, fn: (reader: DatabaseReader) => Promise<T>): Promise<T> {
  let reader: DatabaseReader;
  try {
    reader = openReader(connection.spec.id, connection.auth, options);
  } catch (error) {
    refuse(request, error, context);
  }
  try {
    return await fn(reader);
  } catch (error) {
    refuse(request, error, context);
  } finally {
    await reader.close().catch(() => {});
  }
}

/** The Flow Service's access to real databases (createFlowService's second argument). */
export function createDatabaseAccess(options: ReaderOptions): DatabaseAccessHandle {
  const release = holdEmbeddedDatabases(options.dataDir);
  const label = (connection: DatabaseConnection) => productName(connection.spec.id);

  return {
    test: (connection, request) =>
      withReader(connection, request, options, `cannot connect to the ${label(connection)} database`, async (reader) => {
        await reader.test();
        return { result: true };
      }),

    explore: (connection, query, request) => {
      const objectType = query.get('objectType')?.trim().toLowerCase();
      if (objectType === undefined || objectType === '') invalid(request, 'objectType is required: root (to list tables) or table (with object=schema.table)');
      if (objectType === 'root') {
        return withReader(connection, request, options, `cannot list the tables of the ${label(connection)} database`, async (reader) =>
          (await reader.listTables()).map((t) => ({ type: 'table', name: t.path, path: t.path, canPreview: true, canFetchSchema: true })),
        );
      }
      if (objectType !== 'table') invalid(request, `objectType ${query.get('objectType') ?? ''} is not supported for ${label(connection)} connections: use root or table`);
      const object = query.get('object')?.trim();
      if (!object) invalid(request, 'object is required with objectType=table: the table path as objectType=root lists it (schema.table)');
      const preview = query.get('preview')?.trim().toLowerCase() === 'true';
      return withReader(connection, request, options, `cannot explore ${object}`, async (reader) => {
        const columns = await reader.describeTable(object);
        const body: { format: string; schema: { columns: unknown[] }; data?: unknown[] } = { format: 'flat', schema: { columns: columns.map(publicColumn) } };
        if (preview) {
          const data: unknown[] = [];
          // An integer column (usually the key), else a timestamp, else the first, orders the preview, so that it
          // is the same every time.
          const order = columns.find((c) => c.type === 'long') ?? columns.find((c) => c['meta:xdmType'] === 'date-time') ?? columns[0];
          for await (const batch of reader.readRows(object, { deltaColumn: order?.name ?? '', batchSize: PREVIEW_ROWS })) {
            for (const row of batch) data.push(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, jsonSafe(v)])));
            break;
          }
          body.data = data;
        }
        return body;
      });
    },

    close: release,
  };
}
