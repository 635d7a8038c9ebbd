/**
 * How a managed AWS resource is recognised. Resources without all three tags are never
 * touched, only reported.
 */
export const TAG_ENV = 'qm:env';
export const TAG_NAME = 'qm:name';
export const TAG_UUID = 'qm:uuid';
export const MANAGED_TAG_KEYS = [TAG_ENV, TAG_NAME, TAG_UUID] as const;

/**
 * Set by apply on an instance about to be replaced, before its replacement is launched. If a
 * crash leaves both alive (same qm:uuid), the marked one is the leftover to terminate.
 */
export const TAG_SUPERSEDED = 'qm:superseded';

/**
 * The hash of an instance's user data, written by the provider wherever it writes user data
 * (launch, modify): `sha256:<first 16 hex digits>`, or `none`. EC2 returns user data only per
 * instance, but tags come back in the batched DescribeInstances, so this is how a plan sees a
 * user data change. Never the user data itself. See user-data-tag.ts.
 */
export const TAG_USER_DATA = 'qm:user-data';

/** AWS adds this to instances launched by an Auto Scaling group; such instances belong to the group. */
export const TAG_AWS_GROUP = 'aws:autoscaling:groupName';

export interface ResourceIdentity {
  env: string;
  name: string;
  uuid: string;
}

/** The identity carried by a set of tags, or undefined when any qm: tag is missing. */
export function identityFromTags(tags: Record<string, string>): ResourceIdentity | undefined {
  const env = tags[TAG_ENV];
  const name = tags[TAG_NAME];
  const uuid = tags[TAG_UUID];
  if (!env || !name || !uuid) return undefined;
  return { env, name, uuid };
}

/** The tags a managed resource carries: its own tags plus the identity tags (identity wins). */
export function managedTags(tags: Record<string, string>, id: ResourceIdentity): Record<string, string> {
  return { ...tags, [TAG_ENV]: id.env, [TAG_NAME]: id.name, [TAG_UUID]: id.uuid };
}

/**
 * The AWS name given to a group or an alarm when it is created: `prod-web`.
 * It never changes afterwards (AWS cannot rename either); a rename in the definitions only
 * changes the `qm:name` tag, because the match is by `qm:uuid`.
 */
export function physicalName(env: string, name: string): string {
  return `${env}-${name}`;
}
