import type { Definitions } from '../model/resources.js';

/** Shorter lines are too common to hide (`set -e`, `fi`) and too short to be a credential. */
const MIN_LINE = 8;

/**
 * Values in the definitions that may hold secrets (user data: instances' and launch
 * templates'), whole and line by line, for a door to hide from its logs (an Actions runner
 * masks registered values; a line of a multi-line value is masked only if registered itself).
 * Shebangs and short lines are left out.
 *
 * @example for (const s of secretValuesOf(definitions)) core.setSecret(s);
 */
export function secretValuesOf(definitions: Definitions): string[] {
  const out = new Set<string>();
  for (const r of definitions.resources) {
    const userData = r.kind === 'instance' ? r.userData : r.kind === 'autoscaling-group' ? r.launchTemplate.userData : undefined;
    if (!userData?.trim()) continue;
    out.add(userData);
    for (const line of userData.split('\n')) {
      const t = line.trim();
      if (t.length >= MIN_LINE && !t.startsWith('#!')) out.add(t);
    }
  }
  return [...out];
}
