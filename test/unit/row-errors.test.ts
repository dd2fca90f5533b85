// The rejected rows' files (runner/row-errors.ts): JSON lines in the documented form, a new file every N rows, the
// first rows again as samples, big integers as their digits.

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RowErrorFiles } from '../../src/emulator/runner/row-errors.js';

const dir = await mkdtemp(join(tmpdir(), 'flowctl-row-errors-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const lines = async (path: string) => (await readFile(path, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));

describe('RowErrorFiles', () => {
  it('writes each row with its _errors, a new file every N rows, and the first rows as samples', async () => {
    const meta = join(dir, 'rotate', 'meta');
    const files = new RowErrorFiles(meta, 3);
    for (let i = 0; i < 7; i++) {
      await files.write({ id: i, big: 9007199254740993n }, [{ code: 'MAPPER-3700-400', message: `bad ${i}`, field: 'person.birthDate', source: 'birth_date' }]);
    }
    await files.close();
    expect((await readdir(join(meta, 'row_errors'))).sort()).toEqual(['conversion_errors_0.json', 'conversion_errors_1.json', 'conversion_errors_2.json']);
    expect(await lines(join(meta, 'row_errors', 'conversion_errors_0.json'))).toHaveLength(3);
    expect(await lines(join(meta, 'row_errors', 'conversion_errors_2.json'))).toEqual([
      { id: 6, big: '9007199254740993', _errors: [{ code: 'MAPPER-3700-400', message: 'bad 6', column: 'birth_date', field: 'person.birthDate' }] },
    ]);
    expect((await lines(join(meta, 'row_error_samples.json'))).map((l) => l.id)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('writes nothing when no row was rejected', async () => {
    const meta = join(dir, 'none', 'meta');
    await new RowErrorFiles(meta).close();
    await expect(readdir(meta)).rejects.toThrow(/ENOENT/);
  });
});
