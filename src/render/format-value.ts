import { describeUserData, isUserDataDescription } from '../plan/index.js';

/**
 * A field value as rendered in a plan: JSON-like, `(none)` when absent. User data is never
 * shown, only its hash and size, even if a plan was built by hand with the raw text.
 *
 * @example formatValue('instance_type', 't3.small') // '"t3.small"'
 * @example formatValue('user_data', '#!/bin/sh ...') // '(sha256:1a2b3c4d5e6f, 12 bytes)'
 */
export function formatValue(field: string, value: unknown): string {
  if (value === undefined || value === null) return '(none)';
  if (isUserDataField(field)) return userDataDescriptionOf(value);
  return JSON.stringify(value) ?? String(value);
}

/**
 * The `(sha256:..., N bytes)` description of a user data value, raw or already described (never
 * hashed twice), so every renderer and the plan file show the same thing.
 *
 * @example userDataDescriptionOf('#!/bin/sh\necho hi\n') // '(sha256:1a2b3c4d5e6f, 18 bytes)'
 */
export function userDataDescriptionOf(value: unknown): string {
  if (isUserDataDescription(value)) return value as string;
  return describeUserData(typeof value === 'string' ? value : JSON.stringify(value));
}

/** `user_data`, `launch_template.user_data`. */
export function isUserDataField(field: string): boolean {
  return field === 'user_data' || field.endsWith('.user_data');
}
