import type { Probot } from 'probot';
import { httpStatusOf, type GitHubRequest } from './github-request.js';

/**
 * The GitHub App's view of where it is installed: request functions acting as its installation
 * on a repository or an organisation (for the definitions repository, team membership, and
 * announcements outside a webhook), and its own login. Installation ids are looked up once and
 * kept; tokens are probot's to cache and renew.
 */
export interface AppInstallations {
  /** The login the app's comments carry (`quartermaster[bot]`): the only author whose comments the door trusts. */
  appLogin(): Promise<string>;
  forRepo(owner: string, repo: string): GitHubRequest;
  forOrg(org: string): GitHubRequest;
}

/** The app is not installed where it was asked to act; configuration, not an outage. */
export class AppNotInstalledError extends Error {
  constructor(readonly where: string) {
    super(`the GitHub App is not installed on ${where}: install it there (its settings, "Install App")`);
    this.name = 'AppNotInstalledError';
  }
}

type AppAuth = Pick<Probot, 'auth'>;

/** @example const installations = createAppInstallations(probot); await installations.forRepo('acme', 'fleet')('GET /repos/{owner}/{repo}', { owner: 'acme', repo: 'fleet' }); */
export function createAppInstallations(probot: AppAuth): AppInstallations {
  const ids = new Map<string, Promise<number>>();
  let login: Promise<string> | undefined;

  const installationId = (key: string, route: string, params: Record<string, string>): Promise<number> => {
    let id = ids.get(key);
    if (!id) {
      id = (async () => {
        try {
          const app = await probot.auth();
          const { data } = await app.request(route, params);
          return (data as { id: number }).id;
        } catch (e) {
          if (httpStatusOf(e) === 404) throw new AppNotInstalledError(key);
          throw e;
        }
      })();
      // A failed lookup is asked again next time (the app may be installed meanwhile).
      id.catch(() => ids.delete(key));
      ids.set(key, id);
    }
    return id;
  };

  const acting =
    (key: string, route: string, params: Record<string, string>): GitHubRequest =>
    async (r, p) => {
      const octokit = await probot.auth(await installationId(key, route, params));
      return octokit.request(r, p);
    };

  return {
    appLogin: () =>
      (login ??= (async () => {
        const app = await probot.auth();
        const { data } = await app.request('GET /app');
        return `${(data as { slug: string }).slug}[bot]`;
      })().catch((e: unknown) => {
        login = undefined;
        throw e;
      })),
    forRepo: (owner, repo) => acting(`${owner}/${repo}`.toLowerCase(), 'GET /repos/{owner}/{repo}/installation', { owner, repo }),
    forOrg: (org) => acting(org.toLowerCase(), 'GET /orgs/{org}/installation', { org }),
  };
}
