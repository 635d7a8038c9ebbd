import { describe, expect, it } from 'vitest';
import type { ResourceSpec } from '../../src/model/resources.js';
import type { ObservedResource } from '../../src/model/observed.js';
import { createPlan } from '../../src/plan/index.js';
import { GITHUB_COMMENT_LIMIT, planCommentMarkerFor, readPlanCommentData, renderPrPlanComment } from '../../src/render/index.js';
import { FIXED_NOW, aFleet, anEnvironment, anInstanceSpec, observedInstanceOf } from '../plan/builders.js';
import { bigPlan, codePoints, outsideFences, slotTags } from './big-plan.js';
import { DIAGNOSTICS, EVIL, NEEDS_APPROVAL, SUMMARY_URL, evilPlan } from './fixtures.js';
import { alikeCreatesPlan, mixedPlan } from './grouped-plan.js';
import { SECRET, emptyPlan, representativePlan } from './representative-plan.js';

const KEY = 'infra:prod,dev,staging';

/** The list items under the compact comment's "Riskiest changes first" heading. */
function riskEntries(md: string): string[] {
  const after = md.split('#### Riskiest changes first\n\n')[1] ?? '';
  return after.split('\n\n')[0]!.split('\n');
}

describe('renderPrPlanComment', () => {
  it('renders the representative plan with the approvals it needs (snapshot)', async () => {
    const md = renderPrPlanComment({ key: KEY, plan: representativePlan(), gate: NEEDS_APPROVAL, summaryUrl: SUMMARY_URL });
    await expect(md).toMatchFileSnapshot('__snapshots__/pr-plan-comment.md');
  });

  it('renders the compact form when the full one passes the limit (snapshot)', async () => {
    const md = renderPrPlanComment({ key: KEY, plan: representativePlan(), gate: NEEDS_APPROVAL, summaryUrl: SUMMARY_URL, maxLength: 2_500 });
    expect(md.length).toBeLessThanOrEqual(2_500);
    await expect(md).toMatchFileSnapshot('__snapshots__/pr-plan-comment-compact.md');
  });

  it('lists definition and policy errors instead of a plan (snapshot)', async () => {
    const md = renderPrPlanComment({ key: KEY, plan: representativePlan(), diagnostics: DIAGNOSTICS, summaryUrl: SUMMARY_URL });
    await expect(md).toMatchFileSnapshot('__snapshots__/pr-plan-comment-errors.md');
    expect(md).not.toContain('<details');
    expect(readPlanCommentData(md)).toBeUndefined(); // nothing planned: the apply door finds no reviewed plan
    expect(md).toContain(`"export DB_PASSWORD=hunter2 ${'x'.repeat(92)}…"`); // the first 120 characters of the quote, no more
  });

  it('says what the gate will answer (allowed, refused, approvals in progress)', () => {
    const plan = emptyPlan();
    expect(renderPrPlanComment({ key: KEY, plan, gate: { decision: 'allowed', reason: 'apply permitted in dev by policy.yml:4:3; no approval rule applies' } })).toContain(
      '\n**No approval needed:** apply permitted in dev by policy.yml:4:3; no approval rule applies\n',
    );
    expect(renderPrPlanComment({ key: KEY, plan, gate: { decision: 'refused', reason: 'github:mallory#66 may not apply in prod' } })).toContain(
      '\n⛔ **Refused:** github:mallory#66 may not apply in prod. This plan cannot be applied as it is: merging it would apply nothing.\n',
    );
    const done = renderPrPlanComment({
      key: KEY,
      plan,
      gate: { decision: 'needs-approval', requirements: [{ group: 'sre', count: 1, reason: 'prod-downtime', approvers: ['alice', 'bob'], approvedBy: ['bob'] }] },
    });
    expect(done).toContain('#### Approvals needed when this merges\n\n- ✅ 1 of **sre** (alice, bob): approved by bob (1/1). Why: prod-downtime\n');
  });

  it('finds itself again by a marker that depends only on the key', () => {
    const a = renderPrPlanComment({ key: KEY, plan: representativePlan() });
    const b = renderPrPlanComment({ key: KEY, plan: emptyPlan(), diagnostics: [] });
    const c = renderPrPlanComment({ key: KEY, diagnostics: DIAGNOSTICS });
    const other = renderPrPlanComment({ key: 'infra:dev', plan: representativePlan() });
    expect(a.split('\n')[0]).toBe('<!-- quartermaster:plan-comment key=infra:prod,dev,staging -->');
    expect(b.split('\n')[0]).toBe(a.split('\n')[0]);
    expect(c.split('\n')[0]).toBe(a.split('\n')[0]);
    expect(other.split('\n')[0]).not.toBe(a.split('\n')[0]);
  });

  it('carries the plan data for the apply door, in the full and the compact form', () => {
    const plan = representativePlan();
    const expected = { fingerprint: plan.fingerprint, envs: ['prod', 'dev', 'staging'], add: 4, change: 5, destroy: 2 };
    expect(readPlanCommentData(renderPrPlanComment({ key: KEY, plan }))).toEqual(expected);
    expect(readPlanCommentData(renderPrPlanComment({ key: KEY, plan, maxLength: 2_000 }))).toEqual(expected);
    expect(renderPrPlanComment({ key: KEY, plan })).toContain(`Plan \`${plan.fingerprint.slice(0, 12)}\``);
  });

  it('never shows user data', () => {
    for (const maxLength of [undefined, 2_000]) {
      const md = renderPrPlanComment({ key: KEY, plan: representativePlan(), maxLength });
      expect(md).not.toContain('hunter2');
      expect(md).not.toContain(SECRET);
    }
  });

  it('keeps a 10,000-change plan under 65,536 code points in compact form, destructive changes first', () => {
    const desired: ResourceSpec[] = [];
    const observed: ObservedResource[] = [];
    // Each create differs in a tag: alike ones would be one group, and this is about a long list.
    for (let i = 0; i < 4_990; i++) desired.push(anInstanceSpec({ name: `node-${String(i).padStart(5, '0')}`, tags: slotTags(i) }));
    for (let i = 0; i < 5; i++) {
      const live = anInstanceSpec({ name: `resize-${i}` });
      desired.push({ ...live, instanceType: 't3.large' });
      observed.push(observedInstanceOf(live));
      desired.push(anInstanceSpec({ name: `old-${i}`, deleted: true }));
      observed.push(observedInstanceOf(anInstanceSpec({ name: `old-${i}` })));
    }
    for (let i = 0; i < 5_000; i++) desired.push(anInstanceSpec({ env: 'staging', name: `node-${String(i).padStart(5, '0')}`, tags: slotTags(i) }));
    const plan = createPlan({
      desired,
      environments: ['prod', 'staging'].map((name) => anEnvironment({ name })),
      actual: [aFleet('prod', observed), aFleet('staging')],
      envs: ['prod', 'staging'],
      now: FIXED_NOW,
    });
    expect(plan.actions.filter((a) => a.type !== 'no-op')).toHaveLength(10_000);
    expect(plan.actions.findIndex((a) => a.impact === 'destructive')).toBeGreaterThan(100); // plan order is not risk order

    const md = renderPrPlanComment({ key: KEY, plan, gate: NEEDS_APPROVAL, summaryUrl: SUMMARY_URL });
    expect(codePoints(md)).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT - 1_024);
    expect(md.length).toBeGreaterThan(50_000); // the budget is used for changes, not wasted
    expect(md.split('\n')[0]).toBe(planCommentMarkerFor(KEY));
    expect(md).toContain('- **prod**: 4990 to add, 5 to change, 5 to destroy, +$75,900.10/month, destructive: old-0, old-1, old-2, old-3, old-4; downtime: resize-0, resize-1, resize-2, resize-3, resize-4');
    expect(md).toContain('- **staging**: 5000 to add, 0 to change, 0 to destroy, +$75,900.00/month\n');
    expect(md).toContain('#### Approvals needed when this merges');
    expect(md).toContain(`> ✂️ The full plan (10,000 changes) is too long for a comment: it is in the [job summary](${SUMMARY_URL}).`);
    const entries = riskEntries(md);
    expect(entries.slice(0, 5)).toEqual([0, 1, 2, 3, 4].map((i) => expect.stringMatching(new RegExp(`^- \\*\\*prod\\*\\*: instance old-${i} \\(i-\\w+\\) will be destroyed \\(destructive\\)$`))));
    expect(entries.slice(5, 10).every((e) => e.includes('(downtime)'))).toBe(true);
    expect(entries.at(-1)).toMatch(/^- … and [\d,]+ more changes \([\d,]+ without downtime\)$/);
    expect(entries.length).toBeGreaterThan(300);
    expect(readPlanCommentData(md)).toEqual({ fingerprint: plan.fingerprint, envs: ['prod', 'staging'], add: 9_990, change: 5, destroy: 5 });
    expect(md).not.toContain('<details'); // compact: no per-environment sections
  });

  it('holds the limit with pathological names (astral characters, tens of thousands long) in a 10,000-change plan', () => {
    const long = (i: number) => `${'😀'.repeat(20_000)}-${i}`;
    const plan = bigPlan({ envs: ['prod', 'dev'], creates: 4_990, downtime: 5, destructive: 5, name: (i) => (i % 1_000 === 0 ? long(i) : `n${i}`) });
    const md = renderPrPlanComment({ key: EVIL.repeat(50), plan, title: EVIL.repeat(50), gate: NEEDS_APPROVAL, summaryUrl: SUMMARY_URL });
    expect(codePoints(md)).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(readPlanCommentData(md)?.fingerprint).toBe(plan.fingerprint);
    expect(md.split('\n')[0]).toBe(planCommentMarkerFor(EVIL.repeat(50)));
  });

  it.each([
    ['full', undefined],
    ['compact', 1_500],
  ])('cannot be broken out of, nor its markers forged, by user text (%s)', (_form, maxLength) => {
    const plan = evilPlan();
    const md = renderPrPlanComment({ key: EVIL, plan, title: EVIL, gate: { decision: 'refused', reason: EVIL }, maxLength });
    const lines = md.split('\n');
    expect(lines[0]).toBe(planCommentMarkerFor(EVIL));
    expect(lines[0]).toMatch(/^<!-- quartermaster:plan-comment key=[^\s>]+ -->$/);
    expect(md).not.toContain(planCommentMarkerFor('other'));
    expect(readPlanCommentData(md)).toEqual({ fingerprint: plan.fingerprint, envs: ['prod'], add: 1, change: 0, destroy: 1 });
    const { text, balanced } = outsideFences(md);
    expect(balanced).toBe(true);
    // Outside code, the only HTML comments are ours, and every <details> is closed by our own </details>.
    expect(text.match(/<!--/g)).toHaveLength(2);
    expect((text.match(/<details/g) ?? []).length).toBe((text.match(/<\/details>/g) ?? []).length);
    expect(text).not.toContain('</summary></summary>');
    expect(text).not.toMatch(/@everyone|\]\(https:\/\/evil/);
    expect(text).not.toMatch(/^\| a \| b \|$/m);
  });

  it('says when nothing was planned', () => {
    expect(renderPrPlanComment({ key: KEY })).toBe(
      `${planCommentMarkerFor(KEY)}\n\n### Quartermaster plan: nothing planned\n\nNo environment was planned for this pull request.\n`,
    );
  });

  it('shows a 10,000-create plan in full form when its alike creates group into one entry', () => {
    const plan = alikeCreatesPlan(10_000);
    const md = renderPrPlanComment({ key: KEY, plan, summaryUrl: SUMMARY_URL });
    expect(md.length).toBeLessThan(10_000);
    expect(md).toContain('<details>'); // the full form, not the compact one
    expect(md).not.toContain('Riskiest changes first');
    expect(md).toContain('\n+ 10,000 instances like app-0001 (also app-0002, app-0003, app-0004 and 9,996 more)\n');
    expect(readPlanCommentData(md)).toEqual({ fingerprint: plan.fingerprint, envs: ['prod'], add: 10_000, change: 0, destroy: 0 });
  }, 60_000);

  it('keeps every risky change of a mixed plan on its own line, beside the groups', () => {
    const md = renderPrPlanComment({ key: KEY, plan: mixedPlan(), gate: NEEDS_APPROVAL, summaryUrl: SUMMARY_URL });
    expect(md).toContain('\n! 12 instances like tagged-01 (also tagged-02, tagged-03, tagged-04 and 8 more)\n');
    expect(md).toContain('\n-/+ instance db (i-0a51daa783dc88026) [replace]\n');
    expect(md).toContain('\n- instance legacy (i-0e13926a1fee83e88)\n');
    expect(md.match(/^! instance resize-\d\d \(i-\w+\) \[stop-modify-start\]$/gm)).toHaveLength(10);
    expect(md).toMatch(/^- \*\*prod\*\*: 15 to add, 22 to change, 2 to destroy, .*downtime: .*resize-01/m);
  });
});
