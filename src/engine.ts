import type { CloudProvider } from './cloud/provider.js';
import type { Clock } from './clock.js';
import type { Plan } from './model/plan.js';
import type { Definitions } from './model/resources.js';
import { createPlan } from './plan/index.js';
import { applyPlan, type ApplyEvent, type ApplyResult } from './apply/index.js';
import { selectEnvironments, targetOf } from './engine/env-targets.js';
import { readFleets } from './engine/read-fleet.js';

/**
 * The planning and applying core under the door-neutral facade (engine/open-quartermaster.ts):
 * plan from live state, and carry out a plan the gate let through. Doors do not call it.
 *
 * @example
 * const engine = createEngine({ provider: createSimProvider({ clock: systemClock }), clock: systemClock });
 * const plan = await engine.plan({ definitions, envs: ['dev'] });
 */
export interface EngineDeps {
  provider: CloudProvider;
  clock: Clock;
}

export interface PlanRequest {
  definitions: Definitions;
  /** Environment names; all when empty or absent. */
  envs?: readonly string[];
}

export interface ApplyPlannedOptions {
  onEvent?: (e: ApplyEvent) => void;
  concurrency?: number;
  /** Abort to stop starting actions (Ctrl-C); those in flight finish. */
  signal?: AbortSignal;
}

export interface Engine {
  plan(req: PlanRequest): Promise<Plan>;
  /** Carries out a plan made just now (under gatedApply's lock), with no further checks: internal to the gate. */
  applyPlanned(plan: Plan, definitions: Definitions, opts?: ApplyPlannedOptions): Promise<ApplyResult>;
}

export function createEngine(deps: EngineDeps): Engine {
  async function plan(req: PlanRequest): Promise<Plan> {
    const envs = selectEnvironments(req.definitions, req.envs);
    const read = await readFleets(deps.provider, envs);
    const names = new Set(envs.map((e) => e.name));
    const cpuStart = process.cpuUsage();
    const built = createPlan({
      desired: req.definitions.resources.filter((r) => names.has(r.env)),
      environments: envs,
      actual: read.fleets,
      envs: envs.map((e) => e.name),
      now: deps.clock.now(),
    });
    const cpu = process.cpuUsage(cpuStart);
    return {
      ...built,
      stats: {
        providerCalls: read.providerCalls,
        totalProviderCalls: read.totalProviderCalls,
        readWallMs: Math.round(read.wallMs),
        diffCpuMs: Math.round((cpu.user + cpu.system) / 1000),
      },
    };
  }

  async function applyPlanned(planned: Plan, definitions: Definitions, opts: ApplyPlannedOptions = {}): Promise<ApplyResult> {
    const targets = Object.fromEntries(selectEnvironments(definitions, planned.envs).map((e) => [e.name, targetOf(e)]));
    return applyPlan(
      planned,
      { provider: deps.provider, targets, clock: deps.clock, ...(opts.onEvent ? { onEvent: opts.onEvent } : {}) },
      { ...(opts.concurrency ? { concurrency: opts.concurrency } : {}), ...(opts.signal ? { signal: opts.signal } : {}) },
    );
  }

  return { plan, applyPlanned };
}
