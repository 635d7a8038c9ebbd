import type { TargetTrackingMetric, TargetTrackingPolicy } from '../model/resources.js';
import { DEFAULTS } from './defaults.js';
import type { ReadContext } from './field-types.js';
import type { MappingResult } from './read-mapping.js';
import type { scalingPolicySpec } from './specs/autoscaling-group-spec.js';

/** Default policy names: `cpu-target`, `network-in-target`... */
const METRIC_SLUG: Record<TargetTrackingMetric, string> = {
  ASGAverageCPUUtilization: 'cpu',
  ASGAverageNetworkIn: 'network-in',
  ASGAverageNetworkOut: 'network-out',
  ALBRequestCountPerTarget: 'alb-requests',
};

/**
 * A target-tracking policy with defaults; CPU targets are percentages, and AWS needs a
 * resource label for (and only for) ALBRequestCountPerTarget.
 *
 * @example objectField(scalingPolicySpec, { refine: buildScalingPolicy }) // { metric, target_value: 70 } -> { name: 'cpu-target', ... }
 */
export function buildScalingPolicy(m: MappingResult<typeof scalingPolicySpec>, ctx: ReadContext, label: string): TargetTrackingPolicy | undefined {
  const v = m.values;
  if (v.metric === undefined || v.target_value === undefined) return undefined;
  if (v.metric === 'ASGAverageCPUUtilization' && v.target_value > 100) {
    ctx.bag.error(m.at('target_value'), `${label}.target_value ${v.target_value} is above 100; ASGAverageCPUUtilization is a percentage`);
    return undefined;
  }
  const isAlb = v.metric === 'ALBRequestCountPerTarget';
  if (isAlb && v.resource_label === undefined) {
    ctx.bag.error(m.at('metric'), `${label} with metric ALBRequestCountPerTarget needs resource_label (app/<alb>/<id>/targetgroup/<tg>/<id>)`);
    return undefined;
  }
  if (!isAlb && v.resource_label !== undefined) {
    ctx.bag.error(m.at('resource_label'), `${label}.resource_label is only for metric ALBRequestCountPerTarget; remove it`);
    return undefined;
  }
  const policy: TargetTrackingPolicy = {
    name: v.name ?? `${METRIC_SLUG[v.metric]}-target`,
    metric: v.metric,
    targetValue: v.target_value,
    disableScaleIn: v.disable_scale_in ?? DEFAULTS.disableScaleIn,
  };
  if (v.estimated_warmup_seconds !== undefined) policy.estimatedWarmupSeconds = v.estimated_warmup_seconds;
  if (v.resource_label !== undefined) policy.resourceLabel = v.resource_label;
  return policy;
}
