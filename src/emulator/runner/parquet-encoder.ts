// Encodes a batch's records as one Parquet file, as the Platform's data lake stores them: snappy compression,
// one column per mapped XDM field, nested XDM objects as Parquet groups, every field optional.
//
//   XDM field                    Parquet leaf
//   string                       BYTE_ARRAY, STRING (UTF8)
//   string, format date          INT32, DATE (days since 1970-01-01)
//   string, format date-time     INT64, TIMESTAMP(MICROS, adjusted to UTC)
//   integer                      INT64, INTEGER(64, signed)
//   number                       DOUBLE
//   boolean                      BOOLEAN
//
// It takes row groups column by column — one array per output field of the mapping, holding its converted values
// (convert.ts: ISO strings for dates, undefined for a field left out) — and appends each group to the file as it
// comes, so memory holds one group whatever the batch's size. It runs where parquet-records.ts puts it: in a
// worker thread (parquet-worker.ts), or in the calling thread.

import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SchemaElement } from 'hyparquet';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { WriteError } from './json-lines.js';

/** A mapped field: its path segments and XDM type (mapping.ts OutputField, without the schema's path). */
export interface EncodedField {
  segments: readonly string[];
  field: { type: string; format?: string | undefined };
}

/** Where one field's values go: a top-level column, or a leaf inside a group. */
interface FieldNode {
  name: string;
  /** Index of the field, for a leaf. */
  output?: number;
  children: FieldNode[];
}

function leafElement(name: string, field: EncodedField['field']): SchemaElement {
  const base = { name, repetition_type: 'OPTIONAL' } as const;
  if (field.type === 'integer') return { ...base, type: 'INT64', logical_type: { type: 'INTEGER', bitWidth: 64, isSigned: true } };
  if (field.type === 'number') return { ...base, type: 'DOUBLE' };
  if (field.type === 'boolean') return { ...base, type: 'BOOLEAN' };
  if (field.format === 'date') return { ...base, type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } };
  if (field.format === 'date-time') {
    return { ...base, type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' } };
  }
  return { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } };
}

/** The fields as a tree of groups, in the order the fields first name them. */
function fieldTree(fields: readonly EncodedField[]): FieldNode {
  const root: FieldNode = { name: 'root', children: [] };
  fields.forEach((output, index) => {
    let node = root;
    output.segments.forEach((segment, depth) => {
      let child = node.children.find((c) => c.name === segment);
      if (!child) {
        child = { name: segment, children: [] };
        node.children.push(child);
      }
      if (depth === output.segments.length - 1) child.output = index;
      node = child;
    });
  });
  return root;
}

/** The Parquet schema (depth first, as the format lists it) of the fields' tree. */
export function parquetSchemaOf(fields: readonly EncodedField[]): SchemaElement[] {
  const elements: SchemaElement[] = [];
  const visit = (node: FieldNode, isRoot: boolean) => {
    if (node.output !== undefined && node.children.length === 0) {
      elements.push(leafElement(node.name, (fields[node.output] as EncodedField).field));
      return;
    }
    elements.push(isRoot ? { name: node.name, num_children: node.children.length } : { name: node.name, repetition_type: 'OPTIONAL', num_children: node.children.length });
    for (const child of node.children) visit(child, false);
  };
  visit(fieldTree(fields), true);
  return elements;
}

/**
 * Strings as UTF-8 bytes, all encoded at once into one buffer and handed out as views of it: what the Parquet
 * writer would otherwise do string by string, at several times the cost.
 */
function utf8Values(values: readonly unknown[]): unknown[] {
  const strings = values.map((v) => (v === undefined || v === null ? '' : String(v)));
  const text = strings.join('');
  const bytes = Buffer.from(text, 'utf8');
  // Only one-byte characters: each string's bytes are as many as its characters.
  const oneByte = bytes.length === text.length;
  let offset = 0;
  return values.map((value, i) => {
    if (value === undefined || value === null) return null;
    const s = strings[i] as string;
    const length = oneByte ? s.length : Buffer.byteLength(s);
    const view = new Uint8Array(bytes.buffer, bytes.byteOffset + offset, length);
    offset += length;
    return view;
  });
}

/** A field's converted values (convert.ts) as its Parquet leaf takes them; null for none. */
function leafValues(values: readonly unknown[], field: EncodedField['field']): unknown[] {
  if (field.type === 'integer') return values.map((v) => (v === undefined || v === null ? null : BigInt(v as number)));
  if (field.type === 'string' && field.format === 'date') {
    return values.map((v) => (v === undefined || v === null ? null : Date.parse(`${String(v)}T00:00:00Z`) / 86_400_000));
  }
  if (field.type === 'string' && field.format === 'date-time') {
    return values.map((v) => {
      if (v === undefined || v === null) return null;
      const ms = Date.parse(String(v));
      const micros = ms * 1000;
      return Number.isSafeInteger(micros) ? micros : BigInt(ms) * 1000n;
    });
  }
  if (field.type === 'string') return utf8Values(values);
  return values.map((v) => (v === undefined ? null : v));
}

/** A ByteWriter that hands each finished row group to the file, so its buffer never holds more than one. */
class FileByteWriter extends ByteWriter {
  constructor(private readonly handle: FileHandle) {
    super(1 << 20);
  }

  async flush(): Promise<void> {
    const chunk = new Uint8Array(this.buffer, 0, this.index);
    // Written before the writer goes on (it awaits this), so the buffer can be reused at once afterwards.
    await this.handle.write(chunk);
    this.index = 0;
  }

  override finish(): Promise<void> {
    return this.flush();
  }
}

export class ParquetFileEncoder {
  private readonly tree: FieldNode;
  private readonly parquet: ParquetWriter;
  private readonly bytes: FileByteWriter;
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly fields: readonly EncodedField[],
  ) {
    this.tree = fieldTree(fields);
    this.bytes = new FileByteWriter(handle);
    this.parquet = new ParquetWriter({ writer: this.bytes, schema: parquetSchemaOf(fields), codec: 'SNAPPY', createdBy: 'flowctl emulator' });
  }

  static async open(path: string, fields: readonly EncodedField[]): Promise<ParquetFileEncoder> {
    try {
      await mkdir(dirname(path), { recursive: true });
      return new ParquetFileEncoder(path, await open(path, 'w'), fields);
    } catch (error) {
      throw new WriteError(path, error);
    }
  }

  /** Appends one row group: `columns[i]` holds field i's values, one per record. */
  async writeGroup(columns: readonly (readonly unknown[])[]): Promise<void> {
    const count = columns[0]?.length ?? 0;
    if (count === 0) return;
    const leaves = this.fields.map((f, i) => leafValues(columns[i] ?? [], f.field));
    const columnData = this.tree.children.map((node) => ({ name: node.name, data: Array.from({ length: count }, (_, row) => this.cell(node, leaves, row)) }));
    try {
      // One call, one row group: its size is the records given.
      await this.parquet.write({ columnData: columnData as never, rowGroupSize: count });
    } catch (error) {
      throw new WriteError(this.path, error);
    }
  }

  /** A leaf's Parquet value, or a group's object (null when none of its fields has a value). */
  private cell(node: FieldNode, leaves: readonly unknown[][], row: number): unknown {
    if (node.children.length === 0) return (leaves[node.output as number] as unknown[])[row] ?? null;
    let group: Record<string, unknown> | null = null;
    for (const child of node.children) {
      const value = this.cell(child, leaves, row);
      if (value !== null) (group ??= {})[child.name] = value;
    }
    return group;
  }

  /** Writes the footer and closes the file; its size in bytes. */
  async finish(): Promise<number> {
    this.closed = true;
    try {
      await this.parquet.finish();
    } catch (error) {
      await this.handle.close().catch(() => undefined);
      throw error instanceof WriteError ? error : new WriteError(this.path, error);
    }
    await this.handle.close();
    return this.bytes.offset;
  }

  /** Closes without finishing the file, and removes it. */
  async discard(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      await this.handle.close().catch(() => undefined);
    }
    await rm(this.path, { force: true });
  }
}
