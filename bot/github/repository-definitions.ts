import type { DefinitionsFiles, ReadDefinitions } from '../bot-engine.js';
import { githubDefinitionsWriter } from './github-definitions-writer.js';
import { definitionsSnapshot, githubFileTree } from './github-file-tree.js';
import type { GitHubRepo, GitHubRequest } from './github-request.js';
import type { PullRequestRef } from './github-door-engine.js';

export interface RepositoryDefinitions {
  /** The default branch's head now, cached by tree sha, with a writer opening write-back pull requests there. */
  read: ReadDefinitions;
  /** The files at a pull request's head, when it is a pull request of the definitions repository; or why not. */
  atPullRequest(pr: PullRequestRef): Promise<{ ok: true; files: Pick<DefinitionsFiles, 'tree' | 'root'> } | { ok: false; reason: string }>;
}

/**
 * The definitions kept in a GitHub repository (QM_DEFINITIONS_REPO), read through the App's
 * installation there: the default branch for commands, a pull request's head for `/qm plan`.
 *
 * @example const defs = repositoryDefinitions(installations.forRepo('acme', 'fleet'), { owner: 'acme', repo: 'fleet' }, config.github.apiUrl);
 */
export function repositoryDefinitions(request: GitHubRequest, repo: GitHubRepo, apiUrl: string): RepositoryDefinitions {
  const snapshot = definitionsSnapshot(request, repo);
  const name = `${repo.owner}/${repo.repo}`;
  const graphqlUrl = graphqlUrlOf(apiUrl);
  return {
    async read() {
      const head = await snapshot.current();
      return {
        tree: head.tree,
        root: `${name}@${head.commit.slice(0, 7)}`,
        version: head.treeSha,
        writer: githubDefinitionsWriter(request, { ...repo, base: head.branch, ...(graphqlUrl ? { graphqlUrl } : {}) }),
      };
    },
    async atPullRequest(pr) {
      if (`${pr.owner}/${pr.repo}`.toLowerCase() !== name.toLowerCase()) {
        return { ok: false, reason: `the fleet's definitions are in ${name}: plans and applies of pull requests are for that repository's pull requests` };
      }
      // Files the head shares with the default branch are not fetched again.
      const reuse = (await snapshot.current()).tree.blobs;
      return { ok: true, files: { tree: githubFileTree(request, { ...repo, ref: pr.headSha }, { reuse }), root: `${name}@${pr.headSha.slice(0, 7)}` } };
    },
  };
}

/** GitHub Enterprise Server answers GraphQL at `/api/graphql`, beside its REST root `/api/v3`. */
function graphqlUrlOf(apiUrl: string): string | undefined {
  const m = /^(https?:\/\/[^/]+)\/api\/v3\/?$/.exec(apiUrl);
  return m ? `${m[1]}/api/graphql` : undefined;
}
