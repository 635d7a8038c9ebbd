import type { Plan } from '../model/plan.js';
import { isResumptionOf } from './resumption.js';
import type { ApprovalRequest, ApprovalVote, AuditInput, DecideContext, Door, RequestDecision, RequestPatch, RequestState } from '../store/store.js';
import { OPEN_REQUEST_STATES } from '../store/store.js';
import { inGroup, samePerson, type Membership } from './membership.js';
import { noPermissionReason, permits } from './permits.js';
import type { Policy } from './policy.js';

/**
 * The decisions about one stored request, as pure functions run by Store.updateRequest under
 * the request's row lock: approve (a vote), deny, claim for apply, finish. Each refusal is an
 * answer AND an audit entry written in the same transaction.
 */

/** How far a request is from its quorum. */
export interface QuorumGap {
  group: string;
  need: number;
  have: number;
}

/** Requirements not yet met by distinct approvers whose vote counts for the group. */
export function quorumGaps(request: Pick<ApprovalRequest, 'requirements' | 'approvals'>): QuorumGap[] {
  return request.requirements
    .map((r) => ({ group: r.group, need: r.count, have: new Set(request.approvals.filter((v) => v.groups.includes(r.group)).map((v) => v.approver)).size }))
    .filter((g) => g.have < g.need);
}

/** The state as of `now`: an open request past its expiry is expired even before anyone writes it. */
export function effectiveState(request: ApprovalRequest, now: Date): RequestState {
  return OPEN_REQUEST_STATES.includes(request.state) && now.getTime() >= Date.parse(request.expiresAt) ? 'expired' : request.state;
}

export type ApproveRefusal =
  | 'not-found'
  | 'expired'
  | 'not-pending'
  | 'fingerprint-mismatch'
  | 'self-approval'
  | 'already-voted'
  | 'not-authorized'
  | 'not-in-required-group';

export type ApproveOutcome =
  | { outcome: 'approved'; request: ApprovalRequest }
  | { outcome: 'vote-recorded'; request: ApprovalRequest; remaining: QuorumGap[] }
  | { outcome: 'refused'; code: ApproveRefusal; reason: string };

export interface VoteInput {
  requestId: string;
  approver: string;
  door: Door;
  /** The fingerprint of the plan the approver was shown. */
  fingerprint: string;
  comment?: string;
  /** The policy and the approver's membership as they are now. */
  policy: Policy;
  membership: Membership;
}

/** What refusals, expiries and results look like in the audit log. */
function entry(request: Pick<ApprovalRequest, 'id' | 'envs' | 'fingerprint'> | undefined, actor: string, door: Door | undefined, kind: AuditInput['kind'], message: string, data?: Record<string, unknown>): AuditInput {
  return {
    actor,
    kind,
    message,
    ...(door ? { door } : {}),
    ...(request ? { requestId: request.id, envs: request.envs, fingerprint: request.fingerprint } : {}),
    ...(data ? { data } : {}),
  };
}

function refuse<C extends string>(
  current: ApprovalRequest | undefined,
  requestId: string,
  actor: string,
  door: Door | undefined,
  what: string,
  code: C,
  reason: string,
  extra: { patch?: RequestPatch; audit?: AuditInput[] } = {},
): RequestDecision<{ outcome: 'refused'; code: C; reason: string }> {
  const audit = [
    ...(extra.audit ?? []),
    { ...entry(current, actor, door, 'refusal', `${what} refused (${code}): ${reason}`, { code, attempted: what }), requestId },
  ];
  return { result: { outcome: 'refused', code, reason }, audit, ...(extra.patch ? { patch: extra.patch } : {}) };
}

/**
 * Marks an open request expired (with its audit entry) when `now` is past its expiry; undefined
 * when it is not overdue or already written expired.
 *
 * @example expiry(current, ctx.now, 'qm')?.patch // { state: 'expired', stateReason: 'expired at 2025-...' }
 */
export function expiry(current: ApprovalRequest, now: Date, actor: string): { patch: RequestPatch; audit: AuditInput[] } | undefined {
  if (effectiveState(current, now) !== 'expired' || current.state === 'expired') return undefined;
  return {
    patch: { state: 'expired', stateReason: `expired at ${current.expiresAt}` },
    audit: [entry(current, actor, undefined, 'expire', `${current.id} expired at ${current.expiresAt} in state ${current.state}`)],
  };
}

/**
 * One approver's vote. Refused (and audited) when the request is gone, expired or not waiting
 * for approvals, when the plan differs from the one approved, when the approver is the
 * requester (any of their accounts), has voted already, may not approve in every environment
 * of the request, or belongs to none of the groups still required. The rights are those of
 * `policy` and `membership` now, not when the request was made.
 */
export function decideVote(current: ApprovalRequest | undefined, ctx: DecideContext, v: VoteInput): RequestDecision<ApproveOutcome> {
  const r = (code: ApproveRefusal, reason: string, extra?: { patch?: RequestPatch; audit?: AuditInput[] }): RequestDecision<ApproveOutcome> =>
    refuse(current, v.requestId, v.approver, v.door, 'approval', code, reason, extra);
  if (!current) return r('not-found', `no request ${v.requestId}`);
  const expired = expiry(current, ctx.now, v.approver);
  if (expired || current.state === 'expired') return r('expired', `${current.id} expired at ${current.expiresAt}; request it again`, expired);
  if (current.state !== 'requested') return r('not-pending', `${current.id} is ${current.state}${current.stateReason ? ` (${current.stateReason})` : ''}, not waiting for approvals`);
  if (v.fingerprint !== current.fingerprint) {
    return r('fingerprint-mismatch', `the approval is for plan ${v.fingerprint.slice(0, 12)} but ${current.id} is for plan ${current.fingerprint.slice(0, 12)}; approve the plan that was requested`);
  }
  if (samePerson(v.policy, v.approver, current.actor)) return r('self-approval', `${v.approver} requested ${current.id} and cannot approve it, whatever the policy says`);
  if (current.approvals.some((a) => samePerson(v.policy, a.approver, v.approver))) return r('already-voted', `${v.approver} has already approved ${current.id}; another approver is needed`);
  const notAllowed = current.envs.find((env) => !permits(v.policy, v.membership, 'approve', env));
  if (notAllowed) return r('not-authorized', `${v.approver} may not approve in ${notAllowed}: ${noPermissionReason(v.policy)}`);
  const gaps = quorumGaps(current);
  const groups = gaps.map((g) => g.group).filter((g) => inGroup(v.policy, g, v.membership));
  if (groups.length === 0) {
    const wanted = gaps.map((g) => g.group).join(', ');
    return r('not-in-required-group', `${v.approver} is not in ${wanted ? `any group still required (${wanted})` : 'a required group'} for ${current.id}`);
  }

  const vote: ApprovalVote = { approver: v.approver, door: v.door, at: ctx.now.toISOString(), fingerprint: v.fingerprint, groups, ...(v.comment ? { comment: v.comment } : {}) };
  const after: ApprovalRequest = { ...current, approvals: [...current.approvals, vote], updatedAt: ctx.now.toISOString(), version: current.version + 1 };
  const remaining = quorumGaps(after);
  const counted = `${v.approver} approved ${current.id} for ${groups.join(', ')}`;
  if (remaining.length > 0) {
    const left = remaining.map((g) => `${g.need - g.have} more from ${g.group}`).join(', ');
    return {
      result: { outcome: 'vote-recorded', request: after, remaining },
      addVote: vote,
      audit: [entry(current, v.approver, v.door, 'approval', `${counted}; waiting for ${left}`, { groups, remaining })],
    };
  }
  const approved: ApprovalRequest = { ...after, state: 'approved', stateReason: 'quorum reached' };
  return {
    result: { outcome: 'approved', request: approved },
    addVote: vote,
    patch: { state: 'approved', stateReason: 'quorum reached' },
    audit: [entry(current, v.approver, v.door, 'approval', `${counted}; quorum reached, ${current.id} is approved`, { groups })],
  };
}

export type DenyOutcome =
  | { outcome: 'denied'; request: ApprovalRequest }
  | { outcome: 'refused'; code: 'not-found' | 'expired' | 'not-pending' | 'not-authorized'; reason: string };

export interface DenyInput {
  requestId: string;
  by: string;
  door: Door;
  reason: string;
  policy: Policy;
  membership: Membership;
}

/**
 * Denies (or, for the requester, withdraws) an open request. Those who could approve it may
 * deny it: permitted to approve in its environments and in one of its required groups.
 */
export function decideDeny(current: ApprovalRequest | undefined, ctx: DecideContext, d: DenyInput): RequestDecision<DenyOutcome> {
  const r = (code: 'not-found' | 'expired' | 'not-pending' | 'not-authorized', reason: string, extra?: { patch?: RequestPatch; audit?: AuditInput[] }): RequestDecision<DenyOutcome> =>
    refuse(current, d.requestId, d.by, d.door, 'denial', code, reason, extra);
  if (!current) return r('not-found', `no request ${d.requestId}`);
  const expired = expiry(current, ctx.now, d.by);
  if (expired || current.state === 'expired') return r('expired', `${current.id} expired at ${current.expiresAt}`, expired);
  if (!OPEN_REQUEST_STATES.includes(current.state)) return r('not-pending', `${current.id} is ${current.state}; only requested or approved requests can be denied`);
  const own = samePerson(d.policy, d.by, current.actor);
  const mayApprove =
    current.envs.every((env) => permits(d.policy, d.membership, 'approve', env)) &&
    (current.requirements.length === 0 || current.requirements.some((q) => inGroup(d.policy, q.group, d.membership)));
  if (!own && !mayApprove) return r('not-authorized', `${d.by} may not deny ${current.id}: only its requester or someone who may approve it can`);
  const stateReason = own ? `withdrawn by ${d.by}: ${d.reason}` : `denied by ${d.by}: ${d.reason}`;
  return {
    result: { outcome: 'denied', request: { ...current, state: 'denied', stateReason, updatedAt: ctx.now.toISOString(), version: current.version + 1 } },
    patch: { state: 'denied', stateReason },
    audit: [entry(current, d.by, d.door, 'denial', `${current.id} ${stateReason}`, { withdrawn: own })],
  };
}

export type ClaimAnswer =
  | 'not-found'
  | 'not-approved'
  | 'already-applying'
  | 'already-applied'
  | 'failed'
  | 'denied'
  | 'superseded'
  | 'expired'
  | 'stale'
  | 'lock-not-held';

export type ClaimOutcome =
  | { claimed: true; request: ApprovalRequest; /** True when a dead claimer's apply is taken over (re-running apply after a crash). */ resumed: boolean }
  | { claimed: false; answer: ClaimAnswer; reason: string; state?: RequestState; claimedBy?: string; since?: string };

export interface ClaimInput {
  requestId: string;
  /** The fingerprint of the plan about to be applied (re-planned just now). */
  fingerprint: string;
  /** Who applies: `bot-7f9c:pid 4242`, `cli:alice@laptop`. */
  holder: string;
  actor: string;
  door?: Door;
  /** Tokens of the locks the claimer holds on every environment of the request. */
  lockTokens: string[];
  /**
   * The re-planned plan: lets a dead claimer's apply be resumed although its fingerprint
   * moved on, when it only finishes the approved work (see isResumptionOf).
   */
  plan?: Plan;
}

/**
 * Moves an approved request to `applying` for exactly one caller; everyone else gets an
 * explicit answer. A request left `applying` by a claimer whose locks are gone (it died and
 * its locks expired or were force-unlocked) may be claimed again by a holder of the locks:
 * that is how re-running apply after a crash resumes.
 */
export function decideClaim(current: ApprovalRequest | undefined, ctx: DecideContext, c: ClaimInput): RequestDecision<ClaimOutcome> {
  const no = (answer: ClaimAnswer, reason: string, extra: { patch?: RequestPatch; audit?: AuditInput[]; claimedBy?: string; since?: string } = {}): RequestDecision<ClaimOutcome> => {
    const d = refuse(current, c.requestId, c.actor, c.door, 'claim for apply', answer, reason, extra);
    const result: ClaimOutcome = {
      claimed: false,
      answer,
      reason,
      ...(current ? { state: extra.patch?.state ?? current.state } : {}),
      ...(extra.claimedBy ? { claimedBy: extra.claimedBy, since: extra.since } : {}),
    };
    return { ...d, result };
  };
  if (!current) return no('not-found', `no request ${c.requestId}`);
  const heldByCaller = (env: string): boolean => ctx.locks.some((l) => l.env === env && !l.expired && c.lockTokens.includes(l.token));
  const claim = { holder: c.holder, at: ctx.now.toISOString(), lockTokens: [...c.lockTokens] };

  switch (current.state) {
    case 'applying': {
      const prior = current.claim;
      const priorAlive = prior !== undefined && ctx.locks.some((l) => !l.expired && prior.lockTokens.includes(l.token));
      if (priorAlive || !current.envs.every(heldByCaller)) {
        return no('already-applying', `${current.id} is being applied by ${prior?.holder ?? 'another process'} since ${prior?.at ?? current.updatedAt}`, {
          ...(prior ? { claimedBy: prior.holder, since: prior.at } : {}),
        });
      }
      if (c.fingerprint !== current.fingerprint && !(c.plan && isResumptionOf(current.plan, c.plan))) {
        // Its claimer is dead and what is left is not what was approved: close it as failed, so
        // the change can be requested again instead of the environment being stuck behind it.
        const reason = `${current.id} was interrupted and what is left is not all part of what was approved (${staleReason(current, c.fingerprint)})`;
        return no('stale', reason, {
          patch: { state: 'failed', stateReason: `interrupted; ${reason}` },
          audit: [entry(current, c.actor, c.door, 'apply-result', `${current.id} failed: ${reason}`, { holder: c.holder, previous: prior?.holder })],
        });
      }
      return {
        result: { claimed: true, request: { ...current, claim, updatedAt: claim.at, version: current.version + 1 }, resumed: true },
        patch: { claim },
        audit: [entry(current, c.actor, c.door, 'claim', `${c.holder} resumes applying ${current.id} (the previous claimer ${prior?.holder ?? '?'} lost its locks)`, { holder: c.holder, previous: prior?.holder })],
      };
    }
    case 'applied':
      return no('already-applied', `${current.id} was already applied by ${current.claim?.holder ?? '?'} at ${current.claim?.finishedAt ?? current.updatedAt}`);
    case 'failed':
      return no('failed', `${current.id} failed (${current.stateReason ?? 'see the audit log'}); request the change again`);
    case 'denied':
    case 'superseded':
    case 'expired':
      return no(current.state, `${current.id} is ${current.state}${current.stateReason ? ` (${current.stateReason})` : ''}`);
    case 'requested': {
      const expired = expiry(current, ctx.now, c.actor);
      if (expired) return no('expired', `${current.id} expired at ${current.expiresAt} before it was approved`, expired);
      const left = quorumGaps(current).map((g) => `${g.need - g.have} more from ${g.group}`).join(', ');
      return no('not-approved', `${current.id} still needs approval: ${left}`);
    }
    case 'approved': {
      const expired = expiry(current, ctx.now, c.actor);
      if (expired) return no('expired', `${current.id} expired at ${current.expiresAt} before it was applied; request it again`, expired);
      if (c.fingerprint !== current.fingerprint) return no('stale', staleReason(current, c.fingerprint));
      const missing = current.envs.filter((env) => !heldByCaller(env));
      if (missing.length) return no('lock-not-held', `take the lock of ${missing.join(', ')} before claiming ${current.id}`);
      return {
        result: { claimed: true, request: { ...current, state: 'applying', claim, updatedAt: claim.at, version: current.version + 1 }, resumed: false },
        patch: { state: 'applying', claim },
        audit: [entry(current, c.actor, c.door, 'claim', `${c.holder} starts applying ${current.id}`, { holder: c.holder })],
      };
    }
  }
}

function staleReason(r: ApprovalRequest, fingerprint: string): string {
  return `the plan changed since ${r.id} was approved (approved ${r.fingerprint.slice(0, 12)}, now ${fingerprint.slice(0, 12)}); plan again and request new approvals`;
}

export type FinishOutcome =
  | { finished: true; request: ApprovalRequest }
  | { finished: false; reason: string };

export interface FinishInput {
  requestId: string;
  holder: string;
  actor: string;
  door?: Door;
  outcome: 'applied' | 'failed';
  message: string;
  data?: Record<string, unknown>;
}

/** Records the end of an apply: only the current claimer can, once. */
export function decideFinish(current: ApprovalRequest | undefined, ctx: DecideContext, f: FinishInput): RequestDecision<FinishOutcome> {
  if (!current || current.state !== 'applying' || current.claim?.holder !== f.holder) {
    const reason = !current ? `no request ${f.requestId}` : current.state !== 'applying' ? `${current.id} is ${current.state}, not applying` : `${current.id} is being applied by ${current.claim?.holder}, not ${f.holder}`;
    const d = refuse(current, f.requestId, f.actor, f.door, `recording the result (${f.outcome})`, 'not-claimed', reason);
    return { ...d, result: { finished: false, reason } };
  }
  const claim = { ...current.claim, finishedAt: ctx.now.toISOString() };
  const patch: RequestPatch = { state: f.outcome, stateReason: f.message, claim };
  return {
    result: { finished: true, request: { ...current, ...patch, updatedAt: ctx.now.toISOString(), version: current.version + 1 } },
    patch,
    audit: [entry(current, f.actor, f.door, 'apply-result', `${current.id} ${f.outcome}: ${f.message}`, { outcome: f.outcome, holder: f.holder, ...f.data })],
  };
}
