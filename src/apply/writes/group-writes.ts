import type { UpdateGroupRequest } from '../../cloud/provider.js';
import type { ObservedGroup } from '../../model/observed.js';
import type { FieldChange } from '../../model/plan.js';
import type { AutoScalingGroupSpec, TargetTrackingPolicy } from '../../model/resources.js';
import { effectiveCapacity } from '../../plan/group-state.js';
import { isTagField, tagWrites, type TagWrites } from './tag-writes.js';
import { unsupportedField } from './unsupported-field.js';

export interface GroupWrites {
  tags: TagWrites;
  /** Group fields to update (never the launch template: see `launchTemplate`). */
  fields: UpdateGroupRequest;
  policiesToPut: TargetTrackingPolicy[];
  policiesToDelete: string[];
  /** A `launch_template.*` field changed: a new template version and an instance refresh. */
  launchTemplate: boolean;
}

const SIMPLE: Record<string, (d: AutoScalingGroupSpec, into: UpdateGroupRequest) => void> = {
  min_size: (d, u) => (u.minSize = d.minSize),
  max_size: (d, u) => (u.maxSize = d.maxSize),
  desired_capacity: (d, u) => {
    if (d.desiredCapacity !== undefined) u.desiredCapacity = d.desiredCapacity;
  },
  subnets: (d, u) => (u.subnetIds = d.subnetIds),
  availability_zones: (d, u) => (u.availabilityZones = d.availabilityZones),
  'health_check.type': (d, u) => (u.healthCheck = d.healthCheck),
  'health_check.grace_period_seconds': (d, u) => (u.healthCheck = d.healthCheck),
};

/**
 * The writes for a group's planned field changes, values from the desired spec. An unset
 * desired capacity stays the scaling policies', except that it is kept within new bounds.
 * `scaling_policies.<name>.*` puts the desired policy, or deletes it when the definition has
 * no policy of that name.
 *
 * @example groupWrites(id, [{ field: 'max_size', old: 5, new: 6 }], web, live).fields // { maxSize: 6 }
 */
export function groupWrites(actionId: string, changes: readonly FieldChange[], desired: AutoScalingGroupSpec, observed: ObservedGroup): GroupWrites {
  const w: GroupWrites = { tags: tagWrites(changes, desired), fields: {}, policiesToPut: [], policiesToDelete: [], launchTemplate: false };
  const policyNames = [...new Set([...desired.scalingPolicies, ...observed.scalingPolicies].map((p) => p.name))]
    // Longest first, so `cpu.high` is not taken for `cpu`.
    .sort((a, b) => b.length - a.length);
  const policies = new Set<string>();
  for (const { field } of changes) {
    if (isTagField(field)) continue;
    if (field.startsWith('launch_template.')) {
      w.launchTemplate = true;
      continue;
    }
    // Members on another template version than the group's (`instances.launch_template_version`):
    // nothing to write on the group; the refresh of a rolling-refresh replaces them.
    if (field.startsWith('instances.')) continue;
    const write = SIMPLE[field];
    if (write) {
      write(desired, w.fields);
      continue;
    }
    const policy = field.startsWith('scaling_policies.') && policyNames.find((n) => field.startsWith(`scaling_policies.${n}.`));
    if (!policy) throw unsupportedField(actionId, field);
    policies.add(policy);
  }
  for (const name of policies) {
    const p = desired.scalingPolicies.find((x) => x.name === name);
    if (p) w.policiesToPut.push(p);
    else w.policiesToDelete.push(name);
  }
  if (desired.desiredCapacity === undefined && (w.fields.minSize !== undefined || w.fields.maxSize !== undefined)) {
    // AWS would clamp too; saying it keeps the call valid for providers that do not.
    const clamped = effectiveCapacity(desired, observed);
    if (clamped !== observed.desiredCapacity) w.fields.desiredCapacity = clamped;
  }
  return w;
}
