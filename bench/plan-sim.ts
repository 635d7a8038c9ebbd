/**
 * Benchmark: plan a synthetic fleet of 10,000 instances and 200 groups in 4 environments on
 * the sim with 20 ms injected latency per call (issue 2). Prints one JSON line of figures.
 * Run alone: npx tsx bench/plan-sim.ts
 */
import { pathToFileURL } from 'node:url';
import { systemClock } from '../src/clock.js';
import { createSimProvider, generateSyntheticFleet } from '../src/cloud/sim/index.js';
import { createEngine } from '../src/engine.js';
import type { Definitions, EnvironmentSpec, ResourceSpec } from '../src/model/resources.js';
import { environmentsOf } from './support/environments-of.js';

export interface PlanSimFigures {
  name: 'plan-sim';
  instances: number;
  groups: number;
  envs: number;
  actions: number;
  changes: number;
  providerCalls: number;
  callsByOperation: Record<string, number>;
  wallMs: number;
  readWallMs: number;
  diffCpuMs: number;
  peakRssMb: number;
}

export async function benchPlanSim(): Promise<PlanSimFigures> {
  const sim = createSimProvider({ clock: systemClock, latencyMs: 20, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) });
  const fleet = generateSyntheticFleet(sim, { envs: 4, instancesPerEnv: 2500, groupsPerEnv: 50 });
  const environments: EnvironmentSpec[] = environmentsOf(fleet.targets);
  // One resource in a hundred changed in git, so the differ has real work besides matching.
  const resources: ResourceSpec[] = fleet.resources.map((r, i) =>
    i % 100 === 0 && r.kind === 'instance' ? { ...r, instanceType: r.instanceType === 't3.large' ? 't3.xlarge' : 't3.large' } : r,
  );
  const definitions: Definitions = { root: '/bench', environments, resources };
  const engine = createEngine({ provider: sim, clock: systemClock });

  const started = performance.now();
  const plan = await engine.plan({ definitions });
  const wallMs = performance.now() - started;
  const stats = plan.stats!;
  return {
    name: 'plan-sim',
    instances: fleet.counts.instances,
    groups: fleet.counts.groups,
    envs: environments.length,
    actions: plan.actions.length,
    changes: plan.actions.filter((a) => a.type !== 'no-op').length,
    providerCalls: stats.totalProviderCalls,
    callsByOperation: stats.providerCalls,
    wallMs: Math.round(wallMs),
    readWallMs: stats.readWallMs,
    diffCpuMs: stats.diffCpuMs,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${JSON.stringify(await benchPlanSim())}\n`);
}
