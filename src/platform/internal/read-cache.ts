// Reads remembered for the life of one job (an `apply` of many tables): the same tenant, flow spec, base
// connection and table columns are read once, not once per table, because every request counts under a rate
// limit. Only GETs matching a rule are remembered; concurrent reads of one resource share one request; a read
// that fails is forgotten so that the next caller tries again; a write to a resource forgets what was read of
// it (and of what lies below or above it: `/connections/{id}` and `/connections/{id}/explore`).

import type { PlatformRequest, PlatformResponse, Service } from './http.js';

/** Which reads to remember: one service's paths (below its base path, without the query). */
export interface ReadCacheRule {
  service: Service;
  paths: readonly RegExp[];
}

interface Entry {
  service: Service;
  path: string;
  response: Promise<PlatformResponse>;
}

export class ReadCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly rules: readonly ReadCacheRule[]) {}

  /** True for a GET one of the rules names. */
  covers(request: PlatformRequest): boolean {
    if (request.method !== 'GET') return false;
    const path = pathOf(request);
    return this.rules.some((rule) => rule.service === request.service && rule.paths.some((p) => p.test(path)));
  }

  /** The remembered answer under `key`, or `send`'s, shared by every caller until it settles and kept if it succeeds. */
  read(request: PlatformRequest, key: string, send: () => Promise<PlatformResponse>): Promise<PlatformResponse> {
    const known = this.entries.get(key);
    if (known) return known.response;
    const response = send();
    const entry: Entry = { service: request.service, path: pathOf(request), response };
    this.entries.set(key, entry);
    // Only this entry: a write may already have replaced it with a newer read.
    response.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return response;
  }

  /** Remembers an answer already had another way (a resource found in a list). */
  seed(request: PlatformRequest, key: string, response: PlatformResponse): void {
    this.entries.set(key, { service: request.service, path: pathOf(request), response: Promise.resolve(response) });
  }

  /** After (and before) a write: forgets every read of the written resource, of what it holds, and of its collection. */
  forget(write: PlatformRequest): void {
    const path = pathOf(write);
    for (const [key, entry] of this.entries) {
      if (entry.service === write.service && related(entry.path, path)) this.entries.delete(key);
    }
  }
}

function pathOf(request: PlatformRequest): string {
  const query = request.path.indexOf('?');
  return query < 0 ? request.path : request.path.slice(0, query);
}

/** One path is the other, or lies below it. */
function related(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}
