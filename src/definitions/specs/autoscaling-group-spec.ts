import { amiField, availabilityZoneField, instanceTypeField, keyNameField, securityGroupField, subnetField } from '../aws-fields.js';
import { DEFAULTS } from '../defaults.js';
import { booleanField, enumField, listField, numberField, stringField } from '../field-types.js';
import { objectField, type MappingResult, type MappingSpec } from '../read-mapping.js';
import type { HealthCheck, TargetTrackingMetric } from '../../model/resources.js';
import { buildScalingPolicy } from '../build-scaling-policy.js';
import { commonSpec } from './common-spec.js';
import { userDataField } from './instance-spec.js';
import { rootVolumeField } from './root-volume-spec.js';

export const TARGET_TRACKING_METRICS: readonly TargetTrackingMetric[] = [
  'ASGAverageCPUUtilization',
  'ASGAverageNetworkIn',
  'ASGAverageNetworkOut',
  'ALBRequestCountPerTarget',
];

export const launchTemplateSpec = {
  ami: { type: amiField(), required: true, description: 'AMI id of new instances; a change rolls the group (instance refresh).' },
  instance_type: { type: instanceTypeField(), required: true, description: 'EC2 instance type of new instances; a change rolls the group.' },
  user_data: { type: userDataField(), description: 'Script run at first boot. Never shown in plans or logs.' },
  key_name: { type: keyNameField(), description: 'EC2 key pair; defaults to the environment\'s default_key_name.' },
  security_groups: { type: listField(securityGroupField(), { unique: true }), description: 'Security group ids; default to the environment\'s default_security_groups.' },
  monitoring: { type: booleanField(), description: 'Detailed (1-minute) CloudWatch monitoring.', default: DEFAULTS.monitoring },
  root_volume: { type: rootVolumeField('launch_template.root_volume'), description: 'The boot volume; when absent the AMI\'s own.' },
} satisfies MappingSpec;

export const scalingPolicySpec = {
  name: { type: stringField({ pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/, expected: 'a policy name of letters, digits, - _ and .' }), description: 'Policy name; defaults to <metric>-target (cpu-target, network-in-target...).' },
  metric: { type: enumField(TARGET_TRACKING_METRICS), required: true, description: 'Predefined metric to track.' },
  target_value: { type: numberField({ min: 0, exclusiveMin: true }), required: true, description: 'Value the group keeps the metric at, e.g. 70 (% CPU).' },
  disable_scale_in: { type: booleanField(), description: 'Only scale out; never remove instances.', default: DEFAULTS.disableScaleIn },
  estimated_warmup_seconds: { type: numberField({ integer: true, min: 0, max: 86400 }), description: 'Seconds before a new instance counts in the metric.' },
  resource_label: {
    type: stringField({ pattern: /^app\/[^/]+\/[0-9a-f]+\/targetgroup\/[^/]+\/[0-9a-f]+$/, expected: 'a label like app/my-alb/1234567890abcdef/targetgroup/my-tg/fedcba0987654321' }),
    description: 'Required with ALBRequestCountPerTarget (and only then): the load balancer and target group.',
  },
} satisfies MappingSpec;

export const healthCheckSpec = {
  type: { type: enumField(['EC2', 'ELB'] as const), description: 'EC2 status checks, or also the load balancer\'s.', default: DEFAULTS.healthCheck.type },
  grace_period_seconds: {
    type: numberField({ integer: true, min: 0, max: 7200 }),
    description: 'Seconds after launch before health checks count.',
    default: DEFAULTS.healthCheck.gracePeriodSeconds,
  },
} satisfies MappingSpec;

export const autoscalingGroupSpec = {
  ...commonSpec('autoscaling-group'),
  launch_template: { type: objectField(launchTemplateSpec, { what: 'launch_template' }), required: true, description: 'What each instance of the group is.' },
  min_size: { type: numberField({ integer: true, min: 0 }), required: true, description: 'Fewest instances.' },
  max_size: { type: numberField({ integer: true, min: 0 }), required: true, description: 'Most instances.' },
  desired_capacity: {
    type: numberField({ integer: true, min: 0 }),
    description: 'Exact number of instances (between min_size and max_size). Leave it out to let scaling policies decide; `/scale <group> <n>` writes it.',
  },
  subnets: { type: listField(subnetField(), { minItems: 1, unique: true }), description: 'Subnet ids (set subnets or availability_zones, not both); default: the environment\'s default_subnets.' },
  availability_zones: { type: listField(availabilityZoneField(), { minItems: 1, unique: true }), description: 'Availability zones, for the default VPC (set subnets or availability_zones, not both).' },
  scaling_policies: { type: listField(objectField(scalingPolicySpec, { what: 'scaling policy', refine: buildScalingPolicy })), description: 'Target-tracking scaling policies.', default: [] },
  health_check: { type: objectField(healthCheckSpec, { what: 'health_check', refine: buildHealthCheck }), description: 'How unhealthy instances are found; default EC2 with 300 s grace.' },
} satisfies MappingSpec;

function buildHealthCheck(m: MappingResult<typeof healthCheckSpec>): HealthCheck {
  return { type: m.values.type ?? DEFAULTS.healthCheck.type, gracePeriodSeconds: m.values.grace_period_seconds ?? DEFAULTS.healthCheck.gracePeriodSeconds };
}

/** subnets XOR availability_zones (or neither: the environment's default subnets). */
export const AUTOSCALING_GROUP_EXCLUSIVE = [{ keys: ['subnets', 'availability_zones'], required: false }];
