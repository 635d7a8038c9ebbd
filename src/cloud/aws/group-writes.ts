import {
  CreateAutoScalingGroupCommand,
  DeleteAutoScalingGroupCommand,
  DeletePolicyCommand,
  DescribeAutoScalingGroupsCommand,
  PutScalingPolicyCommand,
  UpdateAutoScalingGroupCommand,
  type Tag as AsgTag,
} from '@aws-sdk/client-auto-scaling';
import { CloudError, ErrorCode, isQmError } from '../../errors.js';
import { TAG_UUID } from '../../model/identity.js';
import type { TargetTrackingPolicy } from '../../model/resources.js';
import type { CreateGroupRequest, UpdateGroupRequest } from '../provider.js';
import { awsCall } from './aws-call.js';
import type { AwsClients } from './aws-clients.js';
import { tagsToRecord } from './aws-tags.js';
import { deleteOwnedLaunchTemplate } from './launch-template-writes.js';

/**
 * Group tags in Auto Scaling's shape. Identity tags stay on the group: its instances belong
 * to the group (aws:autoscaling:groupName), not to the definitions, so only the other tags
 * propagate to them.
 */
export function groupTags(groupName: string, tags: Record<string, string>): AsgTag[] {
  return Object.entries(tags)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([Key, Value]) => ({ Key, Value, ResourceId: groupName, ResourceType: 'auto-scaling-group', PropagateAtLaunch: !Key.startsWith('qm:') }));
}

/**
 * Creates a group on an explicit launch template version. Auto Scaling has no ClientToken:
 * when the name is already taken by this same resource (same qm:uuid, e.g. a retried call
 * that had succeeded) it counts as done; taken by anything else, it is an error.
 *
 * @example
 * await createGroup(clients, { name: 'prod-web', launchTemplate: { id: 'lt-1', version: '1' }, minSize: 2, ... });
 */
export async function createGroup(c: AwsClients, req: CreateGroupRequest): Promise<void> {
  const ctx = { region: c.region, resource: req.name };
  try {
    await awsCall(
      'autoscaling:CreateAutoScalingGroup',
      () =>
        c.autoScaling.send(
          new CreateAutoScalingGroupCommand({
            AutoScalingGroupName: req.name,
            LaunchTemplate: { LaunchTemplateId: req.launchTemplate.id, Version: req.launchTemplate.version },
            MinSize: req.minSize,
            MaxSize: req.maxSize,
            DesiredCapacity: req.desiredCapacity,
            ...(req.subnetIds.length > 0 ? { VPCZoneIdentifier: req.subnetIds.join(',') } : { AvailabilityZones: req.availabilityZones }),
            HealthCheckType: req.healthCheck.type,
            HealthCheckGracePeriod: req.healthCheck.gracePeriodSeconds,
            Tags: groupTags(req.name, req.tags),
          }),
        ),
      ctx,
    );
  } catch (e) {
    if (!isQmError(e) || e.details.providerCode !== 'AlreadyExists') throw e;
    const existing = await awsCall(
      'autoscaling:DescribeAutoScalingGroups',
      () => c.autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [req.name] })),
      ctx,
    );
    const tags = tagsToRecord(existing.AutoScalingGroups?.[0]?.Tags);
    if (tags[TAG_UUID] === req.tags[TAG_UUID]) return;
    throw new CloudError(ErrorCode.CloudApi, `an Auto Scaling group named ${req.name} already exists in ${c.region} and is not this resource (its qm:uuid is ${tags[TAG_UUID] ?? 'missing'})`, {
      fix: 'Delete or rename the existing group, or give the resource another name',
      details: { ...ctx, providerCode: 'AlreadyExists' },
      cause: e,
    });
  }
}

/** Changes only the given fields; Auto Scaling keeps desired capacity within min and max itself. */
export async function updateGroup(c: AwsClients, name: string, req: UpdateGroupRequest): Promise<void> {
  const zones =
    req.subnetIds && req.subnetIds.length > 0
      ? { VPCZoneIdentifier: req.subnetIds.join(',') }
      : req.availabilityZones && req.availabilityZones.length > 0
        ? { AvailabilityZones: req.availabilityZones }
        : {};
  await awsCall(
    'autoscaling:UpdateAutoScalingGroup',
    () =>
      c.autoScaling.send(
        new UpdateAutoScalingGroupCommand({
          AutoScalingGroupName: name,
          ...(req.launchTemplate ? { LaunchTemplate: { LaunchTemplateId: req.launchTemplate.id, Version: req.launchTemplate.version } } : {}),
          MinSize: req.minSize,
          MaxSize: req.maxSize,
          DesiredCapacity: req.desiredCapacity,
          ...zones,
          HealthCheckType: req.healthCheck?.type,
          HealthCheckGracePeriod: req.healthCheck?.gracePeriodSeconds,
        }),
      ),
    { region: c.region, resource: name },
  );
}

/**
 * Force-deletes the group (AWS terminates its instances) and then its launch template, but
 * only the template the group actually points at, and only when that template carries the
 * group's qm:uuid. Deleting "the template named after the group" would take down a template
 * someone made by hand under that name, or one the group was never using. A group or
 * template already gone is fine. The group is read first because its tags and template id
 * are gone once it is deleted; a group already fully gone leaves nothing to go by, so a
 * template orphaned that way stays (putLaunchTemplate reuses it when the same group returns).
 *
 * @example
 * await deleteGroup(clients, 'prod-web');
 */
export async function deleteGroup(c: AwsClients, name: string): Promise<void> {
  const ctx = { region: c.region, resource: name };
  const found = await awsCall('autoscaling:DescribeAutoScalingGroups', () => c.autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] })), ctx);
  const group = found.AutoScalingGroups?.[0];
  try {
    await awsCall('autoscaling:DeleteAutoScalingGroup', () => c.autoScaling.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: name, ForceDelete: true })), ctx);
  } catch (e) {
    if (!isQmError(e, ErrorCode.CloudNotFound)) throw e;
  }
  const uuid = tagsToRecord(group?.Tags)[TAG_UUID];
  const templateId = group?.LaunchTemplate?.LaunchTemplateId;
  if (uuid !== undefined && templateId) await deleteOwnedLaunchTemplate(c, templateId, uuid);
}

/** Creates or replaces a target-tracking policy on a predefined metric. */
export async function putScalingPolicy(c: AwsClients, groupName: string, p: TargetTrackingPolicy): Promise<void> {
  await awsCall(
    'autoscaling:PutScalingPolicy',
    () =>
      c.autoScaling.send(
        new PutScalingPolicyCommand({
          AutoScalingGroupName: groupName,
          PolicyName: p.name,
          PolicyType: 'TargetTrackingScaling',
          EstimatedInstanceWarmup: p.estimatedWarmupSeconds,
          TargetTrackingConfiguration: {
            PredefinedMetricSpecification: { PredefinedMetricType: p.metric, ...(p.resourceLabel ? { ResourceLabel: p.resourceLabel } : {}) },
            TargetValue: p.targetValue,
            DisableScaleIn: p.disableScaleIn,
          },
        }),
      ),
    { region: c.region, resource: `${groupName}/${p.name}` },
  );
}

export async function deleteScalingPolicy(c: AwsClients, groupName: string, policyName: string): Promise<void> {
  try {
    await awsCall('autoscaling:DeletePolicy', () => c.autoScaling.send(new DeletePolicyCommand({ AutoScalingGroupName: groupName, PolicyName: policyName })), {
      region: c.region,
      resource: `${groupName}/${policyName}`,
    });
  } catch (e) {
    if (!isQmError(e, ErrorCode.CloudNotFound)) throw e;
  }
}
