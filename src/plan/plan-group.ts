import type { ObservedGroup } from '../model/observed.js';
import type { Impact, PlanNotice } from '../model/plan.js';
import type { AutoScalingGroupSpec } from '../model/resources.js';
import { actionResource, creationDraft, fieldList, type ActionDraft, deletionDraft } from './action-draft.js';
import { diffFieldSets } from './field-set.js';
import { notice } from './fleet-index.js';
import { desiredGroupFields, isLaunchTemplateField, observedGroupFields, OUTDATED_INSTANCES_FIELD } from './group-fields.js';
import { effectiveCapacity, isLiveMember, REFRESH_RUNNING } from './group-state.js';
import type { PriceTable } from '../catalog/price-table.js';
import { DEFAULT_PRICES, groupMonthlyCost, roundCents } from './monthly-cost.js';

/** The instance refresh a rolling-refresh starts keeps at least this share of the group healthy. */
export const REFRESH_MIN_HEALTHY_PERCENTAGE = 90;


export interface GroupPlan {
  action?: ActionDraft;
  notices: PlanNotice[];
}

/**
 * What to do with one group definition given its live match. `physicalName` is the name a
 * created group gets (chosen by the caller so it is unique in the account and region).
 *
 * Launch template fields -> rolling-refresh (a new template version and an instance refresh);
 * capacity, subnets, health check, scaling policies, tags, name -> update in place. An unset
 * desired capacity belongs to the scaling policies and is never planned against.
 *
 * @example planGroup(spec, observed, 'prod-web').action?.type // 'rolling-refresh'
 */
export function planGroup(spec: AutoScalingGroupSpec, observed: ObservedGroup | undefined, physicalName: string, prices: PriceTable = DEFAULT_PRICES): GroupPlan {
  const resource = actionResource(spec, observed?.name ?? physicalName);
  if (spec.deleted) {
    if (!observed) return { notices: [] };
    const cost = -groupMonthlyCost(observed.launchTemplate.instanceType, observed.desiredCapacity, prices);
    return { notices: [], action: deletionDraft(resource, observed, cost, `the group, its ${observed.instances.length} instance(s) and its launch template are deleted`) };
  }
  const desired = desiredGroupFields(spec);
  if (!observed) {
    const capacity = spec.desiredCapacity ?? spec.minSize;
    const reason =
      spec.desiredCapacity === undefined
        ? `not in the cloud yet: a launch template and the group are created, starting at min_size ${spec.minSize} (the scaling policies own the capacity)`
        : `not in the cloud yet: a launch template and the group are created with ${capacity} instance(s)`;
    return { notices: [], action: creationDraft(resource, desired, spec, groupMonthlyCost(spec.launchTemplate.instanceType, capacity, prices), reason) };
  }

  const notices = refreshNotices(spec.env, observed);
  const changes = diffFieldSets(desired, observedGroupFields(observed)).map((c) =>
    c.field === OUTDATED_INSTANCES_FIELD ? { ...c, new: `all on version ${observed.launchTemplate.version}` } : c,
  );
  const capacity = effectiveCapacity(spec, observed);
  const monthlyCostDelta = roundCents(
    groupMonthlyCost(spec.launchTemplate.instanceType, capacity, prices) -
      groupMonthlyCost(observed.launchTemplate.instanceType, observed.desiredCapacity, prices),
  );
  const base = { resource, changes, monthlyCostDelta, desired: spec, observed };
  if (changes.length === 0) return { notices, action: { ...base, type: 'no-op', impact: 'none', reason: 'matches the definition' } };

  const toZero = capacity === 0 && observed.desiredCapacity > 0;
  const templateChanges = changes.filter((c) => isLaunchTemplateField(c.field));
  if (templateChanges.length === 0) {
    const impact: Impact = toZero ? 'downtime' : 'none';
    const reason = toZero
      ? `capacity goes to 0: every instance of the group is terminated (${fieldList(changes)})`
      : `${fieldList(changes)} changed in place`;
    return { notices, action: { ...base, type: 'update', impact, reason } };
  }
  const members = observed.instances.filter(isLiveMember).length;
  const safe = members > 1 && capacity > 1;
  const impact: Impact = safe && !toZero ? 'none' : 'downtime';
  const onlyOutdated = templateChanges.every((c) => c.field === OUTDATED_INSTANCES_FIELD);
  const how = onlyOutdated
    ? `members still run an older launch template version (an earlier apply stopped before its instance refresh): an instance refresh keeping at least ${REFRESH_MIN_HEALTHY_PERCENTAGE}% healthy`
    : `a new launch template version and an instance refresh keeping at least ${REFRESH_MIN_HEALTHY_PERCENTAGE}% healthy`;
  const reason = safe
    ? `${fieldList(templateChanges)} changed: ${how}, replacing the ${members} instances a few at a time`
    : `${fieldList(templateChanges)} changed: ${how}; with ${members} instance(s) in service and a capacity of ${capacity}, the group is unavailable while its instance is replaced`;
  return { notices, action: { ...base, type: 'rolling-refresh', impact, reason } };
}

function refreshNotices(env: string, observed: ObservedGroup): PlanNotice[] {
  const r = observed.refresh;
  if (!r || !REFRESH_RUNNING.has(r.status)) return [];
  return [
    notice(
      'warning',
      env,
      observed,
      `an instance refresh is ${r.status} (${r.percentComplete}% complete); a new one cannot start until it ends: let it finish before applying a launch template change`,
    ),
  ];
}
