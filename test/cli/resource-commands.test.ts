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
