import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/model/plan.js';
import { GITHUB_SUMMARY_LIMIT, renderJobSummary } from '../../src/render/index.js';
import { bigPlan, outsideFences } from './big-plan.js';
import { DIAGNOSTICS, EVIL, NEEDS_APPROVAL, evilPlan } from './fixtures.js';
import { alikeCreatesPlan, mixedPlan } from './grouped-plan.js';
import { SECRET, representativePlan } from './representative-plan.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('renderJobSummary', () => {
  it('renders the whole representative plan with the gate (snapshot)', async () => {
    const md = renderJobSummary({ plan: representativePlan(), gate: NEEDS_APPROVAL });
    await expect(md).toMatchFileSnapshot('__snapshots__/job-summary.md');
    expect(md).not.toContain('hunter2');
    expect(md).not.toContain(SECRET);
  });

  it('renders errors (snapshot)', async () => {
    await expect(renderJobSummary({ diagnostics: DIAGNOSTICS })).toMatchFileSnapshot('__snapshots__/job-summary-errors.md');
  });

  it('shows every change of a plan far past the comment limit when it fits in 1 MiB', () => {
    const plan = bigPlan({ envs: ['prod'], creates: 1_000, destructive: 2 });
    const md = renderJobSummary({ plan });
    expect(md.length).toBeGreaterThan(65_536);
    expect(md.match(/^\+ instance /gm)).toHaveLength(1_000);
    expect(md).not.toContain('not shown');
  });

  it('cuts a 50,000-change plan at an action boundary under 1 MiB, saying how many changes are not shown and how to see them', () => {
    // Multi-byte names: the limit is in UTF-8 bytes, not characters.
    const plan = bigPlan({ envs: ['prod', 'staging', 'dev'], creates: 16_660, downtime: 5, destructive: 2, name: (i) => `nœud-élevé-${i}` });
    expect(plan.actions).toHaveLength(50_001);
    const md = renderJobSummary({ plan, gate: NEEDS_APPROVAL });
    expect(bytes(md)).toBeLessThanOrEqual(GITHUB_SUMMARY_LIMIT);
    expect(bytes(md)).toBeGreaterThan(GITHUB_SUMMARY_LIMIT - 40_000); // the budget is used
    for (const env of ['prod', 'staging', 'dev']) {
      const note = new RegExp(`> ✂️ ([\\d,]+) of 16,667 changes not shown: the job summary would pass GitHub's 1 MiB limit\\. For the whole plan, run \`qm plan --env ${env}\` locally\\.`);
      const m = note.exec(md);
      expect(m, env).not.toBeNull();
      const section = md.split(`<summary><b>${env}</b>`)[1]!.split('</details>')[0]!;
      const shown = (section.match(/^(\+|!|-\/\+) instance /gm) ?? []).length;
      expect(shown + Number(m![1]!.replace(/,/g, ''))).toBe(16_667);
    }
    const { balanced } = outsideFences(md);
    expect(balanced).toBe(true);
    // Each diff block ends after a whole action: its last line is the action's reason.
    for (const block of md.split('```diff\n').slice(1)) expect(block.split('\n```')[0]!.split('\n').at(-1)).toMatch(/^ {4}# /);
    expect(md).toContain('#### Approvals needed when this merges');
  });

  it('honours a smaller byte budget', () => {
    const md = renderJobSummary({ plan: bigPlan({ envs: ['prod'], creates: 500 }), maxBytes: 20_000 });
    expect(bytes(md)).toBeLessThanOrEqual(20_000);
    expect(md).toMatch(/> ✂️ [\d,]+ of 500 changes not shown/);
  });

  it('never throws, whatever it is given', () => {
    const broken = { ...representativePlan(), actions: [null] } as unknown as Plan;
    expect(renderJobSummary({ plan: broken })).toMatch(/^### Quartermaster plan\n\nThe plan could not be shown here \(.+\)\.\n$/);
    expect(renderJobSummary({})).toBe('### Quartermaster plan: nothing planned\n');
    expect(renderJobSummary({ plan: representativePlan(), maxBytes: 10 })).toBe('');
    expect(() => renderJobSummary({ plan: evilPlan(), title: EVIL, gate: { decision: 'refused', reason: EVIL } })).not.toThrow();
  });

  it('groups 10,000 alike creates into one entry and shows the plan whole', () => {
    const md = renderJobSummary({ plan: alikeCreatesPlan(10_000) });
    expect(bytes(md)).toBeLessThan(50_000);
    expect(md).toContain('\n+ 10,000 instances like app-0001 (also app-0002, app-0003, app-0004 and 9,996 more)\n');
    expect(md).toContain('`qm plan --env prod --full` lists each one.');
    expect(md).not.toContain('not shown');
  }, 60_000);

  it('lists every risky change of a mixed plan on its own line', () => {
    const md = renderJobSummary({ plan: mixedPlan(), gate: NEEDS_APPROVAL });
    expect(md).toContain('\n+ 12 instances like app-0001 (also app-0002, app-0003, app-0004 and 8 more)\n');
    expect(md).toContain('\n-/+ instance db (i-0a51daa783dc88026) [replace]\n');
    expect(md).toContain('\n- instance legacy (i-0e13926a1fee83e88)\n');
    expect(md.match(/^! instance resize-\d\d \(i-\w+\) \[stop-modify-start\]$/gm)).toHaveLength(10);
    expect(md.match(/^\+ instance dev-\d$/gm)).toHaveLength(3);
  });
});
