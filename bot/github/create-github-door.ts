import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { createNodeMiddleware, Probot, type ProbotOctokit } from 'probot';
import type { MembershipResolver } from '../../src/gates/index.js';
import { renderExpiryComment } from '../../src/render/github-comment/index.js';
import type { GitHubConfig } from '../bot-config.js';
import type { Announce } from '../override-expiry.js';
import { createAppInstallations, type AppInstallations } from './app-installations.js';
import { createGitHubApp, type GitHubAppDeps } from './github-app.js';
import { createGitHubAppMembership } from './github-app-membership.js';
import { createGitHubDoorClient } from './github-door-client.js';

/** Where GitHub delivers the App's webhooks. */
export const GITHUB_WEBHOOKS_PATH = '/api/github/webhooks';

export type NodeMiddleware = (req: IncomingMessage, res: ServerResponse, next?: (err?: Error) => void) => boolean | void | Promise<boolean | void>;

export interface GitHubDoorOptions {
  config: GitHubConfig;
  log: Logger;
  /**
   * The Octokit class probot builds its clients from. Default probot's own (throttling and
   * retries on); tests pass `ProbotOctokit.defaults(...)` with throttling off.
   */
  Octokit?: typeof ProbotOctokit;
}

export interface GitHubDoor {
  probot: Probot;
  installations: AppInstallations;
  /** GitHub team membership, for the engine's gate. */
  membership: MembershipResolver;
  /** Tells an issue or pull request what became of a temporary change asked there. */
  announce: Announce;
  /** The webhook middleware of the app (signatures verified with WEBHOOK_SECRET), for GITHUB_WEBHOOKS_PATH. */
  middleware(deps: Omit<GitHubAppDeps, 'appLogin' | 'forRepo' | 'log'>): Promise<NodeMiddleware>;
}

/**
 * The GitHub App side of the bot: probot on the App's id, key and webhook secret at
 * GITHUB_API_URL; the App's installations (for the definitions repository, team membership and
 * announcements); and the comment door's webhook middleware once an engine exists (membership
 * is needed to build the engine, so the middleware comes second).
 *
 * @example
 * const github = createGitHubDoor({ config: config.github, log });
 * const middleware = await github.middleware({ engine, holder, inFlight });
 */
export function createGitHubDoor(opts: GitHubDoorOptions): GitHubDoor {
  const { config } = opts;
  const log = opts.log.child({ door: 'github' });
  const probot = new Probot({
    appId: config.appId,
    privateKey: config.privateKey,
    secret: config.webhookSecret,
    baseUrl: config.apiUrl,
    log,
    ...(opts.Octokit ? { Octokit: opts.Octokit } : {}),
  });
  const installations = createAppInstallations(probot);
  return {
    probot,
    installations,
    membership: createGitHubAppMembership(installations, log),
    async announce(expired) {
      const where = /^([^/]+)\/([^#]+)#(\d+)$/.exec(expired.override.thread?.channel ?? '');
      if (!where) return;
      const [, owner, repo, issue] = where as unknown as [string, string, string, string];
      const gh = createGitHubDoorClient(installations.forRepo(owner, repo), { owner, repo });
      await gh.comment(Number(issue), renderExpiryComment(expired));
    },
    middleware: (deps) =>
      createNodeMiddleware(createGitHubApp({ ...deps, log, appLogin: installations.appLogin, forRepo: installations.forRepo }), {
        probot,
        webhooksPath: GITHUB_WEBHOOKS_PATH,
      }),
  };
}
