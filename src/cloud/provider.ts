import type {
  InstanceRefreshStatus,
  InstanceState,
  ObservedFleet,
} from '../model/observed.js';
import type {
  AlarmSpec,
  HealthCheck,
  InstanceSettings,
  LaunchTemplateSpec,
  RootVolume,
  TargetTrackingPolicy,
} from '../model/resources.js';

/**
 * The CloudProvider port: everything the engine needs from a cloud, shaped after AWS's real
 * APIs (batched, paginated reads; idempotency tokens on creates; waiters). Implemented by
 * cloud/sim (an embedded fleet in a JSON file) and cloud/aws (SDK v3).
 *
 * Failures are thrown as QmError subclasses (src/errors.ts) carrying the provider's error
 * code; throttling is retried inside the provider and only surfaces when attempts run out.
 */
export interface EnvTarget {
  env: string;
  region: string;
  accountId: string;
  roleArn?: string;
}

export interface RunInstanceRequest extends InstanceSettings {
  /** Derived from the plan and the resource uuid, so a retried or re-run create never makes a second instance. */
  clientToken: string;
  rootVolume: RootVolume;
  userData?: string;
  /** Full tag set including qm: identity tags; set at creation so no instance ever exists untagged. */
  tags: Record<string, string>;
}

/** Attributes changed in place on an existing instance (instanceType only while stopped). */
export interface ModifyInstanceRequest {
  instanceType?: string;
  monitoring?: boolean;
  ebsOptimized?: boolean;
  securityGroupIds?: string[];
  userData?: string;
}

export interface LaunchTemplateRef {
  id: string;
  version: string;
}

export interface PutLaunchTemplateRequest {
  /** The template is named after the group's physical name. */
  name: string;
  spec: LaunchTemplateSpec;
  tags: Record<string, string>;
  clientToken: string;
}

export interface CreateGroupRequest {
  name: string;
  launchTemplate: LaunchTemplateRef;
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  subnetIds: string[];
  availabilityZones: string[];
  healthCheck: HealthCheck;
  /** Set on the group (with PropagateAtLaunch for non-qm tags). */
  tags: Record<string, string>;
}

export interface UpdateGroupRequest {
  launchTemplate?: LaunchTemplateRef;
  minSize?: number;
  maxSize?: number;
  desiredCapacity?: number;
  subnetIds?: string[];
  availabilityZones?: string[];
  healthCheck?: HealthCheck;
}

export interface PutAlarmRequest extends Omit<AlarmSpec, 'kind' | 'name' | 'uuid' | 'env' | 'source' | 'deleted' | 'target' | 'tags'> {
  /** Physical alarm name. */
  name: string;
  /** Fully resolved dimensions (a target's InstanceId / AutoScalingGroupName included). */
  dimensions: Record<string, string>;
  /** Full tag set including qm: identity tags. */
  tags: Record<string, string>;
}

export type TaggableKind = 'instance' | 'autoscaling-group' | 'alarm';

export interface WaitOptions {
  timeoutMs: number;
}

export interface CallStats {
  total: number;
  byOperation: Record<string, number>;
}

export interface CloudProvider {
  readonly name: string;

  /** Everything managed or seen in one environment, in a bounded number of batched, paginated calls. */
  readEnvironment(target: EnvTarget): Promise<ObservedFleet>;
  /** The account id the credentials act in; checked against the environment's before any write. */
  callerAccountId(target: EnvTarget): Promise<string>;

  runInstance(target: EnvTarget, req: RunInstanceRequest): Promise<{ instanceId: string }>;
  startInstances(target: EnvTarget, instanceIds: string[]): Promise<void>;
  stopInstances(target: EnvTarget, instanceIds: string[]): Promise<void>;
  terminateInstances(target: EnvTarget, instanceIds: string[]): Promise<void>;
  modifyInstance(target: EnvTarget, instanceId: string, req: ModifyInstanceRequest): Promise<void>;
  /** Resolves once every instance is in `state`; throws a TIMEOUT QmError after `timeoutMs`. */
  waitForInstances(target: EnvTarget, instanceIds: string[], state: InstanceState, opts: WaitOptions): Promise<void>;

  /** Sets and removes tags on resources of one kind (ids: instance ids, group names, alarm names). */
  updateTags(target: EnvTarget, kind: TaggableKind, ids: string[], set: Record<string, string>, remove: string[]): Promise<void>;

  /** Creates the template, or a new version of it when it exists; returns the version to use. */
  putLaunchTemplate(target: EnvTarget, req: PutLaunchTemplateRequest): Promise<LaunchTemplateRef>;
  createGroup(target: EnvTarget, req: CreateGroupRequest): Promise<void>;
  updateGroup(target: EnvTarget, name: string, req: UpdateGroupRequest): Promise<void>;
  /** Force-deletes the group and its instances, and its launch template. */
  deleteGroup(target: EnvTarget, name: string): Promise<void>;
  startInstanceRefresh(target: EnvTarget, groupName: string, opts: { minHealthyPercentage: number }): Promise<{ refreshId: string }>;
  /** Resolves with the final status (Successful, Failed, Cancelled...) or throws TIMEOUT. */
  waitForInstanceRefresh(target: EnvTarget, groupName: string, refreshId: string, opts: WaitOptions): Promise<InstanceRefreshStatus>;
  putScalingPolicy(target: EnvTarget, groupName: string, policy: TargetTrackingPolicy): Promise<void>;
  deleteScalingPolicy(target: EnvTarget, groupName: string, policyName: string): Promise<void>;

  putAlarm(target: EnvTarget, req: PutAlarmRequest): Promise<void>;
  deleteAlarms(target: EnvTarget, names: string[]): Promise<void>;

  /** Calls made since the provider was created (every API call, retries included). */
  callStats(): CallStats;
}
