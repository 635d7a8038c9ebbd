import type { PlannedAction } from '../model/plan.js';

/** What a per-kind planner decides; createPlan adds the id and the dependencies. */
export type ActionDraft = Omit<PlannedAction, 'id' | 'dependsOn'>;

/** The value a field takes when it depends on an action not yet carried out (a new instance's id). */
export const KNOWN_AFTER_APPLY = '(known after apply)';

/** Field names of a list of changes, for reasons: `ami, subnet`. */
export function fieldList(fields: readonly { field: string }[]): string {
  return fields.map((c) => c.field).join(', ');
}
