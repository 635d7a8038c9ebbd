import { priceTableFor, type PriceTable } from '../catalog/price-table.js';
import type { SettledState } from './instance-state.js';

/** The prices a plan uses when it is not told a region: us-east-1's (planInstance and planGroup called alone, in tests). */
export const DEFAULT_PRICES: PriceTable = priceTableFor('us-east-1');

/**
 * Monthly on-demand compute cost, as plans count it: instance hours only, at the prices of the
 * environment's region (`prices`). A stopped instance costs nothing here (its EBS volumes still
 * bill, but storage is not priced by plans). A type with no price counts 0; createPlan lists it
 * on the action and the plan (see plan-pricing.ts), so the 0 is never silent.
 *
 * @example instanceMonthlyCost('t3.small', 'running') // 15.18
 * @example instanceMonthlyCost('t3.small', 'running', priceTableFor('ap-southeast-2')) // 19.27
 */
export function instanceMonthlyCost(instanceType: string, state: SettledState | undefined, prices: PriceTable = DEFAULT_PRICES): number {
  return state === 'running' ? prices.monthly(instanceType) : 0;
}

/** @example groupMonthlyCost('t3.small', 3) // 45.55 */
export function groupMonthlyCost(instanceType: string, capacity: number, prices: PriceTable = DEFAULT_PRICES): number {
  return prices.monthly(instanceType, capacity);
}

/** Dollars to cents, so sums of deltas do not print as 12.340000000000002. */
export function roundCents(usd: number): number {
  const r = Math.round(usd * 100) / 100;
  return Object.is(r, -0) ? 0 : r;
}
