// Creates the runs of scheduled flows. Every `tickMs` of real time (a few hundred ms; the timer is unref'd)
// it looks at the enabled flows of every sandbox and, for each flow whose next slot has come (schedule.ts)
// and that has no run queued or executing, records a run (status `scheduled`, marked as the scheduler's: see
// runType in runs.ts; params = the run's window as the runSpec names it) and hands it to the executor. What
// the scheduler remembers about a flow — its last slot and when it was last re-enabled — is kept in the flow
// record's internal `__schedule` field, written onto the flow as it is at that moment (etag untouched), so it
// survives restarts and never undoes a PATCH.

import type { Json, ResourceRecord } from '../records.js';
import { copyDeltaColumn, newRun } from '../services/flow-service/runs.js';
import type { SandboxState, Store } from '../store.js';
import type { Executor } from './executor.js';
import { dueSlot, parseSchedule, runWindow, type ScheduleState } from './schedule.js';

export const SCHEDULE_FIELD = '__schedule';

export interface SchedulerOptions {
  store: Store;
  /** Epoch ms on the emulator's clock. */
  now: () => number;
  executor: Executor;
  /** Real ms between looks at the flows (default 250). */
  tickMs?: number;
}

function scheduleState(flow: Json): ScheduleState {
  const stored = flow[SCHEDULE_FIELD];
  if (typeof stored !== 'object' || stored === null) return {};
  const { lastSlot, resumedAt } = stored as Json;
  return {
    ...(typeof lastSlot === 'number' && { lastSlot }),
    ...(typeof resumedAt === 'number' && { resumedAt }),
  };
}

/** When the flow was enabled by its last operation (an `enable` after a `disable`), else undefined. */
function enabledAt(flow: Json): number | undefined {
  const op = flow['lastOperation'] as Json | undefined;
  return op?.['operation'] === 'enable' && typeof op['started'] === 'number' ? op['started'] : undefined;
}

export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;

  constructor(private readonly options: SchedulerOptions) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.options.tickMs ?? 250);
    this.timer.unref();
    void this.tick();
  }

  /** Stops creating runs; waits for a look in progress to finish. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
  }

  /** One look at every flow (never two at once). */
  tick(): Promise<void> {
    this.ticking ??= this.scan()
      .catch((error: unknown) => process.emitWarning(`flowctl emulator: the scheduler failed: ${(error as Error).stack ?? String(error)}`))
      .finally(() => {
        this.ticking = undefined;
      });
    return this.ticking;
  }

  private async scan(): Promise<void> {
    for (const info of this.options.store.sandboxes) {
      const sandbox = this.options.store.sandbox(info.name);
      if (!sandbox) continue;
      for (const flow of sandbox.collection<ResourceRecord>('flows').all()) await this.consider(sandbox, flow.id);
    }
  }

  private async consider(sandbox: SandboxState, flowId: string): Promise<void> {
    // The flow as it is now (earlier flows' writes were awaited: it may have changed, or gone).
    let flow = sandbox.collection<ResourceRecord>('flows').get(flowId);
    if (!flow || flow['state'] !== 'enabled') return;
    const state = scheduleState(flow);
    const enabled = enabledAt(flow);
    if (enabled !== undefined && (state.resumedAt === undefined || enabled > state.resumedAt)) {
      // Kept at once: a later PATCH replaces lastOperation, and with it the time of the enabling.
      state.resumedAt = enabled;
      await this.remember(sandbox, flowId, state);
      flow = sandbox.collection<ResourceRecord>('flows').get(flowId);
      if (!flow || flow['state'] !== 'enabled') return;
    }
    const schedule = parseSchedule(flow['scheduleParams']);
    if (!schedule) return;
    if (this.options.executor.busy(sandbox.info.name, flowId)) return;
    const now = this.options.now();
    const slot = dueSlot(schedule, state, now);
    if (slot === undefined) return;
    const window = runWindow(schedule, state, slot);
    const deltaColumn = copyDeltaColumn(flow);
    const params: Json = {
      startTime: Math.floor(now / 1000),
      windowStartTime: Math.floor(window.start / 1000),
      windowEndTime: Math.floor(window.end / 1000),
      ...(deltaColumn && { deltaColumn }),
    };
    const run = newRun(
      {
        createdAt: now,
        updatedAt: now,
        createdBy: flow['createdBy'],
        updatedBy: flow['createdBy'],
        createdClient: flow['createdClient'],
        updatedClient: flow['createdClient'],
        sandboxId: sandbox.info.id,
        sandboxName: sandbox.info.name,
        imsOrgId: flow['imsOrgId'],
      },
      flow,
      params,
      { scheduled: true },
    );
    await sandbox.collection<ResourceRecord>('runs').put(run);
    await this.remember(sandbox, flow.id, { ...state, lastSlot: slot });
    this.options.executor.submit(sandbox, run.id);
  }

  /** Stores the schedule state on the flow as it is now (read and written in one step; etag untouched). */
  private async remember(sandbox: SandboxState, flowId: string, state: ScheduleState): Promise<void> {
    const flows = sandbox.collection<ResourceRecord>('flows');
    const current = flows.get(flowId);
    if (current) await flows.put({ ...current, [SCHEDULE_FIELD]: { ...state } });
  }
}
