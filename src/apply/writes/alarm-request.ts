import type { PutAlarmRequest } from '../../cloud/provider.js';
import { managedTags } from '../../model/identity.js';
import type { AlarmSpec } from '../../model/resources.js';
import { TARGET_DIMENSION } from '../../model/resources.js';

/**
 * The full PutMetricAlarm request for a desired alarm, with its target's dimension resolved.
 *
 * @example alarmRequest(cpuHigh, 'prod-cpu-high', 'prod-web').dimensions // { AutoScalingGroupName: 'prod-web' }
 */
export function alarmRequest(desired: AlarmSpec, physicalName: string, targetPhysicalId?: string): PutAlarmRequest {
  const dimensions = { ...desired.dimensions };
  if (desired.target && targetPhysicalId !== undefined) dimensions[TARGET_DIMENSION[desired.target.kind]] = targetPhysicalId;
  return {
    name: physicalName,
    namespace: desired.namespace,
    metricName: desired.metricName,
    dimensions,
    statistic: desired.statistic,
    periodSeconds: desired.periodSeconds,
    evaluationPeriods: desired.evaluationPeriods,
    datapointsToAlarm: desired.datapointsToAlarm,
    threshold: desired.threshold,
    comparison: desired.comparison,
    treatMissingData: desired.treatMissingData,
    alarmActions: desired.alarmActions,
    okActions: desired.okActions,
    description: desired.description,
    tags: managedTags(desired.tags, desired),
  };
}
