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

// ── Typed steps ────────────────────────────────────────────────────────────────────────────────────────────
// A step names the steps it needs by reference and receives their outputs, typed: a step that reads an output it
// did not declare does not compile, and the graph's edges cannot disagree with what the bodies read.

/** A step whose output is `Out`, with the steps it needs (by reference). */
export interface TypedStep<Out> {
  readonly id: string;
  readonly needs: readonly TypedStep<unknown>[];
  /** Runs the body with the outputs of `needs`, read from the results of the steps done so far. */
  readonly start: (results: ReadonlyMap<string, unknown>) => Promise<Out>;
}

/** The outputs of a record of steps, by the same keys. */
export type OutputsOf<Needs> = { [K in keyof Needs]: Needs[K] extends TypedStep<infer Out> ? Out : never };

export function typedStep<Out, Needs extends Record<string, TypedStep<unknown>> = Record<never, never>>(
  id: string,
  needs: Needs,
  body: (inputs: OutputsOf<Needs>) => Promise<Out>,
): TypedStep<Out> {
  const start = (results: ReadonlyMap<string, unknown>) => {
    const inputs = Object.fromEntries(Object.entries(needs).map(([key, step]) => [key, results.get(step.id)]));
    return body(inputs as OutputsOf<Needs>);
  };
  return { id, needs: Object.values(needs), start };
}

/** What a run of typed steps produced: each step's output, read by the step itself. */
export interface StepResults {
  get<Out>(step: TypedStep<Out>): Out;
}

/** Runs typed steps as a graph (every step a dependency names must be in the list). */
export async function runTypedSteps(steps: readonly TypedStep<unknown>[], options: { concurrency: number }): Promise<StepResults> {
  const results = new Map<string, unknown>();
  const graph: GraphStep<unknown>[] = steps.map((step) => ({
    id: step.id,
    needs: step.needs.map((need) => need.id),
    run: async () => {
      const value = await step.start(results);
      results.set(step.id, value);
      return value;
    },
  }));
  await runGraph(graph, options);
  return { get: <Out>(step: TypedStep<Out>) => results.get(step.id) as Out };
}
