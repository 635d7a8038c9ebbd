import { worstImpact, type Plan, type PlanNotice } from '../model/plan.js';
import { summarizeEnv } from '../plan/index.js';
import { ACTION_STYLE } from './action-style.js';
import { entryLines } from './entry-lines.js';
import { codeLine, codeSpan, escapeMarkdown, fenceFor } from './escape-markdown.js';
import { formatUsdDelta } from './format-usd.js';
import { firstOf, groupAlike, groupedNote, sizeOf, type PlanEntry } from './group-alike.js';
import { hasSummaryChanges } from './plan-sentence.js';
import { costWithNote } from './pricing-notes.js';

/** How long a text is against a limit: UTF-16 units (comments) or UTF-8 bytes (job summaries). */
export type Measure = (s: string) => number;

export const utf16Length: Measure = (s) => s.length;
export const utf8Bytes: Measure = (s) => Buffer.byteLength(s, 'utf8');

export interface EnvSectionOptions {
  /** Where the whole plan can be read when a section is cut. Default: run `qm plan --env <env>`. */
  fullPlanHint?: (env: string) => string;
  /** Why a section is cut, in its note. Default: the comment would pass GitHub's 65,536-character limit. */
  limitReason?: string;
  /** Default: UTF-16 units. */
  measure?: Measure;
  /** List every change on its own instead of grouping alike ones (`qm plan --markdown --full`). */
  full?: boolean;
}

/** One environment of a plan as a collapsible markdown section that can be cut to a budget. */
export interface MarkdownEnvSection {
  /** Size of the section without its blocks, its cut note included. */
  frame: number;
  /** Size of all its blocks. */
  bodySize: number;
  /** Keeps the leading blocks that fit in `budget`; returns the size used. */
  fit(budget: number): number;
  render(): string;
}

/** Room kept in every environment's share for its truncation note (beyond the hint's own size). */
const NOTE_RESERVE = 400;

/**
 * The `<details>` section of one environment, as the PR comment, `qm plan --markdown` and the
 * job summary show it: a summary line with counts, worst impact and cost (open when it destroys
 * something), a diff block with every change (ten or more alike but for their names as one
 * entry, unless `full`), then notices. Shows everything until `fit` is called; then a cut
 * section ends with a note saying how much is missing and where to see it.
 *
 * @example const s = markdownEnvSection('prod', plan); s.fit(60_000); s.render()
 */
export function markdownEnvSection(env: string, plan: Plan, opts: EnvSectionOptions = {}): MarkdownEnvSection {
  const measure = opts.measure ?? utf16Length;
  const actions = plan.actions.filter((a) => a.resource.env === env);
  const changes = actions.filter((a) => a.type !== 'no-op');
  const notices = plan.notices.filter((n) => n.env === env);
  const s = summarizeEnv(actions, plan.unchangedByEnv?.[env]);
  const impact = worstImpact(changes);
  const cost = changes.reduce((sum, a) => sum + a.monthlyCostDelta, 0);
  const name = `<b>${escapeMarkdown(env)}</b>`;
  const summary = hasSummaryChanges(s)
    ? `${name}: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy · impact ${impact} · ${costWithNote(`${formatUsdDelta(cost)}/month`, plan, env, (s) => escapeMarkdown(s))}`
    : `${name}: no changes (${s.unchanged} unchanged)`;
  const entries = groupAlike(changes, opts);
  const actionBlocks = entries.map(actionBlock);
  const grouped = entries.some((e) => e.kind === 'group') ? `_${groupedNote(codeSpan(`qm plan --env ${env} --full`))}_` : '';
  const noticeLines = notices.map(noticeLine);
  const fence = fenceFor(actionBlocks);
  const open = impact === 'destructive' ? '<details open>' : '<details>';
  const hint = (opts.fullPlanHint ?? defaultHint)(env);
  const limitReason = opts.limitReason ?? "the comment would pass GitHub's 65,536-character limit";
  const frameText = `${open}\n<summary>${summary}</summary>\n\n${fence}diff\n${fence}\n\n${grouped ? `${grouped}\n\n` : ''}**Notices**\n\n</details>\n`;
  const blockSizes = actionBlocks.map((b) => measure(b) + 1);
  const noticeSizes = noticeLines.map((l) => measure(l) + 1);
  let shownActions = actionBlocks.length;
  let shownNotices = noticeLines.length;

  return {
    frame: measure(frameText) + NOTE_RESERVE + measure(hint) + measure(limitReason),
    bodySize: sum(blockSizes) + sum(noticeSizes),
    fit(budget) {
      const a = countFitting(blockSizes, budget);
      const n = countFitting(noticeSizes, budget - a.used);
      shownActions = a.count;
      shownNotices = n.count;
      return a.used + n.used;
    },
    render() {
      const out = [open, `<summary>${summary}</summary>`, ''];
      if (changes.length === 0) out.push('The fleet matches the definitions.', '');
      else out.push(`${fence}diff`, ...actionBlocks.slice(0, shownActions), fence, '');
      if (grouped) out.push(grouped, '');
      if (notices.length > 0) out.push('**Notices**', '', ...noticeLines.slice(0, shownNotices), '');
      // A cut group leaves out all its members: count changes, not blocks.
      const cutActions = entries.slice(shownActions).reduce((n, e) => n + sizeOf(e), 0);
      const cutNotices = noticeLines.length - shownNotices;
      if (cutActions > 0 || cutNotices > 0) {
        const what = [cutActions > 0 ? `${count(cutActions)} of ${count(changes.length)} changes` : '', cutNotices > 0 ? `${count(cutNotices)} notices` : '']
          .filter(Boolean)
          .join(' and ');
        out.push(`> ✂️ ${what} not shown: ${limitReason}. For the whole plan, ${hint}.`, '');
      }
      out.push('</details>');
      return out.join('\n');
    },
  };
}

/**
 * Shares `budget` among sections, smallest first, so what a small environment does not use is
 * left to the larger ones; each keeps the blocks that fit its share.
 */
export function fitEnvSections(sections: readonly MarkdownEnvSection[], budget: number): void {
  let remaining = budget - sections.reduce((n, x) => n + x.frame, 0);
  const bySize = [...sections].sort((a, b) => a.bodySize - b.bodySize);
  bySize.forEach((section, i) => {
    const share = Math.floor(remaining / (bySize.length - i));
    remaining -= section.fit(share);
  });
}

/** `run \`qm plan --env prod\`` */
export function defaultHint(env: string): string {
  return `run ${codeSpan(`qm plan --env ${env}`)}`;
}

/** How many leading items fit in `budget` (sizes include their newline), and the size they use. */
function countFitting(sizes: readonly number[], budget: number): { count: number; used: number } {
  let used = 0;
  let n = 0;
  for (const size of sizes) {
    if (used + size > budget) break;
    used += size;
    n++;
  }
  return { count: n, used };
}

function sum(xs: readonly number[]): number {
  return xs.reduce((n, x) => n + x, 0);
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function actionBlock(e: PlanEntry): string {
  const style = ACTION_STYLE[firstOf(e).type];
  const l = entryLines(e);
  return [`${style.diffSymbol} ${l.title}`, ...l.fields.map((f) => `    ${f}`), `    # ${l.facts}`, `    # ${l.reason}`].map(codeLine).join('\n');
}

function noticeLine(n: PlanNotice): string {
  const sign = n.level === 'warning' ? '⚠️' : 'ℹ️';
  const who = `${codeSpan(`${n.kind} ${n.physicalId}`)}${n.name ? ` (${escapeMarkdown(n.name)})` : ''}`;
  return `- ${sign} ${who}: ${escapeMarkdown(n.message)}`;
}
