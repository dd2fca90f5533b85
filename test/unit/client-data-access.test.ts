// The client's Data Access reading against the Platform's documented answers (nock): listings followed by their
// absolute `_links.self.href` (written `https://platform.adobe.io:443/…` in Adobe's examples) and `_links.next`,
// Parquet read by `Range` requests (206), JSON lines, and the rejected rows of error diagnostics, in the documented
// form and in the older emulator's. Links to any other host are refused before anything is sent there.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, describe, expect, it } from 'vitest';
import { ParquetRecordsWriter } from '../../src/emulator/runner/parquet-records.js';
import { createPlatformClient, type PlatformClient } from '../../src/platform/client.js';
import { ResponseShapeError } from '../../src/platform/errors.js';
import { useNock } from '../helpers/nock.js';

const PLATFORM = 'https://platform.adobe.io';
const EXPORT = '/data/foundation/export';
const BATCH = '01EFZ7W203PEKSAMVJC3X99VHQ';
const AEP_HEADERS = { authorization: 'Bearer tok', 'x-api-key': 'cid', 'x-gw-ims-org-id': 'ORG@AdobeOrg', 'x-sandbox-name': 'dev' };

const dir = await mkdtemp(join(tmpdir(), 'flowctl-data-access-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

useNock();

function client(): Promise<PlatformClient> {
  return createPlatformClient({ sandbox: 'dev', orgId: 'ORG@AdobeOrg', clientId: 'cid', accessToken: 'tok', maxRetries: 0, sleep: async () => undefined });
}

const platform = () => nock(PLATFORM, { reqheaders: AEP_HEADERS });

async function collect<T>(items: AsyncIterable<T>, max = Infinity): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) {
    out.push(item);
    if (out.length >= max) break;
  }
  return out;
}

/** A Parquet file of `count` records `{person: {name: {fullName}}, _acme: {id}}`, in groups of `groupRows`. */
async function parquetFile(count: number, groupRows: number): Promise<Buffer> {
  const path = join(dir, `${count}-${groupRows}.parquet`);
  const writer = await ParquetRecordsWriter.open(
    path,
    [
      { segments: ['person', 'name', 'fullName'], field: { type: 'string' } },
      { segments: ['_acme', 'id'], field: { type: 'integer' } },
    ],
    groupRows,
  );
  for (let i = 0; i < count; i++) await writer.add([`Person ${i}`, i]);
  await writer.close();
  return readFile(path);
}

/** Answers `Range: bytes=a-b` with 206 and the bytes, as the Data Access API documents. */
function serveRanges(scope: nock.Scope, path: string, file: Buffer, times: number): nock.Scope {
  return scope
    .get(path)
    .times(times)
    .reply(function () {
      const m = /^bytes=(\d+)-(\d+)$/.exec(String(this.req.headers['range']));
      if (!m) return [200, file, { 'content-type': 'application/octet-stream' }];
      const [start, end] = [Number(m[1]), Number(m[2])];
      return [206, file.subarray(start, end + 1), { 'content-type': 'application/octet-stream', 'content-range': `bytes ${start}-${end}/${file.length}` }];
    });
}

describe('batch records', () => {
  it('follows the listings’ absolute links (with :443) and reads Parquet by ranges, a row group at a time', async () => {
    const file = await parquetFile(600_000, 100_000);
    const name = `part-00000-${BATCH}-c000.snappy.parquet`;
    const scope = platform()
      .get(`${EXPORT}/batches/${BATCH}/files`)
      .reply(200, {
        data: [{ dataSetFileId: `${BATCH}-1`, dataSetViewId: 'v', version: '1.0.0', isValid: true, _links: { self: { href: `https://platform.adobe.io:443${EXPORT}/files/${BATCH}-1` } } }],
        _page: { limit: 100, count: 1 },
      })
      .get(`${EXPORT}/files/${BATCH}-1`)
      .reply(200, {
        data: [{ name, length: String(file.length), _links: { self: { href: `https://platform.adobe.io:443${EXPORT}/files/${BATCH}-1?path=${name}` } } }],
        _page: { limit: 100, count: 1 },
      });
    // The footer, then the first row group: two ranged downloads for the first ten records of a 600,000-row file.
    serveRanges(scope, `${EXPORT}/files/${BATCH}-1?path=${name}`, file, 2);
    const aep = await client();
    const records = await collect(aep.dataAccess.batches.records(BATCH), 10);
    expect(records).toEqual(Array.from({ length: 10 }, (_, i) => ({ person: { name: { fullName: `Person ${i}` } }, _acme: { id: i } })));
  });

  it('asks HEAD for the size when a listing gives none, and pages with _links.next', async () => {
    const file = await parquetFile(50, 20);
    const scope = platform()
      .get(`${EXPORT}/batches/${BATCH}/files`)
      .reply(200, {
        data: [{ dataSetFileId: 'f1', _links: { self: { href: `${PLATFORM}${EXPORT}/files/f1` } } }],
        _page: { limit: 1, count: 1 },
        _links: { next: { href: `${PLATFORM}${EXPORT}/batches/${BATCH}/files?start=1&limit=1` } },
      })
      .get(`${EXPORT}/files/f1`)
      .reply(200, { data: [{ name: 'a.parquet', _links: { self: { href: `${PLATFORM}${EXPORT}/files/f1?path=a.parquet` } } }] })
      .head(`${EXPORT}/files/f1?path=a.parquet`)
      .reply(200, '', { 'content-length': String(file.length), 'content-type': 'application/octet-stream' })
      .get(`${EXPORT}/batches/${BATCH}/files?start=1&limit=1`)
      .reply(200, { data: [{ dataSetFileId: 'f2' }], _page: { limit: 1, count: 1 } })
      // Without links, the documented paths.
      .get(`${EXPORT}/files/f2`)
      .reply(200, { data: [{ name: 'old.jsonl', length: '30' }] })
      .get(`${EXPORT}/files/f2?path=old.jsonl`)
      .reply(200, '{"a":1}\n{"a":2}\n', { 'content-type': 'application/x-ndjson' });
    serveRanges(scope, `${EXPORT}/files/f1?path=a.parquet`, file, 1);
    const aep = await client();
    const records = await collect(aep.dataAccess.batches.records(BATCH));
    expect(records).toHaveLength(52);
    expect(records.slice(-2)).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('reads a part whose name does not say Parquet as Parquet when it starts as one', async () => {
    const file = await parquetFile(30, 10);
    const scope = platform()
      .get(`${EXPORT}/batches/${BATCH}/files`)
      .reply(200, { data: [{ dataSetFileId: 'f1' }] })
      .get(`${EXPORT}/files/f1`)
      .reply(200, { data: [{ name: 'part-00000', length: String(file.length) }] })
      // First read as JSON lines; its first bytes say PAR1, so it is read again by ranges.
      .get(`${EXPORT}/files/f1?path=part-00000`)
      .reply(200, file);
    serveRanges(scope, `${EXPORT}/files/f1?path=part-00000`, file, 1);
    const aep = await client();
    expect(await collect(aep.dataAccess.batches.records(BATCH))).toHaveLength(30);
  });

  it('refuses a link to another host, sending nothing there', async () => {
    platform()
      .get(`${EXPORT}/batches/${BATCH}/files`)
      .reply(200, { data: [{ dataSetFileId: 'f1', _links: { self: { href: `https://evil.example.com${EXPORT}/files/f1` } } }] });
    const elsewhere = nock('https://evil.example.com').get(() => true).reply(200, {});
    const aep = await client();
    const error = await collect(aep.dataAccess.batches.records(BATCH)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseShapeError);
    expect((error as Error).message).toMatch(/linked to https:\/\/evil\.example\.com\/data\/foundation\/export\/files\/f1, outside https:\/\/platform\.adobe\.io\/data\/foundation\/export/);
    expect(elsewhere.isDone()).toBe(false);
    nock.cleanAll();
  });

  it('refuses a link outside the Data Access API on the Platform’s own host', async () => {
    platform()
      .get(`${EXPORT}/batches/${BATCH}/files`)
      .reply(200, { data: [{ dataSetFileId: 'f1', _links: { self: { href: `${PLATFORM}/data/foundation/catalog/dataSets` } } }] });
    const aep = await client();
    await expect(collect(aep.dataAccess.batches.records(BATCH))).rejects.toThrow(/outside https:\/\/platform\.adobe\.io\/data\/foundation\/export/);
  });
});

describe('rejected rows (error diagnostics)', () => {
  it('lists meta?path=row_errors and reads each file by its link: the row’s values and its _errors', async () => {
    const lines = [
      { id: 250, birth_date: 'unknown', _errors: [{ code: 'MAPPER-3700-400', message: 'not a date', column: 'birth_date', field: 'person.birthDate' }] },
      { _corrupt_record: "{missingQuotes: 'v1'}", _errors: [{ code: '1401', message: 'Row is corrupted and cannot be read, please fix and resend.' }], _filename: 'parsing_errors_0.json' },
    ];
    platform()
      .get(`${EXPORT}/batches/${BATCH}/meta?path=row_errors`)
      .reply(200, {
        data: [
          { name: 'conversion_errors_0.json', length: '100', _links: { self: { href: `https://platform.adobe.io:443${EXPORT}/batches/${BATCH}/meta?path=row_errors%2Fconversion_errors_0.json` } } },
          { name: 'parsing_errors_0.json', length: '100', _links: { self: { href: `https://platform.adobe.io:443${EXPORT}/batches/${BATCH}/meta?path=row_errors%2Fparsing_errors_0.json` } } },
        ],
        _page: { limit: 100, count: 2 },
      })
      .get(`${EXPORT}/batches/${BATCH}/meta?path=row_errors%2Fconversion_errors_0.json`)
      .reply(200, `${JSON.stringify(lines[0])}\n`)
      .get(`${EXPORT}/batches/${BATCH}/meta?path=row_errors%2Fparsing_errors_0.json`)
      .reply(200, JSON.stringify(lines[1]));
    const aep = await client();
    expect(await collect(aep.dataAccess.batches.errors(BATCH))).toEqual([
      { row: { id: 250, birth_date: 'unknown' }, errors: [{ code: 'MAPPER-3700-400', message: 'not a date', column: 'birth_date', field: 'person.birthDate' }] },
      { row: { _corrupt_record: "{missingQuotes: 'v1'}", _filename: 'parsing_errors_0.json' }, errors: [{ code: '1401', message: 'Row is corrupted and cannot be read, please fix and resend.' }] },
    ]);
  });

  it('reads the older emulator’s form ({rowNumber, errors, row}) the same way, and an empty listing as none', async () => {
    platform()
      .get(`${EXPORT}/batches/${BATCH}/meta?path=row_errors`)
      .reply(200, { data: [{ name: 'row_errors.jsonl', length: '10' }], _page: { limit: 100, count: 1 } })
      .get(`${EXPORT}/batches/${BATCH}/meta?path=row_errors%2Frow_errors.jsonl`)
      .reply(200, `${JSON.stringify({ rowNumber: 3, errors: [{ code: 'MAPPER-3700-400', message: 'bad', field: 'x', source: 'col' }], row: { col: 'v' } })}\n`)
      .get(`${EXPORT}/batches/OTHER/meta?path=row_errors`)
      .reply(200, { data: [], _page: { limit: 100, count: 0 } });
    const aep = await client();
    expect(await collect(aep.dataAccess.batches.errors(BATCH))).toEqual([{ row: { col: 'v' }, errors: [{ code: 'MAPPER-3700-400', message: 'bad', column: 'col', field: 'x' }] }]);
    expect(await collect(aep.dataAccess.batches.errors('OTHER'))).toEqual([]);
  });
});
