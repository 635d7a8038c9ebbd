import { describe, expect, it } from 'vitest';
import { renderPlanText } from '../../src/render/index.js';
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
});
