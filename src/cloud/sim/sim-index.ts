import { createDueQueue } from './due-queue.js';
import { nextChangeAt } from './instance-lifecycle.js';
import type { SimChanges } from './sim-changes.js';
import type { SimTimings } from './sim-options.js';
import { regionKey, type SimInstance, type SimState } from './sim-state.js';

/**
 * What the sim derives from its fleet to settle it without scanning it: when each instance's
 * next transition is due, the members of each group, and which groups to look at. Never
 * persisted: rebuilt from the state after a load, kept up to date from each call's changes.
 *
 * @example
 * const index = createSimIndex(timings);
 * index.rebuild(state);
 * index.popDue(now); // ids whose transition is due
 */
export interface SimIndex {
  /** Forgets everything and indexes the whole state (a load, a reload, editState). */
  rebuild(state: SimState): void;
  /** Catches up with the instances and groups marked in `changes` since the last absorb. */
  absorb(state: SimState, changes: SimChanges): void;
  /** Re-reads one instance: its due time and its group membership. */
  noteInstance(state: SimState, id: string): void;
  /** Ids whose transition is due at `now`, removed from the queue (noteInstance schedules them again). */
  popDue(now: number): string[];
  /** Members (not terminated) of a group, by regionKey, in launch order. */
  membersOf(state: SimState, groupKey: string): SimInstance[];
  /** Groups to evaluate now: those changed since the last settle, plus those time drives. */
  takeGroupsToEvaluate(): string[];
  /** A group time drives (a refresh, a force delete, a shortfall it could not launch) is evaluated at every settle. */
  setActive(groupKey: string, active: boolean): void;
  /** Clears the flags these groups raised on themselves while being evaluated. */
  evaluated(groupKeys: readonly string[]): void;
  /** Whether settling at `now` would do nothing: no transition due, no group to look at. */
  quietAt(now: number): boolean;
}

export function createSimIndex(timings: SimTimings): SimIndex {
  const due = createDueQueue();
  const memberOf = new Map<string, string>();
  const members = new Map<string, Set<string>>();
  const dirty = new Set<string>();
  const active = new Set<string>();

  const noteInstance = (state: SimState, id: string) => {
    const inst = state.instances.get(id);
    due.schedule(id, inst && nextChangeAt(inst, timings));
    const was = memberOf.get(id);
    const now = inst?.memberOfGroup !== undefined && inst.state !== 'terminated' ? regionKey(inst.region, inst.memberOfGroup) : undefined;
    if (was !== undefined && was !== now) {
      members.get(was)?.delete(id);
      memberOf.delete(id);
      dirty.add(was);
    }
    if (now !== undefined) {
      if (was !== now) {
        let set = members.get(now);
        if (!set) members.set(now, (set = new Set()));
        set.add(id);
        memberOf.set(id, now);
      }
      // Any change of a member (stopped, terminated, launched) may move its group.
      dirty.add(now);
    }
  };

  return {
    rebuild(state) {
      due.clear();
      memberOf.clear();
      members.clear();
      dirty.clear();
      active.clear();
      for (const id of state.instances.keys()) noteInstance(state, id);
      for (const key of state.groups.keys()) dirty.add(key);
    },
    absorb(state, changes) {
      const { instances, groups } = changes.takeUnindexed();
      for (const id of instances) noteInstance(state, id);
      for (const key of groups) dirty.add(key);
    },
    noteInstance,
    popDue: (now) => due.popDue(now),
    membersOf(state, groupKey) {
      const list: SimInstance[] = [];
      for (const id of members.get(groupKey) ?? []) {
        const inst = state.instances.get(id);
        if (inst) list.push(inst);
      }
      return list;
    },
    takeGroupsToEvaluate() {
      const keys = new Set([...dirty, ...active]);
      dirty.clear();
      return [...keys];
    },
    setActive(groupKey, isActive) {
      if (isActive) active.add(groupKey);
      else active.delete(groupKey);
    },
    evaluated(groupKeys) {
      for (const key of groupKeys) dirty.delete(key);
    },
    quietAt(now) {
      const next = due.nextAt();
      return (next === undefined || next > now) && dirty.size === 0 && active.size === 0;
    },
  };
}
