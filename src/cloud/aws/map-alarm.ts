import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { AlarmStateValue, ObservedAlarm } from '../../model/observed.js';
import type { AlarmStatistic, ComparisonOperator, TreatMissingData } from '../../model/resources.js';
import { readTagFooter } from './alarm-tag-footer.js';

/**
 * A CloudWatch metric alarm as the model sees it; its tags come from the description footer
 * (alarm-tag-footer.ts), so an alarm without one is unmanaged.
 *
 * @example
 * mapAlarm({ AlarmName: 'prod-web-cpu', AlarmDescription: 'qm-tags: {"qm:env":"prod",...}', ... }).tags['qm:env'] // 'prod'
 */
export function mapAlarm(a: MetricAlarm): ObservedAlarm {
  const { description, tags } = readTagFooter(a.AlarmDescription);
  const out: ObservedAlarm = {
    kind: 'alarm',
    name: a.AlarmName ?? '',
    tags,
    namespace: a.Namespace ?? '',
    metricName: a.MetricName ?? '',
    dimensions: Object.fromEntries((a.Dimensions ?? []).map((d) => [d.Name ?? '', d.Value ?? ''])),
    // Percentile alarms use ExtendedStatistic (p99); such alarms are never Quartermaster's.
    statistic: (a.Statistic ?? a.ExtendedStatistic ?? 'Average') as AlarmStatistic,
    periodSeconds: a.Period ?? 0,
    evaluationPeriods: a.EvaluationPeriods ?? 0,
    threshold: a.Threshold ?? 0,
    comparison: (a.ComparisonOperator ?? 'GreaterThanThreshold') as ComparisonOperator,
    // AWS leaves TreatMissingData out when it is the default.
    treatMissingData: (a.TreatMissingData ?? 'missing') as TreatMissingData,
    alarmActions: a.AlarmActions ?? [],
    okActions: a.OKActions ?? [],
  };
  if (a.DatapointsToAlarm !== undefined) out.datapointsToAlarm = a.DatapointsToAlarm;
  if (description !== undefined) out.description = description;
  if (a.StateValue) out.stateValue = a.StateValue as AlarmStateValue;
  return out;
}
