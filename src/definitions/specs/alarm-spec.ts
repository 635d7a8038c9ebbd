import { arnField, nameField } from '../aws-fields.js';
import { DEFAULTS } from '../defaults.js';
import { enumField, listField, mapField, numberField, stringField } from '../field-types.js';
import { objectField, type MappingSpec } from '../read-mapping.js';
import type { AlarmStatistic, ComparisonOperator, TreatMissingData } from '../../model/resources.js';
import { commonSpec } from './common-spec.js';

export const ALARM_STATISTICS: readonly AlarmStatistic[] = ['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount'];
export const COMPARISON_OPERATORS: readonly ComparisonOperator[] = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
];
export const TREAT_MISSING_DATA: readonly TreatMissingData[] = ['missing', 'breaching', 'notBreaching', 'ignore'];

/** `target: {autoscaling_group: web}` or `target: {instance: bastion}`: exactly one. */
export const alarmTargetSpec = {
  instance: { type: nameField(), description: 'Name of an instance in this environment (adds the InstanceId dimension).' },
  autoscaling_group: { type: nameField(), description: 'Name of an autoscaling-group in this environment (adds the AutoScalingGroupName dimension).' },
} satisfies MappingSpec;
export const ALARM_TARGET_EXCLUSIVE = [{ keys: ['instance', 'autoscaling_group'], required: true }];

/** CloudWatch accepts 10, 20 and 30 s (high resolution) or a multiple of 60. */
function periodCheck(v: number): string | undefined {
  return [10, 20, 30].includes(v) || v % 60 === 0 ? undefined : 'is not a CloudWatch period (10, 20, 30 or a multiple of 60 seconds)';
}

const actionsField = () => listField(arnField(), { unique: true, maxItems: 5 });

export const alarmSpec = {
  ...commonSpec('alarm'),
  target: {
    type: objectField(alarmTargetSpec, { what: 'target', exclusive: ALARM_TARGET_EXCLUSIVE, expected: 'a mapping with instance: <name> or autoscaling_group: <name>' }),
    description: 'The resource watched, by name; resolved before it exists, so a new group and its alarm are created in one apply.',
  },
  namespace: { type: stringField({ minLength: 1, maxLength: 255 }), description: 'CloudWatch namespace.', default: DEFAULTS.alarm.namespace },
  metric: { type: stringField({ minLength: 1, maxLength: 255 }), required: true, description: 'Metric name, e.g. CPUUtilization, StatusCheckFailed.' },
  dimensions: {
    type: mapField(stringField({ minLength: 1, maxLength: 255, expected: 'a dimension name' }), stringField({ minLength: 1, maxLength: 1024 }), { maxEntries: 30 }),
    description: 'Literal dimensions; the target\'s dimension is added to them.',
    default: {},
  },
  statistic: { type: enumField(ALARM_STATISTICS), description: 'How datapoints are aggregated.', default: DEFAULTS.alarm.statistic },
  period_seconds: {
    type: numberField({ integer: true, min: 10, max: 86400, check: periodCheck }),
    description: 'Length of one datapoint: 10, 20, 30 or a multiple of 60.',
    default: DEFAULTS.alarm.periodSeconds,
  },
  evaluation_periods: { type: numberField({ integer: true, min: 1, max: 1440 }), description: 'Number of periods looked at.', default: DEFAULTS.alarm.evaluationPeriods },
  datapoints_to_alarm: { type: numberField({ integer: true, min: 1, max: 1440 }), description: 'Breaching datapoints (of evaluation_periods) that raise the alarm; default all of them.' },
  threshold: { type: numberField(), required: true, description: 'Value compared with the statistic.' },
  comparison: { type: enumField(COMPARISON_OPERATORS), required: true, description: 'How the statistic is compared with the threshold.' },
  treat_missing_data: { type: enumField(TREAT_MISSING_DATA), description: 'What a missing datapoint counts as.', default: DEFAULTS.alarm.treatMissingData },
  alarm_actions: { type: actionsField(), description: 'ARNs notified when the alarm fires (SNS topics, arn:aws:automate:<region>:ec2:recover...).', default: [] },
  ok_actions: { type: actionsField(), description: 'ARNs notified when the alarm returns to OK.', default: [] },
  description: { type: stringField({ maxLength: 1024 }), description: 'Shown in CloudWatch and in notifications.' },
} satisfies MappingSpec;
