// Catalog (`/data/foundation/catalog`, https://developer.adobe.com/experience-platform-apis/references/catalog/): datasets, and batches as the flow runner records
// them. Lists are objects keyed by id; errors use the plain problem body (the real format is undocumented).

import { fail, problem } from '../../errors.js';
import type { EmulatorRequest, Reply } from '../../http-types.js';
import { publicView } from '../../records.js';
import { Router } from '../../router.js';
import { problemError, type ServiceDeps, type ServiceModule } from '../../service.js';
import { BATCH_STATUSES, batchDataSetId, type BatchRecord } from './batches.js';
import { getDatasetFile, listDatasetFiles } from './dataset-files.js';
import { createDataset, deleteDataset, getDataset, listDatasets, patchDataset } from './datasets.js';
import { badRequest, page, parseOrderBy, projection, propertyFilter, sortItems, timeParam } from './query.js';

export { recordBatch, updateBatch, BATCH_STATUSES } from './batches.js';
export type { BatchChanges, BatchError, BatchRecord, BatchStatus, NewBatch } from './batches.js';
export type { DatasetRecord } from './datasets.js';

/** A batch as Catalog shows it; batches stored by older emulators get the fields they lacked. */
const batchView = (record: BatchRecord) => ({ externalId: record.id, inputFormat: { format: 'parquet' }, ...publicView(record) });

function listBatches(request: EmulatorRequest): Reply {
  const q = request.query;
  const orderBy = parseOrderBy(q.get('orderBy'));
  const matches = propertyFilter(q);
  const statuses = q.get('status')?.split(',').map((s) => s.trim()).filter(Boolean);
  for (const status of statuses ?? []) {
    if (!(BATCH_STATUSES as readonly string[]).includes(status)) badRequest(`Unknown batch status ${status} (one of ${BATCH_STATUSES.join(', ')})`);
  }
  // Exclusive bounds, epoch ms.
  const bounds: Array<[string, 'created' | 'started' | 'completed', 1 | -1]> = [
    ['createdAfter', 'created', 1],
    ['createdBefore', 'created', -1],
    ['startAfter', 'started', 1],
    ['startBefore', 'started', -1],
    ['endAfter', 'completed', 1],
    ['endBefore', 'completed', -1],
  ];
  const limits = bounds.map(([param, field, sign]) => ({ field, sign, value: timeParam(q, param) }));
  const dataSet = q.get('dataSet');
  const batchIds = q.get('batch')?.split(',').map((s) => s.trim());
  const externalId = q.get('externalId');
  const items = request.sandbox
    .collection<BatchRecord>('batches')
    .all()
    .filter((b) => dataSet === null || batchDataSetId(b) === dataSet)
    .filter((b) => !statuses || statuses.includes(b.status))
    .filter((b) => !batchIds || batchIds.includes(b.id))
    .filter((b) => externalId === null || b.externalId === externalId)
    .filter((b) =>
      limits.every(({ field, sign, value }) => {
        if (value === undefined) return true;
        const v = b[field];
        return v !== undefined && (sign > 0 ? v > value : v < value);
      }),
    )
    .filter((b) => matches(batchView(b)));
  return { status: 200, body: page(sortItems(items, orderBy), q, batchView) };
}

function getBatch(request: EmulatorRequest, id: string): Reply {
  const record = request.sandbox.collection<BatchRecord>('batches').get(id);
  if (!record) return fail(problem(404, 'Not Found', `Batch ${id} was not found`));
  return { status: 200, body: { [id]: projection(request.query)(batchView(record)) } };
}

export function createCatalog(_deps: ServiceDeps): ServiceModule {
  const router = new Router()
    .add('GET', '/dataSets', (r) => listDatasets(r))
    .add('POST', '/dataSets', (r) => createDataset(r))
    .add('GET', '/dataSets/:id', (r, { id = '' }) => getDataset(r, id))
    .add('PATCH', '/dataSets/:id', (r, { id = '' }) => patchDataset(r, id))
    .add('DELETE', '/dataSets/:id', (r, { id = '' }) => deleteDataset(r, id))
    .add('GET', '/batches', (r) => listBatches(r))
    .add('GET', '/batches/:id', (r, { id = '' }) => getBatch(r, id))
    .add('GET', '/dataSetFiles', (r) => listDatasetFiles(r))
    .add('GET', '/dataSetFiles/:id', (r, { id = '' }) => getDatasetFile(r, id));
  return {
    base: '/data/foundation/catalog',
    router,
    error: problemError,
  };
}
