// One table row turned into one XDM record by a mapping set (data-prep/mapping-set.ts stores its mappings as
// `{sourceType, source, destination}`). Pure.
//
//   ATTRIBUTE   `source` is a column; `destination` a dot path into the schema (`person.name.firstName`), built
//               as nested objects
//   EXPRESSION  `source` is a Data Prep expression (expression/expression.ts: the JEXL-based language and its
//               functions), compiled once per mapping set; one compiled mapping is one run, with one now()
//   STATIC      `source` is a constant
//
// Each value is converted to the destination field's XDM type (convert.ts). A row fails — with every error it
// has — when a value does not convert, when a mapped column is not in the row, when an expression does not
// compile (every row), or when it fails for that row (a function refuses a value). A destination that is not
// a field of the schema fails the whole mapping (compile time).
// Column names are case sensitive, as Data Prep's are: `FULL_NAME` does not read `full_name` (the error says
// which column was meant).

import { randomUUID } from 'node:crypto';
import type { Row } from '../databases/reader.js';
import { compileExpression, describeExpressionProblem } from '../expression/expression.js';
import { rowHasPath } from '../expression/paths.js';
import type { EvaluationContext } from '../expression/registry.js';
import { DateTime, EvaluationError, toFieldValue } from '../expression/values.js';
import type { Json, SchemaField } from '../records.js';
import { conversionError, convertValue, MAPPER_ERROR, type RowError } from './convert.js';

export interface MappingRule {
  sourceType: string;
  source: string;
  destination: string;
}

export type MappedRow = { ok: true; record: Json } | { ok: false; errors: RowError[] };

/** One field a record can hold: a destination of the mapping set, with its XDM type. */
export interface OutputField {
  /** The destination's path segments (`['person', 'name', 'fullName']`). */
  segments: readonly string[];
  field: SchemaField;
}

export interface CompiledMapping {
  /** The distinct destinations, in the order of their first rule: what `applyValues` fills. */
  readonly outputs: readonly OutputField[];
  apply(row: Row): MappedRow;
  /** The same, as one converted value per output (undefined: left out), without building the nested record. */
  applyValues(row: Row): { ok: true; values: unknown[] } | { ok: false; errors: RowError[] };
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
  /**
   * The value the rule gives for a row; `missing` names a column the row does not have, `error` why the
   * expression failed for this row.
   */
  read: (row: Row) => { value: unknown; missing?: string; error?: string };
  /** Set when the rule cannot be evaluated (every row fails with it). */
  broken?: RowError;
}

/** A column by its exact name: Data Prep's column names are case sensitive. */
function readColumn(row: Row, name: string): { found: boolean; value: unknown } {
  return Object.prototype.hasOwnProperty.call(row, name) ? { found: true, value: row[name] } : { found: false, value: undefined };
}

/** The row's column `name` would have matched if names ignored case, for the error message. */
function sameButCase(row: Row, name: string): string | undefined {
  const folded = name.toLowerCase();
  return Object.keys(row).find((k) => k !== name && k.toLowerCase() === folded);
}

const SOURCE_TYPES: Record<string, 'ATTRIBUTE' | 'EXPRESSION' | 'STATIC'> = {
  ATTRIBUTE: 'ATTRIBUTE',
  EXPRESSION: 'EXPRESSION',
  STATIC: 'STATIC',
  'text/x.schema-path': 'ATTRIBUTE',
  'text/x.aep-xl': 'EXPRESSION',
};

/** The context functions get for a row: the run's one `now`, fresh UUIDs, and the row's paths. */
type ContextFor = (row: Row) => EvaluationContext;

function contextFactory(clock: () => number): ContextFor {
  const now = new DateTime(clock(), 'UTC');
  // One context object, pointed at the row being evaluated: evaluation is synchronous, and a fresh object per
  // row and expression was a measurable share of a run's time (and of its garbage).
  let current: Row = {};
  const context: EvaluationContext = { now: () => now, uuid: () => randomUUID(), hasPath: (path) => rowHasPath(current, path) };
  return (row) => {
    current = row;
    return context;
  };
}

function compileRule(rule: MappingRule, field: SchemaField, contextFor: ContextFor): Compiled {
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
      read: (row) => {
        const { found, value } = readColumn(row, rule.source);
        return found ? { value } : { value: undefined, missing: rule.source };
      },
    };
  }
  if (type === 'EXPRESSION') {
    const compiled = compileExpression(rule.source);
    if (!compiled.ok) {
      return brokenRule(`the expression ${JSON.stringify(rule.source)} (mapping to ${rule.destination}) does not compile: ${describeExpressionProblem(compiled.problem)}`);
    }
    const expression = compiled.expression;
    return {
      rule,
      field,
      segments,
      read: (row) => {
        try {
          const { value, missing } = expression.evaluate(row, contextFor(row));
          return missing === undefined ? { value: toFieldValue(value) } : { value: undefined, missing };
        } catch (error) {
          if (error instanceof EvaluationError) return { value: undefined, error: `${error.message} (mapping to ${rule.destination})` };
          throw error;
        }
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

/**
 * Compiles a mapping set against the target schema's leaf fields; throws MappingConfigError for a bad
 * destination. `clock` (epoch ms) is read once: expressions calling now() or timestamp() get that instant for
 * every row, as one run has one "now".
 */
export function compileMapping(
  rules: readonly MappingRule[],
  fields: readonly SchemaField[],
  schemaId = 'the target schema',
  clock: () => number = Date.now,
): CompiledMapping {
  const byPath = new Map(fields.map((f) => [f.path, f]));
  const contextFor = contextFactory(clock);
  const compiled = rules.map((rule) => {
    const field = byPath.get(rule.destination);
    if (!field) throw new MappingConfigError(`Mapper Transform Error: destination ${rule.destination} is not a field of ${schemaId}; the mapping set no longer fits its schema`);
    return compileRule(rule, field, contextFor);
  });
  // Two rules with one destination write one field: the later rule's value when it has one.
  const outputIndex = new Map<string, number>();
  const outputs: OutputField[] = [];
  const outputOf = compiled.map((c) => {
    let index = outputIndex.get(c.rule.destination);
    if (index === undefined) {
      index = outputs.push({ segments: c.segments, field: c.field }) - 1;
      outputIndex.set(c.rule.destination, index);
    }
    return index;
  });
  // The hot path — a plain column into a plain string field — skips the general machinery: this runs for every
  // field of every row.
  const plainString = compiled.map((c) => SOURCE_TYPES[c.rule.sourceType] === 'ATTRIBUTE' && c.field.type === 'string' && c.field.format === undefined);

  /** Each output's converted value for this row (undefined: field left out), or the row's errors. */
  function evaluateRow(row: Row): { ok: true; values: unknown[] } | { ok: false; errors: RowError[] } {
    const values: unknown[] = new Array(outputs.length);
    let errors: RowError[] | undefined;
    for (let i = 0; i < compiled.length; i++) {
      const c = compiled[i] as Compiled;
      const out = outputOf[i] as number;
      if (c.broken) {
        (errors ??= []).push(c.broken);
        continue;
      }
      if (plainString[i]) {
        const raw = row[c.rule.source];
        if (typeof raw === 'string') {
          values[out] = raw;
          continue;
        }
      }
      const { value, missing, error } = c.read(row);
      if (error !== undefined) {
        (errors ??= []).push({ code: MAPPER_ERROR, message: `Mapper Transform Error: ${error}`, field: c.rule.destination, source: c.rule.source });
        continue;
      }
      if (missing !== undefined) {
        const meant = sameButCase(row, missing);
        (errors ??= []).push({
          code: MAPPER_ERROR,
          message: meant
            ? `Mapper Transform Error: column ${missing} (mapped to ${c.rule.destination}) is not in the source row: column names are case sensitive, and the row has ${meant}`
            : `Mapper Transform Error: column ${missing} (mapped to ${c.rule.destination}) is not in the source row; its columns are ${Object.keys(row).join(', ')}`,
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
      if (converted.value !== undefined) values[out] = converted.value;
    }
    return errors ? { ok: false, errors } : { ok: true, values };
  }

  return {
    outputs,
    apply(row) {
      const result = evaluateRow(row);
      if (!result.ok) return result;
      const record: Json = {};
      result.values.forEach((value, i) => {
        if (value !== undefined) setPath(record, (outputs[i] as OutputField).segments, value);
      });
      return { ok: true, record };
    },
    applyValues: evaluateRow,
  };
}
