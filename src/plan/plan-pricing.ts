import type { PriceTable } from '../catalog/price-table.js';
import type { EnvironmentPricing, PlannedAction } from '../model/plan.js';

/**
 * The instance types an action is priced by (desired and live), for instances and groups.
 *
 * @example pricedTypes(typeChange) // ['t3.small', 't3.large']
 */
function pricedTypes(a: PlannedAction): string[] {
  const types: string[] = [];
  const d = a.desired;
  if (d?.kind === 'instance') types.push(d.instanceType);
  else if (d?.kind === 'autoscaling-group') types.push(d.launchTemplate.instanceType);
  const o = a.observed;
  if (o && a.resource.kind === 'instance' && 'instanceType' in o) types.push(o.instanceType);
  else if (o && a.resource.kind === 'autoscaling-group' && 'launchTemplate' in o) types.push(o.launchTemplate.instanceType);
  return types;
}

/**
 * Marks the actions of one environment whose instance types have no price in `prices` (their
 * share of the cost counted 0), and answers what the plan must say about the environment's
 * cost: that it is approximate (no price table for its region) or incomplete; undefined when
 * every figure is exact. A change is marked even when the unpriced side costs nothing (a
 * stopped instance), so a reader never sees `$0.00` for a GPU type without being told why.
 *
 * @example environmentPricing('dev', priceTableFor('sa-east-1'), actions)?.note
 * // 'approximate (no price table for sa-east-1; us-east-1 prices used)'
 */
export function environmentPricing(env: string, prices: PriceTable, actions: PlannedAction[]): EnvironmentPricing | undefined {
  const unpriced = new Set<string>();
  for (const a of actions) {
    // A no-op's delta is exactly 0 whatever the price.
    if (a.resource.env !== env || a.type === 'no-op') continue;
    const missing = [...new Set(pricedTypes(a).filter((t) => prices.hourly(t) === undefined))].sort();
    if (missing.length === 0) continue;
    a.unpriced = missing;
    for (const t of missing) unpriced.add(t);
  }
  if (!prices.approximate && unpriced.size === 0) return undefined;
  const sorted = [...unpriced].sort();
  const notes: string[] = [];
  if (prices.approximate) notes.push(`approximate (no price table for ${prices.region}; ${prices.pricedWith} prices used)`);
  if (sorted.length > 0) notes.push(`${sorted.join(', ')} not priced (outside Quartermaster's price catalogue), counted as $0`);
  return { env, region: prices.region, pricedWith: prices.pricedWith, unpriced: sorted, note: notes.join('; ') };
}
