import type { ObservedGroup } from '../model/observed.js';
import type { AutoScalingGroupSpec, HealthCheck, LaunchTemplateSpec, TargetTrackingPolicy } from '../model/resources.js';
import { addRootVolumeFields, addTagFields, emptyFieldSet, observedName, setIf, sortedList, type FieldSet } from './field-set.js';
import { userDataValue } from './user-data-digest.js';
import { compareStrings } from './compare-strings.js';

/** Launch template fields need a new template version and an instance refresh; the rest change in place. */
export function isLaunchTemplateField(field: string): boolean {
  return field.startsWith('launch_template.');
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
