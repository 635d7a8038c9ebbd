import type { Membership } from './membership.js';
import { matchesPrincipal } from './membership.js';
import type { PermissionRule, Policy } from './policy.js';

/**
 * Why no permission rule allows something, to follow "alice may not unlock prod: ": the policy
 * file has none that does, or there is no policy file at all (a door's standing policy), which
 * is said as such rather than pointing at a file that is not there.
 *
 * @example `${by} may not unlock ${env}: ${noPermissionReason(policy)}`
 */
export function noPermissionReason(policy: Policy): string {
  if (policy.standing) return `there is no ${policy.file}, so no permission allows it; write one (docs/policy.md)`;
  return `no permission in ${policy.file} allows it`;
}

/**
 * The first permission rule that lets the actor run `command` in `env`, or undefined (deny by default).
 *
 * @example permits(policy, membership, 'scale', 'prod')?.source // { file: 'policy.yml', line: 48, col: 5 }
 */
export function permits(policy: Policy, membership: Membership, command: string, env: string): PermissionRule | undefined {
  return policy.permissions.find(
    (rule) =>
      (rule.commands === '*' || (rule.commands as readonly string[]).includes(command)) &&
      (rule.envs === '*' || rule.envs.includes(env)) &&
      rule.who.some((p) => matchesPrincipal(policy, p, membership)),
  );
}
