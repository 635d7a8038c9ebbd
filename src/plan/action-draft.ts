import type { PlannedAction } from '../model/plan.js';
import type { ResourceSpec } from '../model/resources.js';
import { diffFieldSets, emptyFieldSet, type FieldSet } from './field-set.js';

/** What a per-kind planner decides; createPlan adds the id and the dependencies. */
export type ActionDraft = Omit<PlannedAction, 'id' | 'dependsOn'>;

/** The value a field takes when it depends on an action not yet carried out (a new instance's id). */
export const KNOWN_AFTER_APPLY = '(known after apply)';

/**
 * The action's resource: the definition's identity and, when it has one, the physical id (no
 * `physicalId` key at all otherwise, as the plan file has always written it).
 *
 * @example actionResource(spec, 'i-0abc') // { kind: 'instance', env: 'prod', name: 'web', uuid: '...', physicalId: 'i-0abc' }
 */
export function actionResource(spec: ResourceSpec, physicalId?: string): ActionDraft['resource'] {
  const { kind, env, name, uuid } = spec;
  return physicalId === undefined ? { kind, env, name, uuid } : { kind, env, name, uuid, physicalId };
}

/** Field names of a list of changes, for reasons: `ami, subnet`. */
export function fieldList(fields: readonly { field: string }[]): string {
  return fields.map((c) => c.field).join(', ');
}

/**
 * The draft for `deleted: true` on a resource that exists: destructive, no field changes.
 *
 * @example deletionDraft(resource, observed, -7.59, 'the instance is terminated')
 */
export function deletionDraft(resource: ActionDraft['resource'], observed: NonNullable<ActionDraft['observed']>, monthlyCostDelta: number, what: string): ActionDraft {
  return { type: 'delete', resource, changes: [], impact: 'destructive', monthlyCostDelta, reason: `deleted: true in the definition: ${what}`, observed };
}

/**
 * The draft for a definition not in the cloud yet: every desired field is a change from nothing.
 *
 * @example creationDraft(resource, desiredAlarmFields(spec, dims), spec, 0, 'not in the cloud yet: the alarm is created')
 */
export function creationDraft(
  resource: ActionDraft['resource'],
  desiredFields: FieldSet,
  spec: NonNullable<ActionDraft['desired']>,
  monthlyCostDelta: number,
  reason: string,
): ActionDraft {
  return { type: 'create', resource, changes: diffFieldSets(desiredFields, emptyFieldSet()), impact: 'none', monthlyCostDelta, reason, desired: spec };
}
