// get and delete of every resource kind are built by one factory (src/cli/resource-commands.ts): a bad id is
// refused before anything else — before settings are even read — naming the id and the rule, exit 2.

import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const KINDS: [group: string, label: string][] = [
  ['connection', 'connection id'],
  ['source', 'source connection id'],
  ['target', 'target connection id'],
  ['dataset', 'dataset id'],
  ['flow', 'flow id'],
  ['run', 'run id'],
  ['schema', 'schema id'],
];

describe('get and delete of every resource kind', () => {
  for (const [group, label] of KINDS) {
    for (const verb of ['get', 'delete']) {
      if (group === 'run' && verb === 'delete') continue;
      if (group === 'schema' && verb === 'get') continue;
      it(`${group} ${verb} with a malformed id: exit 2 naming "${label}", with no settings at all`, async () => {
        const result = await runCli([group, verb, 'not an id!'], { bareEnv: true });
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(new RegExp(`^error: ${label}: `));
        expect(result.stderr.trim().split('\n')).toHaveLength(1);
      });
    }
  }
});

describe('list of every resource kind', () => {
  const LISTS = ['connection', 'source', 'target', 'dataset', 'flow', 'schema', 'mapping', 'flowspec'];
  for (const group of LISTS) {
    it(`${group} list checks --limit before anything else: exit 2 naming it, with no settings at all`, async () => {
      const result = await runCli([group, 'list', '--limit', '0'], { bareEnv: true });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe('error: --limit: must be at least 1, got 0\n');
    });
  }

  it('checks its filters as early: a malformed --connection or --source names the flag', async () => {
    const source = await runCli(['source', 'list', '--connection', 'nope'], { bareEnv: true });
    expect([source.code, source.stderr]).toEqual([2, expect.stringMatching(/^error: --connection: /)]);
    const flow = await runCli(['flow', 'list', '--source', 'nope'], { bareEnv: true });
    expect([flow.code, flow.stderr]).toEqual([2, expect.stringMatching(/^error: --source: /)]);
  });
});
