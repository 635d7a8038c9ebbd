import type { Logger } from 'pino';
import type { ApplicationFunction, Context } from 'probot';
import { githubActor } from '../../actions/shared/github-identity.js';
import type { CommandAnswer } from '../../src/engine/command-answer.js';
import { isQmError } from '../../src/errors.js';
import { hasMarker } from '../../src/render/index.js';
import {
  COMMAND_ANSWER_MARKER,
  emptyProgress,
  foldApplyEvent,
  renderCommandComment,
  requestIdOf,
  requestOfState,
  type CommandCommentState,
} from '../../src/render/github-comment/index.js';
import type { ApprovalRequest } from '../../src/store/store.js';
import type { InFlight } from '../in-flight.js';
import { AppNotInstalledError } from './app-installations.js';
import { parseCommentCommand, type CommentCommand } from './comment-command.js';
import { createCommentWriter, type CommentWriter } from './comment-writer.js';
import { createGitHubDoorClient, GitHubDoorError, type GitHubDoorClient } from './github-door-client.js';
import type { GitHubDoorEngine } from './github-door-engine.js';
import type { GitHubRepo, GitHubRequest } from './github-request.js';
import { applyPullRequest, planPullRequest } from './pull-request-commands.js';
import { createRequestComments, type RequestComments } from './request-comments.js';

export interface GitHubAppDeps {
  engine: GitHubDoorEngine;
  /** This process, for locks and claims (`bot:host pid 42`). */
  holder: string;
  /** Commands run after the webhook is answered; the bot's shutdown waits for them. */
  inFlight: InFlight;
  log: Logger;
  /** The app's own login (`quartermaster[bot]`): only its comments are read back. */
  appLogin(): Promise<string>;
  /** Acting on another repository than the webhook's (a request asked elsewhere). */
  forRepo?: (owner: string, repo: string) => GitHubRequest;
  requestComments?: RequestComments;
  /** Least time between two progress edits of an answer. Default 3 s. */
  progressEveryMs?: number;
}

/** The comment being answered, and where. */
interface Turn {
  gh: GitHubDoorClient;
  issueNumber: number;
  actor: string;
  command: CommentCommand;
  log: Logger;
}

/**
 * The GitHub comment door, as a probot app: a comment whose first line starts with `/qm` in an
 * issue or a pull request is a command. It is acknowledged at once with 👀, then answered in
 * one comment that is edited as the request progresses (working, applying, waiting for
 * approval, approved, applied with a receipt per resource; refusals and usage errors too).
 * Comments by bots, this app's included, are ignored. The commenter is `github:login#id`;
 * rights come from policy.yml only, team membership asked of GitHub at the moment.
 *
 * The webhook is answered once the reaction is posted: the command goes on in the background
 * (tracked, so a shutdown lets it finish) and GitHub never waits on an apply.
 *
 * @example await createNodeMiddleware(createGitHubApp({ engine, holder, inFlight, log, appLogin }), { probot, webhooksPath: '/api/github/webhooks' });
 */
export function createGitHubApp(deps: GitHubAppDeps): ApplicationFunction {
  const requestComments = deps.requestComments ?? createRequestComments();
  const seen = createSeenComments();
  return (app) => {
    app.on('issue_comment.created', async (context) => {
      await onComment(context, { ...deps, requestComments, seen });
    });
  };
}

type Deps = GitHubAppDeps & { requestComments: RequestComments; seen: SeenComments };

interface SeenComments {
  /** True the first time a comment is seen; false for a redelivery of it. */
  first(commentId: number): boolean;
}

/**
 * Comments already answered by this process: a redelivered webhook (GitHub's "Redeliver", a
 * retry after a timeout) is not answered twice. The engine would not apply twice anyway (the
 * request is found by its fingerprint, then claimed once); this spares the thread a second answer.
 */
function createSeenComments(max = 5_000): SeenComments {
  const seen = new Set<number>();
  return {
    first(id) {
      if (seen.has(id)) return false;
      seen.add(id);
      if (seen.size > max) seen.delete(seen.values().next().value as number);
      return true;
    },
  };
}

async function onComment(context: Context<'issue_comment.created'>, deps: Deps): Promise<void> {
  const { comment, issue, repository, sender } = context.payload;
  // The app's own answers start with the marker, not `/qm`; ignoring every bot also ends any loop with another bot.
  if (sender.type === 'Bot' || comment.user?.type === 'Bot') return;
  const command = parseCommentCommand(comment.body, { onPullRequest: Boolean(issue.pull_request) });
  if (!command || !comment.user) return;
  if (!deps.seen.first(comment.id)) {
    deps.log.info({ delivery: context.id, comment: comment.id }, 'command already answered: redelivery ignored');
    return;
  }

  const repo: GitHubRepo = { owner: repository.owner.login, repo: repository.name };
  const request: GitHubRequest = (route, params) => context.octokit.request(route, params);
  const gh = createGitHubDoorClient(request, repo);
  const actor = githubActor(comment.user);
  const log = deps.log.child({ delivery: context.id, repo: `${repo.owner}/${repo.repo}`, issue: issue.number, comment: comment.id, actor });
  log.info({ command: command.text }, 'command received');
  try {
    await gh.react(comment.id, 'eyes');
  } catch (e) {
    log.warn({ err: e }, 'could not acknowledge the command with a reaction');
  }
  const turn: Turn = { gh, issueNumber: issue.number, actor, command, log };
  void deps.inFlight.run(`github ${repo.owner}/${repo.repo}#${issue.number}: ${command.text}`, () => answer(turn, deps)).catch((e: unknown) => log.error({ err: e }, 'command failed'));
}

async function answer(turn: Turn, deps: Deps): Promise<void> {
  const { gh, command, actor } = turn;
  const render = (state: CommandCommentState): string => renderCommandComment({ text: command.text, askedBy: actor, state });
  const posted = await gh.comment(turn.issueNumber, render({ kind: 'working' }));
  const writer = createCommentWriter(
    (body) => gh.updateComment(posted.id, body),
    deps.progressEveryMs ?? 3_000,
    (e) => turn.log.warn({ err: e }, 'could not update the answer with progress'),
  );
  let state: CommandCommentState;
  try {
    state = command.pullRequest ? await pullRequestCommand(turn, deps, writer, render) : await chatCommand(turn, deps, posted.id, writer, render);
  } catch (e) {
    turn.log.error({ err: e }, 'command failed');
    state = { kind: 'fault', message: faultMessage(e) };
  }
  await writer.final(render(state));
  turn.log.info({ answer: describe(state) }, 'command answered');

  const request = requestOfState(state);
  if (!request) return;
  const waits = (state.kind === 'answer' && state.answer.kind === 'change' && state.answer.outcome.status === 'needs-approval') || (state.kind === 'pr-apply' && state.outcome?.status === 'needs-approval');
  if (waits) deps.requestComments.remember(request.id, { ...gh.repo, issueNumber: turn.issueNumber, commentId: posted.id });
  if (state.kind === 'answer' && (state.answer.kind === 'vote' || state.answer.kind === 'denied')) await updateRequesterAnswer(turn, deps, request, state.answer, posted.id);
}

async function chatCommand(turn: Turn, deps: Deps, answerId: number, writer: CommentWriter, render: (s: CommandCommentState) => string): Promise<CommandCommentState> {
  const { gh } = turn;
  const channel = `${gh.repo.owner}/${gh.repo.repo}`;
  const channelEnv = await deps.engine.channelEnv('github-comment', channel);
  let progress = emptyProgress();
  const answer = await deps.engine.command({
    text: turn.command.text,
    actor: turn.actor,
    door: 'github-comment',
    holder: deps.holder,
    ...(channelEnv ? { channelEnv } : {}),
    thread: { door: 'github-comment', channel: `${channel}#${turn.issueNumber}`, thread: String(answerId) },
    onEvent: (e) => {
      progress = foldApplyEvent(progress, e);
      writer.progress(render({ kind: 'working', progress }));
    },
  });
  return { kind: 'answer', answer };
}

async function pullRequestCommand(turn: Turn, deps: Deps, writer: CommentWriter, render: (s: CommandCommentState) => string): Promise<CommandCommentState> {
  const pr = turn.command.pullRequest;
  let progress = emptyProgress();
  const prTurn = {
    gh: turn.gh,
    engine: deps.engine,
    number: turn.issueNumber,
    actor: turn.actor,
    holder: deps.holder,
    appLogin: deps.appLogin,
    onEvent: (e: Parameters<typeof foldApplyEvent>[1]) => {
      progress = foldApplyEvent(progress, e);
      writer.progress(render({ kind: 'working', progress }));
    },
  };
  return pr?.command === 'plan' ? planPullRequest(prTurn, pr.envs) : applyPullRequest(prTurn);
}

/**
 * After an approval or a denial, the requester's answer says so too: the comment this process
 * remembers for the request, else the oldest answer of the app in this thread naming it.
 */
async function updateRequesterAnswer(turn: Turn, deps: Deps, request: ApprovalRequest, answer: CommandAnswer, ownId: number): Promise<void> {
  try {
    const known = deps.requestComments.find(request.id);
    let target: { gh: GitHubDoorClient; commentId: number } | undefined;
    if (known) {
      const same = known.owner.toLowerCase() === turn.gh.repo.owner.toLowerCase() && known.repo.toLowerCase() === turn.gh.repo.repo.toLowerCase();
      const gh = same ? turn.gh : deps.forRepo ? createGitHubDoorClient(deps.forRepo(known.owner, known.repo), known) : undefined;
      if (gh) target = { gh, commentId: known.commentId };
    } else {
      const login = (await deps.appLogin()).toLowerCase();
      const found = (await turn.gh.comments(turn.issueNumber)).find(
        (c) => c.id !== ownId && c.user.login.toLowerCase() === login && hasMarker(c.body, COMMAND_ANSWER_MARKER) && requestIdOf(c.body) === request.id,
      );
      if (found) target = { gh: turn.gh, commentId: found.id };
    }
    if (!target || target.commentId === ownId) return;
    // A chat request's reason is the command asked (`/qm scale ...`); a pull request's apply is `apply`.
    const text = request.reason.startsWith('/qm ') ? request.reason.slice('/qm '.length) : request.command;
    const body = renderCommandComment({ text, askedBy: request.actor, state: { kind: 'answer', answer }, requestId: request.id });
    await target.gh.updateComment(target.commentId, body);
  } catch (e) {
    turn.log.warn({ err: e, request: request.id }, "could not update the requester's answer");
  }
}

/** What a fault says in the answer: coded errors and the door's own say what to do; anything else points to the log. */
function faultMessage(e: unknown): string {
  if (isQmError(e) || e instanceof GitHubDoorError || e instanceof AppNotInstalledError) return e.message;
  return 'an unexpected error';
}

function describe(state: CommandCommentState): string {
  if (state.kind === 'answer') return state.answer.kind === 'change' ? `change ${state.answer.outcome.status}` : state.answer.kind;
  if (state.kind === 'pr-apply') return `pr-apply ${state.outcome?.status ?? 'not-planned'}`;
  return state.kind;
}
