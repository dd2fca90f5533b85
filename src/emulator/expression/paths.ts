// Walking into a column: `name.firstName`, `tags[0]`, `contains_key("evars.evar.field1")`. Works on values as
// the row holds them (before conversion, so that only the value reached is converted) as well as on Values.
// JSON columns arrive parsed (a preview's rows, drivers that parse json) or as JSON text (the database reader
// writes JSON as text): text is parsed when, and only when, a path walks into it.

/** The field of a container: an object's key, an array's index, a key of JSON text; undefined when absent. */
export function field(container: unknown, key: string): unknown {
  if (typeof container === 'string') return field(parseJson(container), key);
  if (typeof container !== 'object' || container === null) return undefined;
  if (Array.isArray(container)) return /^\d+$/.test(key) ? container[Number(key)] : undefined;
  // Dates and binary values have no fields; only plain objects (JSON objects, Data Prep maps) do.
  if (Object.getPrototypeOf(container) !== Object.prototype && Object.getPrototypeOf(container) !== null) return undefined;
  return Object.hasOwn(container, key) ? (container as Record<string, unknown>)[key] : undefined;
}

/** JSON text as its value; undefined when the text is not a JSON object or array. */
export function parseJson(text: string): unknown {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The value at `keys` below `value`; undefined when a step is absent. */
export function walk(value: unknown, keys: readonly string[]): unknown {
  let current = value;
  for (const key of keys) {
    current = field(current, key);
    if (current === undefined) return undefined;
  }
  return current;
}

/** `a.b\.c.d` → `['a', 'b.c', 'd']`: dots separate, a backslash takes the next character as it is. */
export function splitPath(path: string): string[] {
  const segments: string[] = [];
  let segment = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i] as string;
    if (c === '\\' && i + 1 < path.length) segment += path[++i];
    else if (c === '.') {
      segments.push(segment);
      segment = '';
    } else segment += c;
  }
  segments.push(segment);
  return segments;
}

/** Whether the row has the path: its first segment a column (exact name), the rest fields within it. */
export function rowHasPath(row: Readonly<Record<string, unknown>>, path: string): boolean {
  const [column, ...keys] = splitPath(path);
  if (column === undefined || !Object.hasOwn(row, column)) return false;
  return walk(row[column], keys) !== undefined;
}
