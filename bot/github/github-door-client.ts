import { latestReviews, type ReviewState } from '../../actions/shared/github-client.js';
import { httpStatusOf, type GitHubRepo, type GitHubRequest } from './github-request.js';

/** A comment of an issue or pull request, as the door reads it back. */
export interface DoorComment {
  id: number;
  body: string;
  htmlUrl: string;
  user: { login: string; id: number; type: string };
}

export interface DoorPullRequest {
  number: number;
  title: string;
  state: string;
  htmlUrl: string;
  user: { login: string; id: number };
  headSha: string;
  baseRef: string;
}

/** The reactions GitHub accepts on a comment. */
export type Reaction = '+1' | '-1' | 'laugh' | 'confused' | 'heart' | 'hooray' | 'rocket' | 'eyes';

/**
 * The REST calls the GitHub comment door makes on one repository, over a request function
 * (probot's `context.octokit.request`, or an installation's): tests answer them with a local
 * fake over real HTTP. Every failure is a GitHubDoorError naming the call and the status.
 */
export interface GitHubDoorClient {
  readonly repo: GitHubRepo;
  react(commentId: number, content: Reaction): Promise<void>;
  comment(issueNumber: number, body: string): Promise<{ id: number; url: string }>;
  updateComment(commentId: number, body: string): Promise<void>;
  /** Every comment of the issue or pull request, oldest first. */
  comments(issueNumber: number): Promise<DoorComment[]>;
  pullRequest(number: number): Promise<DoorPullRequest>;
  /** File names of a pull request (a rename gives both); `truncated` past GitHub's 3,000-file listing. */
  changedFiles(number: number): Promise<string[] & { truncated: boolean }>;
  /** Each reviewer's standing review, as the merge box counts them. */
  reviews(number: number): Promise<ReviewState[]>;
}

/** A GitHub API call of the comment door that failed; the message names the call and the status. */
export class GitHubDoorError extends Error {
  readonly status: number | undefined;
  constructor(message: string, status: number | undefined) {
    super(message);
    this.name = 'GitHubDoorError';
    this.status = status;
  }
}

const PAGE = 100;
const MAX_PAGES = 30;
const FILES_LIMIT = 3_000;

/**
 * @example
 * const gh = createGitHubDoorClient(context.octokit.request, { owner: 'acme', repo: 'fleet' });
 * await gh.react(comment.id, 'eyes');
 */
export function createGitHubDoorClient(request: GitHubRequest, repo: GitHubRepo): GitHubDoorClient {
  const { owner, repo: name } = repo;
  const call = async (route: string, params: Record<string, unknown> = {}): Promise<unknown> => {
    try {
      return (await request(route, { owner, repo: name, ...params })).data;
    } catch (e) {
      // Octokit's own error carries the request; only the status and GitHub's message are kept.
      const status = httpStatusOf(e);
      const detail = (e as { response?: { data?: { message?: unknown } } }).response?.data?.message;
      throw new GitHubDoorError(`GitHub API ${route.replace('{owner}/{repo}', `${owner}/${name}`)} ${status ? `answered ${status}` : 'could not be reached'}${typeof detail === 'string' ? `: ${detail}` : ''}`, status);
    }
  };
  const pages = async <T>(route: string, params: Record<string, unknown>, limit = PAGE * MAX_PAGES): Promise<T[]> => {
    const all: T[] = [];
    for (let page = 1; page <= MAX_PAGES && all.length < limit; page++) {
      const items = (await call(route, { ...params, per_page: PAGE, page })) as T[];
      all.push(...items);
      if (items.length < PAGE) break;
    }
    return all.slice(0, limit);
  };

  return {
    repo,
    async react(commentId, content) {
      await call('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', { comment_id: commentId, content });
    },
    async comment(issueNumber, body) {
      const data = (await call('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { issue_number: issueNumber, body })) as { id: number; html_url: string };
      return { id: data.id, url: data.html_url };
    },
    async updateComment(commentId, body) {
      await call('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { comment_id: commentId, body });
    },
    async comments(issueNumber) {
      const raw = await pages<{ id: number; body?: string | null; html_url: string; user: { login: string; id: number; type?: string } | null }>('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        issue_number: issueNumber,
      });
      return raw.map((c) => ({ id: c.id, body: c.body ?? '', htmlUrl: c.html_url, user: { login: c.user?.login ?? 'ghost', id: c.user?.id ?? 0, type: c.user?.type ?? 'User' } }));
    },
    async pullRequest(number) {
      const p = (await call('GET /repos/{owner}/{repo}/pulls/{pull_number}', { pull_number: number })) as {
        number: number;
        title: string;
        state: string;
        html_url: string;
        user: { login: string; id: number } | null;
        head: { sha: string };
        base: { ref: string };
      };
      return { number: p.number, title: p.title, state: p.state, htmlUrl: p.html_url, user: { login: p.user?.login ?? 'ghost', id: p.user?.id ?? 0 }, headSha: p.head.sha, baseRef: p.base.ref };
    },
    async changedFiles(number) {
      const files = await pages<{ filename: string; previous_filename?: string }>('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { pull_number: number }, FILES_LIMIT);
      const names = new Set<string>();
      for (const f of files) {
        names.add(f.filename);
        if (f.previous_filename) names.add(f.previous_filename);
      }
      return Object.assign([...names], { truncated: files.length >= FILES_LIMIT });
    },
    async reviews(number) {
      return latestReviews(await pages('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', { pull_number: number }));
    },
  };
}
