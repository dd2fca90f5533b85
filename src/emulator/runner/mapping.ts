// One table row turned into one XDM record by a mapping set (data-prep/mapping-set.ts stores its mappings as
// `{sourceType, source, destination}`). Pure.
//
//   ATTRIBUTE   `source` is a column; `destination` a dot path into the schema (`person.name.firstName`), built
//               as nested objects
//   EXPRESSION  `source` is an expression of the subset in expression.ts (lower, upper, trim, concat)
//   STATIC      `source` is a constant
//
// Each value is converted to the destination field's XDM type (convert.ts). A row fails — with every error it
// has — when a value does not convert, when a mapped column is not in the row, or when an expression is
// outside the subset. A destination that is not a field of the schema fails the whole mapping (compile time).
// Column names are matched exactly, then case-insensitively (PostgreSQL folds unquoted names to lower case).

import type { Row } from '../databases/reader.js';
import type { Json, SchemaField } from '../records.js';
import { conversionError, convertValue, MAPPER_ERROR, type RowError } from './convert.js';
import { evaluate, type Expression, ExpressionError, parseExpression } from './expression.js';

export interface MappingRule {
  sourceType: string;
  source: string;
  destination: string;
}

export type MappedRow = { ok: true; record: Json } | { ok: false; errors: RowError[] };

export interface CompiledMapping {
  apply(row: Row): MappedRow;
  /** The same, with the record already as JSON text (what a batch file holds). */
  applyJson(row: Row): { ok: true; json: string } | { ok: false; errors: RowError[] };
}

/** The mapping set cannot be applied at all (not a per-row problem). */
export class MappingConfigError extends Error {
  readonly code = MAPPER_ERROR;
  constructor(message: string) {
    super(message);
    this.name = 'MappingConfigError';
  }
}

interface Compiled {
  rule: MappingRule;
  field: SchemaField;
  segments: string[];
  /** The value the rule gives for a row; `missing` names a column the row does not have. */
  read: (row: Row, column: ColumnReader) => { value: unknown; missing?: string };
  /** Set when the rule cannot be evaluated (every row fails with it). */
  broken?: RowError;
}

type ColumnReader = (row: Row, name: string) => { found: boolean; value: unknown };

const SOURCE_TYPES: Record<string, 'ATTRIBUTE' | 'EXPRESSION' | 'STATIC'> = {
  ATTRIBUTE: 'ATTRIBUTE',
  EXPRESSION: 'EXPRESSION',
  STATIC: 'STATIC',
  'text/x.schema-path': 'ATTRIBUTE',
  'text/x.aep-xl': 'EXPRESSION',
};

/** Looks columns up by exact name, else case-insensitively (the lower-cased key map is built once per key set). */
function columnReader(): ColumnReader {
  const has = (row: Row, key: string) => Object.prototype.hasOwnProperty.call(row, key);
  let folded = new Map<string, string>();
  return (row, name) => {
    if (has(row, name)) return { found: true, value: row[name] };
    let key = folded.get(name.toLowerCase());
    if (key === undefined || !has(row, key)) {
      folded = new Map(Object.keys(row).map((k) => [k.toLowerCase(), k]));
      key = folded.get(name.toLowerCase());
    }
    return key === undefined ? { found: false, value: undefined } : { found: true, value: row[key] };
  };
}

function compileRule(rule: MappingRule, field: SchemaField): Compiled {
  const segments = rule.destination.split('.');
  const type = SOURCE_TYPES[rule.sourceType];
  const brokenRule = (message: string): Compiled => ({
    rule,
    field,
    segments,
    read: () => ({ value: undefined }),
    broken: { code: MAPPER_ERROR, message: `Mapper Transform Error: ${message}`, field: rule.destination, source: rule.source },
  });
  if (type === 'STATIC') return { rule, field, segments, read: () => ({ value: rule.source }) };
  if (type === 'ATTRIBUTE') {
    return {
      rule,
      field,
      segments,
      read: (row, column) => {
        const { found, value } = column(row, rule.source);
        return found ? { value } : { value: undefined, missing: rule.source };
      },
    };
  }
  if (type === 'EXPRESSION') {
    let expression: Expression;
    try {
      expression = parseExpression(rule.source);
    } catch (error) {
      if (error instanceof ExpressionError) return brokenRule(`${error.message} (mapping to ${rule.destination})`);
      throw error;
    }
    return {
      rule,
      field,
      segments,
      read: (row, column) => {
        let missing: string | undefined;
        const value = evaluate(expression, (name) => {
          const got = column(row, name);
          if (!got.found) missing ??= name;
          return got.value;
        });
        return missing === undefined ? { value } : { value, missing };
      },
    };
  }
  return brokenRule(`source type ${JSON.stringify(rule.sourceType)} is not one of ATTRIBUTE, EXPRESSION, STATIC (mapping to ${rule.destination})`);
}

function setPath(record: Json, segments: readonly string[], value: unknown): void {
  let node = record;
  for (let i = 0; i < segments.length - 1; i++) {
    const key = segments[i] as string;
    let child = node[key];
    if (typeof child !== 'object' || child === null) {
      child = {};
      node[key] = child;
    }
    node = child as Json;
  }
  node[segments[segments.length - 1] as string] = value;
}

/** Compiles a mapping set against the target schema's leaf fields; throws MappingConfigError for a bad destination. */
export function compileMapping(rules: readonly MappingRule[], fields: readonly SchemaField[], schemaId = 'the target schema'): CompiledMapping {
  const byPath = new Map(fields.map((f) => [f.path, f]));
  const compiled = rules.map((rule) => {
    const field = byPath.get(rule.destination);
    if (!field) throw new MappingConfigError(`Mapper Transform Error: destination ${rule.destination} is not a field of ${schemaId}; the mapping set no longer fits its schema`);
    return compileRule(rule, field);
  });
  const column = columnReader();
  // The hot path — a plain column into a plain string field — reads the row's own key (resolved on the first row
  // that has it) and skips the general machinery: this runs for every field of every row.
  const attributeKeys = new Map<Compiled, string>();
  const plainString = (c: Compiled) => c.field.type === 'string' && c.field.format === undefined;
  const tree = outputTree(compiled);

  /** Each rule's converted value for this row (undefined: field left out), or the row's errors. */
  function evaluateRow(row: Row): { values: unknown[] } | { errors: RowError[] } {
    const values: unknown[] = new Array(compiled.length);
    let errors: RowError[] | undefined;
    for (let i = 0; i < compiled.length; i++) {
      const c = compiled[i] as Compiled;
      if (c.broken) {
        (errors ??= []).push(c.broken);
        continue;
      }
      const key = attributeKeys.get(c);
      if (key !== undefined && Object.prototype.hasOwnProperty.call(row, key)) {
        const raw = row[key];
        if (typeof raw === 'string' && plainString(c)) {
          values[i] = raw;
          continue;
        }
      } else if (key === undefined && SOURCE_TYPES[c.rule.sourceType] === 'ATTRIBUTE') {
        const found = Object.prototype.hasOwnProperty.call(row, c.rule.source)
          ? c.rule.source
          : Object.keys(row).find((k) => k.toLowerCase() === c.rule.source.toLowerCase());
        if (found !== undefined) attributeKeys.set(c, found);
      }
      const { value, missing } = c.read(row, column);
      if (missing !== undefined) {
        (errors ??= []).push({
          code: MAPPER_ERROR,
          message: `Mapper Transform Error: column ${missing} (mapped to ${c.rule.destination}) is not in the source row; its columns are ${Object.keys(row).join(', ')}`,
          field: c.rule.destination,
          source: c.rule.source,
        });
        continue;
      }
      const converted = convertValue(value, c.field);
      if (!converted.ok) {
        (errors ??= []).push(conversionError(c.field, c.rule.source, value, converted.reason));
        continue;
      }
      values[i] = converted.value;
    }
    return errors ? { errors } : { values };
  }

  return {
    apply(row) {
      const result = evaluateRow(row);
      if ('errors' in result) return { ok: false, errors: result.errors };
      const record: Json = {};
      result.values.forEach((value, i) => {
        if (value !== undefined) setPath(record, (compiled[i] as Compiled).segments, value);
      });
      return { ok: true, record };
    },
    applyJson(row) {
      const result = evaluateRow(row);
      if ('errors' in result) return { ok: false, errors: result.errors };
      return { ok: true, json: serialize(tree, result.values) ?? '{}' };
    },
  };
}

/** Where each rule's value goes in the record: the nested objects of the destinations, in rule order. */
interface OutputNode {
  /** JSON of the key (`"person"`). */
  key: string;
  /** Index of the rule whose value this leaf holds. */
  rule?: number;
  children: OutputNode[];
}

function outputTree(compiled: readonly Compiled[]): OutputNode {
  const root: OutputNode = { key: '', children: [] };
  compiled.forEach((c, i) => {
    let node = root;
    c.segments.forEach((segment, depth) => {
      const key = JSON.stringify(segment);
      let child = node.children.find((n) => n.key === key);
      if (!child) {
        child = { key, children: [] };
        node.children.push(child);
      }
      if (depth === c.segments.length - 1) child.rule = i;
      node = child;
    });
  });
  return root;
}

/**
 * The record as JSON text, written straight from the values: the same text as JSON.stringify of the nested
 * object `apply` builds (same key order, empty objects left out), without building that object first.
 */
function serialize(node: OutputNode, values: readonly unknown[]): string | undefined {
  let out = '';
  for (const child of node.children) {
    let text: string | undefined;
    if (child.rule !== undefined && values[child.rule] !== undefined) text = JSON.stringify(values[child.rule]);
    else if (child.children.length > 0) text = serialize(child, values);
    if (text === undefined) continue;
    out += `${out === '' ? '' : ','}${child.key}:${text}`;
  }
  return out === '' ? undefined : `{${out}}`;
}
