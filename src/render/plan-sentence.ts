import type { PlanSummary } from '../model/plan.js';

/**
 * The closing line of a plan, worded like the tools users know.
 *
 * @example planSentence({ add: 2, change: 1, destroy: 0, unchanged: 4 }) // 'Plan: 2 to add, 1 to change, 0 to destroy.'
 */
export function planSentence(s: PlanSummary): string {
  return `Plan: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy.`;
}

export const NO_CHANGES_SENTENCE = 'No changes. The fleet matches the definitions.';

export function hasSummaryChanges(s: PlanSummary): boolean {
  return s.add + s.change + s.destroy > 0;
}

/**
 * The heading of a plan in markdown, its totals after the title.
 *
 * @example planHeading('Quartermaster plan', plan.summary) // '### Quartermaster plan: 2 to add, 1 to change, 0 to destroy'
 */
export function planHeading(title: string, s: PlanSummary): string {
  return hasSummaryChanges(s)
    ? `### ${title}: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy`
    : `### ${title}: no changes, the fleet matches the definitions`;
}
