// Data Access (`/data/foundation/export`): listings of a batch's files, of a file's parts, of a batch's
// diagnostics — `{"data": [...], "_page": {limit, count}, "_links"?: {next}}` — and the rows a run rejected.

import * as z from './zod.js';
import { lazySchema } from './lazy.js';

const Link = lazySchema(() => z.looseObject({ href: z.string().check(z.minLength(1)) }));
const Links = lazySchema(() => z.looseObject({ self: z.optional(Link), next: z.optional(Link) }));

export const BatchFile = lazySchema(() => z.looseObject({
  dataSetFileId: z.string().check(z.minLength(1)),
  dataSetViewId: z.optional(z.string()),
  isValid: z.optional(z.boolean()),
  _links: z.optional(Links),
}));
export type BatchFile = z.infer<typeof BatchFile>;


/** A file of a listing: a part of a dataset file, a diagnostics file, a failed batch's file. */
export const FileEntry = lazySchema(() => z.looseObject({
  name: z.string().check(z.minLength(1)),
  length: z.optional(z.union([z.string(), z.number()])),
  _links: z.optional(Links),
}));
export type FileEntry = z.infer<typeof FileEntry>;

/** `GET /files/{id}` lists parts (`name`) or, for a folder, more dataset files (`dataSetFileId`). */
export const FileEntries = lazySchema(() => z.looseObject({ data: z.array(z.union([FileEntry, BatchFile])), _links: z.optional(Links) }));
export type FileEntries = z.infer<typeof FileEntries>;

/** One reason a row was rejected, as the error diagnostics files give it. */
export interface RowErrorEntry {
  code?: string;
  message?: string;
  /** The source column concerned. */
  column?: string;
  /** The XDM field concerned. */
  field?: string;
}

/** A row a run rejected: its own values, and why. */
export interface RejectedRow {
  row: Record<string, unknown>;
  errors: RowErrorEntry[];
}
