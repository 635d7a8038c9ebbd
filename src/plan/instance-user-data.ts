import { TAG_USER_DATA } from '../model/identity.js';
import type { ObservedInstance } from '../model/observed.js';
import type { FieldChange, PlanNotice } from '../model/plan.js';
import type { InstanceSpec } from '../model/resources.js';
import { isUserDataTag, userDataTag } from '../model/user-data-tag.js';
import { describeUserDataTag, USER_DATA_UNKNOWN, userDataValue } from './user-data-digest.js';

/**
 * What a plan knows of a live instance's user data. `read`: the provider read it back (the
 * field set compares it). `tagged`: its `qm:user-data` tag, which every write of user data sets
 * (the AWS way: tags come back in the batched describe, user data does not). `unknown`: neither,
 * an instance launched before the tag existed; never taken for unchanged, the plan says so.
 */
export type UserDataKnowledge = { kind: 'read' } | { kind: 'tagged'; tag: string } | { kind: 'unknown' };

/** @example userDataKnowledge(observed) // { kind: 'tagged', tag: 'sha256:1a2b3c4d5e6f7a8b' } */
export function userDataKnowledge(observed: ObservedInstance): UserDataKnowledge {
  if (observed.userData !== undefined) return { kind: 'read' };
  const tag = observed.tags[TAG_USER_DATA];
  return isUserDataTag(tag) ? { kind: 'tagged', tag } : { kind: 'unknown' };
}

/**
 * The `user_data` change a tag reveals: old is the tag's hash, new the definition's description.
 *
 * @example taggedUserDataChange(spec, 'none') // { field: 'user_data', old: undefined, new: '(sha256:..., 18 bytes)' }
 */
export function taggedUserDataChange(spec: InstanceSpec, tag: string): FieldChange | undefined {
  if (userDataTag(spec.userData) === tag) return undefined;
  return { field: 'user_data', old: describeUserDataTag(tag), new: userDataValue(spec.userData) };
}

/** The `user_data` write added to a change that has the instance stopped anyway, when its user data is unknown. */
export function unknownUserDataChange(spec: InstanceSpec): FieldChange {
  return { field: 'user_data', old: USER_DATA_UNKNOWN, new: userDataValue(spec.userData) };
}

/** `changes` with one more, kept in field order as diffFieldSets lists them. */
export function withChange(changes: readonly FieldChange[], change: FieldChange): FieldChange[] {
  return [...changes, change].sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
}

/**
 * The notice for a matched instance whose user data is unknown: a plan never calls it unchanged
 * silently. `written`: this plan's action writes it (the instance is stopped for another change).
 *
 * @example unknownUserDataNotice(spec, observed, false).message // 'user data of prod/bastion is unknown (...); the next change that stops it will write it'
 */
export function unknownUserDataNotice(spec: InstanceSpec, observed: ObservedInstance, written: boolean): PlanNotice {
  const what = `user data of ${spec.env}/${spec.name} is unknown (no ${TAG_USER_DATA} tag: created before this version)`;
  return {
    level: 'info',
    env: spec.env,
    kind: 'instance',
    physicalId: observed.id,
    name: spec.name,
    message: written ? `${what}; this plan writes it while the instance is stopped` : `${what}; the next change that stops it will write it`,
  };
}
