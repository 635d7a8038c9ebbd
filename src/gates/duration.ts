/**
 * Durations as written in policy.yml: a whole number and a unit, `90s`, `30m`, `2h`, `1d`.
 *
 * @example parseDuration('2h') // 7_200_000
 */
export function parseDuration(s: string): number | undefined {
  const m = /^([1-9][0-9]{0,5})(s|m|h|d)$/.exec(s.trim());
  if (!m) return undefined;
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

/**
 * The shortest exact form: `2h`, `90m`, `45s`.
 *
 * @example formatDuration(5_400_000) // '90m'
 */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.round(ms / 1000)}s`;
}
