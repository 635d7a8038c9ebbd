import { secretValuesOf } from '../../src/definitions/index.js';
import { openQuartermaster, type ApplyAnswer, type Quartermaster } from '../../src/engine/open-quartermaster.js';
import type { Hint } from '../../src/engine/hints.js';
import {
  applyCommentMarkerFor,
  planCommentDataOf,
  planCommentMarkerFor,
  readPlanCommentData,
  renderApplyBlockedComment,
  renderApplyResultComment,
  type ApplyBlockedInput,
} from '../../src/render/index.js';
import { createApplyProgress } from '../../src/render/apply-progress.js';
import type { ActionCore } from '../shared/action-core.js';
import type { ActionSettings } from '../shared/action-settings.js';
import type { GitHubClient, PullRequestInfo } from '../shared/github-client.js';
import { approversOf, githubActor } from '../shared/github-identity.js';
import { writeJobFile } from '../shared/write-job-file.js';
import { createGitHubMembership } from '../shared/github-membership.js';
import { annotationsOf } from '../shared/report-diagnostics.js';

/** The engine's hints in a pull request's words. */
const HINT_WORDING: Record<Hint, string> = {
  // After a merge, a re-run of the PR's plan job plans the PR's merge commit again: right when
  // only this job's own partial apply moved the fleet, wrong when main moved on since.
  replan: 'push again or re-run the plan job so the current plan is reviewed: re-run this pull request\'s plan job when only a failed apply moved the fleet, otherwise open a follow-up pull request; then re-run this job',
};

export interface ApplyOnMergeInput {
  settings: ActionSettings;
  github: GitHubClient;
  core: ActionCore;
  /** Whose plan comments are trusted: anyone can paste a marker into a comment. */
  commentAuthors: string[];
}

export interface ApplyOnMergeResult {
  /** Whether the job succeeded: applied without failures, or nothing was left to apply. */
  ok: boolean;
  applied: boolean;
  requestId?: string;
  resultJsonPath?: string;
  /** Why nothing was applied, for the log. */
  blocked?: ApplyBlockedInput['kind'] | 'definitions-invalid';
}

/**
 * The pull-request door's apply: on a push to the default branch, find the pull request the
 * commit merged, read the fingerprint from its plan comment, re-plan the same environments and
 * apply through the gate only if the plan is the one reviewed and the reviews approve it (the
 * author never counts). Otherwise nothing is applied and the PR says why and what to do.
 *
 * @example const r = await applyOnMerge({ settings, github, core, commentAuthors: ['github-actions[bot]'] });
 */
export async function applyOnMerge(input: ApplyOnMergeInput): Promise<ApplyOnMergeResult> {
  const { settings, github, core } = input;
  const sha = pushedSha(settings);
  const pr = await github.pullsForCommit(sha);
  if (!pr) {
    core.error(`Commit ${sha.slice(0, 12)} merged no pull request: Quartermaster applies only plans reviewed on a pull request. Open one for this change (or apply from the command line).`);
    await core.summary.addRaw(`### Quartermaster apply: nothing applied\n\nCommit \`${sha.slice(0, 12)}\` merged no pull request, so there is no reviewed plan to apply.\n`).write();
    return { ok: false, applied: false, blocked: 'not-planned' };
  }
  core.info(`Commit ${sha.slice(0, 12)} merged pull request #${pr.number} (${pr.title}).`);
  const key = settings.key;
  const planComment = await github.findComment(pr.number, planCommentMarkerFor(key), { authors: input.commentAuthors });
  const reviewed = planComment ? readPlanCommentData(planComment.body) : undefined;
  if (!reviewed) return block(input, pr, { key, kind: 'not-planned', retryHint: 'run the plan action on pull requests (it posts the plan this job applies), then merge a planned pull request' });

  const qm = openQuartermaster({ settings: settings.engine, membership: createGitHubMembership(github) });
  try {
    const loaded = await qm.loadDefinitions();
    if (!loaded.ok) {
      for (const a of annotationsOf(loaded.diagnostics, settings.pathInRepo)) core.error(a.message, a);
      return { ok: false, applied: false, blocked: 'definitions-invalid' };
    }
    for (const secret of secretValuesOf(loaded.definitions)) core.setSecret(secret);
    await qm.policy();
    const approvedBy = approversOf(await github.reviews(pr.number), pr.headSha);
    const answer = await qm.apply({
      expected: { fingerprint: reviewed.fingerprint, envs: reviewed.envs },
      actor: githubActor(pr.user),
      door: 'pr',
      command: 'apply',
      reason: `PR #${pr.number} merged as ${sha.slice(0, 12)}: ${pr.title}`,
      holder: `github-actions run ${settings.runUrl ?? '?'} (${sha.slice(0, 12)})`,
      approvedBy,
      onEvent: createApplyProgress({ isTTY: false, write: (s) => core.info(s.replace(/\n$/, '')) }, { color: false }),
    });
    for (const v of answer.votes ?? []) if (v.outcome.outcome === 'refused') core.info(`Review by ${v.approver} not counted: ${v.outcome.reason}`);
    return await report(input, qm, pr, answer, reviewed);
  } finally {
    await qm.close();
  }
}

/** The commit a push event brought (GITHUB_SHA is the same for push). */
function pushedSha(settings: ActionSettings): string {
  const after = (settings.payload as { after?: unknown }).after;
  return typeof after === 'string' && /^[0-9a-f]{40}$/.test(after) ? after : settings.sha;
}

async function report(input: ApplyOnMergeInput, qm: Quartermaster, pr: PullRequestInfo, answer: ApplyAnswer, reviewed: NonNullable<ReturnType<typeof readPlanCommentData>>): Promise<ApplyOnMergeResult> {
  const { settings, core } = input;
  const key = settings.key;
  switch (answer.status) {
    case 'applied': {
      const approvers = [...new Set(answer.request.approvals.map((v) => v.approver))];
      const body = renderApplyResultComment({
        key,
        result: answer.result,
        requestId: answer.request.id,
        requestedBy: answer.request.actor,
        approvedBy: approvers,
        envs: answer.plan.envs,
        fingerprint: answer.plan.fingerprint,
        ...(settings.runUrl ? { summaryUrl: settings.runUrl } : {}),
      });
      await input.github.upsertComment(pr.number, applyCommentMarkerFor(key), body, 'update');
      await core.summary.addRaw(body).write();
      const resultJsonPath = await writeJobFile(settings, 'apply', resultJson(answer));
      if (!answer.result.ok) core.error(`The apply of ${answer.request.id} failed for some resources (see the pull request comment); re-run this job to converge.`);
      return { ok: answer.result.ok, applied: true, requestId: answer.request.id, resultJsonPath };
    }
    case 'no-changes':
      core.info('No changes: the fleet already matches the definitions.');
      await core.summary.addRaw('### Quartermaster apply: no changes\n\nThe fleet already matches the definitions.\n').write();
      return { ok: true, applied: false };
    case 'stale':
      return block(input, pr, { key, kind: 'stale', reviewed, current: planCommentDataOf(answer.plan), retryHint: HINT_WORDING[answer.hint] });
    case 'needs-approval':
      return block(input, pr, {
        key,
        kind: 'needs-approval',
        requestId: answer.request.id,
        requirements: await qm.approvalsOf(answer.request),
        expiresAt: answer.request.expiresAt,
        approveHints: approveHints(settings, answer.request.id),
        retryHint: 're-run this job once approved',
      }, answer.request.id);
    case 'refused':
      return block(input, pr, { key, kind: 'refused', reason: answer.reason });
    case 'locked':
      return block(input, pr, { key, kind: 'locked', env: answer.env, holder: answer.heldBy, since: answer.since, purpose: answer.purpose, retryHint: 're-run this job when that apply has finished' });
    case 'not-claimed':
      return block(input, pr, { key, kind: 'refused', reason: answer.reason });
  }
}

/**
 * How an approval reaches this job: a review always; `qm approve` (or, later, chat) only when
 * the job shares a store with them (QM_DATABASE_URL), since an in-memory store ends with the job.
 */
function approveHints(settings: ActionSettings, requestId: string): string[] {
  const review = 'an approver named above approves this pull request (a review on its last commit), then re-run this job';
  if (!settings.engine.databaseUrl?.startsWith('postgres')) return [review];
  return [review, `or an approver runs \`qm approve ${requestId}\` with the same QM_DATABASE_URL, then re-run this job`];
}

async function block(input: ApplyOnMergeInput, pr: PullRequestInfo, blocked: ApplyBlockedInput, requestId?: string): Promise<ApplyOnMergeResult> {
  const { settings, github, core } = input;
  const body = renderApplyBlockedComment({ ...blocked, ...(settings.runUrl ? { summaryUrl: settings.runUrl } : {}) });
  await github.upsertComment(pr.number, applyCommentMarkerFor(settings.key), body, 'update');
  await core.summary.addRaw(body).write();
  core.error(`Nothing applied for pull request #${pr.number}: ${blocked.kind}. The pull request comment says why and what to do.`);
  return { ok: false, applied: false, blocked: blocked.kind, ...(requestId ? { requestId } : {}) };
}

function resultJson(answer: Extract<ApplyAnswer, { status: 'applied' }>): string {
  return `${JSON.stringify({ requestId: answer.request.id, fingerprint: answer.plan.fingerprint, envs: answer.plan.envs, ...answer.result }, null, 2)}\n`;
}
