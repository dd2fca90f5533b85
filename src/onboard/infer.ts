// From a table's columns (as `GET /connections/{id}/explore?objectType=table` lists them) to what onboarding
// needs: where each column goes in the XDM schema, the custom field group for the columns no standard field
// takes, the delta column, the primary identity, and the Data Prep mappings. Every function here is pure.
//
// ── Standard fields: the matching table (user-facing; the README points here) ─────────────────────────────
//
// A column goes to a standard field of the Demographic Details (profile-person-details) or Personal Contact
// Details (profile-personal-details) field group when its name, normalised (lower-case, with `_`, `-` and
// spaces removed: `First_Name`, `first-name` and `firstName` all read `firstname`), is one of these:
//
//   email, emailaddress, mail                          → personalEmail.address
//   firstname, givenname                               → person.name.firstName
//   lastname, surname, familyname                      → person.name.lastName
//   fullname, name, customername                       → person.name.fullName
//   birthdate, dateofbirth, dob, birthday              → person.birthDate         (text or date columns only)
//   phone, phonenumber, mobile, mobilephone, cellphone → mobilePhone.number       (text or number columns)
//   homephone                                          → homePhone.number         (text or number columns)
//   country                                            → homeAddress.country      (the country's name, free form)
//   countrycode                                        → homeAddress.countryCode  (values must be ISO 3166-1 alpha-2: US)
//   city                                               → homeAddress.city
//   postalcode, zip, zipcode, postcode                 → homeAddress.postalCode   (text or number columns)
//   state, province, stateprovince                     → homeAddress.state        (free form)
//   region                                             → homeAddress.region       (free form)
//   street, address, address1, street1                 → homeAddress.street1
//   gender                                             → person.gender            (values must be male, female,
//                                                                                  not_specified or non_specific)
//
// Unless noted, a standard field takes text columns only: a number or a boolean in a `country` or `city`
// column is more likely a code or a key than the value the field means, and becomes a custom field instead.
// Each standard field takes one column, the first that matches; later ones become custom fields.
// (`homeAddress.stateProvince` is not used: XDM requires ISO 3166-2 codes there, like US-CA, and rows with
// `CA` or `California` would be rejected. Map a column to it in a mapping file when its values are such codes.)
//
// Every other column becomes a custom field `_{tenantId}.{camelCase(column)}` (`loyalty_score` →
// `_acme.loyaltyScore`), typed from the column: string, number, integer or boolean, keeping the `date` and
// `date-time` formats. A name that would not start with a letter gets a `field` prefix (`2fa` → `field2fa`); two
// columns with the same name (ignoring case) get a numeric suffix (`email`, `email2`).
//
// A mapping file wins over all of this: a column mapped to `_{tenantId}.…` becomes that custom field, a column
// mapped to any other path goes there as a standard field, and a column mapped to an empty value is left out.
//
// The table is for profile schemas only: those fields belong to profile field groups. For an event or record
// schema (classes.ts) every column becomes a custom field, but for the event's `_id` and `timestamp`.

import { InvalidInputError } from '../platform/errors.js';
import { isPlainColumn } from '../platform/mapping.js';
import type { Mapping } from '../platform/models/data-prep.js';
import type { FieldGroupCreate } from '../platform/models/schema-registry.js';

/** One column as explore lists it. */
export interface TableColumn {
  name: string;
  /** The source's type name: string, double, boolean, … */
  type?: string | undefined;
  xdm?: { type?: string | undefined; format?: string | undefined } | undefined;
  /** `date-time` for date/time columns (some sources set only this). */
  'meta:xdmType'?: unknown;
}

export type XdmScalar = 'string' | 'number' | 'integer' | 'boolean';
export type XdmFormat = 'date' | 'date-time';

export interface FieldPlan {
  /** The source column, or for a calculated field its expression. */
  column: string;
  /** A calculated field: `column` is a Data Prep expression (`sourceType: EXPRESSION`), not a column. */
  expression?: true;
  /** Dot path in the schema: `personalEmail.address`, `_acme.loyaltyScore`. */
  destination: string;
  /** True for a field of a standard field group (or any path outside `_{tenantId}`); false for a custom field. */
  standard: boolean;
  /** The field's type: for a custom field the column's, for a standard one the field's own. */
  xdmType: XdmScalar;
  format?: XdmFormat;
  title: string;
}

type Accepts = 'text' | 'text-or-number';

interface StandardField {
  destination: string;
  /** Normalised column names that go there. */
  names: readonly string[];
  title: string;
  format?: XdmFormat;
  accepts: Accepts;
}

export const PERSON_DETAILS = 'profile-person-details';
export const PERSONAL_DETAILS = 'profile-personal-details';

/** The matching table described at the top of this file, in order of precedence. */
export const STANDARD_FIELDS: readonly StandardField[] = [
  { destination: 'personalEmail.address', names: ['email', 'emailaddress', 'mail'], title: 'Personal email address', accepts: 'text' },
  { destination: 'person.name.firstName', names: ['firstname', 'givenname'], title: 'First name', accepts: 'text' },
  { destination: 'person.name.lastName', names: ['lastname', 'surname', 'familyname'], title: 'Last name', accepts: 'text' },
  { destination: 'person.name.fullName', names: ['fullname', 'name', 'customername'], title: 'Full name', accepts: 'text' },
  { destination: 'person.birthDate', names: ['birthdate', 'dateofbirth', 'dob', 'birthday'], title: 'Birth date', format: 'date', accepts: 'text' },
  { destination: 'mobilePhone.number', names: ['phone', 'phonenumber', 'mobile', 'mobilephone', 'cellphone'], title: 'Mobile phone number', accepts: 'text-or-number' },
  { destination: 'homePhone.number', names: ['homephone'], title: 'Home phone number', accepts: 'text-or-number' },
  { destination: 'homeAddress.country', names: ['country'], title: 'Country', accepts: 'text' },
  { destination: 'homeAddress.countryCode', names: ['countrycode'], title: 'Country code', accepts: 'text' },
  { destination: 'homeAddress.city', names: ['city'], title: 'City', accepts: 'text' },
  { destination: 'homeAddress.postalCode', names: ['postalcode', 'zip', 'zipcode', 'postcode'], title: 'Postal code', accepts: 'text-or-number' },
  { destination: 'homeAddress.state', names: ['state', 'province', 'stateprovince'], title: 'State', accepts: 'text' },
  { destination: 'homeAddress.region', names: ['region'], title: 'Region', accepts: 'text' },
  { destination: 'homeAddress.street1', names: ['street', 'address', 'address1', 'street1'], title: 'Street 1', accepts: 'text' },
  { destination: 'person.gender', names: ['gender'], title: 'Gender', accepts: 'text' },
];

const FIELD_SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const XDM_UNDERSCORE_FIELDS = new Set(['_id', '_repo']);
const PHONE_DESTINATIONS = new Set(['mobilePhone.number', 'homePhone.number']);

/** `First_Name` → `firstname`: lower-case, `_`, `-` and spaces removed. */
export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[_\-\s]/g, '');
}

/** The words of a column name: split at `_`, `-`, spaces, other punctuation, and lower→upper case changes. */
function words(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '');
}

/**
 * A column name as an XDM field name: `loyalty_score` → `loyaltyScore`, `Last-Login At` → `lastLoginAt`,
 * `CUSTOMER_ID` → `customerId`, `HTTPStatus` → `httpStatus`. Starts with a letter (`2fa` → `field2fa`).
 */
export function camelCase(name: string): string {
  const parts = words(name).map((w, i) => {
    const lower = w.toLowerCase();
    return i === 0 ? lower : lower.charAt(0).toUpperCase() + lower.slice(1);
  });
  const joined = parts.join('');
  if (joined === '') return 'field';
  return /^[A-Za-z]/.test(joined) ? joined : `field${joined.charAt(0).toUpperCase()}${joined.slice(1)}`;
}

/** `customer_id` → `Customer ID`. */
function titleOf(column: string): string {
  const text = words(column)
    .map((w) => (w.toLowerCase() === 'id' ? 'ID' : w.toLowerCase()))
    .join(' ');
  return text === '' ? column : text.charAt(0).toUpperCase() + text.slice(1);
}

const INTEGER_TYPES = new Set(['integer', 'int', 'long', 'short', 'byte', 'bigint', 'smallint', 'tinyint', 'mediumint', 'int2', 'int4', 'int8']);
const NUMBER_TYPES = new Set(['number', 'double', 'float', 'decimal', 'numeric', 'real', 'money', 'float4', 'float8']);
const BOOLEAN_TYPES = new Set(['boolean', 'bool', 'bit']);
const DATE_TIME_TYPES = new Set(['date-time', 'datetime', 'timestamp', 'timestamptz', 'timestamp with time zone', 'timestamp without time zone', 'datetime2', 'datetimeoffset', 'smalldatetime']);

function typeFromName(name: string | undefined): { xdmType: XdmScalar; format?: XdmFormat } | undefined {
  if (name === undefined) return undefined;
  const t = name.trim().toLowerCase();
  if (t === 'date') return { xdmType: 'string', format: 'date' };
  if (DATE_TIME_TYPES.has(t)) return { xdmType: 'string', format: 'date-time' };
  if (INTEGER_TYPES.has(t)) return { xdmType: 'integer' };
  if (NUMBER_TYPES.has(t)) return { xdmType: 'number' };
  if (BOOLEAN_TYPES.has(t)) return { xdmType: 'boolean' };
  if (t === 'string') return { xdmType: 'string' };
  return undefined;
}

/**
 * The XDM type of a column: its `xdm.type` (with `xdm.format` or `meta:xdmType` for dates), else its
 * `meta:xdmType`, else its source type name; string when none says anything better.
 */
export function columnType(column: TableColumn): { xdmType: XdmScalar; format?: XdmFormat } {
  const metaType = typeof column['meta:xdmType'] === 'string' ? column['meta:xdmType'] : undefined;
  const dateFormat = [column.xdm?.format, metaType].find((f): f is XdmFormat => f === 'date' || f === 'date-time');
  const fromXdm = typeFromName(column.xdm?.type) ?? typeFromName(metaType) ?? typeFromName(column.type) ?? { xdmType: 'string' as const };
  if (fromXdm.xdmType === 'string' && dateFormat !== undefined) return { xdmType: 'string', format: dateFormat };
  return fromXdm;
}

/** Text (and date) columns fit every standard field; numbers only phones and postal codes; booleans none. */
function accepts(field: StandardField, type: { xdmType: XdmScalar }): boolean {
  if (type.xdmType === 'string') return true;
  if (type.xdmType === 'boolean') return false;
  return field.accepts === 'text-or-number';
}

function plan(column: string, destination: string, standard: boolean, type: { xdmType: XdmScalar; format?: XdmFormat | undefined }, title: string): FieldPlan {
  return { column, destination, standard, xdmType: type.xdmType, ...(type.format !== undefined && { format: type.format }), title };
}

function tenantPrefix(tenantId: string): string {
  const id = tenantId.replace(/^_/, '');
  if (!/^[A-Za-z0-9_]+$/.test(id)) throw new InvalidInputError('tenantId', `"${tenantId}" is not a tenant id (letters, digits and underscores)`);
  return `_${id}`;
}

/**
 * The rule an override's destination breaks on its own — checked where the override is read, before the table or
 * the tenant is known — or undefined. An empty destination means "leave the column out".
 */
export function destinationProblem(path: string): string | undefined {
  const trimmed = path.trim();
  if (trimmed === '' || trimmed.split('.').every((s) => FIELD_SEGMENT.test(s))) return undefined;
  return `"${path}" is not a dot path into the schema (person.name.fullName, _tenant.field)`;
}

/**
 * Where each column goes (see the table at the top of this file). `overrides` (column → XDM path, from a
 * mapping file) win; a column mapped to '' or null is left out. An override naming a column the table does not
 * have, an invalid path, or two columns mapped to one path is an InvalidInputError.
 */
export function planFields(
  columns: readonly TableColumn[],
  tenantId: string,
  overrides?: Readonly<Record<string, string | null | undefined>>,
  options: { standardFields?: boolean } = {},
): FieldPlan[] {
  const matchStandard = options.standardFields !== false;
  const tenant = tenantPrefix(tenantId);
  const byName = new Map(columns.map((c) => [c.name, c]));
  const overridden = new Map<string, string | undefined>();
  const usedDestinations = new Map<string, string>();
  /** Custom field names under `_{tenant}` taken so far, lower-cased (case-only differences collide in queries). */
  const usedCustom = new Set<string>();
  const customPaths: { column: string; path: string }[] = [];

  const calculated: { expression: string; path: string }[] = [];
  for (const [column, raw] of Object.entries(overrides ?? {})) {
    const isExpression = !byName.has(column) && !isPlainColumn(column);
    if (!byName.has(column) && !isExpression) {
      throw new InvalidInputError(`mapping for "${column}"`, `the table has no such column (its columns: ${columns.map((c) => c.name).join(', ')})`);
    }
    const path = raw === null || raw === undefined ? '' : raw.trim();
    if (path === '') {
      overridden.set(column, undefined);
      continue;
    }
    if (!path.split('.').every((s) => FIELD_SEGMENT.test(s))) {
      throw new InvalidInputError(`mapping for "${column}"`, `"${path}" is not a dot path into the schema (person.name.fullName, ${tenant}.field)`);
    }
    if (path === tenant) throw new InvalidInputError(`mapping for "${column}"`, `"${path}" is the tenant's object itself; name a field under it (${tenant}.field)`);
    const root = path.split('.')[0] as string;
    // Custom fields live under the organization's own tenant object; any other `_name` is nobody's field, but for
    // XDM's own `_id` (a record's or an event's identifier) and `_repo` (the audit dates).
    if (root.startsWith('_') && root !== tenant && !XDM_UNDERSCORE_FIELDS.has(root)) {
      throw new InvalidInputError(`mapping for "${column}"`, `"${path}" is under ${root}, but this organization's custom fields are under ${tenant}: write ${[tenant, ...path.split('.').slice(1)].join('.')}`);
    }
    const other = usedDestinations.get(path);
    if (other !== undefined) {
      throw new InvalidInputError(`mapping for "${column}"`, `"${path}" is already the destination of ${byName.has(other) ? 'column' : 'the expression'} "${other}"`);
    }
    usedDestinations.set(path, column);
    if (isExpression) calculated.push({ expression: column, path });
    else overridden.set(column, path);
    if (path.startsWith(`${tenant}.`)) {
      customPaths.push({ column, path });
      usedCustom.add((path.split('.')[1] ?? '').toLowerCase());
    }
  }
  // A custom field cannot also be the object holding another (`_acme.a` and `_acme.a.b`).
  for (const a of customPaths) {
    const b = customPaths.find((o) => o.path.startsWith(`${a.path}.`));
    if (b) throw new InvalidInputError(`mapping for "${b.column}"`, `"${b.path}" would be inside "${a.path}", the destination of column "${a.column}"`);
  }

  const fields: FieldPlan[] = [];
  for (const column of columns) {
    const type = columnType(column);
    const title = titleOf(column.name);
    if (overridden.has(column.name)) {
      const path = overridden.get(column.name);
      if (path === undefined) continue;
      const standard = STANDARD_FIELDS.find((s) => s.destination === path);
      if (path.startsWith(`${tenant}.`)) fields.push(plan(column.name, path, false, type, title));
      else if (standard) fields.push(plan(column.name, path, true, { xdmType: 'string', format: standard.format }, standard.title));
      else fields.push(plan(column.name, path, true, type, title));
      continue;
    }
    const normalised = normaliseName(column.name);
    const standard = matchStandard ? STANDARD_FIELDS.find((s) => s.names.includes(normalised) && !usedDestinations.has(s.destination) && accepts(s, type)) : undefined;
    if (standard) {
      usedDestinations.set(standard.destination, column.name);
      fields.push(plan(column.name, standard.destination, true, { xdmType: 'string', format: standard.format }, standard.title));
      continue;
    }
    const base = camelCase(column.name);
    let name = base;
    for (let n = 2; usedCustom.has(name.toLowerCase()); n++) name = `${base}${n}`;
    usedCustom.add(name.toLowerCase());
    fields.push(plan(column.name, `${tenant}.${name}`, false, type, title));
  }
  for (const { expression, path } of calculated) fields.push(calculatedField(expression, path, tenant));
  return fields;
}

/**
 * The XDM type a calculated field gets when it creates a custom field: read from the function the expression
 * ends in (`to_integer(…)` → integer, `date(…)` → date-time, comparisons → boolean), else string. A standard
 * destination keeps its own type.
 */
export function calculatedType(expression: string): { xdmType: XdmScalar; format?: XdmFormat } {
  const outer = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(expression)?.[1]?.toLowerCase();
  const whole = outer !== undefined && closesAtEnd(expression);
  if (whole && ['to_integer', 'to_bigint', 'size_of', 'instr', 'date_part', 'timestamp'].includes(outer)) return { xdmType: 'integer' };
  if (whole && ['to_decimal', 'to_float'].includes(outer)) return { xdmType: 'number' };
  if (whole && ['matches_regex', 'is_empty', 'contains_key', 'map_has_keys'].includes(outer)) return { xdmType: 'boolean' };
  if (whole && ['date', 'now', 'make_date_time', 'make_timestamp', 'zone_date_to_utc', 'zone_date_to_zone', 'set_date_part'].includes(outer)) {
    return { xdmType: 'string', format: 'date-time' };
  }
  return { xdmType: 'string' };
}

/** Whether the parenthesis opened by the expression's first call closes at its very end (`f(a) + 1` does not). */
function closesAtEnd(expression: string): boolean {
  const text = expression.trim();
  let depth = 0;
  let quote: string | undefined;
  for (let i = text.indexOf('('); i < text.length; i++) {
    const c = text[i] as string;
    if (quote !== undefined) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i === text.length - 1;
  }
  return false;
}

function calculatedField(expression: string, path: string, tenant: string): FieldPlan {
  const standard = STANDARD_FIELDS.find((s) => s.destination === path);
  const title = `Calculated: ${expression.length > 60 ? `${expression.slice(0, 59)}…` : expression}`;
  if (standard) return { ...plan(expression, path, true, { xdmType: 'string', format: standard.format }, standard.title), expression: true };
  return { ...plan(expression, path, !path.startsWith(`${tenant}.`), calculatedType(expression), title), expression: true };
}

/** Bounds of XDM's `long`: an unbounded integer field could be read as a 32-bit `int`, too small for BIGINT keys. */
const LONG_MIN = -9007199254740991;
const LONG_MAX = 9007199254740991;

// A type alias, not an interface: it must fit the request model's `Record<string, {…}>` (index signatures).
type PropertyTree = {
  type: 'object';
  properties: Record<string, PropertyTree | Record<string, unknown>>;
};

/**
 * The `POST /tenant/fieldgroups` body holding the custom fields (https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/field-groups), or undefined when every
 * column goes to a standard field. Integer fields carry XDM `long` bounds.
 */
export function fieldGroupBody(
  fields: readonly FieldPlan[],
  options: { tenantId: string; title: string; description: string; /** The class it extends (default: XDM Individual Profile). */ classId?: string | undefined },
): FieldGroupCreate | undefined {
  const tenant = tenantPrefix(options.tenantId);
  const custom = fields.filter((f) => !f.standard && f.destination.startsWith(`${tenant}.`));
  if (custom.length === 0) return undefined;
  const root: PropertyTree = { type: 'object', properties: {} };
  for (const field of custom) {
    const segments = field.destination.split('.').slice(1);
    const leafName = segments.pop() as string;
    let node = root;
    for (const segment of segments) {
      const existing = node.properties[segment];
      if (existing === undefined || !('properties' in existing)) {
        const child: PropertyTree = { type: 'object', properties: {} };
        node.properties[segment] = child;
        node = child;
      } else {
        node = existing as PropertyTree;
      }
    }
    node.properties[leafName] = {
      title: field.title,
      type: field.xdmType,
      ...(field.xdmType === 'string' && field.format !== undefined && { format: field.format }),
      ...(field.xdmType === 'integer' && { minimum: LONG_MIN, maximum: LONG_MAX }),
    };
  }
  return {
    type: 'object',
    title: options.title,
    description: options.description,
    'meta:intendedToExtend': [options.classId ?? 'https://ns.adobe.com/xdm/context/profile'],
    definitions: { customFields: { properties: { [tenant]: root } } },
    allOf: [{ $ref: '#/definitions/customFields' }],
  };
}

export type Choice<T> = T | { problem: string };

export function findColumn(columns: readonly TableColumn[], name: string): TableColumn | undefined {
  const exact = columns.find((c) => c.name === name);
  if (exact) return exact;
  const loose = columns.filter((c) => c.name.toLowerCase() === name.toLowerCase());
  return loose.length === 1 ? loose[0] : undefined;
}

export function list(names: readonly string[]): string {
  return names.length === 0 ? '(none)' : names.join(', ');
}

/** Words that say a column holds the time of the last change. */
const CHANGE_WORD = /^(updat|modif|chang)/i;

/**
 * The column incremental loads compare (CRMToAEP's `deltaColumn`). An explicit one must exist and be a
 * date-time or numeric column. Otherwise: the one date-time column whose name says updated, modified or
 * changed (`updated_at`, `last_modified`, `modifiedDate`, `LastUpdateTime`, `changed_on`).
 */
export function chooseDeltaColumn(columns: readonly TableColumn[], explicit?: string): Choice<{ column: string }> {
  const typed = columns.map((c) => ({ column: c, type: columnType(c) }));
  const dateTimes = typed.filter((t) => t.type.format === 'date-time').map((t) => t.column.name);
  const numeric = typed.filter((t) => t.type.xdmType === 'number' || t.type.xdmType === 'integer').map((t) => t.column.name);
  if (explicit !== undefined && explicit.trim() !== '') {
    const column = findColumn(columns, explicit.trim());
    if (!column) return { problem: `the table has no column "${explicit}"; date-time and numeric columns: ${list([...dateTimes, ...numeric])}` };
    const type = columnType(column);
    if (type.format === 'date-time' || type.xdmType === 'number' || type.xdmType === 'integer') return { column: column.name };
    const what = type.format ?? type.xdmType;
    return { problem: `column "${column.name}" is a ${what} column; the delta column must be a date-time or numeric column (${list([...dateTimes, ...numeric])})` };
  }
  const candidates = dateTimes.filter((name) => words(name).some((w) => CHANGE_WORD.test(w)));
  if (candidates.length === 1) return { column: candidates[0] as string };
  if (candidates.length > 1) {
    return { problem: `several columns could be the delta column (${list(candidates)}); pass --delta-column COLUMN to choose one` };
  }
  return {
    problem:
      `no date-time column is named like a last-change time (updated_at, last_modified, …); pass --delta-column COLUMN ` +
      `(a date-time or numeric column that grows whenever a row changes). Date-time and numeric columns: ${list([...dateTimes, ...numeric])}`,
  };
}

export interface IdentityChoice {
  column: string;
  /** Dot path of the identity field (`personalEmail.address`, `_acme.customerId`). */
  destination: string;
  /** Identity namespace code: `Email`, `Phone`, `CRMID`, or the one given. */
  namespace: string;
  /**
   * The field plan to go on with: identity fields must be strings, so a numeric custom identity field is
   * retyped to string here (Data Prep converts the values). Equal to the input when nothing changed.
   */
  fields: FieldPlan[];
}

/** Column names (normalised) that usually hold a record's key, after `id` and `<table>_id`. */
export const KEY_NAMES = ['customerid', 'userid', 'contactid', 'personid', 'memberid', 'accountid', 'clientid', 'crmid'];

function defaultNamespace(destination: string): string {
  if (destination === 'personalEmail.address') return 'Email';
  if (PHONE_DESTINATIONS.has(destination)) return 'Phone';
  return 'CRMID';
}

/** `shop.customers` → [`customers`, `customer`]. */
export function tableNames(table: string | undefined): string[] {
  if (!table) return [];
  const last = normaliseName(table.split('.').pop() ?? '');
  if (last === '') return [];
  const singular = last.endsWith('ies') ? `${last.slice(0, -3)}y` : last.endsWith('s') ? last.slice(0, -1) : last;
  return [...new Set([last, singular])];
}

/**
 * The primary identity. `explicit` (`COLUMN` or `COLUMN:NAMESPACE`) wins; otherwise the primary key column (when
 * known), else a column named `id`, `<table>_id` (`table` is the explored path, `shop.customers`),
 * `customer_id`, `user_id`, `contact_id`, …, else the column going to `personalEmail.address`. The namespace
 * defaults to `Email` for `personalEmail.address`, `Phone` for phone numbers, `CRMID` otherwise.
 */
export function chooseIdentity(
  columns: readonly TableColumn[],
  fields: readonly FieldPlan[],
  explicit?: string,
  primaryKey?: string,
  table?: string,
): Choice<IdentityChoice> {
  if (explicit !== undefined && explicit.trim() !== '') {
    const given = explicitIdentity(columns, fields, explicit);
    return 'problem' in given ? given : identityOn(fields, given.column, given.namespace);
  }
  const mapped = new Map(fields.map((f) => [f.column, f]));
  const byNormalised = (wanted: string) => fields.find((f) => normaliseName(f.column) === wanted)?.column;
  const keyNames = ['id', ...tableNames(table).map((t) => `${t}id`), ...KEY_NAMES];
  const column =
    (primaryKey !== undefined && mapped.has(primaryKey) ? primaryKey : undefined) ??
    keyNames.map(byNormalised).find((c) => c !== undefined) ??
    fields.find((f) => f.destination === 'personalEmail.address')?.column;
  if (column === undefined) {
    return {
      problem:
        `no column looks like the records' identity (${primaryKey !== undefined ? `the primary key ${primaryKey} is not mapped, and ` : ''}` +
        `no column is named id, <table>_id, customer_id, user_id, … or goes to personalEmail.address); ` +
        `pass --identity COLUMN or --identity COLUMN:NAMESPACE. Columns: ${list(fields.map((f) => f.column))}`,
    };
  }
  return identityOn(fields, column);
}

/** `--identity COLUMN` or `COLUMN:NAMESPACE` (a column whose name holds a colon is taken whole): the column, and the namespace when given. */
export function explicitIdentity(columns: readonly TableColumn[], fields: readonly FieldPlan[], explicit: string): Choice<{ column: string; namespace?: string }> {
  const text = explicit.trim();
  const at = text.lastIndexOf(':');
  const whole = findColumn(columns, text);
  const name = whole || at < 0 ? text : text.slice(0, at).trim();
  let namespace: string | undefined;
  if (!whole && at >= 0) {
    namespace = text.slice(at + 1).trim();
    if (!/^[A-Za-z0-9_-]+$/.test(namespace)) return { problem: `"${namespace}" is not an identity namespace code (Email, Phone, CRMID, ECID, or your own namespace's code); write --identity COLUMN:NAMESPACE` };
  }
  const found = findColumn(columns, name);
  if (!found) return { problem: `the table has no column "${name}" for the identity; its columns: ${list(columns.map((c) => c.name))}` };
  if (!fields.some((f) => f.column === found.name)) return { problem: `column "${found.name}" is the identity but is left out by the mapping; map it to a field` };
  return { column: found.name, ...(namespace !== undefined && { namespace }) };
}

/**
 * The identity on `column`'s field, with the namespace given or the one its destination suggests. Identity fields
 * must be strings: a numeric (or date) custom field is retyped to string in the returned plan.
 */
export function identityOn(fields: readonly FieldPlan[], column: string, namespace?: string): IdentityChoice {
  const field = fields.find((f) => f.column === column) as FieldPlan;
  const retype = !field.standard && (field.xdmType !== 'string' || field.format !== undefined);
  const planned = retype ? fields.map((f) => (f === field ? { column: f.column, destination: f.destination, standard: f.standard, xdmType: 'string' as const, title: f.title } : f)) : [...fields];
  return { column: field.column, destination: field.destination, namespace: namespace ?? defaultNamespace(field.destination), fields: planned };
}

/** Data Prep mappings, one per planned field: `{sourceType: 'ATTRIBUTE', source: column, destination}`. */
export function mappingsFor(fields: readonly FieldPlan[]): Mapping[] {
  return fields.map((f) => ({ sourceType: f.expression ? 'EXPRESSION' : 'ATTRIBUTE', source: f.column, destination: f.destination }));
}
