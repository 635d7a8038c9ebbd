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
  /** changed: exists but differs; missing: defined but not in the cloud. */
  state: 'changed' | 'missing';
  fields: DriftField[];
}

export interface DriftReport {
  envs: string[];
  items: DriftItem[];
  /** Tagged for an environment but not in the definitions, and unmanaged resources. */
  notices: PlanNotice[];
  hasDrift: boolean;
}

/** @example const report = driftOf(await engine.plan({ definitions })); if (report.hasDrift) ... */
export function driftOf(plan: Plan): DriftReport {
  const items: DriftItem[] = [];
  for (const a of plan.actions) {
    if (a.type === 'no-op' || a.type === 'delete') continue;
    items.push({
      env: a.resource.env,
      kind: a.resource.kind,
      name: a.resource.name,
      ...(a.resource.physicalId ? { physicalId: a.resource.physicalId } : {}),
      state: a.type === 'create' ? 'missing' : 'changed',
      fields: a.type === 'create' ? [] : a.changes.map((c) => ({ field: c.field, live: c.old, defined: c.new })),
    });
  }
  const notices = plan.notices.filter((n) => n.level === 'warning');
  return { envs: plan.envs, items, notices, hasDrift: items.length > 0 || notices.length > 0 };
}
