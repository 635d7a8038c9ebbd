import type { FieldChange } from '../model/plan.js';
import type { RootVolume } from '../model/resources.js';
import { TAG_NAME } from '../model/identity.js';
import { createKeyOrderMemo, isSortedKeys } from './key-order.js';

/**
 * A resource seen as flat, comparable fields in the definition's terms (`instance_type`,
 * `launch_template.ami`, `tags.team`), so desired and observed compare key by key.
 */
export interface FieldSet {
  /** An undefined value is no value: the field is not set on this side (and is not printed). */
  values: Record<string, unknown>;
  /**
   * Fields this side does not pin or cannot tell: never compared. An entry ending in `.` is a
   * prefix (`root_volume.`). Desired sides ignore what the definition leaves to AWS (an unset
   * desired capacity); observed sides ignore what the provider cannot read (instance user data).
   */
  ignore: string[];
}

export function emptyFieldSet(): FieldSet {
  return { values: {}, ignore: [] };
}

/** Lists whose order AWS does not keep or does not care about (a copy; sorted only when it is not). */
export function sortedList(xs: readonly string[]): string[] {
  return isSortedKeys(xs) ? xs.slice() : xs.slice().sort();
}

/** A tag set's user tags in key order, with their field names: worked out once per key sequence. */
const userTags = createKeyOrderMemo((sorted) => {
  const keys = sorted.filter((k) => !isReservedTag(k));
  return { keys, fields: keys.map((k) => `tags.${k}`) };
});

/** `tags.<key>` for every user tag: identity (`qm:`) and AWS-reserved (`aws:`) keys are not the user's. */
export function addTagFields(into: FieldSet, tags: Record<string, string>): void {
  const { keys, fields } = userTags.of(tags);
  // Indexed loops on the per-resource paths: cold code allocates an iterator for a for-of.
  for (let i = 0; i < keys.length; i++) into.values[fields[i] as string] = tags[keys[i] as string];
}

/** Identity (`qm:`) and AWS-reserved (`aws:`) tag keys. */
export function isReservedTag(key: string): boolean {
  return key.startsWith('qm:') || key.startsWith('aws:');
}

/** The name a live resource carries (its `qm:name` tag). */
export function observedName(tags: Record<string, string>): string | undefined {
  return tags[TAG_NAME];
}

/** `root_volume.*` fields; an absent volume (unknown, or left to the AMI) is ignored as a whole. */
export function addRootVolumeFields(into: FieldSet, prefix: string, rv: RootVolume | undefined, ignoreUnsetIops: boolean): void {
  if (!rv) {
    into.ignore.push(`${prefix}root_volume.`);
    return;
  }
  into.values[`${prefix}root_volume.size_gib`] = rv.sizeGiB;
  into.values[`${prefix}root_volume.type`] = rv.volumeType;
  into.values[`${prefix}root_volume.encrypted`] = rv.encrypted;
  // gp3/io volumes report a default IOPS the definition need not state.
  if (rv.iops !== undefined) into.values[`${prefix}root_volume.iops`] = rv.iops;
  else if (ignoreUnsetIops) into.ignore.push(`${prefix}root_volume.iops`);
}

export function setIf(into: FieldSet, field: string, value: unknown): void {
  if (value !== undefined) into.values[field] = value;
}

function ignored(field: string, ignore: readonly string[]): boolean {
  for (let i = 0; i < ignore.length; i++) {
    const p = ignore[i] as string;
    if (p.endsWith('.') ? field.startsWith(p) : field === p) return true;
  }
  return false;
}

/**
 * Field-level changes from `observed` to `desired`, sorted by field; a field either side
 * ignores is skipped. Pass an empty observed set for a create.
 *
 * @example diffFieldSets(desiredFields, observedFields) // [{ field: 'instance_type', old: 't3.small', new: 't3.large' }]
 */
export function diffFieldSets(desired: FieldSet, observed: FieldSet): FieldChange[] {
  const changes: FieldChange[] = [];
  const want = desired.values;
  const have = observed.values;
  // Every field once: the desired ones, then those only observed. Only the (few) changes are
  // sorted, which lists them as sorting every field first would. Values are compared before
  // the ignore lists are looked at: most fields are equal, and an equal field is no change
  // whether or not it is ignored. (Plain loops, no helpers per field: a plan runs this code
  // cold, mostly interpreted, where every call counts.)
  for (const field in want) {
    const v = want[field];
    if (v !== have[field] && !sameValue(have[field], v)) addChange(changes, field, desired, observed);
  }
  for (const field in have) {
    if (!Object.hasOwn(want, field) && !sameValue(have[field], undefined)) addChange(changes, field, desired, observed);
  }
  if (changes.length > 1) changes.sort((a, b) => (a.field < b.field ? -1 : 1));
  return changes;
}

/** Records a field whose values differ, unless either side ignores it. */
function addChange(changes: FieldChange[], field: string, desired: FieldSet, observed: FieldSet): void {
  if (ignored(field, desired.ignore) || ignored(field, observed.ignore)) return;
  changes.push({ field, old: observed.values[field], new: desired.values[field] });
}

/**
 * An empty list and no list are the same setting (`ok_actions: []`), so a create does not list
 * it. Lists compare element by element. (Plain loops: a closure per comparison made this tiny
 * function one of the costliest for the optimising compiler, on every plan.)
 */
function sameValue(a: unknown, b: unknown): boolean {
  const aList = Array.isArray(a);
  const bList = Array.isArray(b);
  if (!aList && !bList) return a === b;
  const aEmpty = aList && (a as unknown[]).length === 0;
  const bEmpty = bList && (b as unknown[]).length === 0;
  if (aEmpty || bEmpty) return (a === undefined || aEmpty) && (b === undefined || bEmpty);
  if (!aList || !bList || (a as unknown[]).length !== (b as unknown[]).length) return false;
  for (let i = 0; i < (a as unknown[]).length; i++) if (!sameValue((a as unknown[])[i], (b as unknown[])[i])) return false;
  return true;
}
