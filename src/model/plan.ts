import type { ObservedResource } from './observed.js';
import type { ResourceKind, ResourceSpec } from './resources.js';

/**
 * The Plan: a pure value built by `plan(desired, actual)`. Renderers only read it; the
 * executor only carries it out; gates judge it. Serialised as JSON (`formatVersion`)
 * for `qm plan --out` and for PR comments; see docs/plan-format.md.
 */
export const PLAN_FORMAT_VERSION = 1;

export type ActionType =
  /** A resource in the definitions that does not exist yet. */
  | 'create'
  /** Changed in place with no downtime (tags, capacity, policy, alarm threshold, start a stopped instance...). */
  | 'update'
  /** An instance type (or another stopped-only attribute) change: stop, modify, start. */
  | 'stop-modify-start'
  /** A group's launch template changed: a new template version and an instance refresh. */
  | 'rolling-refresh'
  /** A change AWS cannot make in place (an instance's AMI or subnet): create the new, then delete the old. */
  | 'replace'
  /** Only for `deleted: true` in the definitions. */
  | 'delete'
  /** Exists and matches. */
  | 'no-op';

/** Worst-first: destructive > downtime > none. */
export type Impact = 'none' | 'downtime' | 'destructive';

export interface FieldChange {
  /** Dotted path in the definition's terms: `instance_type`, `launch_template.ami`, `tags.team`. */
  field: string;
  /** `undefined` when the field is added. */
  old: unknown;
  /** `undefined` when the field is removed; the string `(known after apply)` when it depends on another action. */
  new: unknown;
}

export interface ActionResource {
  kind: ResourceKind;
  env: string;
  name: string;
  uuid: string;
  /** Instance id, group name or alarm name when it exists (or will be named) in AWS. */
  physicalId?: string;
}

export interface PlannedAction {
  /** Stable within the plan and across re-plans: `prod/autoscaling-group/web`. */
  id: string;
  type: ActionType;
  resource: ActionResource;
  changes: FieldChange[];
  impact: Impact;
  /** USD per month, positive when the change costs more (730 hours a month, on-demand, the environment's region; see Plan.pricing). */
  monthlyCostDelta: number;
  /** Instance types of this action the catalogue has no price for: their part of the delta is counted as 0. Absent when every type is priced. */
  unpriced?: string[];
  /** Ids of actions that must finish first (an alarm on a group waits for the group's create). */
  dependsOn: string[];
  /** One line for people: why this action and not a cheaper one. */
  reason: string;
  /** Absent for delete. */
  desired?: ResourceSpec;
  /** Absent for create. */
  observed?: ObservedResource;
}

/** Something seen but not acted on: unmanaged resources, tagged resources missing from the definitions. */
export interface PlanNotice {
  level: 'info' | 'warning';
  env: string;
  kind: ResourceKind;
  physicalId: string;
  /** `qm:name` when the resource carries one. */
  name?: string;
  message: string;
}

/**
 * Why an environment's cost figures are not exact: priced with another region's table, or
 * holding instance types the catalogue cannot price. `note` is the sentence renderers show.
 */
export interface EnvironmentPricing {
  env: string;
  /** The environment's region. */
  region: string;
  /** The region whose prices were used (us-east-1 when `region` has no price table). */
  pricedWith: string;
  /** Instance types counted as $0 because the catalogue has no price for them, sorted. */
  unpriced: string[];
  /** `approximate (no price table for sa-east-1; us-east-1 prices used)` */
  note: string;
}

export interface PlanSummary {
  add: number;
  change: number;
  destroy: number;
  unchanged: number;
}

export interface PlanStats {
  /** Provider calls made to read the live state, by operation name. */
  providerCalls: Record<string, number>;
  totalProviderCalls: number;
  readWallMs: number;
  diffCpuMs: number;
}

export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  /** ISO 8601. Not part of the fingerprint. */
  createdAt: string;
  envs: string[];
  /** In execution order (dependencies first); no-ops included so renderers can count them. */
  actions: PlannedAction[];
  notices: PlanNotice[];
  summary: PlanSummary;
  monthlyCostDelta: number;
  /** The environments whose cost is approximate or incomplete; absent when every figure is exact. Not part of the fingerprint. */
  pricing?: EnvironmentPricing[];
  /**
   * Unchanged resources per environment, set on a plan whose no-op actions were left out (the
   * plan a request keeps in the store); absent on a full plan, whose no-ops are counted.
   */
  unchangedByEnv?: Record<string, number>;
  /**
   * sha256 (hex) of exactly the inputs the plan was built from: the desired resources of its
   * environments and the comparable projection of the live state. Apply re-plans and refuses
   * when it differs (stale plan); approvals are bound to it.
   */
  fingerprint: string;
  stats?: PlanStats;
}

/** Whether a plan would change anything. */
export function hasChanges(plan: Plan): boolean {
  return plan.actions.some((a) => a.type !== 'no-op');
}

/** Impacts in order of severity, for comparing them. */
export const IMPACT_RANK: Readonly<Record<Impact, number>> = { none: 0, downtime: 1, destructive: 2 };

/** The worst impact of a set of actions. */
export function worstImpact(actions: readonly { impact: Impact }[]): Impact {
  return actions.reduce<Impact>((worst, a) => (IMPACT_RANK[a.impact] > IMPACT_RANK[worst] ? a.impact : worst), 'none');
}
