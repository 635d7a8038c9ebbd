import type { TaggableKind } from '../provider.js';
import { findGroup } from './autoscaling-ops.js';
import { awsError } from './aws-errors.js';
import { findInstances } from './ec2-instances.js';
import { regionKey, type SimState } from './sim-state.js';
import { checkTagKeys } from './validation.js';

/** The API each kind's tags go through: EC2, Auto Scaling and CloudWatch each have their own. */
export const TAG_OPERATIONS: Record<TaggableKind, { set: string; remove: string }> = {
  instance: { set: 'CreateTags', remove: 'DeleteTags' },
  'autoscaling-group': { set: 'CreateOrUpdateTags', remove: 'DeleteTags' },
  alarm: { set: 'TagResource', remove: 'UntagResource' },
};

/**
 * One tagging call: `set` tags (when `set` is given) or removes `remove` keys, on every id,
 * all or nothing.
 *
 * @example
 * applyTags(state, 'us-east-1', 'instance', ['i-00000000000000001'], 'CreateTags', { team: 'web' }, []);
 */
export function applyTags(
  state: SimState,
  region: string,
  kind: TaggableKind,
  ids: string[],
  operation: string,
  set: Record<string, string>,
  remove: string[],
): void {
  checkTagKeys(operation, [...Object.keys(set), ...remove]);
  const targets = tagsOf(state, region, kind, ids, operation);
  for (const tags of targets) {
    Object.assign(tags, set);
    for (const k of remove) delete tags[k];
  }
}

function tagsOf(state: SimState, region: string, kind: TaggableKind, ids: string[], operation: string): Record<string, string>[] {
  switch (kind) {
    case 'instance':
      return findInstances(state, operation, region, ids).map((i) => i.tags);
    case 'autoscaling-group':
      return ids.map((id) => findGroup(state, operation, region, id).tags);
    case 'alarm':
      return ids.map((id) => {
        const alarm = state.alarms.get(regionKey(region, id));
        if (!alarm) throw awsError('ResourceNotFound', `Alarm ${id} not found.`, { operation, details: { alarmName: id } });
        return alarm.tags;
      });
  }
}
