// JSON Patch (RFC 6902) with JSON Pointer paths (RFC 6901: `~1` is `/`, `~0` is `~`, `/-` appends), for the
// services whose PATCH takes one. Op names are matched case-insensitively because Flow Service's OpenAPI
// writes them upper case and its docs lower case. Failures throw PatchError; each service words it in its
// own error format, so nothing here knows about replies.

import { isDeepStrictEqual } from 'node:util';

export const PATCH_OPS = ['add', 'remove', 'replace', 'move', 'copy', 'test'] as const;
export type PatchOpName = (typeof PATCH_OPS)[number];

/** One operation as parsed: `op` in lower case, `value` only where the op takes one. */
export interface PatchOp {
  op: PatchOpName;
  path: string;
  from?: string;
  value?: unknown;
}

/** Why a patch cannot be applied; `unsupportedOp` (the op as sent) is set when only the op name is wrong. */
export class PatchError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    readonly unsupportedOp?: string,
  ) {
    super(path === '' ? reason : `${reason} (path ${path})`);
  }
}

export interface PatchRules {
  /** The ops this endpoint takes; any other is a PatchError with `unsupportedOp`. */
  ops?: readonly PatchOpName[];
  /** Whether `""` (the whole document) may be a target. */
  wholeDocument?: boolean;
}

/** The body of a PATCH as a list of operations; checks the shape only, not whether the paths resolve. */
export function parsePatch(body: unknown, rules: PatchRules = {}): PatchOp[] {
  const { ops = PATCH_OPS, wholeDocument = true } = rules;
  if (!Array.isArray(body)) throw new PatchError('', 'the body must be an array of JSON Patch operations');
  return body.map((entry: unknown, i): PatchOp => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new PatchError('', `operation ${i} is not an object`);
    const { op: sent, path, from } = entry as Record<string, unknown>;
    if (typeof sent !== 'string' || typeof path !== 'string') throw new PatchError('', `operation ${i} needs an "op" and a "path"`);
    const op = ops.find((name) => name === sent.toLowerCase());
    if (!op) throw new PatchError(path, `operation ${i}: unsupported op "${sent}" (supported: ${ops.join(', ')})`, sent);
    if (!path.startsWith('/') && (path !== '' || !wholeDocument)) throw new PatchError(path, `operation ${i}: the path must start with "/"`);
    if (op === 'move' || op === 'copy') {
      if (typeof from !== 'string' || (from !== '' && !from.startsWith('/'))) throw new PatchError(path, `operation ${i} (${op}) needs a "from" pointer`);
      return { op, from, path };
    }
    if (op === 'remove') return { op, path };
    if (!('value' in entry)) throw new PatchError(path, `operation ${i} (${op}) needs a "value"`);
    return { op, path, value: (entry as { value: unknown }).value };
  });
}

/** The pointer's tokens, unescaped; `""` (the whole document) has none. */
export function pointerTokens(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];

const isContainer = (value: unknown): value is Container => typeof value === 'object' && value !== null;

/** An array position; `-` (one past the end) only where an add may append. */
function arrayIndex(array: unknown[], token: string, append: boolean, pointer: string): number {
  if (token === '-' && append) return array.length;
  if (!/^(0|[1-9]\d*)$/.test(token)) throw new PatchError(pointer, `"${token}" is not an array index`);
  const index = Number(token);
  if (index > array.length || (!append && index === array.length)) throw new PatchError(pointer, `index ${index} is out of range (${array.length} items)`);
  return index;
}

/** The container the pointer's last token is in, and that token. */
function locate(doc: unknown, pointer: string): { parent: Container; key: string } {
  const tokens = pointerTokens(pointer);
  const key = tokens.pop() as string;
  let node = doc;
  for (const token of tokens) {
    if (Array.isArray(node)) node = node[arrayIndex(node, token, false, pointer)];
    else if (isContainer(node) && Object.hasOwn(node, token)) node = (node as Record<string, unknown>)[token];
    else throw new PatchError(pointer, `"${token}" does not exist`);
  }
  if (!isContainer(node)) throw new PatchError(pointer, `"${key}" cannot be inside a value that is not an object or array`);
  return { parent: node, key };
}

/** An existing target: its container, and its key there (an index in an array). */
function existing(doc: unknown, pointer: string): [Record<string | number, unknown>, string | number] {
  const { parent, key } = locate(doc, pointer);
  if (Array.isArray(parent)) return [parent as unknown as Record<number, unknown>, arrayIndex(parent, key, false, pointer)];
  if (!Object.hasOwn(parent, key)) throw new PatchError(pointer, `"${key}" does not exist`);
  return [parent, key];
}

function get(doc: unknown, pointer: string): unknown {
  if (pointer === '') return doc;
  const [parent, key] = existing(doc, pointer);
  return parent[key];
}

function add(doc: unknown, pointer: string, value: unknown): unknown {
  if (pointer === '') return value;
  const { parent, key } = locate(doc, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true, pointer), 0, value);
  else parent[key] = value;
  return doc;
}

function remove(doc: unknown, pointer: string): unknown {
  if (pointer === '') throw new PatchError(pointer, 'the whole document cannot be removed');
  const [parent, key] = existing(doc, pointer);
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete parent[key];
  return doc;
}

/** In place, so that the replaced member keeps its position among its siblings. */
function replace(doc: unknown, pointer: string, value: unknown): unknown {
  if (pointer === '') return value;
  const [parent, key] = existing(doc, pointer);
  parent[key] = value;
  return doc;
}

/** `doc` with the operations applied in order, on a copy: the original is untouched, also when one fails. */
export function applyPatch(doc: unknown, ops: readonly PatchOp[]): unknown {
  let result = structuredClone(doc);
  for (const { op, path, from = '', value } of ops) {
    if (op === 'add') result = add(result, path, structuredClone(value));
    else if (op === 'remove') result = remove(result, path);
    else if (op === 'replace') result = replace(result, path, structuredClone(value));
    else if (op === 'move') {
      const moved = get(result, from);
      result = add(remove(result, from), path, moved);
    } else if (op === 'copy') result = add(result, path, structuredClone(get(result, from)));
    else if (!isDeepStrictEqual(get(result, path), value)) throw new PatchError(path, 'test failed: the value differs');
  }
  return result;
}
