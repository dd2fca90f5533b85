// Bulk: `flowctl apply --concurrency N` of a file of `tables` entries (prefixes over the two tables of the bench
// database) against an emulator limiting each client to `rateLimit` requests per second. Each run uses a fresh
// emulator (in memory) and counts the requests in its --request-log: all of them (429 answers included) and the
// successful ones (what the rate limit lets through). The floor is successful requests ÷ rate; the figure is
// wall time ÷ that floor. Next to it, the throttled share: 429 answers ÷ all Platform requests (a client that
// paces itself is rarely throttled; one that finds the limit by hitting it is throttled often). Failed tables come from apply's --json summary. IMS token requests are not rate
// limited and are left out of the counts.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, flowctl, flowctlEnv, futureStart, median, prepareSmallDatabase, round, startEmulator, tempDir } from './lib.mjs';

const TABLES = ['public.people', 'public.orders'];

function manifest(tables) {
  const lines = [
    'version: 1',
    'connection:',
    '  spec: postgresql',
    '  connectionString: ${FLOWCTL_BENCH_DB_URL}',
    '  name: bench bulk connection',
    'defaults:',
    `  schedule: { frequency: day, interval: 1, startTime: ${futureStart()} }`,
    'tables:',
  ];
  for (let i = 0; i < tables; i++) lines.push(`  - table: ${TABLES[i % TABLES.length]}`, `    name: bulk ${String(i + 1).padStart(4, '0')}`);
  return `${lines.join('\n')}\n`;
}

function countRequests(logFile) {
  const entries = readFileSync(logFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .filter((e) => !e.path.startsWith('/ims/'));
  return {
    total: entries.length,
    successful: entries.filter((e) => e.status !== null && e.status < 400).length,
    throttled: entries.filter((e) => e.status === 429).length,
    otherErrors: entries.filter((e) => e.status === null || (e.status >= 400 && e.status !== 429)).length,
  };
}

async function applyOnce({ tables, rateLimit, concurrency, connectionString, dir, label }) {
  const runDir = join(dir, label);
  const file = join(dir, `${label}.yaml`);
  writeFileSync(file, manifest(tables));
  const requestLog = join(dir, `${label}.requests.jsonl`);
  const emulator = await startEmulator({ rateLimit, requestLog });
  let result;
  try {
    const env = flowctlEnv(emulator.settings, join(runDir, 'cache'), { FLOWCTL_BENCH_DB_URL: connectionString });
    // Exit 1 when a table failed: counted below, not an error of the benchmark.
    result = await flowctl(['apply', '-f', file, '--concurrency', String(concurrency), '--json'], { env, cwd: dir, expect: [0, 1] });
  } finally {
    await emulator.stop(); // flushes the request log
  }
  const summary = JSON.parse(result.stdout);
  const requests = countRequests(requestLog);
  const failed = summary.tables.filter((t) => t.status !== 'ok');
  return { ms: result.ms, requests, failed: failed.length, firstFailure: failed[0]?.error, clientRequests: summary.requests, tables: summary.tables.length };
}

/** A run's 429 answers ÷ all its Platform requests. */
const share = (s) => (s.requests.total === 0 ? 0 : s.requests.throttled / s.requests.total);

export async function benchBulk({ runs, tables, rateLimit, concurrency, log }) {
  const { connectionString } = await prepareSmallDatabase();
  const dir = tempDir('bulk');
  try {
    log(`Bulk: warm-up apply of ${Math.min(tables, 10)} tables, then ${runs} × apply of ${tables} tables at --rate-limit ${rateLimit}, --concurrency ${concurrency}…`);
    await applyOnce({ tables: Math.min(tables, 10), rateLimit, concurrency, connectionString, dir, label: 'warm-up' });
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const s = await applyOnce({ tables, rateLimit, concurrency, connectionString, dir, label: `run-${i}` });
      log(`  run ${i + 1}: ${(s.ms / 1000).toFixed(1)} s, ${s.requests.successful} successful + ${s.requests.throttled} throttled requests (${(share(s) * 100).toFixed(1)}%), ${s.failed} failed tables`);
      if (s.firstFailure) log(`  first failure: ${s.firstFailure}`);
      samples.push(s);
    }
    const wallMs = median(samples.map((s) => s.ms));
    const successful = median(samples.map((s) => s.requests.successful));
    const floorMs = (successful / rateLimit) * 1000;
    return {
      runs,
      tables,
      rateLimit,
      concurrency,
      wallSeconds: round(wallMs / 1000, 1),
      floorSeconds: round(floorMs / 1000, 1),
      ratio: round(wallMs / floorMs),
      requestsTotal: median(samples.map((s) => s.requests.total)),
      requestsSuccessful: successful,
      requests429: median(samples.map((s) => s.requests.throttled)),
      // The median of each run's share, in per cent.
      throttledPercent: round(median(samples.map(share)) * 100, 1),
      requestsOtherErrors: median(samples.map((s) => s.requests.otherErrors)),
      requestsPerTable: round(successful / tables, 1),
      requestsPerTableTotal: round(median(samples.map((s) => s.requests.total)) / tables, 1),
      failedTables: Math.max(...samples.map((s) => s.failed)),
    };
  } finally {
    cleanup(dir);
  }
}
