import type { ObservedGroup } from '../model/observed.js';
import type { AutoScalingGroupSpec, HealthCheck, LaunchTemplateSpec, TargetTrackingPolicy } from '../model/resources.js';
import { addRootVolumeFields, addTagFields, emptyFieldSet, observedName, setIf, sortedList, type FieldSet } from './field-set.js';
import { userDataValue } from './user-data-digest.js';
import { compareStrings } from './compare-strings.js';
import { isLiveMember, REFRESH_RUNNING } from './group-state.js';

/** Launch template fields need a new template version and an instance refresh; the rest change in place. */
export function isLaunchTemplateField(field: string): boolean {
  return field.startsWith('launch_template.') || field === OUTDATED_INSTANCES_FIELD;
}

/**
 * Members still on an older launch template version with no refresh running: what an apply
 * leaves when it dies between moving the group to a new version and starting the refresh.
 * Only observed groups carry it (so it enters the fingerprint); a definition never does, so
 * its presence is a change that only a rolling refresh resolves.
 */
export const OUTDATED_INSTANCES_FIELD = 'instances.outdated';

function outdatedInstances(obs: ObservedGroup): string | undefined {
  if (obs.refresh && REFRESH_RUNNING.has(obs.refresh.status)) return undefined;
  const live = obs.instances.filter(isLiveMember);
  const outdated = live.filter((i) => i.launchTemplateVersion !== undefined && i.launchTemplateVersion !== obs.launchTemplate.version);
  return outdated.length ? `${outdated.length} of ${live.length} on an older version than ${obs.launchTemplate.version}` : undefined;
}

/** The comparable fields of a group definition. An unset desired capacity belongs to the scaling policies: ignored. */
export function desiredGroupFields(spec: AutoScalingGroupSpec): FieldSet {
  const f = emptyFieldSet();
  f.values.name = spec.name;
  addCommonGroupFields(f, spec.launchTemplate, spec, true);
  if (spec.desiredCapacity === undefined) f.ignore.push('desired_capacity');
  else f.values.desired_capacity = spec.desiredCapacity;
  for (const p of spec.scalingPolicies) {
    if (p.estimatedWarmupSeconds === undefined) f.ignore.push(`scaling_policies.${p.name}.estimated_warmup_seconds`);
  }
  addTagFields(f, spec.tags);
  return f;
}

/** The comparable fields of a live group, in the same terms. */
export function observedGroupFields(obs: ObservedGroup): FieldSet {
  const f = emptyFieldSet();
  setIf(f, 'name', observedName(obs.tags));
  addCommonGroupFields(f, obs.launchTemplate, obs, false);
  f.values.desired_capacity = obs.desiredCapacity;
  setIf(f, OUTDATED_INSTANCES_FIELD, outdatedInstances(obs));
  addTagFields(f, obs.tags);
  return f;
}

interface GroupShape {
  minSize: number;
  maxSize: number;
  subnetIds: string[];
  availabilityZones: string[];
  healthCheck: HealthCheck;
  scalingPolicies: TargetTrackingPolicy[];
}

function addCommonGroupFields(f: FieldSet, lt: LaunchTemplateSpec, g: GroupShape, desiredSide: boolean): void {
  f.values['launch_template.ami'] = lt.ami;
  f.values['launch_template.instance_type'] = lt.instanceType;
  setIf(f, 'launch_template.user_data', userDataValue(lt.userData));
  setIf(f, 'launch_template.key_name', lt.keyName);
  f.values['launch_template.security_groups'] = sortedList(lt.securityGroupIds);
  f.values['launch_template.monitoring'] = lt.monitoring;
  addRootVolumeFields(f, 'launch_template.', lt.rootVolume, desiredSide);
  f.values.min_size = g.minSize;
  f.values.max_size = g.maxSize;
  f.values.subnets = sortedList(g.subnetIds);
  f.values.availability_zones = sortedList(g.availabilityZones);
  f.values['health_check.type'] = g.healthCheck.type;
  f.values['health_check.grace_period_seconds'] = g.healthCheck.gracePeriodSeconds;
  for (const p of [...g.scalingPolicies].sort((a, b) => compareStrings(a.name, b.name))) {
    const at = `scaling_policies.${p.name}`;
    f.values[`${at}.metric`] = p.metric;
    f.values[`${at}.target_value`] = p.targetValue;
    f.values[`${at}.disable_scale_in`] = p.disableScaleIn;
    setIf(f, `${at}.estimated_warmup_seconds`, p.estimatedWarmupSeconds);
    setIf(f, `${at}.resource_label`, p.resourceLabel);
  }
}
