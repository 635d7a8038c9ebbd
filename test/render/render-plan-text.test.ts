import { describe, expect, it } from 'vitest';
import { renderPlanText } from '../../src/render/index.js';
import { alikeCreatesPlan, appName, mixedPlan } from './grouped-plan.js';
import { SECRET, emptyPlan, representativePlan } from './representative-plan.js';

describe('renderPlanText', () => {
  it('renders the representative plan (snapshot)', async () => {
    await expect(renderPlanText(representativePlan(), { color: false })).toMatchFileSnapshot('__snapshots__/representative-plan.txt');
  });

  it('closes with the summary line users know, and the cost line', () => {
    const plan = representativePlan();
    const lines = renderPlanText(plan, { color: false }).trimEnd().split('\n');
    const s = plan.summary;
    expect(lines).toContain(`Plan: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy.`);
    expect(lines.find((l) => l.startsWith('Monthly cost delta: '))).toMatch(/^Monthly cost delta: [+-]\$\d+\.\d\d\/month/);
  });

  it.each([
    ['create', '  + instance metrics'],
    ['update', '  ~ instance sandbox'],
    ['stop-modify-start', '  ~ instance bastion (i-'],
    ['rolling refresh', '  ~ autoscaling-group web (prod-web) [rolling refresh]'],
    ['replace', '  -/+ instance db (i-'],
    ['delete', '  - instance legacy (i-'],
    ['field change', '      instance_type: "t3.small" -> "t3.medium"'],
    ['known after apply', '      dimensions.InstanceId: "(known after apply)"'],
    ['notice', '  ! prod/instance i-0forgotten0000001 (old-jobs): is tagged for prod but not in the definitions'],
  ])('shows a %s the way users expect', (_, line) => {
    const text = renderPlanText(representativePlan(), { color: false });
    expect(text.split('\n').some((l) => l.startsWith(line))).toBe(true);
  });

  it('says so when nothing changes', () => {
    const text = renderPlanText(emptyPlan(), { color: false });
    expect(text).toContain('\nNo changes. The fleet matches the definitions.\n');
    expect(text).not.toContain('Plan: ');
  });

  it('colours only when asked', () => {
    const ESC = '\u001b[';
    expect(renderPlanText(representativePlan(), { color: false })).not.toContain(ESC);
    const coloured = renderPlanText(representativePlan(), { color: true });
    expect(coloured).toContain(`${ESC}32m  + instance metrics`);
    expect(coloured).toContain(`${ESC}31m  - instance legacy`);
  });

  it('never shows user data, only its hash and size', () => {
    const text = renderPlanText(representativePlan(), { color: false });
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('hunter2');
    expect(text).toMatch(/user_data: "?\(sha256:[0-9a-f]{12}, \d+ bytes\)"? -> "?\(sha256:[0-9a-f]{12}, \d+ bytes\)/);
  });

  describe('with many changes alike but for their names', () => {
    // Built once: 10,000 creates by the real planner take about half a second.
    const big = alikeCreatesPlan(10_000);
    const LINE = /^ {2}\+ instance (app-\d{4,5})$/gm;

    it('shows 10,000 alike creates as one entry naming the count, the first names and the shared fields, under 50 KB', () => {
      const text = renderPlanText(big, { color: false });
      expect(Buffer.byteLength(text)).toBeLessThan(50_000);
      const lines = text.split('\n');
      const head = lines.indexOf('  + 10,000 instances like app-0001 (also app-0002, app-0003, app-0004 and 9,996 more)');
      expect(head).toBeGreaterThan(0);
      expect(lines.slice(head + 1, head + 16)).toEqual([
        '      ami: "ami-0abcdef1234567890"',
        '      ebs_optimized: false',
        '      instance_type: "m5.large"',
        '      key_name: "ops"',
        '      monitoring: false',
        '      root_volume.encrypted: true',
        '      root_volume.size_gib: 20',
        '      root_volume.type: "gp3"',
        '      security_groups: ["sg-0ssh"]',
        '      state: "running"',
        '      subnet: "subnet-0a1b2c3d"',
        '      tags.team: "platform"',
        '      impact: none · cost: +$70.08/month each · all 10,000: +$700,800.00/month',
        '      not in the cloud yet: launched from the definition',
        '',
      ]);
      expect(text.match(LINE)).toBeNull();
      expect(lines).toContain('Changes alike but for their names are grouped when 10 or more; `qm plan --full` lists each one.');
      expect(lines).toContain('Plan: 10000 to add, 0 to change, 0 to destroy.');
    }, 60_000);

    it('lists every one with full, as before grouping', () => {
      const text = renderPlanText(big, { color: false, full: true });
      const names = [...text.matchAll(LINE)].map((m) => m[1]);
      expect(names).toHaveLength(10_000);
      expect(new Set(names)).toEqual(new Set(Array.from({ length: 10_000 }, (_, i) => appName(i))));
      expect(text.match(/^ {6}name: "app-\d+"$/gm)).toHaveLength(10_000);
      expect(text).not.toContain('instances like');
      expect(text).not.toContain('--full');
    }, 60_000);

    it('changes nothing for a plan with nothing to group, full or not', () => {
      const plan = representativePlan();
      expect(renderPlanText(plan, { color: false, full: true })).toBe(renderPlanText(plan, { color: false }));
      expect(renderPlanText(plan, { color: false })).not.toContain('--full');
    });

    it('renders a mixed plan: groups, distinct creates, and every risky change on its own line (snapshot)', async () => {
      const text = renderPlanText(mixedPlan(), { color: false });
      await expect(text).toMatchFileSnapshot('__snapshots__/grouped-plan.txt');
      const titles = text.split('\n').filter((l) => /^ {2}\S/.test(l));
      expect(titles).toEqual([
        '  + 12 instances like app-0001 (also app-0002, app-0003, app-0004 and 8 more)',
        '  + instance cache-new',
        '  -/+ instance db (i-0a51daa783dc88026) [replace]',
        '  - instance legacy (i-0e13926a1fee83e88)',
        '  + instance queue-new',
        ...Array.from({ length: 10 }, (_, i) => expect.stringMatching(new RegExp(`^  ~ instance resize-${String(i + 1).padStart(2, '0')} \\(i-\\w+\\) \\[stop-modify-start\\]$`))),
        '  ~ 12 instances like tagged-01 (also tagged-02, tagged-03, tagged-04 and 8 more)',
        // Three alike creates in dev: too few to group.
        '  + instance dev-1',
        '  + instance dev-2',
        '  + instance dev-3',
      ]);
      expect(text).toContain('  ~ 12 instances like tagged-01 (also tagged-02, tagged-03, tagged-04 and 8 more)\n      tags.team: "web" -> "platform"\n');
    });

    it('only reads the plan: rendering leaves it, its JSON and its fingerprint as they were', () => {
      const plan = mixedPlan();
      const before = JSON.stringify(plan);
      renderPlanText(plan, { color: false });
      expect(JSON.stringify(plan)).toBe(before);
      expect(plan.fingerprint).toBe(mixedPlan().fingerprint);
    });
  });
});
