import type { PlannedAction } from '../model/plan.js';
import type { ResourceKind } from '../model/resources.js';
import { compareStrings } from './compare-strings.js';

const KIND_RANK: Record<ResourceKind, number> = { 'autoscaling-group': 0, instance: 1, alarm: 2 };

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
  const byId = new Map(sorted.map((a) => [a.id, a]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: PlannedAction[] = [];
  const visit = (a: PlannedAction): void => {
    if (done.has(a.id) || visiting.has(a.id)) return; // a cycle cannot be built by createPlan; never loop on one
    visiting.add(a.id);
    for (const dep of a.dependsOn) {
      const d = byId.get(dep);
      if (d) visit(d);
    }
    visiting.delete(a.id);
    done.add(a.id);
    out.push(a);
  };
  for (const a of sorted) visit(a);
  return out;
}
