import type { ObservedAlarm } from '../model/observed.js';
import type { AlarmSpec } from '../model/resources.js';
import { addTagFields, emptyFieldSet, observedName, setIf, sortedList, type FieldSet } from './field-set.js';

/** The alarm attributes PutMetricAlarm sets, shared by the definition and the live alarm. */
type AlarmShape = Omit<ObservedAlarm, 'kind' | 'name' | 'tags' | 'stateValue'>;

/**
 * The comparable fields of an alarm definition, with its target's dimension already resolved
 * (`dimensions` is the full set AWS will hold).
 */
export function desiredAlarmFields(spec: AlarmSpec, dimensions: Record<string, string>): FieldSet {
  const f = emptyFieldSet();
  f.values.name = spec.name;
  addAlarmShape(f, { ...spec, dimensions });
  addTagFields(f, spec.tags);
  return f;
}

/** The comparable fields of a live alarm (its state value is not a setting). */
export function observedAlarmFields(obs: ObservedAlarm): FieldSet {
  const f = emptyFieldSet();
  setIf(f, 'name', observedName(obs.tags));
  addAlarmShape(f, obs);
  addTagFields(f, obs.tags);
  return f;
}

function addAlarmShape(f: FieldSet, a: AlarmShape): void {
  f.values.namespace = a.namespace;
  f.values.metric = a.metricName;
  for (const key of Object.keys(a.dimensions).sort()) f.values[`dimensions.${key}`] = a.dimensions[key];
  f.values.statistic = a.statistic;
  f.values.period_seconds = a.periodSeconds;
  f.values.evaluation_periods = a.evaluationPeriods;
  setIf(f, 'datapoints_to_alarm', a.datapointsToAlarm);
  f.values.threshold = a.threshold;
  f.values.comparison = a.comparison;
  f.values.treat_missing_data = a.treatMissingData;
  f.values.alarm_actions = sortedList(a.alarmActions);
  f.values.ok_actions = sortedList(a.okActions);
  setIf(f, 'description', a.description);
}
