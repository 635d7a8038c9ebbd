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

/** Whether a string is already a user data description (so renderers never hash it twice). */
export function isUserDataDescription(value: unknown): boolean {
  return typeof value === 'string' && /^\(sha256:[0-9a-f]{12}, \d+ bytes\)$/.test(value);
}

/** Empty and absent user data are the same thing to EC2. */
export function userDataValue(userData: string | null | undefined): string | undefined {
  return userData ? describeUserData(userData) : undefined;
}
