// The subset of JSON Schema (draft-07) that the Flow Service's own specs use: auth specs, source/target
// specs, and the flow spec's schedule, transformation, option and run specs. Validating against the spec
// data itself keeps one source of truth: what GET /flowSpecs shows is exactly what POST /flows enforces.

export type Schema = { [key: string]: unknown };

export interface SchemaProblem {
  /** Dot path of the offending value, e.g. `scheduleParams.interval`. */
  path: string;
  message: string;
}

export interface ValidateOptions {
  /**
   * Accept numeric strings for integer/number, "true"/"false" for boolean and numbers for string — the
   * Platform tolerates the seed tutorial's `"startTime":"1612310466"` and `"mappingVersion":0`.
   */
  coerce?: boolean;
  /** Match `pattern` case-insensitively (Adobe's docs write `UID=` where MySQL's pattern says `[uU]id`). */
  ignoreCase?: boolean;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The number a value stands for (numbers, and numeric strings when coercing), else undefined. */
export function asNumber(value: unknown, coerce = true): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (coerce && typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

function asBoolean(value: unknown, coerce: boolean): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (coerce && (value === 'true' || value === 'false')) return value === 'true';
  return undefined;
}

function hasType(value: unknown, type: string, coerce: boolean): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string' || (coerce && typeof value === 'number');
    case 'integer': {
      const n = asNumber(value, coerce);
      return n !== undefined && Number.isInteger(n);
    }
    case 'number':
      return asNumber(value, coerce) !== undefined;
    case 'boolean':
      return asBoolean(value, coerce) !== undefined;
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'null':
      return value === null;
    default:
      return true;
  }
}

function sameValue(a: unknown, b: unknown, coerce: boolean): boolean {
  if (a === b) return true;
  if (!coerce) return false;
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== undefined && nb !== undefined) return na === nb;
  return String(a) === String(b);
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** The first rule `value` breaks, or undefined when it conforms. */
export function validate(value: unknown, schema: Schema, options: ValidateOptions = {}, path = ''): SchemaProblem | undefined {
  const coerce = options.coerce ?? false;
  const where = path || 'value';

  const type = schema['type'];
  if (typeof type === 'string' || Array.isArray(type)) {
    const types = (Array.isArray(type) ? type : [type]) as string[];
    if (!types.some((t) => hasType(value, t, coerce))) return { path, message: `${where} must be ${types.join(' or ')}` };
  }
  const allowed = schema['enum'];
  if (Array.isArray(allowed) && !allowed.some((a) => sameValue(value, a, coerce))) {
    return { path, message: `${where} must be one of ${allowed.map(String).join(', ')}` };
  }
  if ('const' in schema && !sameValue(value, schema['const'], coerce)) return { path, message: `${where} must be ${String(schema['const'])}` };
  const pattern = schema['pattern'];
  const patterned = typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  if (typeof pattern === 'string' && patterned !== undefined && !new RegExp(pattern, options.ignoreCase ? 'i' : '').test(patterned)) {
    return { path, message: `${where} does not match the expected format` };
  }
  const n = asNumber(value, coerce);
  if (n !== undefined) {
    const min = schema['minimum'];
    if (typeof min === 'number' && n < min) return { path, message: `${where} must be at least ${min}` };
    const exclusiveMin = schema['exclusiveMinimum'];
    if (typeof exclusiveMin === 'number' && n <= exclusiveMin) return { path, message: `${where} must be greater than ${exclusiveMin}` };
    const max = schema['maximum'];
    if (typeof max === 'number' && n > max) return { path, message: `${where} must be at most ${max}` };
  }
  if (isObject(value)) {
    const required = schema['required'];
    if (Array.isArray(required)) {
      for (const key of required as string[]) if (value[key] === undefined) return { path: join(path, key), message: `${join(path, key)} is required` };
    }
    const properties = schema['properties'];
    if (isObject(properties)) {
      for (const [key, sub] of Object.entries(properties)) {
        if (value[key] === undefined || !isObject(sub)) continue;
        const problem = validate(value[key], sub, options, join(path, key));
        if (problem) return problem;
      }
    }
  }
  const items = schema['items'];
  if (Array.isArray(value) && isObject(items)) {
    for (const [i, item] of value.entries()) {
      const problem = validate(item, items, options, `${path}[${i}]`);
      if (problem) return problem;
    }
  }
  const allOf = schema['allOf'];
  if (Array.isArray(allOf)) {
    for (const sub of allOf) {
      const problem = isObject(sub) ? validate(value, sub, options, path) : undefined;
      if (problem) return problem;
    }
  }
  const anyOf = schema['anyOf'];
  if (Array.isArray(anyOf) && anyOf.length > 0) {
    const problems = anyOf.map((sub) => (isObject(sub) ? validate(value, sub, options, path) : undefined));
    if (problems.every((p) => p !== undefined)) return problems[0];
  }
  const not = schema['not'];
  if (isObject(not) && validate(value, not, options, path) === undefined) {
    // The specs use `not: {required: [...]}` to forbid a key; say which.
    const forbidden = Array.isArray(not['required']) ? (not['required'] as string[]) : [];
    const key = forbidden.length === 1 ? join(path, forbidden[0] as string) : where;
    return { path: key, message: `${key} must not be set here` };
  }
  const condition = schema['if'];
  if (isObject(condition)) {
    const branch = validate(value, condition, options, path) === undefined ? schema['then'] : schema['else'];
    if (isObject(branch)) {
      const problem = validate(value, branch, options, path);
      if (problem) return problem;
    }
  }
  return undefined;
}
