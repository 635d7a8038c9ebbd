import { utf16Length, type Measure } from './markdown-env-section.js';

/**
 * The leading lines that fit in `budget` (each costs its size plus a newline), followed, when
 * some are left out, by the line `more(left out)`, whose room is kept. Nothing is cut inside
 * a line: lines are expected to be short (every renderer caps the user text it puts in one).
 *
 * @example fitLines(['a', 'b', 'c'], 6, (n) => `+${n}`) // ['a', '+2']
 */
export function fitLines(lines: readonly string[], budget: number, more: (left: number) => string, measure: Measure = utf16Length): string[] {
  const total = lines.reduce((n, l) => n + measure(l) + 1, 0);
  if (total <= budget) return [...lines];
  const room = budget - (measure(more(lines.length)) + 1);
  const out: string[] = [];
  let used = 0;
  for (const line of lines) {
    const size = measure(line) + 1;
    if (used + size > room) break;
    out.push(line);
    used += size;
  }
  if (room < 0) return [];
  out.push(more(lines.length - out.length));
  return out;
}
