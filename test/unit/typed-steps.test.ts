import { describe, expect, it } from 'vitest';
import { GraphError, runTypedSteps, typedStep } from '../../src/onboard/graph.js';

describe('typed steps', () => {
  it('gives each step the outputs of the steps it names, and runs them in dependency order', async () => {
    const order: string[] = [];
    const connection = typedStep('connection', {}, async () => {
      order.push('connection');
      return { id: 'c1' };
    });
    const columns = typedStep('columns', { connection }, async ({ connection: made }) => {
      order.push('columns');
      return [`${made.id}:a`, `${made.id}:b`];
    });
    const count = typedStep('count', { connection, columns }, async (inputs) => {
      order.push('count');
      return `${inputs.connection.id} has ${inputs.columns.length} columns`;
    });
    // Listed out of order: the graph, not the list, decides.
    const results = await runTypedSteps([count, columns, connection], { concurrency: 4 });
    expect(order).toEqual(['connection', 'columns', 'count']);
    expect(results.get(count)).toBe('c1 has 2 columns');
    expect(results.get(columns)).toEqual(['c1:a', 'c1:b']);
  });

  it('stops at the first failure: steps that need the failed one never start', async () => {
    let dependentRan = false;
    const broken = typedStep('broken', {}, async (): Promise<number> => {
      throw new Error('explore failed');
    });
    const after = typedStep('after', { broken }, async ({ broken: n }) => {
      dependentRan = true;
      return n + 1;
    });
    const error = await runTypedSteps([broken, after], { concurrency: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect((error as GraphError).firstError).toEqual(new Error('explore failed'));
    expect(dependentRan).toBe(false);
  });

  it('a step that reads an output it did not name does not compile', () => {
    const schema = typedStep('schema', {}, async () => ({ id: 's1' }));
    const dataset = typedStep('dataset', {}, async () => ({ id: 'd1' }));
    // `typecheck` (tsc over test/) fails if this line compiles: the target step named only the dataset.
    // @ts-expect-error — `schema` is not among the target step's needs
    const target = typedStep('target', { dataset }, async (inputs) => `${inputs.dataset.id} ${inputs.schema.id}`);
    // And an output is typed as its step returns it: a number is not an object with an id.
    // @ts-expect-error — `count` is a number
    typedStep('wrong', { count: typedStep('count', {}, async () => 3) }, async ({ count }) => count.id);
    expect([schema.id, dataset.id, target.needs.map((n) => n.id)]).toEqual(['schema', 'dataset', ['dataset']]);
  });
});
