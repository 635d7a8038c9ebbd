import { describe, expect, it } from 'vitest';
import type { ResourceSpec } from '../../src/model/resources.js';
import { createPlan } from '../../src/plan/index.js';
import { GITHUB_COMMENT_LIMIT, renderPlanMarkdown } from '../../src/render/index.js';
import { FIXED_NOW, aFleet, anEnvironment, anInstanceSpec, observedInstanceOf } from '../plan/builders.js';
import { slotTags } from './big-plan.js';
import { alikeCreatesPlan, mixedPlan } from './grouped-plan.js';
import { SECRET, emptyPlan, representativePlan } from './representative-plan.js';

/** Code points, as GitHub counts a comment body. */
const codePoints = (s: string) => [...s].length;

describe('renderPlanMarkdown', () => {
  it('renders the representative plan (snapshot)', async () => {
    await expect(renderPlanMarkdown(representativePlan())).toMatchFileSnapshot('__snapshots__/representative-plan.md');
  });

  it('starts with the sticky-comment marker and ends with the fingerprint', () => {
    const plan = representativePlan();
    const md = renderPlanMarkdown(plan);
    expect(md.split('\n')[0]).toBe(`<!-- quartermaster:plan fingerprint=${plan.fingerprint} -->`);
    expect(md.trimEnd().split('\n').at(-1)).toContain(`Plan fingerprint \`${plan.fingerprint}\``);
  });

  it('has a header with totals, worst impact and cost delta', () => {
    const md = renderPlanMarkdown(representativePlan());
    expect(md).toContain('### Quartermaster plan: 4 to add, 5 to change, 2 to destroy');
    expect(md).toContain('**Worst impact:** destructive · **Monthly cost delta:** +$45.56');
  });

  it('opens the sections of environments that destroy something, and only those', () => {
    const md = renderPlanMarkdown(representativePlan());
    expect(md).toMatch(/<details open>\n<summary><b>prod<\/b>/);
    expect(md).toMatch(/<details>\n<summary><b>dev<\/b>/);
    expect(md).toMatch(/<details>\n<summary><b>staging<\/b>: no changes/);
  });

  it('says when nothing changes', () => {
    expect(renderPlanMarkdown(emptyPlan())).toContain('### Quartermaster plan: no changes, the fleet matches the definitions');
  });

  it('never shows user data', () => {
    const md = renderPlanMarkdown(representativePlan());
    expect(md).not.toContain('hunter2');
    expect(md).not.toContain(SECRET);
    expect(md).toContain('(sha256:');
  });

  it('escapes HTML in notices and keeps code fences closed whatever the values', () => {
    const spec = anInstanceSpec({ tags: { note: '```</details><script>' } });
    const plan = createPlan({
      desired: [spec],
      environments: [anEnvironment()],
      actual: [aFleet('prod', [observedInstanceOf(anInstanceSpec())])],
      envs: ['prod'],
      now: FIXED_NOW,
    });
    const md = renderPlanMarkdown(plan);
    expect(md).toContain('````diff');
    expect(md.match(/<\/details>/g)).toHaveLength(1 + 1); // the section's own, and the one inside the fenced value
  });

  it('stays under GitHub\'s limit for a 10,000-action plan, cutting each environment with a note', () => {
    const desired: ResourceSpec[] = [];
    for (const env of ['prod', 'staging']) {
      // Each differs in a tag: alike ones would be one group, and this is about cutting a long list.
      for (let i = 0; i < 5_000; i++) desired.push(anInstanceSpec({ env, name: `node-${String(i).padStart(5, '0')}`, tags: slotTags(i) }));
    }
    const small = anInstanceSpec({ env: 'dev', name: 'tiny' });
    const plan = createPlan({
      desired: [...desired, small],
      environments: ['prod', 'staging', 'dev'].map((name) => anEnvironment({ name })),
      actual: [aFleet('prod'), aFleet('staging'), aFleet('dev')],
      envs: ['prod', 'staging', 'dev'],
      now: FIXED_NOW,
    });
    expect(plan.actions).toHaveLength(10_001);
    const md = renderPlanMarkdown(plan);
    expect(codePoints(md)).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(md.length).toBeGreaterThan(50_000); // the budget is used, not wasted
    expect(md).toMatch(/> ✂️ [\d,]+ of 5,000 changes not shown: the comment would pass GitHub's 65,536-character limit\. For the whole plan, run `qm plan --env prod`\./);
    expect(md).toMatch(/of 5,000 changes not shown.*--env staging/);
    expect(md).toContain('+ instance tiny'); // a small environment is never starved by a large one
    expect(md).not.toMatch(/--env dev/);
    expect(md.split('\n')[0]).toContain(plan.fingerprint);
    expect(md).toContain(`Plan fingerprint \`${plan.fingerprint}\``);
    expect(md).not.toContain('too long for one comment'); // the per-environment cut did the work, not the last-resort one
    // Fences stay balanced after the cut.
    expect((md.match(/^```/gm) ?? []).length % 2).toBe(0);
  });

  it('honours a smaller maxLength and a custom hint', () => {
    const md = renderPlanMarkdown(representativePlan(), { maxLength: 3_000, fullPlanHint: 'see the job summary' });
    expect(md.length).toBeLessThanOrEqual(3_000);
    expect(md).toContain('For the whole plan, see the job summary.');
  });

  describe('with many changes alike but for their names', () => {
    /** The lines of an environment's diff block. */
    const diffLines = (md: string, env: string) => md.split(`<summary><b>${env}</b>`)[1]!.split('```diff\n')[1]!.split('\n```')[0]!.split('\n');
    /** How many changes the shown titles stand for: a group its count, any other change one. */
    const shownChanges = (lines: readonly string[]) =>
      lines.filter((l) => /^\S/.test(l)).reduce((n, l) => n + Number(/^\S+ ([\d,]+) \S+s like /.exec(l)?.[1]?.replace(/,/g, '') ?? 1), 0);

    it('shows 10,000 alike creates as one entry, whole, with how to list each', () => {
      const md = renderPlanMarkdown(alikeCreatesPlan(10_000));
      expect(md.length).toBeLessThan(5_000);
      expect(diffLines(md, 'prod')[0]).toBe('+ 10,000 instances like app-0001 (also app-0002, app-0003, app-0004 and 9,996 more)');
      expect(diffLines(md, 'prod')).toContain('    # impact: none · cost: +$70.08/month each · all 10,000: +$700,800.00/month');
      expect(md).toContain('_Changes alike but for their names are grouped when 10 or more; `qm plan --env prod --full` lists each one._');
      expect(md).not.toContain('not shown');
    }, 60_000);

    it('lists each with full, cut to the limit with a note counting them', () => {
      const md = renderPlanMarkdown(alikeCreatesPlan(10_000), { full: true });
      expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
      const lines = diffLines(md, 'prod');
      expect(lines[0]).toBe('+ instance app-0001');
      const cut = /> ✂️ ([\d,]+) of 10,000 changes not shown/.exec(md);
      expect(Number(cut?.[1]?.replace(/,/g, ''))).toBe(10_000 - shownChanges(lines));
      expect(md).not.toContain('like app-0001');
    }, 60_000);

    it('renders a mixed plan: groups, distinct creates, and every risky change on its own line (snapshot)', async () => {
      const md = renderPlanMarkdown(mixedPlan());
      await expect(md).toMatchFileSnapshot('__snapshots__/grouped-plan.md');
      const titles = diffLines(md, 'prod').filter((l) => /^\S/.test(l));
      expect(titles).toHaveLength(16);
      expect(titles).toContain('-/+ instance db (i-0a51daa783dc88026) [replace]');
      expect(titles).toContain('- instance legacy (i-0e13926a1fee83e88)');
      expect(titles.filter((l) => /^! instance resize-\d\d \(i-\w+\) \[stop-modify-start\]$/.test(l))).toHaveLength(10);
      expect(titles.filter((l) => l.includes(' like '))).toEqual([
        '+ 12 instances like app-0001 (also app-0002, app-0003, app-0004 and 8 more)',
        '! 12 instances like tagged-01 (also tagged-02, tagged-03, tagged-04 and 8 more)',
      ]);
      expect(shownChanges(titles)).toBe(38);
      expect(diffLines(md, 'dev').filter((l) => /^\S/.test(l))).toEqual(['+ instance dev-1', '+ instance dev-2', '+ instance dev-3']);
    });

    it('counts the changes of a cut group in the note, not its one entry', () => {
      const md = renderPlanMarkdown(mixedPlan(), { maxLength: 4_000 });
      expect(md.length).toBeLessThanOrEqual(4_000);
      const cut = /> ✂️ ([\d,]+) of 38 changes not shown/.exec(md);
      expect(cut).not.toBeNull();
      const shown = shownChanges(diffLines(md, 'prod'));
      expect(shown).toBeGreaterThan(0);
      expect(shown + Number(cut![1])).toBe(38);
    });
  });
});
