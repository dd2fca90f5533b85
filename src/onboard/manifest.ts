// flowctl.yaml: a connection and the tables to onboard from it, read by `flowctl plan | apply | destroy`.
//
//   version: 1
//   connection:
//     spec: mysql                        # a database (mysql, postgresql, …) or a connection spec UUID
//     connectionString: ${SHOP_DB_URL}   # or params: {host: …, password: ${SHOP_DB_PASSWORD}, …} (or both)
//     authSpec: …                        # optional: the auth spec name (default: chosen from the params)
//     name: shop-db                      # optional: the base connection's name
//                                        #   (default "<first table's prefix> connection")
//     # or, instead of all of the above: id: <an existing base connection's id> (never deleted by destroy)
//   defaults:                            # optional, applied to every table (a table's own keys win)
//     schedule: { frequency: hour, interval: 1 }
//     partialIngestionPercent: 5
//     errorDiagnostics: true
//   tables:
//     - table: shop.customers            # as `flowctl connection explore` lists it
//       name: shop customers             # the prefix of every resource name (default "flowctl <table>")
//       deltaColumn: updated_at          # default: the one updated/modified timestamp column
//       identity: id:CRMID               # COLUMN or COLUMN:NAMESPACE (default: the key column)
//       class: event                     # profile, event or record (default: profile when the table has an
//                                        #   identity, else record; see classes.ts)
//       timestamp: ordered_at            # class: event only: the date-time column of each event
//                                        #   (default: the delta column)
//       schedule: { frequency: minute, interval: 15, startTime: 2026-12-01T00:00:00Z, backfill: true }
//       mapping: { full_name: person.name.fullName, internal_notes: null }   # null: leave the column out
//       enabled: true                    # the flow's state (default true)
//       partialIngestionPercent: 10      # optional, overrides defaults
//       errorDiagnostics: false
//
// Rules:
//   - `${NAME}` in any value is replaced by the environment variable NAME (then ./.env); a variable that is
//     unset or empty is an error naming it and the key. Inside `{ … }` a reference must be quoted
//     (`{ connectionString: "${SHOP_DB_URL}" }`): unquoted, YAML reads `{` as the start of a mapping.
//   - Secrets never sit in the file: `connectionString`, and any `password`/`secret`/`token`/`key`-like param,
//     must be exactly one `${NAME}` reference. A literal is refused, without echoing it.
//   - A schedule follows the CRMToAEP rules (src/platform/schedule.ts). A table's `schedule` keys override the
//     defaults' one by one, except that a table setting `frequency` does not inherit the defaults' `interval`.
//     Without any: `frequency: day`; `interval` defaults to 15 for minute and 1 for hour, day and week;
//     `startTime` to now (epoch seconds, or ISO-8601 with a zone).
//   - Unknown keys are errors; so are two entries with the same prefix (`name`, or its default).
// Every error names the file, the key path (`tables[1].schedule.interval`) and the rule.

import { parseDocument } from 'yaml';
import * as z from '../platform/models/zod.js';
import { InvalidInputError } from '../platform/errors.js';
import { checkConnectionStringFormat } from '../platform/connection-auth.js';
import { checkUuid } from '../platform/ids.js';
import { tablePathProblem, textProblem } from '../platform/text.js';
import { parseStartTime, type ScheduleParams, scheduleProblem } from '../platform/schedule.js';
import { holdsCredential } from '../platform/redact.js';
import { resolveConnectionSpec } from '../platform/specs.js';
import { destinationProblem } from './infer.js';
import { defaultPrefix } from './names.js';
import { type ConnectionChoice, type TableRequest, XDM_CLASSES } from './types.js';

export interface Manifest {
  file: string;
  /** `{id}`, or `{specId, params, name}` with the file's connection name (shared by every table). */
  connection: ConnectionChoice;
  /** The base connection's name when the file describes it (undefined with `connection.id`). */
  connectionName: string | undefined;
  /** One request per table entry, in file order; each carries `connection`. */
  tables: TableRequest[];
  /** Values that came from the environment for secret keys: never printed. */
  secrets: string[];
}

export interface ParseOptions {
  /** The file's name, as the user gave it (it prefixes every error). */
  file: string;
  env: Record<string, string | undefined>;
  now: () => number;
}

type Path = readonly (string | number)[];

const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `['tables', 1, 'schedule', 'interval']` → `tables[1].schedule.interval`. */
export function keyPath(path: Path): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (SIMPLE_KEY.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const WHOLE_ENV_REF = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;

// ── The file's shape ───────────────────────────────────────────────────────────────────────────────────────

const Schedule = z.strictObject({
  frequency: z.optional(z.string()),
  interval: z.optional(z.number()),
  startTime: z.optional(z.union([z.string(), z.number()])),
  backfill: z.optional(z.boolean()),
});
type RawSchedule = z.infer<typeof Schedule>;

const TableOptions = {
  partialIngestionPercent: z.optional(z.number().check(z.gt(0), z.lte(100))),
  errorDiagnostics: z.optional(z.boolean()),
};

const ManifestShape = z.strictObject({
  version: z.literal(1),
  connection: z.strictObject({
    id: z.optional(z.string()),
    spec: z.optional(z.string()),
    connectionString: z.optional(z.string()),
    params: z.optional(z.record(z.string(), z.unknown())),
    authSpec: z.optional(z.string()),
    name: z.optional(z.string()),
  }),
  defaults: z.optional(z.strictObject({ schedule: z.optional(Schedule), ...TableOptions })),
  tables: z
    .array(
      z.strictObject({
        table: z.string(),
        name: z.optional(z.string()),
        deltaColumn: z.optional(z.string()),
        identity: z.optional(z.string()),
        class: z.optional(z.enum(XDM_CLASSES)),
        timestamp: z.optional(z.string()),
        schedule: z.optional(Schedule),
        mapping: z.optional(z.record(z.string(), z.nullable(z.string()))),
        enabled: z.optional(z.boolean()),
        ...TableOptions,
      }),
    ).check(z.minLength(1)),
});
type RawManifest = z.infer<typeof ManifestShape>;

/** The keys each level takes, for "unknown key" messages. */
const KNOWN_KEYS: Record<string, readonly string[]> = {
  '': ['version', 'connection', 'defaults', 'tables'],
  connection: ['spec', 'connectionString', 'params', 'authSpec', 'name', 'id'],
  defaults: ['schedule', 'partialIngestionPercent', 'errorDiagnostics'],
  schedule: ['frequency', 'interval', 'startTime', 'backfill'],
  tables: ['table', 'name', 'deltaColumn', 'identity', 'class', 'timestamp', 'schedule', 'mapping', 'enabled', 'partialIngestionPercent', 'errorDiagnostics'],
};

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return 'text';
  return `a ${typeof value}`;
}

const EXPECTED: Record<string, string> = { string: 'text', number: 'a number', boolean: 'true or false', object: 'a mapping (key: value)', array: 'a list', record: 'a mapping (key: value)' };

function valueAt(data: unknown, path: Path): unknown {
  let at = data;
  for (const part of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string | number, unknown>)[part];
  }
  return at;
}

/** The first problem zod found, as `key path` + rule. Values are never quoted (they may be secrets). */
function describeIssue(issue: z.core.$ZodIssue, data: unknown): { path: Path; rule: string } {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  switch (issue.code) {
    case 'unrecognized_keys': {
      const [key = ''] = issue.keys;
      const level = [...path].reverse().find((p): p is string => typeof p === 'string') ?? '';
      const known = KNOWN_KEYS[level === 'schedule' ? 'schedule' : level] ?? [];
      return { path: [...path, key], rule: `unknown key${known.length > 0 ? ` (expected one of: ${known.join(', ')})` : ''}` };
    }
    case 'invalid_type': {
      const value = valueAt(data, path);
      if (value === undefined) return { path, rule: 'is required' };
      const expected = path.length === 1 && path[0] === 'tables' ? 'a list of tables' : (EXPECTED[issue.expected] ?? issue.expected);
      return { path, rule: `must be ${expected}, not ${describeValue(value)}` };
    }
    case 'invalid_union':
      return { path, rule: valueAt(data, path) === undefined ? 'is required' : 'must be text or a number' };
    case 'invalid_value':
      if (valueAt(data, path) === undefined) return { path, rule: 'is required' };
      return { path, rule: `must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}` };
    case 'too_small':
      if (issue.origin === 'array') return { path, rule: 'must list at least one table' };
      return { path, rule: issue.inclusive ? `must be at least ${String(issue.minimum)}` : `must be greater than ${String(issue.minimum)}` };
    case 'too_big':
      return { path, rule: `must be at most ${String(issue.maximum)}` };
    default:
      return { path, rule: issue.message };
  }
}

// ── Parsing ────────────────────────────────────────────────────────────────────────────────────────────────

export function parseManifest(text: string, options: ParseOptions): Manifest {
  const { file } = options;
  const fail = (path: Path, rule: string): never => {
    throw new InvalidInputError(path.length === 0 ? file : `${file}: ${keyPath(path)}`, rule);
  };

  // 1. YAML.
  const raw = readYaml(text, fail);

  // 2. Secrets must be references to the environment, checked before anything is substituted.
  const connection = (raw as Record<string, unknown>)['connection'];
  if (connection && typeof connection === 'object' && !Array.isArray(connection)) checkSecrets(connection, ['connection'], fail);

  // 3. ${NAME} → the environment's value.
  const secrets: string[] = [];
  const data = substitute(raw, [], options.env, secrets, fail);

  // 4. The shape.
  const m = readShape(data, fail);

  // 5. Rules across keys.
  const tables = m.tables.map((entry, i) => readTableEntry(entry, i, m.defaults, options.now, fail));
  checkPrefixes(tables, m.tables, fail);
  const { choice, connectionName } = readConnection(m.connection, tables, file, fail);
  for (const t of tables) t.connection = choice;
  return { file, connection: choice, connectionName, tables, secrets };
}

type Fail = (path: Path, rule: string) => never;

/** The file as YAML, a mapping. The parser's message is kept without its excerpt of the file: that line may hold a secret. */
function readYaml(text: string, fail: Fail): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const at = yamlError.linePos?.[0];
    const reason = (yamlError.message.split(/ at line \d+, column \d+/)[0] ?? yamlError.message).trim();
    // `{ key: ${NAME} }` is the usual slip: in a { … } mapping, `{` starts another one unless quoted.
    const line = at ? (text.split(/\r?\n/)[at.line - 1] ?? '') : '';
    const hint = /(^|[^"'])\$\{/.test(line) && /[{[]/.test(line.replace(/\$\{/g, '')) ? ' (inside { … } or [ … ], quote a reference: "${NAME}")' : '';
    fail([], `${at ? `line ${at.line}, column ${at.col}: ` : ''}not valid YAML: ${reason}${hint}`);
  }
  const raw: unknown = doc.toJS({ maxAliasCount: 100 });
  if (raw === null || raw === undefined) fail([], 'is empty: expected version, connection and tables (see README "flowctl.yaml")');
  if (typeof raw !== 'object' || Array.isArray(raw)) fail([], `must be a mapping with version, connection and tables, not ${describeValue(raw)}`);
  return raw;
}

/** The substituted file checked against ManifestShape; the first problem is the error. */
function readShape(data: unknown, fail: Fail): RawManifest {
  const parsed = ManifestShape.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    if (first) {
      const { path, rule } = describeIssue(first, data);
      fail(path, rule);
    }
    fail([], 'is not a valid flowctl file');
  }
  return (parsed as { data: RawManifest }).data;
}

type RawTableEntry = RawManifest['tables'][number];

/** One `tables[i]` entry as a request, with the defaults applied; its `connection` is filled in later. */
function readTableEntry(entry: RawTableEntry, i: number, defaults: RawManifest['defaults'], now: () => number, fail: Fail): TableRequest {
  const at = (...rest: (string | number)[]) => ['tables', i, ...rest];
  const table = entry.table.trim();
  const tableProblem = tablePathProblem(table);
  if (tableProblem) fail(at('table'), tableProblem);
  const prefix = entry.name === undefined ? defaultPrefix(table) : checkName(entry.name, at('name'), fail);
  for (const [column, path] of Object.entries(entry.mapping ?? {})) {
    const problem = path === null ? undefined : destinationProblem(path);
    if (problem) fail(at('mapping', column), problem);
  }
  if (entry.timestamp !== undefined && entry.class !== 'event') fail(at('timestamp'), 'only an event has a timestamp: add class: event to this table');
  const schedule = resolveSchedule(defaults?.schedule, entry.schedule, i, now, fail);
  const partial = entry.partialIngestionPercent ?? defaults?.partialIngestionPercent;
  const diagnostics = entry.errorDiagnostics ?? defaults?.errorDiagnostics;
  const request: TableRequest = {
    connection: { id: '' },
    table,
    prefix,
    deltaColumn: optionalText(entry.deltaColumn, at('deltaColumn'), fail),
    identity: optionalText(entry.identity, at('identity'), fail),
    xdmClass: entry.class,
    timestamp: optionalText(entry.timestamp, at('timestamp'), fail),
    schedule,
    mappingOverrides: entry.mapping === undefined ? undefined : Object.fromEntries(Object.entries(entry.mapping).map(([column, path]) => [column, path ?? ''])),
    options: {
      ...(partial !== undefined && { partialIngestionPercent: partial }),
      ...(diagnostics === true && { errorDiagnosticsEnabled: true }),
    },
    enabled: entry.enabled !== false,
  };
  return request;
}

/** Two entries may not share a prefix (case-insensitively): every resource name starts with it. */
function checkPrefixes(tables: readonly TableRequest[], entries: readonly RawTableEntry[], fail: Fail): void {
  const seen = new Map<string, number>();
  tables.forEach((t, i) => {
    const earlier = seen.get(t.prefix.toLowerCase());
    if (earlier !== undefined) {
      const sameTable = tables[earlier]?.table === t.table;
      if (entries[i]?.name === undefined && sameTable) fail(['tables', i, 'table'], `${t.table} is listed twice (tables[${earlier}]): give each entry its own name`);
      fail(['tables', i, entries[i]?.name === undefined ? 'table' : 'name'], `the prefix "${t.prefix}" is already used by tables[${earlier}]: every entry needs its own name`);
    }
    seen.set(t.prefix.toLowerCase(), i);
  });
}

/** `connection`: an existing connection's id, or a spec with its params (named after the first table by default). */
function readConnection(c: RawManifest['connection'], tables: readonly TableRequest[], file: string, fail: Fail): { choice: ConnectionChoice; connectionName: string | undefined } {
  if (c.id !== undefined) {
    const extra = (['spec', 'connectionString', 'params', 'authSpec', 'name'] as const).find((k) => c[k] !== undefined);
    if (extra) fail(['connection', extra], 'cannot be combined with connection.id (an existing connection is used as it is)');
    return { choice: { id: checkUuid(c.id.trim(), `${file}: connection.id`) }, connectionName: undefined };
  }
  if (c.spec === undefined) fail(['connection'], 'needs spec (a database such as mysql or postgresql, with connectionString or params) or the id of an existing connection');
  const spec = (c.spec as string).trim();
  const resolved = resolveConnectionSpec(spec);
  const specId = 'problem' in resolved ? fail(['connection', 'spec'], resolved.problem) : resolved.id;
  const params: Record<string, unknown> = { ...c.params };
  if (c.connectionString !== undefined) {
    // The database's documented format, checked with the rest of the file: before plan or apply sends anything.
    try {
      checkConnectionStringFormat(c.connectionString, 'problem' in resolved ? undefined : resolved.entry, 'connectionString');
    } catch (error) {
      if (error instanceof InvalidInputError) fail(['connection', 'connectionString'], error.rule);
      throw error;
    }
    params['connectionString'] = c.connectionString;
  }
  if (Object.keys(params).length === 0) fail(['connection'], 'needs connectionString: ${NAME} or params with the credential');
  const connectionName = c.name === undefined ? `${tables[0]?.prefix ?? 'flowctl'} connection` : checkName(c.name, ['connection', 'name'], fail);
  return { choice: { specId, params, authSpec: optionalText(c.authSpec, ['connection', 'authSpec'], fail), name: connectionName }, connectionName };
}

function checkName(value: string, path: Path, fail: (path: Path, rule: string) => never): string {
  const problem = textProblem(value, 200);
  if (problem) fail(path, problem);
  return value.trim();
}

function optionalText(value: string | undefined, path: Path, fail: (path: Path, rule: string) => never): string | undefined {
  return value === undefined ? undefined : checkName(value, path, fail);
}

/** Every key under `connection` that holds a credential (redact.ts's rule) must hold exactly `${NAME}`. */
function checkSecrets(node: object, path: Path, fail: (path: Path, rule: string) => never): void {
  for (const [key, value] of Object.entries(node)) {
    const here = [...path, key];
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      checkSecrets(value as object, here, fail);
      continue;
    }
    if (!holdsCredential(key) || value === null || value === undefined) continue;
    if (typeof value !== 'string' || !WHOLE_ENV_REF.test(value.trim())) {
      const example = key.toLowerCase().includes('connection') ? 'SHOP_DB' : `SHOP_DB_${key.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`;
      fail(here, `must come from an environment variable, e.g. \${${example}} (a secret is never written in the file)`);
    }
  }
}

/** Replaces `${NAME}` in every string; the values of secret keys are collected so they can be masked. */
function substitute(value: unknown, path: Path, env: Record<string, string | undefined>, secrets: string[], fail: (path: Path, rule: string) => never): unknown {
  if (typeof value === 'string') {
    if (!value.includes('${')) return value;
    const out = value.replace(ENV_REF, (_match, name: string) => {
      const found = env[name];
      if (found === undefined || found.trim() === '') fail(path, `the environment variable ${name} is ${found === undefined ? 'not set' : 'empty'}`);
      return found as string;
    });
    const key = path[path.length - 1];
    if (typeof key === 'string' && holdsCredential(key)) secrets.push(out);
    return out;
  }
  if (Array.isArray(value)) return value.map((v, i) => substitute(v, [...path, i], env, secrets, fail));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, [...path, k], env, secrets, fail)]));
  }
  return value;
}

/** A table's schedule: the defaults', overridden key by key by its own, completed and checked. */
function resolveSchedule(defaults: RawSchedule | undefined, own: RawSchedule | undefined, index: number, now: () => number, fail: (path: Path, rule: string) => never): ScheduleParams {
  const from: Record<string, Path> = {};
  const merged: Record<string, unknown> = {};
  for (const [source, schedule] of [
    [['defaults', 'schedule'], defaults],
    [['tables', index, 'schedule'], own],
  ] as const) {
    if (!schedule) continue;
    // The interval counts units of the frequency: a table that changes the frequency does not inherit it.
    if (schedule === own && own.frequency !== undefined && own.interval === undefined && from['interval']?.[0] === 'defaults') {
      delete merged['interval'];
      delete from['interval'];
    }
    for (const [key, value] of Object.entries(schedule)) {
      if (value === undefined) continue;
      merged[key] = value;
      from[key] = source;
    }
  }
  const where = (key: string): Path => [...(from[key] ?? ['tables', index, 'schedule']), key];
  merged['frequency'] ??= 'day';
  if (merged['frequency'] === 'once') {
    // A once-only flow takes neither; inherited ones are dropped, the table's own are errors below.
    for (const key of ['interval', 'backfill']) if (from[key]?.[0] === 'defaults') delete merged[key];
  } else if (merged['interval'] === undefined) {
    merged['interval'] = merged['frequency'] === 'minute' ? 15 : 1;
  }
  const start = merged['startTime'];
  const parsed = parseStartTime(start === undefined ? 'now' : String(start), now);
  if (typeof parsed !== 'number') fail(where('startTime'), parsed.rule);
  merged['startTime'] = parsed;
  const problem = scheduleProblem(merged);
  if (problem) fail(where(problem.field), problem.rule);
  const params: ScheduleParams = { startTime: parsed as number, frequency: merged['frequency'] as ScheduleParams['frequency'] };
  if (merged['interval'] !== undefined) params.interval = merged['interval'] as number;
  if (merged['backfill'] !== undefined) params.backfill = merged['backfill'] as boolean;
  return params;
}
