// What already exists for a table: every resource is looked up by its deterministic name, all at once (the
// names do not depend on each other's ids). What depends on what they found — the identity descriptors of the
// schema, the table's own class — is read by `discoverRelated`, which onboarding runs alongside the table's
// exploration rather than before it: a second run that finds everything in place waits for two rounds of reads.
// The schema is listed whole, so its class comes with it: a record table's own class is the schema's, and is
// looked up by name only when there is no schema yet (a run that stopped between the two).

import type { PlatformClient } from '../platform/client.js';
import { NotFoundError } from '../platform/errors.js';
import type { Dataset } from '../platform/models/catalog.js';
import type { MappingSet } from '../platform/models/data-prep.js';
import type { Connection, Flow, FlowSpec, SourceConnection, TargetConnection } from '../platform/models/flow-service.js';
import type { Schema } from '../platform/models/schema-registry.js';
import { CRM_TO_AEP_FLOW_SPEC_NAME } from '../platform/specs.js';
import type { ResourceNames } from './names.js';
import type { ConnectionChoice } from './types.js';

export interface Existing {
  connection?: Connection | undefined;
  source?: SourceConnection | undefined;
  fieldGroup?: { $id: string; title?: string | undefined } | undefined;
  /** Whole: `meta:class` says which class the table was onboarded as. */
  schema?: Schema | undefined;
  dataset?: Dataset | undefined;
  target?: TargetConnection | undefined;
  mapping?: MappingSet | undefined;
  flow?: Flow | undefined;
  tenantId: string;
  flowSpec: FlowSpec | undefined;
  /** Names held by more than one resource: the oldest is used, and the user is told. */
  duplicates: string[];
}

/** What depends on the resources found: read after them, alongside the table's exploration. */
export interface Related {
  /** The record class made for the table (classes.ts): the schema's, or the one found by name. */
  class?: { $id: string } | undefined;
  /** Identity descriptors of the schema found. */
  descriptors: Record<string, unknown>[];
}

/** The oldest of several resources with one name (the one a careful tool made first), noting the duplicate. */
function single<T extends { createdAt?: number | undefined; created?: number | undefined }>(found: T[], name: string, duplicates: string[]): T | undefined {
  if (found.length > 1) duplicates.push(`${found.length} resources are named "${name}"`);
  return [...found].sort((a, b) => (a.createdAt ?? a.created ?? 0) - (b.createdAt ?? b.created ?? 0))[0];
}

export async function discover(client: PlatformClient, names: ResourceNames, connection: ConnectionChoice): Promise<Existing> {
  const { flowService, schemaRegistry, catalog, dataPrep } = client;
  const duplicates: string[] = [];
  const connectionLookup =
    'id' in connection
      ? flowService.connections.get(connection.id).catch((error: unknown) => {
          if (error instanceof NotFoundError) throw new NotFoundError({ status: 404, title: `base connection ${connection.id} not found`, detail: 'check --connection' });
          throw error;
        })
      : // A connection named in the request (one shared by several tables) is found under that name.
        flowService.connections.findByName(connection.name ?? names.connection).then((found) => single(found, connection.name ?? names.connection, duplicates));
  const [existingConnection, source, fieldGroup, schema, datasets, target, mapping, flow, stats, flowSpec] = await Promise.all([
    connectionLookup,
    flowService.sourceConnections.findByName(names.source).then((found) => single(found, names.source, duplicates)),
    schemaRegistry.fieldGroups.findByTitle(names.fieldGroup),
    schemaRegistry.schemas.findByTitle(names.schema),
    catalog.datasets.findByName(names.dataset),
    flowService.targetConnections.findByName(names.target).then((found) => single(found, names.target, duplicates)),
    dataPrep.mappingSets.findByName(names.mapping),
    flowService.flows.findByName(names.flow).then((found) => single(found, names.flow, duplicates)),
    schemaRegistry.stats(),
    flowService.flowSpecs.findOneByName(CRM_TO_AEP_FLOW_SPEC_NAME),
  ]);
  return {
    connection: existingConnection,
    source,
    fieldGroup,
    schema,
    dataset: single(datasets, names.dataset, duplicates),
    target,
    mapping,
    flow,
    tenantId: stats.tenantId,
    flowSpec,
    duplicates,
  };
}

export async function discoverRelated(client: PlatformClient, names: ResourceNames, existing: Existing): Promise<Related> {
  const { schema, tenantId } = existing;
  const [descriptors, ownClass] = await Promise.all([
    schema ? client.schemaRegistry.descriptors.list({ sourceSchema: schema.$id, maxItems: 100 }) : [],
    schema ? tenantClassOf(schema, tenantId) : client.schemaRegistry.classes.findByTitle(names.class),
  ]);
  return { class: ownClass, descriptors };
}

/** The schema's class when it is one of the tenant's own (a record table's). */
function tenantClassOf(schema: Schema, tenantId: string): { $id: string } | undefined {
  const classId = schema['meta:class'];
  return classId?.startsWith(`https://ns.adobe.com/${tenantId.replace(/^_/, '')}/classes/`) ? { $id: classId } : undefined;
}
