// What onboarding one table takes, and what it reports.

import type { ScheduleParams } from '../platform/schedule.js';

/** The base connection to read from: an existing one by id, or one to find by name or create. */
export type ConnectionChoice =
  | { id: string }
  | { specId: string; params: Record<string, unknown>; authSpec?: string | undefined; name?: string | undefined };

/**
 * The XDM class of the table's schema: `profile` (XDM Individual Profile: one row per person), `event` (XDM
 * ExperienceEvent: time-stamped facts) or `record` (a class of the table's own, for lookups). See classes.ts.
 */
export const XDM_CLASSES = ['profile', 'event', 'record'] as const;
export type XdmClass = (typeof XDM_CLASSES)[number];

export interface TableRequest {
  connection: ConnectionChoice;
  /** `schema.table`, as explore lists it. */
  table: string;
  /** Every resource's name starts with it; the same prefix finds them again on the next run. */
  prefix: string;
  deltaColumn?: string | undefined;
  /** `COLUMN` or `COLUMN:NAMESPACE`. */
  identity?: string | undefined;
  /** Default: the existing schema's class; for a new one, profile when the table has an identity, else record. */
  xdmClass?: XdmClass | undefined;
  /** With `event`: the date-time column that becomes `timestamp` (default: the delta column). */
  timestamp?: string | undefined;
  schedule: ScheduleParams;
  /** Column → XDM path (empty: leave the column out), from a mapping file. */
  mappingOverrides?: Record<string, string> | undefined;
  options?: { partialIngestionPercent?: number; errorDiagnosticsEnabled?: boolean } | undefined;
  /** The flow's state (default enabled). */
  enabled?: boolean | undefined;
}

export const RESOURCE_KINDS = ['connection', 'source', 'class', 'fieldGroup', 'schema', 'identity', 'dataset', 'target', 'mapping', 'flow'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** What happens (or happened) to one resource. */
export type Action = 'create' | 'adopt' | 'update' | 'none' | 'delete';

export interface ResourceOutcome {
  kind: ResourceKind;
  name: string;
  action: Action;
  id?: string | undefined;
  /** Why an update, what a create will hold, or a warning about an adopted resource. */
  detail?: string | undefined;
}

export const KIND_LABELS: Record<ResourceKind, string> = {
  connection: 'Base connection',
  source: 'Source connection',
  class: 'Class',
  fieldGroup: 'Field group',
  schema: 'Schema',
  identity: 'Identity descriptor',
  dataset: 'Dataset',
  target: 'Target connection',
  mapping: 'Mapping set',
  flow: 'Dataflow',
};
