import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAwsProvider } from '../../../src/cloud/aws/index.js';
import { createManualClock } from '../../../src/clock.js';
import type { ObservedFleet } from '../../../src/model/observed.js';
import type { InstanceSpec } from '../../../src/model/resources.js';
import { userDataTag } from '../../../src/model/user-data-tag.js';
import { createPlan } from '../../../src/plan/index.js';
import { anEnvironment, anInstanceSpec } from '../../plan/builders.js';
import { awsNock, blockNetwork, pendingNock, resetNock, TEST_CREDENTIALS } from './aws-test-kit.js';

const target = { env: 'prod', region: 'eu-west-1', accountId: '123456789012' };
const clock = createManualClock('2026-03-01T09:00:00Z');

/** The recorded region: three pages of instances, two of groups, two of alarms, one refresh in progress. */
function recordedRegion() {
  return awsNock('eu-west-1')
    .reply('ec2', 'DescribeInstances', { file: 'ec2/describe-instances-page1.xml' })
    .reply('ec2', 'DescribeInstances', { file: 'ec2/describe-instances-page2.xml' })
    .reply('ec2', 'DescribeInstances', { file: 'ec2/describe-instances-page3.xml' })
    .reply('autoscaling', 'DescribeAutoScalingGroups', { file: 'autoscaling/describe-auto-scaling-groups-page1.xml' })
    .reply('autoscaling', 'DescribeAutoScalingGroups', { file: 'autoscaling/describe-auto-scaling-groups-page2.xml' })
    .reply('ec2', 'DescribeLaunchTemplateVersions', { file: 'ec2/describe-launch-template-versions.xml' })
    .reply('autoscaling', 'DescribePolicies', { file: 'autoscaling/describe-policies.xml' })
    .reply('cloudwatch', 'DescribeAlarms', { file: 'cloudwatch/describe-alarms-page1.json' })
    .reply('cloudwatch', 'DescribeAlarms', { file: 'cloudwatch/describe-alarms-page2.json' })
    .reply('autoscaling', 'DescribeInstanceRefreshes', { file: 'autoscaling/describe-instance-refreshes-in-progress.xml' });
}

describe('readEnvironment on the wire (recorded AWS responses)', () => {
  beforeAll(blockNetwork);
  afterEach(() => {
    expect(pendingNock()).toEqual([]);
    resetNock();
  });

  const provider = () => createAwsProvider({ credentials: TEST_CREDENTIALS, clock });

  it('sends tag-free region sweeps at the largest page sizes and follows every NextToken', async () => {
    const aws = recordedRegion();
    await provider().readEnvironment(target);

    expect(aws.of('DescribeInstances').map((r) => r.params)).toEqual([
      {
        Action: 'DescribeInstances',
        Version: '2016-11-15',
        'Filter.1.Name': 'instance-state-name',
        'Filter.1.Value.1': 'pending',
        'Filter.1.Value.2': 'running',
        'Filter.1.Value.3': 'shutting-down',
        'Filter.1.Value.4': 'stopping',
        'Filter.1.Value.5': 'stopped',
        MaxResults: '1000',
      },
      expect.objectContaining({ MaxResults: '1000', NextToken: 'eyJ2IjoiMiIsImMiOiJwYWdlLTIifQ==' }),
      expect.objectContaining({ MaxResults: '1000', NextToken: 'eyJ2IjoiMiIsImMiOiJwYWdlLTMifQ==' }),
    ]);
    expect(aws.of('DescribeAutoScalingGroups').map((r) => r.params)).toEqual([
      { Action: 'DescribeAutoScalingGroups', Version: '2011-01-01', MaxRecords: '100' },
      { Action: 'DescribeAutoScalingGroups', Version: '2011-01-01', MaxRecords: '100', NextToken: 'eyJ2IjoiMSIsImMiOiJncm91cHMtMiJ9' },
    ]);
    expect(aws.of('DescribeLaunchTemplateVersions')[0]?.params).toEqual({
      Action: 'DescribeLaunchTemplateVersions',
      Version: '2016-11-15',
      'LaunchTemplateVersion.1': '$Latest',
      'LaunchTemplateVersion.2': '$Default',
      MaxResults: '200',
    });
    expect(aws.of('DescribePolicies')[0]?.params).toEqual({
      Action: 'DescribePolicies',
      Version: '2011-01-01',
      'PolicyTypes.member.1': 'TargetTrackingScaling',
      MaxRecords: '100',
    });
    expect(aws.of('DescribeAlarms').map((r) => r.params)).toEqual([
      { AlarmTypes: ['MetricAlarm'], MaxRecords: 100 },
      { AlarmTypes: ['MetricAlarm'], MaxRecords: 100, NextToken: 'QWxhcm1OYW1lOnByb2Qtd2ViLWNwdS1oaWdo' },
    ]);
    // Only prod-web runs two template versions at once, so only its refreshes are read.
    expect(aws.of('DescribeInstanceRefreshes').map((r) => r.params)).toEqual([
      { Action: 'DescribeInstanceRefreshes', Version: '2011-01-01', AutoScalingGroupName: 'prod-web', MaxRecords: '100' },
    ]);
    // Signed for each service's own scope, with the same credentials.
    for (const r of aws.seen) expect(String(r.headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/eu-west-1\/(ec2|autoscaling|monitoring)\/aws4_request/);
    expect(aws.of('DescribeAlarms')[0]?.headers['x-amzn-query-mode']).toBe('true');
  });

  describe('maps the answers to the observed model', () => {
    let fleet: ObservedFleet;
    beforeAll(async () => {
      recordedRegion();
      fleet = await provider().readEnvironment(target);
      resetNock();
    });

    it('keeps this environment and the unmanaged, drops other environments and their group members', () => {
      expect(fleet.env).toBe('prod');
      expect(fleet.readAt).toBe('2026-03-01T09:00:00.000Z');
      expect(fleet.instances.map((i) => i.id)).toEqual(['i-0a1b2c3d4e5f60001', 'i-0a1b2c3d4e5f60002', 'i-0a1b2c3d4e5f60004', 'i-0a1b2c3d4e5f60006']);
      expect(fleet.groups.map((g) => g.name)).toEqual(['prod-web', 'legacy-asg']);
      expect(fleet.alarms.map((a) => a.name)).toEqual(['prod-web-cpu-high', 'billing-alert']);
    });

    it('maps a managed instance field by field', () => {
      expect(fleet.instances[0]).toEqual({
        kind: 'instance',
        id: 'i-0a1b2c3d4e5f60001',
        state: 'running',
        tags: {
          Name: 'prod-bastion',
          'qm:env': 'prod',
          'qm:name': 'bastion',
          'qm:user-data': 'sha256:1d7b39750e325bd6',
          'qm:uuid': '6f1c1f0e-0d7b-4a52-9f7e-3c2b1a000001',
          team: 'platform',
        },
        instanceType: 't3.micro',
        ami: 'ami-0abcdef1234567890',
        subnetId: 'subnet-0a1b2c3d4e5f60001',
        securityGroupIds: ['sg-0123456789abcdef0'],
        keyName: 'ops',
        monitoring: true,
        ebsOptimized: false,
        launchTime: '2026-02-20T10:15:32.000Z',
        availabilityZone: 'eu-west-1a',
      });
    });

    it('plans a user data change from the qm:user-data tag of the batched describe (no per-instance read)', () => {
      // The tag is sha256:<16 hex> of the user data bastion was launched with.
      expect(userDataTag('#!/bin/bash\nyum -y update\n')).toBe('sha256:1d7b39750e325bd6');
      const live = fleet.instances[0]!;
      const spec = anInstanceSpec({
        env: 'prod',
        name: 'bastion',
        uuid: '6f1c1f0e-0d7b-4a52-9f7e-3c2b1a000001',
        instanceType: live.instanceType,
        ami: live.ami,
        subnetId: live.subnetId,
        securityGroupIds: live.securityGroupIds,
        keyName: live.keyName,
        monitoring: live.monitoring,
        ebsOptimized: live.ebsOptimized,
        tags: { Name: 'prod-bastion', team: 'platform' },
        userData: '#!/bin/bash\nyum -y update\n',
      });
      const planFor = (s: InstanceSpec) =>
        createPlan({ desired: [s], environments: [anEnvironment({ name: 'prod', region: 'eu-west-1' })], actual: [fleet], envs: ['prod'], now: clock.now() }).actions.find((a) => a.resource.uuid === s.uuid);
      expect(planFor(spec)).toMatchObject({ type: 'no-op', changes: [] });
      expect(planFor({ ...spec, userData: '#!/bin/bash\nyum -y upgrade\n' })).toMatchObject({
        type: 'stop-modify-start',
        impact: 'downtime',
        changes: [{ field: 'user_data', old: '(sha256:1d7b39750e32)', new: expect.stringMatching(/^\(sha256:[0-9a-f]{12}, 27 bytes\)$/) }],
      });
    });

    it('marks group members and keeps partly tagged instances as unmanaged', () => {
      const member = fleet.instances.find((i) => i.id === 'i-0a1b2c3d4e5f60004');
      expect(member).toMatchObject({ state: 'pending', memberOfGroup: 'prod-web', tags: { 'aws:autoscaling:groupName': 'prod-web', team: 'web' } });
      expect(fleet.instances.find((i) => i.id === 'i-0a1b2c3d4e5f60006')?.tags).toEqual({ 'qm:env': 'prod', 'qm:name': 'half-tagged' });
      expect(fleet.instances.find((i) => i.id === 'i-0a1b2c3d4e5f60002')).toMatchObject({ state: 'stopped', monitoring: false, tags: { Name: 'hand-made' } });
      expect(fleet.instances.find((i) => i.id === 'i-0a1b2c3d4e5f60002')).not.toHaveProperty('keyName');
    });

    it('maps a group with its pinned template version, policies, members and refresh in progress', () => {
      expect(fleet.groups[0]).toEqual({
        kind: 'autoscaling-group',
        name: 'prod-web',
        tags: { 'qm:env': 'prod', 'qm:name': 'web', 'qm:uuid': '6f1c1f0e-0d7b-4a52-9f7e-3c2b1a000010', team: 'web' },
        launchTemplate: {
          id: 'lt-0a20c965061f64abc',
          name: 'prod-web',
          version: '3',
          ami: 'ami-0abcdef1234567890',
          instanceType: 't3.small',
          userData: '#!/bin/bash\nsystemctl start nginx\n',
          keyName: 'ops',
          securityGroupIds: ['sg-0123456789abcdef0', 'sg-0fedcba9876543210'],
          monitoring: true,
          rootVolume: { sizeGiB: 20, volumeType: 'gp3', encrypted: true },
        },
        minSize: 2,
        maxSize: 5,
        desiredCapacity: 2,
        subnetIds: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
        availabilityZones: [],
        healthCheck: { type: 'EC2', gracePeriodSeconds: 300 },
        scalingPolicies: [{ name: 'cpu70', metric: 'ASGAverageCPUUtilization', targetValue: 70, disableScaleIn: false, estimatedWarmupSeconds: 120 }],
        instances: [
          { id: 'i-0a1b2c3d4e5f60004', lifecycleState: 'Pending', healthy: true, instanceType: 't3.small', launchTemplateVersion: '3' },
          { id: 'i-0a1b2c3d4e5f60007', lifecycleState: 'InService', healthy: true, instanceType: 't3.micro', launchTemplateVersion: '2' },
        ],
        refresh: { id: '08b91cf7-8fa6-48af-b6a6-d227f40f1b9b', status: 'InProgress', percentComplete: 50 },
      });
    });

    it('resolves $Default for an unmanaged group from the same sweep', () => {
      expect(fleet.groups[1]).toMatchObject({ name: 'legacy-asg', tags: { owner: 'alice' }, launchTemplate: { id: 'lt-0c42e187283b86cde', version: '2', instanceType: 'm5.large' } });
      expect(fleet.groups[1]).not.toHaveProperty('refresh');
    });

    it('recovers alarm identity from the description footer and leaves the policy-owned alarms out', () => {
      expect(fleet.alarms[0]).toEqual({
        kind: 'alarm',
        name: 'prod-web-cpu-high',
        tags: { 'qm:env': 'prod', 'qm:name': 'web-cpu-high', 'qm:uuid': '6f1c1f0e-0d7b-4a52-9f7e-3c2b1a000030', team: 'web' },
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
        okActions: ['arn:aws:sns:eu-west-1:123456789012:ops-pager'],
        description: 'CPU of the web tier above 85% for 10 minutes',
        stateValue: 'ALARM',
      });
      expect(fleet.alarms[1]).toMatchObject({ name: 'billing-alert', tags: {}, description: 'Made by hand in the console', treatMissingData: 'missing' });
    });
  });

  it('counts every call, by operation and by IAM action, well under the call budget', async () => {
    recordedRegion();
    const p = provider();
    await p.readEnvironment(target);
    const stats = p.callStats();
    expect(stats.byOperation).toEqual({
      DescribeInstances: 3,
      DescribeAutoScalingGroups: 2,
      DescribeLaunchTemplateVersions: 1,
      DescribePolicies: 1,
      DescribeAlarms: 2,
      DescribeInstanceRefreshes: 1,
    });
    expect(stats.byAction['ec2:DescribeInstances']).toBe(3);
    expect(stats).toMatchObject({ total: 10, calls: 10, retries: 0 });
  });

  it('shares one region sweep between environments read at the same time', async () => {
    const aws = recordedRegion();
    const p = provider();
    const [prod, staging] = await Promise.all([p.readEnvironment(target), p.readEnvironment({ ...target, env: 'staging' })]);
    expect(aws.of('DescribeInstances')).toHaveLength(3);
    expect(prod.instances.map((i) => i.id)).toContain('i-0a1b2c3d4e5f60001');
    expect(staging.instances.map((i) => i.id)).toEqual(['i-0a1b2c3d4e5f60002', 'i-0a1b2c3d4e5f60003', 'i-0a1b2c3d4e5f60005', 'i-0a1b2c3d4e5f60006']);
    expect(staging.groups.map((g) => g.name)).toEqual(['legacy-asg', 'staging-web']);
    expect(staging.alarms.map((a) => a.name)).toEqual(['billing-alert', 'staging-db-cpu']);
  });

  it("with unmanaged: 'ignore', filters on qm:env instead of sweeping the region", async () => {
    const aws = awsNock('eu-west-1')
      .reply('ec2', 'DescribeInstances', { file: 'ec2/describe-instances-page3.xml' })
      .reply('autoscaling', 'DescribeAutoScalingGroups', { file: 'autoscaling/describe-auto-scaling-groups-page2.xml' })
      .reply('ec2', 'DescribeLaunchTemplateVersions', { file: 'ec2/describe-launch-template-versions.xml' })
      .reply('autoscaling', 'DescribePolicies', { file: 'autoscaling/describe-policies.xml' })
      .reply('cloudwatch', 'DescribeAlarms', { file: 'cloudwatch/describe-alarms-page2.json' });
    await createAwsProvider({ credentials: TEST_CREDENTIALS, clock, unmanaged: 'ignore' }).readEnvironment(target);
    expect(aws.of('DescribeInstances')[0]?.params).toMatchObject({
      'Filter.1.Name': 'tag:qm:env',
      'Filter.1.Value.1': 'prod',
      'Filter.2.Name': 'instance-state-name',
      MaxResults: '1000',
    });
    expect(aws.of('DescribeAutoScalingGroups')[0]?.params).toEqual({
      Action: 'DescribeAutoScalingGroups',
      Version: '2011-01-01',
      'Filters.member.1.Name': 'tag:qm:env',
      'Filters.member.1.Values.member.1': 'prod',
      MaxRecords: '100',
    });
    expect(aws.of('DescribeAlarms')[0]?.params).toEqual({ AlarmTypes: ['MetricAlarm'], AlarmNamePrefix: 'prod-', MaxRecords: 100 });
  });
});
