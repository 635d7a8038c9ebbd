import type {
  AlarmSettings,
  HealthCheck,
  InstanceSettings,
  LaunchTemplateSpec,
  RootVolume,
  TargetTrackingPolicy,
} from './resources.js';

/**
 * What a CloudProvider reads back: the live fleet of one environment. Every observed
 * resource presents its identity as `qm:` tags, however the provider stores it; resources
 * lacking them are unmanaged and only reported.
 */
export type InstanceState = 'pending' | 'running' | 'stopping' | 'stopped' | 'shutting-down' | 'terminated';

export interface ObservedInstance extends InstanceSettings {
  kind: 'instance';
  /** `i-0abc...` */
  id: string;
  state: InstanceState;
  tags: Record<string, string>;
  rootVolume?: RootVolume;
  /**
   * The instance's user data as the provider reads it back. `null`: it has none. Absent: the
   * provider cannot read it in batch, and the differ then does not compare user data.
   */
  userData?: string | null;
  /** ISO 8601. */
  launchTime: string;
  availabilityZone?: string;
  /** Set when an Auto Scaling group launched it: it belongs to that group, not to the definitions. */
  memberOfGroup?: string;
}

export type GroupInstanceLifecycle =
  | 'Pending'
  | 'InService'
  | 'Terminating'
  | 'Terminated'
  | 'Standby'
  | 'Detaching';

export interface ObservedGroupInstance {
  id: string;
  lifecycleState: GroupInstanceLifecycle;
  healthy: boolean;
  instanceType: string;
  /**
   * The template version it was launched from. Another version than the group's means its
   * instance refresh never ran or was cut short (apply died between UpdateAutoScalingGroup and
   * StartInstanceRefresh): only a new refresh replaces it.
   */
  launchTemplateVersion?: string;
}

export type InstanceRefreshStatus =
  | 'Pending'
  | 'InProgress'
  | 'Successful'
  | 'Failed'
  | 'Cancelling'
  | 'Cancelled'
  | 'RollbackInProgress'
  | 'RollbackSuccessful';

export interface ObservedInstanceRefresh {
  id: string;
  status: InstanceRefreshStatus;
  percentComplete: number;
}

export interface ObservedLaunchTemplate extends LaunchTemplateSpec {
  id: string;
  name: string;
  /** The version the group uses, as a number string (`"3"`). */
  version: string;
}

export interface ObservedGroup {
  kind: 'autoscaling-group';
  /** The AWS group name (physical, immutable). */
  name: string;
  tags: Record<string, string>;
  launchTemplate: ObservedLaunchTemplate;
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  subnetIds: string[];
  availabilityZones: string[];
  healthCheck: HealthCheck;
  scalingPolicies: TargetTrackingPolicy[];
  instances: ObservedGroupInstance[];
  /** The newest instance refresh, if any. */
  refresh?: ObservedInstanceRefresh;
  /** AWS `Status`, e.g. `Delete in progress`. */
  status?: string;
}

export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export interface ObservedAlarm extends AlarmSettings {
  kind: 'alarm';
  /** The AWS alarm name (physical, immutable). */
  name: string;
  tags: Record<string, string>;
  /** All dimensions as AWS has them, including a resolved InstanceId / AutoScalingGroupName. */
  dimensions: Record<string, string>;
  stateValue?: AlarmStateValue;
}

export type ObservedResource = ObservedInstance | ObservedGroup | ObservedAlarm;

/** The live state of one environment, read in a bounded number of batched calls. */
export interface ObservedFleet {
  env: string;
  instances: ObservedInstance[];
  groups: ObservedGroup[];
  alarms: ObservedAlarm[];
  /** ISO 8601, when the read finished. */
  readAt: string;
}

/** The physical id a door shows for an observed resource: instance id, group or alarm name. */
export function physicalIdOf(r: ObservedResource): string {
  return r.kind === 'instance' ? r.id : r.name;
}
