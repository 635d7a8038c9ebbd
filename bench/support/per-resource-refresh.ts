import { AutoScalingClient, DescribeAutoScalingGroupsCommand, DescribePoliciesCommand } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient, DescribeAlarmsCommand, ListTagsForResourceCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeInstancesCommand, DescribeLaunchTemplateVersionsCommand, EC2Client } from '@aws-sdk/client-ec2';

/** What a per-resource tool keeps in its state file: the ids it manages. */
export interface RefreshState {
  instanceIds: string[];
  groups: { name: string; launchTemplateId: string }[];
  alarms: { name: string; arn: string }[];
}

export interface RefreshFigures {
  calls: number;
  wallMs: number;
}

/**
 * The peer: a Terraform-style refresh that reads each resource in its state with its own call
 * (an instance by id; a group, its launch template version and its policies; an alarm and its
 * tags), `parallelism` at a time (Terraform's default is 10). Same SDK, same endpoint as ours.
 */
export async function perResourceRefresh(endpoint: string, region: string, credentials: { accessKeyId: string; secretAccessKey: string }, state: RefreshState, parallelism = 10): Promise<RefreshFigures> {
  const config = { endpoint, region, credentials, maxAttempts: 1 };
  const ec2 = new EC2Client(config);
  const asg = new AutoScalingClient(config);
  const cw = new CloudWatchClient(config);
  let calls = 0;
  const send = async <T>(p: Promise<T>): Promise<T> => {
    calls++;
    return p;
  };
  const tasks: (() => Promise<unknown>)[] = [
    ...state.instanceIds.map((id) => () => send(ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] })))),
    ...state.groups.flatMap((g) => [
      () => send(asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [g.name] }))),
      () => send(ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: g.launchTemplateId, Versions: ['$Latest'] }))),
      () => send(asg.send(new DescribePoliciesCommand({ AutoScalingGroupName: g.name }))),
    ]),
    ...state.alarms.flatMap((a) => [
      () => send(cw.send(new DescribeAlarmsCommand({ AlarmNames: [a.name] }))),
      () => send(cw.send(new ListTagsForResourceCommand({ ResourceARN: a.arn }))),
    ]),
  ];
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: parallelism }, async () => {
      while (next < tasks.length) await tasks[next++]!();
    }),
  );
  const wallMs = Math.round(performance.now() - started);
  for (const c of [ec2, asg, cw]) c.destroy();
  return { calls, wallMs };
}
