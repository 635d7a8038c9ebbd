import { describe, expect, it } from 'vitest';
import { batchFeeders, mayWriteInBatch } from '../../src/apply/batch-feeders.js';
import type { PlannedAction } from '../../src/model/plan.js';
import { aGroupSpec, anAlarmSpec, anInstanceSpec, observedGroupOf, observedInstanceOf, planOf } from '../plan/builders.js';

const running = (name: string, over: Parameters<typeof anInstanceSpec>[0] = {}) => {
  const spec = anInstanceSpec({ name, ...over });
  return { spec, live: observedInstanceOf(anInstanceSpec({ name, uuid: spec.uuid }), { state: 'running' }) };
};

function actionOf(plan: { actions: PlannedAction[] }, id: string): PlannedAction {
  const a = plan.actions.find((x) => x.id === id);
  if (!a) throw new Error(`no ${id} in ${plan.actions.map((x) => x.id).join(', ')}`);
  return a;
}

describe('mayWriteInBatch', () => {
  const stop = running('stop-me', { state: 'stopped' });
  const tag = running('tag-me', { tags: { team: 'web' } });
  const group = aGroupSpec({ name: 'web' });
  const plan = planOf(
    [
      stop.spec,
      tag.spec,
      anInstanceSpec({ name: 'launch-running' }),
      anInstanceSpec({ name: 'launch-stopped', state: 'stopped' }),
      anAlarmSpec({ name: 'cpu-high' }),
      { ...group, tags: { team: 'search' } },
      aGroupSpec({ name: 'new-group' }),
    ],
    [stop.live, tag.live, observedGroupOf(group)],
  );

  it.each([
    ['prod/instance/stop-me', true, 'a stop'],
    ['prod/instance/tag-me', true, 'a tag change on an instance'],
    ['prod/instance/launch-stopped', true, 'a launch stopped afterwards'],
    ['prod/instance/launch-running', false, 'a launch left running'],
    ['prod/alarm/cpu-high', false, 'an alarm (one call each)'],
    ['prod/autoscaling-group/web', true, 'a tag change on a group'],
    ['prod/autoscaling-group/new-group', false, 'a group create'],
  ])('%s: %s (%s)', (id, expected) => {
    expect(mayWriteInBatch(actionOf(plan, id))).toBe(expected);
  });
});

describe('batchFeeders', () => {
  it('adds what a batched write depends on, transitively, and leaves out what nothing batched waits for', () => {
    const stop = running('app', { state: 'stopped' });
    const plan = planOf([stop.spec, anAlarmSpec({ name: 'gate' }), anAlarmSpec({ name: 'gate-of-gate' }), anAlarmSpec({ name: 'unrelated' })], [stop.live]);
    actionOf(plan, 'prod/instance/app').dependsOn = ['prod/alarm/gate'];
    actionOf(plan, 'prod/alarm/gate').dependsOn = ['prod/alarm/gate-of-gate'];

    expect([...batchFeeders(plan.actions)].sort()).toEqual(['prod/alarm/gate', 'prod/alarm/gate-of-gate', 'prod/instance/app']);
  });
});
