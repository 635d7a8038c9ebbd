import type { PlannedAction, PlanSummary } from '../model/plan.js';
import { roundCents } from './monthly-cost.js';

/**
 * Counts as users know them: a replace is one add and one destroy; update, stop-modify-start
 * and rolling-refresh are changes.
 *
 * @example summarizePlan(actions) // { add: 2, change: 1, destroy: 0, unchanged: 7 }
 */
export function summarizePlan(actions: readonly PlannedAction[]): PlanSummary {
  const s: PlanSummary = { add: 0, change: 0, destroy: 0, unchanged: 0 };
  for (const a of actions) {
    switch (a.type) {
      case 'create':
        s.add++;
        break;
      case 'replace':
        s.add++;
        s.destroy++;
        break;
      case 'delete':
        s.destroy++;
        break;
      case 'no-op':
        s.unchanged++;
        break;
      default:
        s.change++;
    }
  }
  return s;
}

/**
 * One environment's counts from its actions; a stored plan (no-ops left out) says how many were
 * unchanged (`unchanged`, from Plan.unchangedByEnv).
 *
 * @example summarizeEnv(prodActions, plan.unchangedByEnv?.prod) // { add: 0, change: 2, destroy: 0, unchanged: 12 }
 */
export function summarizeEnv(actions: readonly PlannedAction[], unchanged: number | undefined): PlanSummary {
  const s = summarizePlan(actions);
  return unchanged === undefined ? s : { ...s, unchanged };
}

/** The plan's total monthly cost delta, in cents precision. */
export function totalMonthlyCostDelta(actions: readonly PlannedAction[]): number {
  return roundCents(actions.reduce((sum, a) => sum + a.monthlyCostDelta, 0));
}
