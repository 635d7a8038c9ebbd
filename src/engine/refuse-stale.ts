import { PlanStaleError } from '../errors.js';
import type { Plan } from '../model/plan.js';

/**
 * Throws when the plan people reviewed (`expected`) is not the plan made now from the same
 * definitions and live state; nothing is applied from a stale plan.
 *
 * @example refuseStale(savedPlan, await engine.plan(...));
 */
export function refuseStale(expected: Plan | undefined, current: Plan): void {
  if (!expected || expected.fingerprint === current.fingerprint) return;
  throw new PlanStaleError(
    `the saved plan (fingerprint ${expected.fingerprint.slice(0, 12)}) no longer matches the definitions and the live fleet (now ${current.fingerprint.slice(0, 12)})`,
    { fix: 'Run `qm plan` again, review the new plan, and apply that one' },
  );
}
