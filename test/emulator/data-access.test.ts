// The emulator's Data Access API as Adobe documents it (data-access/tutorials/dataset-data.md): HEAD with the
// size, `Range` downloads (206, Content-Range; 416 past the end), `start`/`limit` paging with `_links.next`,
// several row groups, data written by emulators before Parquet, and files of another sandbox or outside the
// batch's folder not found. flowctl's own client reads it all back.

import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetMetadata } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformClient, type PlatformClient } from '../../src/platform/client.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { adHocRun, batchIdOf, type Chain, createChain, createFlow, customers, type CustomerRow, EXPORT, FakeDatabase, finished, parquetRecords } from './runner-helpers.js';

const T0 = new Date('2025-01-01T00:00:00Z');
const ROWS = 1000;
const table: CustomerRow[] = customers(ROWS, T0);
let dir: string;
let e: TestEmulator;
let chain: Chain;
let batchId: string;
let part: string;
let aep: PlatformClient;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flowctl-data-access-'));
  // Small row groups, so that a file of 1,000 records has ten.
  e = await startTestEmulator({ dataDir: dir, openReader: new FakeDatabase({ 'crm.customers': table }).open, rowGroupRows: 100 });
  chain = await createChain(e);
  const run = await finished(e, await adHocRun(e, await createFlow(e, chain)));
  batchId = batchIdOf(run) as string;
  part = `part-00000-${batchId}-c000.snappy.parquet`;
  const c = e.emulator.credentials;
  aep = await createPlatformClient({ sandbox: 'dev', orgId: c.orgId, clientId: c.clientId, clientSecret: c.clientSecret, platformUrl: e.url, imsUrl: e.url });
});
afterAll(async () => {
  await e.close();
  await rm(dir, { recursive: true, force: true });
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('Data Access downloads', () => {
  it('answers HEAD with the size and type, and no body', async () => {
    const whole = await e.api('GET', `${EXPORT}/files/${batchId}-1?path=${part}`);
    const head = await e.api('HEAD', `${EXPORT}/files/${batchId}-1?path=${part}`);
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(whole.bytes.length));
    expect(head.headers.get('content-type')).toBe('application/octet-stream');
    expect(head.headers.get('accept-ranges')).toBe('bytes');
    expect(head.bytes.length).toBe(0);
    expect(parquetMetadata(whole.bytes.buffer.slice(0) as ArrayBuffer).row_groups).toHaveLength(10);
  });

  it('answers a Range with 206 and those bytes, as the tutorial’s first 100 bytes', async () => {
    const whole = (await e.api('GET', `${EXPORT}/files/${batchId}-1?path=${part}`)).bytes;
    const size = whole.length;
    const first = await e.api('GET', `${EXPORT}/files/${batchId}-1?path=${part}`, { headers: { range: 'bytes=0-99' } });
    expect(first.status).toBe(206);
    expect(first.headers.get('content-range')).toBe(`bytes 0-99/${size}`);
    expect(first.headers.get('content-length')).toBe('100');
    expect(first.bytes).toEqual(whole.subarray(0, 100));
    const tail = await e.api('GET', `${EXPORT}/files/${batchId}-1?path=${part}`, { headers: { range: 'bytes=-8' } });
    expect(tail.status).toBe(206);
    expect(new TextDecoder().decode(tail.bytes.subarray(4))).toBe('PAR1');
    const open = await e.api('GET', `${EXPORT}/files/${batchId}-1?path=${part}`, { headers: { range: `bytes=${size - 10}-` } });
    expect(open.headers.get('content-range')).toBe(`bytes ${size - 10}-${size - 1}/${size}`);
    const beyond = await e.api('GET', `${EXPORT}/files/${batchId}-1?path=${part}`, { headers: { range: `bytes=${size}-${size + 10}` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${size}`);
  });

  it('pages a listing with start and limit, linking the next page', async () => {
    const page = await e.api('GET', `${EXPORT}/batches/${batchId}/files?limit=1`);
    expect(page.body._page).toEqual({ limit: 1, count: 1 });
    expect(page.body._links).toBeUndefined();
    const empty = await e.api('GET', `${EXPORT}/batches/${batchId}/files?start=1&limit=1`);
    expect(empty.body.data).toEqual([]);
    expect((await e.api('GET', `${EXPORT}/batches/${batchId}/files?limit=0`)).status).toBe(400);
    expect((await e.api('GET', `${EXPORT}/batches/${batchId}/files?limit=many`)).status).toBe(400);
  });

  it('links a next page when the listing is longer than its limit', async () => {
    // A batch with two diagnostics-style files in input_files is easiest to make by hand.
    const meta = join(dir, 'data', 'dev', chain.dataSetId, batchId, 'meta', 'input_files');
    await writeFile(join(meta, 'fileMetaData1.json'), '{"path":"more"}\n');
    const first = await e.api('GET', `${EXPORT}/batches/${batchId}/meta?path=input_files&limit=1`);
    expect(first.body.data.map((f: any) => f.name)).toEqual(['fileMetaData0.json']);
    expect(first.body._links.next.href).toBe(`${e.url}${EXPORT}/batches/${batchId}/meta?path=input_files&start=1&limit=1`);
    const next = new URL(first.body._links.next.href);
    const second = await e.api('GET', `${next.pathname}${next.search}`);
    expect(second.body.data.map((f: any) => f.name)).toEqual(['fileMetaData1.json']);
    await rm(join(meta, 'fileMetaData1.json'));
  });

  it('refuses HEAD of a dataset file without ?path: it describes one file', async () => {
    const r = await e.api('HEAD', `${EXPORT}/files/${batchId}-1`);
    expect(r.status).toBe(400);
  });

  it('lists and serves the rejected rows an emulator before this layout kept in meta/row_errors.jsonl', async () => {
    const metaDir = join(dir, 'data', 'dev', chain.dataSetId, batchId, 'meta');
    const line = JSON.stringify({ rowNumber: 3, errors: [{ code: 'MAPPER-3700-400', message: 'bad' }], row: { id: 3 } });
    await writeFile(join(metaDir, 'row_errors.jsonl'), `${line}\n`);
    try {
      const listed = await e.api('GET', `${EXPORT}/batches/${batchId}/meta?path=row_errors`);
      expect(listed.body.data.map((f: any) => f.name)).toEqual(['row_errors.jsonl']);
      expect(listed.body.data[0]._links.self.href).toBe(`${e.url}${EXPORT}/batches/${batchId}/meta?path=row_errors%2Frow_errors.jsonl`);
      expect(await collect(aep.dataAccess.batches.errors(batchId))).toEqual([{ row: { id: 3 }, errors: [{ code: 'MAPPER-3700-400', message: 'bad' }] }]);
    } finally {
      await rm(join(metaDir, 'row_errors.jsonl'));
    }
  });

  it('serves no file of another sandbox, and no path outside the batch’s folder', async () => {
    expect((await e.api('GET', `${EXPORT}/files/${batchId}-1?path=${part}`, { sandbox: 'prod' })).status).toBe(404);
    expect((await e.api('HEAD', `${EXPORT}/files/${batchId}-1?path=${part}`, { sandbox: 'prod' })).status).toBe(404);
    expect((await e.api('GET', `${EXPORT}/batches/${batchId}/meta?path=row_errors`, { sandbox: 'prod' })).status).toBe(404);
    expect((await e.api('GET', `${EXPORT}/batches/${batchId}/failed`, { sandbox: 'prod' })).status).toBe(404);
    for (const path of ['../../../../../etc/passwd', 'input_files/../../x', '/etc/passwd', 'input_files/', '']) {
      const r = await e.api('GET', `${EXPORT}/batches/${batchId}/meta?path=${encodeURIComponent(path)}`);
      expect(r.status, path).toBeGreaterThanOrEqual(400);
    }
    expect((await e.api('GET', `${EXPORT}/files/${batchId}-1?path=..%2Fmeta%2Finput_files%2FfileMetaData0.json`)).status).toBe(404);
  });
});

describe('flowctl’s client on the emulator', () => {
  it('reads every record of a batch of ten row groups, in order', async () => {
    const records = await collect(aep.dataAccess.batches.records(batchId));
    expect(records).toHaveLength(ROWS);
    expect(records[0]).toEqual({
      _flowctl: { customerId: 1, birthDate: table[0]?.birth_date, updatedAt: '2025-01-01T00:00:00.000Z' },
      person: { name: { fullName: 'Customer 1' } },
      personalEmail: { address: 'c1@example.com' },
    });
    expect(records.map((r: any) => r._flowctl.customerId)).toEqual(table.map((r) => r.id));
    // The same as a whole-file read.
    const whole = await e.api('GET', `${EXPORT}/files/${batchId}-1?path=${part}`);
    expect(await parquetRecords(whole.bytes)).toEqual(records);
  });

  it('renews a token that stops working in the middle of a download, once, and reads on', async () => {
    const [batchFile] = await collect(aep.dataAccess.batches.files(batchId));
    const [part] = await collect(aep.dataAccess.files.list(batchFile as never));
    // Every token issued so far is refused from now on: the first ranged download gets 401 and must renew it.
    e.emulator.expireTokens();
    const records = await collect(aep.dataAccess.files.records(part as never));
    expect(records).toHaveLength(ROWS);
  });

  it('reads a batch an emulator before Parquet wrote as JSON lines', async () => {
    const old = customers(3, T0, 500);
    const local = await startTestEmulator({ dataDir: await mkdtemp(join(tmpdir(), 'flowctl-legacy-')), openReader: new FakeDatabase({ 'crm.customers': old }).open });
    try {
      const c = await createChain(local);
      const run = await finished(local, await adHocRun(local, await createFlow(local, c)));
      const id = batchIdOf(run) as string;
      // Replace the Parquet file with the JSON lines the emulator used to write.
      const folder = join(local.emulator.store.dataDir as string, 'data', 'dev', c.dataSetId, id);
      for (const name of await readdir(folder)) if (name.startsWith('part-')) await rm(join(folder, name));
      await writeFile(join(folder, 'part-00000.jsonl'), old.map((r) => JSON.stringify({ _flowctl: { customerId: r.id } })).join('\n'));
      const listed = await local.api('GET', `${EXPORT}/files/${id}-1`);
      expect(listed.body.data.map((f: any) => f.name)).toEqual(['part-00000.jsonl']);
      const lc = local.emulator.credentials;
      const client = await createPlatformClient({ sandbox: 'dev', orgId: lc.orgId, clientId: lc.clientId, clientSecret: lc.clientSecret, platformUrl: local.url, imsUrl: local.url });
      expect(await collect(client.dataAccess.batches.records(id))).toEqual([{ _flowctl: { customerId: 500 } }, { _flowctl: { customerId: 501 } }, { _flowctl: { customerId: 502 } }]);
    } finally {
      await local.close();
    }
  });
});
