import { describe, expect, it } from 'vitest';
import { measureCapacityChange } from '../../src/gates/capacity-change.js';
import { groupAction, instanceAction, makePlan } from './plan-fixtures.js';

describe('measureCapacityChange', () => {
  it.each([
    ['desired 4 -> 8', { from: 4, to: 8 }, { from: 4, to: 8, percent: 100 }],
    ['desired 4 -> 1', { from: 4, to: 1 }, { from: 4, to: 1, percent: 75 }],
    ['desired 0 -> 3 (start)', { from: 0, to: 3 }, { from: 0, to: 3, percent: 100 }],
    ['desired 3 -> 4', { from: 3, to: 4 }, { from: 3, to: 4, percent: 33.3 }],
    ['no desired; min 5 forces 2 -> 5', { from: 2, min: 5, max: 10, type: 'update' as const }, { from: 2, to: 5, percent: 150 }],
    ['no desired; max 3 forces 6 -> 3', { from: 6, min: 1, max: 3, type: 'update' as const }, { from: 6, to: 3, percent: 50 }],
    ['delete', { from: 3, type: 'delete' as const }, { from: 3, to: 0, percent: 100 }],
  ])('%s', (_name, opts, expected) => {
    const c = measureCapacityChange(makePlan([groupAction('prod', 'web', opts)]));
    expect(c.groups).toEqual([{ env: 'prod', name: 'web', actionId: 'prod/autoscaling-group/web', ...expected }]);
  });

  it.each([
    ['no change', { from: 4, to: 4 }],
    ['no desired, within min/max', { from: 4, min: 1, max: 10, type: 'update' as const }],
    ['rolling refresh', { from: 4, type: 'rolling-refresh' as const }],
  ])('no group change: %s', (_name, opts) => {
    expect(measureCapacityChange(makePlan([groupAction('prod', 'web', opts)])).groups).toEqual([]);
  });

  it('counts the running capacity of an environment and what goes down at once', () => {
    const plan = makePlan([
      instanceAction('prod', 'a', { type: 'stop-modify-start', impact: 'downtime' }),
      instanceAction('prod', 'b', { type: 'update', desiredState: 'stopped' }),
      instanceAction('prod', 'c', { type: 'update' }),
      instanceAction('prod', 'd', { type: 'replace', impact: 'destructive' }),
      instanceAction('prod', 'e', { observedState: 'stopped', type: 'update', desiredState: 'stopped' }),
      instanceAction('prod', 'f', { type: 'create' }),
      groupAction('prod', 'web', { from: 6, to: 4 }),
      groupAction('prod', 'api', { from: 2, to: 5 }),
      instanceAction('dev', 'x', {}),
    ]);
    const c = measureCapacityChange(plan);
    // prod running: a, b, c, d (4 instances) + web 6 + api 2 = 12; down: a, b, d + 2 of web = 5.
    expect(c.envs).toEqual([
      { env: 'dev', running: 1, affected: 0, percent: 0, actionIds: [] },
      { env: 'prod', running: 12, affected: 5, percent: 41.7, actionIds: ['prod/instance/a', 'prod/instance/b', 'prod/instance/d', 'prod/autoscaling-group/web'] },
    ]);
  });
});
