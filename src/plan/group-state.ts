import type { ObservedGroup, ObservedGroupInstance } from '../model/observed.js';

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
