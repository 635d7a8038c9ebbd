import type { FieldChange, PlannedAction } from '../model/plan.js';

/**
 * Fewest alike changes shown as one group. Below it every change is listed as before: a plan
 * adding a handful of servers is read line by line in review, where each name matters and the
 * repeated fields cost a screen or two at most; from ten on, the repetition is what buries the
 * changes that differ (10 alike creates are ~160 lines).
 */
export const MIN_GROUP = 10;

/** One item of a rendered list of changes: a change on its own, or changes alike but for their names. */
export type PlanEntry = { kind: 'one'; action: PlannedAction } | { kind: 'group'; members: readonly PlannedAction[] };

export interface GroupOptions {
  /** List every change on its own (`qm plan --full`). */
  full?: boolean;
}

/**
 * The changes of a plan as entries, alike ones grouped: creates and updates of the same kind
 * in the same environment whose field changes, cost, impact and reason are the same but for
 * the resource's identity (its name, uuid, physical id, the `name` field of a create, and
 * which actions it waits for). Only changes without risk are grouped: downtime, destroys,
 * replacements and rolling refreshes are always listed one by one. A group stands where its
 * first member stands; every other change keeps its plan order.
 *
 * @example groupAlike(changes) // [{ kind: 'group', members: [9,800 creates] }, { kind: 'one', action: resize }]
 */
export function groupAlike(actions: readonly PlannedAction[], opts: GroupOptions = {}): PlanEntry[] {
  if (opts.full) return actions.map((action) => ({ kind: 'one', action }));
  const keys = actions.map((a) => (isGroupable(a) ? alikeKey(a) : undefined));
  const byKey = new Map<string, PlannedAction[]>();
  actions.forEach((a, i) => {
    const key = keys[i];
    if (key === undefined) return;
    const members = byKey.get(key);
    if (members) members.push(a);
    else byKey.set(key, [a]);
  });
  const out: PlanEntry[] = [];
  actions.forEach((action, i) => {
    const members = keys[i] === undefined ? undefined : byKey.get(keys[i]);
    if (!members || members.length < MIN_GROUP) out.push({ kind: 'one', action });
    else if (members[0] === action) out.push({ kind: 'group', members });
  });
  return out;
}

/**
 * The line under a plan that groups, saying how to see each change.
 *
 * @example groupedNote('`qm plan --full`') // 'Changes alike but for their names are grouped when 10 or more; `qm plan --full` lists each one.'
 */
export function groupedNote(fullCommand: string): string {
  return `Changes alike but for their names are grouped when ${MIN_GROUP} or more; ${fullCommand} lists each one.`;
}

/** The action an entry is shown by: itself, or a group's first member. */
export function firstOf(e: PlanEntry): PlannedAction {
  return e.kind === 'one' ? e.action : e.members[0]!;
}

/** How many changes an entry stands for. */
export function sizeOf(e: PlanEntry): number {
  return e.kind === 'one' ? 1 : e.members.length;
}

/**
 * The changes a group's members share: all but the `name` field of a create, which only
 * repeats the resource's own name (a rename, an update of `name`, is kept: it is a change).
 */
export function sharedChanges(a: PlannedAction): FieldChange[] {
  return a.changes.filter((c) => !(a.type === 'create' && c.field === 'name' && c.new === a.resource.name));
}

/** Creates and updates that stop, destroy or replace nothing. */
function isGroupable(a: PlannedAction): boolean {
  return (a.type === 'create' || a.type === 'update') && a.impact === 'none';
}

function alikeKey(a: PlannedAction): string {
  // Everything the renderers show but the identity: type, impact, cost, reason and whatever an
  // action gains later. `desired` and `observed` are left out: they hold the identity again and
  // the definition's file position, never rendered; what they hold that differs is in `changes`.
  // Dependencies are identities too (each alarm waits for its own instance); whether there are any is not.
  const { id: _id, resource, dependsOn, desired: _desired, observed: _observed, changes: _changes, ...rest } = a;
  return JSON.stringify([resource.env, resource.kind, rest, dependsOn.length > 0, sharedChanges(a).map((c) => [c.field, c.old, c.new])]);
}
