// Runs steps that depend on one another as a graph: a step starts as soon as everything it needs is done, with
// at most `concurrency` steps in flight, so the wall time approaches the longest chain of dependent calls, not
// the sum of all of them. When a step fails no new step starts; the steps already running finish.

export interface GraphStep<R> {
  id: string;
  needs: readonly string[];
  run: () => Promise<R>;
}

export type StepState<R> = { status: 'done'; value: R } | { status: 'failed'; error: unknown } | { status: 'skipped' };

export interface GraphEvents {
  onStart?(id: string): void;
  onDone?(id: string): void;
  onFail?(id: string, error: unknown): void;
}

export class GraphError extends Error {
  constructor(
    readonly failures: ReadonlyMap<string, unknown>,
    readonly states: ReadonlyMap<string, StepState<unknown>>,
  ) {
    const [first] = failures.values();
    super(first instanceof Error ? first.message : String(first));
    this.name = 'GraphError';
  }

  /** The first failure, as thrown by its step. */
  get firstError(): unknown {
    return [...this.failures.values()][0];
  }
}

/** Checks that every dependency exists and that there is no cycle; throws a programming error otherwise. */
function checkGraph(steps: readonly GraphStep<unknown>[]): void {
  const ids = new Set(steps.map((s) => s.id));
  if (ids.size !== steps.length) throw new Error('graph: duplicate step ids');
  for (const step of steps) for (const need of step.needs) if (!ids.has(need)) throw new Error(`graph: ${step.id} needs unknown step ${need}`);
  const visiting = new Set<string>();
  const visited = new Set<string>();
  const byId = new Map(steps.map((s) => [s.id, s]));
  const visit = (id: string) => {
    if (visited.has(id)) return;
    if (visiting.has(id)) throw new Error(`graph: cycle through ${id}`);
    visiting.add(id);
    for (const need of byId.get(id)?.needs ?? []) visit(need);
    visiting.delete(id);
    visited.add(id);
  };
  for (const step of steps) visit(step.id);
}

export async function runGraph<R>(steps: readonly GraphStep<R>[], options: { concurrency: number; events?: GraphEvents }): Promise<Map<string, R>> {
  checkGraph(steps);
  const states = new Map<string, StepState<R>>();
  const failures = new Map<string, unknown>();
  const running = new Set<string>();
  const events = options.events ?? {};
  const limit = Math.max(1, options.concurrency);

  return new Promise((resolve, reject) => {
    const finish = () => {
      for (const step of steps) if (!states.has(step.id)) states.set(step.id, { status: 'skipped' });
      if (failures.size > 0) reject(new GraphError(failures, states as Map<string, StepState<unknown>>));
      else resolve(new Map([...states].map(([id, s]) => [id, (s as { value: R }).value])));
    };
    const pump = () => {
      if (failures.size === 0) {
        for (const step of steps) {
          if (running.size >= limit) break;
          if (states.has(step.id) || running.has(step.id)) continue;
          if (!step.needs.every((n) => states.get(n)?.status === 'done')) continue;
          running.add(step.id);
          events.onStart?.(step.id);
          step.run().then(
            (value) => {
              running.delete(step.id);
              states.set(step.id, { status: 'done', value });
              events.onDone?.(step.id);
              pump();
            },
            (error: unknown) => {
              running.delete(step.id);
              states.set(step.id, { status: 'failed', error });
              failures.set(step.id, error);
              events.onFail?.(step.id, error);
              pump();
            },
          );
        }
      }
      if (running.size === 0) finish();
    };
    pump();
  });
}
