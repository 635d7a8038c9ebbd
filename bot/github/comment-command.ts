/** A `/qm` command found in a comment. */
export interface CommentCommand {
  /** What follows `/qm` on the first line, trimmed (`scale prod/web t3.large`); `help` for a bare `/qm`. */
  text: string;
  /**
   * Set on a pull request for `/qm plan [env...]` and `/qm apply`, which there mean the pull
   * request's own plan and apply (teams running the bot instead of the Actions).
   */
  pullRequest?: { command: 'plan'; envs: string[] } | { command: 'apply' };
}

const FIRST_LINE = /^\/qm(?:[ \t]+(.*))?$/;

/**
 * The command of a comment whose first line starts with `/qm`, or undefined for any other
 * comment (the rest of the body is ignored: people add context below). The text goes to the
 * engine's parser as it is: parsing is the grammar's, and never reaches a shell.
 *
 * @example parseCommentCommand('/qm scale prod/web t3.large\nneeded for the launch', { onPullRequest: false }) // { text: 'scale prod/web t3.large' }
 * @example parseCommentCommand('/qm apply', { onPullRequest: true }) // { text: 'apply', pullRequest: { command: 'apply' } }
 */
export function parseCommentCommand(body: string | null | undefined, where: { onPullRequest: boolean }): CommentCommand | undefined {
  if (typeof body !== 'string') return undefined;
  const first = body.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const m = FIRST_LINE.exec(first.trimEnd());
  if (!m) return undefined;
  const text = (m[1] ?? '').trim() || 'help';
  if (!where.onPullRequest) return { text };
  const [word, ...rest] = text.split(/\s+/);
  if (word === 'apply' && rest.length === 0) return { text, pullRequest: { command: 'apply' } };
  if (word === 'plan') return { text, pullRequest: { command: 'plan', envs: rest } };
  return { text };
}
