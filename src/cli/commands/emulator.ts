// flowctl emulator start — the local Platform, in the foreground. Its first stdout lines are the settings a
// client needs, as .env lines; logs go to stderr. SIGINT/SIGTERM stop it cleanly.

import { readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InvalidInputError } from '../../platform/errors.js';
import { checkSandboxName } from '../../platform/settings.js';
import type { CommandContext } from '../context.js';
import { foreignSettings, mergeEnvFile } from '../env-file.js';
import { collect, example, parseInteger } from '../options.js';
import type { GroupCommand, Program } from '../program.js';
import type { FlagsOf, Runner } from '../runner.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** The settings that reach the emulator: printed first on stdout, and written by --save-env. */
const SETTING_NAMES = ['AEP_PLATFORM_URL', 'AEP_IMS_URL', 'AEP_API_KEY', 'AEP_CLIENT_SECRET', 'AEP_IMS_ORG', 'AEP_SANDBOX_NAME'] as const;

function parseTimeScale(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 1 || n > 1_000_000) throw new InvalidInputError('--time-scale', `must be a number from 1 to 1000000, got "${value}"`);
  return n;
}

async function start(ctx: CommandContext, flags: FlagsOf<typeof defineStart>): Promise<number> {
  const { FAULT_KINDS, parseFaults, parseLatency } = await import('../../emulator/misbehave.js');
  const port = parseInteger('--port', flags.port, { min: 0, max: 65_535 });
  const sandboxes = flags.sandbox ?? ['prod', 'dev'];
  for (const name of sandboxes) checkSandboxName(name, '--sandbox');
  const latency = flags.latency === undefined ? undefined : parseLatency(flags.latency);
  if (flags.latency !== undefined && !latency) throw new InvalidInputError('--latency', `"${flags.latency}" must be MS or MS:JITTER with JITTER ≤ MS (e.g. 100:20)`);
  const faultRate = flags.faultRate === undefined ? 0 : Number(flags.faultRate);
  if (!Number.isFinite(faultRate) || faultRate < 0 || faultRate > 1) throw new InvalidInputError('--fault-rate', `must be a number from 0 to 1, got "${flags.faultRate}"`);
  const faults = flags.faults === undefined ? [...FAULT_KINDS] : parseFaults(flags.faults);
  if (!faults) throw new InvalidInputError('--faults', `must be a comma-separated list of ${FAULT_KINDS.join(', ')}`);
  const options = {
    host: flags.host,
    port,
    sandboxes,
    ...(flags.inMemory ? { inMemory: true } : { dataDir: flags.dataDir }),
    ...(flags.strictSandbox && { strictSandbox: true }),
    ...(flags.tokenTtl !== undefined && { tokenTtlSeconds: parseInteger('--token-ttl', flags.tokenTtl, { min: 1 }) }),
    ...(flags.timeScale !== undefined && { timeScale: parseTimeScale(flags.timeScale) }),
    ...(latency && { latency }),
    ...(flags.rateLimit !== undefined && { rateLimit: parseInteger('--rate-limit', flags.rateLimit, { min: 1, max: 1_000_000 }) }),
    ...(faultRate > 0 && { faultRate, faults }),
    ...(flags.seed !== undefined && { seed: parseInteger('--seed', flags.seed, { min: 0, max: 2 ** 32 - 1 }) }),
    ...(flags.requestLog !== undefined && { requestLog: flags.requestLog }),
  };

  // Checked before listening: a file that must not be overwritten stops the command with nothing started.
  const envFile = flags.saveEnv === undefined ? undefined : await readEnvFile(ctx, flags.saveEnv);

  const { startEmulator } = await import('../../emulator/server.js');
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new InvalidInputError('--port', `${port} is in use: pass another port, or --port 0 for a free one`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new InvalidInputError('--host', `cannot listen on ${flags.host}`);
    throw error;
  }
  // Listen for the signals before printing anything: a script that reads the settings may stop us at once.
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  const sandbox = emulator.sandboxes.find((s) => s !== 'prod') ?? emulator.sandboxes[0] ?? 'prod';
  const settings: Record<(typeof SETTING_NAMES)[number], string> = {
    AEP_PLATFORM_URL: emulator.url,
    AEP_IMS_URL: emulator.url,
    AEP_API_KEY: emulator.credentials.clientId,
    AEP_CLIENT_SECRET: emulator.credentials.clientSecret,
    AEP_IMS_ORG: emulator.credentials.orgId,
    AEP_SANDBOX_NAME: sandbox,
  };
  if (envFile) {
    try {
      await writeEnvFile(envFile.path, mergeEnvFile(envFile.text, settings));
    } catch (error) {
      await emulator.close();
      throw new InvalidInputError('--save-env', `cannot write ${flags.saveEnv} (${(error as Error).message})`);
    }
    ctx.out.info(`settings written to ${flags.saveEnv}: flowctl run in ${dirname(envFile.path)} reaches this emulator`);
  }
  // The settings first on stdout (after the file, so that a script that waits for them finds the file written),
  // one per line, so that a user can paste them into .env and a script can read them.
  ctx.io.stdout.write(Object.entries(settings).map(([key, value]) => `${key}=${value}`).join('\n') + '\n');
  const where = flags.inMemory ? 'in memory only' : `data in ${flags.dataDir}`;
  ctx.out.info(`flowctl emulator listening on ${emulator.url} (${where}); sandboxes: ${emulator.sandboxes.join(', ')}. Ctrl-C stops it.`);
  if (!LOOPBACK.has(flags.host)) ctx.out.warn(`listening on ${flags.host}: other machines can reach this emulator`);
  if (options.timeScale) ctx.out.info(`flow schedules run ${options.timeScale}× faster than real time`);
  if (faultRate > 0) ctx.out.info(`injecting faults (${faults.join(', ')}) into ${Math.round(faultRate * 100)}% of requests`);

  const signal = await stopped;
  await emulator.close();
  ctx.out.info(`flowctl emulator stopped (${signal}).`);
  return 0;
}

/** The file --save-env names (empty if it does not exist yet), refused if it holds another Platform's settings. */
async function readEnvFile(ctx: CommandContext, file: string): Promise<{ path: string; text: string }> {
  const path = resolve(ctx.io.cwd, file);
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new InvalidInputError('--save-env', `cannot read ${file} (${(error as Error).message})`);
  }
  const foreign = foreignSettings(text, SETTING_NAMES);
  if (foreign) throw new InvalidInputError('--save-env', `${file} is not overwritten: ${foreign}; name another file, or run the emulator's commands from another folder`);
  return { path, text };
}

/** Written whole and renamed into place (a reader never sees half a file), readable by the owner only. */
async function writeEnvFile(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, text, { mode: 0o600 });
  await rename(temp, path);
}

function defineStart(emulator: GroupCommand) {
  return emulator
    .command('start')
    .description('Run the emulator in the foreground; prints the .env settings to reach it first')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--port <port>', 'port (0 picks a free one)', '4010')
    .option('--data-dir <dir>', 'where state is kept across restarts', '.flowctl/emulator')
    .option('--in-memory', 'keep nothing on disk')
    .option('--sandbox <name>', 'a sandbox to serve (repeatable; default prod and dev)', collect)
    .option('--strict-sandbox', 'answer a missing x-sandbox-name with 2105-400 instead of using prod')
    .option('--token-ttl <seconds>', 'lifetime of issued tokens (default 86400)')
    .option('--time-scale <n>', 'run the clock of flows N times faster (900: a 15-minute schedule every second)')
    .option('--latency <ms[:jitter]>', 'delay every response (e.g. 100 or 100:20)')
    .option('--rate-limit <n>', 'requests per second per client; beyond it 429 with Retry-After')
    .option('--fault-rate <r>', 'share of requests (0–1) that get a fault')
    .option('--faults <list>', 'faults to draw from: 429,500,503,reset,timeout,commit-then-500 (default: all)')
    .option('--seed <n>', 'seed for faults and latency, to replay a run exactly')
    .option('--request-log <file>', 'append one JSON line per request (method, path, status, ms)')
    // Not --env-file: Node 20 reads a --env-file anywhere on its command line as its own flag, even after the script.
    .option('--save-env <file>', "also write the settings into FILE (e.g. .env), keeping its other lines; refused if it holds another Platform's settings")
    .addHelpText(
      'after',
      example(
        'flowctl emulator start',
        'flowctl emulator start --time-scale 900   # 15-minute schedules run every second',
        'flowctl emulator start --port 0 --in-memory --save-env .env &   # flowctl then reads .env',
        'flowctl emulator start --fault-rate 0.3 --faults 429,500,reset,commit-then-500 --seed 7 --request-log requests.jsonl',
      ),
    );
}

export function register(program: Program, run: Runner): void {
  const emulator = program.command('emulator').description('A local Platform for tests, demos and offline work');

  defineStart(emulator).action(run(start));
}
