import { envsTouched } from '../../actions/shared/envs-touched.js';
import { approversOf, githubActor } from '../../actions/shared/github-identity.js';
import type { ApplyEvent } from '../../src/apply/index.js';
import { hasMarker, planCommentMarkerFor, readPlanCommentData, renderPrPlanComment } from '../../src/render/index.js';
import type { CommandCommentState } from '../../src/render/github-comment/index.js';
import type { DoorComment, GitHubDoorClient } from './github-door-client.js';
import type { GitHubDoorEngine } from './github-door-engine.js';

/** The sticky plan comment the bot keeps on a pull request; one per pull request, updated by every `/qm plan`. */
export const BOT_PLAN_KEY = 'qm-bot';

export interface PullRequestTurn {
  gh: GitHubDoorClient;
  engine: GitHubDoorEngine;
  number: number;
  /** Who commented (`github:login#id`). */
  actor: string;
  holder: string;
  /** The app's own login: only its comments are trusted to hold a plan. */
  appLogin(): Promise<string>;
  onEvent?: (e: ApplyEvent) => void;
}

/**
 * `/qm plan [env...]` on a pull request: plans the environments the pull request touches (or
 * those named) from the definitions at its head, posts or updates the bot's sticky plan comment
 * (the plan action's own rendering, with the gate's verdict for the commenter and the head's
 * approving reviews) and answers where it is.
 *
 * @example const state = await planPullRequest(turn, []);
 */
export async function planPullRequest(turn: PullRequestTurn, envsAsked: readonly string[]): Promise<CommandCommentState> {
  const { gh, number } = turn;
  const pr = await gh.pullRequest(number);
  if (pr.state !== 'open') return { kind: 'pr-plan', nothingPlanned: 'this pull request is closed' };
  const opened = await turn.engine.pullRequest({ ...gh.repo, number, headSha: pr.headSha });
  if (!opened.ok) return { kind: 'pr-plan', nothingPlanned: opened.reason };
  const { qm } = opened;
  try {
    const loaded = await qm.loadDefinitions();
    const policy = await qm.loadPolicy();
    const diagnostics = [...(loaded.ok ? [] : loaded.diagnostics), ...(policy.ok ? [] : policy.diagnostics)];
    if (!loaded.ok || diagnostics.length > 0) {
      const url = await upsertPlanComment(turn, renderPrPlanComment({ key: BOT_PLAN_KEY, diagnostics }));
      return { kind: 'pr-plan', planUrl: url, errors: diagnostics.length };
    }
    const defined = new Set(loaded.definitions.environments.map((e) => e.name));
    let envs: string[] | undefined;
    if (envsAsked.length > 0) {
      const unknown = envsAsked.filter((e) => !defined.has(e));
      if (unknown.length > 0) return { kind: 'pr-plan', nothingPlanned: `this pull request defines no environment ${unknown.join(', ')}` };
      envs = [...new Set(envsAsked)];
    } else {
      const files = await gh.changedFiles(number);
      const touched = files.truncated ? { all: true, envs: [] } : envsTouched(files, '');
      envs = touched.all ? undefined : touched.envs.filter((e) => defined.has(e));
      if (envs?.length === 0) return { kind: 'pr-plan', nothingPlanned: "this pull request changes no defined environment's files" };
    }
    const plan = await qm.plan(envs ? { envs } : {});
    const approvedBy = approversOf(await gh.reviews(number), pr.headSha);
    const gate = await qm.previewGate({ actor: turn.actor, command: 'apply', plan, approvedBy, door: 'github-comment' });
    const url = await upsertPlanComment(turn, renderPrPlanComment({ key: BOT_PLAN_KEY, plan, gate }));
    return { kind: 'pr-plan', planUrl: url, plan };
  } finally {
    await qm.close();
  }
}

/**
 * `/qm apply` on a pull request: applies exactly the plan the bot's plan comment shows (its
 * fingerprint and environments; the comment is trusted only when the app wrote it), through the
 * gate with the PR's author as requester (never an approver of it) once the commenter is found
 * allowed to apply there, with the head's approving reviews counted as votes. A plan that moved on is `stale`, and nothing is applied.
 *
 * @example const state = await applyPullRequest(turn);
 */
export async function applyPullRequest(turn: PullRequestTurn): Promise<CommandCommentState> {
  const { gh, number } = turn;
  const planComment = await newestAppComment(turn, planCommentMarkerFor(BOT_PLAN_KEY));
  const reviewed = planComment ? readPlanCommentData(planComment.body) : undefined;
  if (!reviewed) return { kind: 'pr-apply', notPlanned: 'this pull request has no plan by Quartermaster' };
  const pr = await gh.pullRequest(number);
  if (pr.state !== 'open') return { kind: 'pr-apply', notPlanned: 'this pull request is closed: what merged is applied by the apply workflow or qm apply' };
  const opened = await turn.engine.pullRequest({ ...gh.repo, number, headSha: pr.headSha });
  if (!opened.ok) return { kind: 'pr-apply', notPlanned: opened.reason };
  const { qm } = opened;
  try {
    // The change is the PR author's, as on merge: they never approve it, whoever comments
    // `/qm apply`. The commenter must be allowed to apply there themselves.
    const author = githubActor(pr.user);
    if (turn.actor !== author) {
      const plan = await qm.plan({ envs: reviewed.envs });
      const gate = await qm.previewGate({ actor: turn.actor, command: 'apply', plan, door: 'github-comment' });
      if (gate.decision === 'refused') return { kind: 'pr-apply', outcome: { status: 'refused', plan, reason: gate.reason } };
    }
    const approvedBy = approversOf(await gh.reviews(number), pr.headSha);
    const outcome = await qm.apply({
      expected: { fingerprint: reviewed.fingerprint, envs: reviewed.envs },
      actor: author,
      door: 'github-comment',
      command: 'apply',
      // Not `/qm ...`: an approval of it must not re-run it as a chat command (its requester applies it again).
      reason: `PR ${gh.repo.owner}/${gh.repo.repo}#${number} at ${pr.headSha.slice(0, 12)}: ${pr.title}`,
      holder: turn.holder,
      approvedBy,
      ...(turn.onEvent ? { onEvent: turn.onEvent } : {}),
    });
    const approvals = outcome.status === 'needs-approval' ? await qm.approvalsOf(outcome.request) : undefined;
    const notCounted = (outcome.votes ?? []).flatMap((v) => (v.outcome.outcome === 'refused' ? [`${v.approver}: ${v.outcome.reason}`] : []));
    return { kind: 'pr-apply', outcome, ...(approvals ? { approvals } : {}), ...(notCounted.length > 0 ? { notCounted } : {}) };
  } finally {
    await qm.close();
  }
}

/** The newest comment by the app whose first line is `marker`; comments by anyone else are never read. */
export async function newestAppComment(turn: Pick<PullRequestTurn, 'gh' | 'number' | 'appLogin'>, marker: string): Promise<DoorComment | undefined> {
  const login = (await turn.appLogin()).toLowerCase();
  const mine = (await turn.gh.comments(turn.number)).filter((c) => c.user.login.toLowerCase() === login && hasMarker(c.body, marker));
  return mine.reduce<DoorComment | undefined>((a, c) => (!a || c.id > a.id ? c : a), undefined);
}

async function upsertPlanComment(turn: PullRequestTurn, body: string): Promise<string> {
  const existing = await newestAppComment(turn, planCommentMarkerFor(BOT_PLAN_KEY));
  if (!existing) return (await turn.gh.comment(turn.number, body)).url;
  await turn.gh.updateComment(existing.id, body);
  return existing.htmlUrl;
}
