// Deleting what onboarding made for one table: every resource is found by its deterministic name (only those:
// nothing else in the sandbox is touched), then deleted in reverse dependency order, each level waiting for the
// one before, since the Platform refuses to delete what is still used:
//
//   flow → mapping set → target and source connections → dataset → identity descriptor → schema → field group
//     → class (a record table's own, which the field group extends)
//
// The base connection is not a table's: `destroyConnection` deletes it once, after every table (see apply.ts).
// In `plan` mode nothing is deleted: the outcomes say what would be. A resource that is gone by the time it is
// deleted (404) is reported as "already gone", not as a failure; any other failure stops this table's teardown
// (what is left is found again by the next run).

import type { PlatformClient } from '../platform/client.js';
import { BadRequestError, NotFoundError } from '../platform/errors.js';
import { resourceNames } from './names.js';
import type { ResourceKind, ResourceOutcome, TableRequest } from './types.js';

export interface DestroyOptions {
  mode: 'plan' | 'apply';
  /** Called as each resource is deleted (or found already gone), so that a long teardown shows progress. */
  onDeleted?: (outcome: ResourceOutcome) => void;
}

export interface DestroyResult {
  table: string;
  prefix: string;
  /** What was (or would be) deleted, in order; empty when nothing of the table exists. */
  resources: ResourceOutcome[];
}

interface Found {
  kind: ResourceKind;
  id: string;
  name: string;
  remove: () => Promise<void>;
}

/** Deletes one resource; a 404 means someone else already did. */
async function removeOne(found: Found): Promise<ResourceOutcome> {
  try {
    await found.remove();
    return { kind: found.kind, name: found.name, id: found.id, action: 'delete' };
  } catch (error) {
    if (error instanceof NotFoundError) return { kind: found.kind, name: found.name, id: found.id, action: 'none', detail: 'already gone' };
    throw error;
  }
}

export async function destroyTable(client: PlatformClient, request: Pick<TableRequest, 'table' | 'prefix'>, options: DestroyOptions): Promise<DestroyResult> {
  const names = resourceNames(request.prefix);
  const { flowService, schemaRegistry, catalog, dataPrep } = client;

  const mappingSets = async () => {
    const out = [];
    for await (const set of dataPrep.mappingSets.list({ maxItems: 100, name: names.mapping })) if (set.name === names.mapping) out.push(set);
    return out;
  };
  const [flows, mappings, targets, sources, datasets, schema, fieldGroup, ownClass] = await Promise.all([
    flowService.flows.findByName(names.flow),
    mappingSets(),
    flowService.targetConnections.findByName(names.target),
    flowService.sourceConnections.findByName(names.source),
    catalog.datasets.findByName(names.dataset),
    schemaRegistry.schemas.findByTitle(names.schema),
    schemaRegistry.fieldGroups.findByTitle(names.fieldGroup),
    schemaRegistry.classes.findByTitle(names.class),
  ]);
  const descriptors = schema ? (await schemaRegistry.descriptors.list({ sourceSchema: schema.$id, maxItems: 100 })).filter((d) => d['@type'] === 'xdm:descriptorIdentity') : [];

  // One list per level of the teardown; a level starts when the one before is done.
  const levels: Found[][] = [
    flows.map((f) => ({ kind: 'flow', id: f.id, name: names.flow, remove: () => flowService.flows.delete(f.id) })),
    mappings.map((m) => ({ kind: 'mapping', id: m.id, name: names.mapping, remove: () => dataPrep.mappingSets.delete(m.id) })),
    [
      ...targets.map((t): Found => ({ kind: 'target', id: t.id, name: names.target, remove: () => flowService.targetConnections.delete(t.id) })),
      ...sources.map((s): Found => ({ kind: 'source', id: s.id, name: names.source, remove: () => flowService.sourceConnections.delete(s.id) })),
    ],
    datasets.map((d) => ({ kind: 'dataset', id: d.id, name: names.dataset, remove: () => catalog.datasets.delete(d.id) })),
    descriptors.map((d) => {
      const id = String(d['@id'] ?? '');
      const column = String(d['xdm:sourceProperty'] ?? '').replace(/^\//, '').replaceAll('/', '.');
      return { kind: 'identity', id, name: `${column} (${String(d['xdm:namespace'] ?? '')})`, remove: () => schemaRegistry.descriptors.delete(id) };
    }),
    schema ? [{ kind: 'schema', id: schema.$id, name: names.schema, remove: () => schemaRegistry.schemas.delete(schema.$id) }] : [],
    fieldGroup ? [{ kind: 'fieldGroup', id: fieldGroup.$id, name: names.fieldGroup, remove: () => schemaRegistry.fieldGroups.delete(fieldGroup.$id) }] : [],
    ownClass ? [{ kind: 'class', id: ownClass.$id, name: names.class, remove: () => schemaRegistry.classes.delete(ownClass.$id) }] : [],
  ];

  const pending = (found: Found): ResourceOutcome => ({ kind: found.kind, name: found.name, id: found.id, action: 'delete' });
  const resources: ResourceOutcome[] = [];
  for (const [index, level] of levels.entries()) {
    if (options.mode === 'plan') {
      resources.push(...level.map(pending));
      continue;
    }
    // Every delete of a level is awaited before one failure is raised: what was deleted is reported then.
    const settled = await Promise.allSettled(
      level.map(async (found) => {
        const outcome = await removeOne(found);
        options.onDeleted?.(outcome);
        return outcome;
      }),
    );
    for (const s of settled) if (s.status === 'fulfilled') resources.push(s.value);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      // What is still there: this level's failures and every later level (never attempted).
      const left = [...level.filter((_, i) => settled[i]?.status === 'rejected'), ...levels.slice(index + 1).flat()].map(pending);
      throw new DestroyError(failed.reason, { table: request.table, prefix: request.prefix, resources }, left);
    }
  }
  return { table: request.table, prefix: request.prefix, resources };
}

/** A teardown that stopped: the cause, what had been deleted by then, and what was found but is still there. */
export class DestroyError extends Error {
  constructor(
    cause: unknown,
    readonly partial: DestroyResult,
    readonly left: ResourceOutcome[] = [],
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'DestroyError';
  }
}

/**
 * The base connection a file created, found by its name: deleted unless a flow still uses it (the Platform
 * refuses with FLOW-1418-400; reported as kept, not as a failure). Undefined when there is none.
 */
export async function destroyConnection(client: PlatformClient, name: string, options: DestroyOptions): Promise<ResourceOutcome[]> {
  const found = await client.flowService.connections.findByName(name);
  const out: ResourceOutcome[] = [];
  for (const connection of found) {
    if (options.mode === 'plan') {
      out.push({ kind: 'connection', name, id: connection.id, action: 'delete' });
      continue;
    }
    try {
      out.push(await removeOne({ kind: 'connection', id: connection.id, name, remove: () => client.flowService.connections.delete(connection.id) }));
    } catch (error) {
      if (error instanceof BadRequestError && error.code === 'FLOW-1418-400') {
        out.push({ kind: 'connection', name, id: connection.id, action: 'none', detail: 'kept: other flows still use it (FLOW-1418-400)' });
      } else {
        throw error;
      }
    }
  }
  return out;
}
