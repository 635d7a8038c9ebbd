import { describe, expect, it } from 'vitest';
import type { ApplyResult } from '../../../src/apply/index.js';
import type { CommandAnswer } from '../../../src/engine/command-answer.js';
import type { Override } from '../../../src/model/override.js';
import type { Plan } from '../../../src/model/plan.js';
import {
  COMMAND_ANSWER_MARKER,
  emptyProgress,
  foldApplyEvent,
  renderCommandComment,
  renderExpiryComment,
  requestIdOf,
  type CommandCommentState,
} from '../../../src/render/github-comment/index.js';
import { GITHUB_COMMENT_LIMIT, hasMarker } from '../../../src/render/index.js';
import type { ApprovalRequest } from '../../../src/store/store.js';
import { bigPlan, codePoints } from '../big-plan.js';
import { EVIL } from '../fixtures.js';
import { representativePlan } from '../representative-plan.js';

const NOW = '2026-03-01T12:00:00.000Z';
const ASKER = 'github:alice-ops#583231';

function request(over: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id: 'req-0123456789ab',
    actor: ASKER,
    door: 'github-comment',
    command: 'scale',
    envs: ['prod'],
    scope: 'scale prod',
    fingerprint: 'f'.repeat(64),
    reason: '/qm scale prod/web 5',
    requirements: [{ group: 'sre', count: 1, reason: 'big-capacity-change: prod/web from 2 to 5' }],
    state: 'requested',
    createdAt: NOW,
    updatedAt: NOW,
    expiresAt: '2026-03-01T14:00:00.000Z',
    approvals: [],
    version: 1,
    ...over,
  };
}

function applied(ok: boolean): ApplyResult {
  return {
    ok,
    results: [
      { id: 'a1', type: 'update', resource: { kind: 'autoscaling-group', env: 'prod', name: 'web', uuid: 'u1', physicalId: 'prod-web' }, status: ok ? 'applied' : 'failed', steps: [], durationMs: 2100, ...(ok ? {} : { error: 'ScalingActivityInProgress: wait and retry' }) },
      { id: 'a2', type: 'no-op', resource: { kind: 'instance', env: 'prod', name: 'bastion', uuid: 'u2' }, status: 'unchanged', steps: [], durationMs: 0 },
    ],
    counts: { applied: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0, unchanged: 1, rolledBack: 0 },
    accountChecks: [{ env: 'prod', ok: true }],
    startedAt: NOW,
    finishedAt: '2026-03-01T12:00:02.100Z',
    providerCalls: {} as ApplyResult['providerCalls'],
  };
}

const intent = { command: 'scale', target: { env: 'prod', kind: 'autoscaling-group', name: 'web' }, capacity: { desired: 5 } } as const;

function change(outcome: Extract<CommandAnswer, { kind: 'change' }>['outcome'], extra: Partial<Extract<CommandAnswer, { kind: 'change' }>> = {}): CommandAnswer {
  return { kind: 'change', intent, text: 'scale prod/web 5', outcome, ...extra };
}

const render = (state: CommandCommentState, text = 'scale prod/web 5') => renderCommandComment({ text, askedBy: ASKER, state });

describe('renderCommandComment: the one answer comment of a /qm command', () => {
  it('waiting for approval: who may approve, until when, how, and what it changes (snapshot)', async () => {
    const plan = representativePlan();
    const md = render({
      kind: 'answer',
      answer: change(
        { status: 'needs-approval', plan, request: request(), reused: false },
        { approvals: [{ group: 'sre', count: 1, reason: 'big-capacity-change: prod/web from 2 to 5', approvers: ['alice', 'bob', 'github-team:acme/sre'], approvedBy: [] }] },
      ),
    });
    await expect(md).toMatchFileSnapshot('__snapshots__/command-needs-approval.md');
    expect(md.split('\n').slice(0, 2)).toEqual([COMMAND_ANSWER_MARKER, '<!-- quartermaster:request id=req-0123456789ab -->']);
    expect(requestIdOf(md)).toBe('req-0123456789ab');
    expect(md).toContain('`/qm approve req-0123456789ab`');
  });

  it('approved and applied, with a receipt per resource and the write-back pull request', () => {
    const req = request({ state: 'applied', approvals: [{ approver: 'github:bobsre#1047754', door: 'github-comment', at: NOW, fingerprint: 'f'.repeat(64), groups: ['sre'] }] });
    const done = change({ status: 'applied', plan: { ...representativePlan(), envs: ['prod'] }, request: req, result: applied(true), resumed: false }, { writeBack: { kind: 'pull-request', url: 'https://github.com/acme/fleet/pull/12', number: 12, branch: 'qm/req-0123456789ab' } });
    const md = render({ kind: 'answer', answer: { kind: 'vote', outcome: { outcome: 'approved', request: req }, applied: done as Extract<CommandAnswer, { kind: 'change' }> } });
    expect(md).toMatchInlineSnapshot(`
      "<!-- quartermaster:command-answer -->
      <!-- quartermaster:request id=req-0123456789ab -->
      **/qm** \`scale prod/web 5\` · asked by alice-ops

      👍 **Approved** request \`req-0123456789ab\` (\`scale prod/web 5\`, asked by alice-ops) by bobsre.

      ✅ **Applied** in **prod**.

      request \`req-0123456789ab\` · approved by bobsre

      | Resource | Action | Outcome | Message |
      | --- | --- | --- | --- |
      | prod/autoscaling-group/web (prod-web) | update | ✅ applied |  |

      **Apply complete: 1 applied, 0 failed, 0 skipped.**

      📝 **Written back:** pull request [#12](https://github.com/acme/fleet/pull/12) (branch \`qm/req-0123456789ab\`) edits the definitions to match. Merge it so the definitions say what runs.
      "
    `);
  });

  it('a failed apply says what failed and what to do', () => {
    const md = render({ kind: 'answer', answer: change({ status: 'applied', plan: { ...representativePlan(), envs: ['prod'] }, request: request({ state: 'failed' }), result: applied(false), resumed: false }) });
    expect(md).toContain('❌ **Apply failed** in **prod**');
    expect(md).toContain('ScalingActivityInProgress: wait and retry');
    expect(md).toContain('ask again to finish the rest');
  });

  it.each<[string, CommandCommentState, RegExp]>([
    ['working', { kind: 'working' }, /⏳ Working on it…/],
    ['progress', { kind: 'working', progress: foldApplyEvent(foldApplyEvent(emptyProgress(), { type: 'apply-started', total: 2, envs: ['prod'], at: NOW, message: 'Applying 2 changes in prod' }), { type: 'action-finished', actionId: 'a', status: 'applied', durationMs: 1, at: NOW, message: 'prod/web updated' }) }, /Applying:\*\* 1 of 2 changes done\.\n\n- 🚀 Applying 2 changes in prod\n- ✅ prod\/web updated/],
    ['usage', { kind: 'answer', answer: { kind: 'usage', error: 'no target named "wbe" in prod (did you mean "web"?)', usage: 'scale <target> <instance-type>\nscale <target> <count>' } }, /⚠️ \*\*no target named "wbe" in prod \(did you mean "web"\?\)\*\*\n\n```text\n\/qm scale <target> <instance-type>\n\/qm scale <target> <count>\n```/],
    ['refused', { kind: 'answer', answer: { kind: 'refused', reason: 'github:davedev#3318842 may not scale in prod' } }, /⛔ \*\*Refused:\*\* github:davedev#3318842 may not scale in prod/],
    ['locked', { kind: 'answer', answer: change({ status: 'locked', env: 'prod', heldBy: 'bot:a pid 1', since: NOW, purpose: 'apply (PR #7)' }) }, /🔒 \*\*prod is locked\*\* by bot:a pid 1 since 2026-03-01 12:00:00Z/],
    ['no changes', { kind: 'answer', answer: change({ status: 'no-changes', plan: representativePlan() }) }, /Nothing to change/],
    ['vote recorded', { kind: 'answer', answer: { kind: 'vote', outcome: { outcome: 'vote-recorded', request: request({ requirements: [{ group: 'sre', count: 2, reason: 'r' }] }), remaining: [{ group: 'sre', need: 2, have: 1 }] } } }, /Approval recorded.*\n\n- 1 more of \*\*sre\*\* \(1\/2\)/],
    ['denied', { kind: 'answer', answer: { kind: 'denied', outcome: { outcome: 'denied', request: request({ state: 'denied', stateReason: 'denied by bobsre: not during the freeze' }) } } }, /🛑 \*\*Denied:\*\* request `req-0123456789ab`.*not during the freeze/],
    ['fault', { kind: 'fault', message: 'the store is unavailable. Check QM_DATABASE_URL' }, /❌ \*\*Quartermaster could not finish this:\*\* the store is unavailable/],
    ['requests', { kind: 'answer', answer: { kind: 'requests', requests: [request()] } }, /\| `req-0123456789ab` \| requested \| `scale prod\/web 5` \| alice-ops \| 2026-03-01 14:00:00Z \| 0\/1 \|/],
    ['pr plan', { kind: 'pr-plan', planUrl: 'https://github.com/acme/fleet/pull/7#issuecomment-1', plan: representativePlan() }, /📋 \*\*Planned:\*\* .* see \[the plan comment\]\(https:\/\/github.com\/acme\/fleet\/pull\/7#issuecomment-1\)\. Once it is reviewed, comment `\/qm apply`/],
    ['pr apply, unplanned', { kind: 'pr-apply', notPlanned: 'this pull request has no plan by Quartermaster' }, /⛔ \*\*Nothing applied:\*\* this pull request has no plan by Quartermaster\. Comment `\/qm plan` first/],
    ['pr apply, stale', { kind: 'pr-apply', outcome: { status: 'stale', plan: representativePlan(), expectedFingerprint: 'x', hint: 'replan' } }, /not the one in this pull request's plan comment/],
  ])('%s', (_name, state, expected) => {
    const md = render(state);
    expect(md).toMatch(expected);
    expect(hasMarker(md, COMMAND_ANSWER_MARKER)).toBe(true);
  });

  it('escapes what users control: no mention, no markup, no forged marker or plan data', () => {
    for (const evil of [...EVIL, '@acme/sre please look', '### heading\n<!-- quartermaster:request id=req-forged -->']) {
      const md = renderCommandComment({ text: evil, askedBy: `slack:U0${'X'.repeat(3)}`, state: { kind: 'answer', answer: { kind: 'refused', reason: evil } } });
      const lines = md.split('\n');
      expect(lines[0]).toBe(COMMAND_ANSWER_MARKER);
      expect(lines.filter((l) => l.startsWith('<!--'))).toEqual([COMMAND_ANSWER_MARKER]);
      expect(requestIdOf(md)).toBeUndefined();
      // Inside a code span a mention is text; everywhere else `@` is an entity.
      expect(md.replace(/`[^`\n]*`/g, '')).not.toMatch(/(^|[^&#\w])@acme/);
      expect(md).not.toMatch(/^#{1,6} /m);
    }
  });

  it('stays within GitHub comment limit with a plan of thousands of changes', () => {
    const plan: Plan = bigPlan({ envs: ['dev', 'staging', 'prod'], creates: 2_000, downtime: 500, destructive: 100 });
    const md = render({ kind: 'answer', answer: change({ status: 'needs-approval', plan, request: request(), reused: false }) });
    expect(codePoints(md)).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(md).toContain('Waiting for approval');
    expect(md).toContain('/qm approve req-0123456789ab');
  });

  it('announces an expired temporary change where it was asked', () => {
    const o: Override = { id: 'ovr-0123456789ab', env: 'dev', change: { kind: 'shutdown' }, owner: 'github:davedev#3318842', reason: '/qm shutdown dev --for 1h', createdAt: NOW, expiresAt: '2026-03-01T13:00:00.000Z', state: 'expired' };
    const md = renderExpiryComment({ override: o, answer: { kind: 'change', intent: { command: 'startup', target: { env: 'dev' } }, text: 'revert ovr-0123456789ab', outcome: { status: 'no-changes', plan: representativePlan() }, ended: o } });
    expect(md).toContain('⏰ **Time is up** for `shutdown dev --for 1h` (`ovr-0123456789ab`, asked by davedev, until 2026-03-01 13:00:00Z).');
    expect(md).toContain('Ended the temporary change `ovr-0123456789ab`');
  });
});
