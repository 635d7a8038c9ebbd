/**
 * Did-you-mean suggestions by edit distance, for instance types, field names, enum values,
 * regions and references.
 */

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
 * neighbours each cost 1, because `t2.mirco` for `t2.micro` is one slip of the fingers, not two.
 *
 * @example editDistance('t2.mirco', 't2.micro') // 1
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => d[i]?.[j] ?? 0;
  for (let i = 1; i < rows; i++) {
    const row = d[i] as number[];
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      row[j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * The closest candidate, or undefined when none is close enough to be a likely typo
 * (at most a third of the value's length, at least one edit for 3 characters or more; case is ignored).
 *
 * @example suggest('t2.mirco', ['t2.micro', 't3.micro']) // 't2.micro'
 */
export function suggest(value: string, candidates: Iterable<string>): string | undefined {
  const needle = value.toLowerCase();
  // One or two characters carry too little to guess from: `2` is not a typo of `1`.
  const limit = value.length < 3 ? 0 : Math.max(1, Math.floor(value.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === value) continue;
    const distance = editDistance(needle, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/**
 * The suffix a message ends with: ` (did you mean "t2.micro"?)`, or '' when nothing is close.
 *
 * @example `instance_type "t2.mirco" is not an EC2 instance type${didYouMean('t2.mirco', types)}`
 */
export function didYouMean(value: string, candidates: Iterable<string>): string {
  const hit = suggest(value, candidates);
  return hit === undefined ? '' : ` (did you mean "${hit}"?)`;
}
