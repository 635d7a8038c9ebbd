import { POLICY_FILE, type Policy } from '../../gates/index.js';

/** What `qm validate` and `qm policy check` say when the repository has no policy.yml. */
export const NO_POLICY_MESSAGE = `no ${POLICY_FILE}: the command line is not gated; chat and pull-request doors refuse every change until you write one (docs/policy.md)`;

/**
 * One line about the policy: `policy.yml: 5 people, 2 groups, 5 permissions, 5 approval rules`.
 *
 * @example describePolicy(policy, true)
 */
export function describePolicy(policy: Policy, found: boolean): string {
  if (!found) return NO_POLICY_MESSAGE;
  const n = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;
  return `${policy.file}: ${n(policy.people.size, 'person', 'people')}, ${n(policy.groups.size, 'group', 'groups')}, ${n(policy.permissions.length, 'permission', 'permissions')}, ${n(policy.approvals.length, 'approval rule', 'approval rules')}`;
}
