// Which XDM class a table's schema is built on, and what that changes in onboarding (`--class`, `class:`).
//
//   profile  XDM Individual Profile + Demographic Details + Personal Contact Details + the field group. One row
//            per person or account: standard person fields (infer.ts's matching table) and a primary identity.
//   event    XDM ExperienceEvent + the field group. Time-stamped facts (orders, clicks). The class requires
//            `_id` — from the row's key (a column named id or <table>_id, or one mapped to `_id`) — and
//            `timestamp` — from --timestamp COLUMN, else the column it came from so far (a re-run), else the delta
//            column; a date-time column either way. Every
//            other column is a custom field: person fields belong to profile field groups, which an event schema
//            cannot hold. The primary identity is a person column (customer_id, user_id, …, else an email
//            column) or --identity; without one the schema cannot be enabled for Profile, and a warning says so.
//   record   a class of the table's own ("<prefix> class", `allOf` the record behavior, as Adobe's classes
//            guide creates one) + the field group. Lookup tables (countries, products): every column is a
//            custom field; an identity only when --identity names one.
//
// Default: the existing schema's class; for a new schema, profile when the table has an identity (as before),
// otherwise record, and a warning says so. The Platform cannot change a schema's class, so asking for another
// class than the existing schema's is refused before anything is written. Everything here is pure.

import type { ClassCreate } from '../platform/models/schema-registry.js';
import { XDM_EXPERIENCE_EVENT_CLASS, XDM_PROFILE_CLASS, XDM_PROFILE_PERSON_DETAILS, XDM_PROFILE_PERSONAL_DETAILS, XDM_RECORD_BEHAVIOR } from '../platform/specs.js';
import {
  chooseIdentity,
  columnType,
  explicitIdentity,
  type FieldPlan,
  findColumn,
  identityOn,
  type IdentityChoice,
  KEY_NAMES,
  list,
  normaliseName,
  planFields,
  STANDARD_FIELDS,
  type TableColumn,
  tableNames,
} from './infer.js';
import type { XdmClass } from './types.js';

/** The parts of a new schema of each class, as the plan shows them. */
const SCHEMA_DETAIL: Record<XdmClass, string> = {
  profile: 'XDM Individual Profile + person details + personal details + the field group',
  event: 'XDM ExperienceEvent + the field group',
  record: 'the table’s own record class + the field group',
};

/** What a plan says of a new schema: its class and field groups (or how the class will be chosen). */
export function schemaDetail(xdmClass: XdmClass | undefined): string {
  return xdmClass === undefined ? 'class chosen from the table: profile when it has an identity, else record' : SCHEMA_DETAIL[xdmClass];
}

/** A new schema's description. */
export function schemaDescription(xdmClass: XdmClass, table: string): string {
  return `${xdmClass === 'profile' ? 'Profile records' : xdmClass === 'event' ? 'Events' : 'Lookup records'} from ${table}`;
}

/** The class of an existing schema, from its `meta:class`; undefined for a class flowctl does not make. */
export function classOfSchema(classId: unknown, tenantId: string): XdmClass | undefined {
  if (classId === XDM_PROFILE_CLASS) return 'profile';
  if (classId === XDM_EXPERIENCE_EVENT_CLASS) return 'event';
  const tenant = tenantId.replace(/^_/, '');
  if (typeof classId === 'string' && classId.startsWith(`https://ns.adobe.com/${tenant}/classes/`)) return 'record';
  return undefined;
}

/**
 * Why `wanted` cannot be used with the schema found (its class differs: the Platform cannot change it), or
 * undefined. A schema whose class is not known (an older listing without `meta:class`) is not judged.
 */
export function classConflict(schema: { $id: string; title?: string | undefined; 'meta:class'?: unknown } | undefined, wanted: XdmClass | undefined, tenantId: string): string | undefined {
  const classId = schema?.['meta:class'];
  if (!schema || wanted === undefined || typeof classId !== 'string') return undefined;
  const found = classOfSchema(classId, tenantId);
  if (found === wanted) return undefined;
  const a = (c: XdmClass) => `${c === 'event' ? 'an' : 'a'} ${c}`;
  const what = found === undefined ? `is built on the class ${classId}` : `is ${a(found)} schema (${SCHEMA_DETAIL[found].split(' + ')[0]})`;
  return (
    `schema "${schema.title ?? schema.$id}" ${what}, not ${a(wanted)} schema, and the Platform cannot change a schema's class: ` +
    `offboard the table first (flowctl offboard --table …), or onboard it under another --name`
  );
}

/** The `$id` a schema of this class is built on (and its field group extends). */
export function classIdOf(xdmClass: XdmClass, tenantClassId: string | undefined): string {
  if (xdmClass === 'profile') return XDM_PROFILE_CLASS;
  if (xdmClass === 'event') return XDM_EXPERIENCE_EVENT_CLASS;
  if (!tenantClassId) throw new Error('unreachable: a record schema is made after its class');
  return tenantClassId;
}

/** `allOf` of a new schema: its class, the standard field groups of a profile, and the custom field group. */
export function schemaRefs(xdmClass: XdmClass, tenantClassId: string | undefined, fieldGroupId: string | undefined): string[] {
  const standard = xdmClass === 'profile' ? [XDM_PROFILE_PERSON_DETAILS, XDM_PROFILE_PERSONAL_DETAILS] : [];
  return [classIdOf(xdmClass, tenantClassId), ...standard, ...(fieldGroupId ? [fieldGroupId] : [])];
}

/** `POST /tenant/classes`: the record class of one lookup table; its fields are in the field group. */
export function classBody(title: string, table: string): ClassCreate {
  return { type: 'object', title, description: `Rows of ${table} (a lookup table)`, allOf: [{ $ref: XDM_RECORD_BEHAVIOR }] };
}

/**
 * Outside the tenant's object, the fields a new schema of the class has: `fields` known without asking, and the
 * global classes and field groups to read for the rest (destinations.ts checks mapped destinations with it).
 */
export function standardParts(xdmClass: XdmClass): { fields: string[]; classes: string[]; fieldGroups: string[] } {
  if (xdmClass === 'event') return { fields: ['_id', 'timestamp'], classes: [XDM_EXPERIENCE_EVENT_CLASS], fieldGroups: [] };
  // The record behavior's one field.
  if (xdmClass === 'record') return { fields: ['_id'], classes: [], fieldGroups: [] };
  return { fields: STANDARD_FIELDS.map((s) => s.destination), classes: [XDM_PROFILE_CLASS], fieldGroups: [XDM_PROFILE_PERSON_DETAILS, XDM_PROFILE_PERSONAL_DETAILS] };
}

// ── The table's plan for its class ─────────────────────────────────────────────────────────────────────────

export interface TableInput {
  tenantId: string;
  /** `schema.table`, as explored. */
  table: string;
  /** Column (or expression) → XDM path, from a mapping file. */
  overrides?: Readonly<Record<string, string>> | undefined;
  /** `--identity COLUMN[:NAMESPACE]`. */
  identity?: string | undefined;
  /** `--timestamp COLUMN` (event only). */
  timestamp?: string | undefined;
  /** `--class`, or the existing schema's; undefined: chosen from the table. */
  xdmClass?: XdmClass | undefined;
  /** The column the adopted mapping set sends to `timestamp`: a re-run keeps it unless --timestamp says otherwise. */
  mappedTimestamp?: string | undefined;
  /** The delta column: a new event's timestamp when --timestamp is not given. */
  deltaColumn?: string | undefined;
}

export interface TablePlan {
  xdmClass: XdmClass;
  fields: FieldPlan[];
  identity: IdentityChoice | undefined;
  warnings: string[];
}

/** Bad input, and the flag (or key) it is about. */
export interface PlanProblem {
  flag: string;
  problem: string;
}

/** Where each column goes for the class, and the identity; or the problem. planFields' own errors are thrown. */
export function planTable(columns: readonly TableColumn[], input: TableInput): TablePlan | PlanProblem {
  if (input.timestamp !== undefined && input.xdmClass !== 'event') {
    return { flag: '--timestamp', problem: 'only an event schema has a timestamp: add --class event (or leave --timestamp out)' };
  }
  if (input.xdmClass === 'event') return planEvent(columns, input);
  if (input.xdmClass === 'record') return planRecord(columns, input);
  const fields = planFields(columns, input.tenantId, input.overrides);
  const identity = chooseIdentity(columns, fields, input.identity, undefined, input.table);
  if (!('problem' in identity)) return { xdmClass: 'profile', fields: identity.fields, identity, warnings: [] };
  if (input.xdmClass === 'profile' || input.identity !== undefined) return { flag: '--identity', problem: identity.problem };
  const record = planRecord(columns, input);
  if ('problem' in record) return record;
  const warning =
    `${input.table} has no column that looks like a person's identity (id, <table>_id, customer_id, …, an email), so it is onboarded ` +
    `as a record (lookup) schema on a class of its own. For a profile schema pass --class profile --identity COLUMN; for time-stamped rows, --class event`;
  return { ...record, warnings: [warning] };
}

function planRecord(columns: readonly TableColumn[], input: TableInput): TablePlan | PlanProblem {
  const fields = planFields(columns, input.tenantId, input.overrides, { standardFields: false });
  const identity = input.identity === undefined ? undefined : givenIdentity(columns, fields, input.identity);
  if (identity && 'problem' in identity) return { flag: '--identity', problem: identity.problem };
  return { xdmClass: 'record', fields: identity?.fields ?? fields, identity, warnings: [] };
}

function planEvent(columns: readonly TableColumn[], input: TableInput): TablePlan | PlanProblem {
  const custom = planFields(columns, input.tenantId, input.overrides, { standardFields: false });
  const key = eventKey(custom, input.table);
  if (key === null) {
    return {
      flag: '--class event',
      problem:
        `an event needs an _id unique to each row, but no column is named id or <table>_id (${list(tableNames(input.table).slice(-1).map((t) => `${t}_id`))}): ` +
        `map the key column to it with --mapping-file '{"COLUMN": "_id"}'`,
    };
  }
  const timestamp = eventTimestamp(columns, custom, input);
  if (typeof timestamp === 'object') return { flag: '--timestamp', problem: timestamp.problem };
  const idField = (column: string): FieldPlan => ({ column, destination: '_id', standard: true, xdmType: 'string', title: 'Identifier' });
  const timeField = (column: string): FieldPlan => ({ column, destination: 'timestamp', standard: true, xdmType: 'string', format: 'date-time', title: 'Timestamp' });
  // The key and the time go to the class's fields instead of custom ones; a column the mapping file sends
  // somewhere goes there too (one source may feed several fields).
  const fields = custom.flatMap((f): FieldPlan[] => {
    const own = f.expression ? undefined : f.column === key ? idField(f.column) : f.column === timestamp ? timeField(f.column) : undefined;
    if (!own) return [f];
    return input.overrides?.[f.column] === undefined ? [own] : [f, own];
  });
  if (timestamp !== undefined && !fields.some((f) => f.destination === 'timestamp')) fields.push(timeField(timestamp));
  const identity = input.identity === undefined ? personIdentity(fields) : givenIdentity(columns, fields, input.identity);
  if (identity && 'problem' in identity) return { flag: '--identity', problem: identity.problem };
  const warnings = identity
    ? []
    : [`${input.table} has no column that looks like a person's identity (customer_id, user_id, …, an email): the event schema gets no primary identity and cannot be enabled for Profile; pass --identity COLUMN[:NAMESPACE] to name one`];
  return { xdmClass: 'event', fields: identity?.fields ?? fields, identity, warnings };
}

/** The column whose values become `_id`: undefined when a column is mapped to `_id` already, null when none is found. */
function eventKey(fields: readonly FieldPlan[], table: string): string | undefined | null {
  if (fields.some((f) => f.destination === '_id')) return undefined;
  const names = ['id', ...tableNames(table).map((t) => `${t}id`)];
  for (const name of names) {
    const found = fields.find((f) => !f.expression && normaliseName(f.column) === name);
    if (found) return found.column;
  }
  return null;
}

/** The date-time column whose values become `timestamp` (undefined when a column is mapped to it already). */
function eventTimestamp(columns: readonly TableColumn[], fields: readonly FieldPlan[], input: TableInput): string | undefined | { problem: string } {
  if (fields.some((f) => f.destination === 'timestamp')) return undefined;
  const dateTimes = columns.filter((c) => columnType(c).format === 'date-time').map((c) => c.name);
  if (input.timestamp !== undefined) {
    const column = findColumn(columns, input.timestamp.trim());
    if (!column) return { problem: `the table has no column "${input.timestamp}"; its date-time columns: ${list(dateTimes)}` };
    const type = columnType(column);
    if (type.format !== 'date-time') return { problem: `column "${column.name}" is a ${type.format ?? type.xdmType} column; the timestamp must be a date-time column (${list(dateTimes)})` };
    return column.name;
  }
  const kept = input.mappedTimestamp === undefined ? undefined : findColumn(columns, input.mappedTimestamp);
  if (kept) return kept.name;
  const delta = input.deltaColumn === undefined ? undefined : findColumn(columns, input.deltaColumn);
  if (delta && columnType(delta).format === 'date-time') return delta.name;
  const why = delta ? `the delta column ${delta.name} is not a date-time column` : 'no delta column to take it from';
  return { problem: `an event needs a timestamp and ${why}: pass --timestamp COLUMN (a date-time column: ${list(dateTimes)})` };
}

/** A column whose name says it holds an email address: `email`, `customer_email`, `EmailAddress`. */
function isEmailColumn(column: string): boolean {
  const name = normaliseName(column);
  return name === 'mail' || name.endsWith('email') || name.endsWith('emailaddress');
}

/** An event's person: a column named customer_id, user_id, …, else an email column (namespace Email). */
function personIdentity(fields: readonly FieldPlan[]): IdentityChoice | undefined {
  const candidates = fields.filter((f) => !f.expression && f.destination !== '_id' && f.destination !== 'timestamp');
  for (const name of KEY_NAMES) {
    const found = candidates.find((f) => normaliseName(f.column) === name);
    if (found) return identityOn(fields, found.column);
  }
  const email = candidates.find((f) => isEmailColumn(f.column));
  return email ? identityOn(fields, email.column, 'Email') : undefined;
}

/** `--identity` on an event or record table: an email column's namespace defaults to Email (its field is custom). */
function givenIdentity(columns: readonly TableColumn[], fields: readonly FieldPlan[], explicit: string): IdentityChoice | { problem: string } {
  const given = explicitIdentity(columns, fields, explicit);
  if ('problem' in given) return given;
  return identityOn(fields, given.column, given.namespace ?? (isEmailColumn(given.column) ? 'Email' : undefined));
}
