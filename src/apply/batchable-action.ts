import type { PlannedAction } from '../model/plan.js';
import { isTagField } from './writes/tag-writes.js';

/**
 * Whether every write of an action goes through the write batcher and every wait through the
 * shared instance wait: terminating an instance, or changing only its power state and tags
 * (what `/shutdown` and schedules plan). Such an action costs the cloud no call of its own, so
 * the concurrency limit, which protects per-resource calls, does not hold it back: all of them
 * run together and share a few calls.
 *
 * @example isBatchable(stopAction) // true: changes [{ field: 'state', old: 'running', new: 'stopped' }]
 */
export function isBatchable(action: PlannedAction): boolean {
  if (action.resource.kind !== 'instance') return false;
  if (action.type === 'delete') return true;
  return action.type === 'update' && action.changes.length > 0 && action.changes.every((c) => c.field === 'state' || isTagField(c.field));
}
