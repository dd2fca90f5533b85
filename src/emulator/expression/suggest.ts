// "Did you mean …?" for a misspelt function or method name: the nearest known name by edit distance.

/** Levenshtein distance: the fewest insertions, deletions and substitutions that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** How far `candidate` is from `wanted`; one name starting with the other (`substring`, `substr`) counts as 1. */
function nearness(wanted: string, candidate: string): number {
  const prefix = Math.min(wanted.length, candidate.length) >= 4 && (wanted.startsWith(candidate) || candidate.startsWith(wanted));
  return wanted === candidate ? 0 : prefix ? 1 : editDistance(wanted, candidate);
}

/**
 * The candidate nearest to `name` (ignoring case), if it is near enough to be what was meant: at most 2 edits,
 * and fewer than half the name's length (so that `ab` does not suggest `md5`).
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const wanted = name.toLowerCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = nearness(wanted, candidate.toLowerCase());
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best && best.distance <= 2 && best.distance * 2 < name.length ? best.candidate : undefined;
}
