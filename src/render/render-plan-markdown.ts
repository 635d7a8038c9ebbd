import { worstImpact, type Plan } from '../model/plan.js';
import { escapeMarkdown } from './escape-markdown.js';
import { formatUsdDelta } from './format-usd.js';
import { pricingNoteLines } from './pricing-notes.js';
import { fitEnvSections, markdownEnvSection } from './markdown-env-section.js';
import { planHeading } from './plan-sentence.js';

/** GitHub refuses comment bodies longer than this (422 "body is too long"). */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface MarkdownOptions {
  /** Longest body to produce, in UTF-16 units (never fewer than the code points GitHub counts). Default: a little under GitHub's limit, leaving room for a door's own line. */
  maxLength?: number;
  /** Heading text; default `Quartermaster plan`. */
  title?: string;
  /** Where the whole plan can be read when a section is cut: default `run \`qm plan --env <env>\``. */
  fullPlanHint?: string;
  /** List every change on its own instead of grouping alike ones (`qm plan --markdown --full`). */
  full?: boolean;
}

const DEFAULT_MAX = GITHUB_COMMENT_LIMIT - 1_024;

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
    planHeading(title, s),
    '',
    `**Worst impact:** ${worstImpact(plan.actions)} · **Monthly cost delta:** ${formatUsdDelta(plan.monthlyCostDelta)} · **Environments:** ${plan.envs.join(', ') || '(none)'}`,
    ...pricingNoteLines(plan).map((line) => `\n**Cost** ${escapeMarkdown(line)}`),
    '',
    '',
  ].join('\n');
  // Blank lines around the rule: right after an HTML block, `---` would not be one.
  const foot = `\n\n---\n\n<sub>Plan fingerprint \`${plan.fingerprint}\` · created ${plan.createdAt} · ${s.unchanged} unchanged</sub>\n`;

  const hint = opts.fullPlanHint;
  const sections = plan.envs.map((env) => markdownEnvSection(env, plan, { full: opts.full, ...(hint === undefined ? {} : { fullPlanHint: () => hint }) }));
  fitEnvSections(sections, max - head.length - foot.length);
  const body = `${head}${sections.map((x) => x.render()).join('\n\n')}${foot}`;
  return body.length <= max ? body : `${body.slice(0, Math.max(0, max - 120))}\n\n_(cut: the plan is too long for one comment)_\n`;
}
