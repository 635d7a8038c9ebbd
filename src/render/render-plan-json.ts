import type { Plan } from '../model/plan.js';
import { redactPlan } from './redact-plan.js';

/**
 * The plan file (`qm plan --out plan.json`, `qm plan --json`): the Plan value as versioned JSON
 * (`formatVersion` 1, see docs/plan-format.md), user data redacted. Read back with parsePlanJson.
 *
 * @example fs.writeFileSync('plan.json', renderPlanJson(plan))
 */
export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(redactPlan(plan), null, 2)}\n`;
}
