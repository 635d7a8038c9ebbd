import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/clock.js';
import { createSimProvider } from '../../src/cloud/sim/index.js';
import { loadDefinitionsOrThrow } from '../../src/definitions/index.js';
import { createEngine } from '../../src/engine.js';
import { gatedApply } from '../../src/engine/gated-apply.js';
import { createApprovals, createStaticMembership, loadPolicyOrThrow, missingPolicy, ungatedPolicy } from '../../src/gates/index.js';
import { openStore } from '../../src/store/open-store.js';
import { EXAMPLE_FLEET, runQm, scratchFleet } from '../cli/run-qm.js';

/** A repository without policy.yml: the door's choice of policy (a bot refuses, the command line goes ahead). */
async function setup(policy = ungatedPolicy('test: not gated')) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'qm-gated-'));
  const clock = createManualClock();
  const store = await openStore(undefined, { sqlitePath: path.join(dir, 'state.db'), clock });
  const engine = createEngine({ provider: createSimProvider({ clock }), clock });
  const approvals = createApprovals({ store, clock, policy, membership: createStaticMembership({}) });
  const definitions = await loadDefinitionsOrThrow(EXAMPLE_FLEET);
  return { dir, clock, store, engine, approvals, definitions };
}

const request = { actor: 'slack:U012ABCDE', door: 'slack' as const, command: 'apply', reason: '/apply dev', holder: 'bot-1 pid 1' };

describe('gatedApply without a policy.yml', () => {
  it('a bot door (no ungated reason) refuses every change, and nothing is written', async () => {
    const { dir, clock, store, engine, approvals, definitions } = await setup(missingPolicy());
    try {
      const out = await gatedApply({ engine, clock, store, approvals }, { ...request, definitions, envs: ['dev'] });
      expect(out.status).toBe('refused');
      if (out.status === 'refused') expect(out.reason).toContain('there is no policy.yml');
      expect((await engine.plan({ definitions, envs: ['dev'] })).summary.add).toBeGreaterThan(0);
      expect(await store.listRequests({ env: 'dev' })).toEqual([]);
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the command line goes ahead with the reason recorded on an approved request, locked and audited', async () => {
    const { dir, clock, store, engine, approvals, definitions } = await setup(ungatedPolicy('no policy.yml: the command line is not gated'));
    try {
      const out = await gatedApply(
        { engine, clock, store, approvals },
        { ...request, actor: 'cli:alice', door: 'cli', definitions, envs: ['dev'] },
      );
      expect(out.status).toBe('applied');
      if (out.status !== 'applied') return;
      expect(out.result.ok).toBe(true);
      expect(out.request.state).toBe('applied');
      const kinds = (await store.queryAudit({ requestId: out.request.id })).map((e) => e.kind);
      expect(kinds).toEqual(expect.arrayContaining(['request', 'gate-decision', 'claim', 'apply-step', 'apply-result']));
      expect(await store.getLock('dev')).toBeUndefined();
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('qm apply in a repo without policy.yml', () => {
  it('applies, and warns that the command line is not gated', async () => {
    const { dir, env } = await scratchFleet();
    await rm(path.join(dir, 'policy.yml'));
    const r = await runQm(['apply', '--env', 'dev', '--auto-approve'], { ...env, QM_ACTOR: 'cli:someone' }, dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('warning: no policy.yml: the command line is not gated');
  });
});

describe('gatedApply when things go wrong', () => {
  it('closes an interrupted request whose remaining work was not approved, instead of wedging the environment', async () => {
    const { dir, clock, store, engine, approvals, definitions } = await setup();
    const deps = { engine, clock, store, approvals };
    try {
      // An apply claimed its request and died (its lock is gone) before doing anything.
      const plan = await engine.plan({ definitions, envs: ['dev'] });
      const { request } = await store.createRequest({ actor: 'cli:a', door: 'cli', command: 'apply', envs: ['dev'], fingerprint: plan.fingerprint, plan, reason: 'first', requirements: [], state: 'approved', expiresInMs: 3600_000 });
      const got = await store.acquireLock('dev', { holder: 'dead pid 1', purpose: 'apply', ttlMs: 60_000 });
      if (!got.acquired) throw new Error('lock');
      expect(await approvals.claimForApply({ requestId: request.id, fingerprint: plan.fingerprint, holder: 'dead pid 1', actor: 'cli:a', locks: [got.lock] })).toMatchObject({ claimed: true });
      await store.releaseLock(got.lock);

      // Meanwhile the definitions changed: what is left is not what was approved.
      const changed = { ...definitions, resources: definitions.resources.map((r) => (r.env === 'dev' && r.kind === 'instance' ? { ...r, instanceType: 't3.small' } : r)) };
      const out = await gatedApply(deps, { ...request_, actor: 'cli:b', door: 'cli', definitions: changed, envs: ['dev'] });
      expect(out.status).toBe('applied');
      expect((await store.getRequest(request.id))?.state).toBe('failed');
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('starts no further action once its lock is lost (taken over or force-unlocked)', async () => {
    const { dir, clock, store, approvals, definitions } = await setup();
    const sim = createSimProvider({ clock });
    const provider = Object.create(sim) as typeof sim;
    let unlocked = false;
    provider.runInstance = async (target, req) => {
      const r = await sim.runInstance(target, req);
      if (!unlocked) {
        unlocked = true;
        await store.forceUnlock('dev', 'cli:admin', 'test');
        await new Promise((resolve) => setTimeout(resolve, 150)); // the heartbeat (every 20 ms) notices
      }
      return r;
    };
    const engine = createEngine({ provider, clock });
    const deps = { engine, clock, store, approvals };
    try {
      const out = await gatedApply(deps, { ...request_, actor: 'cli:a', door: 'cli', definitions, envs: ['dev'], concurrency: 1, heartbeatMs: 20 });
      expect(out.status).toBe('applied');
      if (out.status !== 'applied') return;
      expect(out.result.counts.skipped).toBeGreaterThan(0);
      expect(out.result.results.filter((r) => r.status === 'skipped').every((r) => /interrupted/.test(r.note ?? ''))).toBe(true);
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

const request_ = { command: 'apply', reason: 'test', holder: 'test pid 2' };

describe('an approved request is applied only by someone the policy lets apply it', () => {
  it('refuses a developer the approved prod change, and lets the SRE who asked apply it', async () => {
    const { dir, env } = await scratchFleet();
    const clock = createManualClock();
    const store = await openStore(undefined, { sqlitePath: path.join(dir, 'gate.db'), clock });
    try {
      const policy = await loadPolicyOrThrow(dir);
      const approvals = createApprovals({ store, clock, policy, membership: createStaticMembership({}) });
      const sim = createSimProvider({ clock, statePath: env.QM_SIM_STATE! });
      const engine = createEngine({ provider: sim, clock });
      const deps = { engine, clock, store, approvals };
      let definitions = await loadDefinitionsOrThrow(dir);
      const alice = { ...request_, actor: 'github:alice-ops#583231', door: 'cli' as const, envs: ['prod'] };
      expect((await gatedApply(deps, { ...alice, definitions })).status).toBe('applied');
      clock.advance(60_000);

      definitions = { ...definitions, resources: definitions.resources.map((r) => (r.env === 'prod' && r.kind === 'instance' ? { ...r, instanceType: 't3.small' } : r)) };
      const asked = await gatedApply(deps, { ...alice, definitions });
      expect(asked.status).toBe('needs-approval');
      if (asked.status !== 'needs-approval') return;
      expect(await approvals.approve({ requestId: asked.request.id, approver: 'slack:U034FGHIJ', door: 'slack', fingerprint: asked.request.fingerprint })).toMatchObject({ outcome: 'approved' });

      const dave = await gatedApply(deps, { ...alice, actor: 'github:davedev#3318842', definitions });
      expect(dave.status).toBe('refused');
      expect((await store.getRequest(asked.request.id))?.state).toBe('approved');
      expect((await gatedApply(deps, { ...alice, definitions })).status).toBe('applied');
    } finally {
      await store.close();
    }
  });
});
