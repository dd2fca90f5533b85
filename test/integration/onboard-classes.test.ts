// flowctl onboard --class profile|event|record [--timestamp COLUMN] against the emulator, from a real MariaDB and
// a real PostgreSQL: orders as XDM ExperienceEvents (`_id` and `timestamp` from the columns, read back from the
// dataset), a lookup table on a record class of its own (made by onboard, deleted by offboard), the default
// (profile when the table has an identity, else record, said in a warning), a schema's class that cannot change,
// and a wrong --timestamp refused before anything is written.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CollectionName } from '../../src/emulator/store.js';
import { type RunOptions, runCli, tempDir } from '../helpers/cli.js';
import { createTestDatabase, databaseServer, describeWith, type TestDatabase } from '../helpers/databases.js';
import { emulatorEnv, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

const EVENT = 'https://ns.adobe.com/xdm/context/experienceevent';
const PROFILE = 'https://ns.adobe.com/xdm/context/profile';
const RECORD = 'https://ns.adobe.com/xdm/data/record';
const COLLECTIONS: CollectionName[] = ['sourceConnections', 'targetConnections', 'flows', 'schemas', 'fieldgroups', 'classes', 'descriptors', 'dataSets', 'mappingSets'];

interface Onboarded {
  ids: Record<string, string>;
  requests: number;
  xdmClass: string;
  resources: { kind: string; action: string; detail?: string }[];
  fields: { column: string; destination: string }[];
  warnings: string[];
}

interface Backend {
  kind: 'mariadb' | 'postgres';
  spec: string;
  schema: (db: TestDatabase) => string;
  tables: string[];
  rows: string[];
}

const BACKENDS: Backend[] = [
  {
    kind: 'mariadb',
    spec: 'mariadb',
    schema: (db) => db.name,
    tables: [
      'CREATE TABLE orders (order_id INT PRIMARY KEY, customer_email VARCHAR(100), amount DECIMAL(10,2), ordered_at DATETIME(3), updated_at DATETIME(3))',
      // CRMToAEP reads changes by a delta column: a lookup table needs one too.
      'CREATE TABLE countries (country_code VARCHAR(2) PRIMARY KEY, name VARCHAR(100), updated_at DATETIME(3))',
      'CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(100), full_name VARCHAR(100), updated_at DATETIME(3))',
    ],
    rows: [
      "INSERT INTO orders VALUES (1001, 'ada@example.com', 25.50, '2026-03-01 09:30:00', '2026-03-02 10:00:00'), (1002, 'alan@example.com', 10.00, '2026-03-01 11:15:00', '2026-03-02 10:00:00')",
      "INSERT INTO countries VALUES ('FR', 'France', '2026-01-01 00:00:00'), ('JP', 'Japan', '2026-01-01 00:00:00')",
      "INSERT INTO customers VALUES (1, 'ada@example.com', 'Ada Lovelace', '2026-01-01 00:00:00')",
    ],
  },
  {
    kind: 'postgres',
    spec: 'postgresql',
    schema: () => 'public',
    tables: [
      'CREATE TABLE public.orders (order_id integer PRIMARY KEY, customer_email text, amount numeric(10,2), ordered_at timestamp(3), updated_at timestamp(3))',
      'CREATE TABLE public.countries (country_code varchar(2) PRIMARY KEY, name text, updated_at timestamp(3))',
      'CREATE TABLE public.customers (id integer PRIMARY KEY, email text, full_name text, updated_at timestamp(3))',
    ],
    rows: [
      "INSERT INTO public.orders VALUES (1001, 'ada@example.com', 25.50, '2026-03-01 09:30:00', '2026-03-02 10:00:00'), (1002, 'alan@example.com', 10.00, '2026-03-01 11:15:00', '2026-03-02 10:00:00')",
      "INSERT INTO public.countries VALUES ('FR', 'France', '2026-01-01 00:00:00'), ('JP', 'Japan', '2026-01-01 00:00:00')",
      "INSERT INTO public.customers VALUES (1, 'ada@example.com', 'Ada Lovelace', '2026-01-01 00:00:00')",
    ],
  },
];

for (const backend of BACKENDS) {
  const server = await databaseServer(backend.kind);
  describeWith(server, `onboard --class, from ${backend.kind}`, () => {
    let db: TestDatabase;
    let e: TestEmulator;
    let connection = '';
    let orders: Onboarded;
    const cwd = tempDir();
    const flowctl = (...argv: string[]) => runCli(argv, { env: emulatorEnv(e), bareEnv: true, cwd, realSleep: true } satisfies RunOptions);
    const table = (name: string) => `${backend.schema(db)}.${name}`;
    const onboard = async (...argv: string[]): Promise<Onboarded> => {
      const result = await flowctl('onboard', '--connection', connection, '--frequency', 'minute', '--json', ...argv);
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout) as Onboarded;
    };
    const stored = <T>(collection: CollectionName, id: string) => e.emulator.store.sandbox('dev')?.collection(collection).all().find((r) => (r as { $id?: string }).$id === id) as T | undefined;
    const counts = () => Object.fromEntries(COLLECTIONS.map((c) => [c, e.emulator.store.sandbox('dev')?.collection(c).size ?? 0]));
    const writes = (from: number) => e.exchanges.slice(from).filter((x) => x.method !== 'GET');
    const ingested = async (ids: Record<string, string>) => {
      const waited = await flowctl('run', 'wait', '--flow', ids['flow'] ?? '', '--timeout', '60s', '--interval', '200ms');
      expect(waited.code, waited.stderr).toBe(0);
      return JSON.parse((await flowctl('dataset', 'preview', ids['dataset'] ?? '', '--json')).stdout) as Record<string, any>[];
    };

    beforeAll(async () => {
      db = await createTestDatabase(server);
      await db.exec(...backend.tables, ...backend.rows);
      e = await startTestEmulator({ timeScale: 900 });
      writeFileSync(join(cwd, 'conn.txt'), db.connectionString());
      const created = await flowctl('connection', 'create', '--spec', backend.spec, '--connection-string-file', 'conn.txt');
      expect(created.code, created.stderr).toBe(0);
      connection = created.stdout.trim();
    });
    afterAll(async () => {
      await e?.close();
      await db?.drop();
    });

    it('--class event: an ExperienceEvent schema; _id and timestamp come from the key and --timestamp columns', async () => {
      orders = await onboard('--table', table('orders'), '--class', 'event', '--timestamp', 'ordered_at');
      expect(orders.xdmClass).toBe('event');
      expect(orders.resources.map((r) => r.kind)).not.toContain('class');
      expect(orders.resources.find((r) => r.kind === 'schema')).toMatchObject({ action: 'create', detail: 'XDM ExperienceEvent + the field group' });
      expect(Object.fromEntries(orders.fields.map((f) => [f.column, f.destination]))).toEqual({
        order_id: '_id',
        customer_email: '_flowctl.customerEmail',
        amount: '_flowctl.amount',
        ordered_at: 'timestamp',
        updated_at: '_flowctl.updatedAt',
      });
      expect(orders.warnings).toEqual([]);
      const schema = stored<Record<string, unknown>>('schemas', orders.ids['schema'] ?? '');
      expect(schema?.['meta:class']).toBe(EVENT);
      expect(stored<Record<string, unknown>>('fieldgroups', orders.ids['fieldGroup'] ?? '')?.['meta:intendedToExtend']).toEqual([EVENT]);
      const descriptor = e.emulator.store.sandbox('dev')?.collection('descriptors').all().find((d) => (d as unknown as Record<string, unknown>)['xdm:sourceSchema'] === orders.ids['schema']);
      expect(descriptor).toMatchObject({ 'xdm:sourceProperty': '/_flowctl/customerEmail', 'xdm:namespace': 'Email', 'xdm:isPrimary': true });

      const records = await ingested(orders.ids);
      expect(records).toHaveLength(2);
      const first = records.find((r) => r['_id'] === '1001');
      expect(first).toMatchObject({ _id: '1001', _flowctl: { customerEmail: 'ada@example.com', amount: 25.5 } });
      expect(new Date(first?.['timestamp']).toISOString()).toBe('2026-03-01T09:30:00.000Z');
      expect(records.find((r) => r['_id'] === '1002')?.['timestamp']).toBeTruthy();
    });

    it('a re-run adopts the event schema, with or without --class; another class is refused plainly, before any write', async () => {
      for (const extra of [['--class', 'event', '--timestamp', 'ordered_at'], []]) {
        const again = await onboard('--table', table('orders'), ...extra);
        expect(again.resources.filter((r) => r.action !== 'adopt'), JSON.stringify(again.resources)).toEqual([]);
        expect(again.xdmClass).toBe('event');
        // As few requests as a profile table's re-run: the class comes with the schema's listing.
        expect(again.requests).toBeLessThanOrEqual(12);
      }
      const at = e.exchanges.length;
      const other = await flowctl('onboard', '--connection', connection, '--table', table('orders'), '--class', 'profile');
      expect(other.code).toBe(2);
      expect(other.stderr).toMatch(/^error: --class: schema "flowctl .*orders schema" is an event schema \(XDM ExperienceEvent\), not a profile schema, and the Platform cannot change a schema's class: offboard the table first/m);
      expect(other.stderr).toContain('or onboard it under another --name');
      expect(writes(at)).toEqual([]);
    });

    it('--dry-run and --preview show the class of the schema they would make', async () => {
      const dry = await flowctl('onboard', '--connection', connection, '--table', table('orders'), '--name', 'orders dry', '--class', 'event', '--dry-run');
      expect(dry.code, dry.stderr).toBe(0);
      expect(`${dry.stdout}${dry.stderr}`).toContain('XDM ExperienceEvent + the field group');
      const preview = await flowctl('onboard', '--connection', connection, '--table', table('orders'), '--name', 'orders preview', '--class', 'event', '--timestamp', 'ordered_at', '--preview', '--json');
      expect(preview.code, preview.stderr).toBe(0);
      const planned = JSON.parse(preview.stdout) as Onboarded & { preview: { rows: { record?: Record<string, unknown>; errors: unknown[] }[] } };
      expect(planned.resources.find((r) => r.kind === 'schema')).toMatchObject({ action: 'create', detail: 'XDM ExperienceEvent + the field group' });
      expect(planned.preview.rows.every((r) => r.errors.length === 0)).toBe(true);
      expect(planned.preview.rows.map((r) => r.record?.['_id']).sort()).toEqual(['1001', '1002']);
    });

    it('a wrong --timestamp is refused with exit 2, and nothing is created', async () => {
      const before = counts();
      const at = e.exchanges.length;
      const notDate = await flowctl('onboard', '--connection', connection, '--table', table('orders'), '--name', 'bad', '--class', 'event', '--timestamp', 'amount');
      expect(notDate.code).toBe(2);
      expect(notDate.stderr).toMatch(/^error: --timestamp: column "amount" is a number column; the timestamp must be a date-time column \(ordered_at, updated_at\)/m);
      const missing = await flowctl('onboard', '--connection', connection, '--table', table('orders'), '--name', 'bad', '--class', 'event', '--timestamp', 'nope');
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('--timestamp: the table has no column "nope"; its date-time columns: ordered_at, updated_at');
      const noClass = await flowctl('onboard', '--connection', connection, '--table', table('orders'), '--name', 'bad', '--timestamp', 'ordered_at');
      expect(noClass.code).toBe(2);
      expect(noClass.stderr).toContain('--timestamp: only an event schema has a timestamp: add --class event');
      expect(writes(at)).toEqual([]);
      expect(counts()).toEqual(before);
    });

    it('--class record: a class of the table\'s own on the record behavior, every column a custom field; offboard deletes the class too', async () => {
      const lookup = await onboard('--table', table('countries'), '--class', 'record');
      expect(lookup.xdmClass).toBe('record');
      expect(lookup.resources.map((r) => [r.kind, r.action])).toEqual([
        ['connection', 'adopt'],
        ['source', 'create'],
        ['class', 'create'],
        ['fieldGroup', 'create'],
        ['schema', 'create'],
        ['identity', 'none'],
        ['dataset', 'create'],
        ['target', 'create'],
        ['mapping', 'create'],
        ['flow', 'create'],
      ]);
      expect(Object.fromEntries(lookup.fields.map((f) => [f.column, f.destination]))).toEqual({ country_code: '_flowctl.countryCode', name: '_flowctl.name', updated_at: '_flowctl.updatedAt' });
      const classId = lookup.ids['class'] ?? '';
      expect(stored<Record<string, unknown>>('classes', classId)).toMatchObject({ title: `flowctl ${table('countries')} class`, 'meta:extends': [RECORD] });
      expect(stored<Record<string, unknown>>('schemas', lookup.ids['schema'] ?? '')?.['meta:class']).toBe(classId);
      const records = await ingested(lookup.ids);
      expect(records.map((r) => r['_flowctl']).sort((a, b) => a.countryCode.localeCompare(b.countryCode))).toMatchObject([
        { countryCode: 'FR', name: 'France' },
        { countryCode: 'JP', name: 'Japan' },
      ]);

      const again = await onboard('--table', table('countries'));
      expect(again.resources.filter((r) => r.action !== 'adopt' && r.kind !== 'identity'), JSON.stringify(again.resources)).toEqual([]);
      expect(again.ids['class']).toBe(classId);

      const gone = await flowctl('offboard', '--table', table('countries'), '--confirm', '--json');
      expect(gone.code, gone.stderr).toBe(0);
      const deleted = (JSON.parse(gone.stdout) as { resources: { kind: string; action: string }[] }).resources.filter((r) => ['schema', 'fieldGroup', 'class'].includes(r.kind));
      expect(deleted.map((r) => [r.kind, r.action])).toEqual([
        ['schema', 'delete'],
        ['fieldGroup', 'delete'],
        ['class', 'delete'],
      ]);
      expect(stored('classes', classId)).toBeUndefined();
    });

    it('the default: profile when the table has an identity (as before), else record, said in a warning', async () => {
      const customers = await onboard('--table', table('customers'));
      expect(customers.xdmClass).toBe('profile');
      expect(customers.warnings).toEqual([]);
      expect(stored<Record<string, unknown>>('schemas', customers.ids['schema'] ?? '')?.['meta:class']).toBe(PROFILE);
      expect(Object.fromEntries(customers.fields.map((f) => [f.column, f.destination]))).toMatchObject({ email: 'personalEmail.address', full_name: 'person.name.fullName', id: '_flowctl.id' });

      const result = await flowctl('onboard', '--connection', connection, '--table', table('countries'), '--name', 'countries default', '--json');
      expect(result.code, result.stderr).toBe(0);
      const lookup = JSON.parse(result.stdout) as Onboarded;
      expect(lookup.xdmClass).toBe('record');
      expect(result.stderr).toMatch(/^warning: .*countries has no column that looks like a person's identity .* so it is onboarded as a record \(lookup\) schema on a class of its own/m);
      expect(stored<Record<string, unknown>>('schemas', lookup.ids['schema'] ?? '')?.['meta:class']).toBe(lookup.ids['class']);
    });
  });
}
