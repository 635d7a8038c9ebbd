import type { Architecture } from '../../catalog/instance-types.js';
import type { AlarmStateValue, InstanceRefreshStatus, InstanceState } from '../../model/observed.js';
import type {
  AlarmSettings,
  HealthCheck,
  InstanceSettings,
  LaunchTemplateSpec,
  RootVolume,
  TargetTrackingPolicy,
} from '../../model/resources.js';

/**
 * The sim's world: what AWS would hold for one account, across regions. Timestamps are epoch
 * milliseconds of the injected clock; transitions are derived lazily from them.
 */
export interface SimImage {
  id: string;
  architecture: Architecture;
  name?: string;
}

export interface SimInstance extends InstanceSettings {
  id: string;
  region: string;
  state: InstanceState;
  /** When `state` was entered. */
  since: number;
  rootVolume?: RootVolume;
  /** sha256 of the user data: the sim never keeps an instance's user data itself (it may hold secrets). */
  userDataSha256?: string;
  launchTime: number;
  availabilityZone: string;
  tags: Record<string, string>;
  /** Group name (same region) when an Auto Scaling group launched it. */
  memberOfGroup?: string;
  /** The launch template version a group member was launched from. */
  launchTemplateVersion?: string;
}

export interface SimLaunchTemplate {
  id: string;
  name: string;
  region: string;
  tags: Record<string, string>;
  /** versions[n - 1] is version n. */
  versions: LaunchTemplateSpec[];
  /** Deleted templates stay resolvable by id for a group being deleted, never by name. */
  deleted?: boolean;
}

export interface SimRefresh {
  id: string;
  status: InstanceRefreshStatus;
  startTime: number;
  minHealthyPercentage: number;
  /** Members that needed replacing when the refresh began running. */
  total: number;
  replaced: number;
  /** When the next batch is replaced. */
  nextStepAt: number;
  endTime?: number;
}

export interface SimGroup {
  name: string;
  region: string;
  tags: Record<string, string>;
  /** As given: a version number, `$Latest` or `$Default`. */
  launchTemplate: { id: string; version: string };
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  subnetIds: string[];
  availabilityZones: string[];
  healthCheck: HealthCheck;
  policies: TargetTrackingPolicy[];
  /** Oldest first; a few are kept. */
  refreshes: SimRefresh[];
  createdAt: number;
  /** Set by a force delete: the group shows `Delete in progress` until its members are gone. */
  deletingSince?: number;
}

export interface SimAlarm extends AlarmSettings {
  name: string;
  region: string;
  tags: Record<string, string>;
  stateValue: AlarmStateValue;
  updatedAt: number;
}

/** What an idempotency token was first used for. */
export interface SimTokenRecord {
  /** Instance id (RunInstances) or `lt-...:version` (launch templates). */
  result: string;
  /** Hash of the request's parameters: the same token with other parameters is IdempotentParameterMismatch. */
  fingerprint: string;
}

export interface SimState {
  /** Feeds every generated id, so ids are unique and reproducible. */
  nextId: number;
  instances: Map<string, SimInstance>;
  launchTemplates: Map<string, SimLaunchTemplate>;
  /** Keyed by regionKey(region, name). */
  groups: Map<string, SimGroup>;
  /** Keyed by regionKey(region, name). */
  alarms: Map<string, SimAlarm>;
  images: Map<string, SimImage>;
  /** Keyed by regionKey(region, token). */
  tokens: Map<string, SimTokenRecord>;
}

/** A fleet with nothing in it. */
export function createEmptyState(): SimState {
  return {
    nextId: 1,
    instances: new Map(),
    launchTemplates: new Map(),
    groups: new Map(),
    alarms: new Map(),
    images: new Map(),
    tokens: new Map(),
  };
}

/** Group, alarm and token names are unique per region, as in AWS. */
export function regionKey(region: string, name: string): string {
  return `${region}/${name}`;
}

/**
 * A copy of an instance's settings alone (no tags, state or ids), so the sim never shares an
 * array with a request or with what a read hands out.
 *
 * @example
 * const inst: SimInstance = { id, region, ...copyInstanceSettings(req), ... };
 */
export function copyInstanceSettings(s: InstanceSettings): InstanceSettings {
  return {
    instanceType: s.instanceType,
    ami: s.ami,
    subnetId: s.subnetId,
    securityGroupIds: [...s.securityGroupIds],
    ...(s.keyName ? { keyName: s.keyName } : {}),
    monitoring: s.monitoring,
    ebsOptimized: s.ebsOptimized,
  };
}
