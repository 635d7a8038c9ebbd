import type { CommandAnswer, StatusLine, WriteBack } from '../../engine/command-answer.js';
import type { GatedApplyOutcome } from '../../engine/gated-apply.js';
import type { PreviewRequirement } from '../../gates/index.js';
import type { Override } from '../../model/override.js';
import { hasChanges, type Plan } from '../../model/plan.js';
import type { ApprovalRequest } from '../../store/store.js';
import { applySentence } from '../apply-format.js';
import { envSummaryLine } from '../env-summary-line.js';
import { codeLine, codeSpan, escapeMarkdown, fenceFor, truncate } from '../escape-markdown.js';
import { fitLines } from '../fit-lines.js';
import { fitEnvSections, markdownEnvSection } from '../markdown-env-section.js';
import { planHeading } from '../plan-sentence.js';
import { resultTable } from '../render-apply-result-comment.js';
import { GITHUB_COMMENT_LIMIT } from '../render-plan-markdown.js';
import { requirementProgress } from '../render-gate-section.js';
import { safeUrl } from '../safe-url.js';
import { formatUtc } from '../text-table.js';
import { COMMAND_ANSWER_MARKER, requestMarkerFor } from './command-comment-markers.js';
import type { CommandProgress } from './command-progress.js';

/** Where one `/qm` answer comment stands: being worked on, answered, or failed by a fault. */
export type CommandCommentState =
  | { kind: 'working'; progress?: CommandProgress }
  | { kind: 'answer'; answer: CommandAnswer }
  /** A fault (the API or the store down): its message, which never holds secrets. */
  | { kind: 'fault'; message: string }
  /** `/qm plan` on a pull request: where the plan comment is and what it says. */
  | { kind: 'pr-plan'; planUrl?: string; plan?: Plan; errors?: number; nothingPlanned?: string }
  /**
   * `/qm apply` on a pull request: what the gated apply of the plan its plan comment shows came
   * to; `notPlanned` when it has no plan comment by the app; `notCounted` says which reviews
   * did not count as approvals and why.
   */
  | { kind: 'pr-apply'; outcome?: GatedApplyOutcome; approvals?: PreviewRequirement[]; notPlanned?: string; notCounted?: string[] };

export interface CommandCommentInput {
  /** What was typed after `/qm` (`scale prod/web t3.large`). */
  text: string;
  /** Who asked: an actor id (`github:alice-ops#583231`); shown as the login, never as a mention. */
  askedBy: string;
  state: CommandCommentState;
  /**
   * The approval request the comment is about, written as a hidden line so an approval given
   * later finds the comment again. Default: the request of the answer, when it has one.
   */
  requestId?: string;
  /** Longest body in UTF-16 units. Default 65,536 − 1,024. */
  maxLength?: number;
}

const DEFAULT_MAX = GITHUB_COMMENT_LIMIT - 1_024;
const TEXT_MAX = 300;
const LIST_MAX = 50;
const PROMPT = '/qm';

/**
 * The one comment that answers a `/qm` command in an issue or a pull request, rendered anew at
 * every stage (working, progress, waiting for approval, approved, applied with a receipt per
 * resource, refused, usage error), so the door edits it in place. Its first line is a hidden
 * marker; user text is escaped (no mention, no markup, no marker forgery); the body stays within
 * GitHub's comment limit, cutting plan details and table rows first.
 *
 * @example await gh.updateComment(id, renderCommandComment({ text: 'scale prod/web t3.large', askedBy: actor, state: { kind: 'answer', answer } }))
 */
export function renderCommandComment(input: CommandCommentInput): string {
  const max = input.maxLength ?? DEFAULT_MAX;
  const requestId = input.requestId ?? requestOfState(input.state)?.id;
  const head = [
    COMMAND_ANSWER_MARKER,
    ...(requestId ? [requestMarkerFor(requestId)] : []),
    `**${PROMPT}** ${codeSpan(input.text, { max: 200 })} · asked by ${who(input.askedBy)}`,
  ].join('\n');
  const room = max - head.length - 64;
  const body = bodyOf(input.state, room);
  const out = `${[head, ...body].filter(Boolean).join('\n\n')}\n`;
  if (out.length <= max) return out;
  // Only reachable with a budget too small for the answer: keep the marker lines and say so.
  const short = `${head}\n\nThe answer is too long for a comment.\n`;
  return short.length <= max ? short : `${COMMAND_ANSWER_MARKER}\n`;
}

/**
 * The comment announcing what became of a temporary change when its time was up.
 *
 * @example renderExpiryComment({ override, answer })
 */
export function renderExpiryComment(input: { override: Override; answer: CommandAnswer; maxLength?: number }): string {
  const o = input.override;
  const max = input.maxLength ?? DEFAULT_MAX;
  const what = codeSpan(stripPrompt(o.reason), { max: 200 });
  const head = [COMMAND_ANSWER_MARKER, `⏰ **Time is up** for ${what} (${codeSpan(o.id)}, asked by ${who(o.owner)}${o.expiresAt ? `, until ${utc(o.expiresAt)}` : ''}).`].join('\n');
  const body = bodyOf({ kind: 'answer', answer: input.answer }, max - head.length - 64);
  const out = `${[head, ...body].join('\n\n')}\n`;
  return out.length <= max ? out : `${head}\n`;
}

function bodyOf(state: CommandCommentState, room: number): string[] {
  switch (state.kind) {
    case 'working':
      return working(state.progress);
    case 'fault':
      return [`❌ **Quartermaster could not finish this:** ${escapeMarkdown(state.message, 1_000)}`, 'Nothing more will happen for this command; ask again once the cause is fixed. The bot log has the details.'];
    case 'answer':
      return answerBlocks(state.answer, room);
    case 'pr-plan':
      return prPlan(state);
    case 'pr-apply': {
      if (!state.outcome) return [`⛔ **Nothing applied:** ${escapeMarkdown(state.notPlanned ?? 'this pull request has no plan by Quartermaster', TEXT_MAX)}. Comment ${codeSpan(`${PROMPT} plan`)} first, review the plan, then ${codeSpan(`${PROMPT} apply`)}.`];
      const notCounted = (state.notCounted ?? []).map((r) => `- Not counted as an approval: ${escapeMarkdown(r, TEXT_MAX)}`).join('\n');
      return [...outcomeBlocks(state.outcome, { ...(state.approvals ? { approvals: state.approvals } : {}) }, 'pull-request', room), ...(notCounted ? [notCounted] : [])];
    }
  }
}

function prPlan(state: Extract<CommandCommentState, { kind: 'pr-plan' }>): string[] {
  const url = safeUrl(state.planUrl);
  const where = url ? `[the plan comment](${url})` : 'the plan comment';
  if (state.errors !== undefined) return [`❌ **${state.errors} error${state.errors === 1 ? '' : 's'}** in the definitions or policy.yml at this pull request's head: nothing was planned. They are listed in ${where}.`];
  if (!state.plan) return [`📋 **Nothing to plan:** ${escapeMarkdown(state.nothingPlanned ?? 'this pull request changes no environment', TEXT_MAX)}.`];
  if (!hasChanges(state.plan)) return [`📋 **No changes:** the fleet already matches this pull request (${where}).`];
  const s = state.plan.summary;
  return [`📋 **Planned:** ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy in ${list(state.plan.envs)}; see ${where}. Once it is reviewed, comment ${codeSpan(`${PROMPT} apply`)} to apply exactly that plan.`];
}

function working(p: CommandProgress | undefined): string[] {
  if (!p?.total) return ['⏳ Working on it…'];
  const failed = p.failed > 0 ? `, ${p.failed} failed` : '';
  return [`⏳ **Applying:** ${p.finished} of ${p.total} changes done${failed}.`, p.recent.map((l) => `- ${escapeMarkdown(l, TEXT_MAX)}`).join('\n')];
}

function answerBlocks(answer: CommandAnswer, room: number): string[] {
  switch (answer.kind) {
    case 'usage':
      return [`⚠️ **${escapeMarkdown(answer.error, 1_000)}**`, usageBlock(answer.usage), `Type ${codeSpan(`${PROMPT} help`)} for every command.`];
    case 'help':
      return help(answer.topics);
    case 'refused':
      return [`⛔ **Refused:** ${escapeMarkdown(answer.reason, 1_000)}`];
    case 'change':
      return change(answer, room);
    case 'vote':
      return vote(answer, room);
    case 'denied':
      return answer.outcome.outcome === 'denied'
        ? [`🛑 **Denied:** request ${codeSpan(answer.outcome.request.id)} (${codeSpan(stripPrompt(answer.outcome.request.reason), { max: 200 })}, asked by ${who(answer.outcome.request.actor)}) will not be applied.${answer.outcome.request.stateReason ? ` ${escapeMarkdown(answer.outcome.request.stateReason, TEXT_MAX)}` : ''}`]
        : [`⛔ **Not denied:** ${escapeMarkdown(answer.outcome.reason, TEXT_MAX)}`];
    case 'status':
      return status(answer, room);
    case 'plan':
      return planBlocks(answer.plan, 'Plan', room);
    case 'drift':
      return drift(answer.report);
    case 'requests':
      return answer.requests.length === 0 ? ['No open requests.'] : [requestsTable(answer.requests)];
    case 'locks':
      return answer.locks.length === 0 ? ['No environment is locked.'] : [locksTable(answer.locks)];
    case 'unlock':
      return answer.outcome.unlocked
        ? [`🔓 **${escapeMarkdown(answer.env)} unlocked.**${answer.outcome.removed ? ` It was held by ${escapeMarkdown(answer.outcome.removed.holder, 200)} (${escapeMarkdown(answer.outcome.removed.purpose, TEXT_MAX)}).` : ' It was not locked.'}`]
        : [`⛔ **Not unlocked:** ${escapeMarkdown(answer.outcome.reason, TEXT_MAX)}`];
  }
}

type ChangeAnswer = Extract<CommandAnswer, { kind: 'change' }>;
type Extras = Pick<ChangeAnswer, 'approvals' | 'override' | 'ended' | 'writeBack'>;

function change(answer: ChangeAnswer, room: number): string[] {
  return outcomeBlocks(answer.outcome, answer, 'chat', room);
}

/**
 * A gated apply's outcome. `chat`: a chat change, applied as soon as its approvals are complete.
 * `pull-request`: a pull request's `/qm apply`, which its requester asks again once approved.
 */
function outcomeBlocks(o: GatedApplyOutcome, answer: Extras, wording: 'chat' | 'pull-request', room: number): string[] {
  switch (o.status) {
    case 'no-changes':
      return ['✅ **Nothing to change:** the fleet already is as asked.', ...temporary(answer)];
    case 'refused':
      return [`⛔ **Refused:** ${escapeMarkdown(o.reason, 1_000)}`, ...planBlocks(o.plan, 'What it would change', room - 1_200)];
    case 'locked':
      return [`🔒 **${escapeMarkdown(o.env)} is locked** by ${escapeMarkdown(o.heldBy, 200)} since ${utc(o.since)} (${escapeMarkdown(o.purpose, TEXT_MAX)}). Nothing was done: ask again when that has finished.`];
    case 'stale':
      return wording === 'chat'
        ? ['⚠️ **Not applied:** the fleet or the definitions changed while this was being decided. Nothing was done: ask again.']
        : [`⚠️ **Not applied:** the plan now is not the one in this pull request's plan comment (the pull request, the default branch or the fleet moved since). Comment ${codeSpan(`${PROMPT} plan`)} to review the current plan, then ${codeSpan(`${PROMPT} apply`)}.`];
    case 'not-claimed':
      return [`⚠️ **Not applied:** ${escapeMarkdown(o.reason, TEXT_MAX)}`];
    case 'needs-approval': {
      const req = o.request;
      const approve = codeSpan(`${PROMPT} approve ${req.id}`);
      const deny = codeSpan(`${PROMPT} deny ${req.id} <reason>`);
      return [
        `⏸️ **Waiting for approval:** request ${codeSpan(req.id)} until ${utc(req.expiresAt)}. Nothing is applied before then.`,
        requirementLines(answer.approvals, req),
        wording === 'chat'
          ? `An approver comments ${approve} (anywhere the bot listens; never the requester), or ${deny}. It is applied as soon as the approvals are complete.`
          : `An approver comments ${approve} (never the requester) or approves this pull request; then comment ${codeSpan(`${PROMPT} apply`)} again. Or ${deny}.`,
        ...planBlocks(o.plan, 'What it will change', room - 2_000),
      ];
    }
    case 'applied': {
      const r = o.result;
      const approvers = [...new Set(o.request.approvals.map((v) => v.approver))];
      const facts = [
        `request ${codeSpan(o.request.id)}`,
        `approved by ${approvers.length > 0 ? people(approvers) : 'nobody (no approval was needed)'}`,
        ...(o.resumed ? ['finishing an apply that was interrupted'] : []),
      ].join(' · ');
      const rows = r.results.filter((x) => x.type !== 'no-op');
      const tail = [...temporary(answer), ...writeBack(answer.writeBack)];
      const used = tail.reduce((n, b) => n + b.length + 2, 0) + facts.length + 400;
      return [
        r.ok
          ? `✅ **Applied** in ${list(o.plan.envs)}.`
          : `❌ **Apply failed** in ${list(o.plan.envs)}: what was applied stays applied; ${wording === 'chat' ? 'ask again' : `comment ${codeSpan(`${PROMPT} plan`)} and apply again`} to finish the rest.`,
        facts,
        resultTable(rows, Math.max(0, room - used), 'the bot log'),
        `**${applySentence(r.counts)}**`,
        ...tail,
      ];
    }
  }
}

/** The approval still missing for a request, with who may give it. */
function requirementLines(approvals: readonly PreviewRequirement[] | undefined, req: ApprovalRequest): string {
  if (approvals && approvals.length > 0) return fitLines(approvals.map((r) => `- ${requirementProgress(r)}`), 6_000, (n) => `- … and ${n} more`).join('\n');
  return req.requirements.map((r) => `- ${r.count} of **${escapeMarkdown(r.group, 100)}**. Why: ${escapeMarkdown(r.reason, TEXT_MAX)}`).join('\n');
}

function temporary(answer: Extras): string[] {
  const out: string[] = [];
  if (answer.override) {
    const o = answer.override;
    const until = o.expiresAt ? `reverts by itself at ${utc(o.expiresAt)}` : `lasts until ${codeSpan(`${PROMPT} startup ${o.target ? `${o.env}/${o.target.name}` : o.env}`)}`;
    out.push(`⏳ **Temporary** (${codeSpan(o.id)}): not written to the definitions; ${until}.`);
  }
  if (answer.ended) out.push(`↩️ Ended the temporary change ${codeSpan(answer.ended.id)} (${codeSpan(stripPrompt(answer.ended.reason), { max: 200 })}).`);
  return out;
}

function writeBack(w: WriteBack | undefined): string[] {
  if (!w) return [];
  switch (w.kind) {
    case 'local':
      return [`📝 **Written back** to the definitions directory: ${w.files.map((f) => codeSpan(f, { max: 200 })).join(', ')}.`];
    case 'pull-request': {
      const url = safeUrl(w.url);
      const link = url ? `[#${w.number}](${url})` : `#${w.number}`;
      const merge =
        w.autoMerge === 'enabled' ? ' It merges by itself once its checks pass.' : w.autoMerge === 'failed' ? ' Auto-merge could not be turned on: merge it by hand.' : ' Merge it so the definitions say what runs.';
      return [`📝 **Written back:** pull request ${link} (branch ${codeSpan(w.branch, { max: 200 })}) edits the definitions to match.${merge}`];
    }
    case 'unchanged':
      return ['📝 The definitions already say this: nothing to write back.'];
    case 'refused':
    case 'failed':
      return [`⚠️ **Not written back:** ${escapeMarkdown(w.reason, TEXT_MAX)}. The fleet and the definitions now differ: edit the definitions to match, or the next apply from git undoes this change.`];
  }
}

function vote(answer: Extract<CommandAnswer, { kind: 'vote' }>, room: number): string[] {
  const o = answer.outcome;
  if (o.outcome === 'refused') return [`⛔ **Approval not counted:** ${escapeMarkdown(o.reason, 1_000)}`];
  const req = o.request;
  const what = `request ${codeSpan(req.id)} (${codeSpan(stripPrompt(req.reason), { max: 200 })}, asked by ${who(req.actor)})`;
  if (o.outcome === 'vote-recorded') {
    const gaps = o.remaining.map((g) => `- ${g.need - g.have} more of **${escapeMarkdown(g.group, 100)}** (${g.have}/${g.need})`).join('\n');
    return [`🗳️ **Approval recorded** on ${what}. Still needed:`, gaps];
  }
  const approvers = [...new Set(req.approvals.map((v) => v.approver))];
  const head = `👍 **Approved** ${what} by ${people(approvers)}.`;
  if (!answer.applied) return [head, 'It is applied when its requester applies it again (it was not asked from chat).'];
  return [head, ...change(answer.applied, room - head.length)];
}

function status(answer: Extract<CommandAnswer, { kind: 'status' }>, room: number): string[] {
  const header = '| Resource | Live | Pending |\n| --- | --- | --- |';
  const rows = fitLines(answer.lines.map(statusRow), Math.max(0, room - 4_000), (n) => `| … and ${n} more | | |`);
  const out = [`**Status** of ${list(answer.envs)}`, answer.lines.length > 0 ? [header, ...rows].join('\n') : 'No resources.'];
  if (answer.overrides.length > 0) out.push(`**Temporary changes**\n\n${answer.overrides.slice(0, LIST_MAX).map(overrideLine).join('\n')}`);
  if (answer.requests.length > 0) out.push(`**Open requests**\n\n${requestsTable(answer.requests)}`);
  return out;
}

function statusRow(l: StatusLine): string {
  const name = `${l.env}/${l.name}${l.physicalId ? ` (${l.physicalId})` : ''}`;
  return `| ${escapeMarkdown(name, TEXT_MAX)} | ${escapeMarkdown(l.live, TEXT_MAX)} | ${l.pending ? escapeMarkdown(l.pending, 100) : '—'} |`;
}

function overrideLine(o: Override): string {
  const target = o.target ? `${o.env}/${o.target.name}` : o.env;
  return `- ${codeSpan(o.id)} ${escapeMarkdown(target, 200)}: ${codeSpan(stripPrompt(o.reason), { max: 200 })} by ${who(o.owner)}, ${o.expiresAt ? `until ${utc(o.expiresAt)}` : 'until started up'}`;
}

function planBlocks(plan: Plan, title: string, room: number): string[] {
  if (!hasChanges(plan)) return [planHeading(title, plan.summary)];
  const lines = plan.envs.map((env) => `- ${envSummaryLine(plan, env)}`).join('\n');
  const sections = plan.envs.map((env) => markdownEnvSection(env, plan, { fullPlanHint: (e) => `ask ${codeSpan(`${PROMPT} plan ${e}`)} or run ${codeSpan(`qm plan --env ${e}`)}` }));
  fitEnvSections(sections, Math.max(0, room - lines.length - 200));
  return [planHeading(title, plan.summary), lines, ...sections.map((s) => s.render())];
}

function drift(report: Extract<CommandAnswer, { kind: 'drift' }>['report']): string[] {
  if (!report.hasDrift) return [`✅ **No drift** in ${list(report.envs)}: the fleet matches the definitions.`];
  const items = report.items.map((i) => {
    const name = escapeMarkdown(`${i.env}/${i.kind}/${i.name}${i.physicalId ? ` (${i.physicalId})` : ''}`, TEXT_MAX);
    if (i.state === 'missing') return `- ${name}: defined but missing`;
    return `- ${name}: ${i.fields.map((f) => `${codeSpan(f.field, { max: 100 })} is ${codeSpan(show(f.live), { max: 100 })}, defined ${codeSpan(show(f.defined), { max: 100 })}`).join('; ')}`;
  });
  const notices = report.notices.map((n) => `- ⚠️ ${escapeMarkdown(n.message, TEXT_MAX)}`);
  return [`🔀 **Drift** in ${list(report.envs)}:`, fitLines([...items, ...notices], 20_000, (n) => `- … and ${n} more`).join('\n')];
}

function requestsTable(requests: readonly ApprovalRequest[]): string {
  const header = '| Request | State | Asked | By | Expires | Approvals |\n| --- | --- | --- | --- | --- | --- |';
  const rows = requests.slice(0, LIST_MAX).map((r) => {
    const votes = new Set(r.approvals.map((v) => v.approver)).size;
    const need = r.requirements.reduce((n, q) => n + q.count, 0);
    return `| ${codeSpan(r.id, { inTable: true })} | ${escapeMarkdown(r.state)} | ${codeSpan(stripPrompt(r.reason), { max: 120, inTable: true })} | ${who(r.actor)} | ${utc(r.expiresAt)} | ${votes}/${need} |`;
  });
  const more = requests.length > LIST_MAX ? [`| … and ${requests.length - LIST_MAX} more | | | | | |`] : [];
  return [header, ...rows, ...more].join('\n');
}

function locksTable(locks: Extract<CommandAnswer, { kind: 'locks' }>['locks']): string {
  const header = '| Environment | Held by | Since | For |\n| --- | --- | --- | --- |';
  const rows = locks.slice(0, LIST_MAX).map((l) => `| ${escapeMarkdown(l.env)} | ${escapeMarkdown(l.holder, 200)}${l.expired ? ' (stale)' : ''} | ${utc(l.acquiredAt)} | ${escapeMarkdown(l.purpose, TEXT_MAX)} |`);
  return [header, ...rows].join('\n');
}

function help(topics: Extract<CommandAnswer, { kind: 'help' }>['topics']): string[] {
  return [
    `**Quartermaster commands**: type them after ${codeSpan(PROMPT)} in a comment.`,
    ...topics.map((t) => {
      const examples = t.examples.map((e) => codeSpan(`${PROMPT} ${e}`, { max: 200 })).join(' · ');
      return [`**${escapeMarkdown(t.command)}**: ${escapeMarkdown(t.summary, 1_000)}`, usageBlock(t.usage), ...(examples ? [`Examples: ${examples}`] : [])].join('\n\n');
    }),
  ];
}

function usageBlock(usage: string): string {
  const lines = String(usage)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => codeLine(truncate(`${PROMPT} ${l}`, 300)));
  const fence = fenceFor(lines);
  return `${fence}text\n${lines.join('\n')}\n${fence}`;
}

/**
 * The approval request a comment state is about: the change's, the vote's, the denial's, or a
 * pull request apply's.
 *
 * @example requestOfState({ kind: 'answer', answer })?.id // 'req-0123456789ab'
 */
export function requestOfState(state: CommandCommentState): ApprovalRequest | undefined {
  if (state.kind === 'answer') return requestOf(state.answer);
  if (state.kind === 'pr-apply' && state.outcome && 'request' in state.outcome) return state.outcome.request;
  return undefined;
}

function requestOf(answer: CommandAnswer): ApprovalRequest | undefined {
  if (answer.kind === 'change') return 'request' in answer.outcome ? answer.outcome.request : undefined;
  if (answer.kind === 'vote') return answer.outcome.outcome === 'refused' ? undefined : answer.outcome.request;
  if (answer.kind === 'denied') return answer.outcome.outcome === 'denied' ? answer.outcome.request : undefined;
  return undefined;
}

/**
 * An actor as people on GitHub know them: the login of a GitHub account, the id otherwise;
 * escaped, so it never notifies anyone.
 */
function who(actor: string): string {
  const github = /^github:([^#]+)#\d+$/.exec(actor);
  return escapeMarkdown(github ? (github[1] as string) : actor, 100);
}

function people(actors: readonly string[]): string {
  const shown = actors.slice(0, 10).map(who);
  return `${shown.join(', ')}${actors.length > shown.length ? ` and ${actors.length - shown.length} more` : ''}`;
}

function list(names: readonly string[]): string {
  if (names.length === 0) return 'every environment';
  const shown = names.slice(0, 10).map((n) => `**${escapeMarkdown(n, 100)}**`);
  return `${shown.join(', ')}${names.length > shown.length ? ` and ${names.length - shown.length} more` : ''}`;
}

/** Request reasons of chat changes start with `/qm `; the comment shows the command alone. */
function stripPrompt(reason: string): string {
  return String(reason).replace(/^\/qm\s+/, '');
}

function utc(iso: string): string {
  return escapeMarkdown(formatUtc(String(iso)), 40);
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v) ?? 'unset';
}
