/**
 * Child process for postgres-races.test.ts: several of these share one PostgreSQL store and
 * race on the same requests and locks. Each prints one JSON line per answer it gets.
 *
 *   node --import tsx race-worker.ts '<json config>'
 */
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { systemClock } from '../../../src/clock.js';
import { createApprovals, type Approvals } from '../../../src/gates/create-approvals.js';
import { createStaticMembership } from '../../../src/gates/membership.js';
import type { Plan } from '../../../src/model/plan.js';
import { openStore } from '../../../src/store/open-store.js';
import type { Store } from '../../../src/store/store.js';
import { withEnvLock } from '../../../src/store/with-env-lock.js';
import { groupAction, makePlan } from '../plan-fixtures.js';
import { fixturePolicy } from '../policy-fixture.js';

interface Config {
  url: string;
  schema: string;
  mode: 'approve-and-claim' | 'request-then-claim' | 'claim-same' | 'hold-and-die';
  requestId?: string;
  approver?: string;
  holder: string;
  /** Concurrent workers inside this process. */
  workers?: number;
}

const cfg = JSON.parse(process.argv[2] as string) as Config;
const print = (o: unknown): void => {
  process.stdout.write(`${JSON.stringify(o)}\n`);
};
const stdinLines = createInterface({ input: process.stdin });
const waitForGo = (): Promise<void> =>
  new Promise((resolve) => {
    stdinLines.on('line', (l) => {
      if (l.trim() === 'go') resolve();
    });
  });
const pause = (): Promise<void> => new Promise((r) => setTimeout(r, 5 + Math.random() * 20));

const store: Store = await openStore(cfg.url, { sqlitePath: '/nonexistent', clock: systemClock, pgSchema: cfg.schema, pgPoolSize: 12 });
const approvals: Approvals = createApprovals({
  store,
  clock: systemClock,
  policy: fixturePolicy('gates.yml'),
  membership: createStaticMembership({ 'github-team:acme/sre': ['github:carol#1003'] }),
});
const FINAL = new Set(['claimed', 'already-applying', 'already-applied', 'superseded', 'denied', 'expired', 'failed', 'stale']);

/** Lock, claim, apply (two audited steps), finish; retried while the lock is held or the quorum not reached yet. */
async function claimAndApply(requestId: string, fingerprint: string, holder: string, actor: string): Promise<string> {
  for (let attempt = 0; attempt < 2000; attempt++) {
    const r = await withEnvLock(store, 'prod', { holder, purpose: `apply ${requestId}`, ttlMs: 30_000 }, async (lease) => {
      const claim = await approvals.claimForApply({ requestId, fingerprint, holder, actor, door: 'slack', locks: lease.locks });
      if (!claim.claimed) return claim.answer;
      for (const step of [1, 2]) await store.appendAudit({ actor, kind: 'apply-step', envs: ['prod'], requestId, fingerprint, message: `${holder} step ${step}` });
      const done = await approvals.finishApply({ requestId, holder, actor, outcome: 'applied', message: `applied by ${holder}` });
      return done.finished ? 'claimed' : `finish-refused: ${done.reason}`;
    });
    const answer = r.acquired ? r.value : 'lock-held';
    if (FINAL.has(answer) || answer.startsWith('finish-refused')) return answer;
    await pause();
  }
  return 'gave-up';
}

async function main(): Promise<void> {
  switch (cfg.mode) {
    case 'approve-and-claim': {
      const req = await store.getRequest(cfg.requestId as string);
      if (!req) throw new Error('no request');
      print({ holder: cfg.holder, ready: true });
      await waitForGo();
      const vote = await approvals.approve({ requestId: req.id, approver: cfg.approver as string, door: 'slack', fingerprint: req.fingerprint });
      print({ holder: cfg.holder, vote: vote.outcome });
      print({ holder: cfg.holder, answer: await claimAndApply(req.id, req.fingerprint, cfg.holder, cfg.approver as string) });
      break;
    }
    case 'request-then-claim': {
      const n = cfg.workers ?? 1;
      // Each worker plans on its own (different fingerprints), all for the same scope: scale in prod.
      const plans: Plan[] = Array.from({ length: n }, (_, i) => ({
        ...makePlan([groupAction('prod', 'web', { from: 4, to: 5 })]),
        fingerprint: createHash('sha256').update(`${cfg.holder}-${i}`).digest('hex'),
      }));
      const go = waitForGo();
      const ids = await Promise.all(
        plans.map(async (plan, i) => {
          const r = await approvals.request({ actor: 'github:dave#1004', door: 'slack', command: 'scale', plan, reason: `/scale web 5 (${cfg.holder}-${i})` });
          if (r.outcome === 'refused') throw new Error(r.reason);
          return { id: r.request.id, fingerprint: r.request.fingerprint };
        }),
      );
      print({ holder: cfg.holder, requested: ids.map((x) => x.id) });
      await go;
      const answers = await Promise.all(ids.map((x, i) => claimAndApply(x.id, x.fingerprint, `${cfg.holder}-${i}`, 'github:dave#1004')));
      answers.forEach((answer, i) => print({ holder: `${cfg.holder}-${i}`, request: ids[i]?.id, answer }));
      break;
    }
    case 'claim-same': {
      const req = await store.getRequest(cfg.requestId as string);
      if (!req) throw new Error('no request');
      print({ holder: cfg.holder, ready: true });
      await waitForGo();
      const answers = await Promise.all(Array.from({ length: cfg.workers ?? 1 }, (_, i) => claimAndApply(req.id, req.fingerprint, `${cfg.holder}-${i}`, req.actor)));
      answers.forEach((answer, i) => print({ holder: `${cfg.holder}-${i}`, answer }));
      break;
    }
    case 'hold-and-die': {
      const req = await store.getRequest(cfg.requestId as string);
      if (!req) throw new Error('no request');
      const got = await store.acquireLock('prod', { holder: cfg.holder, purpose: `apply ${req.id}`, ttlMs: 30_000 });
      if (!got.acquired) throw new Error('lock held');
      const claim = await approvals.claimForApply({ requestId: req.id, fingerprint: req.fingerprint, holder: cfg.holder, actor: req.actor, locks: [got.lock] });
      if (!claim.claimed) throw new Error(claim.reason);
      print({ holder: cfg.holder, claimed: true, token: got.lock.token });
      // Steps until killed: each printed only after it is committed.
      for (let step = 1; ; step++) {
        const e = await store.appendAudit({ actor: req.actor, kind: 'apply-step', envs: ['prod'], requestId: req.id, fingerprint: req.fingerprint, message: `${cfg.holder} step ${step}` });
        print({ step, seq: e.seq });
        await pause();
      }
    }
  }
  stdinLines.close();
  await store.close();
}

await main();
