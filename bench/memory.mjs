// Memory: peak RSS of `flowctl onboard` of one PostgreSQL table (fresh: creating everything, its base
// connection included) against an emulator in its own process, measured with GNU time (`/usr/bin/time -f %M`)
// or /proc VmHWM; n/a elsewhere. The re-run of the same prefix (everything found) is reported next to it.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, flowctl, flowctlEnv, futureStart, median, prepareSmallDatabase, round, rssMethod, startEmulator, tempDir } from './lib.mjs';

export async function benchMemory({ runs, log }) {
  const { connectionString } = await prepareSmallDatabase();
  const dir = tempDir('memory');
  writeFileSync(join(dir, 'conn.txt'), connectionString);
  const emulator = await startEmulator({ latency: 0 });
  const env = flowctlEnv(emulator.settings, join(dir, 'cache'));
  const onboard = (prefix) =>
    flowctl(['onboard', '--spec', 'postgresql', '--connection-string-file', join(dir, 'conn.txt'), '--table', 'public.people', '--name', prefix, '--start-time', String(futureStart()), '--json'], {
      env,
      cwd: dir,
      rss: true,
    });
  try {
    log(`Memory: warm-up, then ${runs} × flowctl onboard (fresh and re-run) under ${rssMethod}…`);
    await onboard('memory warm-up');
    const fresh = [];
    const rerun = [];
    for (let i = 0; i < runs; i++) {
      fresh.push((await onboard(`memory ${i}`)).peakRssMb);
      rerun.push((await onboard(`memory ${i}`)).peakRssMb);
    }
    return {
      runs,
      onboardPeakRssMb: round(median(fresh), 1),
      onboardMaxPeakRssMb: fresh.every((v) => v !== undefined) ? round(Math.max(...fresh), 1) : null,
      rerunPeakRssMb: round(median(rerun), 1),
      rssMethod,
    };
  } finally {
    await emulator.stop();
    cleanup(dir);
  }
}
