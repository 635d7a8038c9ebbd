import { describe, expect, it } from 'vitest';
import { driftOf } from '../../src/engine/drift.js';
import { renderDriftText } from '../../src/render/drift-text.js';
import { representativePlan } from '../render/representative-plan.js';

describe('driftOf', () => {
  it('reports changes and unknown resources as drift, and resources never created apart, as not yet applied', () => {
    const plan = representativePlan();
    const report = driftOf(plan);
    const creates = plan.actions.filter((a) => a.type === 'create');
    expect(creates.length).toBeGreaterThan(0);
    expect(report.notApplied).toEqual(creates.map((a) => ({ env: a.resource.env, kind: a.resource.kind, name: a.resource.name })));
    expect(report.items.every((i) => i.state === 'changed')).toBe(true);
    expect(report.items.map((i) => i.name)).not.toContain(creates[0]!.resource.name);
    expect(report.hasDrift).toBe(true);
  });

  it('a fresh environment (only creates) has not drifted', () => {
    const plan = representativePlan();
    const fresh = { ...plan, actions: plan.actions.filter((a) => a.type === 'create'), notices: [] };
    const report = driftOf(fresh);
    expect(report).toMatchObject({ items: [], notices: [], hasDrift: false });
    expect(report.notApplied).toHaveLength(fresh.actions.length);
    const text = renderDriftText(report, { color: false });
    expect(text).toMatch(/^No drift in .*: nothing was changed outside Quartermaster\.\nNot yet applied \(run qm apply\): \d+ resources? defined but not in the cloud; not drift\.\n/);
  });
});
