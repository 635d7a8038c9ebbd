import type { ObservedGroup } from '../model/observed.js';

/** A group AWS is deleting (`Delete in progress`) counts as absent; its name stays taken until it is gone. */
export function isGroupBeingDeleted(g: ObservedGroup): boolean {
  return g.status !== undefined && g.status.toLowerCase().startsWith('delete');
}
