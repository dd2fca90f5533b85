// `npm run bench` keeps working: the benchmark script runs at its smallest (--quick --json) and reports every
// section with numeric figures. No timing is asserted: the figures of a quick run on a busy machine mean nothing.
// Needs PostgreSQL, like the database tests (skipped without it, unless CI=true).

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { databaseServer, describeWith, requireServer } from '../helpers/databases.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const server = await databaseServer('postgres');

interface Goal {
  section: string;
  label: string;
  value: number | null;
  result: string;
}

type Report = Record<string, unknown> & { goals: Goal[] };

function runBench(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bench/run.mjs', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const numeric = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value);

describeWith(server, 'npm run bench', () => {
  it('runs every section at --quick and prints one JSON object with numeric figures', async () => {
    requireServer(server);
    const a = server.address;
    const result = await runBench(['--quick', '--json'], {
      FLOWCTL_BENCH_PG: `${a.host}:${a.port}:${a.user}:${a.password}`,
      FLOWCTL_BENCH_DB_PREFIX: `flowctl_bench_test_${randomBytes(4).toString('hex')}`,
    });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0] ?? '') as Report;

    const machine = report['machine'] as Record<string, unknown>;
    expect(typeof machine['cpu']).toBe('string');
    expect(numeric(machine['cpus'])).toBe(true);
    expect(numeric(machine['memoryGb'])).toBe(true);
    expect(machine['node']).toBe(process.version);

    // Peak RSS needs GNU time or /proc: n/a (null) elsewhere.
    const rss = (value: unknown) => (process.platform === 'linux' ? numeric(value) : value === null || numeric(value));
    const section = (name: string) => {
      const s = report[name] as Record<string, unknown> | undefined;
      expect(s, `section ${name}`).toBeDefined();
      expect(s?.['error'], `section ${name}`).toBeUndefined();
      return s ?? {};
    };
    const startup = section('startup');
    for (const key of ['nodeMs', 'helpMs', 'versionMs', 'helpRatio', 'versionRatio']) expect(numeric(startup[key]), `startup.${key}`).toBe(true);
    expect(rss(startup['helpPeakRssMb'])).toBe(true);
    expect(numeric(startup['subHelpRatio']), 'startup.subHelpRatio').toBe(true);
    const api = startup['api'] as Record<string, Record<string, unknown>>;
    expect(Object.keys(api).sort()).toEqual(['datasetGet', 'flowGet', 'flowList', 'runList']);
    for (const [name, a] of Object.entries(api)) for (const key of ['ms', 'plainMs', 'ratio']) expect(numeric(a[key]), `startup.api.${name}.${key}`).toBe(true);
    expect(rss(startup['apiPeakRssMb'])).toBe(true);

    const onboard = section('onboard');
    for (const kind of ['fresh', 'rerun', 'tutorial']) {
      for (const key of ['wallMsAt0', 'wallMsAtLatency', 'roundTrips', 'requests']) expect(numeric((onboard[kind] as Record<string, unknown> | undefined)?.[key]), `onboard.${kind}.${key}`).toBe(true);
    }

    const bulk = section('bulk');
    for (const key of ['wallSeconds', 'floorSeconds', 'ratio', 'requestsTotal', 'requestsSuccessful', 'requests429', 'throttledPercent', 'requestsPerTable', 'failedTables']) expect(numeric(bulk[key]), `bulk.${key}`).toBe(true);
    expect(bulk['requestsSuccessful'] as number).toBeGreaterThan(0);

    const ingest = section('ingest');
    for (const key of ['rows', 'plainRowsPerSecond', 'emulatorRowsPerSecond', 'ratio']) expect(numeric(ingest[key]), `ingest.${key}`).toBe(true);
    expect(rss(ingest['emulatorPeakRssMb'])).toBe(true);

    const memory = section('memory');
    expect(rss(memory['onboardPeakRssMb'])).toBe(true);

    // Every goal of the issue is in the table, with its figure and a verdict (not whether it passes).
    const sections = new Set(report.goals.map((g) => g.section));
    expect([...sections].sort()).toEqual(['bulk', 'ingest', 'memory', 'onboard', 'startup']);
    for (const goal of report.goals) {
      if (process.platform === 'linux') expect(numeric(goal.value), goal.label).toBe(true);
      expect(['PASS', 'FAIL', '—', 'n/a'], goal.label).toContain(goal.result);
    }
  }, 120_000);
});
