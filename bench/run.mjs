// `npm run bench`: flowctl's performance goals, measured on this machine. Each figure is the median of several
// runs after a warm-up; every flowctl and emulator is its own process (timed with the asynchronous spawn).
//
//   node bench/run.mjs [--json] [--quick] [--only startup,onboard,bulk,ingest,memory]
//                      [--runs N] [--rows N] [--tables N] [--rate-limit R] [--concurrency N] [--latency MS]
//                      [--markdown FILE]
//
//   startup  wall of `flowctl --help` / `--version` / `flow list --help` ÷ `node -e 0` (goal ≤ 1.5×); peak RSS of --help;
//            API commands (`flow list`, `flow get`, `run list`, `dataset get`) ÷ a plain node:http GET script (goal
//            ≤ 1.5×), peak RSS of `flow list` (≤ 50 MB)
//   onboard  sequential round trips of `flowctl onboard` = (wall at --latency MS − wall at 0) ÷ MS
//            (goal ≤ 10 fresh, ≤ 3 re-run); the seed tutorial's calls one after another for comparison
//   bulk     `flowctl apply` of N tables at --rate-limit R: wall ÷ (successful requests ÷ R) (goal ≤ 1.2×,
//            no failed table); requests per table; throttled share, 429s ÷ all requests (goal ≤ 5%)
//   ingest   emulator run over N PostgreSQL rows: rows/s ÷ a plain pg cursor's (goal ≥ 0.5), peak RSS ≤ 300 MB
//   memory   peak RSS of `flowctl onboard` (goal ≤ 80 MB)
//
// Needs a built flowctl (npm run build) and PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth;
// FLOWCTL_BENCH_PG=host:port:user:password to change; databases <FLOWCTL_BENCH_DB_PREFIX or flowctl_bench>_onboard
// and _ingest, dropped at the end) for onboard, bulk, ingest and memory. --quick: small sizes
// and few runs (the test's setting; its figures mean nothing). --markdown FILE writes the table, the machine and
// the command (BENCHMARKS.md).

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { benchBulk } from './bulk.mjs';
import { benchIngest } from './ingest.mjs';
import { dropDatabase, logger, machine, SMALL_DATABASE } from './lib.mjs';
import { benchMemory } from './memory.mjs';
import { benchOnboard } from './onboard.mjs';
import { benchStartup } from './startup.mjs';

const SECTIONS = ['startup', 'onboard', 'bulk', 'ingest', 'memory'];

function parseArgs(argv) {
  const flags = { json: false, quick: false, only: SECTIONS };
  const numeric = { '--runs': 'runs', '--rows': 'rows', '--tables': 'tables', '--rate-limit': 'rateLimit', '--concurrency': 'concurrency', '--latency': 'latency' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') flags.json = true;
    else if (arg === '--quick') flags.quick = true;
    else if (arg === '--help' || arg === '-h') flags.help = true;
    else if (arg === '--only') {
      flags.only = String(argv[++i] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = flags.only.filter((s) => !SECTIONS.includes(s));
      if (unknown.length > 0 || flags.only.length === 0) throw new Error(`--only takes a list of ${SECTIONS.join(', ')}; got "${argv[i] ?? ''}"`);
    } else if (arg === '--markdown') {
      flags.markdown = argv[++i];
      if (!flags.markdown) throw new Error('--markdown needs a file');
    } else if (arg in numeric) {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) throw new Error(`${arg} needs a whole number ≥ 1, got "${argv[i] ?? ''}"`);
      flags[numeric[arg]] = value;
    } else throw new Error(`unknown option ${arg} (see the top of bench/run.mjs)`);
  }
  return flags;
}

/** Per-section sizes: the full benchmark, or --quick; --runs and the size options override both. */
function sizes(flags) {
  const q = flags.quick;
  const runs = (full, quick) => flags.runs ?? (q ? quick : full);
  return {
    // 51 pairs: the API ratios sit near their goal, and on a shared machine a median of 31 still moved by ±3 %.
    startup: { runs: runs(51, 3), warmup: q ? 1 : 2 },
    onboard: { runs: runs(5, 1), latency: flags.latency ?? 100 },
    bulk: { runs: runs(3, 1), tables: flags.tables ?? (q ? 6 : 200), rateLimit: flags.rateLimit ?? 50, concurrency: flags.concurrency ?? 8 },
    ingest: { runs: runs(3, 1), rows: flags.rows ?? (q ? 5_000 : 1_000_000) },
    memory: { runs: runs(5, 1) },
  };
}

const API_LABELS = { flowList: '`flow list`', flowGet: '`flow get`', runList: '`run list`', datasetGet: '`dataset get`' };

const fmt = (v, unit = '') => (v === null || v === undefined ? 'n/a' : `${v}${unit}`);

/** Each goal: the figure next to it, PASS/FAIL (n/a when it could not be measured), and the raw medians. */
function goals(r) {
  const out = [];
  const add = (section, label, value, goal, pass, raw, unit = '') => {
    const error = r[section]?.error;
    out.push({
      section,
      label,
      value: error ? null : (value ?? null),
      unit,
      goal,
      result: error ? 'ERROR' : value === null || value === undefined ? 'n/a' : pass === undefined ? '—' : pass ? 'PASS' : 'FAIL',
      raw: error ? `error: ${error}` : raw,
    });
  };
  const s = r.startup;
  if (s) {
    add('startup', 'Start-up: `flowctl --help` ÷ `node -e 0`', s.helpRatio, '≤ 1.5×', s.helpRatio <= 1.5, `${fmt(s.helpMs)} ms vs ${fmt(s.nodeMs)} ms`, '×');
    add('startup', 'Start-up: `flowctl --version` ÷ `node -e 0`', s.versionRatio, '≤ 1.5×', s.versionRatio <= 1.5, `${fmt(s.versionMs)} ms vs ${fmt(s.nodeMs)} ms`, '×');
    add('startup', 'Start-up: `flowctl flow list --help` ÷ `node -e 0`', s.subHelpRatio, '≤ 1.5×', s.subHelpRatio <= 1.5, `${fmt(s.subHelpMs)} ms vs ${fmt(s.nodeMs)} ms`, '×');
    add('startup', 'Start-up: peak RSS of `--help`', s.helpPeakRssMb, '(report)', undefined, `${s.rssMethod ?? ''}`, ' MB');
    for (const [name, a] of Object.entries(s.api ?? {})) {
      add('startup', `API command (${API_LABELS[name] ?? name}) ÷ plain node:http GET`, a.ratio, '≤ 1.5×', a.ratio <= 1.5, `${fmt(a.ms)} ms vs ${fmt(a.plainMs)} ms (${fmt(a.ratioOfMedians)}×)`, '×');
    }
    add('startup', 'API command: peak RSS of `flowctl --json flow list`', s.apiPeakRssMb, '≤ 50 MB', s.apiPeakRssMb <= 50, `${s.rssMethod ?? ''}`, ' MB');
  }
  const o = r.onboard;
  if (o) {
    const raw = (f) => (f ? `${fmt(f.wallMsAt0)} ms at 0 ms, ${fmt(f.wallMsAtLatency)} ms at ${o.latencyMs} ms; ${fmt(f.requests)} requests` : '');
    add('onboard', 'Onboard (fresh): sequential round trips', o.fresh?.roundTrips, '≤ 10', o.fresh?.roundTrips <= 10, raw(o.fresh));
    add('onboard', 'Onboard (re-run, all in place): round trips', o.rerun?.roundTrips, '≤ 3', o.rerun?.roundTrips <= 3, raw(o.rerun));
    add('onboard', 'Seed tutorial order, one call after another', o.tutorial?.roundTrips, '(comparison)', undefined, raw(o.tutorial));
  }
  const b = r.bulk;
  if (b) {
    add(
      'bulk',
      `Bulk: apply of ${fmt(b.tables)} tables, wall ÷ (requests ÷ R), R = ${fmt(b.rateLimit)}/s`,
      b.ratio,
      '≤ 1.2×, 0 failed',
      b.ratio <= 1.2 && b.failedTables === 0,
      `${fmt(b.wallSeconds)} s vs ${fmt(b.floorSeconds)} s; ${fmt(b.requestsSuccessful)} successful + ${fmt(b.requests429)} × 429 = ${fmt(b.requestsTotal)} requests; ${fmt(b.requestsPerTable)} per table (${fmt(b.requestsPerTableTotal)} with 429s); ${fmt(b.failedTables)} failed; --concurrency ${fmt(b.concurrency)}`,
      '×',
    );
    add('bulk', 'Bulk: throttled share (429 answers ÷ all requests)', b.throttledPercent, '≤ 5%', b.throttledPercent <= 5, `${fmt(b.requests429)} of ${fmt(b.requestsTotal)} requests answered 429`, '%');
  }
  const i = r.ingest;
  if (i) {
    add('ingest', `Ingestion of ${i.rows?.toLocaleString('en') ?? '?'} rows: rows/s ÷ plain pg cursor`, i.ratio, '≥ 0.5', i.ratio >= 0.5, `${fmt(i.emulatorRowsPerSecond?.toLocaleString('en'))} vs ${fmt(i.plainRowsPerSecond?.toLocaleString('en'))} rows/s (${fmt(i.emulatorSeconds)} s vs ${fmt(i.plainSeconds)} s)`, '×');
    add('ingest', 'Ingestion: emulator peak RSS', i.emulatorPeakRssMb, '≤ 300 MB', i.emulatorPeakRssMb <= 300, '/proc/<pid>/status VmHWM', ' MB');
  }
  const m = r.memory;
  if (m) add('memory', 'Memory: peak RSS of `flowctl onboard`', m.onboardPeakRssMb, '≤ 80 MB', m.onboardPeakRssMb <= 80, `max ${fmt(m.onboardMaxPeakRssMb)} MB; re-run ${fmt(m.rerunPeakRssMb)} MB; ${m.rssMethod ?? ''}`, ' MB');
  return out;
}

function textTable(rows, headers) {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells) => cells.map((cell, c) => String(cell).padEnd(widths[c])).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

const HEADERS = ['Measure', 'Figure', 'Goal', 'Result', 'Raw medians'];
const cells = (g) => [g.label, fmt(g.value, g.unit), g.goal, g.result, g.raw];

function markdown(report) {
  const m = report.machine;
  const s = report.sizes;
  const escape = (v) => String(v).replace(/\|/g, '\\|');
  const table = [`| ${HEADERS.join(' | ')} |`, `| ${HEADERS.map(() => '---').join(' | ')} |`, ...report.goals.map((g) => `| ${cells(g).map(escape).join(' | ')} |`)].join('\n');
  return `# Benchmarks

flowctl's performance goals, measured by \`npm run bench\` (bench/run.mjs). Each figure is the median of several runs
after a warm-up. Generated ${report.date}.

## Reproduce

\`\`\`sh
npm install && npm run build
${report.command}
\`\`\`

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth; \`FLOWCTL_BENCH_PG=host:port:user:password\` to change).
\`--json\` prints one JSON object; \`--only startup,onboard,bulk,ingest,memory\` runs some of them; \`--runs\`, \`--rows\`,
\`--tables\`, \`--rate-limit\`, \`--concurrency\`, \`--latency\` change the sizes.

## Machine

- CPU: ${m.cpu} × ${m.cpus}
- Memory: ${m.memoryGb} GB
- Node: ${m.node}
- OS: ${m.os}
- Load average (1 min) when the run started: ${m.loadAverage1m}

## Results

${table}

Runs: start-up ${s.startup.runs} (after ${s.startup.warmup} warm-up), onboarding ${s.onboard.runs} per latency, bulk ${s.bulk.runs}, ingestion ${s.ingest.runs}, memory ${s.memory.runs}.

## How each figure is measured

- **Start-up**: \`node bin/flowctl.js --help\`, \`--version\` and \`flow list --help\` next to \`node -e 0\`, in interleaved pairs,
  each timed from spawn to exit; peak RSS of \`--help\` with ${report.rssMethod}. *API commands*: \`flowctl --json\` \`flow list\`,
  \`flow get\`, \`run list\`, \`dataset get\` against one emulator (its own process; one flow and its dataset), the token
  cached beforehand, each in interleaved pairs with bench/plain-get.cjs, a plain Node script sending the same GETs with
  the same headers over node:http; peak RSS of \`flow list\`. Which of a pair runs first alternates from round to
  round. A ratio is the median of the pairs' ratios (each command ÷ the baseline run next to it, which shares the
  machine's pace of that moment); the raw medians of each side are shown, and for the API commands their ratio too.
- **Onboarding latency**: \`flowctl onboard --spec postgresql --table public.people\` (a 1,000-row table in the
  \`${SMALL_DATABASE}\` database, so that explore is real) against two emulators, each its own process, at
  \`--latency 0\` and \`--latency ${s.onboard.latency}\`. Sequential round trips = (median wall at ${s.onboard.latency} ms − median wall at 0) ÷ ${s.onboard.latency} ms.
  *Fresh*: a new \`--name\` prefix per sample, so everything is created, the base connection included. *Re-run*: the
  same prefix again, everything found in place. The token cache (\`FLOWCTL_CACHE_DIR\`) is warmed by a first onboard
  and kept across samples, so IMS is not what is measured. *Seed tutorial order*: the same calls made with the
  library (\`createPlatformClient\`) strictly one after another — token (cached), connection spec GET, connection POST,
  explore, stats, field group POST, schema POST, descriptor POST, dataset POST, source POST, target POST, mapping POST,
  flow spec GET, flow POST. Flows start a day later, so no run competes with the requests.
- **Bulk**: \`flowctl apply --concurrency ${s.bulk.concurrency}\` of a file of ${s.bulk.tables} tables (prefixes over two tables of the bench
  database) against a fresh emulator with \`--rate-limit ${s.bulk.rateLimit}\` and \`--request-log\`. Requests are counted from the
  log (IMS left out: it is not rate limited); 429 answers are requests too and are reported apart. The floor is
  successful requests ÷ R (the token bucket also allows a first burst of R, so a perfect client can score a little
  under 1). The throttled share is the 429 answers ÷ all requests (median of the runs' shares). Failed tables come from apply's \`--json\` summary. A 10-table apply warms up.
- **Ingestion**: an emulator run (fresh process, state on disk) of a CRMToAEP flow over ${s.ingest.rows.toLocaleString('en')} PostgreSQL rows; the
  run's own duration against a plain \`pg\` cursor reading the same ordered SELECT 1,000 rows at a time (warmed up
  once). Emulator peak RSS from /proc/<pid>/status VmHWM (Linux only).
- **Memory**: peak RSS of a fresh \`flowctl onboard\` (as above, --latency 0) with ${report.rssMethod}.
`;
}

async function main() {
  const flags = parseArgs(process.argv.slice(2));
  if (flags.help) {
    process.stdout.write('node bench/run.mjs [--json] [--quick] [--only startup,onboard,bulk,ingest,memory] [--runs N] [--rows N] [--tables N] [--rate-limit R] [--concurrency N] [--latency MS] [--markdown FILE]\n');
    return 0;
  }
  const log = logger(false);
  const size = sizes(flags);
  const report = {
    date: new Date().toISOString(),
    machine: { ...machine(), loadAverage1m: Number(os.loadavg()[0].toFixed(2)) },
    // How to get the same figures again (the output format left out).
    command: `npm run bench --${process.argv.slice(2).filter((a) => a !== '--json').map((a) => ` ${a}`).join('')}`.replace(/ --$/, ''),
    quick: flags.quick,
    sizes: size,
  };
  const run = {
    startup: () => benchStartup({ ...size.startup, log }),
    onboard: () => benchOnboard({ ...size.onboard, log }),
    bulk: () => benchBulk({ ...size.bulk, log }),
    ingest: () => benchIngest({ ...size.ingest, log }),
    memory: () => benchMemory({ ...size.memory, log }),
  };
  const results = {};
  let failed = false;
  for (const section of SECTIONS) {
    if (!flags.only.includes(section)) continue;
    const started = performance.now();
    try {
      results[section] = await run[section]();
    } catch (error) {
      failed = true;
      results[section] = { error: error instanceof Error ? error.message : String(error) };
      log(`${section} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    log(`  (${section}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  if (['onboard', 'bulk', 'memory'].some((s) => flags.only.includes(s))) await dropDatabase(SMALL_DATABASE).catch(() => undefined);
  const full = { ...report, ...results, rssMethod: results.startup?.rssMethod ?? results.memory?.rssMethod ?? (await import('./lib.mjs')).rssMethod, goals: goals(results) };
  if (flags.json) process.stdout.write(`${JSON.stringify(full)}\n`);
  else {
    const m = full.machine;
    process.stdout.write(`${textTable(full.goals.map(cells), HEADERS)}\n\n${m.cpu} × ${m.cpus}, ${m.memoryGb} GB, Node ${m.node}, ${m.os}\n`);
  }
  if (flags.markdown) {
    // What people wrote under "## Observations" (why a figure is what it is) outlives the regenerated table.
    const NOTES = '\n## Observations';
    const previous = existsSync(flags.markdown) ? readFileSync(flags.markdown, 'utf8') : '';
    const notes = previous.includes(NOTES) ? previous.slice(previous.indexOf(NOTES)) : '';
    writeFileSync(flags.markdown, `${markdown(full).trimEnd()}\n${notes}`);
    log(`Wrote ${flags.markdown}`);
  }
  return failed ? 1 : 0;
}

process.exitCode = await main().catch((error) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  return 2;
});
