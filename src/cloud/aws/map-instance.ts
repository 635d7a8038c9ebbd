import type { Instance } from '@aws-sdk/client-ec2';
import { TAG_AWS_GROUP } from '../../model/identity.js';
import type { InstanceState, ObservedInstance } from '../../model/observed.js';
import { tagsToRecord } from './aws-tags.js';

const STATES: ReadonlySet<string> = new Set<InstanceState>(['pending', 'running', 'stopping', 'stopped', 'shutting-down', 'terminated']);

/**
 * An EC2 DescribeInstances item as the model sees it. The root volume is not included:
 * DescribeInstances returns only its volume id, and DescribeVolumes (500 per page) would
 * double the read budget of a large fleet (docs/aws.md).
 *
 * @example
 * mapInstance({ InstanceId: 'i-1', State: { Name: 'running' }, ... }).state // 'running'
 */
export function mapInstance(i: Instance): ObservedInstance {
  const tags = tagsToRecord(i.Tags);
  const state = i.State?.Name ?? 'pending';
  const out: ObservedInstance = {
    kind: 'instance',
    id: i.InstanceId ?? '',
    state: (STATES.has(state) ? state : 'pending') as InstanceState,
    tags,
    instanceType: i.InstanceType ?? '',
    ami: i.ImageId ?? '',
    subnetId: i.SubnetId ?? '',
    securityGroupIds: (i.SecurityGroups ?? []).map((g) => g.GroupId ?? '').filter(Boolean),
    monitoring: i.Monitoring?.State === 'enabled' || i.Monitoring?.State === 'pending',
    ebsOptimized: i.EbsOptimized ?? false,
    launchTime: (i.LaunchTime ?? new Date(0)).toISOString(),
  };
  if (i.KeyName) out.keyName = i.KeyName;
  if (i.Placement?.AvailabilityZone) out.availabilityZone = i.Placement.AvailabilityZone;
  if (tags[TAG_AWS_GROUP]) out.memberOfGroup = tags[TAG_AWS_GROUP];
  return out;
}
