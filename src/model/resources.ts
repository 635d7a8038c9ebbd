import type { SourceLocation } from './source-location.js';

/**
 * The validated, defaulted model of the definitions: what the fleet should be.
 * Produced by src/definitions from YAML; read by plan, apply and every door.
 */
export type ResourceKind = 'instance' | 'autoscaling-group' | 'alarm';

export interface ResourceCommon {
  kind: ResourceKind;
  /** Unique per kind within an environment; shown to people; may be renamed. */
  name: string;
  /** Written once into the definition; the identity that survives renames (tag `qm:uuid`). */
  uuid: string;
  env: string;
  /** Environment default tags merged with the resource's own; never contains `qm:` keys. */
  tags: Record<string, string>;
  /** `deleted: true` in the definition: the only way a managed resource is ever destroyed. */
  deleted: boolean;
  /** Where the resource's `name` is written. */
  source: SourceLocation;
}

export type VolumeType = 'gp2' | 'gp3' | 'io1' | 'io2' | 'st1' | 'sc1' | 'standard';

export interface RootVolume {
  sizeGiB: number;
  volumeType: VolumeType;
  encrypted: boolean;
  iops?: number;
}

/** Desired power state; `/shutdown dev` writes `stopped`. */
export type DesiredPowerState = 'running' | 'stopped';

/** An instance's settings as AWS knows them: shared by the definition, the live state and the launch request. */
export interface InstanceSettings {
  instanceType: string;
  ami: string;
  subnetId: string;
  securityGroupIds: string[];
  keyName?: string;
  monitoring: boolean;
  ebsOptimized: boolean;
}

export interface InstanceSpec extends ResourceCommon, InstanceSettings {
  kind: 'instance';
  rootVolume: RootVolume;
  userData?: string;
  state: DesiredPowerState;
}

export interface LaunchTemplateSpec {
  ami: string;
  instanceType: string;
  userData?: string;
  keyName?: string;
  securityGroupIds: string[];
  monitoring: boolean;
  rootVolume?: RootVolume;
}

export type TargetTrackingMetric =
  | 'ASGAverageCPUUtilization'
  | 'ASGAverageNetworkIn'
  | 'ASGAverageNetworkOut'
  | 'ALBRequestCountPerTarget';

export interface TargetTrackingPolicy {
  name: string;
  metric: TargetTrackingMetric;
  targetValue: number;
  disableScaleIn: boolean;
  estimatedWarmupSeconds?: number;
  /**
   * Required by AWS for ALBRequestCountPerTarget (and only for it):
   * `app/<load-balancer-name>/<id>/targetgroup/<target-group-name>/<id>`.
   */
  resourceLabel?: string;
}

export interface HealthCheck {
  type: 'EC2' | 'ELB';
  gracePeriodSeconds: number;
}

export interface AutoScalingGroupSpec extends ResourceCommon {
  kind: 'autoscaling-group';
  launchTemplate: LaunchTemplateSpec;
  minSize: number;
  maxSize: number;
  /**
   * Undefined: the scaling policies own the capacity and plans never fight them
   * (a new group starts at minSize). Set (`/scale web 5` writes it): kept exactly.
   */
  desiredCapacity?: number;
  /** Exactly one of subnetIds / availabilityZones is non-empty. */
  subnetIds: string[];
  availabilityZones: string[];
  scalingPolicies: TargetTrackingPolicy[];
  healthCheck: HealthCheck;
}

export type AlarmStatistic = 'Average' | 'Sum' | 'Minimum' | 'Maximum' | 'SampleCount';
export type ComparisonOperator =
  | 'GreaterThanOrEqualToThreshold'
  | 'GreaterThanThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold';
export type TreatMissingData = 'missing' | 'breaching' | 'notBreaching' | 'ignore';

/** A reference by name to a resource in the same environment, resolved before it exists. */
export interface ResourceRef {
  kind: 'instance' | 'autoscaling-group';
  name: string;
  uuid: string;
}

/** A metric alarm's settings as CloudWatch knows them: shared by the definition, the live state and the put request. */
export interface AlarmSettings {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  statistic: AlarmStatistic;
  periodSeconds: number;
  evaluationPeriods: number;
  datapointsToAlarm?: number;
  threshold: number;
  comparison: ComparisonOperator;
  treatMissingData: TreatMissingData;
  alarmActions: string[];
  okActions: string[];
  description?: string;
}

/** The dimension an alarm on a resource of each kind carries, which its `target` adds. */
export const TARGET_DIMENSION = { instance: 'InstanceId', 'autoscaling-group': 'AutoScalingGroupName' } as const satisfies Record<ResourceRef['kind'], string>;

export interface AlarmSpec extends ResourceCommon, AlarmSettings {
  kind: 'alarm';
  /** Literal dimensions. When `target` is set, its dimension (InstanceId or AutoScalingGroupName) is added at plan/apply time. */
  dimensions: Record<string, string>;
  target?: ResourceRef;
}

export type ResourceSpec = InstanceSpec | AutoScalingGroupSpec | AlarmSpec;

export interface EnvironmentSpec {
  name: string;
  region: string;
  /** 12 digits; apply refuses when the credentials act in another account. */
  accountId: string;
  /** Assumed through STS for this environment (one fleet over several accounts). */
  roleArn?: string;
  defaultTags: Record<string, string>;
  defaultSubnetIds: string[];
  defaultSecurityGroupIds: string[];
  defaultKeyName?: string;
  source: SourceLocation;
}

/** Everything loaded from one definitions repository. */
export interface Definitions {
  /** Absolute path of the definitions root. */
  root: string;
  environments: EnvironmentSpec[];
  resources: ResourceSpec[];
  /** Path (relative to root) of policy.yml when present; its content is validated by src/gates. */
  policyFile?: string;
}
