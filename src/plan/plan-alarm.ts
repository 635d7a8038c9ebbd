import type { ObservedAlarm } from '../model/observed.js';
import type { AlarmSpec } from '../model/resources.js';
import { actionResource, creationDraft, fieldList, type ActionDraft, deletionDraft } from './action-draft.js';
import { desiredAlarmFields, observedAlarmFields } from './alarm-fields.js';
import { diffFieldSets } from './field-set.js';

/**
 * What to do with one alarm definition given its live match. `dimensions` are the definition's
 * with its target resolved (possibly to `(known after apply)`). Any change is an update:
 * PutMetricAlarm overwrites the whole alarm.
 *
 * @example planAlarm(spec, observed, { AutoScalingGroupName: 'prod-web' }, 'prod-web-cpu-high').type // 'update'
 */
export function planAlarm(
  spec: AlarmSpec,
  observed: ObservedAlarm | undefined,
  dimensions: Record<string, string>,
  physicalName: string,
): ActionDraft | undefined {
  const resource = actionResource(spec, observed?.name ?? physicalName);
  if (spec.deleted) {
    if (!observed) return undefined;
    return deletionDraft(resource, observed, 0, 'the alarm is deleted');
  }
  const desired = desiredAlarmFields(spec, dimensions);
  if (!observed) return creationDraft(resource, desired, spec, 0, 'not in the cloud yet: the alarm is created');
  const changes = diffFieldSets(desired, observedAlarmFields(observed));
  const base = { resource, changes, impact: 'none' as const, monthlyCostDelta: 0, desired: spec, observed };
  if (changes.length === 0) return { ...base, type: 'no-op', reason: 'matches the definition' };
  return { ...base, type: 'update', reason: `${fieldList(changes)} changed: the alarm is overwritten in place` };
}
