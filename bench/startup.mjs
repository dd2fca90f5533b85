// Start-up, two parts, each timed as interleaved pairs (baseline and command, which goes first alternating) so that
// drift hits both alike; a ratio is the median of the pairs' ratios, and the medians of each side are reported too:
//
//   help  `flowctl --help`, `--version` and a sub-command's `--help` (`flow list --help`) next to `node -e 0`;
//         peak RSS of `--help`
//   api   the commands CI pipelines run (`flow list`, `flow get`, `run list`, `dataset get`, all --json) against an
//         emulator of their own (one process, started once, seeded with one flow and its dataset), with the token
//         cached beforehand, next to bench/plain-get.cjs: a plain Node script sending the same GETs with the same
//         headers over node:http. Peak RSS of `flow list`.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, cleanup, flowctl, flowctlEnv, futureStart, libraryClient, median, POSTGRES_SPEC, root, round, rssMethod, runNode, startEmulator, tempDir } from './lib.mjs';

const PLAIN = join(root, 'bench/plain-get.cjs');

/**
 * Runs each of `pairs` (name → [baseline args, command args]) `warmup + runs` times, interleaved; medians per name.
 * Which of the two goes first alternates from one round to the next: a process started right after another one
 * runs at a slightly different pace, and neither side should always get the same turn.
 */
async function interleaved(pairs, { runs, warmup, env, baselineEnv = env, cwd }) {
  const times = Object.fromEntries(Object.keys(pairs).map((name) => [name, { baseline: [], command: [] }]));
  for (let i = 0; i < warmup + runs; i++) {
    for (const [name, [baseline, command]] of Object.entries(pairs)) {
      const turns = [['baseline', baseline, baselineEnv], ['command', command, env]];
      if (i % 2 === 1) turns.reverse();
      for (const [kind, args, e] of turns) {
        const r = await runNode(args, { env: e, cwd });
        if (r.code !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.code}: ${r.stderr.trim()}`);
        if (i >= warmup) times[name][kind].push(r.ms);
      }
    }
  }
  // The ratio is the median of each round's command ÷ the baseline run next to it: the pair shares the machine's
  // pace of that moment, which the medians of the two sides taken apart do not.
  return Object.fromEntries(
    Object.entries(times).map(([name, t]) => [name, { baselineMs: median(t.baseline), ms: median(t.command), ratio: median(t.command.map((ms, i) => ms / t.baseline[i])) }]),
  );
}

async function peakRss(args, { runs, env, cwd }) {
  const rss = [];
  for (let i = 0; i < runs; i++) rss.push((await runNode(args, { env, cwd, rss: true })).peakRssMb);
  return round(median(rss), 1);
}

async function benchHelp({ runs, warmup, log }) {
  const cwd = tempDir('startup'); // no ./.env to read
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1' };
  const node = ['-e', '0'];
  try {
    log(`Start-up: ${warmup} warm-up + ${runs} pairs of node -e 0 and flowctl --help, --version, flow list --help…`);
    const t = await interleaved({ help: [node, [BIN, '--help']], version: [node, [BIN, '--version']], subHelp: [node, [BIN, 'flow', 'list', '--help']] }, { runs, warmup, env, cwd });
    const nodeMs = median([t.help.baselineMs, t.version.baselineMs, t.subHelp.baselineMs]);
    return {
      nodeMs: round(nodeMs, 1),
      helpMs: round(t.help.ms, 1),
      versionMs: round(t.version.ms, 1),
      subHelpMs: round(t.subHelp.ms, 1),
      // Each ratio is against the baseline runs it was interleaved with.
      helpRatio: round(t.help.ratio),
      versionRatio: round(t.version.ratio),
      subHelpRatio: round(t.subHelp.ratio),
      helpPeakRssMb: await peakRss([BIN, '--help'], { runs, env, cwd }),
    };
  } finally {
    cleanup(cwd);
  }
}

/** One flow (no database behind it: it starts tomorrow and never runs) and its dataset, made with the library. */
async function seed(settings, cacheDir) {
  const aep = await libraryClient(settings, cacheDir);
  const { DATA_LAKE_SPEC_ID, CRM_TO_AEP_FLOW_SPEC_ID, XED_FULL_V1, XDM_PROFILE_CLASS } = await import(join(root, 'dist/index.js'));
  const { flowService: fs, schemaRegistry, catalog } = aep;
  const schema = await schemaRegistry.schemas.create({ type: 'object', title: 'bench schema', description: 'start-up bench', allOf: [{ $ref: XDM_PROFILE_CLASS }] });
  const datasetId = await catalog.datasets.create({ name: 'bench dataset', schemaRef: { id: schema.$id, contentType: XED_FULL_V1 } });
  const spec = { id: POSTGRES_SPEC, version: '1.0' };
  const params = { connectionString: 'Server=127.0.0.1;Database=none;Port=1;UID=none;Password=none' };
  const connection = await fs.connections.create({ name: 'bench connection', auth: { specName: 'Connection String Based Authentication', params }, connectionSpec: spec });
  const source = await fs.sourceConnections.create({ name: 'bench source', baseConnectionId: connection.id, connectionSpec: spec, data: { format: 'tabular' }, params: { tableName: 'public.people' } });
  const target = await fs.targetConnections.create({
    name: 'bench target',
    connectionSpec: { id: DATA_LAKE_SPEC_ID, version: '1.0' },
    data: { format: 'parquet_xdm', schema: { id: schema.$id, version: XED_FULL_V1 } },
    params: { dataSetId: datasetId },
  });
  const flow = await fs.flows.create(
    {
      name: 'bench flow',
      flowSpec: { id: CRM_TO_AEP_FLOW_SPEC_ID, version: '1.0' },
      sourceConnectionIds: [source.id],
      targetConnectionIds: [target.id],
      transformations: [{ name: 'Copy', params: { deltaColumn: { name: 'updated_at' } } }],
      scheduleParams: { startTime: futureStart(), frequency: 'day', interval: 1 },
    },
    { checked: true },
  );
  return { flowId: flow.id, datasetId };
}

/** Each API command: flowctl's arguments and the GETs it sends (read with --debug), which the plain script repeats. */
function apiCommands({ flowId, datasetId }) {
  const flows = '/data/foundation/flowservice';
  return {
    flowList: { args: ['flow', 'list'], paths: [`${flows}/flows?limit=50`] },
    flowGet: { args: ['flow', 'get', flowId], paths: [`${flows}/flows/${flowId}`] },
    // An empty list of runs is checked against the flow (a mistyped id is not "no runs").
    runList: { args: ['run', 'list', '--flow', flowId], paths: [`${flows}/runs?property=${encodeURIComponent(`flowId==${flowId}`)}&orderby=-createdAt&limit=50`, `${flows}/flows/${flowId}`] },
    datasetGet: { args: ['dataset', 'get', datasetId], paths: [`/data/foundation/catalog/dataSets/${datasetId}`] },
  };
}

async function benchApi({ runs, warmup, log }) {
  const dir = tempDir('startup-api');
  const emulator = await startEmulator();
  try {
    const cacheDir = join(dir, 'cache');
    const env = flowctlEnv(emulator.settings, cacheDir);
    const commands = apiCommands(await seed(emulator.settings, join(dir, 'seed-cache')));
    // The token is obtained once here and read from the cache by every measured run (no IMS call).
    await flowctl(['--json', ...commands.flowList.args], { env, cwd: dir });
    const tokenFile = readdirSync(cacheDir).find((f) => f.startsWith('token-'));
    if (!tokenFile) throw new Error(`flowctl cached no token in ${cacheDir}`);
    const baselineEnv = { ...env, FLOWCTL_BENCH_TOKEN_FILE: join(cacheDir, tokenFile) };
    const pairs = Object.fromEntries(Object.entries(commands).map(([name, c]) => [name, [[PLAIN, ...c.paths], [BIN, '--json', ...c.args]]]));
    log(`Start-up of API commands: ${warmup} warm-up + ${runs} pairs of the plain node:http script and flowctl ${Object.values(commands).map((c) => c.args.slice(0, 2).join(' ')).join(', ')}…`);
    const t = await interleaved(pairs, { runs, warmup, env, baselineEnv, cwd: dir });
    const api = Object.fromEntries(Object.entries(t).map(([name, x]) => [name, { ms: round(x.ms, 1), plainMs: round(x.baselineMs, 1), ratio: round(x.ratio), ratioOfMedians: round(x.ms / x.baselineMs) }]));
    return { api, apiMaxRatio: Math.max(...Object.values(api).map((a) => a.ratio)), apiPeakRssMb: await peakRss(pairs.flowList[1], { runs, env, cwd: dir }) };
  } finally {
    await emulator.stop();
    cleanup(dir);
  }
}

export async function benchStartup({ runs, warmup = 2, log }) {
  return { runs, ...(await benchHelp({ runs, warmup, log })), ...(await benchApi({ runs, warmup, log })), rssMethod };
}
