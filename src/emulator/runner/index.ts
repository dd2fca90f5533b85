// Running dataflows: the scheduler (scheduler.ts) creates the runs of enabled flows as their slots come,
// `POST /runs` creates ad-hoc runs of `once` flows, and the executor (executor.ts) runs them against the real
// database behind the flow's source, writing Catalog batches whose data the export service serves.
//
//   const runner = await createRunner({ store, now });
//   runner.start();            // after the server listens
//   …
//   await runner.stop();       // before the databases close

import { openReader as openDatabaseReader } from '../databases/open.js';
import { onRunCreated } from '../services/flow-service/runs.js';
import type { Store } from '../store.js';
import { DataLake } from './data-lake.js';
import { Executor, type OpenReader } from './executor.js';
import { Scheduler } from './scheduler.js';

export type { OpenReader } from './executor.js';
export { emulatorClock } from './clock.js';

export interface RunnerOptions {
  store: Store;
  /** Epoch ms on the emulator's clock (clock.ts). */
  now: () => number;
  /** How runs open databases; default src/emulator/databases/open.ts (tests pass fakes). */
  openReader?: OpenReader | undefined;
  /** The emulator's URL, once it listens (for links in run manifests). */
  baseUrl?: () => string | undefined;
  /** Real ms between the scheduler's looks at the flows (default 250). */
  tickMs?: number | undefined;
  /** Rows per read (default 1,000). */
  batchSize?: number | undefined;
  /** Records per row group of a batch's Parquet file (default 5,000; tests use small groups). */
  rowGroupRows?: number | undefined;
}

export interface Runner {
  /** Where batch files live. */
  lake: DataLake;
  executor: Executor;
  scheduler: Scheduler;
  /** Fails runs a crash left in progress, queues runs still scheduled, starts the scheduler. */
  start(): Promise<void>;
  /** Stops the scheduler, aborts runs in flight (recorded as failed), removes temporary data. */
  stop(): Promise<void>;
}

export async function createRunner(options: RunnerOptions): Promise<Runner> {
  const lake = await DataLake.open(options.store.dataDir);
  const executor = new Executor({
    store: options.store,
    now: options.now,
    lake,
    openReader: options.openReader ?? openDatabaseReader,
    ...(options.baseUrl && { baseUrl: options.baseUrl }),
    ...(options.batchSize !== undefined && { batchSize: options.batchSize }),
    ...(options.rowGroupRows !== undefined && { rowGroupRows: options.rowGroupRows }),
  });
  const scheduler = new Scheduler({ store: options.store, now: options.now, executor, ...(options.tickMs !== undefined && { tickMs: options.tickMs }) });
  onRunCreated(options.store, (sandbox, run) => executor.submit(sandbox, run.id));
  let stopped: Promise<void> | undefined;
  return {
    lake,
    executor,
    scheduler,
    async start() {
      await executor.recover();
      scheduler.start();
    },
    stop() {
      stopped ??= (async () => {
        await scheduler.stop();
        await executor.stop();
        await lake.close();
      })();
      return stopped;
    },
  };
}
