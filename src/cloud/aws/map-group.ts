import type { AutoScalingGroup, InstanceRefresh, ScalingPolicy } from '@aws-sdk/client-auto-scaling';
import type { LaunchTemplateVersion } from '@aws-sdk/client-ec2';
import type {
  GroupInstanceLifecycle,
  InstanceRefreshStatus,
  ObservedGroup,
  ObservedInstanceRefresh,
  ObservedLaunchTemplate,
} from '../../model/observed.js';
import type { TargetTrackingMetric, TargetTrackingPolicy, VolumeType } from '../../model/resources.js';
import { tagsToRecord } from './aws-tags.js';

/** The launch template a group points at: directly, or inside a mixed instances policy. */
export interface GroupTemplateRef {
  id?: string;
  name?: string;
  /** A number string, or `$Latest` / `$Default` when someone set it so by hand. */
  version?: string;
}

export function templateRefOf(g: AutoScalingGroup): GroupTemplateRef {
  const spec = g.LaunchTemplate ?? g.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
  return { id: spec?.LaunchTemplateId, name: spec?.LaunchTemplateName, version: spec?.Version };
}

/**
 * An Auto Scaling group, with its resolved launch template version, its target-tracking
 * policies and its newest instance refresh, as the model sees it.
 *
 * @example
 * mapGroup(group, templateVersion, policies, undefined).launchTemplate.version // '3'
 */
export function mapGroup(
  g: AutoScalingGroup,
  template: LaunchTemplateVersion | undefined,
  policies: readonly ScalingPolicy[],
  refresh: InstanceRefresh | undefined,
): ObservedGroup {
  const subnetIds = (g.VPCZoneIdentifier ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const out: ObservedGroup = {
    kind: 'autoscaling-group',
    name: g.AutoScalingGroupName ?? '',
    tags: tagsToRecord(g.Tags),
    launchTemplate: mapTemplate(templateRefOf(g), template, g.LaunchConfigurationName),
    minSize: g.MinSize ?? 0,
    maxSize: g.MaxSize ?? 0,
    desiredCapacity: g.DesiredCapacity ?? 0,
    subnetIds,
    // AWS fills AvailabilityZones from the subnets too; the model sets exactly one of the two.
    availabilityZones: subnetIds.length > 0 ? [] : (g.AvailabilityZones ?? []),
    healthCheck: { type: g.HealthCheckType === 'ELB' ? 'ELB' : 'EC2', gracePeriodSeconds: g.HealthCheckGracePeriod ?? 0 },
    scalingPolicies: policies.flatMap(mapPolicy),
    instances: (g.Instances ?? []).map((i) => ({
      id: i.InstanceId ?? '',
      lifecycleState: lifecycleOf(i.LifecycleState),
      healthy: i.HealthStatus === 'Healthy',
      instanceType: i.InstanceType ?? '',
      ...(i.LaunchTemplate?.Version ? { launchTemplateVersion: i.LaunchTemplate.Version } : {}),
    })),
  };
  if (refresh) out.refresh = mapRefresh(refresh);
  if (g.Status) out.status = g.Status;
  return out;
}

function mapTemplate(ref: GroupTemplateRef, v: LaunchTemplateVersion | undefined, launchConfiguration: string | undefined): ObservedLaunchTemplate {
  const d = v?.LaunchTemplateData;
  const out: ObservedLaunchTemplate = {
    id: v?.LaunchTemplateId ?? ref.id ?? '',
    // A group still on a launch configuration shows its name with no template data, so plans replace it.
    name: v?.LaunchTemplateName ?? ref.name ?? launchConfiguration ?? '',
    version: v?.VersionNumber !== undefined ? String(v.VersionNumber) : (ref.version ?? ''),
    ami: d?.ImageId ?? '',
    instanceType: d?.InstanceType ?? '',
    securityGroupIds: d?.SecurityGroupIds ?? d?.NetworkInterfaces?.[0]?.Groups ?? [],
    monitoring: d?.Monitoring?.Enabled ?? false,
  };
  if (d?.UserData) out.userData = Buffer.from(d.UserData, 'base64').toString('utf8');
  if (d?.KeyName) out.keyName = d.KeyName;
  const ebs = d?.BlockDeviceMappings?.find((m) => m.Ebs)?.Ebs;
  if (ebs?.VolumeSize !== undefined) {
    out.rootVolume = { sizeGiB: ebs.VolumeSize, volumeType: (ebs.VolumeType ?? 'gp3') as VolumeType, encrypted: ebs.Encrypted ?? false };
    if (ebs.Iops !== undefined) out.rootVolume.iops = ebs.Iops;
  }
  return out;
}

const METRICS: ReadonlySet<string> = new Set<TargetTrackingMetric>(['ASGAverageCPUUtilization', 'ASGAverageNetworkIn', 'ASGAverageNetworkOut', 'ALBRequestCountPerTarget']);

/** Only target tracking on a predefined metric is in the model; other policies are left out. */
function mapPolicy(p: ScalingPolicy): TargetTrackingPolicy[] {
  const c = p.TargetTrackingConfiguration;
  const metric = c?.PredefinedMetricSpecification?.PredefinedMetricType;
  if (p.PolicyType !== 'TargetTrackingScaling' || !c || !metric || !METRICS.has(metric)) return [];
  const out: TargetTrackingPolicy = {
    name: p.PolicyName ?? '',
    metric: metric as TargetTrackingMetric,
    targetValue: c.TargetValue ?? 0,
    disableScaleIn: c.DisableScaleIn ?? false,
  };
  if (p.EstimatedInstanceWarmup !== undefined) out.estimatedWarmupSeconds = p.EstimatedInstanceWarmup;
  const label = c.PredefinedMetricSpecification?.ResourceLabel;
  if (label) out.resourceLabel = label;
  return [out];
}

function lifecycleOf(state: string | undefined): GroupInstanceLifecycle {
  const s = state ?? 'Pending';
  if (s.startsWith('Terminating')) return 'Terminating';
  if (s === 'Terminated') return 'Terminated';
  if (s === 'InService' || s.startsWith('ReplacingRootVolume') || s === 'RootVolumeReplaced') return 'InService';
  if (s === 'Standby' || s === 'EnteringStandby' || s.startsWith('Warmed')) return 'Standby';
  if (s === 'Detaching' || s === 'Detached') return 'Detaching';
  return 'Pending';
}

const REFRESH_STATUS: Record<string, InstanceRefreshStatus> = {
  Pending: 'Pending',
  InProgress: 'InProgress',
  Baking: 'InProgress',
  Successful: 'Successful',
  Failed: 'Failed',
  RollbackFailed: 'Failed',
  Cancelling: 'Cancelling',
  Cancelled: 'Cancelled',
  RollbackInProgress: 'RollbackInProgress',
  RollbackSuccessful: 'RollbackSuccessful',
};

export function mapRefreshStatus(status: string | undefined): InstanceRefreshStatus {
  return REFRESH_STATUS[status ?? ''] ?? 'Pending';
}

export function mapRefresh(r: InstanceRefresh): ObservedInstanceRefresh {
  return { id: r.InstanceRefreshId ?? '', status: mapRefreshStatus(r.Status), percentComplete: r.PercentageComplete ?? 0 };
}
