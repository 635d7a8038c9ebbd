import type { Diagnostic } from '../definitions/diagnostic.js';
import type { Plan } from '../model/plan.js';
import { planCommentMarkerFor } from './comment-markers.js';
import { diagnosticLines } from './diagnostic-lines.js';
import { envSummaryLine } from './env-summary-line.js';
import { escapeMarkdown, truncate } from './escape-markdown.js';
import { fitLines } from './fit-lines.js';
import { markdownEnvSection } from './markdown-env-section.js';
import { planCommentDataOf, renderPlanCommentData } from './plan-comment-data.js';
import { planHeading } from './plan-sentence.js';
import { GITHUB_COMMENT_LIMIT } from './render-plan-markdown.js';
import { renderGateSection, type GateVerdict } from './render-gate-section.js';
import { countByImpact, riskLines } from './risk-lines.js';
import { safeUrl } from './safe-url.js';
import { formatUtc } from './text-table.js';

export interface PrPlanCommentInput {
  /** Identifies this comment among the others on the PR (e.g. the definitions path and environments); the sticky marker depends only on it. */
  key: string;
  plan?: Plan;
  /** Definition or policy errors: listed instead of any plan. */
  diagnostics?: readonly Diagnostic[];
  /** What the gate will answer when this merges; filled by the door. */
  gate?: GateVerdict;
  /** The run's job summary, where the full plan always is. */
  summaryUrl?: string;
  /** Default `Quartermaster plan`. */
  title?: string;
  /** Longest body, in UTF-16 units (never fewer than the code points GitHub counts). Default 65,536 − 1,024. */
  maxLength?: number;
}

const DEFAULT_MAX = GITHUB_COMMENT_LIMIT - 1_024;
const TITLE_MAX = 200;

/**
 * The sticky pull request comment of a plan. Its first line is a hidden marker depending only
 * on `key`; then the totals, one line per environment (`prod: 1 to add, 2 to change, 0 to
 * destroy, +$41.20/month, downtime: web`), the gate's verdict (approvals needed when this
 * merges, with who may approve and who has), one collapsible section per environment, a hidden
 * plan-data line (read back with readPlanCommentData) and a footer with a short fingerprint.
 *
 * When that would pass `maxLength`, a compact comment instead: the same marker, lines, verdict
 * and plan data, then the riskiest changes first (as many as fit) and where the full plan is.
 * With diagnostics: the errors (file:line:col and message) and no plan.
 *
 * @example await octokit.rest.issues.updateComment({ ...repo, comment_id, body: renderPrPlanComment({ key, plan, gate, summaryUrl }) })
 */
export function renderPrPlanComment(input: PrPlanCommentInput): string {
  const max = input.maxLength ?? DEFAULT_MAX;
  const parts = commonParts(input);
  if (input.diagnostics && input.diagnostics.length > 0) return withinLimit(errorsComment(input.diagnostics, parts, max), parts, max);
  if (!input.plan) {
    return withinLimit(blocks([parts.marker, `### ${parts.title}: nothing planned`, 'No environment was planned for this pull request.', ...gateBlock(input.gate), parts.footer('')]), parts, max);
  }
  const full = fullComment(input.plan, input.gate, parts);
  if (full.length <= max) return full;
  return withinLimit(compactComment(input.plan, input.gate, parts, max), parts, max);
}

interface Parts {
  marker: string;
  title: string;
  /** `[job summary](url)`, or the words alone without a usable URL. */
  summaryLink: string;
  hasLink: boolean;
  /** `planFacts` is empty when there is no plan: then the summary holds the details, not a plan. */
  footer(planFacts: string): string;
}

function commonParts(input: PrPlanCommentInput): Parts {
  const url = safeUrl(input.summaryUrl);
  const summaryLink = url ? `[job summary](${url})` : 'job summary';
  return {
    marker: planCommentMarkerFor(input.key),
    title: escapeMarkdown(input.title ?? 'Quartermaster plan', TITLE_MAX),
    summaryLink,
    hasLink: url !== undefined,
    footer: (facts) => {
      const all = [facts, url ? `${facts ? 'full plan' : 'Details'} in the ${summaryLink}` : ''].filter(Boolean).join(' · ');
      return all ? `---\n\n<sub>${all}</sub>` : '';
    },
  };
}

function fullComment(plan: Plan, gate: GateVerdict | undefined, parts: Parts): string {
  const sections = plan.envs.map((env) => markdownEnvSection(env, plan, { fullPlanHint: () => `see the ${parts.summaryLink}` }).render());
  return blocks([
    parts.marker,
    planHeading(parts.title, plan.summary),
    plan.envs.map((env) => `- ${envSummaryLine(plan, env)}`).join('\n'),
    ...gateBlock(gate),
    ...sections,
    renderPlanCommentData(planCommentDataOf(plan)),
    parts.footer(planFacts(plan)),
  ]);
}

function compactComment(plan: Plan, gate: GateVerdict | undefined, parts: Parts, max: number): string {
  const changes = plan.actions.filter((a) => a.type !== 'no-op');
  const heading = planHeading(parts.title, plan.summary);
  const pointer = `> ✂️ The full plan (${count(changes.length)} changes) is too long for a comment: it is in the ${parts.summaryLink}${parts.hasLink ? '' : ' of the plan run'}. The riskiest changes come first below.`;
  const riskHeading = '#### Riskiest changes first';
  const data = renderPlanCommentData(planCommentDataOf(plan));
  const footer = parts.footer(planFacts(plan));
  // Each block costs its text and a blank line; the three blocks filled below get their own two.
  let room = max - [parts.marker, heading, pointer, riskHeading, data, footer].reduce((n, b) => n + b.length + 2, 0) - 3 * 2;

  // In order of importance: every environment's line, then the verdict, then as many changes as fit.
  const envLines = fitLines(
    plan.envs.map((env) => `- ${envSummaryLine(plan, env)}`),
    room,
    (n) => `- … and ${count(n)} more environments`,
  );
  room -= size(envLines);
  const gateLines = gate ? fitLines(renderGateSection(gate), room, (n) => `- … and ${count(n)} more (see the ${parts.summaryLink})`) : [];
  room -= size(gateLines);
  const byImpact = countByImpact(changes);
  const risks = fitLines(riskLines(plan), room, (n) => `- … and ${count(n)} more changes (${leftOut(n, byImpact)})`);

  return blocks([parts.marker, heading, envLines.join('\n'), gateLines.join('\n'), pointer, riskHeading, risks.join('\n'), data, footer]);
}

function errorsComment(diagnostics: readonly Diagnostic[], parts: Parts, max: number): string {
  const n = diagnostics.length;
  const head = [parts.marker, `### ${parts.title}: ❌ errors`, `**❌ ${count(n)} error${n === 1 ? '' : 's'}** in the definitions or the policy: nothing was planned. Fix ${n === 1 ? 'it' : 'them'} and push again.`];
  const foot = parts.footer('');
  const room = max - head.reduce((k, b) => k + b.length + 2, 0) - foot.length - 4;
  const lines = fitLines(diagnosticLines(diagnostics), room, (k) => `- … and ${count(k)} more (see the ${parts.summaryLink} and the annotations)`);
  return blocks([...head, lines.join('\n'), foot]);
}

function gateBlock(gate: GateVerdict | undefined): string[] {
  return gate ? [renderGateSection(gate).join('\n')] : [];
}

/**
 * The last resort when even the compact comment is too long (pathological keys, titles, or
 * thousands of environments): the marker, one sentence, and the plan data when it fits.
 */
function withinLimit(body: string, parts: Parts, max: number): string {
  if (body.length <= max) return body;
  const short = blocks([parts.marker, `### ${truncate(parts.title, 60)}`, `The plan is too large to show here: see the ${parts.summaryLink}.`]);
  const data = body.match(/^<!-- quartermaster:plan-data .* -->$/m)?.[0];
  const withData = data ? `${short}${data}\n` : short;
  if (withData.length <= max) return withData;
  if (short.length <= max) return short;
  return `${parts.marker}\n`.length <= max ? `${parts.marker}\n` : '';
}

function planFacts(plan: Plan): string {
  const short = String(plan.fingerprint).replace(/[^A-Za-z0-9]/g, '').slice(0, 12);
  return `Plan \`${short}\` · created ${escapeMarkdown(formatUtc(String(plan.createdAt)), 40)} · ${plan.summary.unchanged} unchanged`;
}

function leftOut(n: number, byImpact: Record<'destructive' | 'downtime' | 'none', number>): string {
  // Riskiest first: what is left out is the tail of that order.
  let rest = n;
  const parts: string[] = [];
  for (const impact of ['none', 'downtime', 'destructive'] as const) {
    const k = Math.min(rest, byImpact[impact]);
    if (k > 0) parts.unshift(`${count(k)} ${impact === 'none' ? 'without downtime' : impact}`);
    rest -= k;
  }
  return parts.join(', ');
}

/** Blocks separated by blank lines, empty ones dropped, ending with a newline. */
function blocks(bs: readonly string[]): string {
  return `${bs.filter((b) => b.length > 0).join('\n\n')}\n`;
}

function size(lines: readonly string[]): number {
  return lines.reduce((n, l) => n + l.length + 1, 0);
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
