import type { PlannedAction } from '../model/plan.js';
import type { ResourceKind } from '../model/resources.js';
import { compareStrings } from './compare-strings.js';

/** Groups, then instances, then alarms: how plans list (and notices sort) resource kinds. */
export const KIND_RANK: Record<ResourceKind, number> = { 'autoscaling-group': 0, instance: 1, alarm: 2 };

/**
 * Actions in execution order: every action after the actions it depends on; otherwise by
 * environment (in `envOrder`), then groups, instances, alarms, then name. Stable, so the same
 * inputs always list the same way.
 *
 * @example orderActions(actions, ['dev', 'prod']).map((a) => a.id)
 */
export function orderActions(actions: readonly PlannedAction[], envOrder: readonly string[]): PlannedAction[] {
  const envRank = new Map(envOrder.map((e, i) => [e, i]));
  const sorted = [...actions].sort(
    (a, b) =>
      (envRank.get(a.resource.env) ?? envOrder.length) - (envRank.get(b.resource.env) ?? envOrder.length) ||
      compareStrings(a.resource.env, b.resource.env) ||
      KIND_RANK[a.resource.kind] - KIND_RANK[b.resource.kind] ||
      compareStrings(a.resource.name, b.resource.name) ||
      compareStrings(a.id, b.id),
  );
  // Without dependencies (the usual plan) the order is already the sorted one.
  if (!sorted.some((a) => a.dependsOn.length > 0)) return sorted;
  // Ids are unique (createPlan allocates them): one visit state per position, no sets of ids.
  const position = new Map<string, number>();
  for (let i = 0; i < sorted.length; i++) position.set((sorted[i] as PlannedAction).id, i);
  const state = new Uint8Array(sorted.length); // 0 unseen, 1 visiting, 2 done
  const out: PlannedAction[] = [];
  const visit = (i: number): void => {
    if (state[i] !== 0) return; // a cycle cannot be built by createPlan; never loop on one
    state[i] = 1;
    const a = sorted[i] as PlannedAction;
    for (let k = 0; k < a.dependsOn.length; k++) {
      const d = position.get(a.dependsOn[k] as string);
      if (d !== undefined) visit(d);
    }
    state[i] = 2;
    out.push(a);
  };
  for (let i = 0; i < sorted.length; i++) visit(i);
  return out;
}
