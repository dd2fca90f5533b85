// Catalog requests and responses (https://developer.adobe.com/experience-platform-apis/references/catalog/).

import { z } from 'zod';
import { lazySchema } from './lazy.js';

export const DatasetCreate = lazySchema(() => z.object({
  name: z.string().trim().min(1, 'must not be empty').max(256, 'must be at most 256 characters'),
  description: z.string().max(1024, 'must be at most 1024 characters').optional(),
  schemaRef: z.object({
    id: z.string().regex(/^https:\/\/ns\.adobe\.com\/\S+\/schemas\/\S+$/, 'must be a schema $id URI'),
    contentType: z.string().min(1),
  }),
}));
export type DatasetCreate = z.infer<typeof DatasetCreate>;

/** A create answers `["@/dataSets/ID"]`. */
export const DatasetRefs = lazySchema(() => z.array(z.string().regex(/^@\/dataSets\/[0-9a-zA-Z]+$/, 'must be a @/dataSets/ID reference')).min(1, 'is empty'));

export const Dataset = lazySchema(() => z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  description: z.string().optional(),
  schemaRef: z.looseObject({ id: z.string().optional(), contentType: z.string().optional() }).optional(),
  created: z.number().optional(),
  updated: z.number().optional(),
}));
export type Dataset = z.infer<typeof Dataset>;

/** A Catalog batch (https://developer.adobe.com/experience-platform-apis/references/catalog/); lists come keyed by id, `id` is added back. */
export const Batch = lazySchema(() => z.looseObject({
  id: z.string(),
  status: z.string().optional(),
  created: z.number().optional(),
  started: z.number().optional(),
  completed: z.number().optional(),
  recordCount: z.number().optional(),
  failedRecordCount: z.number().optional(),
  size: z.number().optional(),
  relatedObjects: z.array(z.looseObject({ type: z.string().optional(), id: z.string().optional() })).optional(),
  errors: z.array(z.looseObject({ code: z.string().optional(), description: z.string().optional() })).optional(),
}));
export type Batch = z.infer<typeof Batch>;
