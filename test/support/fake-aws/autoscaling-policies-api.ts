import { randomUUID } from 'node:crypto';
import { group, maxRecords } from './autoscaling-common.js';
import type { FakeContext, QueryHandler } from './fake-context.js';
import type { FakeAlarm, FakeGroup, FakePolicy } from './fake-state.js';
import { paginate } from './paginate.js';
import { arr, bool, FakeAwsError, num, obj, str } from './wire.js';
import { el, list, type XmlNode } from './xml.js';

/** Target tracking makes two CloudWatch alarms that belong to the policy, as in AWS. */
function policyAlarms(ctx: FakeContext, g: FakeGroup, metric: string, target: number): FakeAlarm[] {
  return (['AlarmHigh', 'AlarmLow'] as const).map((kind) => {
    const name = `TargetTracking-${g.name}-${kind}-${randomUUID()}`;
    return {
      name,
      arn: `arn:aws:cloudwatch:${ctx.region.name}:${ctx.region.account}:alarm:${name}`,
      input: {
        AlarmName: name,
        AlarmDescription: `DO NOT EDIT OR DELETE. For TargetTrackingScaling policy ${metric}.`,
        Namespace: 'AWS/EC2',
        MetricName: 'CPUUtilization',
        Dimensions: [{ Name: 'AutoScalingGroupName', Value: g.name }],
        Statistic: 'Average',
        Period: 60,
        EvaluationPeriods: kind === 'AlarmHigh' ? 3 : 15,
        Threshold: kind === 'AlarmHigh' ? target : target * 0.9,
        ComparisonOperator: kind === 'AlarmHigh' ? 'GreaterThanThreshold' : 'LessThanThreshold',
        AlarmActions: [`arn:aws:autoscaling:${ctx.region.name}:${ctx.region.account}:scalingPolicy:policy`],
      },
      tags: {},
      stateValue: 'INSUFFICIENT_DATA',
      updated: ctx.now(),
    };
  });
}

const putPolicy: QueryHandler = (ctx) => {
  const p = ctx.params;
  const g = group(ctx, str(p, 'AutoScalingGroupName'));
  const name = str(p, 'PolicyName') ?? '';
  const type = str(p, 'PolicyType') ?? 'SimpleScaling';
  const config = obj(p, 'TargetTrackingConfiguration');
  if (type === 'TargetTrackingScaling' && !config) throw new FakeAwsError('ValidationError', 'TargetTrackingConfiguration is required for TargetTrackingScaling policies.');
  const metric = str(obj(config ?? {}, 'PredefinedMetricSpecification') ?? {}, 'PredefinedMetricType') ?? '';
  if (metric === 'ALBRequestCountPerTarget' && !str(obj(config ?? {}, 'PredefinedMetricSpecification') ?? {}, 'ResourceLabel')) {
    throw new FakeAwsError('ValidationError', 'ResourceLabel is required for ALBRequestCountPerTarget.');
  }
  const existing = ctx.region.policies.find((x) => x.groupName === g.name && x.name === name);
  for (const a of existing?.alarmNames ?? []) ctx.region.alarms.delete(a);
  const alarms = policyAlarms(ctx, g, metric, num(config ?? {}, 'TargetValue') ?? 0);
  for (const a of alarms) ctx.region.alarms.set(a.name, a);
  const policy: FakePolicy = {
    groupName: g.name,
    name,
    arn: existing?.arn ?? `arn:aws:autoscaling:${ctx.region.name}:${ctx.region.account}:scalingPolicy:${randomUUID()}:autoScalingGroupName/${g.name}:policyName/${name}`,
    type,
    config: config ?? {},
    estimatedWarmup: num(p, 'EstimatedInstanceWarmup'),
    alarmNames: alarms.map((a) => a.name),
  };
  ctx.region.policies = [...ctx.region.policies.filter((x) => x !== existing), policy];
  return [el('PolicyARN', policy.arn), alarmList(ctx, policy)];
};

function alarmList(ctx: FakeContext, policy: FakePolicy): XmlNode {
  return list('Alarms', policy.alarmNames, 'member', (n) => [el('AlarmName', n), el('AlarmARN', ctx.region.alarms.get(n)?.arn ?? '')]);
}

const describePolicies: QueryHandler = (ctx) => {
  const p = ctx.params;
  const groupName = str(p, 'AutoScalingGroupName');
  const names = arr<string>(p, 'PolicyNames');
  const types = arr<string>(p, 'PolicyTypes');
  const selected = ctx.region.policies.filter(
    (x) => (!groupName || x.groupName === groupName) && (names.length === 0 || names.includes(x.name)) && (types.length === 0 || types.includes(x.type)),
  );
  const { page, nextToken } = paginate(selected, maxRecords(p, 50), str(p, 'NextToken'), 'autoscaling:DescribePolicies');
  return [
    list('ScalingPolicies', page, 'member', (x) => {
      const spec = obj(x.config, 'PredefinedMetricSpecification') ?? {};
      return [
        el('AutoScalingGroupName', x.groupName),
        el('PolicyName', x.name),
        el('PolicyARN', x.arn),
        el('PolicyType', x.type),
        el('StepAdjustments', []),
        alarmList(ctx, x),
        el('TargetTrackingConfiguration', [
          el('PredefinedMetricSpecification', [el('PredefinedMetricType', str(spec, 'PredefinedMetricType')), el('ResourceLabel', str(spec, 'ResourceLabel'))]),
          el('TargetValue', num(x.config, 'TargetValue')),
          el('DisableScaleIn', bool(x.config, 'DisableScaleIn') ?? false),
        ]),
        el('EstimatedInstanceWarmup', x.estimatedWarmup),
        el('Enabled', true),
      ];
    }),
    el('NextToken', nextToken),
  ];
};

const deletePolicy: QueryHandler = (ctx) => {
  const groupName = str(ctx.params, 'AutoScalingGroupName');
  const name = str(ctx.params, 'PolicyName');
  const policy = ctx.region.policies.find((x) => x.groupName === groupName && (x.name === name || x.arn === name));
  if (policy) {
    for (const a of policy.alarmNames) ctx.region.alarms.delete(a);
    ctx.region.policies = ctx.region.policies.filter((x) => x !== policy);
  }
  return undefined;
};

export const AUTOSCALING_POLICY_ACTIONS: Record<string, QueryHandler> = {
  PutScalingPolicy: putPolicy,
  DescribePolicies: describePolicies,
  DeletePolicy: deletePolicy,
};
