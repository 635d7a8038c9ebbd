import { monthlyPrice } from '../catalog/instance-types.js';
import type { SettledState } from './instance-state.js';

/**
 * Monthly on-demand compute cost, as plans count it: instance hours only. A stopped instance
 * costs nothing here (its EBS volumes still bill, but storage is not priced by plans).
 *
 * @example instanceMonthlyCost('t3.small', 'running') // 15.18
 */
export function instanceMonthlyCost(instanceType: string, state: SettledState | undefined): number {
  return state === 'running' ? monthlyPrice(instanceType) : 0;
}

/** @example groupMonthlyCost('t3.small', 3) // 45.55 */
export function groupMonthlyCost(instanceType: string, capacity: number): number {
  return monthlyPrice(instanceType, capacity);
}

/** Dollars to cents, so sums of deltas do not print as 12.340000000000002. */
export function roundCents(usd: number): number {
  const r = Math.round(usd * 100) / 100;
  return Object.is(r, -0) ? 0 : r;
}
