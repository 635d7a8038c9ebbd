import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { AWS_OPERATIONS, iamPolicy, isAwsOperation } from '../../../src/cloud/aws/index.js';
import type { FakeAws } from '../../support/fake-aws/index.js';
import { providerOnFake } from './aws-test-kit.js';

const SRC = fileURLToPath(new URL('../../../src/cloud/aws/', import.meta.url));
const SERVICE_OF_PACKAGE: Record<string, string> = {
  '@aws-sdk/client-ec2': 'ec2',
  '@aws-sdk/client-auto-scaling': 'autoscaling',
  '@aws-sdk/client-cloudwatch': 'cloudwatch',
  '@aws-sdk/client-sts': 'sts',
};

/** Every `new XCommand(` in the adapter's sources, as the IAM action it needs, with the op its awsCall names. */
function commandsInSources(): { file: string; action: string; declared?: string }[] {
  const found: { file: string; action: string; declared?: string }[] = [];
  for (const file of readdirSync(SRC).filter((f) => f.endsWith('.ts'))) {
    // Comments (JSDoc examples) name commands too; only code counts.
    const text = readFileSync(SRC + file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    const commandService = new Map<string, string>();
    for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'(@aws-sdk\/client-[a-z0-9-]+)'/g)) {
      const service = SERVICE_OF_PACKAGE[m[2] ?? ''];
      for (const spec of (m[1] ?? '').split(',')) {
        const [original = '', alias] = spec.replace(/\btype\b/, '').trim().split(/\s+as\s+/);
        if (original.endsWith('Command') && service) commandService.set(alias ?? original, `${service}:${original.replace(/Command$/, '')}`);
      }
    }
    for (const m of text.matchAll(/new (\w+Command)\(/g)) {
      const action = commandService.get(m[1] ?? '');
      // The op named by the nearest awsCall/allPages before this command, if it is a literal.
      const before = text.slice(0, m.index);
      const call = [...before.matchAll(/(?:awsCall|allPages)\(\s*'([^']+)'/g)].pop();
      const declared = call && before.length - (call.index ?? 0) < 400 ? call[1] : undefined;
      found.push({ file, action: action ?? `unknown:${m[1]}`, declared });
    }
  }
  return found;
}

describe('iamPolicy', () => {
  it('plan: exactly the reads, on any resource', () => {
    expect(iamPolicy('plan')).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'QuartermasterRead',
          Effect: 'Allow',
          Action: [
            'autoscaling:DescribeAutoScalingGroups',
            'autoscaling:DescribeInstanceRefreshes',
            'autoscaling:DescribePolicies',
            'cloudwatch:DescribeAlarms',
            'ec2:DescribeInstances',
            'ec2:DescribeLaunchTemplateVersions',
          ],
          Resource: '*',
        },
      ],
    });
  });

  it('apply: the reads, the writes, and the disruptive writes only on resources carrying qm:uuid', () => {
    const [read, write, managed, ...rest] = iamPolicy('apply').Statement;
    expect(read).toEqual(iamPolicy('plan').Statement[0]);
    expect(write?.Action).toEqual([
      'autoscaling:CreateAutoScalingGroup',
      'autoscaling:CreateOrUpdateTags',
      'autoscaling:DeleteTags',
      'cloudwatch:DeleteAlarms',
      'cloudwatch:PutMetricAlarm',
      'cloudwatch:TagResource',
      'cloudwatch:UntagResource',
      'ec2:CreateLaunchTemplate',
      'ec2:CreateLaunchTemplateVersion',
      'ec2:CreateTags',
      'ec2:DeleteLaunchTemplate',
      'ec2:DeleteTags',
      'ec2:DescribeImages',
      'ec2:DescribeLaunchTemplates',
      'ec2:ModifyInstanceAttribute',
      'ec2:RunInstances',
    ]);
    expect(managed).toEqual({
      Sid: 'QuartermasterWriteManagedOnly',
      Effect: 'Allow',
      Action: [
        'autoscaling:DeleteAutoScalingGroup',
        'autoscaling:DeletePolicy',
        'autoscaling:PutScalingPolicy',
        'autoscaling:StartInstanceRefresh',
        'autoscaling:UpdateAutoScalingGroup',
        'ec2:MonitorInstances',
        'ec2:StartInstances',
        'ec2:StopInstances',
        'ec2:TerminateInstances',
        'ec2:UnmonitorInstances',
      ],
      Resource: '*',
      Condition: { Null: { 'aws:ResourceTag/qm:uuid': 'false' } },
    });
    expect(rest).toEqual([]);
  });

  it('adds sts:AssumeRole on exactly the environments\' roles when asked', () => {
    const roles = ['arn:aws:iam::210987654321:role/quartermaster', 'arn:aws:iam::123456789012:role/quartermaster'];
    const last = iamPolicy('plan', { assumeRoleArns: [...roles, roles[0] ?? ''] }).Statement.at(-1);
    expect(last).toEqual({ Sid: 'QuartermasterAssumeEnvironmentRoles', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: [...roles].sort() });
  });

  it('lists every table operation that needs a permission, and nothing else', () => {
    const inPolicy = new Set(iamPolicy('apply', { assumeRoleArns: ['arn:aws:iam::123456789012:role/x'] }).Statement.flatMap((s) => s.Action));
    const needed = Object.entries(AWS_OPERATIONS)
      .filter(([, info]) => info.neededFor !== 'none')
      .map(([name]) => name);
    expect([...inPolicy].sort()).toEqual(needed.sort());
    expect(isAwsOperation('sts:GetCallerIdentity') && !inPolicy.has('sts:GetCallerIdentity')).toBe(true);
  });
});

describe('the operation table cannot drift from the code', () => {
  it('every SDK command in src/cloud/aws is in the table, under the op its awsCall names', () => {
    const commands = commandsInSources();
    expect(commands.length).toBeGreaterThan(25);
    for (const c of commands) {
      expect(isAwsOperation(c.action), `${c.file}: ${c.action} is missing from AWS_OPERATIONS`).toBe(true);
      if (c.declared) expect(c.declared, `${c.file}: awsCall names ${c.declared} but sends ${c.action}`).toBe(c.action);
    }
  });

  describe('at run time', () => {
    let fake: FakeAws | undefined;
    afterEach(async () => {
      await fake?.close();
    });

    it('a full round of reads and writes uses exactly the operations in the table', async () => {
      const env = await providerOnFake();
      fake = env.fake;
      const { provider: p, target } = env;
      const role = { ...target, roleArn: 'arn:aws:iam::123456789012:role/quartermaster' };
      const tags = { 'qm:env': 'prod', 'qm:name': 'web', 'qm:uuid': 'u-1' };
      const spec = { ami: 'ami-0abcdef1234567890', instanceType: 't3.small', securityGroupIds: [], monitoring: false };

      await p.callerAccountId(role);
      const { instanceId } = await p.runInstance(target, {
        clientToken: 't',
        instanceType: 't3.micro',
        ami: 'ami-0abcdef1234567890',
        subnetId: 'subnet-0a1b2c3d4e5f60001',
        securityGroupIds: [],
        monitoring: false,
        ebsOptimized: false,
        rootVolume: { sizeGiB: 8, volumeType: 'gp3', encrypted: true },
        tags,
      });
      await p.waitForInstances(target, [instanceId], 'running', { timeoutMs: 60_000 });
      await p.stopInstances(target, [instanceId]);
      await p.waitForInstances(target, [instanceId], 'stopped', { timeoutMs: 60_000 });
      await p.modifyInstance(target, instanceId, { instanceType: 't3.small', monitoring: true });
      await p.modifyInstance(target, instanceId, { monitoring: false });
      await p.startInstances(target, [instanceId]);
      await p.updateTags(target, 'instance', [instanceId], { a: '1' }, ['b']);
      const lt = await p.putLaunchTemplate(target, { name: 'prod-web', spec, tags, clientToken: 'lt' });
      await p.putLaunchTemplate(target, { name: 'prod-web', spec, tags, clientToken: 'lt2' });
      await p.createGroup(target, { name: 'prod-web', launchTemplate: lt, minSize: 1, maxSize: 2, desiredCapacity: 1, subnetIds: ['subnet-0a1b2c3d4e5f60001'], availabilityZones: [], healthCheck: { type: 'EC2', gracePeriodSeconds: 0 }, tags });
      await p.updateGroup(target, 'prod-web', { desiredCapacity: 2 });
      await p.updateTags(target, 'autoscaling-group', ['prod-web'], { a: '1' }, ['b']);
      await p.putScalingPolicy(target, 'prod-web', { name: 'cpu', metric: 'ASGAverageCPUUtilization', targetValue: 50, disableScaleIn: false });
      const { refreshId } = await p.startInstanceRefresh(target, 'prod-web', { minHealthyPercentage: 50 });
      await p.waitForInstanceRefresh(target, 'prod-web', refreshId, { timeoutMs: 600_000 });
      const alarm = { name: 'prod-cpu', namespace: 'AWS/EC2', metricName: 'CPUUtilization', dimensions: {}, statistic: 'Average' as const, periodSeconds: 60, evaluationPeriods: 1, threshold: 1, comparison: 'GreaterThanThreshold' as const, treatMissingData: 'missing' as const, alarmActions: [], okActions: [], tags };
      await p.putAlarm(target, alarm);
      await p.updateTags(target, 'alarm', [alarm.name], { a: '1' }, ['b']);
      await p.readEnvironment(target);
      await p.deleteAlarms(target, [alarm.name]);
      await p.deleteScalingPolicy(target, 'prod-web', 'cpu');
      await p.deleteGroup(target, 'prod-web');
      await p.terminateInstances(target, [instanceId]);
      await p.waitForInstances(target, [instanceId], 'terminated', { timeoutMs: 60_000 });

      expect(Object.keys(p.callStats().byAction).sort()).toEqual(Object.keys(AWS_OPERATIONS).sort());
    });
  });
});
