import type { ModifyInstanceRequest } from '../../cloud/provider.js';
import type { FieldChange } from '../../model/plan.js';
import type { InstanceSpec } from '../../model/resources.js';
import { isTagField, tagWrites, type TagWrites } from './tag-writes.js';
import { unsupportedField } from './unsupported-field.js';

export interface InstanceWrites {
  tags: TagWrites;
  /** Attributes AWS changes on a running instance. */
  inPlace: ModifyInstanceRequest;
  /** Attributes AWS changes only while the instance is stopped. */
  whileStopped: ModifyInstanceRequest;
  /** The planned power state, when it changes. */
  state?: InstanceSpec['state'];
}

/**
 * The writes for an instance's planned field changes (the plan's `changes`, in the plan's
 * field names), values taken from the desired spec. Fields that need a new instance (ami,
 * subnet...) belong to a replace and are refused here.
 *
 * @example instanceWrites(action.changes, desired).whileStopped // { instanceType: 'm5.large' }
 */
export function instanceWrites(actionId: string, changes: readonly FieldChange[], desired: InstanceSpec): InstanceWrites {
  const w: InstanceWrites = { tags: tagWrites(changes, desired), inPlace: {}, whileStopped: {} };
  for (const { field } of changes) {
    if (isTagField(field)) continue;
    switch (field) {
      case 'state':
        w.state = desired.state;
        break;
      case 'monitoring':
        w.inPlace.monitoring = desired.monitoring;
        break;
      case 'security_groups':
        w.inPlace.securityGroupIds = desired.securityGroupIds;
        break;
      case 'instance_type':
        w.whileStopped.instanceType = desired.instanceType;
        break;
      case 'ebs_optimized':
        w.whileStopped.ebsOptimized = desired.ebsOptimized;
        break;
      case 'user_data':
        // Empty user data is how EC2 spells none.
        w.whileStopped.userData = desired.userData ?? '';
        break;
      default:
        throw unsupportedField(actionId, field);
    }
  }
  return w;
}

export function isEmptyModify(m: ModifyInstanceRequest): boolean {
  return Object.keys(m).length === 0;
}
