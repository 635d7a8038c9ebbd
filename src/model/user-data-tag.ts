import { createHash } from 'node:crypto';
import { TAG_USER_DATA, TAG_UUID } from './identity.js';

/** The `qm:user-data` value of an instance without user data (EC2 spells none as empty). */
export const NO_USER_DATA_TAG = 'none';

const TAG_VALUE = /^sha256:[0-9a-f]{16}$/;

/**
 * The `qm:user-data` tag value for some user data: enough of its sha256 to tell a change,
 * never the text (which may hold secrets).
 *
 * @example userDataTag('#!/bin/sh\necho hi\n') // 'sha256:4f1cbd8c7e5b3a29'
 * @example userDataTag(undefined) // 'none'
 */
export function userDataTag(userData: string | null | undefined): string {
  if (!userData) return NO_USER_DATA_TAG;
  return `sha256:${createHash('sha256').update(userData, 'utf8').digest('hex').slice(0, 16)}`;
}

/**
 * The launch tags with `qm:user-data` added when they are a managed instance's (a `qm:uuid`):
 * what both providers set at RunInstances. Hand-made instances get no qm: tag.
 *
 * @example launchTags({ 'qm:uuid': 'u1' }, undefined) // { 'qm:uuid': 'u1', 'qm:user-data': 'none' }
 */
export function launchTags(tags: Record<string, string>, userData: string | null | undefined): Record<string, string> {
  return tags[TAG_UUID] === undefined ? { ...tags } : { ...tags, [TAG_USER_DATA]: userDataTag(userData) };
}

/** Whether a tag value is one `userDataTag` writes (anything else counts as no tag: unknown). */
export function isUserDataTag(value: string | undefined): value is string {
  return value === NO_USER_DATA_TAG || (value !== undefined && TAG_VALUE.test(value));
}
