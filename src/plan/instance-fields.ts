import type { ObservedInstance } from '../model/observed.js';
import type { InstanceSpec } from '../model/resources.js';
import { settledState } from './instance-state.js';
import { addRootVolumeFields, addTagFields, emptyFieldSet, observedName, setIf, sortedList, type FieldSet } from './field-set.js';
import { userDataValue } from './user-data-digest.js';

/** How each instance field can change: in place, only while stopped, or only by a new instance. */
export type InstanceFieldEffect = 'in-place' | 'while-stopped' | 'replace';

/** @example instanceFieldEffect('ami') // 'replace' */
export function instanceFieldEffect(field: string): InstanceFieldEffect {
  if (field === 'instance_type' || field === 'ebs_optimized' || field === 'user_data') return 'while-stopped';
  if (field === 'ami' || field === 'subnet' || field === 'key_name' || field.startsWith('root_volume.')) return 'replace';
  return 'in-place';
}

/** The comparable fields of an instance definition. */
export function desiredInstanceFields(spec: InstanceSpec): FieldSet {
  const f = emptyFieldSet();
  f.values.name = spec.name;
  f.values.state = spec.state;
  f.values.instance_type = spec.instanceType;
  f.values.ami = spec.ami;
  f.values.subnet = spec.subnetId;
  f.values.security_groups = sortedList(spec.securityGroupIds);
  setIf(f, 'key_name', spec.keyName);
  f.values.monitoring = spec.monitoring;
  f.values.ebs_optimized = spec.ebsOptimized;
  addRootVolumeFields(f, '', spec.rootVolume, true);
  setIf(f, 'user_data', userDataValue(spec.userData));
  addTagFields(f, spec.tags);
  return f;
}

/** The comparable fields of a live instance, in the same terms. */
export function observedInstanceFields(obs: ObservedInstance): FieldSet {
  const f = emptyFieldSet();
  setIf(f, 'name', observedName(obs.tags));
  setIf(f, 'state', settledState(obs.state));
  f.values.instance_type = obs.instanceType;
  f.values.ami = obs.ami;
  f.values.subnet = obs.subnetId;
  f.values.security_groups = sortedList(obs.securityGroupIds);
  setIf(f, 'key_name', obs.keyName);
  f.values.monitoring = obs.monitoring;
  f.values.ebs_optimized = obs.ebsOptimized;
  addRootVolumeFields(f, '', obs.rootVolume, false);
  if (obs.userData === undefined) f.ignore.push('user_data');
  else setIf(f, 'user_data', userDataValue(obs.userData));
  addTagFields(f, obs.tags);
  return f;
}
