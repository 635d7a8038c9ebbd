/**
 * The executor against the real sim: a manual clock, the sim provider, createPlan over what the
 * sim reads back, and helpers to look at the live fleet.
 */
import { applyPlan, type ApplyEvent, type ApplyOptions, type ApplyResult } from '../../../src/apply/index.js';
import { createManualClock, type ManualClock } from '../../../src/clock.js';
import { createSimProvider, type SimProvider, type SimProviderOptions } from '../../../src/cloud/sim/index.js';
import type { CloudProvider } from '../../../src/cloud/provider.js';
import { TAG_UUID } from '../../../src/model/identity.js';
import type { ObservedFleet, ObservedInstance } from '../../../src/model/observed.js';
import type { Plan } from '../../../src/model/plan.js';
import type { ResourceSpec } from '../../../src/model/resources.js';
import { createPlan } from '../../../src/plan/index.js';
import { anEnvironment } from '../../plan/builders.js';
import { TARGETS } from './apply-harness.js';

/** Long enough for every sim transition (pending, stopping, a refresh step) to finish. */
export const SETTLE_MS = 30 * 60_000;

export interface SimWorld {
  sim: SimProvider;
  clock: ManualClock;
  envs: string[];
  read(): Promise<ObservedFleet[]>;
  plan(desired: ResourceSpec[]): Promise<Plan>;
  apply(plan: Plan, opts?: ApplyOptions, provider?: CloudProvider): Promise<{ result: ApplyResult; events: ApplyEvent[] }>;
  /** plan then apply, against the sim or `provider` (a wrapper of it). */
  converge(desired: ResourceSpec[], opts?: ApplyOptions, provider?: CloudProvider): Promise<{ plan: Plan; result: ApplyResult; events: ApplyEvent[] }>;
  /** Lets simulated time pass so transitions in flight finish. */
  settle(): void;
  /** Live, managed, not terminated instances that are not group members. */
  liveInstances(): Promise<ObservedInstance[]>;
}

export function createSimWorld(opts: Partial<SimProviderOptions> = {}, envs = ['prod']): SimWorld {
  const clock = createManualClock('2026-03-01T12:00:00Z');
  const sim = createSimProvider({ clock, ...opts });
  const world: SimWorld = {
    sim,
    clock,
    envs,
    read: () => Promise.all(envs.map((env) => sim.readEnvironment(TARGETS[env]!))),
    async plan(desired) {
      return createPlan({ desired, environments: envs.map((name) => anEnvironment({ name })), actual: await world.read(), envs, now: clock.now() });
    },
    async apply(plan, applyOpts, provider = sim) {
      const events: ApplyEvent[] = [];
      const result = await applyPlan(plan, { provider, targets: TARGETS, clock, onEvent: (e) => events.push(e), random: () => 0.5 }, applyOpts);
      return { result, events };
    },
    async converge(desired, applyOpts, provider) {
      const plan = await world.plan(desired);
      return { plan, ...(await world.apply(plan, applyOpts, provider)) };
    },
    settle: () => clock.advance(SETTLE_MS),
    async liveInstances() {
      const fleets = await world.read();
      return fleets.flatMap((f) =>
        f.instances.filter((i) => i.tags[TAG_UUID] && !i.memberOfGroup && i.state !== 'terminated' && i.state !== 'shutting-down'),
      );
    },
  };
  return world;
}

/** The actions of a plan that would change something, as `id type`. */
export function changesOf(plan: Plan): string[] {
  return plan.actions.filter((a) => a.type !== 'no-op').map((a) => `${a.id} ${a.type} ${a.changes.map((c) => c.field).join(',')}`);
}
