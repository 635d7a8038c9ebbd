import type { Plan, PlanNotice } from '../model/plan.js';
import type { ResourceKind } from '../model/resources.js';

/**
 * Drift: where the live fleet differs from the definitions, told from the live side
 * ("changed by hand") rather than as work to do. Derived from a Plan, so drift and plan can
 * never disagree.
 */
export interface DriftField {
  field: string;
  live: unknown;
  defined: unknown;
}

export interface DriftItem {
  env: string;
  kind: ResourceKind;
  name: string;
  physicalId?: string;
  /**
   * changed: exists but differs. driftOf never reports `missing` any more: a resource defined but
   * not in the cloud is in `notApplied`, not drift. (Renderers still accept it, for reports made elsewhere.)
   */
  state: 'changed' | 'missing';
  fields: DriftField[];
}

/** A resource defined but not in the cloud. */
export interface NotAppliedItem {
  env: string;
  kind: ResourceKind;
  name: string;
}

export interface DriftReport {
  envs: string[];
  /** Resources that exist and differ from their definitions. */
  items: DriftItem[];
  /** Tagged for an environment but not in the definitions, and unmanaged resources. */
  notices: PlanNotice[];
  /**
   * Defined but not in the cloud: not yet applied. Not drift (a fresh environment has not
   * drifted; `qm apply` creates them). A plan cannot tell these from resources deleted by hand,
   * so those are listed here too.
   */
  notApplied: NotAppliedItem[];
  /** Items or notices: something changed outside Quartermaster. notApplied alone is not drift. */
  hasDrift: boolean;
}

/** @example const report = driftOf(await engine.plan({ definitions })); if (report.hasDrift) ... */
export function driftOf(plan: Plan): DriftReport {
  const items: DriftItem[] = [];
  const notApplied: NotAppliedItem[] = [];
  for (const a of plan.actions) {
    if (a.type === 'no-op' || a.type === 'delete') continue;
    const { env, kind, name, physicalId } = a.resource;
    if (a.type === 'create') {
      notApplied.push({ env, kind, name });
      continue;
    }
    items.push({
      env,
      kind,
      name,
      ...(physicalId ? { physicalId } : {}),
      state: 'changed',
      fields: a.changes.map((c) => ({ field: c.field, live: c.old, defined: c.new })),
    });
  }
  const notices = plan.notices.filter((n) => n.level === 'warning');
  return { envs: plan.envs, items, notices, notApplied, hasDrift: items.length > 0 || notices.length > 0 };
}
