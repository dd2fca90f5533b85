// `connection create` end to end against the emulator and the real MariaDB and PostgreSQL: the documented
// connection-string form (no trailing `;`) is accepted and explore then works; a URL-form string is refused with
// exit 2 before anything is created; `--test` with a wrong password or port deletes the connection again (exit 1).

import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { createTestDatabase, databaseServer, describeWith, type ServerKind, type TestDatabase } from '../helpers/databases.js';
import { emulatorEnv, SERVICES, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

interface Backend {
  label: string;
  kind: ServerKind;
  /** The `--spec` names this server answers for. */
  specs: string[];
  table: (db: TestDatabase) => string;
  createTable: string;
  url: (db: TestDatabase) => string;
  /** A change of settings the server refuses, and the words of its refusal. */
  wrong: { settings: { password?: string; port?: number }; says: RegExp };
}

const WRONG_PASSWORD = 'wrong-Pa55-4d1f';

const BACKENDS: Backend[] = [
  {
    label: 'MariaDB',
    kind: 'mariadb',
    // MySQL's spec has the pattern that wants the trailing `;`: the mysql2 driver reads MariaDB for it too.
    specs: ['mariadb', 'mysql'],
    table: (db) => `${db.name}.customers`,
    createTable: 'CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(100))',
    url: (db) => `mysql://${db.server.address.user}:${WRONG_PASSWORD}@${db.server.address.host}:${db.server.address.port}/${db.name}`,
    wrong: { settings: { password: WRONG_PASSWORD }, says: /Access denied/ },
  },
  {
    label: 'PostgreSQL',
    kind: 'postgres',
    specs: ['postgresql'],
    table: () => 'public.customers',
    createTable: 'CREATE TABLE public.customers (id integer PRIMARY KEY, email text)',
    url: (db) => `postgresql://${db.server.address.user}:${WRONG_PASSWORD}@${db.server.address.host}:${db.server.address.port}/${db.name}`,
    // The test server trusts every password: a port nobody listens on is what it cannot get past.
    wrong: { settings: { port: 1 }, says: /cannot reach the database server|ECONNREFUSED/ },
  },
];

for (const backend of BACKENDS) {
  const server = await databaseServer(backend.kind);
  describeWith(server, `connection create against ${backend.label}`, () => {
    let db: TestDatabase;
    let e: TestEmulator;
    const cwd = tempDir();
    const flowctl = (stdin: string, ...argv: string[]) => runCli(argv, { env: emulatorEnv(e), bareEnv: true, cwd, stdin });
    const connectionPosts = () => e.exchanges.filter((x) => x.method === 'POST' && x.url.startsWith(`${SERVICES.flow}/connections`)).length;

    beforeAll(async () => {
      db = await createTestDatabase(server);
      await db.exec(backend.createTable);
      e = await startTestEmulator();
    });
    afterAll(async () => {
      await e?.close();
      await db?.drop();
    });

    it.each(backend.specs)('--spec %s: the documented form without its trailing ; is created, tested and explored', async (spec) => {
      const documented = db.connectionString().replace(/;$/, '');
      const created = await flowctl(documented, 'connection', 'create', '--spec', spec, '--connection-string-file', '-', '--test');
      expect(created.code, created.stderr).toBe(0);
      expect(created.stderr).toContain('Tested: the Platform reached the database');
      const id = created.stdout.trim();
      const explored = await flowctl('', 'connection', 'explore', id);
      expect(explored.code, explored.stderr).toBe(0);
      expect(explored.stdout).toContain(backend.table(db));
    });

    it('a URL-form string exits 2 naming the problem, and nothing is created', async () => {
      const before = connectionPosts();
      const result = await flowctl(backend.url(db), 'connection', 'create', '--spec', backend.specs[0] ?? '', '--connection-string-file', '-');
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^error: --connection-string: is a URL \((mysql|postgresql):\/\/…\), not Key=Value parts separated by ; — (MariaDB|PostgreSQL) expects Server=/);
      expect(result.stderr).not.toContain(WRONG_PASSWORD);
      expect(connectionPosts()).toBe(before);
    });

    it('--test with settings the database refuses deletes the connection again and exits 1', async () => {
      const wrong = db.connectionString(backend.wrong.settings).replace(/;$/, '');
      const result = await flowctl(wrong, 'connection', 'create', '--spec', backend.specs[0] ?? '', '--connection-string-file', '-', '--test', '--name', 'refused');
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      const id = /^error: connection (\S+) failed its test, so it was deleted again: /.exec(result.stderr)?.[1];
      expect(id, result.stderr).toBeDefined();
      expect(result.stderr).toMatch(backend.wrong.says);
      expect(result.stderr).not.toContain(WRONG_PASSWORD);
      expect(e.exchanges.some((x) => x.method === 'DELETE' && x.url === `${SERVICES.flow}/connections/${id}` && x.status === 204)).toBe(true);
      expect((await e.api('GET', `${SERVICES.flow}/connections/${id}`)).status).toBe(404);
      const listed = await flowctl('', 'connection', 'list', '--json');
      expect((JSON.parse(listed.stdout) as { name: string }[]).map((c) => c.name)).not.toContain('refused');
    });
  });
}
