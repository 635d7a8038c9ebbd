import { describe, expect, it } from 'vitest';
import { applyCommentMarkerFor, planCommentDataOf, renderApplyBlockedComment, type ApplyBlockedInput } from '../../src/render/index.js';
import { outsideFences } from './big-plan.js';
import { EVIL, NEEDS_APPROVAL, SUMMARY_URL } from './fixtures.js';
import { representativePlan } from './representative-plan.js';

const KEY = 'infra:prod';
const requirements = NEEDS_APPROVAL.decision === 'needs-approval' ? NEEDS_APPROVAL.requirements : [];

describe('renderApplyBlockedComment', () => {
  it('says a stale plan applied nothing: reviewed against now, and what to do (snapshot)', () => {
    const reviewed = planCommentDataOf(representativePlan());
    const current = { ...reviewed, fingerprint: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', add: 5, destroy: 3 };
    expect(renderApplyBlockedComment({ key: KEY, kind: 'stale', reviewed, current, retryHint: 'push again or re-run the plan job', summaryUrl: SUMMARY_URL })).toMatchInlineSnapshot(`
      "<!-- quartermaster:apply-comment key=infra:prod -->

      ### Quartermaster apply: ⏸️ nothing applied (the plan changed since it was reviewed)

      Planned again on merge, the plan differs from the one reviewed on this pull request (the default branch moved, or the fleet changed since), so nothing was applied: only the plan reviewers saw is applied.

      | | Reviewed | Now |
      | --- | --- | --- |
      | Plan | \`333db7d613ab\` | **\`9f86d081884c\`** |
      | Environments | prod, dev, staging | prod, dev, staging |
      | To add | 4 | **5** |
      | To change | 5 | 5 |
      | To destroy | 2 | **3** |

      **What to do:** push again or re-run the plan job

      <sub>Details in the [job summary](https://github.com/acme/fleet/actions/runs/4242#summary-99)</sub>
      "
    `);
  });

  it('says who must still approve, how many, from which group, until when, and how (snapshot)', () => {
    const md = renderApplyBlockedComment({
      key: KEY,
      kind: 'needs-approval',
      requestId: 'req-0123456789ab',
      requirements,
      expiresAt: '2026-03-02T12:00:00.000Z',
      approveHints: ['approve this pull request (a review by a member of the group), then re-run the apply job', '`qm approve req-0123456789ab`'],
    });
    expect(md).toMatchInlineSnapshot(`
      "<!-- quartermaster:apply-comment key=infra:prod -->

      ### Quartermaster apply: ⏸️ nothing applied (waiting for approval)

      Approval request \`req-0123456789ab\` waits for approvals, until 2026-03-02 12:00:00Z. Nothing was applied.

      **Still needed:**

      - 1 of **sre** (alice (github:alice#1001), bob (github:bob#1002, slack:U0BOB)). Why: prod-destructive: deletes prod/instance/legacy, replaces prod/instance/db
      - 1 more of **leads** (carol, dave, erin), besides carol. Why: prod-downtime: stops prod/instance/bastion

      **How to approve:**

      - approve this pull request (a review by a member of the group), then re-run the apply job
      - \`qm approve req-0123456789ab\`
      "
    `);
  });

  it.each<[string, ApplyBlockedInput, string]>([
    ['refused', { key: KEY, kind: 'refused', reason: 'github:octocat#583231 may not apply in prod: no permission in policy.yml allows it' }, '⛔ **Refused:** github:octocat#583231 may not apply in prod: no permission in policy.yml allows it. Nothing was applied.'],
    ['not planned', { key: KEY, kind: 'not-planned', retryHint: 're-run the plan job on the pull request, review, then re-run this job' }, 'This pull request has no Quartermaster plan comment, so there is no reviewed plan to compare with: nothing was applied.\n\n**What to do:** re-run the plan job on the pull request, review, then re-run this job'],
    ['locked', { key: KEY, kind: 'locked', env: 'prod', holder: 'cli:alice@laptop pid 4242', since: '2026-03-01T11:58:00.000Z', purpose: 'apply (qm apply --env prod)' }, '🔒 **prod** is locked by cli:alice&#64;laptop pid 4242 since 2026-03-01 11:58:00Z (apply (qm apply --env prod)): nothing was applied.'],
  ])('%s', (_name, input, text) => {
    const md = renderApplyBlockedComment(input);
    expect(md.split('\n')[0]).toBe(applyCommentMarkerFor(KEY));
    expect(md).toContain(`\n\n${text}\n`);
  });

  it('escapes what users control, keeps door hints on their line', () => {
    const md = renderApplyBlockedComment({ key: EVIL, kind: 'locked', env: EVIL, holder: EVIL, since: EVIL, purpose: EVIL, retryHint: 'wait\nthen retry' });
    expect(md.split('\n')[0]).toBe(applyCommentMarkerFor(EVIL));
    expect(outsideFences(md).text.match(/<!--/g)).toHaveLength(1);
    expect(md).not.toContain('</details>');
    expect(md).toContain('**What to do:** wait then retry\n');
  });
});
