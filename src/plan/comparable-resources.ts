import type { ObservedAlarm, ObservedGroup, ObservedInstance } from '../model/observed.js';
import { observedAlarmFields } from './alarm-fields.js';
import { isReservedTag, type FieldSet } from './field-set.js';
import { createKeyOrderMemo } from './key-order.js';
import { isGroupBeingDeleted } from './group-state.js';
import { observedGroupFields } from './group-fields.js';
import { observedInstanceFields } from './instance-fields.js';

/**
 * The projection of a live resource that can change a plan: its physical id, its identity
 * tags and the fields the differ compares. Used by the fingerprint. Built deterministically
 * (fixed key order, sorted tags and lists), so equal resources serialise to equal JSON
 * without a key-sorting pass.
 */
export interface Comparable {
  id: string;
  identity: Record<string, string>;
  fields: FieldSet;
}

export function instanceComparable(i: ObservedInstance): Comparable {
  return { id: i.id, identity: identityTags(i.tags), fields: observedInstanceFields(i) };
}

export function groupComparable(g: ObservedGroup, capacityCounts: boolean): Comparable & { name: string; deleting: boolean } {
  const fields = observedGroupFields(g);
  if (!capacityCounts) delete fields.values.desired_capacity;
  return { id: g.name, name: g.name, identity: identityTags(g.tags), fields, deleting: isGroupBeingDeleted(g) };
}

export function alarmComparable(a: ObservedAlarm): Comparable & { name: string } {
  return { id: a.name, name: a.name, identity: identityTags(a.tags), fields: observedAlarmFields(a) };
}

/** A tag set's reserved keys in order, worked out once per key sequence. */
const identityKeys = createKeyOrderMemo((sorted) => sorted.filter(isReservedTag));

/** qm: tags decide matching and notices; aws:autoscaling:groupName decides membership. */
function identityTags(tags: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const keys = identityKeys.of(tags);
  for (let i = 0; i < keys.length; i++) out[keys[i] as string] = tags[keys[i] as string] as string;
  return out;
}
