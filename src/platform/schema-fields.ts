// The field paths of a schema in its full representation (`application/vnd.adobe.xed-full+json`, every field
// group resolved into `properties`), so that a mapping destination can be checked before a mapping set is sent.

/** Every field of the schema as a dot path (`person.name.fullName`), objects included (`person.name`). */
export function schemaFieldPaths(schema: unknown): Set<string> {
  const paths = new Set<string>();
  const walk = (node: unknown, prefix: string) => {
    const properties = (node as { properties?: unknown } | null)?.properties;
    if (typeof properties !== 'object' || properties === null) return;
    for (const [key, child] of Object.entries(properties)) {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      paths.add(path);
      walk(child, path);
    }
  };
  walk(schema, '');
  return paths;
}

/** Up to `max` known fields (not objects) that look like `wanted`: same last segment, or the same parent. */
export function similarPaths(wanted: string, known: ReadonlySet<string>, max = 3): string[] {
  const objects = new Set([...known].map((p) => p.slice(0, p.lastIndexOf('.'))).filter(Boolean));
  const segments = wanted.toLowerCase().split('.');
  const last = segments.at(-1) ?? '';
  const parent = segments.slice(0, -1).join('.');
  const score = (path: string) => {
    const p = path.toLowerCase();
    if (p.split('.').at(-1) === last) return 0;
    if (parent !== '' && p.startsWith(`${parent}.`) && p.split('.').length === segments.length) return 1;
    return 2;
  };
  return [...known]
    .filter((path) => !objects.has(path))
    .map((path) => ({ path, score: score(path) }))
    .filter((c) => c.score < 2)
    .sort((a, b) => a.score - b.score || a.path.localeCompare(b.path))
    .slice(0, max)
    .map((c) => c.path);
}

/** Edit distance (insertions, deletions, substitutions), for did-you-mean. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * The known field (not object) `wanted` most likely meant — `person.name.fulname` → `person.name.fullName` — or
 * undefined when none is close: ignoring case, at most a quarter of the path's letters apart (at least 2).
 */
export function closestPath(wanted: string, known: ReadonlySet<string>): string | undefined {
  const objects = new Set([...known].map((p) => p.slice(0, p.lastIndexOf('.'))).filter(Boolean));
  const target = wanted.toLowerCase();
  let best: { path: string; d: number } | undefined;
  for (const path of known) {
    if (objects.has(path)) continue;
    const d = distance(target, path.toLowerCase());
    if (!best || d < best.d) best = { path, d };
  }
  return best && best.d <= Math.max(2, Math.floor(wanted.length / 4)) ? best.path : undefined;
}
