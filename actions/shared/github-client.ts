import { getOctokit } from '@actions/github';

/**
 * The GitHub REST calls the actions make, behind one small interface (STYLE.md 5): main.ts
 * builds it from its inputs and passes it on; tests talk to a local fake over real HTTP.
 *
 * Every failure is a GitHubApiError naming the endpoint and the status, ending with what to do,
 * and never containing the token.
 */
export interface GitHubClient {
  /** The PR's changed files, all pages; a rename gives both names. See ChangedFiles.truncated. */
  changedFiles(pr: number): Promise<ChangedFiles>;
  /** The newest comment on the issue or PR whose body contains `marker`. */
  findComment(issueNumber: number, marker: string, opts?: CommentFilter): Promise<IssueComment | undefined>;
  /**
   * `update`: edit the newest comment with `marker` in place (create it if none); `new`: always
   * post a new one. The marker is appended to the body when the body lacks it, so the comment is
   * found again next time.
   */
  upsertComment(issueNumber: number, marker: string, body: string, mode: 'update' | 'new', opts?: CommentFilter): Promise<UpsertedComment>;
  /** Each reviewer's standing review, as the merge box counts them (see latestReviews). */
  reviews(pr: number): Promise<ReviewState[]>;
  pullRequest(pr: number): Promise<PullRequestInfo>;
  /** The PR merged by `sha`: the one whose merge commit is `sha`, else the first merged one listed. */
  pullsForCommit(sha: string): Promise<PullRequestInfo | undefined>;
  setStatus(sha: string, status: CommitStatus): Promise<void>;
  /** Whether `login` is an active member of the team; a pending invitation is not membership. */
  teamMember(org: string, teamSlug: string, login: string): Promise<boolean>;
  /** The account that has `login` now (undefined if none): logins are freed by renames and reused. */
  user(login: string): Promise<{ login: string; id: number } | undefined>;
  /** The open issue (not PR) with `label` whose body contains `marker`; the oldest if several. */
  findIssue(label: string, marker: string): Promise<IssueInfo | undefined>;
  createIssue(issue: { title: string; body: string; labels: string[] }): Promise<IssueInfo>;
  updateIssue(issueNumber: number, change: { title?: string; body?: string; state?: 'open' | 'closed' }): Promise<IssueInfo>;
  comment(issueNumber: number, body: string): Promise<{ id: number; url: string }>;
}

export interface GitHubClientOptions {
  token: string;
  /** GITHUB_API_URL as the door read it (GitHub Enterprise Server: https://ghe.example/api/v3). */
  apiUrl: string;
  owner: string;
  repo: string;
}

/**
 * File names of a PR. `truncated` is true when GitHub's list stopped at its 3,000-file limit and
 * the PR has more: a door choosing what to plan from the list must then plan everything.
 */
export type ChangedFiles = string[] & { truncated: boolean };

export interface CommentFilter {
  /**
   * Only comments by these logins count (case-insensitive), e.g. `['github-actions[bot]']`.
   * Anyone who can comment can paste a marker; a door that trusts what the comment says (the
   * apply action reading a fingerprint) must name the author it expects.
   */
  authors?: readonly string[];
}

export interface IssueComment {
  id: number;
  url: string;
  body: string;
  user: { login: string; id: number };
  createdAt: string;
  updatedAt: string;
}

export interface UpsertedComment {
  id: number;
  url: string;
  created: boolean;
}

export type ReviewStateName = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED';

export interface ReviewState {
  login: string;
  id: number;
  state: ReviewStateName;
  submittedAt: string;
  /** The head commit the review was given on; null when GitHub no longer knows it. */
  commitId: string | null;
}

export interface PullRequestInfo {
  number: number;
  title: string;
  htmlUrl: string;
  state: string;
  user: { login: string; id: number };
  headSha: string;
  baseRef: string;
  merged: boolean;
  mergedAt: string | null;
  mergeCommitSha: string | null;
}

export interface CommitStatus {
  context: string;
  state: 'success' | 'pending' | 'failure' | 'error';
  /** Cut to GitHub's 140 characters, ending with "…". */
  description: string;
  targetUrl?: string;
}

export interface IssueInfo {
  number: number;
  title: string;
  body: string;
  state: string;
  htmlUrl: string;
  labels: string[];
}

/** A GitHub API call that failed; the message names the endpoint and status and says what to do. */
export class GitHubApiError extends Error {
  /** HTTP status; undefined when GitHub could not be reached. */
  readonly status: number | undefined;
  /** `METHOD /path` of the call. */
  readonly endpoint: string;

  constructor(message: string, endpoint: string, status: number | undefined) {
    super(message);
    this.name = 'GitHubApiError';
    this.endpoint = endpoint;
    this.status = status;
  }
}

const STATUS_DESCRIPTION_MAX = 140;
const GITHUB_FILES_LIMIT = 3000;

/**
 * Cuts a string to `max` characters (code points, as GitHub counts), ending with "…" when cut.
 *
 * @example truncate('needs 1 approval from approvers', 10) // 'needs 1 a…'
 */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

interface RawReview {
  id: number;
  user: { login: string; id: number } | null;
  state: string;
  submitted_at?: string | null;
  commit_id: string | null;
}

/**
 * Each reviewer's standing review, from the reviews in the order GitHub lists them (oldest
 * first), as the merge box counts them: an APPROVED or CHANGES_REQUESTED stands until the same
 * reviewer approves, requests changes or is dismissed (GitHub turns the dismissed review's own
 * state to DISMISSED); a later COMMENTED does not replace it. Pending (unsubmitted) reviews and
 * deleted users are skipped. Reviewers are keyed by numeric id, so a renamed login is one person.
 *
 * @example
 * latestReviews([{ id: 1, user: alice, state: 'APPROVED', ... }, { id: 2, user: alice, state: 'COMMENTED', ... }])
 * // [{ login: 'alice', state: 'APPROVED', ... }]
 */
export function latestReviews(reviews: readonly RawReview[]): ReviewState[] {
  const byUser = new Map<number, ReviewState>();
  for (const r of reviews) {
    if (!r.user || !r.submitted_at) continue;
    const state = r.state.toUpperCase();
    if (state !== 'APPROVED' && state !== 'CHANGES_REQUESTED' && state !== 'COMMENTED' && state !== 'DISMISSED') continue;
    const prev = byUser.get(r.user.id);
    if (state === 'COMMENTED' && prev && prev.state !== 'COMMENTED') continue;
    byUser.set(r.user.id, { login: r.user.login, id: r.user.id, state, submittedAt: r.submitted_at, commitId: r.commit_id ?? null });
  }
  return [...byUser.values()];
}

interface RawPull {
  number: number;
  title: string;
  html_url: string;
  state: string;
  user: { login: string; id: number } | null;
  head: { sha: string };
  base: { ref: string };
  merged?: boolean;
  merged_at: string | null;
  merge_commit_sha: string | null;
}

function toPullRequest(p: RawPull): PullRequestInfo {
  return {
    number: p.number,
    title: p.title,
    htmlUrl: p.html_url,
    state: p.state,
    user: { login: p.user?.login ?? 'ghost', id: p.user?.id ?? 0 },
    headSha: p.head.sha,
    baseRef: p.base.ref,
    // List endpoints carry merged_at only; the single PR also has `merged`.
    merged: p.merged ?? p.merged_at !== null,
    mergedAt: p.merged_at,
    mergeCommitSha: p.merge_commit_sha,
  };
}

interface RawIssue {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  html_url: string;
  labels: (string | { name?: string })[];
  pull_request?: unknown;
}

function toIssue(i: RawIssue): IssueInfo {
  return {
    number: i.number,
    title: i.title,
    body: i.body ?? '',
    state: i.state,
    htmlUrl: i.html_url,
    labels: i.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean),
  };
}

interface RawComment {
  id: number;
  html_url: string;
  body?: string;
  user: { login: string; id: number } | null;
  created_at: string;
  updated_at: string;
}

function toComment(c: RawComment): IssueComment {
  return { id: c.id, url: c.html_url, body: c.body ?? '', user: { login: c.user?.login ?? 'ghost', id: c.user?.id ?? 0 }, createdAt: c.created_at, updatedAt: c.updated_at };
}

function fixFor(status: number | undefined, message: string, apiUrl: string): string {
  if (status === undefined) return `check GITHUB_API_URL (${apiUrl}) and the runner's network`;
  if (status === 401) return 'check the github-token input: the token is missing, expired or revoked';
  if (status === 403 && /rate limit/i.test(message)) return 'wait for the rate limit to reset, or pass a github-token with a higher limit';
  if (status === 403) return 'give the job the permissions it needs (pull-requests: write, issues: write, statuses: write) or pass a github-token that has them';
  if (status === 404) return 'check that it exists and that the token can see it (team membership needs a token with read:org)';
  if (status === 422) return 'GitHub refused the request as sent';
  if (status >= 500) return 'GitHub had a fault: re-run the job';
  return 'see the GitHub REST API documentation for this endpoint';
}

interface RequestErrorLike {
  status?: unknown;
  message?: unknown;
  response?: { data?: unknown };
}

/**
 * Wraps a fault from Octokit into a GitHubApiError. Octokit's own error carries the request
 * (headers included); it is not kept as `cause`, and the message is scrubbed of the token in
 * case a server echoes it.
 */
function apiError(e: unknown, endpoint: string, token: string, apiUrl: string): GitHubApiError {
  const err = (e ?? {}) as RequestErrorLike;
  // Octokit reports a transport failure (refused, DNS, TLS) as status 500 with no response.
  const status = typeof err.status === 'number' && err.status > 0 && err.response !== undefined ? err.status : undefined;
  const data = err.response?.data as { message?: unknown; errors?: unknown } | undefined;
  let detail = typeof data?.message === 'string' ? data.message : typeof err.message === 'string' ? err.message : String(e);
  if (Array.isArray(data?.errors)) {
    const reasons = data.errors.map((x: unknown) => (typeof x === 'string' ? x : ((x as { message?: string; code?: string }).message ?? (x as { code?: string }).code ?? ''))).filter(Boolean);
    if (reasons.length > 0) detail += `: ${reasons.join('; ')}`;
  }
  const what = status === undefined ? `could not be reached (${detail})` : `answered ${status} ${detail}`;
  let message = `GitHub API ${endpoint} ${what}. ${fixFor(status, detail, apiUrl)}`;
  if (token.length > 0) message = message.split(token).join('***');
  return new GitHubApiError(message, endpoint, status);
}

/**
 * Builds the client over @actions/github's Octokit at `apiUrl`.
 *
 * @example
 * const gh = createGitHubClient({ token: inputs.githubToken, apiUrl: env.GITHUB_API_URL, owner: 'acme', repo: 'fleet' });
 * const { id, created } = await gh.upsertComment(7, '<!-- qm:plan -->', markdown, 'update');
 */
export function createGitHubClient({ token, apiUrl, owner, repo }: GitHubClientOptions): GitHubClient {
  if (!token) throw new GitHubApiError('GitHub client: the token is empty. Set the github-token input (default ${{ github.token }})', 'client', undefined);
  const octokit = getOctokit(token, { baseUrl: apiUrl.replace(/\/+$/, ''), userAgent: 'quartermaster-action' });
  const base = `/repos/${owner}/${repo}`;

  const call = async <T>(endpoint: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      throw apiError(e, endpoint, token, apiUrl);
    }
  };

  const listComments = (issueNumber: number): Promise<RawComment[]> =>
    call(`GET ${base}/issues/${issueNumber}/comments`, () => octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: issueNumber, per_page: 100 }));

  const findComment = async (issueNumber: number, marker: string, opts: CommentFilter = {}): Promise<IssueComment | undefined> => {
    const authors = opts.authors?.map((a) => a.toLowerCase());
    const matching = (await listComments(issueNumber)).filter(
      (c) => (c.body ?? '').includes(marker) && (!authors || (c.user !== null && authors.includes(c.user.login.toLowerCase()))),
    );
    // Listed oldest first; ids grow with time, so the highest id is the newest even within a second.
    const newest = matching.reduce<RawComment | undefined>((a, c) => (!a || c.created_at > a.created_at || (c.created_at === a.created_at && c.id > a.id) ? c : a), undefined);
    return newest && toComment(newest);
  };

  const comment = async (issueNumber: number, body: string): Promise<{ id: number; url: string }> => {
    const { data } = await call(`POST ${base}/issues/${issueNumber}/comments`, () => octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body }));
    return { id: data.id, url: data.html_url };
  };

  return {
    async changedFiles(pr) {
      const files = await call(`GET ${base}/pulls/${pr}/files`, () => octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number: pr, per_page: 100 }));
      const names = new Set<string>();
      for (const f of files) {
        names.add(f.filename);
        if (f.previous_filename) names.add(f.previous_filename);
      }
      let truncated = false;
      if (files.length >= GITHUB_FILES_LIMIT) {
        // Only a PR at the limit costs the extra call: does it have more files than listed?
        const { data } = await call(`GET ${base}/pulls/${pr}`, () => octokit.rest.pulls.get({ owner, repo, pull_number: pr }));
        truncated = data.changed_files > files.length;
      }
      return Object.assign([...names], { truncated });
    },

    findComment,

    async upsertComment(issueNumber, marker, body, mode, opts) {
      const text = body.includes(marker) ? body : `${body}\n${marker}`;
      const existing = mode === 'update' ? await findComment(issueNumber, marker, opts) : undefined;
      if (existing) {
        const { data } = await call(`PATCH ${base}/issues/comments/${existing.id}`, () => octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body: text }));
        return { id: data.id, url: data.html_url, created: false };
      }
      const made = await comment(issueNumber, text);
      return { ...made, created: true };
    },

    async reviews(pr) {
      const all = await call(`GET ${base}/pulls/${pr}/reviews`, () => octokit.paginate(octokit.rest.pulls.listReviews, { owner, repo, pull_number: pr, per_page: 100 }));
      return latestReviews(all);
    },

    async pullRequest(pr) {
      const { data } = await call(`GET ${base}/pulls/${pr}`, () => octokit.rest.pulls.get({ owner, repo, pull_number: pr }));
      return toPullRequest(data);
    },

    async pullsForCommit(sha) {
      const pulls = await call(`GET ${base}/commits/${sha}/pulls`, () =>
        octokit.paginate(octokit.rest.repos.listPullRequestsAssociatedWithCommit, { owner, repo, commit_sha: sha, per_page: 100 }),
      );
      const merged = pulls.map(toPullRequest).filter((p) => p.merged);
      return merged.find((p) => p.mergeCommitSha === sha) ?? merged[0];
    },

    async setStatus(sha, status) {
      await call(`POST ${base}/statuses/${sha}`, () =>
        octokit.rest.repos.createCommitStatus({
          owner,
          repo,
          sha,
          context: status.context,
          state: status.state,
          description: truncate(status.description, STATUS_DESCRIPTION_MAX),
          ...(status.targetUrl ? { target_url: status.targetUrl } : {}),
        }),
      );
    },

    async teamMember(org, teamSlug, login) {
      const endpoint = `GET /orgs/${org}/teams/${teamSlug}/memberships/${login}`;
      try {
        const { data } = await octokit.rest.teams.getMembershipForUserInOrg({ org, team_slug: teamSlug, username: login });
        return data.state === 'active';
      } catch (e) {
        if ((e as RequestErrorLike).status === 404) return false;
        throw apiError(e, endpoint, token, apiUrl);
      }
    },

    async user(login) {
      try {
        const { data } = await octokit.rest.users.getByUsername({ username: login });
        return { login: data.login, id: data.id };
      } catch (e) {
        if ((e as RequestErrorLike).status === 404) return undefined;
        throw apiError(e, `GET /users/${login}`, token, apiUrl);
      }
    },

    async findIssue(label, marker) {
      const issues = await call(`GET ${base}/issues`, () => octokit.paginate(octokit.rest.issues.listForRepo, { owner, repo, labels: label, state: 'open', per_page: 100 }));
      const found = issues.filter((i) => !i.pull_request && (i.body ?? '').includes(marker)).sort((a, b) => a.number - b.number)[0];
      return found && toIssue(found);
    },

    async createIssue({ title, body, labels }) {
      const { data } = await call(`POST ${base}/issues`, () => octokit.rest.issues.create({ owner, repo, title, body, labels }));
      return toIssue(data);
    },

    async updateIssue(issueNumber, change) {
      const { data } = await call(`PATCH ${base}/issues/${issueNumber}`, () => octokit.rest.issues.update({ owner, repo, issue_number: issueNumber, ...change }));
      return toIssue(data);
    },

    comment,
  };
}
