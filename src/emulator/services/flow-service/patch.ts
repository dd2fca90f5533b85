// JSON Patch (RFC 6902) as Flow Service takes it: `add`, `replace`, `remove` (the OpenAPI writes them upper
// case, the docs lower case — both are accepted); anything else is `1434-400`, a path that does not resolve
// `1455-400`. Pointers follow RFC 6901 (`~1` is `/`, `~0` is `~`).

import type { EmulatorRequest } from '../../http-types.js';
import type { Json } from '../../records.js';
import { isObject, reject } from './resource.js';

export interface PatchOp {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

function patchError(request: EmulatorRequest, detail: string): never {
  reject(request, '1455-400', `An error has occurred while validating patch instructions: ${detail}`);
}

/** The body of a PATCH as a list of operations, ops in lower case. */
export function parsePatch(request: EmulatorRequest): PatchOp[] {
  const body = request.body;
  if (body === undefined || (Array.isArray(body) && body.length === 0)) {
    reject(request, '1405-400', 'The request body cannot be null or empty. Please provide a request body and try again.');
  }
  if (!Array.isArray(body)) patchError(request, 'the body must be a JSON Patch array');
  return body.map((entry, i) => {
    if (!isObject(entry) || typeof entry['op'] !== 'string' || typeof entry['path'] !== 'string') {
      return patchError(request, `instruction ${i} needs an "op" and a "path"`);
    }
    const op = entry['op'].toLowerCase();
    if (op !== 'add' && op !== 'replace' && op !== 'remove') {
      reject(request, '1434-400', `Unsupported operation '${entry['op']}' received. Please use one of the supported operation types and try again.`);
    }
    const path = entry['path'];
    if (!path.startsWith('/')) patchError(request, `path "${path}" must start with /`);
    if (op !== 'remove' && !('value' in entry)) patchError(request, `Missing field "value" in instruction ${i}`);
    return op === 'remove' ? { op, path } : { op, path, value: entry['value'] };
  });
}

/** The pointer's segments, unescaped. */
export function pointer(path: string): string[] {
  return path
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `doc` with the operations applied, on a copy; the original is untouched. */
export function applyPatch(request: EmulatorRequest, doc: Json, ops: PatchOp[]): Json {
  const root = structuredClone(doc);
  for (const op of ops) {
    const segments = pointer(op.path);
    const last = segments.pop();
    if (last === undefined) patchError(request, 'the whole document cannot be replaced');
    let parent: unknown = root;
    for (const segment of segments) {
      parent = Array.isArray(parent) ? parent[Number(segment)] : isObject(parent) ? parent[segment] : undefined;
      if (parent === undefined) patchError(request, `Missing field "${segment}" on path ${op.path}`);
    }
    if (Array.isArray(parent)) patchArray(request, parent, last, op);
    else if (isObject(parent)) {
      if (op.op !== 'add' && !(last in parent)) patchError(request, `Missing field "${last}" on path ${op.path}`);
      if (op.op === 'remove') delete parent[last];
      else parent[last] = structuredClone(op.value);
    } else patchError(request, `path ${op.path} does not lead into an object or array`);
  }
  return root;
}

function patchArray(request: EmulatorRequest, array: unknown[], key: string, op: PatchOp): void {
  const index = key === '-' && op.op === 'add' ? array.length : /^(0|[1-9]\d*)$/.test(key) ? Number(key) : -1;
  const limit = op.op === 'add' ? array.length : array.length - 1;
  if (index < 0 || index > limit) patchError(request, `index ${key} is out of range on path ${op.path}`);
  if (op.op === 'add') array.splice(index, 0, structuredClone(op.value));
  else if (op.op === 'replace') array[index] = structuredClone(op.value);
  else array.splice(index, 1);
}

/** The top-level field each operation touches (`/scheduleParams/interval` → `scheduleParams`). */
export function touchedFields(ops: PatchOp[]): string[] {
  return [...new Set(ops.map((op) => pointer(op.path)[0] ?? ''))];
}
