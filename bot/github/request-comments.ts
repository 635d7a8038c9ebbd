import type { GitHubRepo } from './github-request.js';

/** Where the requester's answer comment of an approval request is. */
export interface RequestComment extends GitHubRepo {
  issueNumber: number;
  commentId: number;
}

/**
 * Which answer comment asked for which approval request, so an approval or a denial given in
 * another comment updates the requester's answer in place. Kept in this process, bounded; when
 * it does not know a request (another replica answered it, or the bot restarted), the door
 * looks for the request's hidden marker among the app's comments of the thread it is in.
 */
export interface RequestComments {
  remember(requestId: string, at: RequestComment): void;
  find(requestId: string): RequestComment | undefined;
}

/** @example const known = createRequestComments(); known.remember('req-0123456789ab', { owner, repo, issueNumber: 7, commentId: 99 }); */
export function createRequestComments(max = 1_000): RequestComments {
  const byId = new Map<string, RequestComment>();
  return {
    remember(requestId, at) {
      byId.delete(requestId);
      byId.set(requestId, at);
      // Maps iterate in insertion order: the first key is the oldest.
      while (byId.size > max) byId.delete(byId.keys().next().value as string);
    },
    find: (requestId) => byId.get(requestId),
  };
}
