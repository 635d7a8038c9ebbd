/**
 * Small, realistic fixtures for the differ and everything downstream of a Plan. Every builder
 * takes overrides; identities (uuids, instance ids) are derived from env/kind/name so fixtures
 * are deterministic and snapshots stable.
 *
 * @example
 * const web = aGroupSpec({ name: 'web', desiredCapacity: 3 });
 * const plan = planOf([web], [observedGroupOf(web, { desiredCapacity: 2 })]);
 */
import { createHash } from 'node:crypto';
import { managedTags, physicalName } from '../../src/model/identity.js';
import type { ObservedAlarm, ObservedFleet, ObservedGroup, ObservedInstance, ObservedResource } from '../../src/model/observed.js';
import type { Plan } from '../../src/model/plan.js';
import type { AlarmSpec, AutoScalingGroupSpec, EnvironmentSpec, InstanceSpec, ResourceSpec } from '../../src/model/resources.js';
import { createPlan } from '../../src/plan/index.js';
import type { PlanInput } from '../../src/plan/index.js';

export const FIXED_NOW = new Date('2026-03-01T12:00:00Z');

function hex(seed: string): string {
  return createHash('sha256').update(seed).digest('hex');
}

/** A deterministic RFC 4122-shaped uuid for a seed. */
export function uuidFor(seed: string): string {
  const h = hex(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A deterministic `i-0...` id for a seed. */
export function instanceIdFor(seed: string): string {
  return `i-0${hex(`instance:${seed}`).slice(0, 16)}`;
}

function identity<T extends { env?: string; name?: string; uuid?: string }>(kind: string, o: T, defName: string): { env: string; name: string; uuid: string } {
  const env = o.env ?? 'prod';
  const name = o.name ?? defName;
  return { env, name, uuid: o.uuid ?? uuidFor(`${env}/${kind}/${name}`) };
}

export function anEnvironment(overrides: Partial<EnvironmentSpec> = {}): EnvironmentSpec {
  const name = overrides.name ?? 'prod';
  return {
    name,
    region: 'us-east-1',
    accountId: '123456789012',
    defaultTags: { owner: 'platform' },
    defaultSubnetIds: ['subnet-0a1b2c3d'],
    defaultSecurityGroupIds: ['sg-0default'],
    source: { file: `environments/${name}/environment.yml`, line: 1, col: 1 },
    ...overrides,
  };
}

export function anInstanceSpec(overrides: Partial<InstanceSpec> = {}): InstanceSpec {
  const id = identity('instance', overrides, 'bastion');
  return {
    kind: 'instance',
    ...id,
    tags: { team: 'platform' },
    deleted: false,
    source: { file: `environments/${id.env}/${id.name}.yml`, line: 2, col: 7 },
    instanceType: 't3.small',
    ami: 'ami-0abcdef1234567890',
    subnetId: 'subnet-0a1b2c3d',
    securityGroupIds: ['sg-0ssh'],
    keyName: 'ops',
    monitoring: false,
    ebsOptimized: false,
    rootVolume: { sizeGiB: 20, volumeType: 'gp3', encrypted: true },
    state: 'running',
    ...overrides,
  };
}

/** The live instance that matches a definition exactly (user data readable). */
export function observedInstanceOf(spec: InstanceSpec, overrides: Partial<ObservedInstance> = {}): ObservedInstance {
  return {
    kind: 'instance',
    id: instanceIdFor(spec.uuid),
    state: spec.state,
    tags: managedTags(spec.tags, spec),
    instanceType: spec.instanceType,
    ami: spec.ami,
    subnetId: spec.subnetId,
    securityGroupIds: [...spec.securityGroupIds],
    ...(spec.keyName !== undefined ? { keyName: spec.keyName } : {}),
    monitoring: spec.monitoring,
    ebsOptimized: spec.ebsOptimized,
    rootVolume: { ...spec.rootVolume },
    userData: spec.userData ?? null,
    launchTime: '2026-01-15T08:30:00.000Z',
    availabilityZone: 'us-east-1a',
    ...overrides,
  };
}

export function anObservedInstance(overrides: Partial<ObservedInstance> = {}): ObservedInstance {
  return observedInstanceOf(anInstanceSpec(), overrides);
}

export function aGroupSpec(overrides: Partial<AutoScalingGroupSpec> = {}): AutoScalingGroupSpec {
  const id = identity('autoscaling-group', overrides, 'web');
  return {
    kind: 'autoscaling-group',
    ...id,
    tags: { team: 'web' },
    deleted: false,
    source: { file: `environments/${id.env}/${id.name}.yml`, line: 2, col: 7 },
    launchTemplate: {
      ami: 'ami-0abcdef1234567890',
      instanceType: 't3.small',
      securityGroupIds: ['sg-0web'],
      monitoring: true,
    },
    minSize: 2,
    maxSize: 5,
    subnetIds: ['subnet-0a1b2c3d', 'subnet-0e5f6a7b'],
    availabilityZones: [],
    scalingPolicies: [{ name: 'cpu', metric: 'ASGAverageCPUUtilization', targetValue: 70, disableScaleIn: false }],
    healthCheck: { type: 'EC2', gracePeriodSeconds: 300 },
    ...overrides,
  };
}

/** The live group that matches a definition exactly, with `desiredCapacity` instances in service. */
export function observedGroupOf(spec: AutoScalingGroupSpec, overrides: Partial<ObservedGroup> = {}): ObservedGroup {
  const name = physicalName(spec.env, spec.name);
  const capacity = overrides.desiredCapacity ?? spec.desiredCapacity ?? spec.minSize;
  return {
    kind: 'autoscaling-group',
    name,
    tags: managedTags(spec.tags, spec),
    launchTemplate: { id: `lt-0${hex(spec.uuid).slice(0, 16)}`, name, version: '1', ...structuredClone(spec.launchTemplate) },
    minSize: spec.minSize,
    maxSize: spec.maxSize,
    desiredCapacity: capacity,
    subnetIds: [...spec.subnetIds],
    availabilityZones: [...spec.availabilityZones],
    healthCheck: { ...spec.healthCheck },
    scalingPolicies: structuredClone(spec.scalingPolicies),
    instances: Array.from({ length: capacity }, (_, i) => ({
      id: instanceIdFor(`${spec.uuid}/${i}`),
      lifecycleState: 'InService' as const,
      healthy: true,
      instanceType: spec.launchTemplate.instanceType,
      launchTemplateVersion: '1',
    })),
    ...overrides,
  };
}

export function anObservedGroup(overrides: Partial<ObservedGroup> = {}): ObservedGroup {
  return observedGroupOf(aGroupSpec(), overrides);
}

export function anAlarmSpec(overrides: Partial<AlarmSpec> = {}): AlarmSpec {
  const id = identity('alarm', overrides, 'web-cpu-high');
  return {
    kind: 'alarm',
    ...id,
    tags: { team: 'web' },
    deleted: false,
    source: { file: `environments/${id.env}/alarms.yml`, line: 2, col: 7 },
    namespace: 'AWS/EC2',
    metricName: 'CPUUtilization',
    dimensions: {},
    statistic: 'Average',
    periodSeconds: 300,
    evaluationPeriods: 2,
    threshold: 80,
    comparison: 'GreaterThanThreshold',
    treatMissingData: 'missing',
    alarmActions: ['arn:aws:sns:us-east-1:123456789012:ops-alerts'],
    okActions: [],
    ...overrides,
  };
}

/** The live alarm that matches a definition; `targetId` is its target's live id or group name. */
export function observedAlarmOf(spec: AlarmSpec, targetId?: string, overrides: Partial<ObservedAlarm> = {}): ObservedAlarm {
  const dimensions = { ...spec.dimensions };
  if (spec.target && targetId) dimensions[spec.target.kind === 'instance' ? 'InstanceId' : 'AutoScalingGroupName'] = targetId;
  return {
    kind: 'alarm',
    name: physicalName(spec.env, spec.name),
    tags: managedTags(spec.tags, spec),
    namespace: spec.namespace,
    metricName: spec.metricName,
    dimensions,
    statistic: spec.statistic,
    periodSeconds: spec.periodSeconds,
    evaluationPeriods: spec.evaluationPeriods,
    ...(spec.datapointsToAlarm !== undefined ? { datapointsToAlarm: spec.datapointsToAlarm } : {}),
    threshold: spec.threshold,
    comparison: spec.comparison,
    treatMissingData: spec.treatMissingData,
    alarmActions: [...spec.alarmActions],
    okActions: [...spec.okActions],
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    stateValue: 'OK',
    ...overrides,
  };
}

export function anObservedAlarm(overrides: Partial<ObservedAlarm> = {}): ObservedAlarm {
  return observedAlarmOf(anAlarmSpec(), undefined, overrides);
}

/** A reference from an alarm to a defined instance or group. */
export function refTo(spec: InstanceSpec | AutoScalingGroupSpec): NonNullable<AlarmSpec['target']> {
  return { kind: spec.kind, name: spec.name, uuid: spec.uuid };
}

export function aFleet(env: string, resources: readonly ObservedResource[] = []): ObservedFleet {
  return {
    env,
    instances: resources.filter((r): r is ObservedInstance => r.kind === 'instance'),
    groups: resources.filter((r): r is ObservedGroup => r.kind === 'autoscaling-group'),
    alarms: resources.filter((r): r is ObservedAlarm => r.kind === 'alarm'),
    readAt: FIXED_NOW.toISOString(),
  };
}

/** The plan input for desired resources and live resources (grouped by their env tag, default prod). */
export function planInputOf(desired: ResourceSpec[], observed: readonly ObservedResource[] = [], envs?: string[]): PlanInput {
  const names = envs ?? [...new Set(['prod', ...desired.map((r) => r.env)])];
  return {
    desired,
    environments: names.map((name) => anEnvironment({ name })),
    actual: names.map((env) => aFleet(env, observed.filter((r) => (r.tags['qm:env'] ?? 'prod') === env))),
    envs: names,
    now: FIXED_NOW,
  };
}

/** createPlan over planInputOf. */
export function planOf(desired: ResourceSpec[], observed: readonly ObservedResource[] = [], envs?: string[]): Plan {
  return createPlan(planInputOf(desired, observed, envs));
}
