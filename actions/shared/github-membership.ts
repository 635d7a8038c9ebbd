import type { MembershipResolver } from '../../src/gates/membership.js';
import { parsePrincipal, parseUser } from '../../src/gates/principal.js';
import type { GitHubClient } from './github-client.js';

/**
 * Team membership asked of GitHub, for the gate (src/gates/membership.ts): which of the
 * `github-team:org/team` groups a `github:login#id` actor belongs to now. Slack groups and
 * non-GitHub actors are never members here (the Slack door answers for those).
 *
 * The login is checked against the numeric id first: a login freed by a rename can be taken by
 * someone else, and team membership is asked by login. A login that now belongs to another
 * account (or to none) is in no team.
 *
 * @example
 * const membership = createGitHubMembership(createGitHubClient({ token, apiUrl, owner, repo }));
 * await membership.memberOf('github:alice-ops#583231', ['github-team:acme/sre']) // ['github-team:acme/sre']
 */
export function createGitHubMembership(client: Pick<GitHubClient, 'teamMember' | 'user'>): MembershipResolver {
  return {
    async memberOf(actor, groups) {
      const user = parseUser(actor);
      if (user?.kind !== 'github-user') return [];
      const teams = groups.flatMap((g) => {
        const p = parsePrincipal(g);
        return p?.kind === 'github-team' ? [{ group: g, org: p.org, team: p.team }] : [];
      });
      if (teams.length === 0) return [];
      const account = await client.user(user.login);
      if (account?.id !== user.id) return [];
      const answers = await Promise.all(teams.map(async (t) => ((await client.teamMember(t.org, t.team, account.login)) ? t.group : undefined)));
      return [...new Set(answers.filter((g): g is string => g !== undefined))];
    },
  };
}
