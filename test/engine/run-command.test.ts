import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/clock.js';
import { createSimProvider } from '../../src/cloud/sim/index.js';
import { parseEngineSettings } from '../../src/engine/engine-settings.js';
import { openQuartermaster } from '../../src/engine/open-quartermaster.js';
import type { CommandAnswer } from '../../src/engine/command-answer.js';
import { ALICE, BOB, DAVE, scratchFleet } from '../cli/run-qm.js';

/** The example fleet applied on a sim with a clock the test moves, opened as a chat door would. */
async function chatFleet() {
  const { dir, env } = await scratchFleet();
  const clock = createManualClock('2026-12-04T10:00:00Z');
  const provider = createSimProvider({ statePath: env.QM_SIM_STATE!, clock });
  const qm = openQuartermaster({ settings: parseEngineSettings({ ...env, QM_DATABASE_URL: 'memory:' }, { dir }), clock, provider });
  for (const e of ['dev', 'staging', 'prod']) {
    const a = await qm.apply({ envs: [e], actor: ALICE, door: 'cli', command: 'apply', reason: 'setup', holder: 'test', approvedBy: [BOB] });
    expect(a.status).toBe('applied');
  }
  const say = (text: string, actor: string, door: 'slack' | 'github-comment' | 'cli' = 'slack') => qm.command({ text, actor, door, holder: 'bot-test pid 1' });
  return { dir, clock, qm, say };
}

function change(a: CommandAnswer) {
  if (a.kind === 'change') return a;
  if (a.kind === 'vote' && a.applied) return a.applied;
  throw new Error(`expected a change, got ${JSON.stringify(a).slice(0, 300)}`);
}

describe('chat commands through the one engine', () => {
  it('scale prod/web 5 (a capacity change over 50%): waits for a second SRE; the requester and an outsider are refused; an SRE approves; applied once and written back', async () => {
    const { dir, qm, say } = await chatFleet();
    try {
      const asked = change(await say('scale prod/web 5', ALICE));
      expect(asked.outcome.status).toBe('needs-approval');
      if (asked.outcome.status !== 'needs-approval') return;
      const id = asked.outcome.request.id;
      expect(asked.approvals?.[0]).toMatchObject({ group: 'sre', count: 1 });

      const self = await say(`approve ${id}`, ALICE);
      expect(self).toMatchObject({ kind: 'vote', outcome: { outcome: 'refused', code: 'self-approval' } });
      const outsider = await say(`approve ${id}`, DAVE);
      expect(outsider).toMatchObject({ kind: 'vote', outcome: { outcome: 'refused' } });

      const approved = await say(`approve ${id}`, BOB);
      const applied = change(approved);
      expect(applied.outcome.status).toBe('applied');
      expect(applied.writeBack).toMatchObject({ kind: 'local' });
      expect(await readFile(path.join(dir, 'environments/prod/web.yml'), 'utf8')).toMatch(/desired_capacity: 5/);
      // Asked again (a retried message, a double click): nothing applies twice.
      expect(await say(`approve ${id}`, BOB)).toMatchObject({ kind: 'vote', outcome: { outcome: 'refused' } });
      expect((await qm.plan({ envs: ['prod'] })).summary).toMatchObject({ add: 0, change: 0, destroy: 0 });
    } finally {
      await qm.close();
    }
  });

  it('shutdown dev --for 1h: stops dev, plan and drift do not call it drift, and dev comes back when it expires', async () => {
    const { clock, qm, say } = await chatFleet();
    try {
      const down = change(await say('shutdown dev --for 1h', DAVE));
      expect(down.outcome.status).toBe('applied');
      expect(down.override).toMatchObject({ env: 'dev', change: { kind: 'shutdown' }, owner: DAVE });
      expect((await qm.plan({ envs: ['dev'] })).summary).toMatchObject({ change: 0 });
      expect((await qm.drift({ envs: ['dev'] })).hasDrift).toBe(false);
      const status = await say('status dev', DAVE);
      expect(status).toMatchObject({ kind: 'status', overrides: [expect.objectContaining({ id: down.override!.id })] });

      expect(await qm.expireOverrides('timer')).toEqual([]);
      clock.advance(61 * 60_000);
      const expired = await qm.expireOverrides('timer');
      expect(expired).toHaveLength(1);
      expect(change(expired[0]!.answer).outcome.status).toBe('applied');
      expect(await qm.overrides('dev')).toEqual([]);
      const plan = await qm.plan({ envs: ['dev'] });
      expect(plan.summary).toMatchObject({ add: 0, change: 0, destroy: 0 });
    } finally {
      await qm.close();
    }
  });

  it('startup dev ends the shutdown at once, restoring exactly what was there', async () => {
    const { qm, say } = await chatFleet();
    try {
      const before = await qm.plan({ envs: ['dev'] });
      change(await say('shutdown dev', DAVE));
      const up = change(await say('startup dev', DAVE));
      expect(up.outcome.status).toBe('applied');
      expect(up.ended).toMatchObject({ state: 'ended' });
      const after = await qm.plan({ envs: ['dev'] });
      expect(after.summary).toMatchObject({ add: 0, change: 0, destroy: 0 });
      expect(after.fingerprint).toBe(before.fingerprint);
    } finally {
      await qm.close();
    }
  });

  it('an approval of a temporary change never lets the same plan through as a permanent one', async () => {
    const { dir, qm, say } = await chatFleet();
    try {
      const asked = change(await say('scale prod/web 5 --for 1h', ALICE));
      expect(asked.outcome.status).toBe('needs-approval');
      if (asked.outcome.status !== 'needs-approval') return;
      // Bob approves at the command line: nothing re-runs the chat change there.
      expect(await qm.approve({ requestId: asked.outcome.request.id, approver: BOB, door: 'cli', fingerprint: asked.outcome.request.fingerprint })).toMatchObject({ outcome: 'approved' });
      // The same plan asked without --for is another ask: it needs its own approval.
      const permanent = change(await say('scale prod/web 5', ALICE));
      expect(permanent.outcome.status).toBe('needs-approval');
      expect(await readFile(path.join(dir, 'environments/prod/web.yml'), 'utf8')).not.toMatch(/desired_capacity: 5/);
      // Nothing was applied: the fleet still matches the definitions (desired 5 live would show as a change).
      expect((await qm.plan({ envs: ['prod'] })).summary.change).toBe(0);
    } finally {
      await qm.close();
    }
  });

  it('answers usage errors, refusals and help as data, never as exceptions', async () => {
    const { say, qm } = await chatFleet();
    try {
      expect(await say('scale prod/wbe t3.large', ALICE)).toMatchObject({ kind: 'usage', error: expect.stringContaining('did you mean') });
      expect(change(await say('scale prod/web t3.large', DAVE)).outcome).toMatchObject({ status: 'refused' });
      expect(await say('help', DAVE)).toMatchObject({ kind: 'help' });
      expect(await say('status prod', 'slack:U0NOBODY01')).toMatchObject({ kind: 'refused' });
      // In the channel policy.yml binds to prod, `web` is prod's web.
      const channelEnv = await qm.channelEnv('slack', 'C0PRODOPS1');
      expect(channelEnv).toBe('prod');
      const inProd = await qm.command({ text: 'scale web 5', actor: ALICE, door: 'slack', holder: 'bot', ...(channelEnv ? { channelEnv } : {}) });
      expect(change(inProd).intent).toMatchObject({ target: { env: 'prod', name: 'web' } });
    } finally {
      await qm.close();
    }
  });
});
