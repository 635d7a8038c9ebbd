import type { ResourceKind } from '../model/resources.js';
import type { MappingSpec } from './read-mapping.js';
import { alarmSpec } from './specs/alarm-spec.js';
import { autoscalingGroupSpec } from './specs/autoscaling-group-spec.js';
import { instanceSpec } from './specs/instance-spec.js';

/** The spec each resource kind is read with. */
export const RESOURCE_SPECS: Readonly<Record<ResourceKind, MappingSpec>> = {
  instance: instanceSpec,
  'autoscaling-group': autoscalingGroupSpec,
  alarm: alarmSpec,
};
