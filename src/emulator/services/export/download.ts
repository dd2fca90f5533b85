// A file of the data lake as the Data Access API downloads it (data-access/tutorials/dataset-data.md):
// `application/octet-stream`, `Accept-Ranges: bytes`, a `Range: bytes=…` answered 206 with `Content-Range`
// (416 past the end), and for `HEAD` the same headers without the body.

import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { EmulatorRequest, Reply } from '../../http-types.js';
import type { LakeFile } from '../../runner/data-lake.js';

const OCTET_STREAM = 'application/octet-stream';

/** Reads the file only once the response reads it, so that a reply that is never sent holds no file open. */
function fileStream(path: string, range?: { start: number; end: number }): Readable {
  return Readable.from(
    (async function* () {
      const handle = await open(path, 'r');
      try {
        for await (const chunk of handle.createReadStream({ autoClose: false, ...range })) yield chunk as Buffer;
      } finally {
        await handle.close();
      }
    })(),
    { objectMode: false },
  );
}

/** `Range: bytes=a-b | a- | -n` against a file of `size` bytes; undefined for none (or several: served whole). */
function byteRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const m = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (m[2] !== '' && Number(m[2]) < start) return undefined;
  }
  return start >= size ? 'unsatisfiable' : { start, end };
}

/** A file's content, whole or the requested range; headers only for HEAD. */
export function download(request: EmulatorRequest, file: LakeFile): Reply {
  const headers: Record<string, string> = { 'content-type': OCTET_STREAM, 'accept-ranges': 'bytes' };
  const range = byteRange(typeof request.headers.range === 'string' ? request.headers.range : undefined, file.size);
  if (range === 'unsatisfiable') {
    return { status: 416, body: { title: 'Range Not Satisfiable', status: 416, detail: `${file.name} has ${file.size} bytes` }, headers: { 'content-range': `bytes */${file.size}` } };
  }
  const head = request.method === 'HEAD';
  if (range) {
    headers['content-range'] = `bytes ${range.start}-${range.end}/${file.size}`;
    headers['content-length'] = String(range.end - range.start + 1);
    return { status: 206, headers, ...(!head && { body: fileStream(file.path, range) }) };
  }
  headers['content-length'] = String(file.size);
  return { status: 200, headers, ...(!head && { body: fileStream(file.path) }) };
}
