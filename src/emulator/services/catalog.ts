// Catalog service: see ./catalog/index.ts. The flow runner records batches with `recordBatch`/`updateBatch`.
export { createCatalog, recordBatch, updateBatch, BATCH_STATUSES } from './catalog/index.js';
export type { BatchChanges, BatchError, BatchRecord, BatchStatus, DatasetRecord, NewBatch } from './catalog/index.js';
