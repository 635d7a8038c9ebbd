import type { Plan } from '../model/plan.js';
import type { ApprovalRequest, ApprovalRequirement, Door } from '../store/store.js';
import { decideVote, quorumGaps } from './decide-request.js';
import { evaluateGate } from './evaluate-gate.js';
import { membersOf } from './explain-policy.js';
import type { Membership } from './membership.js';
import type { Policy } from './policy.js';

export interface PreviewInput {
  policy: Policy;
  requester: Membership;
  command: string;
  plan: Plan;
  /** People who have already said yes at the door (a pull request's approving reviewers), with their memberships now. */
  approvers: Membership[];
  door: Door;
  now: Date;
}

export interface PreviewRequirement extends ApprovalRequirement {
  /** Everyone the policy lets approve for this group, flattened and as written there. */
  approvers: string[];
  /** Of `input.approvers`, the ones whose yes counts for this group. */
  approvedBy: string[];
}

/** Why one of the door's approvers does not count (their own change, not in a required group...). */
export interface DiscountedApprover {
  approver: string;
  reason: string;
}

export type GatePreview =
  | { decision: 'allowed'; reason: string; discounted: DiscountedApprover[] }
  | { decision: 'needs-approval'; requirements: PreviewRequirement[]; discounted: DiscountedApprover[] }
  | { decision: 'refused'; reason: string; discounted: DiscountedApprover[] };

/**
 * What the gate would answer if this plan were applied now, counting the approvals already
 * given at the door: the verdict a pull request shows before it is merged, so nothing
 * unapprovable is merged. Records nothing. Each approver is judged by the same decideVote the
 * real vote goes through (never the requester, rights of the moment, one vote per person).
 *
 * @example
 * const p = previewGate({ policy, requester, command: 'apply', plan, approvers: [bob], door: 'pr', now });
 * p.decision === 'allowed' // bob's review covered prod-downtime's 1 from sre
 */
export function previewGate(input: PreviewInput): GatePreview {
  const { policy, plan } = input;
  const decision = evaluateGate({ policy, actor: input.requester.actor, membership: input.requester, command: input.command, plan });
  if (decision.decision !== 'needs-approval') return { ...decision, discounted: [] };

  const at = input.now.toISOString();
  let request: ApprovalRequest = {
    id: 'req-preview',
    actor: input.requester.actor,
    door: input.door,
    command: input.command,
    envs: [...plan.envs].sort(),
    scope: '',
    fingerprint: plan.fingerprint,
    reason: 'preview',
    requirements: decision.requirements,
    state: 'requested',
    createdAt: at,
    updatedAt: at,
    expiresAt: new Date(input.now.getTime() + decision.expiresInMs).toISOString(),
    approvals: [],
    version: 1,
  };
  const discounted: DiscountedApprover[] = [];
  for (const membership of input.approvers) {
    if (request.state !== 'requested') break;
    const vote = decideVote(request, { now: input.now, locks: [] }, { requestId: request.id, approver: membership.actor, door: input.door, fingerprint: plan.fingerprint, policy, membership });
    if (vote.result.outcome === 'refused') discounted.push({ approver: membership.actor, reason: vote.result.reason });
    else request = vote.result.request;
  }
  const requirements = requirementsOf(policy, request);
  if (quorumGaps(request).length === 0) {
    const by = [...new Set(request.approvals.map((v) => v.approver))].join(', ');
    return { decision: 'allowed', reason: `approved by ${by}`, discounted };
  }
  return { decision: 'needs-approval', requirements, discounted };
}

/**
 * A request's requirements with who may approve each (as the policy names them) and whose
 * votes count for it so far: what a door shows under "approvals needed".
 *
 * @example requirementsOf(policy, request) // [{ group: 'sre', count: 1, reason: '...', approvers: ['bob (slack:U034FGHIJ, ...)'], approvedBy: [] }]
 */
export function requirementsOf(policy: Policy, request: Pick<ApprovalRequest, 'requirements' | 'approvals'>): PreviewRequirement[] {
  return request.requirements.map((q) => ({
    ...q,
    approvers: membersOf(policy, q.group),
    approvedBy: request.approvals.filter((v) => v.groups.includes(q.group)).map((v) => v.approver),
  }));
}
