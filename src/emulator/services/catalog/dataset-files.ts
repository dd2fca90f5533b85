// Catalog dataset files (`GET /dataSetFiles?dataSetId=…`, `GET /dataSetFiles/{id}`): what a dataset's `files`
// link (`@/dataSetFiles?dataSetId=…`) resolves to — one file per batch whose records were promoted, with the id
// the Data Access API serves it under (`<batchId>-1`), as Catalog's appendix ("View interrelated objects")
// shows them. Derived from the batches: a successful batch with records has its file.

import { fail, problem } from '../../errors.js';
import type { EmulatorRequest, Reply } from '../../http-types.js';
import type { Json } from '../../records.js';
import { batchDataSetId, type BatchRecord } from './batches.js';
import type { DatasetRecord } from './datasets.js';
import { badRequest, page, parseOrderBy, sortItems } from './query.js';

interface DatasetFile extends Json {
  id: string;
  created: number;
}

function fileOf(request: EmulatorRequest, batch: BatchRecord): DatasetFile | undefined {
  const dataSetId = batchDataSetId(batch);
  if (batch.status !== 'success' || !batch.recordCount || dataSetId === undefined) return undefined;
  const dataset = request.sandbox.collection<DatasetRecord>('dataSets').get(dataSetId);
  return {
    id: `${batch.id}-1`,
    batchId: batch.id,
    dataSetViewId: dataset?.viewId ?? dataSetId,
    imsOrg: batch.imsOrg,
    createdUser: batch.createdUser,
    createdClient: batch.createdClient,
    updatedUser: batch.updatedUser,
    version: '1.0.0',
    created: batch.created,
    updated: batch.updated,
    isValid: true,
    records: batch.recordCount,
    ...(batch.size !== undefined && { sizeInBytes: batch.size }),
  };
}

/** `dataSetId` as Catalog's own links write it (`datasetId` in newer docs). */
export function listDatasetFiles(request: EmulatorRequest): Reply {
  const q = request.query;
  const dataSetId = q.get('dataSetId') ?? q.get('datasetId');
  const batchId = q.get('batchId');
  if (dataSetId === null && batchId === null) badRequest('dataSetId (or batchId) is required: the files of which dataset?');
  const files = request.sandbox
    .collection<BatchRecord>('batches')
    .all()
    .filter((b) => (dataSetId === null || batchDataSetId(b) === dataSetId) && (batchId === null || b.id === batchId))
    .map((b) => fileOf(request, b))
    .filter((f): f is DatasetFile => f !== undefined);
  return { status: 200, body: page(sortItems(files, parseOrderBy(q.get('orderBy'))), q, (f) => f) };
}

export function getDatasetFile(request: EmulatorRequest, id: string): Reply {
  const match = /^(.+)-1$/.exec(id);
  const batch = match ? request.sandbox.collection<BatchRecord>('batches').get(match[1] as string) : undefined;
  const file = batch && fileOf(request, batch);
  if (!file) return fail(problem(404, 'Not Found', `Dataset file ${id} was not found`));
  return { status: 200, body: { [id]: file } };
}
