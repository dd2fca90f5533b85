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
