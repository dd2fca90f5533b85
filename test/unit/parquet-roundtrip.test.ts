// The emulator's Parquet encoder and flowctl's Parquet reader, against each other and against hyparquet's own
// reading of the file's metadata: the XDM → Parquet type mapping, nested groups, nulls, several row groups, and
// reading by ranges one row group at a time.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetMetadata, parquetSchema } from 'hyparquet';
import { afterAll, describe, expect, it } from 'vitest';
import { type EncodedField, ParquetFileEncoder, parquetSchemaOf } from '../../src/emulator/runner/parquet-encoder.js';
import { ParquetRecordsWriter } from '../../src/emulator/runner/parquet-records.js';
import { type FetchRange, parquetRecords } from '../../src/platform/internal/parquet-reader.js';

const dir = await mkdtemp(join(tmpdir(), 'flowctl-parquet-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const FIELDS: EncodedField[] = [
  { segments: ['_acme', 'id'], field: { type: 'integer' } },
  { segments: ['person', 'name', 'fullName'], field: { type: 'string' } },
  { segments: ['person', 'birthDate'], field: { type: 'string', format: 'date' } },
  { segments: ['_acme', 'updatedAt'], field: { type: 'string', format: 'date-time' } },
  { segments: ['_acme', 'score'], field: { type: 'number' } },
  { segments: ['_acme', 'vip'], field: { type: 'boolean' } },
  { segments: ['personalEmail', 'address'], field: { type: 'string' } },
];

/** Values as convert.ts gives them, and the record a reader must see. */
function record(i: number): { values: unknown[]; expected: Record<string, unknown> } {
  const name = i % 7 === 0 ? undefined : i % 5 === 0 ? `Zoë Ünlü ${i} 🐧` : `Person ${i}`;
  const birth = i % 3 === 0 ? undefined : `19${String(50 + (i % 50)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`;
  const updatedAt = new Date(Date.UTC(2025, 0, 1) + i * 1000 + (i % 1000)).toISOString();
  const values = [i === 3 ? Number.MAX_SAFE_INTEGER : i, name, birth, updatedAt, i / 8, i % 2 === 0, i % 11 === 0 ? undefined : `p${i}@example.com`];
  const person: Record<string, unknown> = {};
  if (name !== undefined) person['name'] = { fullName: name };
  if (birth !== undefined) person['birthDate'] = birth;
  return {
    values,
    expected: {
      _acme: { id: values[0], updatedAt, score: i / 8, vip: i % 2 === 0 },
      ...(Object.keys(person).length > 0 && { person }),
      ...(values[6] !== undefined && { personalEmail: { address: values[6] } }),
    },
  };
}

async function writeFile(name: string, count: number, groupRows: number): Promise<Uint8Array> {
  const path = join(dir, name);
  const writer = await ParquetRecordsWriter.open(path, FIELDS, groupRows);
  for (let i = 0; i < count; i++) {
    const wait = writer.add(record(i).values);
    if (wait) await wait;
  }
  await writer.close();
  const bytes = await readFile(path);
  expect(writer.bytes).toBe(bytes.length);
  return new Uint8Array(bytes);
}

/** Serves a file's bytes by ranges, as a Data Access download with `Range` does; counts the requests. */
function ranges(bytes: Uint8Array, o: { ignoreRange?: boolean } = {}): { fetch: FetchRange; calls: Array<[number, number]> } {
  const calls: Array<[number, number]> = [];
  return {
    calls,
    fetch: async (start, end) => {
      calls.push([start, end]);
      if (o.ignoreRange) return { start: 0, bytes: bytes.slice().buffer };
      return { start, bytes: bytes.slice(start, end).buffer };
    },
  };
}

async function readAll(generator: AsyncGenerator<Record<string, unknown>>): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const r of generator) out.push(r);
  return out;
}

describe('Parquet as the data lake stores it', () => {
  it('maps XDM types to Parquet logical types, nested objects to optional groups, snappy-compressed', async () => {
    const bytes = await writeFile('types.parquet', 10, 100);
    const metadata = parquetMetadata(bytes.buffer as ArrayBuffer);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('PAR1');
    const leaves = Object.fromEntries(metadata.schema.filter((e) => e.type !== undefined).map((e) => [e.name, e]));
    expect(leaves['id']).toMatchObject({ type: 'INT64', logical_type: { type: 'INTEGER', bitWidth: 64, isSigned: true }, repetition_type: 'OPTIONAL' });
    expect(leaves['fullName']).toMatchObject({ type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } });
    expect(leaves['birthDate']).toMatchObject({ type: 'INT32', converted_type: 'DATE' });
    expect(leaves['updatedAt']).toMatchObject({ type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' } });
    expect(leaves['score']).toMatchObject({ type: 'DOUBLE' });
    expect(leaves['vip']).toMatchObject({ type: 'BOOLEAN' });
    // Groups in the order the fields first name them: _acme, person (with name inside), personalEmail.
    const tree = parquetSchema(metadata);
    expect(tree.children.map((c) => c.element.name)).toEqual(['_acme', 'person', 'personalEmail']);
    expect(tree.children[1]?.children.map((c) => c.element.name)).toEqual(['name', 'birthDate']);
    expect(tree.children.every((c) => c.element.repetition_type === 'OPTIONAL')).toBe(true);
    expect(new Set(metadata.row_groups.flatMap((g) => g.columns.map((c) => c.meta_data?.codec)))).toEqual(new Set(['SNAPPY']));
    expect(parquetSchemaOf(FIELDS)).toEqual(metadata.schema);
  });

  it('reads back every record as it was mapped: dates as YYYY-MM-DD, times as ISO-8601, null fields and empty groups left out', async () => {
    const bytes = await writeFile('values.parquet', 120, 50);
    const { fetch } = ranges(bytes);
    const records = await readAll(parquetRecords(bytes.length, fetch));
    expect(records).toEqual(Array.from({ length: 120 }, (_, i) => record(i).expected));
    expect(records[3]?.['_acme']).toMatchObject({ id: Number.MAX_SAFE_INTEGER });
  });

  it('writes a row group every N records; a small file is read in one request (the footer fetch holds it all)', async () => {
    const bytes = await writeFile('groups.parquet', 1000, 100);
    expect(parquetMetadata(bytes.buffer as ArrayBuffer).row_groups.map((g) => Number(g.num_rows))).toEqual(Array(10).fill(100));
    const { fetch, calls } = ranges(bytes);
    expect(await readAll(parquetRecords(bytes.length, fetch))).toHaveLength(1000);
    expect(calls).toEqual([[0, bytes.length]]);
  });

  it('reads a large file a row group per request, and stops when the reader stops', async () => {
    const bytes = await writeFile('large.parquet', 60_000, 7500);
    expect(bytes.length).toBeGreaterThan(1024 * 1024);
    const groups = parquetMetadata(bytes.buffer as ArrayBuffer).row_groups.length;
    expect(groups).toBe(8);

    const all = ranges(bytes);
    const records = await readAll(parquetRecords(bytes.length, all.fetch));
    expect(records).toHaveLength(60_000);
    expect(records[59_999]).toEqual(record(59_999).expected);
    // The footer's fetch (the end of the file), then at most one request per row group.
    expect(all.calls.length).toBeLessThanOrEqual(1 + groups);
    expect(all.calls[0]?.[1]).toBe(bytes.length);

    const preview = ranges(bytes);
    const first: Record<string, unknown>[] = [];
    for await (const r of parquetRecords(bytes.length, preview.fetch)) {
      first.push(r);
      if (first.length === 5) break;
    }
    expect(first).toEqual([0, 1, 2, 3, 4].map((i) => record(i).expected));
    // The footer and the first row group: not the file.
    expect(preview.calls).toHaveLength(2);
    const downloaded = preview.calls.reduce((n, [a, b]) => n + (b - a), 0);
    expect(downloaded).toBeLessThan(bytes.length * 0.75);
  });

  it('keeps the whole file when the server ignores Range, instead of downloading it again per range', async () => {
    const bytes = await writeFile('whole.parquet', 300, 100);
    const { fetch, calls } = ranges(bytes, { ignoreRange: true });
    expect(await readAll(parquetRecords(bytes.length, fetch))).toHaveLength(300);
    expect(calls).toHaveLength(1);
  });

  it('writes an empty file whole, and a discarded file not at all', async () => {
    const empty = await writeFile('empty.parquet', 0, 100);
    expect(await readAll(parquetRecords(empty.length, ranges(empty).fetch))).toEqual([]);
    const path = join(dir, 'discarded.parquet');
    const writer = await ParquetRecordsWriter.open(path, FIELDS, 10);
    for (let i = 0; i < 25; i++) await writer.add(record(i).values);
    await writer.discard();
    await expect(readFile(path)).rejects.toThrow(/ENOENT/);
  });

  it('fails a write into a folder that cannot be created with a WriteError naming the file', async () => {
    const notAFolder = join(dir, 'a-file');
    await writeFile('a-file', 1, 10);
    await expect(ParquetFileEncoder.open(join(notAFolder, 'x.parquet'), FIELDS)).rejects.toThrow(/cannot write .*a-file\/x\.parquet/);
  });
});
