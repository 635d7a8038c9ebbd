import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../../src/clock.js';
import { createApprovals, type Approvals, type RequestOutcome } from '../../src/gates/create-approvals.js';
import { createStaticMembership } from '../../src/gates/membership.js';
import type { Policy } from '../../src/gates/policy.js';
import type { Plan } from '../../src/model/plan.js';
import type { ApprovalRequest, AuditEntry, Lock, Store } from '../../src/store/store.js';
import { sqliteHarness, type StoreLocation } from '../store/harness.js';
import { groupAction, instanceAction, makePlan } from './plan-fixtures.js';
import { fixturePolicy } from './policy-fixture.js';

const ALICE = 'slack:U0ALICE01'; // sre + leads
const ALICE_GH = 'github:alice#1001'; // the same person
const BOB = 'slack:U0BOB0002'; // sre
const BOB_GH = 'github:bob#1002';
const CAROL = 'github:carol#1003'; // sre through github-team:acme/sre
const DAVE = 'github:dave#1004'; // developer
const ERIN = 'github:erin#1005'; // leads

const prodResize = (): Plan => makePlan([instanceAction('prod', 'bastion', { type: 'stop-modify-start', impact: 'downtime' })]); // sre 1
const prodExpensive = (): Plan => makePlan([instanceAction('prod', 'gpu', { type: 'create', cost: 900 })]); // sre 2
const prodDelete = (): Plan => makePlan([instanceAction('prod', 'bastion', { type: 'delete', impact: 'destructive' })]); // sre 2 + leads 1
const prodScaleSmall = (): Plan => makePlan([groupAction('prod', 'web', { from: 4, to: 5 })]); // allowed

describe('approvals', () => {
  let loc: StoreLocation;
  let clock: ManualClock;
  let store: Store;
  let policy: Policy;
  const membership = createStaticMembership({ 'github-team:acme/sre': [CAROL] });
  let approvals: Approvals;

  beforeEach(async () => {
    loc = await sqliteHarness.fresh();
    clock = createManualClock('2026-03-01T10:00:00Z');
    store = await loc.open(clock);
    policy = fixturePolicy('gates.yml');
    membership.set('github-team:acme/sre', [CAROL]);
    // The policy as a function: tests change it between request and approval.
    approvals = createApprovals({ store, clock, policy: () => policy, membership });
  });
  afterEach(async () => {
    await store.close();
    await loc.dispose();
  });

  async function requested(actor: string, plan: Plan, command = 'apply'): Promise<ApprovalRequest> {
    const r: RequestOutcome = await approvals.request({ actor, door: 'slack', command, plan, reason: `${command} via test` });
    if (r.outcome === 'refused') throw new Error(r.reason);
    return r.request;
  }

  async function lastRefusal(): Promise<AuditEntry | undefined> {
    return (await store.queryAudit({ kind: 'refusal' })).at(-1);
  }

  async function lock(env: string, holder: string): Promise<Lock> {
    const got = await store.acquireLock(env, { holder, purpose: 'apply', ttlMs: 60_000 });
    if (!got.acquired) throw new Error(`${env} is locked by ${got.heldBy}`);
    return got.lock;
  }

  describe('request', () => {
    it('stores a request that needs approval, with the gate decision audited', async () => {
      const plan = prodExpensive();
      const r = await approvals.request({ actor: BOB, door: 'pr', command: 'apply', plan, reason: 'PR #42 merged', planRef: 'acme/fleet#42@abc123' });
      expect(r.outcome).toBe('needs-approval');
      if (r.outcome !== 'needs-approval') return;
      expect(r.request).toMatchObject({
        actor: BOB,
        door: 'pr',
        command: 'apply',
        envs: ['prod'],
        fingerprint: plan.fingerprint,
        planRef: 'acme/fleet#42@abc123',
        reason: 'PR #42 merged',
        state: 'requested',
        requirements: [{ group: 'sre', count: 2 }],
        expiresAt: '2026-03-01T11:00:00.000Z',
      });
      expect((r.request.plan as Plan).fingerprint).toBe(plan.fingerprint);
      const audit = await store.queryAudit({ requestId: r.request.id });
      expect(audit.map((e) => [e.kind, e.actor, e.door])).toEqual([
        ['request', BOB, 'pr'],
        ['gate-decision', BOB, 'pr'],
      ]);
      expect(audit[1]?.message).toBe('needs approval: 2 from sre (rules prod-expensive)');
    });

    it('stores an allowed change as approved at once', async () => {
      const r = await approvals.request({ actor: DAVE, door: 'slack', command: 'scale', plan: prodScaleSmall(), reason: '/scale web 5' });
      expect(r).toMatchObject({ outcome: 'allowed', request: { state: 'approved', requirements: [], expiresAt: '2026-03-01T11:00:00.000Z' } });
    });

    it('refuses (and audits) a request the policy does not permit, storing nothing', async () => {
      const r = await approvals.request({ actor: DAVE, door: 'slack', command: 'apply', plan: prodResize(), reason: 'try' });
      expect(r).toEqual({ outcome: 'refused', reason: 'github:dave#1004 (member of developers) may not apply in prod: no permission in policy.yml allows it' });
      expect(await store.listRequests()).toEqual([]);
      expect(await lastRefusal()).toMatchObject({ actor: DAVE, envs: ['prod'], message: expect.stringMatching(/^apply refused: /) });
    });

    it('refuses to request a command that is not a change', async () => {
      const r = await approvals.request({ actor: ALICE, door: 'cli', command: 'unlock', plan: prodResize(), reason: 'x' });
      expect(r).toMatchObject({ outcome: 'refused', reason: expect.stringMatching(/not a change command/) });
    });

    it('supersedes the open request for the same command and environment', async () => {
      const first = await requested(BOB, prodResize());
      const second = await approvals.request({ actor: CAROL, door: 'slack', command: 'apply', plan: prodExpensive(), reason: 'newer' });
      expect(second.outcome).toBe('needs-approval');
      if (second.outcome === 'refused') return;
      expect(second.superseded.map((s) => s.id)).toEqual([first.id]);
      expect((await approvals.get(first.id))?.state).toBe('superseded');
      expect((await store.queryAudit({ kind: 'supersede' })).map((e) => e.message)).toEqual([`${first.id} superseded by ${second.request.id}`]);
      // An approval or claim of the superseded request is refused.
      expect(await approvals.approve({ requestId: first.id, approver: ALICE, door: 'slack', fingerprint: first.fingerprint })).toMatchObject({ outcome: 'refused', code: 'not-pending' });
    });
  });

  describe('approve', () => {
    it('needs a quorum of distinct approvers: the same person twice (from two accounts) counts once', async () => {
      const req = await requested(BOB, prodExpensive());
      const fp = req.fingerprint;
      expect(await approvals.approve({ requestId: req.id, approver: ALICE, door: 'slack', fingerprint: fp, comment: 'ok' })).toMatchObject({
        outcome: 'vote-recorded',
        remaining: [{ group: 'sre', need: 2, have: 1 }],
      });
      expect(await approvals.approve({ requestId: req.id, approver: ALICE, door: 'slack', fingerprint: fp })).toMatchObject({ outcome: 'refused', code: 'already-voted' });
      expect(await approvals.approve({ requestId: req.id, approver: ALICE_GH, door: 'github-comment', fingerprint: fp })).toMatchObject({ outcome: 'refused', code: 'already-voted' });
      expect((await approvals.get(req.id))?.state).toBe('requested');
      const done = await approvals.approve({ requestId: req.id, approver: CAROL, door: 'github-comment', fingerprint: fp });
      expect(done).toMatchObject({ outcome: 'approved', request: { state: 'approved' } });
      const stored = await approvals.get(req.id);
      expect(stored?.approvals.map((v) => [v.approver, v.groups, v.fingerprint])).toEqual([
        [ALICE, ['sre'], fp],
        [CAROL, ['sre'], fp],
      ]);
      expect((await store.queryAudit({ kind: 'approval' })).map((e) => e.message)).toEqual([
        `${ALICE} approved ${req.id} for sre; waiting for 1 more from sre`,
        `${CAROL} approved ${req.id} for sre; quorum reached, ${req.id} is approved`,
      ]);
      // Single use: no vote after the quorum.
      expect(await approvals.approve({ requestId: req.id, approver: ERIN, door: 'slack', fingerprint: fp })).toMatchObject({ outcome: 'refused', code: 'not-pending' });
    });

    it('counts each approver for the required groups they are in, until each group has its count', async () => {
      const req = await requested(BOB, prodDelete()); // sre 2 + leads 1
      const fp = req.fingerprint;
      expect(await approvals.approve({ requestId: req.id, approver: ERIN, door: 'slack', fingerprint: fp })).toMatchObject({ outcome: 'vote-recorded', remaining: [{ group: 'sre', need: 2, have: 0 }] });
      expect(await approvals.approve({ requestId: req.id, approver: ALICE, door: 'slack', fingerprint: fp })).toMatchObject({ outcome: 'vote-recorded', remaining: [{ group: 'sre', need: 2, have: 1 }] });
      // Erin (leads only) cannot fill the sre gap.
      expect(await approvals.approve({ requestId: req.id, approver: CAROL, door: 'slack', fingerprint: fp })).toMatchObject({ outcome: 'approved' });
      expect((await approvals.get(req.id))?.approvals.map((v) => [v.approver, v.groups])).toEqual([
        [ERIN, ['leads']],
        [ALICE, ['sre']],
        [CAROL, ['sre']],
      ]);
    });

    it.each([
      ['the requester', BOB, 'self-approval', `${BOB} requested`],
      ['the requester from their other account', BOB_GH, 'self-approval', `${BOB_GH} requested`],
      ['someone who may not approve in prod', DAVE, 'not-authorized', `${DAVE} may not approve in prod`],
      ['an approver outside the required groups', ERIN, 'not-in-required-group', `${ERIN} is not in any group still required (sre)`],
    ])('refuses and audits an approval by %s', async (_what, approver, code, reason) => {
      const req = await requested(BOB, prodResize());
      const r = await approvals.approve({ requestId: req.id, approver, door: 'slack', fingerprint: req.fingerprint });
      expect(r).toMatchObject({ outcome: 'refused', code, reason: expect.stringContaining(reason) });
      expect(await lastRefusal()).toMatchObject({ actor: approver, door: 'slack', requestId: req.id, envs: ['prod'], fingerprint: req.fingerprint, data: { code, attempted: 'approval' } });
      expect((await approvals.get(req.id))?.approvals).toEqual([]);
    });

    it('checks the approver again at approval time: removed from the team after the request', async () => {
      const req = await requested(BOB, prodResize());
      membership.set('github-team:acme/sre', []);
      const r = await approvals.approve({ requestId: req.id, approver: CAROL, door: 'github-comment', fingerprint: req.fingerprint });
      expect(r).toMatchObject({ outcome: 'refused', code: 'not-authorized' });
      expect(await lastRefusal()).toMatchObject({ actor: CAROL, data: { code: 'not-authorized' } });
      membership.set('github-team:acme/sre', [CAROL]);
      expect(await approvals.approve({ requestId: req.id, approver: CAROL, door: 'github-comment', fingerprint: req.fingerprint })).toMatchObject({ outcome: 'approved' });
    });

    it('checks the policy of the moment: a group dropped from the policy after the request', async () => {
      const req = await requested(BOB, prodResize());
      const sre = policy.groups.get('sre');
      if (!sre) throw new Error('fixture');
      policy = { ...policy, groups: new Map(policy.groups).set('sre', { ...sre, members: sre.members.filter((m) => !(m.kind === 'person' && m.name === 'alice')) }) };
      expect(await approvals.approve({ requestId: req.id, approver: ALICE, door: 'slack', fingerprint: req.fingerprint })).toMatchObject({ outcome: 'refused', code: 'not-in-required-group' });
    });

    it('refuses an expired request, marks it expired, and audits both', async () => {
      const req = await requested(BOB, prodResize()); // expires in 2h
      clock.advance(2 * 3600_000);
      expect((await approvals.get(req.id))?.state).toBe('expired');
      const r = await approvals.approve({ requestId: req.id, approver: ALICE, door: 'slack', fingerprint: req.fingerprint });
      expect(r).toMatchObject({ outcome: 'refused', code: 'expired' });
      expect((await store.getRequest(req.id))?.state).toBe('expired');
      expect((await store.queryAudit({ requestId: req.id })).map((e) => e.kind)).toEqual(['request', 'gate-decision', 'expire', 'refusal']);
    });

    it('refuses an approval replayed against a different plan', async () => {
      const req = await requested(BOB, prodResize());
      const other = prodResize();
      const r = await approvals.approve({ requestId: req.id, approver: ALICE, door: 'slack', fingerprint: other.fingerprint });
      expect(r).toMatchObject({ outcome: 'refused', code: 'fingerprint-mismatch', reason: expect.stringContaining(`the approval is for plan ${other.fingerprint.slice(0, 12)}`) });
      expect(await lastRefusal()).toMatchObject({ actor: ALICE, data: { code: 'fingerprint-mismatch' } });
    });

    it('refuses an unknown request', async () => {
      expect(await approvals.approve({ requestId: 'req-000000000000', approver: ALICE, door: 'slack', fingerprint: 'f' })).toMatchObject({ outcome: 'refused', code: 'not-found' });
      expect(await lastRefusal()).toMatchObject({ requestId: 'req-000000000000', data: { code: 'not-found' } });
    });
  });

  describe('deny', () => {
    it('lets an approver deny and the requester withdraw; others are refused', async () => {
      const req = await requested(BOB, prodResize());
      expect(await approvals.deny({ requestId: req.id, by: DAVE, door: 'slack', reason: 'no' })).toMatchObject({ outcome: 'refused', code: 'not-authorized' });
      expect(await approvals.deny({ requestId: req.id, by: ALICE, door: 'slack', reason: 'not during the sale' })).toMatchObject({
        outcome: 'denied',
        request: { state: 'denied', stateReason: `denied by ${ALICE}: not during the sale` },
      });
      expect(await approvals.approve({ requestId: req.id, approver: CAROL, door: 'slack', fingerprint: req.fingerprint })).toMatchObject({ outcome: 'refused', code: 'not-pending' });
      const mine = await requested(BOB, prodExpensive(), 'start');
      expect(await approvals.deny({ requestId: mine.id, by: BOB_GH, door: 'github-comment', reason: 'wrong size' })).toMatchObject({ outcome: 'denied', request: { stateReason: `withdrawn by ${BOB_GH}: wrong size` } });
      expect((await store.queryAudit({ kind: 'denial' })).map((e) => e.actor)).toEqual([ALICE, BOB_GH]);
    });
  });

  describe('claim for apply', () => {
    it('gives the claim to the lock holder once; every other caller gets an explicit answer', async () => {
      const req = await requested(BOB, prodResize());
      const claim = (holder: string, locks: Lock[], fingerprint = req.fingerprint) => approvals.claimForApply({ requestId: req.id, fingerprint, holder, actor: BOB, door: 'slack', locks });
      expect(await claim('bot-1', [])).toMatchObject({ claimed: false, answer: 'not-approved', reason: `${req.id} still needs approval: 1 more from sre` });
      await approvals.approve({ requestId: req.id, approver: ALICE, door: 'slack', fingerprint: req.fingerprint });
      expect(await claim('bot-1', [])).toMatchObject({ claimed: false, answer: 'lock-not-held' });
      const l1 = await lock('prod', 'bot-1');
      expect(await claim('bot-1', [l1], prodResize().fingerprint)).toMatchObject({ claimed: false, answer: 'stale' });
      expect(await claim('bot-1', [l1])).toMatchObject({ claimed: true, resumed: false, request: { state: 'applying', claim: { holder: 'bot-1' } } });
      expect(await claim('bot-2', [])).toMatchObject({ claimed: false, answer: 'already-applying', claimedBy: 'bot-1', since: '2026-03-01T10:00:00.000Z' });
      expect(await approvals.finishApply({ requestId: req.id, holder: 'bot-2', actor: BOB, outcome: 'applied', message: 'x' })).toMatchObject({ finished: false });
      expect(await approvals.finishApply({ requestId: req.id, holder: 'bot-1', actor: BOB, outcome: 'applied', message: '1 changed' })).toMatchObject({ finished: true, request: { state: 'applied' } });
      expect(await claim('bot-1', [l1])).toMatchObject({ claimed: false, answer: 'already-applied' });
      expect((await store.queryAudit({ requestId: req.id })).map((e) => e.kind)).toEqual([
        'request',
        'gate-decision',
        'refusal',
        'approval',
        'refusal',
        'refusal',
        'claim',
        'refusal',
        'refusal',
        'apply-result',
        'refusal',
      ]);
    });

    it('lets a new lock holder resume a claim whose holder died (its lock expired)', async () => {
      const req = await requested(DAVE, prodScaleSmall(), 'scale');
      const l1 = await lock('prod', 'bot-1');
      expect(await approvals.claimForApply({ requestId: req.id, fingerprint: req.fingerprint, holder: 'bot-1', actor: DAVE, locks: [l1] })).toMatchObject({ claimed: true });
      // bot-1 dies: its lock is still alive for a while, so bot-2 cannot take over yet.
      expect((await store.acquireLock('prod', { holder: 'bot-2', purpose: 'apply', ttlMs: 60_000 })).acquired).toBe(false);
      clock.advance(60_000);
      const l2 = await lock('prod', 'bot-2');
      const r = await approvals.claimForApply({ requestId: req.id, fingerprint: req.fingerprint, holder: 'bot-2', actor: DAVE, locks: [l2] });
      expect(r).toMatchObject({ claimed: true, resumed: true, request: { state: 'applying', claim: { holder: 'bot-2' } } });
      expect((await store.queryAudit({ kind: 'claim' })).at(-1)?.message).toBe(`bot-2 resumes applying ${req.id} (the previous claimer bot-1 lost its locks)`);
      expect(await approvals.finishApply({ requestId: req.id, holder: 'bot-1', actor: DAVE, outcome: 'failed', message: 'late' })).toMatchObject({ finished: false });
    });

    it('answers expired for an approved request not applied in time', async () => {
      const req = await requested(DAVE, prodScaleSmall(), 'scale');
      clock.advance(3600_000);
      const l = await lock('prod', 'bot-1');
      expect(await approvals.claimForApply({ requestId: req.id, fingerprint: req.fingerprint, holder: 'bot-1', actor: DAVE, locks: [l] })).toMatchObject({ claimed: false, answer: 'expired' });
      expect((await store.getRequest(req.id))?.state).toBe('expired');
    });
  });

  describe('unlock and expiry', () => {
    it('force-unlocks for those the policy allows, refuses and audits the others', async () => {
      await lock('prod', 'bot-1');
      expect(await approvals.forceUnlock({ env: 'prod', by: DAVE, door: 'slack', reason: 'stuck?' })).toEqual({
        unlocked: false,
        reason: `${DAVE} may not unlock prod: no permission in policy.yml allows it`,
      });
      expect(await lastRefusal()).toMatchObject({ actor: DAVE, envs: ['prod'], data: { attempted: 'unlock' } });
      expect(await approvals.forceUnlock({ env: 'prod', by: ALICE, door: 'slack', reason: 'bot-1 is gone' })).toMatchObject({ unlocked: true, removed: { holder: 'bot-1' } });
      expect(await store.getLock('prod')).toBeUndefined();
      expect((await store.queryAudit({ kind: 'unlock' }))[0]).toMatchObject({ actor: ALICE, door: 'slack', message: 'force-unlocked prod held by bot-1 for apply: bot-1 is gone' });
    });

    it('expires every overdue open request in one sweep', async () => {
      const a = await requested(BOB, prodResize());
      const b = await requested(DAVE, prodScaleSmall(), 'scale');
      clock.advance(3600_000);
      expect((await approvals.expireOverdue()).map((r) => r.id)).toEqual([b.id]);
      clock.advance(3600_000);
      expect((await approvals.expireOverdue()).map((r) => r.id)).toEqual([a.id]);
      expect(await approvals.expireOverdue()).toEqual([]);
      expect((await store.queryAudit({ kind: 'expire' })).map((e) => e.requestId)).toEqual([b.id, a.id]);
    });
  });
});
