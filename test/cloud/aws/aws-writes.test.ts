import { afterEach, describe, expect, it } from 'vitest';
import type { AwsProvider } from '../../../src/cloud/aws/index.js';
import type { CreateGroupRequest, EnvTarget, PutAlarmRequest, RunInstanceRequest } from '../../../src/cloud/provider.js';
import { ErrorCode } from '../../../src/errors.js';
import { TAG_USER_DATA } from '../../../src/model/identity.js';
import { userDataTag } from '../../../src/model/user-data-tag.js';
import type { FakeAws } from '../../support/fake-aws/index.js';
import { paramsOf, providerOnFake } from './aws-test-kit.js';

const identity = { 'qm:env': 'prod', 'qm:name': 'bastion', 'qm:uuid': '6f1c1f0e-0d7b-4a52-9f7e-3c2b1a000001' };

const run: RunInstanceRequest = {
  clientToken: 'plan-3f9a/6f1c1f0e-0d7b-4a52-9f7e-3c2b1a000001',
  instanceType: 't3.micro',
  ami: 'ami-0abcdef1234567890',
  subnetId: 'subnet-0a1b2c3d4e5f60001',
  securityGroupIds: ['sg-0123456789abcdef0', 'sg-0fedcba9876543210'],
  keyName: 'ops',
  monitoring: true,
  ebsOptimized: false,
  rootVolume: { sizeGiB: 20, volumeType: 'gp3', encrypted: true, iops: 3000 },
  userData: '#!/bin/bash\necho hello\n',
  tags: { ...identity, team: 'platform' },
};

const b64 = (s: string) => Buffer.from(s).toString('base64');
const tagList = (t: Record<string, string>) =>
  Object.entries(t)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([Key, Value]) => ({ Key, Value }));

let fake: FakeAws;
let provider: AwsProvider;
let target: EnvTarget;

async function setup(opts: Parameters<typeof providerOnFake>[0] = {}) {
  const env = await providerOnFake(opts);
  ({ fake, provider, target } = env);
  return env;
}

afterEach(async () => {
  await fake?.close();
});

describe('instance writes on the wire', () => {
  it('launches with the plan ClientToken, tags on instance and volume, the AMI root device sized, user data base64', async () => {
    const { region } = await setup();
    const { instanceId } = await provider.runInstance(target, run);
    expect(paramsOf(fake, 'DescribeImages')).toEqual([{ ImageId: ['ami-0abcdef1234567890'] }]);
    expect(paramsOf(fake, 'RunInstances')).toEqual([
      {
        ClientToken: 'plan-3f9a/6f1c1f0e-0d7b-4a52-9f7e-3c2b1a000001',
        ImageId: 'ami-0abcdef1234567890',
        InstanceType: 't3.micro',
        MinCount: '1',
        MaxCount: '1',
        SubnetId: 'subnet-0a1b2c3d4e5f60001',
        SecurityGroupId: ['sg-0123456789abcdef0', 'sg-0fedcba9876543210'],
        KeyName: 'ops',
        Monitoring: { Enabled: 'true' },
        EbsOptimized: 'false',
        BlockDeviceMapping: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: '20', VolumeType: 'gp3', Encrypted: 'true', DeleteOnTermination: 'true', Iops: '3000' } }],
        UserData: b64('#!/bin/bash\necho hello\n'),
        TagSpecification: [
          // The instance also carries the hash of its user data (qm:user-data), the volume does not.
          { ResourceType: 'instance', Tag: tagList({ ...run.tags, [TAG_USER_DATA]: userDataTag(run.userData) }) },
          { ResourceType: 'volume', Tag: tagList(run.tags) },
        ],
      },
    ]);
    expect(region.instances.get(instanceId)?.volume.tags).toEqual(run.tags);
    expect(region.instances.get(instanceId)?.tags[TAG_USER_DATA]).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(JSON.stringify(paramsOf(fake, 'RunInstances')[0]?.TagSpecification)).not.toContain('hello');
  });

  it('returns the same instance when a create is re-run with its token (one DescribeImages per AMI)', async () => {
    await setup();
    const first = await provider.runInstance(target, run);
    const again = await provider.runInstance(target, run);
    expect(again).toEqual(first);
    expect(paramsOf(fake, 'DescribeImages')).toHaveLength(1);
    expect(paramsOf(fake, 'RunInstances')).toHaveLength(2);
  });

  it('sizes the root volume on the device the AMI boots from (/dev/sda1 for this one)', async () => {
    await setup();
    await provider.runInstance(target, { ...run, ami: 'ami-0c55b159cbfafe1f0', clientToken: 'ubuntu' });
    expect(paramsOf(fake, 'RunInstances')[0]?.BlockDeviceMapping).toEqual([
      { DeviceName: '/dev/sda1', Ebs: { VolumeSize: '20', VolumeType: 'gp3', Encrypted: 'true', DeleteOnTermination: 'true', Iops: '3000' } },
    ]);
  });

  it('modifies one attribute per call and monitoring through its own calls', async () => {
    const { region } = await setup();
    const { instanceId } = await provider.runInstance(target, run);
    fake.settle();
    await provider.stopInstances(target, [instanceId]);
    fake.settle();
    fake.calls.length = 0;
    await provider.modifyInstance(target, instanceId, {
      instanceType: 't3.small',
      ebsOptimized: true,
      securityGroupIds: ['sg-0123456789abcdef0'],
      userData: 'echo changed',
      monitoring: false,
    });
    expect(fake.calls.map((c) => [c.action, c.params])).toEqual([
      ['ModifyInstanceAttribute', { InstanceId: instanceId, InstanceType: { Value: 't3.small' } }],
      ['ModifyInstanceAttribute', { InstanceId: instanceId, EbsOptimized: { Value: 'true' } }],
      ['ModifyInstanceAttribute', { InstanceId: instanceId, GroupId: ['sg-0123456789abcdef0'] }],
      ['ModifyInstanceAttribute', { InstanceId: instanceId, UserData: { Value: b64('echo changed') } }],
      // Right after the user data: its hash, so the batched describe shows the change.
      ['CreateTags', { ResourceId: [instanceId], Tag: [{ Key: TAG_USER_DATA, Value: userDataTag('echo changed') }] }],
      ['UnmonitorInstances', { InstanceId: [instanceId] }],
    ]);
    expect(region.instances.get(instanceId)).toMatchObject({ instanceType: 't3.small', ebsOptimized: true, monitoring: false, userData: b64('echo changed') });
    expect(region.instances.get(instanceId)?.tags[TAG_USER_DATA]).toBe(userDataTag('echo changed'));
  });

  it('starts, stops and terminates in batches of ids', async () => {
    await setup();
    const ids = [];
    for (let n = 0; n < 3; n++) ids.push((await provider.runInstance(target, { ...run, clientToken: `t${n}` })).instanceId);
    fake.settle();
    await provider.stopInstances(target, ids);
    await provider.terminateInstances(target, ids);
    expect(paramsOf(fake, 'StopInstances')).toEqual([{ InstanceId: ids }]);
    expect(paramsOf(fake, 'TerminateInstances')).toEqual([{ InstanceId: ids }]);
  });
});

describe('waiting with the shared instance poller', () => {
  it('times out as a TIMEOUT QmError naming the instances', async () => {
    await setup({ fake: { transitionDescribes: 10_000 } });
    const { instanceId } = await provider.runInstance(target, run);
    const error = await provider.waitForInstances(target, [instanceId], 'running', { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.Timeout, details: { instanceIds: [instanceId], state: 'running' } });
    expect(String((error as Error).message)).toContain(`instances ${instanceId} were not running after 0 s`);
    expect(paramsOf(fake, 'DescribeInstances').length).toBeGreaterThan(1);
    // By filter, so an id EC2 does not show yet (eventual consistency) cannot fail the round for everyone.
    expect(paramsOf(fake, 'DescribeInstances')[0]).toEqual({ Filter: [{ Name: 'instance-id', Value: [instanceId] }], MaxResults: '1000' });
  });

  it('fails at once when an instance can no longer reach the state', async () => {
    await setup();
    const { instanceId } = await provider.runInstance(target, run);
    await provider.terminateInstances(target, [instanceId]);
    fake.settle();
    const error = await provider.waitForInstances(target, [instanceId], 'running', { timeoutMs: 60_000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.CloudIncorrectState });
    expect(String((error as Error).message)).toContain(`${instanceId} is terminated`);
  });

  it('polls once more at a deadline shorter than its 15 s default interval', async () => {
    await setup({ provider: { waiterDelaySeconds: undefined } });
    const { instanceId } = await provider.runInstance(target, run);
    await provider.waitForInstances(target, [instanceId], 'running', { timeoutMs: 1_000 });
    expect(paramsOf(fake, 'DescribeInstances')).toHaveLength(2);
  });

  it('accepts only the states EC2 has waiters for', async () => {
    await setup();
    await expect(provider.waitForInstances(target, ['i-0a1b2c3d4e5f60001'], 'pending', { timeoutMs: 1000 })).rejects.toMatchObject({ code: ErrorCode.ConfigInvalid });
  });
});

const groupRequest = (over: Partial<CreateGroupRequest> = {}): CreateGroupRequest => ({
  name: 'prod-web',
  launchTemplate: { id: '', version: '' },
  minSize: 1,
  maxSize: 4,
  desiredCapacity: 2,
  subnetIds: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
  availabilityZones: [],
  healthCheck: { type: 'EC2', gracePeriodSeconds: 300 },
  tags: { 'qm:env': 'prod', 'qm:name': 'web', 'qm:uuid': '6f1c1f0e-0d7b-4a52-9f7e-3c2b1a000010', team: 'web' },
  ...over,
});

const spec = { ami: 'ami-0abcdef1234567890', instanceType: 't3.small', securityGroupIds: ['sg-0123456789abcdef0'], monitoring: true, userData: 'boot', keyName: 'ops' };

describe('launch templates and groups on the wire', () => {
  it('creates the template, then a new version under another token, and replays a token idempotently', async () => {
    await setup();
    const tags = groupRequest().tags;
    const v1 = await provider.putLaunchTemplate(target, { name: 'prod-web', spec, tags, clientToken: 'lt-1' });
    const v2 = await provider.putLaunchTemplate(target, { name: 'prod-web', spec: { ...spec, instanceType: 't3.medium' }, tags, clientToken: 'lt-2' });
    const replay = await provider.putLaunchTemplate(target, { name: 'prod-web', spec: { ...spec, instanceType: 't3.medium' }, tags, clientToken: 'lt-2' });
    expect(v1).toEqual({ id: expect.stringMatching(/^lt-[0-9a-f]{17}$/), version: '1' });
    expect(v2).toEqual({ id: v1.id, version: '2' });
    expect(replay).toEqual(v2);
    expect(paramsOf(fake, 'CreateLaunchTemplate')[0]).toEqual({
      LaunchTemplateName: 'prod-web',
      ClientToken: 'lt-1',
      LaunchTemplateData: { ImageId: 'ami-0abcdef1234567890', InstanceType: 't3.small', SecurityGroupId: ['sg-0123456789abcdef0'], Monitoring: { Enabled: 'true' }, KeyName: 'ops', UserData: b64('boot') },
      TagSpecification: [{ ResourceType: 'launch-template', Tag: tagList(tags) }],
    });
    expect(fake.calls.filter((c) => c.action.startsWith('CreateLaunchTemplate')).map((c) => [c.action, c.errorCode])).toEqual([
      ['CreateLaunchTemplate', undefined],
      ['CreateLaunchTemplate', 'InvalidLaunchTemplateName.AlreadyExistsException'],
      ['CreateLaunchTemplateVersion', undefined],
      ['CreateLaunchTemplate', 'InvalidLaunchTemplateName.AlreadyExistsException'],
      ['CreateLaunchTemplateVersion', undefined],
    ]);
  });

  it('creates a group on an explicit version, identity tags kept off its instances', async () => {
    const { region } = await setup();
    const lt = await provider.putLaunchTemplate(target, { name: 'prod-web', spec, tags: {}, clientToken: 'lt-1' });
    await provider.createGroup(target, groupRequest({ launchTemplate: lt }));
    expect(paramsOf(fake, 'CreateAutoScalingGroup')).toEqual([
      {
        AutoScalingGroupName: 'prod-web',
        LaunchTemplate: { LaunchTemplateId: lt.id, Version: '1' },
        MinSize: '1',
        MaxSize: '4',
        DesiredCapacity: '2',
        VPCZoneIdentifier: 'subnet-0a1b2c3d4e5f60001,subnet-0a1b2c3d4e5f60002',
        HealthCheckType: 'EC2',
        HealthCheckGracePeriod: '300',
        Tags: [
          { Key: 'qm:env', Value: 'prod', ResourceId: 'prod-web', ResourceType: 'auto-scaling-group', PropagateAtLaunch: 'false' },
          { Key: 'qm:name', Value: 'web', ResourceId: 'prod-web', ResourceType: 'auto-scaling-group', PropagateAtLaunch: 'false' },
          { Key: 'qm:uuid', Value: '6f1c1f0e-0d7b-4a52-9f7e-3c2b1a000010', ResourceId: 'prod-web', ResourceType: 'auto-scaling-group', PropagateAtLaunch: 'false' },
          { Key: 'team', Value: 'web', ResourceId: 'prod-web', ResourceType: 'auto-scaling-group', PropagateAtLaunch: 'true' },
        ],
      },
    ]);
    const members = [...region.instances.values()].filter((i) => i.group?.name === 'prod-web');
    expect(members).toHaveLength(2);
    for (const m of members) expect(m.tags).toEqual({ team: 'web', 'aws:autoscaling:groupName': 'prod-web' });
  });

  it('treats AlreadyExists from the same resource as done, and from another as an error', async () => {
    await setup();
    const lt = await provider.putLaunchTemplate(target, { name: 'prod-web', spec, tags: {}, clientToken: 'lt-1' });
    await provider.createGroup(target, groupRequest({ launchTemplate: lt }));
    await expect(provider.createGroup(target, groupRequest({ launchTemplate: lt }))).resolves.toBeUndefined();
    const other = groupRequest({ launchTemplate: lt, tags: { ...groupRequest().tags, 'qm:uuid': 'another-uuid' } });
    await expect(provider.createGroup(target, other)).rejects.toMatchObject({ code: ErrorCode.CloudApi, details: { providerCode: 'AlreadyExists' } });
  });

  it('updates only what is asked, puts and deletes a target-tracking policy, refreshes, force-deletes', async () => {
    await setup();
    const lt = await provider.putLaunchTemplate(target, { name: 'prod-web', spec, tags: groupRequest().tags, clientToken: 'lt-1' });
    await provider.createGroup(target, groupRequest({ launchTemplate: lt }));
    await provider.updateGroup(target, 'prod-web', { desiredCapacity: 3 });
    await provider.putScalingPolicy(target, 'prod-web', { name: 'cpu70', metric: 'ASGAverageCPUUtilization', targetValue: 70, disableScaleIn: false, estimatedWarmupSeconds: 120 });
    const { refreshId } = await provider.startInstanceRefresh(target, 'prod-web', { minHealthyPercentage: 90 });
    await provider.deleteScalingPolicy(target, 'prod-web', 'cpu70');
    await provider.deleteGroup(target, 'prod-web');
    await provider.deleteGroup(target, 'prod-web');

    expect(paramsOf(fake, 'UpdateAutoScalingGroup')).toEqual([{ AutoScalingGroupName: 'prod-web', DesiredCapacity: '3' }]);
    expect(paramsOf(fake, 'PutScalingPolicy')).toEqual([
      {
        AutoScalingGroupName: 'prod-web',
        PolicyName: 'cpu70',
        PolicyType: 'TargetTrackingScaling',
        EstimatedInstanceWarmup: '120',
        TargetTrackingConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' }, TargetValue: '70', DisableScaleIn: 'false' },
      },
    ]);
    expect(refreshId).toMatch(/^[0-9a-f-]{36}$/);
    expect(paramsOf(fake, 'StartInstanceRefresh')).toEqual([{ AutoScalingGroupName: 'prod-web', Strategy: 'Rolling', Preferences: { MinHealthyPercentage: '90', SkipMatching: 'true' } }]);
    expect(paramsOf(fake, 'DeletePolicy')).toEqual([{ AutoScalingGroupName: 'prod-web', PolicyName: 'cpu70' }]);
    expect(paramsOf(fake, 'DeleteAutoScalingGroup')).toEqual([
      { AutoScalingGroupName: 'prod-web', ForceDelete: 'true' },
      { AutoScalingGroupName: 'prod-web', ForceDelete: 'true' },
    ]);
    // The first delete removes the group's own template by id; the second finds the group
    // deleting (no template to go by any more) and that is fine.
    expect(fake.calls.filter((c) => c.action === 'DescribeLaunchTemplates').map((c) => [c.params, c.errorCode])).toEqual([
      [{ LaunchTemplateId: [lt.id] }, undefined],
      [{ LaunchTemplateId: [lt.id] }, 'InvalidLaunchTemplateId.NotFound'],
    ]);
    expect(fake.calls.filter((c) => c.action === 'DeleteLaunchTemplate').map((c) => [c.params, c.errorCode])).toEqual([[{ LaunchTemplateId: lt.id }, undefined]]);
  });

  it('creates a version only in a template carrying the group\'s qm:uuid, and replays its own create as version 1', async () => {
    const { region } = await setup();
    const tags = groupRequest().tags;
    const v1 = await provider.putLaunchTemplate(target, { name: 'prod-web', spec, tags, clientToken: 'lt-1' });
    const replay = await provider.putLaunchTemplate(target, { name: 'prod-web', spec, tags, clientToken: 'lt-1' });
    const v2 = await provider.putLaunchTemplate(target, { name: 'prod-web', spec: { ...spec, instanceType: 't3.medium' }, tags, clientToken: 'lt-2' });
    expect(replay).toEqual({ id: v1.id, version: '1' });
    expect(v2).toEqual({ id: v1.id, version: '2' });
    expect(paramsOf(fake, 'DescribeLaunchTemplates')).toEqual([{ LaunchTemplateName: ['prod-web'] }]);
    // The version goes to the template whose tags were checked, by id.
    expect(paramsOf(fake, 'CreateLaunchTemplateVersion')).toEqual([expect.objectContaining({ LaunchTemplateId: v1.id, ClientToken: 'lt-2' })]);
    expect(region.templates.get(v1.id)?.versions.map((v) => v.number)).toEqual([1, 2]);
  });

  it.each([
    ['no qm: tags (made by hand)', { team: 'web' }, 'it has no qm: tags'],
    ['qm: tags without a qm:uuid', { 'qm:env': 'prod' }, 'it has no qm:uuid tag'],
    ['another resource\'s qm:uuid', { ...groupRequest().tags, 'qm:uuid': 'another-uuid' }, 'its qm:uuid is another-uuid'],
  ])('refuses to version a template named like the group with %s', async (_name, foreignTags, says) => {
    const { region } = await setup();
    const foreign = await provider.putLaunchTemplate(target, { name: 'prod-web', spec, tags: foreignTags, clientToken: 'theirs' });
    const error = await provider.putLaunchTemplate(target, { name: 'prod-web', spec: { ...spec, instanceType: 't3.medium' }, tags: groupRequest().tags, clientToken: 'lt-1' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.CloudApi, details: { providerCode: 'LaunchTemplateNotOwned', launchTemplateId: foreign.id } });
    expect((error as Error).message).toBe(
      `a launch template named prod-web (${foreign.id}) already exists in eu-west-1 and is not this group's: ${says}. Rename or delete that launch template, or rename the group in the definitions`,
    );
    expect(paramsOf(fake, 'CreateLaunchTemplateVersion')).toEqual([]);
    expect(region.templates.get(foreign.id)?.versions.map((v) => v.number)).toEqual([1]);
    expect(region.templates.get(foreign.id)?.versions[0]?.data).toMatchObject({ InstanceType: 't3.small' });
  });

  it('deleting a group leaves a foreign template alone: one named like it, or one it was pointed at', async () => {
    const { region } = await setup();
    // A template named like the group but not ours, and the group on a template someone else made.
    const named = await provider.putLaunchTemplate(target, { name: 'prod-web', spec, tags: { team: 'web' }, clientToken: 'theirs' });
    const used = await provider.putLaunchTemplate(target, { name: 'shared-base', spec, tags: { ...groupRequest().tags, 'qm:uuid': 'another-uuid' }, clientToken: 'shared' });
    await provider.createGroup(target, groupRequest({ launchTemplate: used }));
    await provider.deleteGroup(target, 'prod-web');
    expect(paramsOf(fake, 'DeleteAutoScalingGroup')).toEqual([{ AutoScalingGroupName: 'prod-web', ForceDelete: 'true' }]);
    expect(paramsOf(fake, 'DescribeLaunchTemplates')).toEqual([{ LaunchTemplateId: [used.id] }]);
    expect(paramsOf(fake, 'DeleteLaunchTemplate')).toEqual([]);
    expect([...region.templates.keys()].sort()).toEqual([named.id, used.id].sort());
  });

  it('deleting a group deletes its own template by id, even when a foreign one carries its name', async () => {
    const { region } = await setup();
    const foreign = await provider.putLaunchTemplate(target, { name: 'prod-web', spec, tags: {}, clientToken: 'theirs' });
    const own = await provider.putLaunchTemplate(target, { name: 'prod-web-v2', spec, tags: groupRequest().tags, clientToken: 'lt-1' });
    await provider.createGroup(target, groupRequest({ launchTemplate: own }));
    await provider.deleteGroup(target, 'prod-web');
    expect(paramsOf(fake, 'DeleteLaunchTemplate')).toEqual([{ LaunchTemplateId: own.id }]);
    expect([...region.templates.keys()]).toEqual([foreign.id]);
  });

  it('deleting a group that is already gone touches no template', async () => {
    const { region } = await setup();
    const own = await provider.putLaunchTemplate(target, { name: 'prod-web', spec, tags: groupRequest().tags, clientToken: 'lt-1' });
    await provider.deleteGroup(target, 'prod-web');
    expect(fake.calls.filter((c) => c.action === 'DeleteAutoScalingGroup').map((c) => c.errorCode)).toEqual(['ValidationError']);
    expect(paramsOf(fake, 'DescribeLaunchTemplates')).toEqual([]);
    expect(paramsOf(fake, 'DeleteLaunchTemplate')).toEqual([]);
    expect([...region.templates.keys()]).toEqual([own.id]);
  });

  it('polls a refresh on the injected clock and gives up with TIMEOUT', async () => {
    const { clock } = await setup({ fake: { refreshDescribes: 1000 }, provider: { refreshPollMs: 15_000 } });
    const lt = await provider.putLaunchTemplate(target, { name: 'prod-web', spec, tags: {}, clientToken: 'lt-1' });
    await provider.createGroup(target, groupRequest({ launchTemplate: lt }));
    const { refreshId } = await provider.startInstanceRefresh(target, 'prod-web', { minHealthyPercentage: 90 });
    const started = clock.now().getTime();
    const error = await provider.waitForInstanceRefresh(target, 'prod-web', refreshId, { timeoutMs: 60_000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.Timeout, details: { refreshId, status: 'InProgress' } });
    expect(paramsOf(fake, 'DescribeInstanceRefreshes')).toHaveLength(5); // at 0, 15, 30, 45 and 60 s
    expect(paramsOf(fake, 'DescribeInstanceRefreshes')[0]).toEqual({ AutoScalingGroupName: 'prod-web', InstanceRefreshIds: [refreshId], MaxRecords: '100' });
    expect(clock.now().getTime() - started).toBe(60_000);
  });
});

const alarm: PutAlarmRequest = {
  name: 'prod-web-cpu-high',
  namespace: 'AWS/EC2',
  metricName: 'CPUUtilization',
  dimensions: { AutoScalingGroupName: 'prod-web' },
  statistic: 'Average',
  periodSeconds: 300,
  evaluationPeriods: 2,
  datapointsToAlarm: 2,
  threshold: 85,
  comparison: 'GreaterThanThreshold',
  treatMissingData: 'breaching',
  alarmActions: ['arn:aws:sns:eu-west-1:123456789012:ops-pager'],
  okActions: [],
  description: 'CPU above 85%',
  tags: { 'qm:env': 'prod', 'qm:name': 'web-cpu-high', 'qm:uuid': '6f1c1f0e-0d7b-4a52-9f7e-3c2b1a000030', team: 'web' },
};

describe('alarms and tags on the wire', () => {
  it('puts an alarm with its tags in the description footer and in Tags', async () => {
    await setup();
    await provider.putAlarm(target, alarm);
    expect(paramsOf(fake, 'PutMetricAlarm')).toEqual([
      {
        AlarmName: 'prod-web-cpu-high',
        AlarmDescription:
          'CPU above 85%\n\nqm-tags: {"qm:env":"prod","qm:name":"web-cpu-high","qm:uuid":"6f1c1f0e-0d7b-4a52-9f7e-3c2b1a000030","team":"web"}',
        ActionsEnabled: true,
        Namespace: 'AWS/EC2',
        MetricName: 'CPUUtilization',
        Dimensions: [{ Name: 'AutoScalingGroupName', Value: 'prod-web' }],
        Statistic: 'Average',
        Period: 300,
        EvaluationPeriods: 2,
        DatapointsToAlarm: 2,
        Threshold: 85,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'breaching',
        AlarmActions: ['arn:aws:sns:eu-west-1:123456789012:ops-pager'],
        OKActions: [],
        Tags: tagList(alarm.tags),
      },
    ]);
    const read = (await provider.readEnvironment(target)).alarms.find((a) => a.name === alarm.name);
    expect(read).toMatchObject({ tags: alarm.tags, description: 'CPU above 85%' });
  });

  it('refuses, before calling AWS, a description that leaves no room for the tags', async () => {
    await setup();
    await expect(provider.putAlarm(target, { ...alarm, description: 'x'.repeat(1000) })).rejects.toMatchObject({ code: ErrorCode.ConfigInvalid });
    expect(paramsOf(fake, 'PutMetricAlarm')).toEqual([]);
  });

  it('retags instances and groups in batch calls, and alarms through their footer and real tags', async () => {
    const { region } = await setup();
    const a = await provider.runInstance(target, { ...run, clientToken: 'a' });
    const b = await provider.runInstance(target, { ...run, clientToken: 'b' });
    const lt = await provider.putLaunchTemplate(target, { name: 'prod-web', spec, tags: {}, clientToken: 'lt-1' });
    await provider.createGroup(target, groupRequest({ launchTemplate: lt, tags: { ...groupRequest().tags, old: 'x' } }));
    await provider.putAlarm(target, { ...alarm, tags: { ...alarm.tags, old: 'x' } });
    fake.calls.length = 0;

    await provider.updateTags(target, 'instance', [a.instanceId, b.instanceId], { team: 'core' }, ['old']);
    await provider.updateTags(target, 'autoscaling-group', ['prod-web'], { team: 'core' }, ['old']);
    await provider.updateTags(target, 'alarm', [alarm.name], { team: 'core' }, ['old']);

    expect(fake.calls.map((c) => c.action)).toEqual(['CreateTags', 'DeleteTags', 'CreateOrUpdateTags', 'DeleteTags', 'DescribeAlarms', 'PutMetricAlarm', 'TagResource', 'UntagResource']);
    expect(paramsOf(fake, 'CreateTags')).toEqual([{ ResourceId: [a.instanceId, b.instanceId], Tag: [{ Key: 'team', Value: 'core' }] }]);
    expect(fake.calls[1]?.params).toEqual({ ResourceId: [a.instanceId, b.instanceId], Tag: [{ Key: 'old' }] });
    expect(paramsOf(fake, 'CreateOrUpdateTags')).toEqual([{ Tags: [{ Key: 'team', Value: 'core', ResourceId: 'prod-web', ResourceType: 'auto-scaling-group', PropagateAtLaunch: 'true' }] }]);
    expect(fake.calls[3]?.params).toEqual({ Tags: [{ Key: 'old', ResourceId: 'prod-web', ResourceType: 'auto-scaling-group' }] });
    expect(paramsOf(fake, 'DescribeAlarms')).toEqual([{ AlarmNames: [alarm.name], AlarmTypes: ['MetricAlarm'], MaxRecords: 100 }]);
    // The rewrite keeps every setting and replaces only the footer.
    expect(paramsOf(fake, 'PutMetricAlarm')[0]).toMatchObject({
      AlarmName: alarm.name,
      Threshold: 85,
      DatapointsToAlarm: 2,
      TreatMissingData: 'breaching',
      AlarmDescription: 'CPU above 85%\n\nqm-tags: {"qm:env":"prod","qm:name":"web-cpu-high","qm:uuid":"6f1c1f0e-0d7b-4a52-9f7e-3c2b1a000030","team":"core"}',
    });
    expect(region.alarms.get(alarm.name)?.tags).toEqual({ ...alarm.tags, team: 'core' });
  });
});
