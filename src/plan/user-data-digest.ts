import { createHash } from 'node:crypto';

/**
 * How user data appears anywhere outside the definitions and the cloud: it often holds
 * secrets, so only its hash and size are ever compared, rendered or serialised.
 *
 * @example describeUserData('#!/bin/sh\necho hi\n') // '(sha256:1a2b3c4d5e6f, 18 bytes)'
 */
export function describeUserData(userData: string): string {
  const hex = createHash('sha256').update(userData, 'utf8').digest('hex');
  return `(sha256:${hex.slice(0, 12)}, ${Buffer.byteLength(userData, 'utf8')} bytes)`;
}

/**
 * The old value of a user data change whose only trace is the instance's `qm:user-data` tag
 * (what was written, as a hash; the size is not kept): `(sha256:1a2b3c4d5e6f)`, or undefined
 * for `none`. The same 12 digits as describeUserData of the same text.
 *
 * @example describeUserDataTag('sha256:1a2b3c4d5e6f7a8b') // '(sha256:1a2b3c4d5e6f)'
 */
export function describeUserDataTag(tag: string): string | undefined {
  return tag.startsWith('sha256:') ? `(sha256:${tag.slice(7, 19)})` : undefined;
}

/** The old value of a user data change on an instance whose user data nothing records. */
export const USER_DATA_UNKNOWN = '(unknown: no qm:user-data tag)';

/** Whether a string is already a user data description (so renderers never hash it twice). */
export function isUserDataDescription(value: unknown): boolean {
  return typeof value === 'string' && (value === USER_DATA_UNKNOWN || /^\(sha256:[0-9a-f]{12}(, \d+ bytes)?\)$/.test(value));
}

/** Empty and absent user data are the same thing to EC2. */
export function userDataValue(userData: string | null | undefined): string | undefined {
  return userData ? describeUserData(userData) : undefined;
}
