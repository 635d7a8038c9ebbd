import { worstImpact, type Plan, type PlannedAction, type PlanNotice } from '../model/plan.js';
import { summarizePlan } from '../plan/index.js';
import { actionLines } from './action-lines.js';
import { ACTION_STYLE } from './action-style.js';
import { formatUsdDelta } from './format-usd.js';
import { hasSummaryChanges } from './plan-sentence.js';

/** GitHub refuses comment bodies longer than this (422 "body is too long"). */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface MarkdownOptions {
  /** Longest body to produce, in UTF-16 units (never fewer than the code points GitHub counts). Default: a little under GitHub's limit, leaving room for a door's own line. */
  maxLength?: number;
  /** Heading text; default `Quartermaster plan`. */
  title?: string;
  /** Where the whole plan can be read when a section is cut: default `run \`qm plan --env <env>\``. */
  fullPlanHint?: string;
}

const DEFAULT_MAX = GITHUB_COMMENT_LIMIT - 1_024;
/** Room kept in every environment's share for its truncation note. */
const NOTE_RESERVE = 400;

/** The hidden line a door searches for to update its sticky comment instead of posting a new one. */
export function planCommentMarker(fingerprint: string): string {
  return `<!-- quartermaster:plan fingerprint=${fingerprint} -->`;
}

/**
 * The plan as a pull request comment: totals, worst impact and cost delta, then one collapsible
 * section per environment (open when it destroys something) holding a diff block and its
 * notices, then the fingerprint. Always under GitHub's 65,536-character limit: an environment
 * too long for its share is cut, with a note saying how much is missing.
 *
 * @example await octokit.rest.issues.createComment({ ...repo, issue_number, body: renderPlanMarkdown(plan) })
 */
export function renderPlanMarkdown(plan: Plan, opts: MarkdownOptions = {}): string {
  const max = opts.maxLength ?? DEFAULT_MAX;
  const title = opts.title ?? 'Quartermaster plan';
  const s = plan.summary;
  const head = [
    planCommentMarker(plan.fingerprint),
    hasSummaryChanges(s)
      ? `### ${title}: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy`
      : `### ${title}: no changes, the fleet matches the definitions`,
    '',
    `**Worst impact:** ${worstImpact(plan.actions)} · **Monthly cost delta:** ${formatUsdDelta(plan.monthlyCostDelta)} · **Environments:** ${plan.envs.join(', ') || '(none)'}`,
    '',
    '',
  ].join('\n');
  // Blank lines around the rule: right after an HTML block, `---` would not be one.
  const foot = `\n\n---\n\n<sub>Plan fingerprint \`${plan.fingerprint}\` · created ${plan.createdAt} · ${s.unchanged} unchanged</sub>\n`;

  const sections = plan.envs.map((env) => envSection(env, plan, opts.fullPlanHint));
  let remaining = max - head.length - foot.length - sections.reduce((n, x) => n + x.frame, 0);
  // Smallest first, so what a small environment does not use is left to the larger ones.
  const bySize = [...sections].sort((a, b) => a.bodySize - b.bodySize);
  bySize.forEach((section, i) => {
    const share = Math.floor(remaining / (bySize.length - i));
    remaining -= section.fit(share);
  });
  const body = `${head}${sections.map((x) => x.render()).join('\n\n')}${foot}`;
  return body.length <= max ? body : `${body.slice(0, Math.max(0, max - 120))}\n\n_(cut: the plan is too long for one comment)_\n`;
}

interface EnvSection {
  /** Characters of the section without its blocks. */
  frame: number;
  bodySize: number;
  /** Keeps the blocks that fit in `budget`; returns the characters used. */
  fit(budget: number): number;
  render(): string;
}

function envSection(env: string, plan: Plan, hint: string | undefined): EnvSection {
  const actions = plan.actions.filter((a) => a.resource.env === env);
  const changes = actions.filter((a) => a.type !== 'no-op');
  const notices = plan.notices.filter((n) => n.env === env);
  const s = summarizePlan(actions);
  const impact = worstImpact(changes);
  const cost = changes.reduce((sum, a) => sum + a.monthlyCostDelta, 0);
  const summary = hasSummaryChanges(s)
    ? `<b>${env}</b>: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy · impact ${impact} · ${formatUsdDelta(cost)}/month`
    : `<b>${env}</b>: no changes (${s.unchanged} unchanged)`;
  const actionBlocks = changes.map(actionBlock);
  const noticeLines = notices.map(noticeLine);
  const fence = fenceFor(actionBlocks);
  const open = impact === 'destructive' ? '<details open>' : '<details>';
  const frameText = `${open}\n<summary>${summary}</summary>\n\n${fence}diff\n${fence}\n\n**Notices**\n\n</details>\n`;
  let shownActions = actionBlocks.length;
  let shownNotices = noticeLines.length;

  return {
    frame: frameText.length + NOTE_RESERVE,
    bodySize: actionBlocks.reduce((n, b) => n + b.length + 1, 0) + noticeLines.reduce((n, l) => n + l.length + 1, 0),
    fit(budget) {
      let used = 0;
      shownActions = countFitting(actionBlocks, budget, (n) => (used = n));
      shownNotices = countFitting(noticeLines, budget - used, (n) => (used += n));
      return used;
    },
    render() {
      const out = [open, `<summary>${summary}</summary>`, ''];
      if (changes.length === 0) out.push('The fleet matches the definitions.', '');
      else out.push(`${fence}diff`, ...actionBlocks.slice(0, shownActions), fence, '');
      if (notices.length > 0) out.push('**Notices**', '', ...noticeLines.slice(0, shownNotices), '');
      const cutActions = actionBlocks.length - shownActions;
      const cutNotices = noticeLines.length - shownNotices;
      if (cutActions > 0 || cutNotices > 0) {
        const what = [cutActions > 0 ? `${cutActions.toLocaleString('en-US')} of ${actionBlocks.length.toLocaleString('en-US')} changes` : '', cutNotices > 0 ? `${cutNotices.toLocaleString('en-US')} notices` : '']
          .filter(Boolean)
          .join(' and ');
        out.push(`> ✂️ ${what} not shown: the comment would pass GitHub's 65,536-character limit. For the whole plan, ${hint ?? `run \`qm plan --env ${env}\``}.`, '');
      }
      out.push('</details>');
      return out.join('\n');
    },
  };
}

/** How many leading items fit in `budget` (each costs its length plus a newline); reports the size used. */
function countFitting(items: readonly string[], budget: number, used: (n: number) => void): number {
  let total = 0;
  let count = 0;
  for (const item of items) {
    if (total + item.length + 1 > budget) break;
    total += item.length + 1;
    count++;
  }
  used(total);
  return count;
}

function actionBlock(a: PlannedAction): string {
  const style = ACTION_STYLE[a.type];
  const l = actionLines(a);
  return [`${style.diffSymbol} ${l.title}`, ...l.fields.map((f) => `    ${f}`), `    # ${l.facts}`, `    # ${l.reason}`].join('\n');
}

function noticeLine(n: PlanNotice): string {
  const sign = n.level === 'warning' ? '⚠️' : 'ℹ️';
  const who = `\`${n.kind} ${n.physicalId}\`${n.name ? ` (${escapeHtml(n.name)})` : ''}`;
  return `- ${sign} ${who}: ${escapeHtml(n.message)}`;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A code fence longer than any run of backticks in the content, so values cannot close it. */
function fenceFor(blocks: readonly string[]): string {
  let longest = 0;
  for (const b of blocks) for (const m of b.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(Math.max(3, longest + 1));
}
