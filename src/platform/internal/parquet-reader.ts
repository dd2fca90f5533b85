// Reads the Parquet files the Data Access API serves, one row group at a time, over HTTP range requests
// (`Range: bytes=…`, answered 206, data-access/tutorials/dataset-data.md "Download partial contents"): first the
// footer, then each row group's bytes in one request, decoded and handed out before the next is asked for. So a
// preview of ten records reads the footer and the first row group, and memory holds one row group whatever the
// file's size. Loaded only by the commands that read data (hyparquet is not part of any other command's start-up).
//
// Values read as the Platform's records show them in JSON: DATE as `YYYY-MM-DD`, TIMESTAMP as ISO-8601 UTC, 64-bit
// integers as numbers (as text beyond ±2^53), and fields that are null left out.

import { type AsyncBuffer, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';

/** Bytes [start, end) of the file; `start` says where the bytes begin (0 when a server sent the whole file). */
export type FetchRange = (start: number, end: number) => Promise<{ start: number; bytes: ArrayBuffer }>;

const PARSERS = {
  dateFromDays: (days: number) => new Date(days * 86_400_000).toISOString().slice(0, 10),
  timestampFromMilliseconds: (ms: bigint | number) => new Date(Number(ms)).toISOString(),
  timestampFromMicroseconds: (us: bigint | number) => new Date(Number(BigInt(us) / 1000n)).toISOString(),
  timestampFromNanoseconds: (ns: bigint | number) => new Date(Number(BigInt(ns) / 1_000_000n)).toISOString(),
};

function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== 'object' || value instanceof Date || value instanceof Uint8Array) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) if (inner !== null && inner !== undefined) out[key] = plain(inner);
  return out;
}

/** A file read by ranges, keeping the last range read so that one request can serve a whole row group. */
class RangedFile implements AsyncBuffer {
  private region: { start: number; bytes: ArrayBuffer } | undefined;

  constructor(
    readonly byteLength: number,
    private readonly fetchRange: FetchRange,
  ) {}

  async load(start: number, end: number): Promise<void> {
    if (!this.covers(start, end)) this.region = await this.fetchRange(start, end);
  }

  private covers(start: number, end: number): boolean {
    const r = this.region;
    return r !== undefined && start >= r.start && end <= r.start + r.bytes.byteLength;
  }

  slice(start: number, end = this.byteLength): ArrayBuffer | Promise<ArrayBuffer> {
    if (this.covers(start, end)) {
      const r = this.region as { start: number; bytes: ArrayBuffer };
      return r.bytes.slice(start - r.start, end - r.start);
    }
    return this.fetchRange(start, end).then((got) => {
      // Kept: the footer's bytes often hold the next slices too, and a server that ignores ranges sent the
      // whole file, which must not be downloaded again per slice.
      this.region = got;
      return got.bytes.slice(start - got.start, end - got.start);
    });
  }
}

/** The records of a Parquet file of `byteLength` bytes, row group after row group. */
export async function* parquetRecords(byteLength: number, fetchRange: FetchRange): AsyncGenerator<Record<string, unknown>> {
  const file = new RangedFile(byteLength, fetchRange);
  const metadata = await parquetMetadataAsync(file);
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rows = Number(group.num_rows);
    let start = Infinity;
    let end = 0;
    for (const column of group.columns) {
      const meta = column.meta_data;
      if (!meta) continue;
      // Some writers put 0 for a dictionary page they did not write.
      const first = Number(meta.dictionary_page_offset ? meta.dictionary_page_offset : meta.data_page_offset);
      start = Math.min(start, first);
      end = Math.max(end, first + Number(meta.total_compressed_size));
    }
    if (end > start) await file.load(start, end);
    const objects = await parquetReadObjects({ file, metadata, rowStart, rowEnd: rowStart + rows, parsers: PARSERS });
    for (const object of objects) yield plain(object) as Record<string, unknown>;
    rowStart += rows;
  }
}
