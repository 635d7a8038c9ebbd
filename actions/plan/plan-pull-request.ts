import { ConfigInvalidError } from '../../src/errors.js';
import { secretValuesOf, type Diagnostic } from '../../src/definitions/index.js';
import { openQuartermaster } from '../../src/engine/open-quartermaster.js';
import type { GatePreview } from '../../src/gates/index.js';
import { hasChanges, type Plan } from '../../src/model/plan.js';
import { planCommentMarkerFor, renderJobSummary, renderPlanJson, renderPrPlanComment } from '../../src/render/index.js';
import type { ActionCore } from '../shared/action-core.js';
import type { ActionSettings } from '../shared/action-settings.js';
import { envsTouched } from '../shared/envs-touched.js';
import type { GitHubClient, PullRequestInfo } from '../shared/github-client.js';
import { approversOf, githubActor } from '../shared/github-identity.js';
import { writeJobFile } from '../shared/write-job-file.js';
import { createGitHubMembership } from '../shared/github-membership.js';
import { annotationsOf, inRepository } from '../shared/report-diagnostics.js';
import { gateStatus, GATE_CONTEXT } from '../shared/gate-status.js';

export type CommentMode = 'update' | 'new' | 'off';

export interface PlanPullRequestInput {
  settings: ActionSettings;
  github: GitHubClient;
  core: ActionCore;
  comment: CommentMode;
}

export interface PlanPullRequestResult {
  /** False when the job should fail (definition or policy errors). */
  ok: boolean;
  plan?: Plan;
  planJsonPath?: string;
  gate?: GatePreview;
  commentUrl?: string;
}

/**
 * The pull-request door's plan: plan the environments the PR touches, post (or update) the
 * sticky comment with the plan and the gate's verdict, write the job summary and the JSON plan,
 * and set the `quartermaster/gate` commit status so branch protection can keep unapprovable
 * changes out. Runs on `pull_request` and on `pull_request_review` (a review changes the verdict).
 *
 * @example const r = await planPullRequest({ settings, github, core, comment: 'update' });
 */
export async function planPullRequest(input: PlanPullRequestInput): Promise<PlanPullRequestResult> {
  const { settings, github, core } = input;
  const number = pullRequestNumber(settings.payload, settings.eventName);
  const pr = await github.pullRequest(number);
  const context = settings.envs ? `${GATE_CONTEXT} (${settings.envs.join(', ')})` : GATE_CONTEXT;

  const envs = settings.envs ?? (await touchedEnvironments(github, number, settings.pathInRepo));
  if (envs && envs.length === 0) {
    core.info(`Pull request #${number} changes nothing under ${settings.pathInRepo || 'the repository root'}: nothing to plan.`);
    await github.setStatus(pr.headSha, { context, state: 'success', description: 'no fleet definitions changed' });
    return { ok: true };
  }

  const qm = openQuartermaster({ settings: settings.engine, membership: createGitHubMembership(github) });
  try {
    const loaded = await qm.loadDefinitions();
    if (loaded.ok) for (const secret of secretValuesOf(loaded.definitions)) core.setSecret(secret);
    const policy = await qm.loadPolicy();
    const diagnostics = [...(loaded.ok ? [] : loaded.diagnostics), ...(policy.ok ? [] : policy.diagnostics)];
    if (diagnostics.length > 0) {
      await reportErrors(input, number, pr, context, diagnostics);
      return { ok: false };
    }

    // A PR that deletes an environment's directory touches an environment no longer defined
    // (its resources are left alone: only `deleted: true` destroys). A name given in the
    // `environments` input is never dropped: an unknown one is an error.
    const defined = new Set((await qm.definitions()).environments.map((e) => e.name));
    const gone = settings.envs ? [] : (envs ?? []).filter((e) => !defined.has(e));
    for (const env of gone) core.warning(`Environment ${env} is no longer defined under ${settings.pathInRepo || '.'}: not planned; its resources are left as they are.`);
    const planned = envs?.filter((e) => !gone.includes(e));
    if (planned && planned.length === 0) {
      await github.setStatus(pr.headSha, { context, state: 'success', description: 'no defined environment changed' });
      return { ok: true };
    }
    const plan = await qm.plan(planned ? { envs: planned } : {});
    const approvedBy = approversOf(await github.reviews(number), pr.headSha);
    const gate = await qm.previewGate({ actor: githubActor(pr.user), command: 'apply', plan, approvedBy, door: 'pr' });
    for (const d of gate.discounted) core.info(`Not counted as an approval: ${d.reason}`);

    await core.summary.addRaw(renderJobSummary({ plan, gate })).write();
    const planJsonPath = await writeJobFile(settings, 'plan', renderPlanJson(plan));
    const commentUrl = await postComment(input, number, renderPrPlanComment({ key: settings.key, plan, gate, ...(settings.runUrl ? { summaryUrl: settings.runUrl } : {}) }));
    await github.setStatus(pr.headSha, { context, ...gateStatus(gate, hasChanges(plan)), ...(commentUrl ? { targetUrl: commentUrl } : {}) });
    return { ok: true, plan, planJsonPath, gate, ...(commentUrl ? { commentUrl } : {}) };
  } finally {
    await qm.close();
  }
}

/** The PR of a `pull_request` or `pull_request_review` event. */
function pullRequestNumber(payload: Record<string, unknown>, eventName: string): number {
  const n = (payload.pull_request as { number?: unknown } | undefined)?.number;
  if (typeof n === 'number') return n;
  throw new ConfigInvalidError(`the ${eventName || 'unknown'} event has no pull request`, {
    fix: 'Run the plan action on `pull_request` (and `pull_request_review`) events; on push use the apply action',
  });
}

/** Environments the PR's files touch; undefined when a shared file changed (plan them all). */
async function touchedEnvironments(github: GitHubClient, pr: number, pathInRepo: string): Promise<string[] | undefined> {
  const files = await github.changedFiles(pr);
  if (files.truncated) return undefined;
  const touched = envsTouched(files, pathInRepo);
  return touched.all ? undefined : touched.envs;
}

async function reportErrors(input: PlanPullRequestInput, number: number, pr: PullRequestInfo, context: string, diagnostics: Diagnostic[]): Promise<void> {
  const { settings, github, core } = input;
  for (const a of annotationsOf(diagnostics, settings.pathInRepo)) core.error(a.message, a);
  const shown = inRepository(diagnostics, settings.pathInRepo);
  await core.summary.addRaw(renderJobSummary({ diagnostics: shown })).write();
  const url = await postComment(input, number, renderPrPlanComment({ key: settings.key, diagnostics: shown, ...(settings.runUrl ? { summaryUrl: settings.runUrl } : {}) }));
  const n = diagnostics.length;
  await github.setStatus(pr.headSha, { context, state: 'failure', description: `${n} error${n === 1 ? '' : 's'} in the definitions or policy.yml`, ...(url ? { targetUrl: url } : {}) });
}

async function postComment(input: PlanPullRequestInput, number: number, body: string): Promise<string | undefined> {
  if (input.comment === 'off') return undefined;
  const posted = await input.github.upsertComment(number, planCommentMarkerFor(input.settings.key), body, input.comment);
  input.core.info(`${posted.created ? 'Posted' : 'Updated'} the plan comment: ${posted.url}`);
  return posted.url;
}

