import type { ObservedGroup, ObservedInstance } from '../../src/model/observed.js';
import { PLAN_FORMAT_VERSION, type ActionType, type Impact, type Plan, type PlannedAction } from '../../src/model/plan.js';
import type { AutoScalingGroupSpec, InstanceSpec } from '../../src/model/resources.js';

/** Small builders of realistic Plan values for gate tests. */

const source = { file: 'environments/x/web.yml', line: 1, col: 1 };

function instanceSpec(env: string, name: string, over: Partial<InstanceSpec> = {}): InstanceSpec {
  return {
    kind: 'instance',
    name,
    uuid: `uuid-${env}-${name}`,
    env,
    tags: {},
    deleted: false,
    source,
    instanceType: 't3.micro',
    ami: 'ami-0123456789abcdef0',
    subnetId: 'subnet-0123456789abcdef0',
    securityGroupIds: ['sg-0123456789abcdef0'],
    monitoring: false,
    ebsOptimized: false,
    rootVolume: { sizeGiB: 8, volumeType: 'gp3', encrypted: true },
    state: 'running',
    ...over,
  };
}

function observedInstance(env: string, name: string, state: ObservedInstance['state'] = 'running'): ObservedInstance {
  return {
    kind: 'instance',
    id: `i-0${Buffer.from(`${env}${name}`).toString('hex').padEnd(16, '0').slice(0, 16)}`,
    state,
    tags: { 'qm:env': env, 'qm:name': name, 'qm:uuid': `uuid-${env}-${name}` },
    instanceType: 't3.micro',
    ami: 'ami-0123456789abcdef0',
    subnetId: 'subnet-0123456789abcdef0',
    securityGroupIds: ['sg-0123456789abcdef0'],
    monitoring: false,
    ebsOptimized: false,
    launchTime: '2026-01-01T00:00:00.000Z',
  };
}

export interface InstanceActionOptions {
  type?: ActionType;
  impact?: Impact;
  cost?: number;
  observedState?: ObservedInstance['state'] | 'absent';
  desiredState?: 'running' | 'stopped';
}

export function instanceAction(env: string, name: string, o: InstanceActionOptions = {}): PlannedAction {
  const type = o.type ?? 'no-op';
  const a: PlannedAction = {
    id: `${env}/instance/${name}`,
    type,
    resource: { kind: 'instance', env, name, uuid: `uuid-${env}-${name}` },
    changes: [],
    impact: o.impact ?? 'none',
    monthlyCostDelta: o.cost ?? 0,
    dependsOn: [],
    reason: 'test',
  };
  if (type !== 'delete') a.desired = instanceSpec(env, name, { state: o.desiredState ?? 'running' });
  if (type !== 'create' && o.observedState !== 'absent') a.observed = observedInstance(env, name, o.observedState ?? 'running');
  return a;
}

export interface GroupActionOptions {
  type?: ActionType;
  impact?: Impact;
  cost?: number;
  from: number;
  /** Desired capacity written in the definitions; undefined: the policies own it. */
  to?: number;
  min?: number;
  max?: number;
}

export function groupAction(env: string, name: string, o: GroupActionOptions): PlannedAction {
  const type = o.type ?? (o.to !== undefined && o.to !== o.from ? 'update' : 'no-op');
  const desired: AutoScalingGroupSpec = {
    kind: 'autoscaling-group',
    name,
    uuid: `uuid-${env}-${name}`,
    env,
    tags: {},
    deleted: type === 'delete',
    source,
    launchTemplate: { ami: 'ami-0123456789abcdef0', instanceType: 't3.small', securityGroupIds: [], monitoring: false },
    minSize: o.min ?? 0,
    maxSize: o.max ?? 20,
    ...(o.to !== undefined ? { desiredCapacity: o.to } : {}),
    subnetIds: ['subnet-0123456789abcdef0'],
    availabilityZones: [],
    scalingPolicies: [],
    healthCheck: { type: 'EC2', gracePeriodSeconds: 300 },
  };
  const observed: ObservedGroup = {
    kind: 'autoscaling-group',
    name: `${env}-${name}`,
    tags: { 'qm:env': env, 'qm:name': name, 'qm:uuid': `uuid-${env}-${name}` },
    launchTemplate: { id: 'lt-0123456789abcdef0', name: `${env}-${name}`, version: '1', ami: 'ami-0123456789abcdef0', instanceType: 't3.small', securityGroupIds: [], monitoring: false },
    minSize: 0,
    maxSize: 20,
    desiredCapacity: o.from,
    subnetIds: ['subnet-0123456789abcdef0'],
    availabilityZones: [],
    healthCheck: { type: 'EC2', gracePeriodSeconds: 300 },
    scalingPolicies: [],
    instances: [],
  };
  const a: PlannedAction = {
    id: `${env}/autoscaling-group/${name}`,
    type,
    resource: { kind: 'autoscaling-group', env, name, uuid: `uuid-${env}-${name}`, physicalId: `${env}-${name}` },
    changes: o.to !== undefined && o.to !== o.from ? [{ field: 'desired_capacity', old: o.from, new: o.to }] : [],
    impact: o.impact ?? 'none',
    monthlyCostDelta: o.cost ?? 0,
    dependsOn: [],
    reason: 'test',
  };
  if (type !== 'delete') a.desired = desired;
  if (type !== 'create') a.observed = observed;
  return a;
}

let n = 0;
export function makePlan(actions: PlannedAction[], envs?: string[]): Plan {
  n += 1;
  const changing = actions.filter((a) => a.type !== 'no-op');
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    createdAt: '2026-03-01T10:00:00.000Z',
    envs: envs ?? [...new Set(actions.map((a) => a.resource.env))].sort(),
    actions,
    notices: [],
    summary: {
      add: changing.filter((a) => a.type === 'create').length,
      change: changing.filter((a) => a.type !== 'create' && a.type !== 'delete').length,
      destroy: changing.filter((a) => a.type === 'delete').length,
      unchanged: actions.length - changing.length,
    },
    monthlyCostDelta: actions.reduce((s, a) => s + a.monthlyCostDelta, 0),
    fingerprint: `${n.toString(16).padStart(8, '0')}${'c'.repeat(56)}`,
  };
}
