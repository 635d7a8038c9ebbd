import { createHash } from 'node:crypto';
import { PLAN_FORMAT_VERSION, type FieldChange, type Plan, type PlanNotice, type PlannedAction } from '../model/plan.js';
import type { ResourceSpec } from '../model/resources.js';
import { canonicalJson, canonicalValue } from '../plan/canonical-json.js';
import { isUserDataDescription } from '../plan/user-data-digest.js';
import { isSecretKey, redactSecrets, redactString, summariseSecret } from './redact-secrets.js';

/**
 * What a request keeps of its plan: what its readers need and nothing else. `qm approve` shows
 * the changes (read back with parsePlanJson: a valid plan file); a resumption checks that what
 * is left of an interrupted apply is what was approved (ids, types, impacts, the replaced
 * instance, and which definition each action goes towards). So no-ops are left out, and so are
 * the live resources (`observed`) and the definitions (`desired`, kept as a digest): a
 * 1,000-change plan on a 10,000-instance fleet keeps 0.5 MB of JSON instead of 13.6 MB
 * (bench/store-size.ts), deflated to 0.1 MB in its column (plan-column.ts).
 *
 * Redaction walks only what can hold a secret: field changes (a user data value is summarised,
 * anything else a definition holds is masked where it looks secret) and free text (reasons,
 * notices). The rest is identifiers, numbers and enums.
 */
export const STORED_PLAN_FORM = 'changes-only/1';

export interface StoredAction extends Omit<PlannedAction, 'desired' | 'observed'> {
  /** desiredDigestOf(desired); absent for a delete. */
  desiredSha256?: string;
}

/** A Plan (formatVersion 1) without no-ops, stats, or the actions' `desired` and `observed`. */
export interface StoredPlan extends Omit<Plan, 'actions' | 'stats'> {
  /** Marks the compact form; rows written before it hold the whole redacted Plan. */
  storedForm: typeof STORED_PLAN_FORM;
  actions: StoredAction[];
}

/**
 * What the store keeps of a request's `plan`: a Quartermaster Plan (or a StoredPlan stored again)
 * in the compact form, anything else (a door's own value) through the generic redaction.
 *
 * @example storedPlanOf(plan).actions.length // plan.summary.add + change + destroy (no no-ops)
 */
export function storedPlanOf(value: unknown): unknown {
  return isPlanValue(value) ? compactPlan(value) : redactSecrets(value);
}

/**
 * sha256 (hex) of the canonical JSON of a definition, its source location left out (as in the
 * plan fingerprint: moving a definition in its file does not change it).
 *
 * @example desiredDigestOf(spec) === desiredDigestOf({ ...spec, source: { file: 'x.yml', line: 9, col: 1 } }) // true
 */
export function desiredDigestOf(spec: ResourceSpec): string {
  return createHash('sha256').update(JSON.stringify(canonicalValue(spec, 'source')), 'utf8').digest('hex');
}

/** An action of a stored plan, in either shape (the compact one, or the whole redacted plan of older rows). */
export interface StoredActionLike {
  desiredSha256?: unknown;
  desired?: unknown;
}

/**
 * Whether `desired` (re-planned now) is the definition an action of a stored plan was approved
 * towards. Rows written before the compact form kept the redacted definition itself: it is
 * compared redacted the same way.
 *
 * @example isApprovedDesired(request.plan.actions[0], replanned.actions[0].desired) // true when the definition did not change
 */
export function isApprovedDesired(stored: StoredActionLike, desired: ResourceSpec | undefined): boolean {
  if (typeof stored.desiredSha256 === 'string') return desired !== undefined && desiredDigestOf(desired) === stored.desiredSha256;
  if (stored.desired !== undefined && stored.desired !== null) return desired !== undefined && canonicalJson(redactSecrets(desired)) === canonicalJson(stored.desired);
  return desired === undefined;
}

function isPlanValue(v: unknown): v is Plan {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Partial<Plan>;
  return p.formatVersion === PLAN_FORMAT_VERSION && Array.isArray(p.actions) && Array.isArray(p.envs) && typeof p.fingerprint === 'string';
}

/*
 * Fields copied as they are: identifiers, enums, numbers, generated sentences; nothing a person
 * typed. Each table lists every field of its type not handled by hand, so a field added to the
 * Plan fails to compile here until someone decides whether it is kept and whether it can hold
 * a secret (copying only listed fields means nothing unknown is ever written unredacted).
 */
const PLAN_FIELDS = {
  formatVersion: true,
  createdAt: true,
  envs: true,
  summary: true,
  monthlyCostDelta: true,
  pricing: true,
  fingerprint: true,
} as const satisfies Record<keyof Omit<Plan, 'actions' | 'notices' | 'stats' | 'unchangedByEnv'>, true>;

const ACTION_FIELDS = {
  id: true,
  type: true,
  resource: true,
  impact: true,
  monthlyCostDelta: true,
  unpriced: true,
} as const satisfies Record<keyof Omit<PlannedAction, 'changes' | 'dependsOn' | 'reason' | 'desired' | 'observed'>, true>;

const NOTICE_FIELDS = { level: true, env: true, kind: true, physicalId: true } as const satisfies Record<keyof Omit<PlanNotice, 'name' | 'message'>, true>;

/** The members of `from` named in `fields`, those that are set. */
function pick<T extends object>(from: T, fields: Partial<Record<keyof T, true>>): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(fields) as (keyof T)[]) if (from[key] !== undefined) out[key] = from[key];
  return out;
}

function compactPlan(plan: Plan): StoredPlan {
  const kept = plan.actions.filter((a) => a.type !== 'no-op');
  const ids = new Set(kept.map((a) => a.id));
  return {
    ...(pick(plan, PLAN_FIELDS) as Omit<Plan, 'actions' | 'notices' | 'stats'>),
    storedForm: STORED_PLAN_FORM,
    // The no-ops are left out: keep their count, which renderings show ("12 unchanged").
    unchangedByEnv: plan.unchangedByEnv ?? noOpsByEnv(plan),
    actions: kept.map((a) => storedAction(a, ids)),
    notices: (plan.notices ?? []).map(storedNotice),
  };
}

/** The plan's no-op actions counted per environment (every environment named, 0 when none), in one pass. */
function noOpsByEnv(plan: Plan): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(plan.envs.map((env) => [env, 0]));
  for (const a of plan.actions) if (a.type === 'no-op') counts[a.resource.env] = (counts[a.resource.env] ?? 0) + 1;
  return counts;
}

function storedAction(a: PlannedAction & { desiredSha256?: unknown }, kept: ReadonlySet<string>): StoredAction {
  const out: StoredAction = {
    ...(pick(a, ACTION_FIELDS) as Pick<PlannedAction, keyof typeof ACTION_FIELDS>),
    changes: a.changes.map(storedChange),
    // A no-op is not kept, so neither is a wait on one (it has nothing to wait for).
    dependsOn: a.dependsOn.filter((id) => kept.has(id)),
    reason: redactString(a.reason),
  };
  // A StoredPlan stored again keeps its digest.
  const digest = a.desired ? desiredDigestOf(a.desired) : typeof a.desiredSha256 === 'string' && /^[0-9a-f]{64}$/.test(a.desiredSha256) ? a.desiredSha256 : undefined;
  if (digest !== undefined) out.desiredSha256 = digest;
  return out;
}

/** A user data value is summarised (a plan already shows it as `(sha256:..., N bytes)`); other values are masked where they look secret. */
function storedChange(c: FieldChange): FieldChange {
  const hide = isSecretKey(c.field) ? summariseUnlessDescribed : redactSecrets;
  return { field: c.field, old: hide(c.old), new: hide(c.new) };
}

function summariseUnlessDescribed(v: unknown): unknown {
  return v === undefined || v === null || v === '' || isUserDataDescription(v) ? v : summariseSecret(v);
}

function storedNotice(n: PlanNotice): PlanNotice {
  return {
    ...(pick(n, NOTICE_FIELDS) as Pick<PlanNotice, keyof typeof NOTICE_FIELDS>),
    // A live resource's `qm:name` tag is whatever someone wrote in the console.
    ...(n.name !== undefined ? { name: redactString(n.name) } : {}),
    message: redactString(n.message),
  };
}
