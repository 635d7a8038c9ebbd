import { IMPACT_RANK, type Plan, type PlannedAction } from '../model/plan.js';
import { canonicalJson } from '../plan/canonical-json.js';
import { isApprovedDesired, type StoredActionLike } from '../store/stored-plan.js';

/**
 * Whether `now` (re-planned after an apply died part-way) only finishes what `approved` was
 * approved to do. Its fingerprint necessarily differs (some actions already happened), so the
 * approval carries over only when: the same environments; every remaining change is one of
 * the approved actions (same id, or the leftover `<id>~<instance>` of an approved replace),
 * towards the same desired definition, with an impact no worse than approved.
 * Anything else needs new approvals. `approved` is the plan stored with the request, in the
 * compact form or (rows from before it) the whole redacted plan.
 *
 * @example isResumptionOf(request.plan, await engine.plan(...)) // true after a crash mid-resize
 */
export function isResumptionOf(approved: unknown, now: Plan): boolean {
  if (!isPlanLike(approved)) return false;
  if (canonicalJson([...approved.envs].sort()) !== canonicalJson([...now.envs].sort())) return false;
  const byId = new Map(approved.actions.map((a) => [a.id, a]));
  return now.actions
    .filter((a) => a.type !== 'no-op')
    .every((a) => {
      const was = byId.get(a.id) ?? byId.get(a.id.split('~')[0] ?? '');
      if (!was || was.type === 'no-op') return false;
      if (IMPACT_RANK[a.impact] > IMPACT_RANK[was.impact]) return false;
      // The old instance an approved replace left behind (`<id>~<instance>`): deleting exactly it finishes the replace.
      if (a.id !== was.id) return was.type === 'replace' && a.type === 'delete' && supersededId(a) === was.resource.physicalId;
      return isApprovedDesired(was, a.desired);
    });
}

function supersededId(a: PlannedAction): string | undefined {
  return a.observed?.kind === 'instance' ? a.observed.id : undefined;
}

type StoredActionOf = Pick<PlannedAction, 'id' | 'type' | 'impact' | 'resource'> & StoredActionLike;

function isPlanLike(p: unknown): p is Pick<Plan, 'envs'> & { actions: StoredActionOf[] } {
  if (typeof p !== 'object' || p === null) return false;
  const o = p as { envs?: unknown; actions?: unknown };
  return Array.isArray(o.envs) && Array.isArray(o.actions);
}
