// Checks emulator responses against Adobe's OpenAPI files (platform-api.md §0). The specs are read where they
// live, `../shared/reference/openapi` next to the repository (never copied into it), parsed once per worker
// and compiled lazily, one ajv validator per operation and status (its code cached on disk, shared by all workers).
//
//   const checker = conformanceChecker();           // undefined when the spec folder is absent
//   checker.check({ method, url, status, body })    // → valid | invalid (with violations) | not checkable
//
// What is not checked, and why, is part of the result: gateway errors (`error_code` bodies, the gateway's
// content-type error), paths no spec has (IMS, `/emulator/health`), methods a path does not have, statuses an
// operation does not document, and documented statuses without a body schema. Known errors in the specs are
// corrected by the entries of exceptions.ts, nowhere else.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { parse } from 'yaml';
import { EXCEPTIONS, type SpecException, type SpecPatch } from './exceptions.js';

type Json = Record<string, unknown>;

export type SpecName = 'flow-service' | 'schema-registry' | 'catalog' | 'data-prep' | 'sandbox';

/** The emulator's service base paths and the spec describing each. */
export const SERVICE_SPECS: ReadonlyArray<{ base: string; spec: SpecName; file: string }> = [
  { base: '/data/foundation/flowservice', spec: 'flow-service', file: 'flow-service.yaml' },
  { base: '/data/foundation/schemaregistry', spec: 'schema-registry', file: 'schema-registry.yaml' },
  { base: '/data/foundation/catalog', spec: 'catalog', file: 'catalog.yaml' },
  { base: '/data/foundation/conversion', spec: 'data-prep', file: 'data-prep.yaml' },
  { base: '/data/foundation/sandbox-management', spec: 'sandbox', file: 'sandbox.yaml' },
];

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** `<repo>/../shared/reference/openapi`: the specs are read where they live, never copied into the repository. */
export const DEFAULT_SPEC_DIR = resolve(REPO_ROOT, '../shared/reference/openapi');
/** FLOWCTL_OPENAPI_DIR overrides the default (e.g. to try a newer copy of the specs). */
export const SPEC_DIR = process.env['FLOWCTL_OPENAPI_DIR'] ?? DEFAULT_SPEC_DIR;

export function specsAvailable(dir: string = SPEC_DIR): boolean {
  return SERVICE_SPECS.every((s) => existsSync(join(dir, s.file)));
}

export function missingSpecsMessage(dir: string = SPEC_DIR): string {
  const missing = SERVICE_SPECS.filter((s) => !existsSync(join(dir, s.file))).map((s) => s.file);
  return `OpenAPI conformance check skipped: ${missing.join(', ')} not found in ${dir} (the specs live next to the repository, in ../shared/reference/openapi)`;
}

/** Under CI the specs must be there: their absence fails the run instead of skipping the check. */
export const specsRequired = (): boolean => process.env['CI'] === 'true';

export interface ExchangeLike {
  method: string;
  /** Path with query, as the client sent it. */
  url: string;
  status: number;
  body: unknown;
}

export interface Violation {
  /** `catalog GET /dataSets/{DATASET_ID}` */
  operation: string;
  status: number;
  /** The request, `GET /data/foundation/catalog/dataSets/5c8c…?properties=name`. */
  request: string;
  /** JSON pointer into the response body; `` is the body itself. */
  path: string;
  message: string;
}

export type CheckResult =
  | { kind: 'valid'; operation: string; status: number }
  | { kind: 'invalid'; operation: string; status: number; violations: Violation[] }
  /** The spec documents the status but gives no body schema. */
  | { kind: 'noSchema'; operation: string; status: number }
  | { kind: 'undocumentedStatus'; operation: string; status: number }
  /** No spec for the path, no such path in the spec, or no such method on the path. */
  | { kind: 'notInSpec'; request: string; status: number; reason: string }
  /** Answered by the gateway (`error_code` body, content-type check), not by the service. */
  | { kind: 'gateway'; request: string; status: number };

// ---------------------------------------------------------------------------------------------------------
// Loading

interface PathEntry {
  template: string;
  /** One regex per non-empty segment; `literal` when the segment has no `{param}`. */
  segments: Array<{ regex: RegExp; literal: boolean }>;
  trailingSlash: boolean;
  item: Json;
}

export interface LoadedSpec {
  name: SpecName;
  file: string;
  doc: Json;
  /** The path part of the server URL / basePath: `/data/foundation/flowservice`, `/data/foundation` (sandbox). */
  specBase: string;
  /** The emulator's base path for this service. */
  serviceBase: string;
  paths: PathEntry[];
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function unescapePointer(segment: string): string {
  return decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The node at a local JSON pointer (`#/components/schemas/x` or `/components/schemas/x`). */
export function resolvePointer(doc: unknown, pointer: string): unknown {
  const path = pointer.replace(/^#/, '');
  if (path === '') return doc;
  if (!path.startsWith('/')) return undefined;
  let node: unknown = doc;
  for (const raw of path.slice(1).split('/')) {
    const key = unescapePointer(raw);
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node)) node = node[key];
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

function setPointer(doc: Json, pointer: string, update: (node: unknown) => unknown, label: string): void {
  const parts = pointer.replace(/^#/, '').split('/').slice(1).map(unescapePointer);
  const last = parts.pop();
  const parent = resolvePointer(doc, parts.length === 0 ? '' : `/${parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`);
  if (last === undefined || !(isObject(parent) || Array.isArray(parent)) || !(last in parent)) {
    throw new Error(`${label}: ${pointer} does not exist in the spec (is the exception stale?)`);
  }
  (parent as Json)[last] = update((parent as Json)[last]);
}

function specBaseOf(doc: Json): string {
  if (typeof doc['basePath'] === 'string') return doc['basePath'].replace(/\/$/, '');
  const servers = doc['servers'];
  const url = Array.isArray(servers) && isObject(servers[0]) && typeof servers[0]['url'] === 'string' ? servers[0]['url'] : '';
  return url.replace(/^[a-z][a-z0-9+.-]*:/i, '').replace(/^\/\/[^/]*/, '').replace(/\/$/, '');
}

function compilePath(template: string, item: Json): PathEntry {
  const parts = template.split('/').filter(Boolean);
  return {
    template,
    trailingSlash: template.length > 1 && template.endsWith('/'),
    item,
    segments: parts.map((part) => {
      const literal = !part.includes('{');
      const source = part
        .split(/(\{[^}]*\})/)
        .map((piece) => (/^\{[^}]*\}$/.test(piece) ? '[^/]+' : piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('');
      return { regex: new RegExp(`^${source}$`), literal };
    }),
  };
}

/**
 * The parsed YAML. Vitest runs each test file in a fresh process, and parsing flow-service.yaml alone takes a
 * third of a second, so the parse is cached as JSON in the OS temp dir, keyed by the file's size and mtime.
 */
function readSpecDocument(file: string): Json {
  const stat = statSync(file);
  const cached = join(tmpdir(), 'flowctl-openapi-cache', `${basename(file)}-${stat.size}-${Math.trunc(stat.mtimeMs)}.json`);
  try {
    return JSON.parse(readFileSync(cached, 'utf8')) as Json;
  } catch {
    // Not cached yet (or unreadable): parse and try to cache; concurrent workers each write their own temp file.
  }
  const doc = parse(readFileSync(file, 'utf8')) as Json;
  try {
    mkdirSync(dirname(cached), { recursive: true });
    const temp = `${cached}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(doc));
    renameSync(temp, cached);
  } catch {
    // A cache is a nicety.
  }
  return doc;
}

export function loadSpec(name: SpecName, dir: string = SPEC_DIR, exceptions: readonly SpecException[] = EXCEPTIONS): LoadedSpec {
  const entry = SERVICE_SPECS.find((s) => s.spec === name);
  if (!entry) throw new Error(`unknown spec ${name}`);
  const doc = readSpecDocument(join(dir, entry.file));
  for (const exception of exceptions) {
    if (exception.spec !== name || !exception.patch) continue;
    const patches = (Array.isArray(exception.patch) ? exception.patch : [exception.patch]) as readonly SpecPatch[];
    for (const patch of patches) {
      setPointer(doc, patch.pointer, (node) => ('value' in patch ? structuredClone(patch.value) : patch.apply(node)), `exception "${exception.id}"`);
    }
  }
  const specBase = specBaseOf(doc);
  if (!entry.base.startsWith(specBase)) throw new Error(`${entry.file}: base path ${specBase} does not lead to ${entry.base}`);
  const paths = Object.entries(isObject(doc['paths']) ? doc['paths'] : {})
    .filter((e): e is [string, Json] => isObject(e[1]))
    .map(([template, item]) => compilePath(template, item));
  return { name, file: entry.file, doc, specBase, serviceBase: entry.base, paths };
}

// ---------------------------------------------------------------------------------------------------------
// OpenAPI / Swagger schema → JSON Schema (draft-07) for ajv

const DROPPED = new Set(['example', 'examples', 'xml', 'externalDocs', 'discriminator', 'readOnly', 'writeOnly', 'deprecated', 'nullable', 'description', 'title']);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);

class SchemaConverter {
  readonly definitions: Json = {};
  private readonly names = new Map<string, string>();

  constructor(
    private readonly doc: Json,
    private readonly label: string,
  ) {}

  convert(node: unknown): unknown {
    if (!isObject(node)) return node;
    if (typeof node['$ref'] === 'string') return { $ref: `#/definitions/${this.define(node['$ref'])}` };
    const out: Json = {};
    for (const [key, value] of Object.entries(node)) {
      if (DROPPED.has(key) || key.startsWith('x-')) continue;
      if (SCHEMA_MAPS.has(key) && isObject(value)) out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.convert(v)]));
      else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) out[key] = value.map((v) => this.convert(v));
      else if (key === 'items') out[key] = Array.isArray(value) ? value.map((v) => this.convert(v)) : this.convert(value);
      else if (key === 'additionalProperties' || key === 'not') out[key] = typeof value === 'boolean' ? value : this.convert(value);
      else if (key === 'required') {
        if (Array.isArray(value) && value.length > 0) out[key] = value;
      } else if (key === 'type') {
        // Swagger's `file` is no JSON type; such bodies are not JSON anyway.
        if (value !== 'file') out[key] = value;
      } else out[key] = value;
    }
    if (node['nullable'] === true || node['x-nullable'] === true) {
      if (typeof out['type'] === 'string') {
        out['type'] = [out['type'], 'null'];
        if (Array.isArray(out['enum'])) out['enum'] = [...out['enum'], null];
      } else return { anyOf: [{ type: 'null' }, out] };
    }
    return out;
  }

  /** Registers the target of a local `$ref` under a safe definition name (once) and returns that name. */
  private define(ref: string): string {
    const known = this.names.get(ref);
    if (known !== undefined) return known;
    if (!ref.startsWith('#/')) throw new Error(`${this.label}: $ref ${ref} is not a local reference`);
    const base = ref.slice(2).replace(/[^A-Za-z0-9_.-]/g, '_');
    let name = base;
    for (let i = 2; name in this.definitions; i++) name = `${base}_${i}`;
    this.names.set(ref, name);
    this.definitions[name] = true;
    const target = resolvePointer(this.doc, ref);
    if (target === undefined) throw new Error(`${this.label}: $ref ${ref} does not resolve`);
    this.definitions[name] = this.convert(target);
    return name;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Checking

interface Operation {
  spec: LoadedSpec;
  template: string;
  method: string;
  operation: Json;
  label: string;
}

type Compiled = { kind: 'schema'; validate: ValidateFunction } | { kind: 'noSchema' } | { kind: 'undocumented' } | { kind: 'specError'; message: string };

// ajv-formats is CommonJS: its `module.exports` is the plugin and also carries it as `.default`.
const addFormats = formatsModule.default;

/** OpenAPI's own formats, which say nothing a JSON value could break (int64 is not range-checked). */
const OPENAPI_FORMATS = ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password'];

// ajv's standalone code generator, CommonJS like ajv-formats.
const standaloneCode = standaloneModule.default;
const AJV_OPTIONS = { strict: false, allErrors: true, validateSchema: false, logger: false } as const;
/** What the generated code `require`s (ajv's runtime helpers, ajv-formats' formats), resolved from here. */
const requireHere = createRequire(import.meta.url);
const AJV_VERSIONS = ['ajv', 'ajv-formats'].map((name) => `${name}@${(requireHere(`${name}/package.json`) as { version: string }).version}`);

/**
 * Compiling a response schema is most of the check's cost (up to a second per test file), and every test file
 * runs in a fresh process: the generated code of each validator is cached in the OS temp dir, keyed by a hash
 * of the schema (after conversion and exceptions), ajv's and ajv-formats' versions and ajv's options, and loaded
 * instead of compiled.
 */
function compileCached(ajv: Ajv, schema: Json): ValidateFunction {
  const key = createHash('sha256').update(JSON.stringify({ ajv: AJV_VERSIONS, options: AJV_OPTIONS, formats: OPENAPI_FORMATS, schema })).digest('hex');
  const cached = join(tmpdir(), 'flowctl-openapi-cache', 'validators', `${key}.cjs`);
  try {
    return loadValidator(readFileSync(cached, 'utf8'));
  } catch {
    // Not cached yet (or unreadable): compile and try to cache; concurrent workers each write their own temp file.
  }
  const validate = ajv.compile(schema);
  try {
    const code = standaloneCode(ajv, validate);
    mkdirSync(dirname(cached), { recursive: true });
    const temp = `${cached}.${process.pid}.tmp`;
    writeFileSync(temp, code);
    renameSync(temp, cached);
  } catch {
    // A cache is a nicety.
  }
  return validate;
}

function loadValidator(code: string): ValidateFunction {
  const module: { exports: unknown } = { exports: {} };
  // The code ajv generated for this very schema (compileCached), run as the CommonJS module it is.
  new Function('require', 'module', 'exports', code)(requireHere, module, module.exports);
  if (typeof module.exports !== 'function') throw new Error('not a validator');
  return module.exports as ValidateFunction;
}

export class ConformanceChecker {
  private readonly specs = new Map<SpecName, LoadedSpec>();
  private readonly compiled = new Map<string, Compiled>();
  private readonly ajv: Ajv;

  constructor(
    readonly dir: string = SPEC_DIR,
    readonly exceptions: readonly SpecException[] = EXCEPTIONS,
  ) {
    // `code.source` keeps each validator's generated code, for the cache (compileCached).
    this.ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
    addFormats(this.ajv);
    for (const format of OPENAPI_FORMATS) this.ajv.addFormat(format, true);
  }

  spec(name: SpecName): LoadedSpec {
    let spec = this.specs.get(name);
    if (!spec) {
      spec = loadSpec(name, this.dir, this.exceptions);
      this.specs.set(name, spec);
    }
    return spec;
  }

  /** The spec operation an emulator request lands on, or why there is none. */
  findOperation(method: string, url: string): Operation | { reason: string } {
    const pathname = url.split('?')[0] ?? '/';
    const service = SERVICE_SPECS.find((s) => pathname === s.base || pathname.startsWith(`${s.base}/`));
    if (!service) return { reason: 'no spec covers this path' };
    const spec = this.spec(service.spec);
    const relative = pathname.slice(spec.specBase.length) || '/';
    const segments = relative.split('/').filter(Boolean);
    const trailingSlash = relative.length > 1 && relative.endsWith('/');
    const candidates = spec.paths.filter((p) => p.segments.length === segments.length && p.segments.every((s, i) => s.regex.test(segments[i] ?? '')));
    if (candidates.length === 0) return { reason: `${spec.file} has no path for ${relative}` };
    // Most specific first: a literal segment beats a parameter at the first position where they differ. A
    // trailing slash only breaks ties: flow-service.yaml puts PATCH and DELETE of a base connection under
    // `/connections/{BASE_CONNECTION_ID}/`, which is where `PATCH /connections/<id>` then lands.
    const rank = (p: PathEntry) => p.segments.map((s) => (s.literal ? '1' : '0')).join('') + (p.trailingSlash === trailingSlash ? '1' : '0');
    candidates.sort((a, b) => (rank(a) < rank(b) ? 1 : rank(a) > rank(b) ? -1 : 0));
    const lower = method.toLowerCase();
    const hit = candidates.find((p) => isObject(p.item[lower]));
    if (!hit) return { reason: `${spec.file} has no ${method} on ${candidates.map((c) => c.template).join(' / ')}` };
    return { spec, template: hit.template, method: method.toUpperCase(), operation: hit.item[lower] as Json, label: `${spec.name} ${method.toUpperCase()} ${hit.template}` };
  }

  check(exchange: ExchangeLike): CheckResult {
    const request = `${exchange.method.toUpperCase()} ${exchange.url}`;
    if (isGatewayBody(exchange.body)) return { kind: 'gateway', request, status: exchange.status };
    const op = this.findOperation(exchange.method, exchange.url);
    if ('reason' in op) return { kind: 'notInSpec', request, status: exchange.status, reason: op.reason };
    const compiled = this.compile(op, exchange.status);
    const base = { operation: op.label, status: exchange.status };
    if (compiled.kind === 'undocumented') return { kind: 'undocumentedStatus', ...base };
    if (compiled.kind === 'noSchema') return { kind: 'noSchema', ...base };
    if (compiled.kind === 'specError') return { kind: 'invalid', ...base, violations: [{ ...base, request, path: '(spec)', message: compiled.message }] };
    if (exchange.body === undefined) {
      return { kind: 'invalid', ...base, violations: [{ ...base, request, path: '', message: 'the response has no body, but the spec defines one' }] };
    }
    if (compiled.validate(exchange.body)) return { kind: 'valid', ...base };
    const violations = collapseAlternatives(compiled.validate.errors ?? [])
      .filter((error) => !this.excepted(op, exchange.status, error))
      .map((error) => ({ ...base, request, path: error.instancePath, message: describe(error) }));
    return violations.length === 0 ? { kind: 'valid', ...base } : { kind: 'invalid', ...base, violations: dedupe(violations) };
  }

  private excepted(op: Operation, status: number, error: ErrorObject): boolean {
    return this.exceptions.some(
      (e) =>
        e.ignore !== undefined &&
        e.spec === op.spec.name &&
        (e.operation === undefined || e.operation === `${op.method} ${op.template}`) &&
        (e.ignore.status === undefined || e.ignore.status === status) &&
        e.ignore.instancePath.test(error.instancePath),
    );
  }

  private compile(op: Operation, status: number): Compiled {
    const key = `${op.label} ${status}`;
    let compiled = this.compiled.get(key);
    if (!compiled) {
      try {
        compiled = this.compileResponse(op, status);
      } catch (error) {
        compiled = { kind: 'specError', message: `cannot use the spec's response schema: ${(error as Error).message}` };
      }
      this.compiled.set(key, compiled);
    }
    return compiled;
  }

  private compileResponse(op: Operation, status: number): Compiled {
    const responses = isObject(op.operation['responses']) ? op.operation['responses'] : {};
    let response = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses[`${String(status)[0]}xx`] ?? responses['default'];
    if (response === undefined) return { kind: 'undocumented' };
    if (isObject(response) && typeof response['$ref'] === 'string') {
      const ref = response['$ref'];
      response = resolvePointer(op.spec.doc, ref);
      if (response === undefined) throw new Error(`response $ref ${ref} does not resolve`);
    }
    if (!isObject(response)) return { kind: 'noSchema' };
    let schema: unknown = response['schema'];
    const content = response['content'];
    if (schema === undefined && isObject(content)) {
      const types = Object.keys(content);
      const type = types.find((t) => t === 'application/json') ?? types.find((t) => t.includes('json')) ?? types[0];
      const media = type === undefined ? undefined : content[type];
      schema = isObject(media) ? media['schema'] : undefined;
    }
    if (!isObject(schema)) return { kind: 'noSchema' };
    const converter = new SchemaConverter(op.spec.doc, op.label);
    const root = converter.convert(schema) as Json;
    return { kind: 'schema', validate: compileCached(this.ajv, { ...root, definitions: converter.definitions }) };
  }
}

function isGatewayBody(body: unknown): boolean {
  if (!isObject(body)) return false;
  if (typeof body['error_code'] === 'string') return true;
  return body['title'] === 'BadRequestError' && body['detail'] === 'A valid content-type must be specified';
}

/** An `anyOf`/`oneOf` failure with its alternatives' failures folded into its message. */
type Folded = ErrorObject & { alternatives?: string[] };

function collapseAlternatives(errors: readonly ErrorObject[]): Folded[] {
  const groups = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const inside = (e: ErrorObject, g: ErrorObject) => e !== g && e.schemaPath.startsWith(`${g.schemaPath}/`) && e.instancePath.startsWith(g.instancePath);
  return errors
    .filter((e) => !groups.some((g) => inside(e, g)))
    .map((e) => (groups.includes(e) ? { ...e, alternatives: errors.filter((sub) => inside(sub, e)).map(describe) } : e));
}

function describe(error: Folded): string {
  const params = error.params as Json;
  if (error.alternatives && error.alternatives.length > 0) return `must match one of: ${[...new Set(error.alternatives)].join(' | ')}`;
  switch (error.keyword) {
    case 'required':
      return `must have required property '${String(params['missingProperty'])}'`;
    case 'additionalProperties':
      return `must not have property '${String(params['additionalProperty'])}'`;
    case 'enum':
      return `${error.message ?? 'must be one of the allowed values'}: ${JSON.stringify(params['allowedValues'])}`;
    default:
      return error.message ?? error.keyword;
  }
}

function dedupe(violations: Violation[]): Violation[] {
  const seen = new Set<string>();
  return violations.filter((v) => {
    // Array positions do not make a violation different: report `/items/0/x` once, not once per item.
    const key = `${v.path.replace(/\/\d+(?=\/|$)/g, '/*')} ${v.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `catalog GET /dataSets/{DATASET_ID} → 200 at /5c8c…/name: must be string  (GET /data/foundation/catalog/dataSets/5c8c…)` */
export function formatViolation(v: Violation): string {
  return `${v.operation} → ${v.status} at ${v.path === '' ? '(body)' : v.path}: ${v.message}   [${v.request}]`;
}

/** A JSON path with array positions and resource ids (map keys of Catalog answers) generalised. */
function generalPath(path: string): string {
  return path
    .split('/')
    .map((segment) => (/^\d+$/.test(segment) ? '*' : /^([0-9a-f]{16,}|[0-9a-f-]{36}|[0-9A-HJKMNP-TV-Z]{26})$/i.test(segment) ? '{id}' : segment))
    .join('/');
}

/** Violations grouped by operation, status, generalised path and message: one line each, with a count and one example request. */
export function summarizeViolations(violations: readonly Violation[]): string[] {
  const groups = new Map<string, { count: number; request: string }>();
  for (const v of violations) {
    const key = `${v.operation} → ${v.status} at ${v.path === '' ? '(body)' : generalPath(v.path)}: ${v.message}`;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { count: 1, request: v.request });
  }
  return [...groups].map(([key, { count, request }]) => `${key}   [${count > 1 ? `${count}×, e.g. ` : ''}${request}]`);
}

/** One checker per worker (specs parsed and validators compiled once, across test files in the same process). */
export function conformanceChecker(): ConformanceChecker | undefined {
  const holder = globalThis as { __flowctlConformance?: ConformanceChecker | null };
  if (holder.__flowctlConformance === undefined) holder.__flowctlConformance = specsAvailable() ? new ConformanceChecker() : null;
  return holder.__flowctlConformance ?? undefined;
}

export interface ConformanceSummary {
  checked: number;
  violations: Violation[];
  /** Exchanges not validated, by reason, with counts. */
  unchecked: Map<string, number>;
}

export function checkAll(checker: ConformanceChecker, exchanges: readonly ExchangeLike[]): ConformanceSummary {
  const summary: ConformanceSummary = { checked: 0, violations: [], unchecked: new Map() };
  const note = (reason: string) => summary.unchecked.set(reason, (summary.unchecked.get(reason) ?? 0) + 1);
  for (const exchange of exchanges) {
    const result = checker.check(exchange);
    switch (result.kind) {
      case 'valid':
        summary.checked++;
        break;
      case 'invalid':
        summary.checked++;
        summary.violations.push(...result.violations);
        break;
      case 'noSchema':
        note(`${result.operation} → ${result.status}: documented without a body schema`);
        break;
      case 'undocumentedStatus':
        note(`${result.operation} → ${result.status}: status not in the spec`);
        break;
      case 'notInSpec':
        note(`${result.request.split('?')[0]}: ${result.reason}`);
        break;
      case 'gateway':
        note(`gateway error ${result.status}`);
        break;
    }
  }
  return summary;
}
