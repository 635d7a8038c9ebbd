import type { Clock } from '../clock.js';
import type { Plan } from '../model/plan.js';
import type { ApprovalRequest, CreatedRequest, Door, Lock, Store } from '../store/store.js';
import { OPEN_REQUEST_STATES } from '../store/store.js';
import {
  decideClaim,
  decideDeny,
  decideFinish,
  decideVote,
  effectiveState,
  expiry,
  type ApproveOutcome,
  type ClaimOutcome,
  type DenyOutcome,
  type FinishOutcome,
} from './decide-request.js';
import { evaluateGate, type GateDecision, type MatchedRule } from './evaluate-gate.js';
import { resolveMembership, type MembershipResolver } from './membership.js';
import { noPermissionReason, permits } from './permits.js';
import { isChangeCommand, type Policy } from './policy.js';

export interface ApprovalsOptions {
  store: Store;
  clock: Clock;
  /** The policy, or how to get it now (reloaded from git): approvals are checked against the policy of the moment. */
  policy: Policy | (() => Policy | Promise<Policy>);
  /** Asked at request and at every approval, so rights are current. */
  membership: MembershipResolver;
}

export interface RequestInput {
  actor: string;
  door: Door;
  /** A change command: apply, scale, shutdown, start. */
  command: string;
  plan: Plan;
  /** Default: the plan's environments. */
  envs?: string[];
  /** What the person asked for: `/scale web 5`, `PR #42 merged`. */
  reason: string;
  /** Where the plan lives when not stored inline. */
  planRef?: string;
  /** Store the plan with the request (its changes only, redacted: see StoredPlan); default true. */
  storePlan?: boolean;
}

export type RequestOutcome =
  | { outcome: 'refused'; reason: string }
  | { outcome: 'allowed'; request: ApprovalRequest; superseded: ApprovalRequest[] }
  | { outcome: 'needs-approval'; request: ApprovalRequest; superseded: ApprovalRequest[]; rules: MatchedRule[] };

export type UnlockOutcome = { unlocked: true; removed?: Lock } | { unlocked: false; reason: string };

export interface Approvals {
  /** Runs the gate and records the request: approved at once when no rule applies, else waiting for approvals. */
  request(input: RequestInput): Promise<RequestOutcome>;
  /** One approver's vote on the plan they saw (`fingerprint`). */
  approve(input: { requestId: string; approver: string; door: Door; fingerprint: string; comment?: string }): Promise<ApproveOutcome>;
  /** Denies a request (its requester withdraws it the same way). */
  deny(input: { requestId: string; by: string; door: Door; reason: string }): Promise<DenyOutcome>;
  /** Exactly one caller moves an approved request to applying; see decideClaim. */
  claimForApply(input: { requestId: string; fingerprint: string; holder: string; actor: string; door?: Door; locks: Pick<Lock, 'token'>[]; plan?: Plan }): Promise<ClaimOutcome>;
  /** Records applied / failed; only the claimer can. */
  finishApply(input: { requestId: string; holder: string; actor: string; door?: Door; outcome: 'applied' | 'failed'; message: string; data?: Record<string, unknown> }): Promise<FinishOutcome>;
  /** The request with its state as of now (an overdue open request reads as expired). */
  get(requestId: string): Promise<ApprovalRequest | undefined>;
  /**
   * Whether `actor` may carry out an approved request with `plan` under the policy and
   * memberships of the moment: they must be permitted to run its command there, and whatever
   * approvals the plan needs now must be covered by the ones the request was approved for (a
   * plan whose impact grew needs new approvals). Refusals are audited.
   */
  recheck(input: { request: ApprovalRequest; actor: string; door: Door; plan: Plan }): Promise<{ ok: true } | { ok: false; reason: string; needsNewRequest: boolean }>;
  /** Writes `expired` (and its audit entry) on every overdue open request; for a periodic sweep. */
  expireOverdue(): Promise<ApprovalRequest[]>;
  /** Removes an environment's lock if the policy lets `by` run `unlock` there; audited either way. */
  forceUnlock(input: { env: string; by: string; door: Door; reason: string }): Promise<UnlockOutcome>;
}

/**
 * The approval service every door uses: gate, request, approve, deny, claim, finish, unlock.
 * All state changes go through Store.updateRequest with the pure decisions of
 * decide-request.ts, so they are atomic across processes and replicas.
 *
 * @example
 * const approvals = createApprovals({ store, clock, policy: () => loadPolicyOrThrow(root), membership: slackMembership });
 * const r = await approvals.request({ actor: 'slack:U012ABC', door: 'slack', command: 'scale', plan, reason: '/scale web 5' });
 * if (r.outcome === 'needs-approval') say(`waiting for ${r.request.requirements.map((q) => `${q.count} from ${q.group}`).join(', ')}`);
 */
export function createApprovals(opts: ApprovalsOptions): Approvals {
  const { store, clock } = opts;
  const policyNow = async (): Promise<Policy> => (typeof opts.policy === 'function' ? await opts.policy() : opts.policy);

  return {
    async request(input) {
      const policy = await policyNow();
      const envs = [...new Set(input.envs ?? input.plan.envs)].sort();
      const base = { actor: input.actor, door: input.door, envs, fingerprint: input.plan.fingerprint };
      const membership = await resolveMembership(policy, input.actor, opts.membership);
      const decision: GateDecision = isChangeCommand(input.command)
        ? evaluateGate({ policy, actor: input.actor, membership, command: input.command, envs, plan: input.plan })
        : { decision: 'refused', reason: `${input.command} is not a change command; only apply, scale, shutdown and start are requested` };

      if (decision.decision === 'refused') {
        await store.appendAudit({ ...base, kind: 'refusal', message: `${input.command} refused: ${decision.reason}`, data: { attempted: 'request', command: input.command, reason: input.reason } });
        return { outcome: 'refused', reason: decision.reason };
      }
      const needs = decision.decision === 'needs-approval';
      const created: CreatedRequest = await store.createRequest(
        {
          actor: input.actor,
          door: input.door,
          command: input.command,
          envs,
          fingerprint: input.plan.fingerprint,
          ...(input.storePlan === false ? {} : { plan: input.plan }),
          ...(input.planRef ? { planRef: input.planRef } : {}),
          reason: input.reason,
          requirements: needs ? decision.requirements : [],
          state: needs ? 'requested' : 'approved',
          stateReason: needs ? 'waiting for approvals' : decision.reason,
          expiresInMs: needs ? decision.expiresInMs : policy.defaultExpiresInMs,
        },
        ({ request, superseded }) => [
          {
            ...base,
            kind: 'request',
            requestId: request.id,
            message: `${input.actor} requested ${input.command} in ${envs.join(', ')}: ${input.reason}`,
            ...(input.planRef ? { data: { planRef: input.planRef } } : {}),
          },
          {
            ...base,
            kind: 'gate-decision',
            requestId: request.id,
            message: needs
              ? `needs approval: ${decision.requirements.map((q) => `${q.count} from ${q.group}`).join(', ')} (rules ${decision.rules.map((r) => r.name).join(', ')})`
              : `allowed without approval: ${decision.reason}`,
            data: needs ? { decision: decision.decision, requirements: decision.requirements, rules: decision.rules.map((r) => ({ name: r.name, why: r.why })) } : { decision: decision.decision },
          },
          ...superseded.map((s) => ({
            actor: input.actor,
            door: input.door,
            kind: 'supersede' as const,
            envs: s.envs,
            fingerprint: s.fingerprint,
            requestId: s.id,
            message: `${s.id} superseded by ${request.id}`,
          })),
        ],
      );
      return needs ? { outcome: 'needs-approval', ...created, rules: decision.rules } : { outcome: 'allowed', ...created };
    },

    async approve(input) {
      const policy = await policyNow();
      const membership = await resolveMembership(policy, input.approver, opts.membership);
      return store.updateRequest(input.requestId, (current, ctx) => decideVote(current, ctx, { ...input, policy, membership }));
    },

    async deny(input) {
      const policy = await policyNow();
      const membership = await resolveMembership(policy, input.by, opts.membership);
      return store.updateRequest(input.requestId, (current, ctx) => decideDeny(current, ctx, { ...input, policy, membership }));
    },

    claimForApply(input) {
      const { locks, ...rest } = input;
      return store.updateRequest(input.requestId, (current, ctx) => decideClaim(current, ctx, { ...rest, lockTokens: locks.map((l) => l.token) }));
    },

    finishApply(input) {
      return store.updateRequest(input.requestId, (current, ctx) => decideFinish(current, ctx, input));
    },

    async recheck({ request, actor, door, plan }) {
      const policy = await policyNow();
      const membership = await resolveMembership(policy, actor, opts.membership);
      const decision = evaluateGate({ policy, actor, membership, command: request.command, envs: request.envs, plan });
      const refused = async (reason: string, needsNewRequest: boolean) => {
        await store.appendAudit({ actor, door, kind: 'refusal', envs: request.envs, fingerprint: plan.fingerprint, requestId: request.id, message: `claim of ${request.id} refused: ${reason}` });
        return { ok: false as const, reason, needsNewRequest };
      };
      if (decision.decision === 'refused') return refused(decision.reason, false);
      if (decision.decision === 'needs-approval') {
        const uncovered = decision.requirements.filter((need) => !request.requirements.some((had) => had.group === need.group && had.count >= need.count));
        if (uncovered.length) {
          return refused(`the plan now needs ${uncovered.map((q) => `${q.count} from ${q.group} (${q.reason})`).join('; ')}, beyond what ${request.id} was approved for`, true);
        }
      }
      return { ok: true };
    },

    async get(requestId) {
      const r = await store.getRequest(requestId);
      return r ? { ...r, state: effectiveState(r, clock.now()) } : undefined;
    },

    async expireOverdue() {
      const open = await store.listRequests({ states: [...OPEN_REQUEST_STATES], limit: 10_000 });
      const overdue = open.filter((r) => effectiveState(r, clock.now()) === 'expired');
      const out: ApprovalRequest[] = [];
      for (const r of overdue) {
        const expired = await store.updateRequest(r.id, (current, ctx) => {
          const e = current && expiry(current, ctx.now, 'qm');
          return current && e ? { result: { ...current, state: 'expired' as const }, ...e } : { result: undefined };
        });
        if (expired) out.push(expired);
      }
      return out;
    },

    async forceUnlock(input) {
      const policy = await policyNow();
      const membership = await resolveMembership(policy, input.by, opts.membership);
      if (!permits(policy, membership, 'unlock', input.env)) {
        const reason = `${input.by} may not unlock ${input.env}: ${noPermissionReason(policy)}`;
        await store.appendAudit({ actor: input.by, door: input.door, kind: 'refusal', envs: [input.env], message: `unlock refused: ${reason}`, data: { attempted: 'unlock', reason: input.reason } });
        return { unlocked: false, reason };
      }
      const { removed } = await store.forceUnlock(input.env, input.by, input.reason, input.door);
      return removed ? { unlocked: true, removed } : { unlocked: true };
    },
  };
}
