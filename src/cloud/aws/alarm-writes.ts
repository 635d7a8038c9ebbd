import {
  DeleteAlarmsCommand,
  PutMetricAlarmCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type MetricAlarm,
  type PutMetricAlarmCommandInput,
} from '@aws-sdk/client-cloudwatch';
import type { PutAlarmRequest } from '../provider.js';
import { awsCall, chunks } from './aws-call.js';
import type { AwsClients } from './aws-clients.js';
import { describeAlarmsByName } from './aws-describes.js';
import { recordToTags } from './aws-tags.js';
import { readTagFooter, withTagFooter } from './alarm-tag-footer.js';

/** DeleteAlarms and DescribeAlarms(AlarmNames) take at most 100 names. */
const ALARM_BATCH = 100;

/**
 * Creates or replaces a metric alarm. Its tags go into the description footer (how reads
 * recover identity) and into Tags, which CloudWatch applies only when the alarm is created.
 *
 * @example
 * await putAlarm(clients, { name: 'prod-web-cpu', namespace: 'AWS/EC2', metricName: 'CPUUtilization', ... });
 */
export async function putAlarm(c: AwsClients, req: PutAlarmRequest): Promise<void> {
  const input: PutMetricAlarmCommandInput = {
    AlarmName: req.name,
    AlarmDescription: withTagFooter(req.description, req.tags, req.name),
    ActionsEnabled: true,
    Namespace: req.namespace,
    MetricName: req.metricName,
    Dimensions: Object.entries(req.dimensions)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([Name, Value]) => ({ Name, Value })),
    Statistic: req.statistic,
    Period: req.periodSeconds,
    EvaluationPeriods: req.evaluationPeriods,
    DatapointsToAlarm: req.datapointsToAlarm,
    Threshold: req.threshold,
    ComparisonOperator: req.comparison,
    TreatMissingData: req.treatMissingData,
    AlarmActions: req.alarmActions,
    OKActions: req.okActions,
    Tags: recordToTags(req.tags),
  };
  await awsCall('cloudwatch:PutMetricAlarm', () => c.cloudWatch.send(new PutMetricAlarmCommand(input)), { region: c.region, resource: req.name });
}

export async function deleteAlarms(c: AwsClients, names: string[]): Promise<void> {
  for (const batch of chunks(names, ALARM_BATCH)) {
    await awsCall('cloudwatch:DeleteAlarms', () => c.cloudWatch.send(new DeleteAlarmsCommand({ AlarmNames: batch })), {
      region: c.region,
      resource: batch.join(', '),
    });
  }
}

/**
 * Retags alarms: rewrites each one's footer (PutMetricAlarm with its current settings, read
 * in batches of 100) and mirrors the change on the real tags.
 */
export async function updateAlarmTags(c: AwsClients, names: string[], set: Record<string, string>, remove: string[]): Promise<void> {
  for (const batch of chunks(names, ALARM_BATCH)) {
    for (const alarm of await describeAlarmsByName(c, batch)) {
      const { description, tags } = readTagFooter(alarm.AlarmDescription);
      const next = { ...tags, ...set };
      for (const k of remove) delete next[k];
      const ctx = { region: c.region, resource: alarm.AlarmName };
      await awsCall('cloudwatch:PutMetricAlarm', () => c.cloudWatch.send(new PutMetricAlarmCommand(resubmit(alarm, withTagFooter(description, next, alarm.AlarmName ?? '')))), ctx);
      if (!alarm.AlarmArn) continue;
      const arn = alarm.AlarmArn;
      if (Object.keys(set).length > 0) await awsCall('cloudwatch:TagResource', () => c.cloudWatch.send(new TagResourceCommand({ ResourceARN: arn, Tags: recordToTags(set) })), ctx);
      if (remove.length > 0) await awsCall('cloudwatch:UntagResource', () => c.cloudWatch.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: remove })), ctx);
    }
  }
}

/** PutMetricAlarm replaces the whole alarm, so every setting read back is sent again. */
function resubmit(a: MetricAlarm, description: string): PutMetricAlarmCommandInput {
  return {
    AlarmName: a.AlarmName,
    AlarmDescription: description,
    ActionsEnabled: a.ActionsEnabled,
    OKActions: a.OKActions,
    AlarmActions: a.AlarmActions,
    InsufficientDataActions: a.InsufficientDataActions,
    MetricName: a.MetricName,
    Namespace: a.Namespace,
    Statistic: a.Statistic,
    ExtendedStatistic: a.ExtendedStatistic,
    Dimensions: a.Dimensions,
    Period: a.Period,
    Unit: a.Unit,
    EvaluationPeriods: a.EvaluationPeriods,
    DatapointsToAlarm: a.DatapointsToAlarm,
    Threshold: a.Threshold,
    ComparisonOperator: a.ComparisonOperator,
    TreatMissingData: a.TreatMissingData,
    EvaluateLowSampleCountPercentile: a.EvaluateLowSampleCountPercentile,
    Metrics: a.Metrics,
    ThresholdMetricId: a.ThresholdMetricId,
  };
}
