// The emulator's state: per sandbox, one collection per resource kind, held in memory and written through to
// disk as one JSON file per resource (`<data-dir>/sandboxes/<sandbox>/<collection>/<id>.json`). Writes are
// atomic and serialised per resource, and a response is sent only once its write is on disk, so a restart —
// even after SIGKILL — continues with everything a client was told exists.

import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';

export type CollectionName =
  | 'connections'
  | 'sourceConnections'
  | 'targetConnections'
  | 'flows'
  | 'runs'
  | 'schemas'
  | 'fieldgroups'
  | 'classes'
  | 'descriptors'
  | 'dataSets'
  | 'batches'
  | 'mappingSets';

export interface Stored {
  id: string;
}

/** File names are ids, made safe for every file system. */
function fileName(id: string): string {
  return `${id.replace(/[^A-Za-z0-9._-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}.json`;
}

export class Collection<T extends Stored> {
  private readonly items = new Map<string, T>();
  private readonly writes = new Map<string, Promise<void>>();

  constructor(private readonly dir: string | undefined) {}

  get(id: string): T | undefined {
    return this.items.get(id);
  }

  /** Every item, oldest first. */
  all(): T[] {
    return [...this.items.values()];
  }

  get size(): number {
    return this.items.size;
  }

  /** Stores `item` (replacing one with the same id); resolves once it is on disk. */
  put(item: T): Promise<void> {
    this.items.set(item.id, item);
    return this.persist(item.id);
  }

  /** Removes the item; resolves once the removal is on disk. False if there was none. */
  async delete(id: string): Promise<boolean> {
    if (!this.items.delete(id)) return false;
    await this.persist(id);
    return true;
  }

  /** Loads what a previous run left; leftovers of interrupted writes are removed. */
  async load(): Promise<void> {
    if (!this.dir) return;
    await mkdir(this.dir, { recursive: true });
    const names = (await readdir(this.dir)).sort();
    const loaded: T[] = [];
    for (const name of names) {
      const path = join(this.dir, name);
      if (name.endsWith('.tmp')) {
        await rm(path, { force: true });
        continue;
      }
      if (!name.endsWith('.json')) continue;
      try {
        loaded.push(JSON.parse(await readFile(path, 'utf8')) as T);
      } catch {
        // Atomic writes make a torn file impossible; anything unreadable was not written by us.
        process.emitWarning(`flowctl emulator: ignoring unreadable ${path}`);
      }
    }
    // Keep creation order across restarts: items carry their creation time under one of these names.
    const created = (item: T) => {
      const r = item as Record<string, unknown>;
      return Number(r['createdAt'] ?? r['created'] ?? r['createdDate'] ?? r['meta:createdAt'] ?? 0);
    };
    for (const item of loaded.sort((a, b) => created(a) - created(b))) this.items.set(item.id, item);
  }

  private persist(id: string): Promise<void> {
    if (!this.dir) return Promise.resolve();
    const previous = this.writes.get(id) ?? Promise.resolve();
    // Each write stores whatever the item is when its turn comes, so the last change always wins on disk.
    const next = previous.catch(() => undefined).then(() => this.flush(id));
    this.writes.set(id, next);
    void next.finally(() => {
      if (this.writes.get(id) === next) this.writes.delete(id);
    }).catch(() => undefined);
    return next;
  }

  private async flush(id: string): Promise<void> {
    const path = join(this.dir as string, fileName(id));
    const item = this.items.get(id);
    if (item === undefined) await rm(path, { force: true });
    else await writeFileAtomic(path, JSON.stringify(item));
  }
}

export interface SandboxInfo {
  name: string;
  title: string;
  type: 'production' | 'development';
  isDefault: boolean;
  /** Stable per sandbox, echoed as `sandboxId` on resources. */
  id: string;
}

export class SandboxState {
  private readonly collections = new Map<CollectionName, Collection<Stored>>();
  constructor(
    readonly info: SandboxInfo,
    private readonly dir: string | undefined,
  ) {}

  collection<T extends Stored>(name: CollectionName): Collection<T> {
    let collection = this.collections.get(name);
    if (!collection) {
      collection = new Collection<Stored>(this.dir === undefined ? undefined : join(this.dir, name));
      this.collections.set(name, collection);
    }
    return collection as Collection<T>;
  }

  async load(names: readonly CollectionName[]): Promise<void> {
    for (const name of names) await this.collection(name).load();
  }
}

export interface StoreMeta {
  /** Signs access tokens, so that tokens stay valid across restarts on the same data dir. */
  signingKey: string;
  tenantId: string;
  sandboxes: SandboxInfo[];
}

const ALL_COLLECTIONS: readonly CollectionName[] = [
  'connections',
  'sourceConnections',
  'targetConnections',
  'flows',
  'runs',
  'schemas',
  'fieldgroups',
  'classes',
  'descriptors',
  'dataSets',
  'batches',
  'mappingSets',
];

export class Store {
  private readonly states = new Map<string, SandboxState>();

  private constructor(
    readonly dataDir: string | undefined,
    readonly meta: StoreMeta,
  ) {}

  /** Opens (or creates) the store under `dataDir`; without one everything lives in memory only. */
  static async open(options: { dataDir: string | undefined; sandboxes: readonly string[]; tenantId: string }): Promise<Store> {
    const metaPath = options.dataDir === undefined ? undefined : join(options.dataDir, 'emulator.json');
    let meta: StoreMeta | undefined;
    if (metaPath) {
      await mkdir(options.dataDir as string, { recursive: true });
      try {
        meta = JSON.parse(await readFile(metaPath, 'utf8')) as StoreMeta;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    meta ??= { signingKey: randomBytes(32).toString('hex'), tenantId: options.tenantId, sandboxes: [] };
    for (const name of options.sandboxes) {
      if (!meta.sandboxes.some((s) => s.name === name)) {
        meta.sandboxes.push({
          name,
          title: name === 'prod' ? 'Production' : name.replace(/(^|-)(\w)/g, (_m, sep: string, c: string) => `${sep ? ' ' : ''}${c.toUpperCase()}`),
          type: name === 'prod' ? 'production' : 'development',
          isDefault: name === 'prod',
          id: randomBytes(16).toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
        });
      }
    }
    if (metaPath) await writeFileAtomic(metaPath, JSON.stringify(meta, null, 2));
    const store = new Store(options.dataDir, meta);
    for (const info of meta.sandboxes) {
      const state = new SandboxState(info, options.dataDir === undefined ? undefined : join(options.dataDir, 'sandboxes', info.name));
      await state.load(ALL_COLLECTIONS);
      store.states.set(info.name, state);
    }
    return store;
  }

  sandbox(name: string): SandboxState | undefined {
    return this.states.get(name);
  }

  get sandboxes(): SandboxInfo[] {
    return this.meta.sandboxes;
  }
}
