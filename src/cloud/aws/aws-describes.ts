import {
  DescribeAutoScalingGroupsCommand,
  DescribeInstanceRefreshesCommand,
  DescribePoliciesCommand,
  type AutoScalingGroup,
  type Filter as AsgFilter,
  type InstanceRefresh,
  type ScalingPolicy,
} from '@aws-sdk/client-auto-scaling';
import { DescribeAlarmsCommand, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import {
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  type Filter as Ec2Filter,
  type Instance,
  type LaunchTemplateVersion,
} from '@aws-sdk/client-ec2';
import { allPages, awsCall } from './aws-call.js';
import type { AwsClients } from './aws-clients.js';

/**
 * The paginated describes a read is made of, each at its API's largest page size
 * (PLATFORM-NOTES.md): never one call per resource.
 */
export const PAGE_SIZE = {
  instances: 1000,
  groups: 100,
  templateVersions: 200,
  policies: 100,
  alarms: 100,
  refreshes: 100,
} as const;

/** Terminated instances linger for an hour; a terminated managed instance is simply gone. */
const LIVE_STATES = ['pending', 'running', 'shutting-down', 'stopping', 'stopped'];

/** Every live instance of the region, or only those carrying `qm:env = env`. */
export function describeInstances(c: AwsClients, env: string | undefined): Promise<Instance[]> {
  const Filters: Ec2Filter[] = [{ Name: 'instance-state-name', Values: LIVE_STATES }];
  if (env !== undefined) Filters.unshift({ Name: 'tag:qm:env', Values: [env] });
  return allPages(
    'ec2:DescribeInstances',
    async (NextToken) => {
      const out = await c.ec2.send(new DescribeInstancesCommand({ Filters, MaxResults: PAGE_SIZE.instances, NextToken }));
      return { items: (out.Reservations ?? []).flatMap((r) => r.Instances ?? []), nextToken: out.NextToken };
    },
    { region: c.region },
  );
}

/** Every group of the region, or only those tagged `qm:env = env`. */
export function describeGroups(c: AwsClients, env: string | undefined): Promise<AutoScalingGroup[]> {
  const Filters: AsgFilter[] | undefined = env === undefined ? undefined : [{ Name: 'tag:qm:env', Values: [env] }];
  return allPages(
    'autoscaling:DescribeAutoScalingGroups',
    async (NextToken) => {
      const out = await c.autoScaling.send(new DescribeAutoScalingGroupsCommand({ Filters, MaxRecords: PAGE_SIZE.groups, NextToken }));
      return { items: out.AutoScalingGroups, nextToken: out.NextToken };
    },
    { region: c.region },
  );
}

/** The latest and the default version of every launch template of the region, in one sweep. */
export function describeLatestTemplateVersions(c: AwsClients): Promise<LaunchTemplateVersion[]> {
  return allPages(
    'ec2:DescribeLaunchTemplateVersions',
    async (NextToken) => {
      const out = await c.ec2.send(
        new DescribeLaunchTemplateVersionsCommand({ Versions: ['$Latest', '$Default'], MaxResults: PAGE_SIZE.templateVersions, NextToken }),
      );
      return { items: out.LaunchTemplateVersions, nextToken: out.NextToken };
    },
    { region: c.region },
  );
}

/** Named versions of one template (only for groups pinned to a version that is neither latest nor default). */
export function describeTemplateVersions(c: AwsClients, templateId: string, versions: string[]): Promise<LaunchTemplateVersion[]> {
  return allPages(
    'ec2:DescribeLaunchTemplateVersions',
    async (NextToken) => {
      const out = await c.ec2.send(
        new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: templateId, Versions: versions, MaxResults: PAGE_SIZE.templateVersions, NextToken }),
      );
      return { items: out.LaunchTemplateVersions, nextToken: out.NextToken };
    },
    { region: c.region, resource: templateId },
  );
}

/** Every target-tracking policy of the region (DescribePolicies filters by one group at most). */
export function describeTargetTrackingPolicies(c: AwsClients): Promise<ScalingPolicy[]> {
  return allPages(
    'autoscaling:DescribePolicies',
    async (NextToken) => {
      const out = await c.autoScaling.send(
        new DescribePoliciesCommand({ PolicyTypes: ['TargetTrackingScaling'], MaxRecords: PAGE_SIZE.policies, NextToken }),
      );
      return { items: out.ScalingPolicies, nextToken: out.NextToken };
    },
    { region: c.region },
  );
}

/** Every metric alarm of the region, or those whose name starts with `prefix`. */
export function describeAlarms(c: AwsClients, prefix: string | undefined): Promise<MetricAlarm[]> {
  return allPages(
    'cloudwatch:DescribeAlarms',
    async (NextToken) => {
      const out = await c.cloudWatch.send(
        new DescribeAlarmsCommand({ AlarmTypes: ['MetricAlarm'], AlarmNamePrefix: prefix, MaxRecords: PAGE_SIZE.alarms, NextToken }),
      );
      return { items: out.MetricAlarms, nextToken: out.NextToken };
    },
    { region: c.region },
  );
}

/** The named alarms (at most 100 per call). */
export async function describeAlarmsByName(c: AwsClients, names: string[]): Promise<MetricAlarm[]> {
  const out = await awsCall('cloudwatch:DescribeAlarms', () =>
    c.cloudWatch.send(new DescribeAlarmsCommand({ AlarmNames: names, AlarmTypes: ['MetricAlarm'], MaxRecords: PAGE_SIZE.alarms })),
  );
  return out.MetricAlarms ?? [];
}

/** The newest instance refresh of a group (AWS lists them newest first). */
export async function describeNewestRefresh(c: AwsClients, groupName: string, refreshId?: string): Promise<InstanceRefresh | undefined> {
  const out = await awsCall(
    'autoscaling:DescribeInstanceRefreshes',
    () =>
      c.autoScaling.send(
        new DescribeInstanceRefreshesCommand({
          AutoScalingGroupName: groupName,
          InstanceRefreshIds: refreshId ? [refreshId] : undefined,
          MaxRecords: PAGE_SIZE.refreshes,
        }),
      ),
    { region: c.region, resource: groupName },
  );
  return [...(out.InstanceRefreshes ?? [])].sort((a, b) => (b.StartTime?.getTime() ?? 0) - (a.StartTime?.getTime() ?? 0))[0];
}
