import type { PlannedAction } from '../model/plan.js';
import { TARGET_DIMENSION, type AlarmSpec } from '../model/resources.js';
import { KNOWN_AFTER_APPLY } from './action-draft.js';

export interface ResolvedAlarmTarget {
  /** The definition's dimensions plus the target's (InstanceId or AutoScalingGroupName). */
  dimensions: Record<string, string>;
  /** The target's action when the alarm must wait for it (the target is created or replaced). */
  dependsOn?: string;
  /** Set when the reference cannot be honoured; reported as a warning. */
  problem?: string;
}


/**
 * Resolves an alarm's `target` against the planned action of the resource it names (matched by
 * uuid): the live id when it exists; for a target being created or replaced, the planned group
 * name or, for an instance, `(known after apply)`, with a dependency on that action.
 *
 * @example resolveAlarmTarget(alarm, webGroupAction).dimensions // { AutoScalingGroupName: 'prod-web' }
 */
export function resolveAlarmTarget(spec: AlarmSpec, target: PlannedAction | undefined): ResolvedAlarmTarget {
  const ref = spec.target;
  if (!ref) return { dimensions: { ...spec.dimensions } };
  const key = TARGET_DIMENSION[ref.kind];
  if (!target || target.resource.kind !== ref.kind) {
    return {
      dimensions: { ...spec.dimensions },
      problem: `targets the ${ref.kind} ${ref.name}, which is not defined in ${spec.env} (or is deleted and gone); the ${key} dimension is left out: fix the reference`,
    };
  }
  if (target.type === 'create' || target.type === 'replace') {
    const value = ref.kind === 'instance' ? KNOWN_AFTER_APPLY : (target.resource.physicalId ?? KNOWN_AFTER_APPLY);
    return { dimensions: { ...spec.dimensions, [key]: value }, dependsOn: target.id };
  }
  const dimensions = { ...spec.dimensions, [key]: target.resource.physicalId ?? KNOWN_AFTER_APPLY };
  if (target.type === 'delete' && !spec.deleted) {
    return {
      dimensions,
      problem: `targets the ${ref.kind} ${ref.name}, which this plan deletes: delete the alarm too (deleted: true) or point it elsewhere`,
    };
  }
  return { dimensions };
}
