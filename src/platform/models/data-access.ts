// Data Access (`/data/foundation/export`): the files of a batch, and the entries of a file.

import { z } from 'zod';

export const BatchFile = z.looseObject({
  dataSetFileId: z.string().min(1),
  dataSetViewId: z.string().optional(),
  isValid: z.boolean().optional(),
});
export type BatchFile = z.infer<typeof BatchFile>;

export const BatchFiles = z.looseObject({ data: z.array(BatchFile) });

export const FileEntry = z.looseObject({
  name: z.string().min(1),
  length: z.union([z.string(), z.number()]).optional(),
});
export type FileEntry = z.infer<typeof FileEntry>;

export const FileEntries = z.looseObject({ data: z.array(FileEntry) });
