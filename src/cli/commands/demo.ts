// flowctl demo — the whole job on a fresh machine, with no credentials, servers or network: start the emulator
// in-process with its embedded demo database, onboard `crm.customers`, let the first run happen, and show what
// came of it (every id, the run's metrics, why rows were rejected, the first records ingested).

import type { CommandContext } from '../context.js';
import type { PlatformClient } from '../../platform/client.js';
import type { RejectedRow } from '../../platform/models/data-access.js';
import type { Run } from '../../platform/models/flow-service.js';
import { formatFields, formatTable } from '../../output/table.js';
import { KIND_LABELS } from '../../onboard/types.js';
import { flatten } from './dataset.js';
import { runDuration, runOutcome, runRecords } from '../describe.js';
import { example } from '../options.js';
import type { Program } from '../program.js';
import type { FlagsOf, Runner } from '../runner.js';

const DEMO_TABLE = 'crm.customers';
const POSTGRESQL_SPEC = '74a1c565-4e59-48d7-9d67-7c03b8a13137';

async function firstRun(client: PlatformClient, flowId: string, ctx: CommandContext): Promise<Run> {
  const deadline = ctx.now() + 120_000;
  for (;;) {
    let latest: Run | undefined;
    for await (const run of client.flowService.runs.list({ filters: [`flowId==${flowId}`], maxItems: 10 })) latest = run;
    if (latest && runOutcome(latest) !== 'pending') return latest;
    if (ctx.now() > deadline) throw new Error('the first run did not finish within two minutes');
    await (ctx.io.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms))))(250);
  }
}

async function take<T>(items: AsyncIterable<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  if (n <= 0) return out;
  for await (const item of items) {
    out.push(item);
    if (out.length >= n) break;
  }
  return out;
}

interface DemoSummary {
  resources: Array<{ kind: keyof typeof KIND_LABELS; id?: string | undefined }>;
  run: Run;
  rejected: RejectedRow[];
  records: Record<string, unknown>[];
}

/** The demo's story for a terminal: the chain, the first run, why rows were rejected, the first records. */
function renderDemo(ctx: CommandContext, { resources, run, rejected, records }: DemoSummary, batchId: string | undefined): string {
  const bold = ctx.out.style.bold;
  // Aligned even in a pipe (the demo is read, not parsed), and cut to the width of a terminal.
  const layout = ctx.out.tableLayout || true;
  const chain = formatTable(
    resources,
    [
      { header: 'resource', value: (r) => KIND_LABELS[r.kind] },
      { header: 'id', value: (r) => r.id },
    ],
    layout,
    bold,
  );
  const metrics = formatFields(
    [
      ['Run', run.id],
      ['Status', run.metrics?.statusSummary?.status],
      ['Records', runRecords(run)],
      ['Duration', runDuration(run)],
      ['Batch', batchId],
    ],
    ctx.out.style.dim,
  );
  // Each rejected row is named by its first column (the table's key) and the value that failed.
  const reasons = rejected.map(({ row, errors }) => {
    const [key, value] = Object.entries(row)[0] ?? ['row', '?'];
    return `  ${key} ${String(value)}: ${errors.map((e) => e.message).join('; ')}`;
  });
  const rows = records.map((r) => flatten(r));
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const preview = formatTable(rows, columns.map((col) => ({ header: col, value: (r: Record<string, unknown>) => r[col] as string | undefined })), layout, bold);
  return [
    bold(`The chain for ${DEMO_TABLE}`),
    chain,
    bold('The first run'),
    metrics,
    ...(reasons.length > 0 ? [bold('Why rows were rejected (first 5)'), `${reasons.join('\n')}\n`] : []),
    ...(rows.length > 0 ? [bold(`The first ${rows.length} records ingested`), preview] : []),
  ].join('\n');
}

async function demo(ctx: CommandContext, flags: FlagsOf<typeof defineDemo>): Promise<number> {
  const shown = Math.max(0, Math.min(100, Number(flags.records) || 0));
  const started = ctx.now();
  const say = (line: string) => ctx.out.info(line);
  say('Starting the Platform emulator with its embedded demo database (no network, no credentials)…');
  const [{ startEmulator }, { createPlatformClient }, { onboardTable }] = await Promise.all([
    import('../../emulator/server.js'),
    import('../../platform/client.js'),
    import('../../onboard/onboard.js'),
  ]);
  const emulator = await startEmulator({ port: 0, inMemory: true, ...(ctx.io.now && { now: ctx.io.now }) });
  try {
    const c = emulator.credentials;
    const client = await createPlatformClient({
      sandbox: 'dev',
      orgId: c.orgId,
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      platformUrl: emulator.url,
      imsUrl: emulator.url,
      ...(ctx.globals.debug && { log: (line: string) => ctx.io.stderr.write(`${ctx.out.errStyle.dim(line)}\n`) }),
    });

    say(`Onboarding ${DEMO_TABLE} (the first look at the embedded database takes a few seconds)…`);
    const result = await onboardTable(
      client,
      {
        connection: { specId: POSTGRESQL_SPEC, params: { connectionString: 'Server=embedded;Database=demo' }, name: 'Demo CRM' },
        table: DEMO_TABLE,
        prefix: 'demo crm.customers',
        schedule: { startTime: Math.floor(ctx.now() / 1000), frequency: 'hour', interval: 1 },
        // Some demo rows carry impossible birth dates: tolerate them, and keep them to show why they failed.
        options: { partialIngestionPercent: 1, errorDiagnosticsEnabled: true },
      },
      {
        mode: 'apply',
        events: {
          onStep: (_kind, phase, outcome) => {
            if (phase === 'done' && outcome) say(`  ${ctx.out.errStyle.green('✓')} ${KIND_LABELS[outcome.kind]} ${outcome.id ?? ''}`);
          },
        },
      },
    );

    say('Waiting for the first run of the flow…');
    const run = await firstRun(client, result.ids.flow as string, ctx);
    const batchId = (run.activities ?? [])
      .flatMap((a) => ((a['targetInfo'] as { reference?: { ids?: string[] } }[] | undefined) ?? []).flatMap((t) => t.reference?.ids ?? []))
      .at(0);
    const rejected = batchId ? await take(client.dataAccess.batches.errors(batchId), 5) : [];
    const records = batchId && runOutcome(run) === 'success' ? await take(client.dataAccess.batches.records(batchId), shown) : [];
    const seconds = ((ctx.now() - started) / 1000).toFixed(1);

    const summary = { ids: result.ids, resources: result.resources, run, rejected, records, seconds: Number(seconds) };
    ctx.out.result(summary, () => renderDemo(ctx, summary, batchId));
    say(`Done in ${seconds} s.`);

    if (flags.keep) {
      ctx.io.stdout.write(
        `\nThe emulator keeps running: put these in .env (or export them) and use flowctl as on the Platform:\n` +
          [
            `AEP_PLATFORM_URL=${emulator.url}`,
            `AEP_IMS_URL=${emulator.url}`,
            `AEP_API_KEY=${c.clientId}`,
            `AEP_CLIENT_SECRET=${c.clientSecret}`,
            `AEP_IMS_ORG=${c.orgId}`,
            'AEP_SANDBOX_NAME=dev',
          ].join('\n') +
          '\n',
      );
      say('Ctrl-C stops it.');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
    }
    return runOutcome(run) === 'success' ? 0 : 1;
  } finally {
    await emulator.close();
  }
}

function defineDemo(program: Program) {
  return program
    .command('demo')
    .description('The whole job offline: an emulated Platform and database, one table onboarded, its first run shown')
    .option('--records <n>', 'ingested records to show', '5')
    .option('--keep', 'keep the emulator running afterwards, and print the settings to use it')
    .addHelpText('after', example('npx flowctl demo', 'flowctl demo --json | jq .run.metrics.recordSummary', 'flowctl demo --keep'));
}

export function register(program: Program, run: Runner): void {
  defineDemo(program).action(run(demo));
}
