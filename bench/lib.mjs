// Shared pieces of the benchmark modules: timing child processes, their peak memory, the emulator as its own
// process, the bench database in PostgreSQL, and small statistics.
//
// Child processes are timed with the asynchronous `spawn` (the measuring process stays free), from the spawn to
// the 'close' event. Peak RSS comes from GNU time (`/usr/bin/time -f %M`) when it is there, else from polling
// /proc/<pid>/status VmHWM (Linux); elsewhere it is undefined and reported as "n/a".

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const BIN = join(root, 'bin/flowctl.js');
export const POSTGRES_SPEC = '74a1c565-4e59-48d7-9d67-7c03b8a13137';

// ── statistics ─────────────────────────────────────────────────────────────────────────────────────────────

export function median(values) {
  const xs = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return undefined;
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 === 1 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

export const round = (value, digits = 2) => (value === undefined || value === null || !Number.isFinite(value) ? null : Number(value.toFixed(digits)));

// ── machine ────────────────────────────────────────────────────────────────────────────────────────────────

export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cpus: cpus.length,
    memoryGb: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    os: `${os.type()} ${os.release()} (${os.platform()} ${os.arch()})`,
  };
}

// ── peak RSS ───────────────────────────────────────────────────────────────────────────────────────────────

/** GNU time, if it is there and speaks `-f %M -o FILE` (BSD time does not). */
const GNU_TIME = (() => {
  if (!existsSync('/usr/bin/time')) return undefined;
  try {
    const probe = spawnSync('/usr/bin/time', ['-f', '%M', '-o', '/dev/null', 'true'], { stdio: 'ignore' });
    return probe.status === 0 ? '/usr/bin/time' : undefined;
  } catch {
    return undefined;
  }
})();

export const rssMethod = GNU_TIME ? '/usr/bin/time -f %M' : process.platform === 'linux' ? '/proc/<pid>/status VmHWM' : 'n/a';

/** A live process's peak RSS in MB (Linux), or undefined. */
export function procPeakRssMb(pid) {
  try {
    const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return Number.isFinite(kb) && kb > 0 ? kb / 1024 : undefined;
  } catch {
    return undefined;
  }
}

// ── child processes ────────────────────────────────────────────────────────────────────────────────────────

/**
 * Runs `node ARGS…` and resolves with its exit code, output, wall time (ms) and, with `rss`, its peak RSS (MB).
 * Wall times are only compared between runs made the same way (with or without `rss`).
 */
export function runNode(args, { env, cwd, rss = false, stdin } = {}) {
  return new Promise((resolve, reject) => {
    let command = process.execPath;
    let argv = args;
    let timeFile;
    if (rss && GNU_TIME) {
      timeFile = join(mkdtempSync(join(tmpdir(), 'flowctl-bench-time-')), 'rss');
      command = GNU_TIME;
      argv = ['-f', '%M', '-o', timeFile, process.execPath, ...args];
    }
    const started = performance.now();
    const child = spawn(command, argv, { env: env ?? process.env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let polled;
    let poller;
    if (rss && !GNU_TIME && process.platform === 'linux') {
      poller = setInterval(() => {
        const mb = procPeakRssMb(child.pid);
        if (mb !== undefined) polled = Math.max(polled ?? 0, mb);
      }, 5);
    }
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (poller) clearInterval(poller);
      let peakRssMb = polled;
      if (timeFile) {
        try {
          // GNU time writes "Command exited with non-zero status N" before the figure when the command fails.
          const kb = Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop());
          peakRssMb = Number.isFinite(kb) && kb > 0 ? kb / 1024 : undefined;
        } catch {
          peakRssMb = undefined;
        }
        rmSync(join(timeFile, '..'), { recursive: true, force: true });
      }
      resolve({ code, stdout, stderr, ms, peakRssMb });
    });
    child.stdin.end(stdin ?? '');
  });
}

/** `node bin/flowctl.js ARGS…`; throws with its stderr when it exits with another code than `expect`. */
export async function flowctl(args, options = {}) {
  const result = await runNode([BIN, ...args], options);
  const expected = options.expect ?? [0];
  if (!expected.includes(result.code)) {
    throw new Error(`flowctl ${args.join(' ')} exited with ${result.code}: ${(result.stderr || result.stdout).trim().split('\n').slice(-5).join(' | ')}`);
  }
  return result;
}

/** A fresh temporary folder, removed by `cleanup()`. */
export function tempDir(label) {
  return mkdtempSync(join(tmpdir(), `flowctl-bench-${label}-`));
}

export function cleanup(dir) {
  rmSync(dir, { recursive: true, force: true });
}

// ── the emulator, as its own process ───────────────────────────────────────────────────────────────────────

/**
 * `flowctl emulator start --port 0 …` in its own process (its CPU does not compete inside the measuring one).
 * Resolves once it printed its AEP_* settings, with them and `stop()`.
 */
export function startEmulator({ latency, rateLimit, requestLog, dataDir } = {}) {
  const args = [
    ...(process.env.FLOWCTL_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
    BIN,
    'emulator',
    'start',
    '--port',
    '0',
    ...(dataDir ? ['--data-dir', dataDir] : ['--in-memory']),
    ...(latency !== undefined ? ['--latency', String(latency)] : []),
    ...(rateLimit !== undefined ? ['--rate-limit', String(rateLimit)] : []),
    ...(requestLog !== undefined ? ['--request-log', requestLog] : []),
  ];
  const child = spawn(process.execPath, args, { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    let out = '';
    let ready = false;
    child.stdout.on('data', (d) => {
      out += d;
      const lines = out.split('\n');
      if (ready || lines.length <= 6) return;
      ready = true;
      const settings = Object.fromEntries(lines.slice(0, 6).map((l) => l.split(/=(.*)/s).slice(0, 2)));
      resolve({
        child,
        settings,
        peakRssMb: () => procPeakRssMb(child.pid),
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGTERM');
            const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            await exited;
            clearTimeout(timer);
          }
        },
      });
    });
    child.on('error', reject);
    exited.then((code) => {
      if (!ready) reject(new Error(`the emulator exited (${code}) before it was ready: ${stderr.trim()}`));
    });
  });
}

/** The environment of a flowctl child: only what it needs, pointed at the emulator, with its token cache. */
export function flowctlEnv(settings, cacheDir, extra = {}) {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NO_COLOR: '1',
    ...settings,
    FLOWCTL_CACHE_DIR: cacheDir,
    ...extra,
  };
}

/** The library's client for the emulator (in this process), with a token cache folder. */
export async function libraryClient(settings, cacheDir) {
  const { createPlatformClient } = await import(pathToFileURL(join(root, 'dist/index.js')).href);
  return createPlatformClient({
    sandbox: settings.AEP_SANDBOX_NAME,
    orgId: settings.AEP_IMS_ORG,
    clientId: settings.AEP_API_KEY,
    clientSecret: settings.AEP_CLIENT_SECRET,
    platformUrl: settings.AEP_PLATFORM_URL,
    imsUrl: settings.AEP_IMS_URL,
    cacheDir,
  });
}

// ── PostgreSQL ─────────────────────────────────────────────────────────────────────────────────────────────

/** 127.0.0.1:5432 as postgres with no password, or FLOWCTL_BENCH_PG=host:port:user:password. */
export function pgAddress() {
  const override = process.env.FLOWCTL_BENCH_PG;
  if (override) {
    const [host = '127.0.0.1', port = '5432', user = 'postgres', ...password] = override.split(':');
    return { host, port: Number(port), user, password: password.join(':') };
  }
  return { host: '127.0.0.1', port: 5432, user: 'postgres', password: '' };
}

/** The Platform's connection string for a PostgreSQL database. */
export function pgConnectionString(database, a = pgAddress()) {
  return `Server=${a.host};Database=${database};Port=${a.port};UID=${a.user};Password=${a.password}`;
}

/** Drops and creates `database`, then runs `statements` in it. */
export async function recreateDatabase(database, statements, a = pgAddress()) {
  const admin = new pg.Client({ ...a, database: 'postgres' });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  const client = new pg.Client({ ...a, database });
  await client.connect();
  try {
    for (const statement of statements) await client.query(...(Array.isArray(statement) ? statement : [statement]));
  } finally {
    await client.end();
  }
}

export async function dropDatabase(database, a = pgAddress()) {
  const admin = new pg.Client({ ...a, database: 'postgres' });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Databases are named `<prefix>_onboard` and `<prefix>_ingest`; FLOWCTL_BENCH_DB_PREFIX keeps two runs apart. */
export const DB_PREFIX = (() => {
  const prefix = process.env.FLOWCTL_BENCH_DB_PREFIX || 'flowctl_bench';
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(prefix)) throw new Error(`FLOWCTL_BENCH_DB_PREFIX must be a lower-case identifier, got "${prefix}"`);
  return prefix;
})();

/** The small database the onboarding, bulk and memory measures explore: two tables of `rows` rows. */
export const SMALL_DATABASE = `${DB_PREFIX}_onboard`;
let small;

export function prepareSmallDatabase(rows = 1000) {
  small ??= recreateDatabase(SMALL_DATABASE, [
    'CREATE TABLE public.people (id integer PRIMARY KEY, full_name text, email text, birth_date text, score double precision, updated_at timestamp(3))',
    [
      `INSERT INTO public.people SELECT g, 'Person ' || g, 'p' || g || '@example.com', to_char(date '1950-01-01' + (g % 20000), 'YYYY-MM-DD'), g / 7.0,
         timestamp '2025-01-01' + g * interval '1 second' FROM generate_series(1, $1) AS g`,
      [rows],
    ],
    'CREATE TABLE public.orders (order_id integer PRIMARY KEY, customer_email text, amount numeric(10,2), status text, city text, modified_at timestamp(3))',
    [
      `INSERT INTO public.orders SELECT g, 'p' || (g % 500) || '@example.com', g * 1.5, 'open', 'Paris',
         timestamp '2025-01-01' + g * interval '1 second' FROM generate_series(1, $1) AS g`,
      [rows],
    ],
  ]).then(() => ({ database: SMALL_DATABASE, connectionString: pgConnectionString(SMALL_DATABASE) }));
  return small;
}

/** Epoch seconds a day from now: flows created by the benchmark do not run while it measures. */
export const futureStart = () => Math.floor(Date.now() / 1000) + 86_400;

export const logger = (quiet) => (line) => {
  if (!quiet) process.stderr.write(`${line}\n`);
};
