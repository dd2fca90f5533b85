// Catalog batches (https://developer.adobe.com/experience-platform-apis/references/catalog/). Nobody creates batches through this API in flowctl's world: the flow
// runner (Flow Service runs) records one batch per run with `recordBatch` and moves it along with
// `updateBatch`; Catalog only lists and reads them. Each write also keeps the dataset's `lastBatchId`,
// `lastBatchStatus`, `lastSuccessfulBatch` and `lastFailedBatch` current.
//
// Stored record (collection `batches`, keyed by the batch id, a 26-character ULID), shown as the error
// diagnostics guide shows a batch (ingestion/quality/error-diagnostics.md):
//   { id, externalId, imsOrg, created, updated, createdClient, createdUser, updatedUser, version: "1.0.0",
//     status, started?, completed?, recordCount?, failedRecordCount?, size?, inputFormat: { format: "parquet" },
//     errors: [{ code, description?, rows?, recordCount? }], relatedObjects: [{ type: "dataSet", id }],
//     metrics: { … }, tags?: { acp_enableErrorDiagnostics: true, acp_partialIngestionPercent: 5, … } }

import { newUlid } from '../../ids.js';
import type { Caller } from '../../http-types.js';
import type { Json, ResourceRecord } from '../../records.js';
import type { SandboxState } from '../../store.js';
import type { DatasetRecord } from './datasets.js';

export const BATCH_STATUSES = [
  'processing',
  'success',
  'failure',
  'queued',
  'retrying',
  'stalled',
  'aborted',
  'abandoned',
  'inactive',
  'failed',
  'loading',
  'loaded',
  'staged',
  'active',
  'staging',
  'deleted',
] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export interface BatchError {
  code: string;
  description?: string;
  /** Rows or ranges of rows (`"3-5"`). */
  rows?: string[];
  /** Rows that failed with this code (with error diagnostics on). */
  recordCount?: number;
}

export interface BatchRecord extends ResourceRecord {
  imsOrg: string;
  created: number;
  updated: number;
  createdClient: string;
  createdUser: string;
  updatedUser: string;
  version: string;
  status: BatchStatus;
  started?: number;
  completed?: number;
  recordCount?: number;
  failedRecordCount?: number;
  size?: number;
  externalId: string;
  inputFormat: { format: string };
  errors: BatchError[];
  relatedObjects: Array<{ type: 'dataSet'; id: string }>;
  metrics: Record<string, number>;
  /** Catalog's tags are string arrays, except the diagnostics tags the guide shows as a boolean and a number. */
  tags?: Record<string, unknown>;
}

/** What may change on a batch as its run goes on. */
export interface BatchChanges {
  status?: BatchStatus | undefined;
  started?: number | undefined;
  completed?: number | undefined;
  recordCount?: number | undefined;
  failedRecordCount?: number | undefined;
  size?: number | undefined;
  errors?: BatchError[] | undefined;
  metrics?: Record<string, number> | undefined;
  tags?: Record<string, unknown> | undefined;
}

export interface NewBatch extends BatchChanges {
  /** The dataset the batch writes to. */
  dataSetId: string;
  /** Who created it (the flow's creator); becomes imsOrg / createdClient / createdUser. */
  by: Caller;
  /** Epoch ms of creation. */
  now: number;
  /** Defaults to a new ULID. */
  id?: string | undefined;
  /** Defaults to the id, as for the batches the Platform's own ingestion makes. */
  externalId?: string | undefined;
}

function defined<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function bumpVersion(version: string): string {
  const parts = version.split('.').map(Number);
  if (parts.length !== 3 || parts.some((n) => !Number.isInteger(n))) return '1.0.1';
  return `${parts[0]}.${parts[1]}.${(parts[2] as number) + 1}`;
}

const CHANGE_KEYS = ['status', 'started', 'completed', 'recordCount', 'failedRecordCount', 'size', 'errors', 'metrics', 'tags'] as const;

/** Creates a batch for `dataSetId` (status `loading` unless given) and points the dataset at it. */
export async function recordBatch(sandbox: SandboxState, batch: NewBatch): Promise<BatchRecord> {
  const changes = defined(Object.fromEntries(CHANGE_KEYS.map((k) => [k, batch[k]])) as BatchChanges);
  const id = batch.id ?? newUlid(batch.now);
  const record: BatchRecord = {
    id,
    externalId: batch.externalId ?? id,
    imsOrg: batch.by.orgId,
    created: batch.now,
    updated: batch.now,
    createdClient: batch.by.clientId,
    createdUser: `${batch.by.clientId}@AdobeID`,
    updatedUser: `${batch.by.clientId}@AdobeID`,
    version: '1.0.0',
    status: 'loading',
    inputFormat: { format: 'parquet' },
    errors: [],
    relatedObjects: [{ type: 'dataSet', id: batch.dataSetId }],
    metrics: {},
    ...changes,
  } as BatchRecord;
  await sandbox.collection<BatchRecord>('batches').put(record);
  await touchDataset(sandbox, record, true);
  return record;
}

/** Applies `changes` to a batch (bumping its version); undefined when there is no such batch. */
export async function updateBatch(sandbox: SandboxState, id: string, changes: BatchChanges, now: number): Promise<BatchRecord | undefined> {
  const batches = sandbox.collection<BatchRecord>('batches');
  const current = batches.get(id);
  if (!current) return undefined;
  const next = { ...current, ...defined(changes), updated: now, version: bumpVersion(current.version) } as BatchRecord;
  await batches.put(next);
  await touchDataset(sandbox, next, false);
  return next;
}

export function batchDataSetId(batch: Json): string | undefined {
  const related = batch['relatedObjects'];
  if (!Array.isArray(related)) return undefined;
  const ref = related.find((r: unknown) => (r as Json | null)?.['type'] === 'dataSet') as Json | undefined;
  return typeof ref?.['id'] === 'string' ? ref['id'] : undefined;
}

async function touchDataset(sandbox: SandboxState, batch: BatchRecord, created: boolean): Promise<void> {
  const dataSetId = batchDataSetId(batch);
  if (dataSetId === undefined) return;
  const datasets = sandbox.collection<DatasetRecord>('dataSets');
  const dataset = datasets.get(dataSetId);
  if (!dataset) return;
  const next: DatasetRecord = { ...dataset };
  if (created || dataset.lastBatchId === batch.id) {
    next.lastBatchId = batch.id;
    next.lastBatchStatus = batch.status;
  }
  if (batch.status === 'success') next.lastSuccessfulBatch = batch.id;
  if (batch.status === 'failed' || batch.status === 'failure') next.lastFailedBatch = batch.id;
  await datasets.put(next);
}
