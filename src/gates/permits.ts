import type { Membership } from './membership.js';
import { matchesPrincipal } from './membership.js';
import type { PermissionRule, Policy } from './policy.js';

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
