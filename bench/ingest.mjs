// Ingestion: an emulator run over N PostgreSQL rows (default 1,000,000), next to a plain `pg` cursor streaming
// the same rows, and the emulator's peak memory. Part of `npm run bench`; also runs on its own:
//
//   node bench/ingest.mjs [--rows N] [--runs N] [--json]
//
// Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth; FLOWCTL_BENCH_PG=host:port:user:password to
// change) and a built flowctl (npm run build). Each emulator run is a fresh emulator process (state in a
// temporary folder) so that its peak RSS (VmHWM) is its own; that figure is Linux-only. The plain cursor is
// run once first as a warm-up (PostgreSQL's cache), then once per run; figures are medians.

import { pathToFileURL } from 'node:url';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { cleanup, DB_PREFIX, dropDatabase, libraryClient, median, pgAddress, pgConnectionString, POSTGRES_SPEC, recreateDatabase, round, startEmulator, tempDir } from './lib.mjs';

const DATABASE = `${DB_PREFIX}_ingest`;
const SELECT = 'SELECT id, full_name, email, birth_date, score, updated_at FROM public.people WHERE updated_at <= $1 ORDER BY updated_at';

async function prepare(rows) {
  await recreateDatabase(DATABASE, [
    'CREATE TABLE public.people (id integer PRIMARY KEY, full_name text, email text, birth_date text, score double precision, updated_at timestamp(3))',
    [
      `INSERT INTO public.people SELECT g, 'Person ' || g, 'p' || g || '@example.com',
         to_char(date '1950-01-01' + (g % 20000), 'YYYY-MM-DD'), g / 7.0, timestamp '2025-01-01' + g * interval '1 second'
       FROM generate_series(1, $1) AS g`,
      [rows],
    ],
    'CREATE INDEX people_updated_at ON public.people (updated_at)',
    'ANALYZE public.people',
  ]);
}

/** What a plain driver does: one cursor over the same ordered, bounded SELECT, 1,000 rows at a time. */
async function plainCursor() {
  const client = new pg.Client({ ...pgAddress(), database: DATABASE });
  await client.connect();
  const started = performance.now();
  const cursor = client.query(new Cursor(SELECT, [new Date()]));
  let count = 0;
  for (;;) {
    const batch = await cursor.read(1000);
    if (batch.length === 0) break;
    count += batch.length;
  }
  const seconds = (performance.now() - started) / 1000;
  await cursor.close();
  await client.end();
  return { count, seconds };
}

/** One flow run of the whole table in a fresh emulator process; its duration as the run reports it. */
async function emulatorRun() {
  const { DATA_LAKE_SPEC_ID, CRM_TO_AEP_FLOW_SPEC_ID, XED_FULL_V1, XDM_PROFILE_CLASS, XDM_PROFILE_PERSON_DETAILS, XDM_PROFILE_PERSONAL_DETAILS } = await import('../dist/index.js');
  const dataDir = tempDir('ingest');
  const emulator = await startEmulator({ dataDir });
  try {
    const aep = await libraryClient(emulator.settings, undefined);
    const fs = aep.flowService;
    const connection = await fs.connections.create({
      name: 'bench',
      auth: { specName: 'Connection String Based Authentication', params: { connectionString: pgConnectionString(DATABASE) } },
      connectionSpec: { id: POSTGRES_SPEC, version: '1.0' },
    });
    const source = await fs.sourceConnections.create({
      name: 'bench people',
      baseConnectionId: connection.id,
      connectionSpec: { id: POSTGRES_SPEC, version: '1.0' },
      data: { format: 'tabular' },
      params: { tableName: 'public.people' },
    });
    const schema = await aep.schemaRegistry.schemas.create({
      type: 'object',
      title: 'bench people',
      description: 'bench',
      allOf: [{ $ref: XDM_PROFILE_CLASS }, { $ref: XDM_PROFILE_PERSON_DETAILS }, { $ref: XDM_PROFILE_PERSONAL_DETAILS }],
    });
    const datasetId = await aep.catalog.datasets.create({ name: 'bench people', schemaRef: { id: schema.$id, contentType: XED_FULL_V1 } });
    const target = await fs.targetConnections.create({
      name: 'bench target',
      connectionSpec: { id: DATA_LAKE_SPEC_ID, version: '1.0' },
      data: { format: 'parquet_xdm', schema: { id: schema.$id, version: XED_FULL_V1 } },
      params: { dataSetId: datasetId },
    });
    const mapping = await aep.dataPrep.mappingSets.create({
      name: 'bench mapping',
      outputSchema: { schemaRef: { id: schema.$id, contentType: XED_FULL_V1 } },
      mappings: [
        { sourceType: 'ATTRIBUTE', source: 'id', destination: '_id' },
        { sourceType: 'ATTRIBUTE', source: 'full_name', destination: 'person.name.fullName' },
        { sourceType: 'ATTRIBUTE', source: 'email', destination: 'personalEmail.address' },
        { sourceType: 'ATTRIBUTE', source: 'birth_date', destination: 'person.birthDate' },
      ],
    });
    const started = performance.now();
    const flow = await fs.flows.create({
      name: 'bench flow',
      flowSpec: { id: CRM_TO_AEP_FLOW_SPEC_ID, version: '1.0' },
      sourceConnectionIds: [source.id],
      targetConnectionIds: [target.id],
      transformations: [
        { name: 'Copy', params: { deltaColumn: { name: 'updated_at' } } },
        { name: 'Mapping', params: { mappingId: mapping.id, mappingVersion: String(mapping.version) } },
      ],
      scheduleParams: { startTime: Math.floor(Date.now() / 1000), frequency: 'once' },
      // The mapping names the bench table's columns: the create's column checks would only add round trips.
    }, { checked: true });
    let run;
    for (;;) {
      for await (const r of fs.runs.list({ filters: [`flowId==${flow.id}`], maxItems: 10 })) run = r;
      const status = run?.metrics?.statusSummary?.status;
      if (status === 'success' || status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const wall = (performance.now() - started) / 1000;
    const d = run.metrics.durationSummary;
    return {
      status: run.metrics.statusSummary.status,
      records: run.metrics.recordSummary,
      seconds: (d.completedAtUTC - d.startedAtUTC) / 1000,
      wall,
      peakRssMb: emulator.peakRssMb(),
    };
  } finally {
    await emulator.stop();
    cleanup(dataDir);
  }
}

export async function benchIngest({ rows, runs, log, keepDatabase = false }) {
  log(`Ingestion: preparing ${rows.toLocaleString('en')} rows in PostgreSQL (database ${DATABASE})…`);
  await prepare(rows);
  try {
    log('  plain pg cursor (warm-up)…');
    await plainCursor();
    const plain = [];
    const emulator = [];
    for (let i = 0; i < runs; i++) {
      plain.push(await plainCursor());
      log(`  run ${i + 1}/${runs}: plain cursor ${plain[i].seconds.toFixed(2)} s; emulator run…`);
      const e = await emulatorRun();
      if (e.status !== 'success') throw new Error(`the emulator run ended ${e.status}: ${JSON.stringify(e.records)}`);
      if (e.records?.inputRecordCount !== undefined && e.records.inputRecordCount !== rows) throw new Error(`the emulator run read ${e.records.inputRecordCount} rows, not ${rows}`);
      log(`  run ${i + 1}/${runs}: emulator ${e.seconds.toFixed(2)} s, peak RSS ${e.peakRssMb?.toFixed(0) ?? 'n/a'} MB`);
      emulator.push(e);
    }
    const plainSeconds = median(plain.map((p) => p.seconds));
    const emulatorSeconds = median(emulator.map((e) => e.seconds));
    return {
      runs,
      rows,
      plainRowsPerSecond: Math.round(rows / plainSeconds),
      plainSeconds: round(plainSeconds),
      emulatorRowsPerSecond: Math.round(rows / emulatorSeconds),
      emulatorSeconds: round(emulatorSeconds),
      emulatorWallSeconds: round(median(emulator.map((e) => e.wall))),
      ratio: round(plainSeconds / emulatorSeconds),
      emulatorPeakRssMb: round(median(emulator.map((e) => e.peakRssMb)), 0),
      records: emulator.at(-1).records,
    };
  } finally {
    if (!keepDatabase) await dropDatabase(DATABASE);
  }
}

// On its own: node bench/ingest.mjs [--rows N] [--runs N] [--json]
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const value = (flag, fallback) => (args.includes(flag) ? Number(args[args.indexOf(flag) + 1]) : fallback);
  const json = args.includes('--json');
  const result = await benchIngest({ rows: value('--rows', 1_000_000), runs: value('--runs', 1), log: (line) => process.stderr.write(`${line}\n`) });
  if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    process.stdout.write(
      [
        `rows                          ${result.rows.toLocaleString('en')}`,
        `plain pg cursor               ${result.plainRowsPerSecond.toLocaleString('en')} rows/s (${result.plainSeconds} s)`,
        `emulator run (read+map+write) ${result.emulatorRowsPerSecond.toLocaleString('en')} rows/s (${result.emulatorSeconds} s)`,
        `ratio emulator / plain        ${result.ratio}×  (goal ≥ 0.5)`,
        `emulator peak RSS             ${result.emulatorPeakRssMb ?? 'n/a'} MB  (goal ≤ 300)`,
      ].join('\n') + '\n',
    );
  }
}
