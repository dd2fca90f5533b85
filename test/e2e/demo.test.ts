// `flowctl demo`, spawned as a user runs it on a fresh machine: no credentials, no servers, no network.

import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { runBin } from '../helpers/spawn.js';

describe('flowctl demo', () => {
  it('onboards the demo table, runs it and shows the ids, the metrics, the rejected rows and the records, in under a minute', async () => {
    const started = Date.now();
    const result = await runBin(['demo'], { cwd: tempDir() });
    const seconds = (Date.now() - started) / 1000;
    expect(result.code, result.stderr).toBe(0);
    expect(seconds).toBeLessThan(60);
    for (const heading of ['The chain for crm.customers', 'The first run', 'Why rows were rejected (first 5)', 'The first 5 records ingested']) {
      expect(result.stdout).toContain(heading);
    }
    expect(result.stdout).toMatch(/Records:\s+10000 in, 9960 out, 40 failed/);
    expect(result.stdout).toMatch(/Dataflow\s+[0-9a-f-]{36}/);
    expect(result.stdout).toContain('cannot be converted to a date for field person.birthDate');
    // Each rejected row, read back through the error diagnostics listing, is named by its key.
    expect(result.stdout).toMatch(/^ {2}id 250: Mapper Transform Error: the value "unknown" of birth_date/m);
    expect(result.stderr).toContain('Done in');
  }, 90_000);

  it('--json prints one object: ids, run, rejected rows and records', async () => {
    const result = await runBin(['demo', '--json', '--records', '3'], { cwd: tempDir() });
    expect(result.code, result.stderr).toBe(0);
    const demo = JSON.parse(result.stdout) as { ids: Record<string, string>; run: any; rejected: any[]; records: any[] };
    expect(Object.keys(demo.ids).sort()).toEqual(['connection', 'dataset', 'fieldGroup', 'flow', 'identity', 'mapping', 'schema', 'source', 'target']);
    expect(demo.run.metrics.recordSummary).toEqual({ inputRecordCount: 10000, outputRecordCount: 9960, failedRecordCount: 40 });
    // The rejected rows as the diagnostics files hold them: the row's values, and why (column and field).
    expect(demo.rejected).toHaveLength(5);
    expect(demo.rejected[0]).toMatchObject({
      row: { id: 250, birth_date: 'unknown' },
      errors: [{ code: 'MAPPER-3700-400', column: 'birth_date', field: 'person.birthDate', message: expect.stringContaining('not a date') }],
    });
    // The records, read from the batch's Parquet file (dates and times as the JSON of a record shows them).
    expect(demo.records).toHaveLength(3);
    expect(demo.records[0]).toMatchObject({ person: { name: { fullName: expect.any(String) }, birthDate: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) } });
  }, 90_000);
});
