// Start-up: wall time of `node bin/flowctl.js --help` and `--version` next to `node -e 0`, runs interleaved so
// that drift hits all three alike; and the peak RSS of `--help` (separate runs, under GNU time or /proc).

import { BIN, median, round, rssMethod, runNode, tempDir, cleanup } from './lib.mjs';

export async function benchStartup({ runs, warmup = 2, log }) {
  const cwd = tempDir('startup'); // no ./.env to read
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1' };
  const commands = {
    node: ['-e', '0'],
    help: [BIN, '--help'],
    version: [BIN, '--version'],
  };
  const times = { node: [], help: [], version: [] };
  const rss = [];
  try {
    log(`Start-up: ${warmup} warm-up + ${runs} runs of node -e 0, flowctl --help, flowctl --version…`);
    for (let i = 0; i < warmup + runs; i++) {
      for (const [key, args] of Object.entries(commands)) {
        const r = await runNode(args, { env, cwd });
        if (r.code !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.code}: ${r.stderr.trim()}`);
        if (i >= warmup) times[key].push(r.ms);
      }
    }
    for (let i = 0; i < runs; i++) rss.push((await runNode(commands.help, { env, cwd, rss: true })).peakRssMb);
  } finally {
    cleanup(cwd);
  }
  const nodeMs = median(times.node);
  const helpMs = median(times.help);
  const versionMs = median(times.version);
  return {
    runs,
    nodeMs: round(nodeMs, 1),
    helpMs: round(helpMs, 1),
    versionMs: round(versionMs, 1),
    helpRatio: round(helpMs / nodeMs),
    versionRatio: round(versionMs / nodeMs),
    helpPeakRssMb: round(median(rss), 1),
    rssMethod,
  };
}
