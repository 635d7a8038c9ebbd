import { randomBytes } from 'node:crypto';
import { DEFAULT_IMAGES, type FakeImage } from './fake-catalog.js';

/** EC2 instance states, with the transitional ones that settle on a later describe. */
export type FakeInstanceState = 'pending' | 'running' | 'stopping' | 'stopped' | 'shutting-down' | 'terminated';

export interface FakeInstance {
  id: string;
  reservationId: string;
  state: FakeInstanceState;
  /** Describes left before a transitional state settles (pending -> running...). */
  stepsLeft: number;
  instanceType: string;
  ami: string;
  subnetId: string;
  securityGroupIds: string[];
  keyName?: string;
  monitoring: boolean;
  ebsOptimized: boolean;
  userData?: string;
  rootDeviceName: string;
  volumeId: string;
  volume: { sizeGiB: number; volumeType: string; encrypted: boolean; iops?: number; tags: Record<string, string> };
  tags: Record<string, string>;
  launchTime: Date;
  availabilityZone: string;
  clientToken?: string;
  /** Set for instances an Auto Scaling group launched. */
  group?: { name: string; templateId: string; templateName: string; version: string };
}

export interface FakeTemplateVersion {
  number: number;
  /** LaunchTemplateData as the SDK sent it (unflattened query params). */
  data: Record<string, unknown>;
  createTime: Date;
}

export interface FakeTemplate {
  id: string;
  name: string;
  versions: FakeTemplateVersion[];
  defaultVersion: number;
  tags: Record<string, string>;
  createTime: Date;
}

export interface FakeGroupTag {
  key: string;
  value: string;
  propagate: boolean;
}

export interface FakeGroup {
  name: string;
  arn: string;
  template: { id: string; name: string; version: string };
  min: number;
  max: number;
  desired: number;
  subnetIds: string[];
  availabilityZones: string[];
  healthCheckType: string;
  healthCheckGracePeriod: number;
  tags: FakeGroupTag[];
  instanceIds: string[];
  createdTime: Date;
  status?: string;
  /** After a force delete: describes left while it shows `Delete in progress`. */
  deleteStepsLeft?: number;
}

export interface FakePolicy {
  groupName: string;
  name: string;
  arn: string;
  type: string;
  config: Record<string, unknown>;
  estimatedWarmup?: number;
  alarmNames: string[];
}

export interface FakeRefresh {
  id: string;
  groupName: string;
  status: string;
  percent: number;
  startTime: Date;
  endTime?: Date;
  minHealthyPercentage: number;
  /** Describes left until it completes. */
  stepsLeft: number;
  instancesToUpdate: number;
}

export interface FakeAlarm {
  name: string;
  arn: string;
  /** PutMetricAlarm's input as sent (JSON protocol), minus Tags. */
  input: Record<string, unknown>;
  tags: Record<string, string>;
  stateValue: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  updated: Date;
}

/** The resources of one account in one region. */
export interface FakeRegion {
  name: string;
  account: string;
  instances: Map<string, FakeInstance>;
  templates: Map<string, FakeTemplate>;
  groups: Map<string, FakeGroup>;
  policies: FakePolicy[];
  refreshes: FakeRefresh[];
  alarms: Map<string, FakeAlarm>;
  images: Map<string, FakeImage>;
  /** ClientToken -> what the first call made, per idempotent operation. */
  tokens: Map<string, { hash: string; result: string[] }>;
}

export function createRegion(account: string, name: string, images: readonly FakeImage[] = DEFAULT_IMAGES): FakeRegion {
  return {
    name,
    account,
    instances: new Map(),
    templates: new Map(),
    groups: new Map(),
    policies: [],
    refreshes: [],
    alarms: new Map(),
    images: new Map(images.map((i) => [i.id, i])),
    tokens: new Map(),
  };
}

/** AWS-style resource ids: `i-` + 17 hex digits. */
export function newId(prefix: string, hexDigits = 17): string {
  return `${prefix}-${randomBytes(Math.ceil(hexDigits / 2)).toString('hex').slice(0, hexDigits)}`;
}

/** A subnet's availability zone: stable per subnet id, as in AWS. */
export function zoneOfSubnet(region: string, subnetId: string): string {
  const last = subnetId.charCodeAt(subnetId.length - 1) || 0;
  return `${region}${'abc'[last % 3]}`;
}
