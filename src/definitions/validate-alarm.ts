import { isNode } from 'yaml';
import { TARGET_DIMENSION, type AlarmSpec } from '../model/resources.js';
import { locate } from './yaml-source.js';
import { DEFAULTS } from './defaults.js';
import type { EnvContext } from './env-context.js';
import type { ReadContext } from './field-types.js';
import type { MappingResult } from './read-mapping.js';
import { buildCommon, withCommon } from './resource-common.js';
import type { alarmSpec } from './specs/alarm-spec.js';
import type { ValidatedResource } from './validated-resource.js';


/**
 * A CloudWatch alarm model. Its `target` is returned as a reference by name, resolved to the
 * target's uuid once the whole environment is read (the target may be in another file).
 *
 * @example const { model, targetRef } = validateAlarm(m, env, ctx);
 */
export function validateAlarm(m: MappingResult<typeof alarmSpec>, env: EnvContext, ctx: ReadContext): Pick<ValidatedResource, 'model' | 'targetRef'> {
  const common = buildCommon('alarm', m, env, ctx);
  const v = m.values;
  let ok = m.ok;
  const target = v.target;
  const targetAt = (key: string) => {
    const node = m.node.getIn(['target', key], true);
    return isNode(node) ? locate(ctx.source, node) : m.at('target');
  };
  const targetRef = target?.instance
    ? { kind: 'instance' as const, name: target.instance, at: targetAt('instance') }
    : target?.autoscaling_group
      ? { kind: 'autoscaling-group' as const, name: target.autoscaling_group, at: targetAt('autoscaling_group') }
      : undefined;
  const dimensions = v.dimensions ?? {};
  if (targetRef && dimensions[TARGET_DIMENSION[targetRef.kind]] !== undefined) {
    ctx.bag.error(m.at('dimensions'), `dimensions sets ${TARGET_DIMENSION[targetRef.kind]}, which target adds; remove one of them`);
    ok = false;
  }
  const evaluationPeriods = v.evaluation_periods ?? DEFAULTS.alarm.evaluationPeriods;
  const periodSeconds = v.period_seconds ?? DEFAULTS.alarm.periodSeconds;
  if (v.datapoints_to_alarm !== undefined && v.datapoints_to_alarm > evaluationPeriods) {
    ctx.bag.error(m.at('datapoints_to_alarm'), `datapoints_to_alarm ${v.datapoints_to_alarm} is greater than evaluation_periods ${evaluationPeriods}`);
    ok = false;
  }
  // CloudWatch looks back at most one day, or seven days with periods of an hour or more.
  const window = periodSeconds * evaluationPeriods;
  const limit = periodSeconds >= 3600 ? 7 * 86400 : 86400;
  if (window > limit) {
    ctx.bag.error(m.at('evaluation_periods'), `evaluation_periods ${evaluationPeriods} x period_seconds ${periodSeconds} looks back ${window} s, more than CloudWatch's ${limit} s`);
    ok = false;
  }
  if (!common || !ok || v.metric === undefined || v.threshold === undefined || v.comparison === undefined) return { targetRef };

  const alarm: AlarmSpec = withCommon(common, {
    namespace: v.namespace ?? DEFAULTS.alarm.namespace,
    metricName: v.metric,
    dimensions,
    statistic: v.statistic ?? DEFAULTS.alarm.statistic,
    periodSeconds,
    evaluationPeriods,
    threshold: v.threshold,
    comparison: v.comparison,
    treatMissingData: v.treat_missing_data ?? DEFAULTS.alarm.treatMissingData,
    alarmActions: v.alarm_actions ?? [],
    okActions: v.ok_actions ?? [],
  });
  if (v.datapoints_to_alarm !== undefined) alarm.datapointsToAlarm = v.datapoints_to_alarm;
  if (v.description !== undefined) alarm.description = v.description;
  return { model: alarm, targetRef };
}
