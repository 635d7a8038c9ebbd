import type { ObservedInstance } from '../../../src/model/observed.js';
import { PLAN_FORMAT_VERSION, type Plan, type PlannedAction } from '../../../src/model/plan.js';
import { anInstanceSpec } from '../../plan/builders.js';

/**
 * The plan `/shutdown` makes of running instances: one `update` each, changing only `state`
 * to stopped. Built directly from what a read returned (no definitions to load), for tests
 * and benchmarks of the executor at scale.
 *
 * @example const plan = stopPlanOf('prod', (await provider.readEnvironment(prod)).instances);
 */
export function stopPlanOf(env: string, instances: readonly ObservedInstance[]): Plan {
  const actions: PlannedAction[] = instances
    .filter((i) => i.tags['qm:uuid'] !== undefined && i.state === 'running')
    .map((i) => {
      const name = i.tags['qm:name'] ?? i.id;
      const uuid = i.tags['qm:uuid']!;
      return {
        id: `${env}/instance/${name}`,
        type: 'update',
        resource: { kind: 'instance', env, name, uuid, physicalId: i.id },
        changes: [{ field: 'state', old: 'running', new: 'stopped' }],
        impact: 'downtime',
        monthlyCostDelta: 0,
        dependsOn: [],
        reason: 'state changes to stopped',
        desired: anInstanceSpec({ env, name, uuid, state: 'stopped' }),
        observed: i,
      };
    });
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    createdAt: '2026-03-01T19:00:00.000Z',
    envs: [env],
    actions,
    notices: [],
    summary: { add: 0, change: actions.length, destroy: 0, unchanged: 0 },
    monthlyCostDelta: 0,
    fingerprint: 'stop-plan',
  };
}

/** A recorded DescribeInstances call: the instance ids its `instance-id` filter asked for. */
export type DescribeCall = { params: Record<string, unknown> };

/**
 * Splits DescribeInstances calls (in the order sent) into poll rounds: a round asks for each
 * waited-for instance once, so a call naming an instance the current round already asked for
 * opens the next round.
 */
export function pollRounds(calls: readonly DescribeCall[]): string[][][] {
  const rounds: string[][][] = [];
  let seen = new Set<string>();
  for (const c of calls) {
    const filters = (c.params.Filter as { Name?: string; Value?: string[] }[] | undefined) ?? [];
    const ids = filters.find((f) => f.Name === 'instance-id')?.Value ?? [];
    if (rounds.length === 0 || ids.some((id) => seen.has(id))) {
      rounds.push([]);
      seen = new Set();
    }
    rounds[rounds.length - 1]!.push(ids);
    for (const id of ids) seen.add(id);
  }
  return rounds;
}
