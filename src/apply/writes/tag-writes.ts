import { TAG_NAME } from '../../model/identity.js';
import type { FieldChange } from '../../model/plan.js';
import type { ResourceSpec } from '../../model/resources.js';

export interface TagWrites {
  set: Record<string, string>;
  remove: string[];
}

/** Whether a planned change is about tags: `tags.<key>`, or `name` (the `qm:name` tag). */
export function isTagField(field: string): boolean {
  return field === 'name' || field.startsWith('tags.');
}

/**
 * The tag writes for a resource's planned `name` and `tags.<key>` changes, values taken from
 * the desired spec (a rename rewrites `qm:name`; a tag gone from the definition is removed).
 *
 * @example tagWrites([{ field: 'tags.team', old: 'a', new: 'b' }], web) // { set: { team: 'b' }, remove: [] }
 */
export function tagWrites(changes: readonly FieldChange[], desired: ResourceSpec): TagWrites {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const { field } of changes) {
    if (field === 'name') set[TAG_NAME] = desired.name;
    if (!field.startsWith('tags.')) continue;
    const key = field.slice('tags.'.length);
    const value = desired.tags[key];
    if (value === undefined) remove.push(key);
    else set[key] = value;
  }
  return { set, remove };
}

export function hasTagWrites(w: TagWrites): boolean {
  return Object.keys(w.set).length > 0 || w.remove.length > 0;
}
