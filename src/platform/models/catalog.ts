// Catalog requests and responses (https://developer.adobe.com/experience-platform-apis/references/catalog/).

import * as z from './zod.js';
import { lazySchema } from './lazy.js';

export const DatasetCreate = lazySchema(() => z.object({
  name: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(256, 'must be at most 256 characters')),
  description: z.optional(z.string().check(z.maxLength(1024, 'must be at most 1024 characters'))),
  schemaRef: z.object({
    id: z.string().check(z.regex(/^https:\/\/ns\.adobe\.com\/\S+\/schemas\/\S+$/, 'must be a schema $id URI')),
    contentType: z.string().check(z.minLength(1)),
  }),
}));
export type DatasetCreate = z.infer<typeof DatasetCreate>;

/** A create answers `["@/dataSets/ID"]`. */
export const DatasetRefs = lazySchema(() => z.array(z.string().check(z.regex(/^@\/dataSets\/[0-9a-zA-Z]+$/, 'must be a @/dataSets/ID reference'))).check(z.minLength(1, 'is empty')));

export const Dataset = lazySchema(() => z.looseObject({
  id: z.string(),
  name: z.optional(z.string()),
  description: z.optional(z.string()),
  schemaRef: z.optional(z.looseObject({ id: z.optional(z.string()), contentType: z.optional(z.string()) })),
  created: z.optional(z.number()),
  updated: z.optional(z.number()),
}));
export type Dataset = z.infer<typeof Dataset>;

/** A Catalog batch (https://developer.adobe.com/experience-platform-apis/references/catalog/); lists come keyed by id, `id` is added back. */
export const Batch = lazySchema(() => z.looseObject({
  id: z.string(),
  status: z.optional(z.string()),
  created: z.optional(z.number()),
  started: z.optional(z.number()),
  completed: z.optional(z.number()),
  recordCount: z.optional(z.number()),
  failedRecordCount: z.optional(z.number()),
  size: z.optional(z.number()),
  relatedObjects: z.optional(z.array(z.looseObject({ type: z.optional(z.string()), id: z.optional(z.string()) }))),
  errors: z.optional(z.array(z.looseObject({ code: z.optional(z.string()), description: z.optional(z.string()) }))),
}));
export type Batch = z.infer<typeof Batch>;
