import { describe, expect, it } from 'vitest';
import type { PlannedAction } from '../../src/model/plan.js';
import { MIN_GROUP, groupAlike, type PlanEntry } from '../../src/render/group-alike.js';
import { alikeCreatesPlan, appName, mixedPlan } from './grouped-plan.js';

const changesOf = (actions: readonly PlannedAction[]) => actions.filter((a) => a.type !== 'no-op');

/** `app-0001` for a change on its own, `12×app-0001` for a group. */
function shape(entries: readonly PlanEntry[]): string[] {
  return entries.map((e) => (e.kind === 'one' ? e.action.resource.name : `${e.members.length}×${e.members[0]!.resource.name}`));
}

/** `n` creates alike but for their names, as the real planner makes them. */
function creates(n: number): PlannedAction[] {
  return changesOf(alikeCreatesPlan(n).actions);
}

/** The same actions with `patch` applied to the i-th. */
function withOne(actions: PlannedAction[], i: number, patch: (a: PlannedAction) => PlannedAction): PlannedAction[] {
  return actions.map((a, k) => (k === i ? patch(a) : a));
}

describe('groupAlike', () => {
  it(`lists fewer than ${MIN_GROUP} alike changes one by one, and groups ${MIN_GROUP}`, () => {
    expect(shape(groupAlike(creates(MIN_GROUP - 1)))).toEqual(Array.from({ length: MIN_GROUP - 1 }, (_, i) => appName(i)));
    expect(shape(groupAlike(creates(MIN_GROUP)))).toEqual([`${MIN_GROUP}×app-0001`]);
  });

  it('lists everything one by one, in plan order, when full', () => {
    const actions = creates(25);
    expect(groupAlike(actions, { full: true })).toEqual(actions.map((action) => ({ kind: 'one', action })));
  });

  it.each<[string, (a: PlannedAction) => PlannedAction]>([
    ['a field value', (a) => ({ ...a, changes: a.changes.map((c) => (c.field === 'instance_type' ? { ...c, new: 'm5.xlarge' } : c)) })],
    ['one more field', (a) => ({ ...a, changes: [...a.changes, { field: 'tags.owner', old: undefined, new: 'zoe' }] })],
    ['the cost', (a) => ({ ...a, monthlyCostDelta: a.monthlyCostDelta + 1 })],
    ['the reason', (a) => ({ ...a, reason: `${a.reason} (again)` })],
    ['the kind', (a) => ({ ...a, resource: { ...a.resource, kind: 'alarm' } })],
    ['the environment', (a) => ({ ...a, resource: { ...a.resource, env: 'dev' } })],
    ['having dependencies', (a) => ({ ...a, dependsOn: ['prod/instance/other'] })],
    ['a field the plan gains later', (a) => ({ ...a, unpriced: ['x9.huge'] }) as PlannedAction],
  ])('leaves out of the group a change that differs in %s', (_, patch) => {
    const entries = groupAlike(withOne(creates(12), 5, patch));
    expect(shape(entries)).toEqual(['11×app-0001', 'app-0006']);
  });

  it.each<[string, (a: PlannedAction) => PlannedAction]>([
    ['uuid and physical id', (a) => ({ ...a, resource: { ...a.resource, uuid: 'other-uuid', physicalId: 'i-0other' } })],
    ['which actions it waits for', (a) => ({ ...a, dependsOn: [`prod/instance/${a.resource.name}-disk`] })],
  ])('groups changes that differ only in their identity: %s', (_, patch) => {
    expect(shape(groupAlike(creates(12).map(patch)))).toEqual(['12×app-0001']);
  });

  it('never groups risky changes: downtime, destroys, replacements, rolling refreshes', () => {
    const base = creates(12);
    for (const [type, impact] of [
      ['stop-modify-start', 'downtime'],
      ['delete', 'destructive'],
      ['replace', 'destructive'],
      ['rolling-refresh', 'none'],
      ['update', 'downtime'],
    ] as const) {
      // Without the create's own `name` field, nothing but their identity tells them apart.
      const risky = base.map((a) => ({ ...a, type, impact, changes: a.changes.filter((c) => c.field !== 'name') }));
      expect(shape(groupAlike(risky)), `${type} ${impact}`).toHaveLength(12);
    }
  });

  it('groups alike updates only when they change the same fields from the same values', () => {
    const updates = changesOf(mixedPlan().actions).filter((a) => a.type === 'update');
    expect(updates).toHaveLength(12);
    expect(shape(groupAlike(updates))).toEqual(['12×tagged-01']);
    const otherOld = withOne(updates, 0, (a) => ({ ...a, changes: [{ field: 'tags.team', old: 'data', new: 'platform' }] }));
    expect(shape(groupAlike(otherOld))).toEqual(['tagged-01', '11×tagged-02']);
  });

  it('keeps a rename: a `name` field that is not the resource’s own name is a change the members must share', () => {
    const renamed = withOne(creates(12), 3, (a) => ({ ...a, changes: a.changes.map((c) => (c.field === 'name' ? { ...c, new: 'something-else' } : c)) }));
    expect(shape(groupAlike(renamed))).toEqual(['11×app-0001', 'app-0004']);
  });

  it('puts a group where its first member is and keeps every other change in plan order', () => {
    const mixed = changesOf(mixedPlan().actions).filter((a) => a.resource.env === 'prod');
    const entries = groupAlike(mixed);
    const grouped = new Set(entries.flatMap((e) => (e.kind === 'group' ? e.members : [])));
    const firsts = entries.map((e) => (e.kind === 'one' ? e.action : e.members[0]!));
    // Dropping the grouped members but the first leaves exactly the entries, in plan order.
    expect(firsts).toEqual(mixed.filter((a) => !grouped.has(a) || firsts.includes(a)));
    expect(shape(entries)).toEqual([
      '12×app-0001',
      'cache-new',
      'db',
      'legacy',
      'queue-new',
      ...Array.from({ length: 10 }, (_, i) => `resize-${String(i + 1).padStart(2, '0')}`),
      '12×tagged-01',
    ]);
    // Every change is in exactly one entry.
    expect(entries.reduce((n, e) => n + (e.kind === 'one' ? 1 : e.members.length), 0)).toBe(mixed.length);
  });
});
