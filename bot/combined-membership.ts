import type { MembershipResolver } from '../src/gates/index.js';

/** A MembershipResolver asking every door's resolver, added as the doors start. */
export interface CombinedMembership extends MembershipResolver {
  add(resolver: MembershipResolver): void;
}

/**
 * Membership across doors: Slack user groups asked of Slack, GitHub teams of GitHub. The engine
 * is built before the doors (they need it), so their resolvers are added afterwards. A fault
 * of any resolver throws: a refusal must not hide an outage.
 *
 * @example const membership = createCombinedMembership(); const engine = createBotEngine({ ..., membership }); membership.add(github.membership);
 */
export function createCombinedMembership(): CombinedMembership {
  const resolvers: MembershipResolver[] = [];
  return {
    add: (r) => void resolvers.push(r),
    async memberOf(actor, groups) {
      const answers = await Promise.all(resolvers.map((r) => r.memberOf(actor, groups)));
      return [...new Set(answers.flat())].filter((g) => groups.includes(g));
    },
  };
}
