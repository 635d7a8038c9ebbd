import type { PutAlarmRequest } from '../provider.js';
import { awsError } from './aws-errors.js';
import { regionKey, type SimAlarm, type SimState } from './sim-state.js';
import { checkTagKeys } from './validation.js';

/**
 * CloudWatch metric alarms on the sim's state. As in CloudWatch, PutMetricAlarm overwrites an
 * existing alarm's configuration but ignores its Tags: tags of an existing alarm change only
 * through TagResource / UntagResource (updateTags).
 */
export function putAlarm(state: SimState, now: number, region: string, req: PutAlarmRequest): void {
  const operation = 'PutMetricAlarm';
  if (![10, 30].includes(req.periodSeconds) && (req.periodSeconds < 60 || req.periodSeconds % 60 !== 0)) {
    throw awsError('ValidationError', `The parameter Period must be 10, 30 or a multiple of 60, not ${req.periodSeconds}.`, { operation, details: { alarmName: req.name } });
  }
  if (req.evaluationPeriods < 1) {
    throw awsError('ValidationError', 'The parameter EvaluationPeriods must be greater than or equal to 1.', { operation, details: { alarmName: req.name } });
  }
  if (req.datapointsToAlarm !== undefined && (req.datapointsToAlarm < 1 || req.datapointsToAlarm > req.evaluationPeriods)) {
    throw awsError('ValidationError', 'DatapointsToAlarm must be between 1 and EvaluationPeriods.', { operation, details: { alarmName: req.name } });
  }
  checkTagKeys(operation, Object.keys(req.tags));
  const key = regionKey(region, req.name);
  const existing = state.alarms.get(key);
  const { tags, dimensions, alarmActions, okActions, ...rest } = req;
  const alarm: SimAlarm = {
    ...structuredClone(rest),
    dimensions: { ...dimensions },
    alarmActions: [...alarmActions],
    okActions: [...okActions],
    region,
    tags: existing ? existing.tags : { ...tags },
    stateValue: existing?.stateValue ?? 'INSUFFICIENT_DATA',
    updatedAt: now,
  };
  state.alarms.set(key, alarm);
}

/** DeleteAlarms: all or nothing; one unknown name deletes none (as CloudWatch). */
export function deleteAlarms(state: SimState, region: string, names: string[]): void {
  const missing = names.filter((n) => !state.alarms.has(regionKey(region, n)));
  if (missing.length > 0) {
    throw awsError('ResourceNotFound', 'The named resource does not exist.', { operation: 'DeleteAlarms', details: { alarmNames: missing } });
  }
  for (const n of names) state.alarms.delete(regionKey(region, n));
}
