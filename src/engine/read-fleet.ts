import type { CloudProvider } from '../cloud/provider.js';
import type { EnvironmentSpec } from '../model/resources.js';
import type { ObservedFleet } from '../model/observed.js';
import { targetOf } from './env-targets.js';

export interface FleetRead {
  fleets: ObservedFleet[];
  /** Calls made by this read, by operation. */
  providerCalls: Record<string, number>;
  totalProviderCalls: number;
  wallMs: number;
}

/** Reads every environment in parallel (each read is itself batched by the provider) and counts the calls it cost. */
export async function readFleets(provider: CloudProvider, envs: readonly EnvironmentSpec[]): Promise<FleetRead> {
  const before = provider.callStats();
  const started = performance.now();
  const fleets = await Promise.all(envs.map((env) => provider.readEnvironment(targetOf(env))));
  const wallMs = performance.now() - started;
  const after = provider.callStats();
  const providerCalls: Record<string, number> = {};
  for (const [op, n] of Object.entries(after.byOperation)) {
    const delta = n - (before.byOperation[op] ?? 0);
    if (delta > 0) providerCalls[op] = delta;
  }
  return { fleets, providerCalls, totalProviderCalls: after.total - before.total, wallMs };
}
