// Ingestion benchmark: an emulator run over N PostgreSQL rows (default 1,000,000), next to a plain `pg`
// cursor streaming the same rows, and the emulator's peak memory.
//
//   node bench/ingest.mjs [--rows N] [--json]
//
// Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth; FLOWCTL_BENCH_PG=host:port:user:password to
// change) and a built flowctl (npm run build). The emulator runs as its own process so that its peak RSS
// (VmHWM) is its own; the figure is Linux-only.

import { spawn } from 'node:child_process';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import Cursor from 'pg-cursor';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const rows = Number(args[args.indexOf('--rows') + 1] ?? 0) || 1_000_000;
const json = args.includes('--json');
const [host = '127.0.0.1', port = '5432', user = 'postgres', password = ''] = (process.env.FLOWCTL_BENCH_PG ?? '').split(':').filter((_, i, a) => a.length > 1);
const database = 'flowctl_bench';
const log = (line) => json || process.stderr.write(`${line}\n`);

async function prepare() {
  const admin = new pg.Client({ host, port: Number(port), user, password, database: 'postgres' });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const client = new pg.Client({ host, port: Number(port), user, password, database });
  await client.connect();
  await client.query(`CREATE TABLE public.people (id integer PRIMARY KEY, full_name text, email text, birth_date text, score double precision, updated_at timestamp(3))`);
  await client.query(
    `INSERT INTO public.people SELECT g, 'Person ' || g, 'p' || g || '@example.com',
       to_char(date '1950-01-01' + (g % 20000), 'YYYY-MM-DD'), g / 7.0, timestamp '2025-01-01' + g * interval '1 second'
     FROM generate_series(1, $1) AS g`,
    [rows],
  );
  await client.query('CREATE INDEX people_updated_at ON public.people (updated_at)');
  await client.query('ANALYZE public.people');
  await client.end();
}

/** What a plain driver does: one cursor over the same ordered, bounded SELECT, 1,000 rows at a time. */
async function plainCursor() {
  const client = new pg.Client({ host, port: Number(port), user, password, database });
  await client.connect();
  const started = performance.now();
  const cursor = client.query(new Cursor('SELECT id, full_name, email, birth_date, score, updated_at FROM public.people WHERE updated_at <= $1 ORDER BY updated_at', [new Date()]));
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

function startEmulator(dataDir) {
  const child = spawn(process.execPath, [...(process.env.FLOWCTL_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), join(root, 'bin/flowctl.js'), 'emulator', 'start', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const lines = out.split('\n');
      if (lines.length > 6) resolve({ child, settings: Object.fromEntries(lines.slice(0, 6).map((l) => l.split(/=(.*)/s).slice(0, 2))) });
    });
    child.on('error', reject);
  });
}

function peakRssMb(pid) {
  try {
    const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return undefined;
  }
}

async function emulatorRun() {
  const { createPlatformClient, DATA_LAKE_SPEC_ID, CRM_TO_AEP_FLOW_SPEC_ID, XED_FULL_V1, XDM_PROFILE_CLASS, XDM_PROFILE_PERSON_DETAILS, XDM_PROFILE_PERSONAL_DETAILS } =
    await import(join(root, 'dist/index.js'));
  const dataDir = mkdtempSync(join(tmpdir(), 'flowctl-bench-'));
  const { child, settings } = await startEmulator(dataDir);
  try {
    const aep = await createPlatformClient({
      sandbox: 'dev',
      orgId: settings.AEP_IMS_ORG,
      clientId: settings.AEP_API_KEY,
      clientSecret: settings.AEP_CLIENT_SECRET,
      platformUrl: settings.AEP_PLATFORM_URL,
      imsUrl: settings.AEP_IMS_URL,
    });
    const fs = aep.flowService;
    const connection = await fs.createConnection({
      name: 'bench',
      auth: { specName: 'Connection String Based Authentication', params: { connectionString: `Server=${host};Database=${database};Port=${port};UID=${user};Password=${password}` } },
      connectionSpec: { id: '74a1c565-4e59-48d7-9d67-7c03b8a13137', version: '1.0' },
    });
    const source = await fs.createSourceConnection({
      name: 'bench people',
      baseConnectionId: connection.id,
      connectionSpec: { id: '74a1c565-4e59-48d7-9d67-7c03b8a13137', version: '1.0' },
      data: { format: 'tabular' },
      params: { tableName: 'public.people' },
    });
    const schema = await aep.schemaRegistry.createSchema({
      type: 'object',
      title: 'bench people',
      description: 'bench',
      allOf: [{ $ref: XDM_PROFILE_CLASS }, { $ref: XDM_PROFILE_PERSON_DETAILS }, { $ref: XDM_PROFILE_PERSONAL_DETAILS }],
    });
    const datasetId = await aep.catalog.createDataset({ name: 'bench people', schemaRef: { id: schema.$id, contentType: XED_FULL_V1 } });
    const target = await fs.createTargetConnection({
      name: 'bench target',
      connectionSpec: { id: DATA_LAKE_SPEC_ID, version: '1.0' },
      data: { format: 'parquet_xdm', schema: { id: schema.$id, version: XED_FULL_V1 } },
      params: { dataSetId: datasetId },
    });
    const mapping = await aep.dataPrep.createMappingSet({
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
    const flow = await fs.createFlow({
      name: 'bench flow',
      flowSpec: { id: CRM_TO_AEP_FLOW_SPEC_ID, version: '1.0' },
      sourceConnectionIds: [source.id],
      targetConnectionIds: [target.id],
      transformations: [
        { name: 'Copy', params: { deltaColumn: { name: 'updated_at' } } },
        { name: 'Mapping', params: { mappingId: mapping.id, mappingVersion: String(mapping.version) } },
      ],
      scheduleParams: { startTime: Math.floor(Date.now() / 1000), frequency: 'once' },
    });
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
      peakRssMb: peakRssMb(child.pid),
    };
  } finally {
    child.kill('SIGTERM');
  }
}

log(`Preparing ${rows.toLocaleString('en')} rows in PostgreSQL ${host}:${port}/${database}…`);
await prepare();
log('Plain pg cursor…');
const plain = await plainCursor();
log('Emulator run…');
const emulator = await emulatorRun();
const result = {
  rows,
  plainCursor: { rowsPerSecond: Math.round(plain.count / plain.seconds), seconds: +plain.seconds.toFixed(2) },
  emulator: {
    status: emulator.status,
    records: emulator.records,
    rowsPerSecond: Math.round(rows / emulator.seconds),
    seconds: +emulator.seconds.toFixed(2),
    wallSeconds: +emulator.wall.toFixed(2),
    peakRssMb: emulator.peakRssMb ?? null,
  },
  ratio: +(plain.seconds / emulator.seconds).toFixed(2),
};
if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
else {
  process.stdout.write(
    [
      `rows                          ${rows.toLocaleString('en')}`,
      `plain pg cursor               ${result.plainCursor.rowsPerSecond.toLocaleString('en')} rows/s (${result.plainCursor.seconds} s)`,
      `emulator run (read+map+write) ${result.emulator.rowsPerSecond.toLocaleString('en')} rows/s (${result.emulator.seconds} s, ${emulator.status})`,
      `ratio emulator / plain        ${result.ratio}×  (goal ≥ 0.5)`,
      `emulator peak RSS             ${result.emulator.peakRssMb ?? 'n/a'} MB  (goal ≤ 300)`,
    ].join('\n') + '\n',
  );
}
