import type { FakeContext, JsonHandler } from './fake-context.js';
import type { FakeAlarm } from './fake-state.js';
import { paginate } from './paginate.js';
import { arr, FakeAwsError, num, str, type Params } from './wire.js';

/** CloudWatch (JSON 1.0, query-compatible): timestamps are epoch seconds. */
const epoch = (d: Date) => d.getTime() / 1000;

const COMPARISONS = new Set([
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
  'LessThanLowerOrGreaterThanUpperThreshold',
  'LessThanLowerThreshold',
  'GreaterThanUpperThreshold',
]);

function validate(p: Params): void {
  const name = str(p, 'AlarmName') ?? '';
  if (name.length < 1 || name.length > 255) throw new FakeAwsError('ValidationError', "1 validation error detected: Value at 'alarmName' failed to satisfy constraint: Member must have length between 1 and 255");
  const description = str(p, 'AlarmDescription') ?? '';
  if (description.length > 1024) {
    throw new FakeAwsError('ValidationError', "1 validation error detected: Value at 'alarmDescription' failed to satisfy constraint: Member must have length less than or equal to 1024");
  }
  const period = num(p, 'Period');
  if (period !== undefined && ![10, 20, 30].includes(period) && period % 60 !== 0) {
    throw new FakeAwsError('InvalidParameterValue', 'The parameter Period must be 10, 20, 30, or a multiple of 60.');
  }
  const evaluations = num(p, 'EvaluationPeriods') ?? 0;
  if (evaluations < 1) throw new FakeAwsError('ValidationError', "1 validation error detected: Value '0' at 'evaluationPeriods' failed to satisfy constraint: Member must have value greater than or equal to 1");
  const datapoints = num(p, 'DatapointsToAlarm');
  if (datapoints !== undefined && datapoints > evaluations) {
    throw new FakeAwsError('ValidationError', 'DatapointsToAlarm must be less than or equal to EvaluationPeriods.');
  }
  if (!COMPARISONS.has(str(p, 'ComparisonOperator') ?? '')) throw new FakeAwsError('ValidationError', 'Invalid ComparisonOperator.');
  if (!str(p, 'MetricName') && arr(p, 'Metrics').length === 0) throw new FakeAwsError('ValidationError', 'Either MetricName or Metrics must be specified.');
}

function tagRecord(tags: Params[]): Record<string, string> {
  return Object.fromEntries(tags.map((t) => [str(t, 'Key') ?? '', str(t, 'Value') ?? '']));
}

const putMetricAlarm: JsonHandler = (ctx) => {
  const p = ctx.params;
  validate(p);
  const name = str(p, 'AlarmName') ?? '';
  const existing = ctx.region.alarms.get(name);
  const { Tags: tags, ...input } = p;
  const alarm: FakeAlarm = {
    name,
    arn: `arn:aws:cloudwatch:${ctx.region.name}:${ctx.region.account}:alarm:${name}`,
    input,
    // "If you are using this operation to update an existing alarm, any tags you specify in this parameter are ignored."
    tags: existing ? existing.tags : tagRecord(Array.isArray(tags) ? (tags as Params[]) : []),
    stateValue: existing?.stateValue ?? 'INSUFFICIENT_DATA',
    updated: ctx.now(),
  };
  ctx.region.alarms.set(name, alarm);
  return {};
};

function alarmJson(a: FakeAlarm): Record<string, unknown> {
  const i = a.input;
  return {
    AlarmName: a.name,
    AlarmArn: a.arn,
    AlarmDescription: i.AlarmDescription,
    AlarmConfigurationUpdatedTimestamp: epoch(a.updated),
    ActionsEnabled: i.ActionsEnabled ?? true,
    OKActions: i.OKActions ?? [],
    AlarmActions: i.AlarmActions ?? [],
    InsufficientDataActions: i.InsufficientDataActions ?? [],
    StateValue: a.stateValue,
    StateReason: a.stateValue === 'INSUFFICIENT_DATA' ? 'Unchecked: Initial alarm creation' : 'Threshold Crossed',
    StateUpdatedTimestamp: epoch(a.updated),
    MetricName: i.MetricName,
    Namespace: i.Namespace,
    Statistic: i.Statistic,
    ExtendedStatistic: i.ExtendedStatistic,
    Dimensions: i.Dimensions ?? [],
    Period: i.Period,
    Unit: i.Unit,
    EvaluationPeriods: i.EvaluationPeriods,
    DatapointsToAlarm: i.DatapointsToAlarm,
    Threshold: i.Threshold,
    ComparisonOperator: i.ComparisonOperator,
    TreatMissingData: i.TreatMissingData,
    Metrics: i.Metrics,
    StateTransitionedTimestamp: epoch(a.updated),
  };
}

const describeAlarms: JsonHandler = (ctx) => {
  const p = ctx.params;
  const names = arr<string>(p, 'AlarmNames');
  const prefix = str(p, 'AlarmNamePrefix');
  if (names.length > 0 && prefix !== undefined) {
    throw new FakeAwsError('InvalidParameterCombination', 'AlarmNamePrefix and AlarmNames cannot be specified together.');
  }
  if (names.length > 100) throw new FakeAwsError('ValidationError', 'AlarmNames must contain at most 100 names.');
  const max = num(p, 'MaxRecords') ?? 50;
  if (max < 1 || max > 100) throw new FakeAwsError('InvalidParameterValue', `The value ${max} for parameter MaxRecords is not valid; it must be between 1 and 100.`);
  const types = arr<string>(p, 'AlarmTypes');
  const wantMetric = types.length === 0 || types.includes('MetricAlarm');
  const selected = [...ctx.region.alarms.values()]
    .filter((a) => wantMetric && (names.length === 0 || names.includes(a.name)) && (prefix === undefined || a.name.startsWith(prefix)))
    .sort((a, b) => a.name.localeCompare(b.name));
  const { page, nextToken } = paginate(selected, max, str(p, 'NextToken'), 'cloudwatch:DescribeAlarms');
  return { MetricAlarms: page.map(alarmJson), CompositeAlarms: [], ...(nextToken ? { NextToken: nextToken } : {}) };
};

const deleteAlarms: JsonHandler = (ctx) => {
  const names = arr<string>(ctx.params, 'AlarmNames');
  const missing = names.filter((n) => !ctx.region.alarms.has(n));
  if (missing.length > 0) throw new FakeAwsError('ResourceNotFound', `Alarms not found: ${missing.join(', ')}`, 404);
  for (const n of names) ctx.region.alarms.delete(n);
  return {};
};

function alarmByArn(ctx: FakeContext, arn: string | undefined): FakeAlarm {
  const a = [...ctx.region.alarms.values()].find((x) => x.arn === arn);
  if (!a) throw new FakeAwsError('ResourceNotFound', `The resource ${arn} does not exist.`, 404);
  return a;
}

const tagResource: JsonHandler = (ctx) => {
  const a = alarmByArn(ctx, str(ctx.params, 'ResourceARN'));
  Object.assign(a.tags, tagRecord(arr(ctx.params, 'Tags')));
  return {};
};

const untagResource: JsonHandler = (ctx) => {
  const a = alarmByArn(ctx, str(ctx.params, 'ResourceARN'));
  for (const k of arr<string>(ctx.params, 'TagKeys')) delete a.tags[k];
  return {};
};

const listTagsForResource: JsonHandler = (ctx) => {
  const a = alarmByArn(ctx, str(ctx.params, 'ResourceARN'));
  return { Tags: Object.entries(a.tags).map(([Key, Value]) => ({ Key, Value })) };
};

export const CLOUDWATCH_ACTIONS: Record<string, JsonHandler> = {
  PutMetricAlarm: putMetricAlarm,
  DescribeAlarms: describeAlarms,
  DeleteAlarms: deleteAlarms,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
};
