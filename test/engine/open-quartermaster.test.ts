import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/clock.js';
import { memoryFileTree } from '../../src/definitions/index.js';
import { parseEngineSettings } from '../../src/engine/engine-settings.js';
import { openQuartermaster, type OpenOptions } from '../../src/engine/open-quartermaster.js';
import { ungatedPolicy } from '../../src/gates/index.js';
import { readTree } from '../definitions/fixture-tree.js';
import { ALICE, BOB, DAVE, scratchFleet } from '../cli/run-qm.js';

/** The example fleet in a scratch directory, opened through the facade as a door would. */
async function open(extra: Partial<OpenOptions> = {}) {
  const { dir, env } = await scratchFleet();
  const clock = createManualClock();
  const settings = parseEngineSettings(env, { dir });
  return { dir, env, settings, clock, qm: openQuartermaster({ settings, clock, ...extra }) };
}

/** Replaces text in a definitions file, failing loudly when the text is not there. */
async function edit(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no "${from}"`);
  await writeFile(file, text.replace(from, to));
}

const ask = { door: 'pr' as const, command: 'apply', reason: 'PR #7 merged', holder: 'runner pid 1' };

describe('openQuartermaster: the one entrance every door uses', () => {
  it('parses the shared settings once from an environment-like record', () => {
    const s = parseEngineSettings({ QM_PROVIDER: 'aws', QM_LOCK_TTL_SECONDS: '60', AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }, { dir: '/defs', provider: 'sim' });
    expect(s.provider).toBe('sim'); // the door's own input wins over QM_PROVIDER
    expect(s.lockTtlMs).toBe(60_000);
    expect(s.stateDir).toBe(path.resolve('/defs/.qm'));
    expect(s.aws.endpoints.default).toBe('http://127.0.0.1:4566');
    expect(() => parseEngineSettings({ QM_PROVIDER: 'gcp' })).toThrow(/provider "gcp" is not known/);
  });

  it('plans from a FileTree read from git as from a directory, with the same fingerprint', async () => {
    const { dir, settings, clock, qm } = await open();
    try {
      const fromDir = await qm.plan({ envs: ['dev'] });
      const fromTree = openQuartermaster({ settings, clock, source: { tree: memoryFileTree(readTree(dir)), root: 'acme/fleet@abc123' } });
      expect((await fromTree.plan({ envs: ['dev'] })).fingerprint).toBe(fromDir.fingerprint);
      await fromTree.close();
    } finally {
      await qm.close();
    }
  });

  it('without policy.yml refuses every change by default, and nothing is recorded', async () => {
    const { dir, qm } = await open();
    await rm(path.join(dir, 'policy.yml'));
    try {
      const answer = await qm.apply({ ...ask, actor: ALICE, envs: ['dev'] });
      expect(answer).toMatchObject({ status: 'refused', reason: expect.stringContaining('there is no policy.yml') });
      expect(await qm.requests({ all: true })).toEqual([]);
      expect((await qm.plan({ envs: ['dev'] })).summary.add).toBeGreaterThan(0);
    } finally {
      await qm.close();
    }
  });

  it('without policy.yml applies when the door chose ungatedPolicy, and records why', async () => {
    const { dir, qm } = await open({ withoutPolicy: ungatedPolicy('no policy.yml: the command line is not gated') });
    await rm(path.join(dir, 'policy.yml'));
    try {
      const answer = await qm.apply({ ...ask, door: 'cli', actor: 'cli:someone', envs: ['dev'] });
      expect(answer.status).toBe('applied');
      if (answer.status !== 'applied') return;
      expect(answer.request.state).toBe('applied');
      const audit = await qm.audit({ requestId: answer.request.id });
      expect(audit.find((e) => e.kind === 'gate-decision')?.message).toContain('no policy.yml: the command line is not gated');
    } finally {
      await qm.close();
    }
  });

  it('answers a stale expected plan with status stale and the replan hint, applying nothing', async () => {
    const { qm, dir, settings, clock } = await open();
    try {
      const reviewed = await qm.plan({ envs: ['dev'] });
      // The definitions move on after the review.
      await edit(path.join(dir, 'environments/dev/bastion.yml'), 'instance_type: t3.nano', 'instance_type: t3.small');
      const moved = openQuartermaster({ settings, clock });
      const answer = await moved.apply({ ...ask, actor: DAVE, envs: ['dev'], expected: reviewed });
      expect(answer).toMatchObject({ status: 'stale', expectedFingerprint: reviewed.fingerprint, hint: 'replan' });
      expect((await moved.plan({ envs: ['dev'] })).summary.add).toBe(reviewed.summary.add);
      expect(await moved.requests({ all: true })).toEqual([]);
      await moved.close();
    } finally {
      await qm.close();
    }
  });

  it('counts approvals the door already holds: the requester\'s own is discounted, an SRE\'s applies', async () => {
    const { qm, settings, clock, dir } = await open();
    try {
      expect((await qm.apply({ ...ask, actor: ALICE, envs: ['prod'] })).status).toBe('applied');
      await edit(path.join(dir, 'environments/prod/bastion.yml'), 'instance_type: t3.micro', 'instance_type: t3.small');
      const next = openQuartermaster({ settings, clock });
      const plan = await next.plan({ envs: ['prod'] });

      const preview = await next.previewGate({ actor: ALICE, command: 'apply', plan, approvedBy: [ALICE], door: 'pr' });
      expect(preview.decision).toBe('needs-approval');
      expect(preview.discounted).toEqual([{ approver: ALICE, reason: expect.stringContaining('cannot approve it') }]);
      if (preview.decision === 'needs-approval') expect(preview.requirements[0]).toMatchObject({ group: 'sre', count: 1, approvedBy: [] });
      expect((await next.previewGate({ actor: ALICE, command: 'apply', plan, approvedBy: [BOB], door: 'pr' })).decision).toBe('allowed');

      const selfOnly = await next.apply({ ...ask, actor: ALICE, envs: ['prod'], approvedBy: [ALICE] });
      expect(selfOnly.status).toBe('needs-approval');
      expect(selfOnly.votes?.[0]?.outcome).toMatchObject({ outcome: 'refused', code: 'self-approval' });

      const approved = await next.apply({ ...ask, actor: ALICE, envs: ['prod'], approvedBy: [ALICE, BOB] });
      expect(approved.status).toBe('applied');
      expect((await next.plan({ envs: ['prod'] })).summary.change).toBe(0);
      await next.close();
    } finally {
      await qm.close();
    }
  });
});
