import type { SimState } from './sim-state.js';

/**
 * Ids shaped like AWS's (`i-` + 17 hex digits, `lt-` + 17, refresh ids as UUIDs), drawn from
 * the state's counter so they never repeat within one state file and are reproducible.
 *
 * @example
 * nextInstanceId(state); // 'i-00000000000000001'
 */
export function nextInstanceId(state: SimState): string {
  return `i-${hex(state.nextId++, 17)}`;
}

/** `lt-` + 17 hex digits. */
export function nextLaunchTemplateId(state: SimState): string {
  return `lt-${hex(state.nextId++, 17)}`;
}

/** A UUID-shaped refresh id, as Auto Scaling returns. */
export function nextRefreshId(state: SimState): string {
  const h = hex(state.nextId++, 12);
  return `00000000-0000-4000-8000-${h}`;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}
