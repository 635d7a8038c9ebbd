import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, systemClock } from '../../src/clock.js';
import { createApprovals, type Approvals } from '../../src/gates/create-approvals.js';
import { createStaticMembership } from '../../src/gates/membership.js';
import type { Store } from '../../src/store/store.js';
import { spawnChild, type RunningChild } from '../store/children/spawn-child.js';
import { postgresHarness, type StoreLocation } from '../store/harness.js';
import { postgresSkipReason, TEST_POSTGRES_URL } from '../store/postgres-env.js';
import { groupAction, instanceAction, makePlan } from './plan-fixtures.js';
import { fixturePolicy } from './policy-fixture.js';

/**
 * Races between separate Node processes sharing one PostgreSQL store, as several bot
 * replicas (or the bot and a CLI) would: exactly one apply, every other answer explicit.
 */
describe.skipIf(postgresSkipReason !== undefined)(`races on PostgreSQL${postgresSkipReason ? ` (skipped: ${postgresSkipReason})` : ''}`, () => {
  let loc: StoreLocation;
  let store: Store;
  let approvals: Approvals;
  const policy = fixturePolicy('gates.yml');
  const membership = createStaticMembership({ 'github-team:acme/sre': ['github:carol#1003'] });

  beforeEach(async () => {
    loc = await postgresHarness(TEST_POSTGRES_URL).fresh();
    store = await loc.open(systemClock);
    approvals = createApprovals({ store, clock: systemClock, policy, membership });
  });
  afterEach(async () => {
    await store.close();
    await loc.dispose();
  });

  const worker = (cfg: Record<string, unknown>): RunningChild => spawnChild('../../gates/children/race-worker.ts', [JSON.stringify({ url: TEST_POSTGRES_URL, schema: loc.pgSchema, ...cfg })]);
  const json = (w: RunningChild): Record<string, unknown>[] => w.lines.filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  async function finish(workers: RunningChild[]): Promise<Record<string, unknown>[]> {
    const exits = await Promise.all(workers.map((w) => w.exited));
    expect(exits.map((e) => e.code), workers.map((w) => w.stderr()).join('\n')).toEqual(workers.map(() => 0));
    return workers.flatMap(json);
  }
  const countBy = (xs: unknown[]): Record<string, number> => xs.reduce<Record<string, number>>((acc, x) => ({ ...acc, [String(x)]: (acc[String(x)] ?? 0) + 1 }), {});

  it('two processes approving and claiming the same request: both votes count, exactly one claim', async () => {
    const plan = makePlan([instanceAction('prod', 'gpu', { type: 'create', cost: 900 })]); // needs 2 from sre
    const r = await approvals.request({ actor: 'slack:U0BOB0002', door: 'slack', command: 'apply', plan, reason: 'race' });
    if (r.outcome !== 'needs-approval') throw new Error(JSON.stringify(r));
    const a = worker({ mode: 'approve-and-claim', requestId: r.request.id, approver: 'slack:U0ALICE01', holder: 'bot-a' });
    const b = worker({ mode: 'approve-and-claim', requestId: r.request.id, approver: 'github:carol#1003', holder: 'bot-b' });
    await Promise.all([a, b].map((w) => w.waitFor((l) => l.some((x) => x.includes('ready')))));
    [a, b].forEach((w) => w.send('go'));
    const out = await finish([a, b]);

    expect(countBy(out.filter((o) => 'vote' in o).map((o) => o.vote))).toEqual({ 'vote-recorded': 1, approved: 1 });
    const answers = out.filter((o) => 'answer' in o).map((o) => o.answer);
    expect(answers.filter((x) => x === 'claimed')).toHaveLength(1);
    expect(answers.filter((x) => x !== 'claimed').every((x) => x === 'already-applying' || x === 'already-applied')).toBe(true);

    const stored = await store.getRequest(r.request.id);
    expect(stored?.state).toBe('applied');
    expect(stored?.approvals.map((v) => v.approver).sort()).toEqual(['github:carol#1003', 'slack:U0ALICE01']);
    expect(countBy((await store.queryAudit({ requestId: r.request.id })).map((e) => e.kind))).toMatchObject({ approval: 2, claim: 1, 'apply-step': 2, 'apply-result': 1 });
  });

  it('50 concurrent requests for one environment from 5 processes: one apply, 49 explicit "superseded"', async () => {
    const workers = Array.from({ length: 5 }, (_, i) => worker({ mode: 'request-then-claim', holder: `p${i}`, workers: 10 }));
    await Promise.all(workers.map((w) => w.waitFor((l) => l.some((x) => x.includes('requested')))));
    workers.forEach((w) => w.send('go'));
    const answers = (await finish(workers)).filter((o) => 'answer' in o);
    expect(answers).toHaveLength(50);
    expect(countBy(answers.map((o) => o.answer))).toEqual({ claimed: 1, superseded: 49 });

    const requests = await store.listRequests({ env: 'prod', limit: 100 });
    expect(countBy(requests.map((q) => q.state))).toEqual({ applied: 1, superseded: 49 });
    const applied = requests.find((q) => q.state === 'applied');
    expect(answers.find((o) => o.answer === 'claimed')?.request).toBe(applied?.id);
    expect(await store.queryAudit({ kind: 'apply-result' })).toHaveLength(1);
    expect(await store.queryAudit({ kind: 'supersede' })).toHaveLength(49);
    expect(await store.listLocks()).toEqual([]);
  });

  it('50 concurrent claims of one approved request from 5 processes: exactly one apply', async () => {
    const r = await approvals.request({ actor: 'github:dave#1004', door: 'slack', command: 'scale', plan: makePlan([groupAction('prod', 'web', { from: 4, to: 5 })]), reason: '/scale web 5' });
    if (r.outcome !== 'allowed') throw new Error(JSON.stringify(r));
    const workers = Array.from({ length: 5 }, (_, i) => worker({ mode: 'claim-same', requestId: r.request.id, holder: `p${i}`, workers: 10 }));
    await Promise.all(workers.map((w) => w.waitFor((l) => l.some((x) => x.includes('ready')))));
    workers.forEach((w) => w.send('go'));
    const answers = (await finish(workers)).filter((o) => 'answer' in o).map((o) => o.answer);
    expect(answers).toHaveLength(50);
    expect(answers.filter((x) => x === 'claimed')).toHaveLength(1);
    expect(answers.filter((x) => x !== 'claimed').every((x) => x === 'already-applying' || x === 'already-applied'), JSON.stringify(countBy(answers))).toBe(true);
    expect((await store.getRequest(r.request.id))?.state).toBe('applied');
    expect(await store.queryAudit({ kind: 'claim' })).toHaveLength(1);
  });

  it('kill -9 of the process holding the lock mid-apply: audit intact, lock recovered after its TTL, re-running resumes', async () => {
    const r = await approvals.request({ actor: 'github:dave#1004', door: 'slack', command: 'scale', plan: makePlan([groupAction('prod', 'web', { from: 4, to: 5 })]), reason: '/scale web 5' });
    if (r.outcome !== 'allowed') throw new Error(JSON.stringify(r));
    const doomed = worker({ mode: 'hold-and-die', requestId: r.request.id, holder: 'bot-doomed' });
    await doomed.waitFor((l) => l.filter((x) => x.includes('"step"')).length >= 5);
    doomed.child.kill('SIGKILL');
    expect((await doomed.exited).signal).toBe('SIGKILL');
    const acked = json(doomed).filter((o) => 'step' in o);

    // Every acknowledged step is in the audit log, in order; nothing after the kill is half-written.
    const steps = await store.queryAudit({ requestId: r.request.id, kind: 'apply-step' });
    expect(steps.slice(0, acked.length).map((e) => e.seq)).toEqual(acked.map((o) => o.seq));
    expect(steps.length - acked.length).toBeLessThanOrEqual(1);
    expect(steps.map((e) => e.message)).toEqual(steps.map((_, i) => `bot-doomed step ${i + 1}`));

    // Until the TTL runs out the dead holder still holds the lock; the request stays applying.
    const now = await store.acquireLock('prod', { holder: 'bot-2', purpose: 'apply', ttlMs: 30_000 });
    expect(now).toMatchObject({ acquired: false, heldBy: 'bot-doomed', purpose: `apply ${r.request.id}` });
    expect((await store.getRequest(r.request.id))?.state).toBe('applying');

    // After the TTL (a clock 31 s ahead, instead of waiting): taken over, and the apply resumes.
    const later = createManualClock(new Date(Date.now() + 31_000));
    const store2 = await loc.open(later);
    try {
      const approvals2 = createApprovals({ store: store2, clock: later, policy, membership });
      const got = await store2.acquireLock('prod', { holder: 'bot-2', purpose: `apply ${r.request.id}`, ttlMs: 30_000 });
      expect(got).toMatchObject({ acquired: true, tookOverFrom: { holder: 'bot-doomed' } });
      if (!got.acquired) return;
      const claim = await approvals2.claimForApply({ requestId: r.request.id, fingerprint: r.request.fingerprint, holder: 'bot-2', actor: 'github:dave#1004', locks: [got.lock] });
      expect(claim).toMatchObject({ claimed: true, resumed: true });
      expect(await approvals2.finishApply({ requestId: r.request.id, holder: 'bot-2', actor: 'github:dave#1004', outcome: 'applied', message: 'resumed and converged' })).toMatchObject({ finished: true });
      expect(await store2.releaseLock(got.lock)).toBe(true);
      const kinds = (await store2.queryAudit({ env: 'prod' })).map((e) => e.kind);
      expect(kinds.slice(-5)).toEqual(['lock-takeover', 'lock', 'claim', 'apply-result', 'lock']);
    } finally {
      await store2.close();
    }
  });
});
