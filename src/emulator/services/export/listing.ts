// Data Access listings as Adobe documents them: `{"data": [...], "_page": {limit, count}}`, paged with `start`
// and `limit` (default 100) and `_links.next` when there is more, every link absolute — the Platform writes
// `https://platform.adobe.io:443/data/foundation/export/…`; the emulator links to the host the client called.

import { fail, problem } from '../../errors.js';
import type { EmulatorRequest, Reply } from '../../http-types.js';
import type { LakeFile } from '../../runner/data-lake.js';

export const EXPORT_BASE = '/data/foundation/export';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

export const badRequest = (detail: string) => problem(400, 'Bad Request', detail);

function limits(request: EmulatorRequest): { start: number; limit: number } {
  const read = (name: string, fallback: number, max: number) => {
    const raw = request.query.get(name);
    if (raw === null) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) > max) fail(badRequest(`Query parameter ${name} must be an integer from 0 to ${max}`));
    return Number(raw);
  };
  const limit = read('limit', DEFAULT_LIMIT, MAX_LIMIT);
  if (limit === 0) fail(badRequest('Query parameter limit must be at least 1'));
  return { start: read('start', 0, Number.MAX_SAFE_INTEGER), limit };
}

export class Listings {
  /** `fallbackOrigin`: the emulator's own URL, for a request without a Host header. */
  constructor(private readonly fallbackOrigin: () => string | undefined) {}

  /** An absolute link to `path` below the export API, on the host the client called. */
  href(request: EmulatorRequest, path: string): string {
    const host = request.headers.host;
    const origin = typeof host === 'string' && host !== '' ? `http://${host}` : (this.fallbackOrigin() ?? '');
    return `${origin}${EXPORT_BASE}${path}`;
  }

  /** One page of a listing (itself at `path`), with `_links.next` when there is more. */
  page(request: EmulatorRequest, path: string, items: Array<Record<string, unknown>>): Reply {
    const { start, limit } = limits(request);
    const data = items.slice(start, start + limit);
    const separator = path.includes('?') ? '&' : '?';
    const links = start + limit < items.length ? { _links: { next: { href: this.href(request, `${path}${separator}start=${start + limit}&limit=${limit}`) } } } : {};
    return { status: 200, body: { data, _page: { limit, count: data.length }, ...links } };
  }

  /**
   * Files as a listing (itself at `listPath`), each linking to `<base>?path=<prefix><name>`, as the Platform
   * links `meta?path=row_errors%2Fconversion_errors_0.json`.
   */
  files(request: EmulatorRequest, listPath: string, base: string, files: LakeFile[], prefix = ''): Reply {
    const items = files.map((f) => ({
      name: f.name,
      length: String(f.size),
      _links: { self: { href: this.href(request, `${base}?path=${encodeURIComponent(prefix + f.name)}`) } },
    }));
    return this.page(request, listPath, items);
  }
}
