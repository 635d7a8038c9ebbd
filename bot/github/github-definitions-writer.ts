import { createHash } from 'node:crypto';
import { editedMeanwhile, type DefinitionsChange, type DefinitionsWriter, type DefinitionsWriteResult } from '../../src/definitions/definitions-writer.js';
import type { FileEdit } from '../../src/definitions/edit-resource-fields.js';
import { githubFileTree, type GitTreeEntry } from './github-file-tree.js';
import { httpStatusOf, type GitHubRepo, type GitHubRequest } from './github-request.js';

export interface GitHubWriterOptions extends GitHubRepo {
  /** The branch pull requests go into: the definitions' default branch. */
  base: string;
  /** How auto-merge merges (the repository must allow it). Default MERGE. */
  mergeMethod?: 'MERGE' | 'SQUASH' | 'REBASE';
  /** GitHub Enterprise Server answers GraphQL at `https://<host>/api/graphql`, beside (not under) the REST root. Default `/graphql` under the client's base URL. */
  graphqlUrl?: string;
}

type PullResult = Extract<DefinitionsWriteResult, { kind: 'pull-request' }>;

interface Pull {
  number: number;
  html_url: string;
  node_id: string;
  state: 'open' | 'closed';
  head: { ref: string };
}

interface Branch {
  commit: { sha: string; commit: { message: string; tree: { sha: string } } };
}

const ENABLE_AUTO_MERGE = `mutation($pullRequestId: ID!, $mergeMethod: PullRequestMergeMethod) {
  enablePullRequestAutoMerge(input: { pullRequestId: $pullRequestId, mergeMethod: $mergeMethod }) { pullRequest { number } }
}`;

/**
 * Git's object id of a file's text (`git hash-object`): the blob sha a tree lists for it.
 *
 * @example gitBlobSha('') // 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391'
 */
export function gitBlobSha(text: string): string {
  return createHash('sha1').update(`blob ${Buffer.byteLength(text, 'utf8')}\0`).update(text, 'utf8').digest('hex');
}

/**
 * A DefinitionsWriter that opens a pull request on the definitions repository through the git
 * data API (no checkout): checks every edited file on `base` still is the edit's `before` (else
 * refuses: someone edited it meanwhile), commits the `after` texts on base's head to
 * `change.branch`, opens the pull request, labels it and, when asked, enables auto-merge (best
 * effort: GitHub offers it through GraphQL only, and only where the repository allows it).
 *
 * Safe to call again for the same change and branch: a file already holding `after` is not
 * edited again, and the pull request already opened from the branch is answered.
 *
 * @example
 * const writer = githubDefinitionsWriter(octokit.request, { owner: 'acme', repo: 'fleet', base: 'main' });
 * await writer.write({ edits, title: 'qm: scale prod/web 4', body, labels: ['qm-applied'], branch: 'qm/req-1', autoMerge: true });
 * // { kind: 'pull-request', url: 'https://github.com/acme/fleet/pull/12', number: 12, branch: 'qm/req-1', autoMerge: 'enabled' }
 */
export function githubDefinitionsWriter(request: GitHubRequest, options: GitHubWriterOptions): DefinitionsWriter {
  const { owner, repo, base } = options;
  const where = `${owner}/${repo}@${base}`;
  const call = async <T>(route: string, params: Record<string, unknown> = {}): Promise<T> => (await request(route, { owner, repo, ...params })).data as T;
  const branchHead = (branch: string): Promise<Branch> => call<Branch>('GET /repos/{owner}/{repo}/branches/{branch}', { branch });

  /** The open or merged pull request from `branch` into base, newest first. */
  async function pullFrom(branch: string): Promise<Pull | undefined> {
    const pulls = await call<Pull[]>('GET /repos/{owner}/{repo}/pulls', { head: `${owner}:${branch}`, base, state: 'all', per_page: 10 });
    return pulls.find((p) => p.head.ref === branch);
  }

  async function enableAutoMerge(pull: Pull): Promise<Pick<PullResult, 'autoMerge' | 'autoMergeError'>> {
    try {
      const { data } = await request(`POST ${options.graphqlUrl ?? '/graphql'}`, { query: ENABLE_AUTO_MERGE, variables: { pullRequestId: pull.node_id, mergeMethod: options.mergeMethod ?? 'MERGE' } });
      const errors = (data as { errors?: { message?: string }[] }).errors ?? [];
      if (errors.length === 0) return { autoMerge: 'enabled' };
      return { autoMerge: 'failed', autoMergeError: errors.map((e) => e.message ?? 'unknown GraphQL error').join('; ') };
    } catch (e) {
      return { autoMerge: 'failed', autoMergeError: e instanceof Error ? e.message : String(e) };
    }
  }

  /** Labels and auto-merge, for a new pull request or the one a previous attempt opened. */
  async function finish(pull: Pull, change: DefinitionsChange): Promise<PullResult> {
    if (change.labels.length > 0) await call('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', { issue_number: pull.number, labels: change.labels });
    const autoMerge = change.autoMerge && pull.state === 'open' ? await enableAutoMerge(pull) : {};
    return { kind: 'pull-request', url: pull.html_url, number: pull.number, branch: change.branch, ...autoMerge };
  }

  /** Points `branch` at `commit`: a new branch, or this change's own from an attempt that stopped before its pull request. */
  async function pushBranch(change: DefinitionsChange, commit: string, message: string): Promise<{ ok: true } | { ok: false; pull?: Pull; reason?: string }> {
    try {
      await call('POST /repos/{owner}/{repo}/git/refs', { ref: `refs/heads/${change.branch}`, sha: commit });
      return { ok: true };
    } catch (e) {
      if (httpStatusOf(e) !== 422) throw e;
    }
    const pull = await pullFrom(change.branch);
    if (pull) return { ok: false, pull };
    if ((await branchHead(change.branch)).commit.commit.message !== message) {
      return { ok: false, reason: `branch ${change.branch} already exists in ${owner}/${repo} with other commits; nothing was written: delete the branch or write the change again` };
    }
    await call('PATCH /repos/{owner}/{repo}/git/refs/{ref}', { ref: `heads/${change.branch}`, sha: commit, force: true });
    return { ok: true };
  }

  async function openPull(change: DefinitionsChange): Promise<Pull> {
    try {
      return await call<Pull>('POST /repos/{owner}/{repo}/pulls', { title: change.title, body: change.body, head: change.branch, base });
    } catch (e) {
      // Another replica opened it between our branch and our pull request.
      const pull = httpStatusOf(e) === 422 ? await pullFrom(change.branch) : undefined;
      if (!pull) throw e;
      return pull;
    }
  }

  return {
    async write(change) {
      if (change.edits.length === 0) return { kind: 'unchanged' };
      const head = (await branchHead(base)).commit;
      const tree = githubFileTree(request, { owner, repo, ref: head.commit.tree.sha });
      const pending: { edit: FileEdit; entry: GitTreeEntry }[] = [];
      const changed: string[] = [];
      for (const edit of change.edits) {
        const entry = await tree.entry(edit.file);
        if (entry?.sha === gitBlobSha(edit.after)) continue;
        if (entry?.type === 'blob' && entry.sha === gitBlobSha(edit.before)) pending.push({ edit, entry });
        else changed.push(edit.file);
      }
      if (changed.length > 0) return { kind: 'refused', reason: editedMeanwhile(changed, where), files: changed };
      if (pending.length === 0) {
        // Base already says so: merged from an earlier attempt, or written by someone else.
        const pull = await pullFrom(change.branch);
        return pull ? finish(pull, change) : { kind: 'unchanged' };
      }

      const entries = [];
      for (const { edit, entry } of pending) {
        const blob = await call<{ sha: string }>('POST /repos/{owner}/{repo}/git/blobs', { content: edit.after, encoding: 'utf-8' });
        entries.push({ path: edit.file, mode: entry.mode, type: 'blob', sha: blob.sha });
      }
      const newTree = await call<{ sha: string }>('POST /repos/{owner}/{repo}/git/trees', { base_tree: head.commit.tree.sha, tree: entries });
      const message = `${change.title}\n\n${change.body}`.trimEnd();
      const commit = await call<{ sha: string }>('POST /repos/{owner}/{repo}/git/commits', { message, tree: newTree.sha, parents: [head.sha] });
      const pushed = await pushBranch(change, commit.sha, message);
      if (!pushed.ok && pushed.pull) return finish(pushed.pull, change);
      if (!pushed.ok) return { kind: 'refused', reason: pushed.reason ?? `branch ${change.branch} already exists`, files: pending.map((p) => p.edit.file) };
      return finish(await openPull(change), change);
    },
  };
}
