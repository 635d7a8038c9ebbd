import { describe, expect, it } from 'vitest';
import type { ResourceSpec } from '../../src/model/resources.js';
import { createPlan, planFingerprint } from '../../src/plan/index.js';
import { envSummaryLine } from '../../src/render/env-summary-line.js';
import { markdownEnvSection } from '../../src/render/markdown-env-section.js';
import { parsePlanJson } from '../../src/render/parse-plan-json.js';
import { renderPlanJson } from '../../src/render/render-plan-json.js';
import { renderPlanMarkdown } from '../../src/render/render-plan-markdown.js';
import { renderPlanText } from '../../src/render/render-plan-text.js';
import { renderPrPlanComment } from '../../src/render/render-pr-plan-comment.js';
import { costOf } from '../../src/render/slack/plan-items.js';
import { NEEDS_APPROVAL, SUMMARY_URL } from '../render/fixtures.js';
import { aGroupSpec, anEnvironment, anInstanceSpec, observedInstanceOf, planInputOf } from './builders.js';

const APPROXIMATE = 'approximate (no price table for sa-east-1; us-east-1 prices used)';

/** The plan of `desired` (env prod) against `observed`, prod living in `region`. */
function planIn(region: string, desired: ResourceSpec[], observed: Parameters<typeof planInputOf>[1] = []) {
  const input = { ...planInputOf(desired, observed), environments: [anEnvironment({ name: 'prod', region })] };
  return { input, plan: createPlan(input) };
}

const web = aGroupSpec({ name: 'web', desiredCapacity: 3, launchTemplate: { ...aGroupSpec().launchTemplate, instanceType: 't3.small' } });
const bastion = anInstanceSpec({ name: 'bastion', instanceType: 't3.small' });

describe('plans price in the environment region', () => {
  it.each([
    // region, the monthly cost of 3 + 1 t3.small (AWS figures: 0.0208/h in us-east-1 and us-west-2, 0.0228 in eu-west-1, 0.024 in eu-central-1, 0.0264 in ap-southeast-2)
    ['us-east-1', 60.73],
    ['us-west-2', 60.73],
    ['eu-west-1', 66.57],
    ['eu-central-1', 70.08],
    ['ap-southeast-2', 77.09],
  ])('creating the same fleet in %s costs %f a month, exactly', (region, cost) => {
    const { plan } = planIn(region, [web, bastion]);
    expect(plan.monthlyCostDelta).toBe(cost);
    expect(plan.pricing).toBeUndefined();
    expect(plan.actions.every((a) => a.unpriced === undefined)).toBe(true);
  });

  it('costs more in Sydney than in Virginia for the same change', () => {
    const up = anInstanceSpec({ name: 'bastion', instanceType: 'm7g.xlarge' });
    const live = observedInstanceOf(anInstanceSpec({ name: 'bastion', instanceType: 'm7g.large' }));
    const sydney = planIn('ap-southeast-2', [up], [live]).plan;
    const virginia = planIn('us-east-1', [up], [live]).plan;
    expect(virginia.monthlyCostDelta).toBe(59.57);
    expect(sydney.monthlyCostDelta).toBeGreaterThan(virginia.monthlyCostDelta);
    expect(sydney.monthlyCostDelta).toBe(74.24);
  });

  it('prices a region without a table with us-east-1 figures and says so', () => {
    const { plan } = planIn('sa-east-1', [web, bastion]);
    expect(plan.monthlyCostDelta).toBe(60.73);
    expect(plan.pricing).toEqual([{ env: 'prod', region: 'sa-east-1', pricedWith: 'us-east-1', unpriced: [], note: APPROXIMATE }]);
  });

  it('keeps the fingerprint a function of the inputs only (the price table is not an input)', () => {
    const { input, plan } = planIn('sa-east-1', [web, bastion]);
    expect(plan.fingerprint).toBe(planFingerprint(input));
    expect(planIn('eu-west-1', [web, bastion]).plan.fingerprint).not.toBe(plan.fingerprint); // the region is a setting
  });
});

describe('instance types outside the catalogue', () => {
  const gpu = anInstanceSpec({ name: 'trainer', instanceType: 'g5.xlarge' });

  it('counts them $0 but marks the action and the environment, never silently', () => {
    const { plan } = planIn('eu-west-1', [gpu, bastion]);
    const action = plan.actions.find((a) => a.resource.name === 'trainer');
    expect(action).toMatchObject({ type: 'create', monthlyCostDelta: 0, unpriced: ['g5.xlarge'] });
    expect(plan.actions.find((a) => a.resource.name === 'bastion')?.unpriced).toBeUndefined();
    expect(plan.pricing).toEqual([
      { env: 'prod', region: 'eu-west-1', pricedWith: 'eu-west-1', unpriced: ['g5.xlarge'], note: "g5.xlarge not priced (outside Quartermaster's price catalogue), counted as $0" },
    ]);
  });

  it('marks a change from a priced type to an unpriced one, and leaves an unchanged one alone', () => {
    const live = observedInstanceOf(bastion);
    const changed = planIn('us-east-1', [{ ...bastion, instanceType: 'p4d.24xlarge' }], [live]).plan;
    expect(changed.actions[0]).toMatchObject({ type: 'stop-modify-start', monthlyCostDelta: -15.18, unpriced: ['p4d.24xlarge'] });
    const same = planIn('us-east-1', [gpu], [observedInstanceOf(gpu)]).plan;
    expect(same.actions[0]?.type).toBe('no-op');
    expect(same.pricing).toBeUndefined();
  });

  it('says both things when both apply', () => {
    expect(planIn('sa-east-1', [gpu]).plan.pricing?.[0]?.note).toBe(`${APPROXIMATE}; g5.xlarge not priced (outside Quartermaster's price catalogue), counted as $0`);
  });
});

describe('every rendering says when the cost is approximate', () => {
  const { plan } = planIn('sa-east-1', [web, { ...bastion, instanceType: 'g5.xlarge' }]);

  it.each([
    ['text', () => renderPlanText(plan, { color: false })],
    ['markdown', () => renderPlanMarkdown(plan)],
    ['JSON', () => renderPlanJson(plan)],
    ['the environment summary line', () => envSummaryLine(plan, 'prod')],
    ['the environment section', () => markdownEnvSection('prod', plan).render()],
    ['the PR comment', () => renderPrPlanComment({ key: 'infra:prod', plan, gate: NEEDS_APPROVAL, summaryUrl: SUMMARY_URL })],
    ['Slack', () => costOf(plan)],
  ])('%s', (_name, render) => {
    const out = render();
    expect(out).toContain(APPROXIMATE);
    expect(out).toContain('g5.xlarge not priced');
  });

  it('names the unpriced type on its action line', () => {
    expect(renderPlanText(plan, { color: false })).toContain('impact: none · cost: $0.00/month (g5.xlarge not priced)');
  });

  it('reads the pricing back from the plan file, and refuses a malformed one', () => {
    expect(parsePlanJson(renderPlanJson(plan)).pricing).toEqual(plan.pricing);
    const broken = JSON.parse(renderPlanJson(plan)) as Record<string, unknown>;
    broken.pricing = [{ env: 'prod', note: 3 }];
    expect(() => parsePlanJson(JSON.stringify(broken))).toThrow(/pricing\[0\]\.region must be a string.*pricing\[0\]\.note must be a string/);
  });

  it('says nothing extra for a plan priced exactly', () => {
    const exact = planIn('eu-west-1', [web]).plan;
    expect(renderPlanText(exact, { color: false })).not.toMatch(/approximate|not priced/);
    expect(renderPlanMarkdown(exact)).not.toMatch(/approximate|not priced/);
    expect(renderPlanJson(exact)).not.toContain('"pricing"');
  });
});
