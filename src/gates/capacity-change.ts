import type { ObservedGroup, ObservedInstance } from '../model/observed.js';
import type { Plan, PlannedAction } from '../model/plan.js';
import type { AutoScalingGroupSpec, InstanceSpec } from '../model/resources.js';

/** How much of a group's capacity one plan changes. */
export interface GroupCapacityChange {
  env: string;
  name: string;
  actionId: string;
  from: number;
  to: number;
  /** |to - from| as a % of `from`; 100 when the group is deleted or starts from 0. */
  percent: number;
}

/** How much of an environment's running capacity one plan takes away at once. */
export interface EnvCapacityChange {
  env: string;
  /** Running (or pending) standalone instances plus groups' desired capacity, before the plan. */
  running: number;
  /** Instances stopped, resized (stop-modify-start), replaced or removed, and group capacity removed. */
  affected: number;
  percent: number;
  /** Action ids that take capacity away. */
  actionIds: string[];
}

export interface CapacityChange {
  groups: GroupCapacityChange[];
  envs: EnvCapacityChange[];
}

const UP: ReadonlySet<ObservedInstance['state']> = new Set(['running', 'pending']);

/**
 * Reads a Plan's actions against what they observed: group capacity before and after
 * (desired capacity, or the current capacity forced into a new min/max), and the share of
 * each environment's running instances that go down at once. Rolling refreshes do not count:
 * AWS keeps the group's healthy percentage while it replaces instances.
 *
 * @example measureCapacityChange(plan).groups // [{ env: 'prod', name: 'web', from: 4, to: 10, percent: 150, ... }]
 */
export function measureCapacityChange(plan: Plan): CapacityChange {
  const groups: GroupCapacityChange[] = [];
  const envs = new Map<string, EnvCapacityChange>();
  const envOf = (env: string): EnvCapacityChange => {
    let e = envs.get(env);
    if (!e) {
      e = { env, running: 0, affected: 0, percent: 0, actionIds: [] };
      envs.set(env, e);
    }
    return e;
  };
  for (const env of plan.envs) envOf(env);

  for (const a of plan.actions) {
    const e = envOf(a.resource.env);
    if (a.resource.kind === 'instance') {
      const observed = a.observed?.kind === 'instance' ? a.observed : undefined;
      if (!observed || !UP.has(observed.state)) continue;
      e.running += 1;
      if (takesInstanceDown(a)) {
        e.affected += 1;
        e.actionIds.push(a.id);
      }
    } else if (a.resource.kind === 'autoscaling-group') {
      const observed = a.observed?.kind === 'autoscaling-group' ? a.observed : undefined;
      if (!observed) continue;
      e.running += observed.desiredCapacity;
      const to = groupCapacityAfter(a, observed);
      if (to === observed.desiredCapacity) continue;
      const from = observed.desiredCapacity;
      groups.push({ env: a.resource.env, name: a.resource.name, actionId: a.id, from, to, percent: from === 0 ? 100 : round((Math.abs(to - from) / from) * 100) });
      if (to < from) {
        e.affected += from - to;
        e.actionIds.push(a.id);
      }
    }
  }
  for (const e of envs.values()) e.percent = e.running === 0 ? 0 : round((e.affected / e.running) * 100);
  return { groups, envs: [...envs.values()] };
}

function takesInstanceDown(a: PlannedAction): boolean {
  switch (a.type) {
    case 'stop-modify-start':
    case 'replace':
    case 'delete':
      return true;
    case 'update':
      return (a.desired as InstanceSpec | undefined)?.state === 'stopped';
    default:
      return false;
  }
}

function groupCapacityAfter(a: PlannedAction, observed: ObservedGroup): number {
  if (a.type === 'delete') return 0;
  if (a.type === 'no-op' || a.type === 'create') return observed.desiredCapacity;
  const desired = a.desired as AutoScalingGroupSpec | undefined;
  if (!desired) return observed.desiredCapacity;
  if (desired.desiredCapacity !== undefined) return desired.desiredCapacity;
  // Without a desired capacity the scaling policies own it; only a new min/max moves it.
  return Math.min(Math.max(observed.desiredCapacity, desired.minSize), desired.maxSize);
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
