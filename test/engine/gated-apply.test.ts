import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/clock.js';
import { createSimProvider } from '../../src/cloud/sim/index.js';
import { loadDefinitionsOrThrow } from '../../src/definitions/index.js';
import { createEngine } from '../../src/engine.js';
import { gatedApply } from '../../src/engine/gated-apply.js';
import { createApprovals, createStaticMembership, denyAllPolicy } from '../../src/gates/index.js';
import { openStore } from '../../src/store/open-store.js';
import { EXAMPLE_FLEET, runQm, scratchFleet } from '../cli/run-qm.js';

async function setup() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'qm-gated-'));
  const clock = createManualClock();
  const store = await openStore(undefined, { sqlitePath: path.join(dir, 'state.db'), clock });
  const engine = createEngine({ provider: createSimProvider({ clock }), clock });
  const approvals = createApprovals({ store, clock, policy: denyAllPolicy(), membership: createStaticMembership({}) });
  const definitions = await loadDefinitionsOrThrow(EXAMPLE_FLEET);
  return { dir, store, engine, approvals, definitions };
}

const request = { actor: 'slack:U012ABCDE', door: 'slack' as const, command: 'apply', reason: '/apply dev', holder: 'bot-1 pid 1' };

describe('gatedApply without a policy.yml', () => {
  it('a bot door (no ungated reason) refuses every change, and nothing is written', async () => {
    const { dir, store, engine, approvals, definitions } = await setup();
    try {
      const out = await gatedApply({ engine, store, approvals, policyFound: false }, { ...request, definitions, envs: ['dev'] });
      expect(out.status).toBe('refused');
      expect((await engine.plan({ definitions, envs: ['dev'] })).summary.add).toBeGreaterThan(0);
      expect(await store.listRequests({ env: 'dev' })).toEqual([]);
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the command line goes ahead with the reason recorded on an approved request, locked and audited', async () => {
    const { dir, store, engine, approvals, definitions } = await setup();
    try {
      const out = await gatedApply(
        { engine, store, approvals, policyFound: false, ungatedReason: 'no policy.yml: the command line is not gated' },
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
