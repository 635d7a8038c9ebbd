/**
 * Command answers built from real engine values (a real Plan from createPlan, real request and
 * apply result shapes), for the Slack door and renderer tests.
 */
import type { ApplyResult } from '../../../../src/apply/index.js';
import type { CommandAnswer } from '../../../../src/engine/command-answer.js';
import type { GatedApplyOutcome } from '../../../../src/engine/gated-apply.js';
import type { PreviewRequirement } from '../../../../src/gates/index.js';
import type { Plan } from '../../../../src/model/plan.js';
import type { ApprovalRequest } from '../../../../src/store/store.js';
import { anInstanceSpec, aGroupSpec, observedGroupOf, observedInstanceOf, planOf } from '../../../plan/builders.js';

export const ALICE = 'U0ALICE';
export const BOB = 'U0BOB';
export const MALLORY = 'U0MALLORY';
export const CHANNEL = 'C0PRODOPS';
export const REQUEST_ID = 'req-0123456789ab';

/** `scale prod/web t3.large` on an instance: stop, modify, start (downtime). */
export function resizePlan(): Plan {
  return planOf([anInstanceSpec({ name: 'web', instanceType: 't3.large' })], [observedInstanceOf(anInstanceSpec({ name: 'web', instanceType: 't3.small' }))]);
}

/** `scale prod/api 5` on a group: capacity only, no downtime. */
export function capacityPlan(): Plan {
  const group = aGroupSpec({ name: 'api', desiredCapacity: 5, maxSize: 8 });
  return planOf([group], [observedGroupOf(aGroupSpec({ name: 'api', maxSize: 8 }))]);
}

export function aRequest(plan: Plan, overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id: REQUEST_ID,
    actor: `slack:${ALICE}`,
    door: 'slack',
    command: 'scale',
    envs: ['prod'],
    scope: 'scale prod',
    fingerprint: plan.fingerprint,
    reason: '/qm scale prod/web t3.large',
    requirements: [{ group: 'sre', count: 1, reason: 'prod-downtime: stops prod/instance/web' }],
    state: 'requested',
    createdAt: '2026-03-01T12:00:00.000Z',
    updatedAt: '2026-03-01T12:00:00.000Z',
    expiresAt: '2026-03-01T13:00:00.000Z',
    approvals: [],
    version: 1,
    ...overrides,
  };
}

export const APPROVERS: PreviewRequirement[] = [
  { group: 'sre', count: 1, reason: 'prod-downtime: stops prod/instance/web', approvers: ['bob (slack:U0BOB, github:bob#1002)', 'slack-group:S0SRE'], approvedBy: [] },
];

type ChangeAnswer = Extract<CommandAnswer, { kind: 'change' }>;
export type WaitingAnswer = ChangeAnswer & { outcome: Extract<GatedApplyOutcome, { status: 'needs-approval' }> };

export function needsApproval(plan = resizePlan()): WaitingAnswer {
  return {
    kind: 'change',
    intent: { command: 'scale', target: { env: 'prod', kind: 'instance', name: 'web' }, instanceType: 't3.large' },
    text: 'scale prod/web t3.large',
    outcome: { status: 'needs-approval', plan, request: aRequest(plan), reused: false },
    approvals: APPROVERS,
  };
}

export function appliedResult(plan: Plan): ApplyResult {
  const changes = plan.actions.filter((a) => a.type !== 'no-op');
  return {
    ok: true,
    results: changes.map((a) => ({ id: a.id, type: a.type, resource: a.resource, status: 'applied', steps: ['stopInstances', 'wait stopped', 'modifyInstanceAttribute', 'startInstances', 'wait running'], durationMs: 72_500, note: 'now t3.large' })),
    counts: { applied: changes.length, failed: 0, skipped: 0, unchanged: plan.actions.length - changes.length, rolledBack: 0 },
    accountChecks: [{ env: 'prod', ok: true }],
    startedAt: '2026-03-01T12:05:00.000Z',
    finishedAt: '2026-03-01T12:06:12.500Z',
    providerCalls: { byOperation: { stopInstances: 1, modifyInstanceAttribute: 1, startInstances: 1 }, total: 3 },
  };
}

/** The change as applied after Bob's approval, written back as a pull request. */
export function applied(plan = resizePlan()): Extract<CommandAnswer, { kind: 'change' }> {
  const request = aRequest(plan, {
    state: 'applied',
    approvals: [{ approver: `slack:${BOB}`, door: 'slack', at: '2026-03-01T12:04:00.000Z', fingerprint: plan.fingerprint, groups: ['sre'] }],
    claim: { holder: 'test-bot pid 1', at: '2026-03-01T12:05:00.000Z', lockTokens: ['t'], finishedAt: '2026-03-01T12:06:12.500Z' },
  });
  return {
    kind: 'change',
    intent: { command: 'scale', target: { env: 'prod', kind: 'instance', name: 'web' }, instanceType: 't3.large' },
    text: 'scale prod/web t3.large',
    outcome: { status: 'applied', plan, request, result: appliedResult(plan), resumed: false },
    writeBack: { kind: 'pull-request', url: 'https://github.com/acme/fleet/pull/12', number: 12, branch: `qm/${REQUEST_ID}` },
  };
}

/** Bob's click: the vote completed the quorum and the change was applied. */
export function approvedAndApplied(plan = resizePlan()): Extract<CommandAnswer, { kind: 'vote' }> {
  const change = applied(plan);
  const request = aRequest(plan, { state: 'approved', approvals: [{ approver: `slack:${BOB}`, door: 'slack', at: '2026-03-01T12:04:00.000Z', fingerprint: plan.fingerprint, groups: ['sre'] }] });
  return { kind: 'vote', outcome: { outcome: 'approved', request }, applied: change };
}

export function refusedVote(code: 'self-approval' | 'not-authorized' | 'not-pending', reason: string): Extract<CommandAnswer, { kind: 'vote' }> {
  return { kind: 'vote', outcome: { outcome: 'refused', code, reason } };
}

export const USAGE: CommandAnswer = { kind: 'usage', error: 'unknown target "wbe" in prod (did you mean "web"?)', usage: 'scale <target> <instance-type> [--for <duration> | --until <time>]' };
