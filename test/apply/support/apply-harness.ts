/** Shared set-up for executor tests: targets, a fake seeded from observed resources, one-call apply. */
import { applyPlan, type ApplyEvent, type ApplyOptions, type ApplyResult } from '../../../src/apply/index.js';
import { createManualClock, type ManualClock } from '../../../src/clock.js';
import type { CloudProvider, EnvTarget } from '../../../src/cloud/provider.js';
import type { ObservedResource } from '../../../src/model/observed.js';
import type { Plan } from '../../../src/model/plan.js';
import type { FakeProvider } from './fake-provider.js';

export const ACCOUNT = '123456789012';

export function targetFor(env: string, accountId = ACCOUNT): EnvTarget {
  return { env, region: 'us-east-1', accountId };
}

export const TARGETS: Record<string, EnvTarget> = { prod: targetFor('prod'), dev: targetFor('dev'), staging: targetFor('staging') };

/** Puts observed resources into the fake so the executor's calls find them. */
export function seedFake(fake: FakeProvider, observed: readonly ObservedResource[]): void {
  for (const r of observed) {
    if (r.kind === 'instance') fake.addInstance({ id: r.id, state: r.state, instanceType: r.instanceType, ami: r.ami, tags: { ...r.tags } });
    if (r.kind === 'alarm') {
      fake.alarms.set(r.name, { ...r, tags: { ...r.tags } });
    }
    if (r.kind === 'autoscaling-group') {
      fake.groups.set(r.name, {
        name: r.name,
        tags: { ...r.tags },
        policies: new Map(r.scalingPolicies.map((p) => [p.name, p])),
        req: {
          name: r.name,
          launchTemplate: { id: r.launchTemplate.id, version: r.launchTemplate.version },
          minSize: r.minSize,
          maxSize: r.maxSize,
          desiredCapacity: r.desiredCapacity,
          subnetIds: r.subnetIds,
          availabilityZones: r.availabilityZones,
          healthCheck: r.healthCheck,
          tags: r.tags,
        },
      });
    }
  }
}

export interface Applied {
  result: ApplyResult;
  events: ApplyEvent[];
  clock: ManualClock;
}

/** applyPlan with a manual clock, a fixed jitter (0.5) and every event kept. */
export async function applyWith(
  plan: Plan,
  provider: CloudProvider,
  opts: ApplyOptions = {},
  extra: { clock?: ManualClock; targets?: Record<string, EnvTarget>; random?: () => number } = {},
): Promise<Applied> {
  const clock = extra.clock ?? createManualClock('2026-03-01T12:00:00Z');
  const events: ApplyEvent[] = [];
  const result = await applyPlan(
    plan,
    { provider, targets: extra.targets ?? TARGETS, clock, onEvent: (e) => events.push(e), random: extra.random ?? (() => 0.5) },
    opts,
  );
  return { result, events, clock };
}

/** The result of one action, by id. */
export function resultOf(result: ApplyResult, id: string) {
  const r = result.results.find((x) => x.id === id);
  if (!r) throw new Error(`no result for ${id}; have ${result.results.map((x) => x.id).join(', ')}`);
  return r;
}
