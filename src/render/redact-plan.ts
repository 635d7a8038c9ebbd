import type { ObservedResource } from '../model/observed.js';
import type { Plan, PlannedAction } from '../model/plan.js';
import type { ResourceSpec } from '../model/resources.js';
import { isUserDataField, userDataDescriptionOf } from './format-value.js';

/**
 * A copy of the plan safe to write anywhere: every user data (definitions, live resources,
 * field changes) replaced by its `(sha256:..., N bytes)` description. The plan's meaning and
 * fingerprint are untouched; apply always re-plans from the definitions, so nothing needs the
 * raw text back.
 *
 * @example fs.writeFileSync('plan.json', JSON.stringify(redactPlan(plan)))
 */
export function redactPlan(plan: Plan): Plan {
  return { ...plan, actions: plan.actions.map(redactAction) };
}

function redactAction(a: PlannedAction): PlannedAction {
  return {
    ...a,
    changes: a.changes.map((c) => (isUserDataField(c.field) ? { ...c, old: hide(c.old), new: hide(c.new) } : c)),
    ...(a.desired ? { desired: redactSpec(a.desired) } : {}),
    ...(a.observed ? { observed: redactObserved(a.observed) } : {}),
  };
}

function redactSpec(r: ResourceSpec): ResourceSpec {
  if (r.kind === 'instance' && r.userData !== undefined) return { ...r, userData: hide(r.userData) as string };
  if (r.kind === 'autoscaling-group' && r.launchTemplate.userData !== undefined) {
    return { ...r, launchTemplate: { ...r.launchTemplate, userData: hide(r.launchTemplate.userData) as string } };
  }
  return r;
}

function redactObserved(r: ObservedResource): ObservedResource {
  if (r.kind === 'instance' && typeof r.userData === 'string') return { ...r, userData: hide(r.userData) as string };
  if (r.kind === 'autoscaling-group' && r.launchTemplate.userData !== undefined) {
    return { ...r, launchTemplate: { ...r.launchTemplate, userData: hide(r.launchTemplate.userData) as string } };
  }
  return r;
}

function hide(v: unknown): unknown {
  return v === undefined || v === null ? v : userDataDescriptionOf(v);
}
