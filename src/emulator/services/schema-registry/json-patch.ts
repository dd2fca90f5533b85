// JSON Patch (RFC 6902) as the registry's PATCH endpoints take it: add, remove, replace, move, copy, test,
// with JSON Pointer paths (`/allOf/-`, `/meta:immutableTags`). Works on a copy; throws PatchError.

import { isDeepStrictEqual } from 'node:util';

export class PatchError extends Error {}

type Container = Record<string, unknown> | unknown[];

function tokens(pointer: unknown, name: string): string[] {
  if (typeof pointer !== 'string') throw new PatchError(`"${name}" must be a JSON Pointer string`);
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchError(`"${name}" ${pointer} must start with "/"`);
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isContainer(value: unknown): value is Container {
  return !!value && typeof value === 'object';
}

function arrayIndex(array: unknown[], token: string, allowEnd: boolean, path: string): number {
  if (token === '-' && allowEnd) return array.length;
  if (!/^(0|[1-9]\d*)$/.test(token)) throw new PatchError(`${path}: "${token}" is not an array index`);
  const index = Number(token);
  if (index > array.length || (!allowEnd && index === array.length)) throw new PatchError(`${path}: index ${index} is out of range`);
  return index;
}

function parentOf(doc: unknown, path: string[], pointer: string): Container {
  let node: unknown = doc;
  for (const token of path.slice(0, -1)) {
    if (Array.isArray(node)) node = node[arrayIndex(node, token, false, pointer)];
    else if (isContainer(node) && Object.hasOwn(node, token)) node = (node as Record<string, unknown>)[token];
    else throw new PatchError(`${pointer}: no such location`);
  }
  if (!isContainer(node)) throw new PatchError(`${pointer}: no such location`);
  return node;
}

function get(doc: unknown, path: string[], pointer: string): unknown {
  if (path.length === 0) return doc;
  const parent = parentOf(doc, path, pointer);
  const last = path[path.length - 1] as string;
  if (Array.isArray(parent)) return parent[arrayIndex(parent, last, false, pointer)];
  if (!Object.hasOwn(parent, last)) throw new PatchError(`${pointer}: no such location`);
  return parent[last];
}

function add(doc: unknown, path: string[], value: unknown, pointer: string): unknown {
  if (path.length === 0) return value;
  const parent = parentOf(doc, path, pointer);
  const last = path[path.length - 1] as string;
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, true, pointer), 0, value);
  else parent[last] = value;
  return doc;
}

function remove(doc: unknown, path: string[], pointer: string): unknown {
  if (path.length === 0) throw new PatchError('the whole document cannot be removed');
  const parent = parentOf(doc, path, pointer);
  const last = path[path.length - 1] as string;
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, false, pointer), 1);
  else if (Object.hasOwn(parent, last)) delete parent[last];
  else throw new PatchError(`${pointer}: no such location`);
  return doc;
}

export function applyPatch(document: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) throw new PatchError('A JSON Patch body is an array of operations');
  let doc: unknown = structuredClone(document);
  operations.forEach((operation, i) => {
    if (!operation || typeof operation !== 'object' || Array.isArray(operation)) throw new PatchError(`operation ${i} is not an object`);
    const { op, path, from, value } = operation as Record<string, unknown>;
    const to = tokens(path, 'path');
    const pointer = String(path);
    switch (op) {
      case 'add':
        if (!('value' in operation)) throw new PatchError(`operation ${i} (add) has no value`);
        doc = add(doc, to, structuredClone(value), pointer);
        break;
      case 'remove':
        doc = remove(doc, to, pointer);
        break;
      case 'replace':
        if (!('value' in operation)) throw new PatchError(`operation ${i} (replace) has no value`);
        get(doc, to, pointer);
        doc = to.length === 0 ? structuredClone(value) : add(remove(doc, to, pointer), to, structuredClone(value), pointer);
        break;
      case 'move': {
        const source = tokens(from, 'from');
        const moved = get(doc, source, String(from));
        doc = add(remove(doc, source, String(from)), to, moved, pointer);
        break;
      }
      case 'copy': {
        const source = tokens(from, 'from');
        doc = add(doc, to, structuredClone(get(doc, source, String(from))), pointer);
        break;
      }
      case 'test':
        if (!isDeepStrictEqual(get(doc, to, pointer), value)) throw new PatchError(`test failed at ${pointer}`);
        break;
      default:
        throw new PatchError(`operation ${i}: unknown op ${JSON.stringify(op)} (add, remove, replace, move, copy, test)`);
    }
  });
  return doc;
}
