/**
 * The one call of a GitHub client that the bot's GitHub code makes: Octokit's
 * `octokit.request(route, params)`, which probot hands every handler as `context.octokit`.
 * Answers `{ status, data }` for 2xx and throws an error with `status` otherwise.
 *
 * @example const request: GitHubRequest = (route, params) => context.octokit.request(route, params);
 */
export type GitHubRequest = (route: string, params?: Record<string, unknown>) => Promise<{ status: number; data: unknown }>;

/** Which repository: `{ owner: 'acme', repo: 'fleet' }` (from `QM_DEFINITIONS_REPO=acme/fleet`). */
export interface GitHubRepo {
  owner: string;
  repo: string;
}

/**
 * The HTTP status of a failed request, when it has one.
 *
 * @example if (httpStatusOf(e) === 422) ... // validation failed: the branch exists
 */
export function httpStatusOf(e: unknown): number | undefined {
  const status = (e as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}
