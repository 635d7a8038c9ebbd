import type { ObservedInstance } from '../model/observed.js';
import type { InstanceSpec } from '../model/resources.js';
import { settledState } from './instance-state.js';
import { addRootVolumeFields, addTagFields, observedName, setIf, sortedList, type FieldSet } from './field-set.js';
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
  // The fixed fields in one literal (in the order they print), the variable ones after:
  // cheaper than growing the object one field at a time, for every instance of every plan.
  const f: FieldSet = {
    values: {
      name: spec.name,
      state: spec.state,
      instance_type: spec.instanceType,
      ami: spec.ami,
      subnet: spec.subnetId,
      security_groups: sortedList(spec.securityGroupIds),
      key_name: spec.keyName,
      monitoring: spec.monitoring,
      ebs_optimized: spec.ebsOptimized,
    },
    ignore: [],
  };
  addRootVolumeFields(f, '', spec.rootVolume, true);
  setIf(f, 'user_data', userDataValue(spec.userData));
  addTagFields(f, spec.tags);
  return f;
}

/** The comparable fields of a live instance, in the same terms. */
export function observedInstanceFields(obs: ObservedInstance): FieldSet {
  const f: FieldSet = {
    values: {
      name: observedName(obs.tags),
      state: settledState(obs.state),
      instance_type: obs.instanceType,
      ami: obs.ami,
      subnet: obs.subnetId,
      security_groups: sortedList(obs.securityGroupIds),
      key_name: obs.keyName,
      monitoring: obs.monitoring,
      ebs_optimized: obs.ebsOptimized,
    },
    ignore: [],
  };
  addRootVolumeFields(f, '', obs.rootVolume, false);
  if (obs.userData === undefined) f.ignore.push('user_data');
  else setIf(f, 'user_data', userDataValue(obs.userData));
  addTagFields(f, obs.tags);
  return f;
}
