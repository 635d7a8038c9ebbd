import type { PlannedAction } from '../model/plan.js';
import { isTagField } from './writes/tag-writes.js';

/**
 * Whether an action may send a write through the write batcher: any change to an existing
 * instance (power, tags, a resize's stop and start, a replace's or delete's terminate), a
 * launch that stops its instance afterwards, a tag change on a group.
 *
 * @example mayWriteInBatch(alarmCreate) // false: alarms are written one call each
 */
export function mayWriteInBatch(action: PlannedAction): boolean {
  if (action.type === 'no-op') return false;
  if (action.resource.kind === 'instance') {
    return action.type !== 'create' || (action.desired?.kind === 'instance' && action.desired.state === 'stopped');
  }
  return action.resource.kind === 'autoscaling-group' && action.type !== 'create' && action.changes.some((c) => isTagField(c.field));
}

/**
 * The actions a ready batch waits for while they are busy (see activity.ts): those that may
 * write in a batch themselves, and those whose end may start one (through their dependents).
 * Any other action, however long it takes, could never add to a batch, so waiting for it would
 * only delay the batch (a slow RunInstances, a stream of alarms).
 *
 * @example batchFeeders(actions) // Set { 'prod/instance/web-1', 'prod/alarm/web-1-ready' (a stop depends on it) }
 */
export function batchFeeders(actions: readonly PlannedAction[]): Set<string> {
  const byId = new Map(actions.map((a) => [a.id, a]));
  const feeders = new Set<string>();
  // From each action that writes in a batch, up through what it depends on (a stack, not
  // recursion: dependency chains can be thousands long).
  const stack = actions.filter(mayWriteInBatch).map((a) => a.id);
  while (stack.length > 0) {
    const id = stack.pop()!;
    const action = byId.get(id);
    if (!action || feeders.has(id)) continue;
    feeders.add(id);
    stack.push(...action.dependsOn);
  }
  return feeders;
}
