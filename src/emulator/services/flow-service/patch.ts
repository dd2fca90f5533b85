// JSON Patch as Flow Service takes it (the shared engine is ../../json-patch.ts): only `add`, `replace` and
// `remove`, never the whole document. This file words the failures as the Platform does: an empty body is
// `1405-400`, another op `1434-400`, anything else wrong with the patch `1455-400`.

import type { EmulatorRequest } from '../../http-types.js';
import * as jsonPatch from '../../json-patch.js';
import type { Json } from '../../records.js';
import { reject } from './resource.js';

export type { PatchOp } from '../../json-patch.js';

const RULES: jsonPatch.PatchRules = { ops: ['add', 'replace', 'remove'], wholeDocument: false };

function patchFailed(request: EmulatorRequest, error: unknown): never {
  if (!(error instanceof jsonPatch.PatchError)) throw error;
  if (error.unsupportedOp !== undefined) {
    reject(request, '1434-400', `Unsupported operation '${error.unsupportedOp}' received. Please use one of the supported operation types and try again.`);
  }
  reject(request, '1455-400', `An error has occurred while validating patch instructions: ${error.message}`);
}

/** The body of a PATCH as a list of operations, ops in lower case. */
export function parsePatch(request: EmulatorRequest): jsonPatch.PatchOp[] {
  const body = request.body;
  if (body === undefined || (Array.isArray(body) && body.length === 0)) {
    reject(request, '1405-400', 'The request body cannot be null or empty. Please provide a request body and try again.');
  }
  try {
    return jsonPatch.parsePatch(body, RULES);
  } catch (error) {
    return patchFailed(request, error);
  }
}

/** `doc` with the operations applied, on a copy. Still an object: parsePatch refused the whole-document path. */
export function applyPatch(request: EmulatorRequest, doc: Json, ops: jsonPatch.PatchOp[]): Json {
  try {
    return jsonPatch.applyPatch(doc, ops) as Json;
  } catch (error) {
    return patchFailed(request, error);
  }
}

/** The top-level field each operation touches (`/scheduleParams/interval` → `scheduleParams`). */
export function touchedFields(ops: jsonPatch.PatchOp[]): string[] {
  return [...new Set(ops.map((op) => jsonPatch.pointerTokens(op.path)[0] ?? ''))];
}
