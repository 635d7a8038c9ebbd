import type { ObservedInstance } from '../model/observed.js';
import type { Impact } from '../model/plan.js';
import type { InstanceSpec } from '../model/resources.js';
import { actionResource, creationDraft, fieldList, type ActionDraft, deletionDraft } from './action-draft.js';
import { diffFieldSets } from './field-set.js';
import { desiredInstanceFields, instanceFieldEffect, observedInstanceFields } from './instance-fields.js';
import { settledState } from './instance-state.js';
import type { PriceTable } from '../catalog/price-table.js';
import { DEFAULT_PRICES, instanceMonthlyCost, roundCents } from './monthly-cost.js';
import { taggedUserDataChange, unknownUserDataChange, userDataKnowledge, withChange } from './instance-user-data.js';

/**
 * What to do with one instance definition given its live match (undefined: absent).
 * Returns undefined when there is nothing to plan (deleted and already gone).
 *
 * Rules: ami, subnet, key_name and root_volume cannot change on an existing instance
 * (replace); instance_type, ebs_optimized and user_data only while stopped (stop-modify-start
 * when it should run, update when it should stay stopped); the rest change in place.
 * User data is compared through the `qm:user-data` tag when the provider cannot read it; when
 * there is no tag either (unknown), it is written whenever the action has the instance stopped
 * anyway, and never costs a stop of its own (createPlan adds a notice either way).
 *
 * @example planInstance(spec, observed)?.type // 'stop-modify-start'
 */
export function planInstance(spec: InstanceSpec, observed: ObservedInstance | undefined, prices: PriceTable = DEFAULT_PRICES): ActionDraft | undefined {
  const resource = actionResource(spec, observed?.id);
  if (spec.deleted) {
    if (!observed) return undefined;
    return deletionDraft(resource, observed, -instanceMonthlyCost(observed.instanceType, settledState(observed.state), prices), 'the instance is terminated');
  }
  const desired = desiredInstanceFields(spec);
  const newCost = instanceMonthlyCost(spec.instanceType, spec.state, prices);
  if (!observed) {
    const reason =
      spec.state === 'stopped' ? 'not in the cloud yet: launched, then stopped (desired state stopped)' : 'not in the cloud yet: launched from the definition';
    return creationDraft(resource, desired, spec, newCost, reason);
  }

  let changes = diffFieldSets(desired, observedInstanceFields(observed));
  const userData = userDataKnowledge(observed);
  if (userData.kind === 'tagged') {
    const change = taggedUserDataChange(spec, userData.tag);
    if (change) changes = withChange(changes, change);
  }
  const monthlyCostDelta = roundCents(newCost - instanceMonthlyCost(observed.instanceType, settledState(observed.state), prices));
  // The common case, written out: no copy of a base object per unchanged instance.
  if (changes.length === 0) return { resource, changes, monthlyCostDelta, desired: spec, observed, type: 'no-op', impact: 'none', reason: 'matches the definition' };
  const base = { resource, changes, monthlyCostDelta, desired: spec, observed };

  const isRunning = settledState(observed.state) === 'running';
  const replaced = changes.filter((c) => instanceFieldEffect(c.field) === 'replace');
  if (replaced.length > 0) {
    return {
      ...base,
      type: 'replace',
      impact: 'destructive',
      reason: `${fieldList(replaced)} cannot change on an existing instance: a new one is launched, then this one is terminated (its disks and private IP go with it)`,
    };
  }
  const stopping = isRunning && spec.state === 'stopped';
  if (userData.kind === 'unknown' && (stopping || !isRunning || changes.some((c) => instanceFieldEffect(c.field) === 'while-stopped'))) {
    changes = withChange(changes, unknownUserDataChange(spec));
    base.changes = changes;
  }
  const whileStopped = changes.filter((c) => instanceFieldEffect(c.field) === 'while-stopped');
  const impact: Impact = stopping || (whileStopped.length > 0 && isRunning) ? 'downtime' : 'none';
  if (whileStopped.length > 0 && spec.state === 'running') {
    return {
      ...base,
      type: 'stop-modify-start',
      impact,
      reason: isRunning
        ? `${fieldList(whileStopped)} can only change while the instance is stopped: stop, modify, start`
        : `${fieldList(whileStopped)} changed while the instance is stopped, then it is started (desired state running)`,
    };
  }
  return { ...base, type: 'update', impact, reason: updateReason(changes, whileStopped.length > 0, stopping) };
}

/**
 * Terminates the old half of a replace that was cut short: an instance apply tagged
 * `qm:superseded` before launching its replacement, found alive beside that replacement.
 *
 * @example planSupersededLeftover(spec, oldInstance).type // 'delete'
 */
export function planSupersededLeftover(spec: InstanceSpec, leftover: ObservedInstance, prices: PriceTable = DEFAULT_PRICES): ActionDraft {
  return {
    type: 'delete',
    resource: actionResource(spec, leftover.id),
    changes: [],
    impact: 'destructive',
    monthlyCostDelta: -instanceMonthlyCost(leftover.instanceType, settledState(leftover.state), prices),
    reason: `left over from a replace that was interrupted (tagged qm:superseded, its replacement is running): terminated to finish the replace`,
    observed: leftover,
  };
}

function updateReason(changes: readonly { field: string }[], whileStopped: boolean, stopping: boolean): string {
  if (stopping) return whileStopped ? 'desired state stopped: the instance is stopped, then modified' : 'desired state stopped: the instance is stopped';
  if (whileStopped) return `${fieldList(changes)} changed while the instance stays stopped`;
  return `${fieldList(changes)} changed in place`;
}
