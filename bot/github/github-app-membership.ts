import type { Logger } from 'pino';
import { createGitHubMembership } from '../../actions/shared/github-membership.js';
import type { MembershipResolver } from '../../src/gates/index.js';
import { parsePrincipal } from '../../src/gates/principal.js';
import { AppNotInstalledError, type AppInstallations } from './app-installations.js';
import { httpStatusOf } from './github-request.js';

/**
 * GitHub team membership for the gate, asked as the App's installation on each team's
 * organisation (the App needs the organisation permission "Members: read"). The logic is the
 * actions' (actions/shared/github-membership.ts: the login is checked against the numeric id
 * first, so a freed and reused login gets no rights); only the calls differ.
 *
 * A team in an organisation where the App is not installed has no members here (logged, so
 * the configuration can be fixed); any other failure throws, since a refusal must not hide an
 * outage.
 *
 * @example const membership = createGitHubAppMembership(installations, log);
 */
export function createGitHubAppMembership(installations: Pick<AppInstallations, 'forOrg'>, log: Pick<Logger, 'warn'>): MembershipResolver {
  // Said once per organisation, not at every decision.
  const warned = new Set<string>();
  const warnOnce = (key: string, obj: object, msg: string): void => {
    if (warned.has(key)) return;
    warned.add(key);
    log.warn(obj, msg);
  };
  return {
    async memberOf(actor, groups) {
      const orgs = [
        ...new Set(
          groups.flatMap((g) => {
            const p = parsePrincipal(g);
            return p?.kind === 'github-team' ? [p.org] : [];
          }),
        ),
      ];
      if (orgs.length === 0) return [];
      const client = {
        async teamMember(org: string, teamSlug: string, login: string): Promise<boolean> {
          try {
            const { data } = await installations.forOrg(org)('GET /orgs/{org}/teams/{team_slug}/memberships/{username}', { org, team_slug: teamSlug, username: login });
            return (data as { state?: string }).state === 'active';
          } catch (e) {
            if (httpStatusOf(e) === 404) return false;
            if (e instanceof AppNotInstalledError) {
              warnOnce(`${org}/${teamSlug}`, { org, team: teamSlug }, `policy.yml names github-team:${org}/${teamSlug}, but ${e.message}; its members get no rights from it`);
              return false;
            }
            throw e;
          }
        },
        async user(login: string): Promise<{ login: string; id: number } | undefined> {
          // Asked of the first organisation of the policy's teams where the App is installed.
          for (const org of orgs) {
            try {
              const { data } = await installations.forOrg(org)('GET /users/{username}', { username: login });
              const u = data as { login: string; id: number };
              return { login: u.login, id: u.id };
            } catch (e) {
              if (httpStatusOf(e) === 404) return undefined;
              if (!(e instanceof AppNotInstalledError)) throw e;
            }
          }
          warnOnce(orgs.join(','), { orgs }, `policy.yml names teams of ${orgs.join(', ')}, but the GitHub App is installed in none of them; nobody gets rights from those teams`);
          return undefined;
        },
      };
      return createGitHubMembership(client).memberOf(actor, groups);
    },
  };
}
