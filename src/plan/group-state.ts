import type { ObservedGroup, ObservedGroupInstance } from '../model/observed.js';
import type { AutoScalingGroupSpec } from '../model/resources.js';

/** A group AWS is deleting (`Delete in progress`) counts as absent; its name stays taken until it is gone. */
export function isGroupBeingDeleted(g: ObservedGroup): boolean {
  return g.status !== undefined && g.status.toLowerCase().startsWith('delete');
}

/** Instance refresh states in which AWS refuses to start another. */
export const REFRESH_RUNNING: ReadonlySet<string> = new Set(['Pending', 'InProgress', 'Cancelling', 'RollbackInProgress']);

/** A member in service or on its way there: what the group serves with (leaving members are not counted). */
export function isLiveMember(i: ObservedGroupInstance): boolean {
  return i.lifecycleState === 'InService' || i.lifecycleState === 'Pending';
}

/**
 * The capacity the group will have: the definition's, or (left to the scaling policies) the live
 * one kept within the new bounds, as AWS clamps it.
 *
 * @example effectiveCapacity({ ...web, desiredCapacity: undefined, minSize: 2, maxSize: 4 }, { ...live, desiredCapacity: 6 }) // 4
 */
export function effectiveCapacity(spec: AutoScalingGroupSpec, observed: ObservedGroup): number {
  if (spec.desiredCapacity !== undefined) return spec.desiredCapacity;
  return Math.min(Math.max(observed.desiredCapacity, spec.minSize), spec.maxSize);
}
