import type { ActionResult, ActionStatus, ApplyResult } from '../apply/index.js';
import { applySentence, formatApplyDuration } from './apply-format.js';
import { applyCommentMarkerFor } from './comment-markers.js';
import { codeSpan, escapeMarkdown, truncate } from './escape-markdown.js';
import { GITHUB_COMMENT_LIMIT } from './render-plan-markdown.js';
import { safeUrl } from './safe-url.js';

export interface ApplyResultCommentInput {
  /** As for the plan comment: the marker depends only on it, so a re-run updates the same comment. */
  key: string;
  result: ApplyResult;
  /** The approval request applied (`req-…`). */
  requestId: string;
  /** Who asked for the change (the pull request's author). */
  requestedBy: string;
  /** Whose approvals were used; empty when none was needed. */
  approvedBy: readonly string[];
  /** The environments applied; default those of the results. */
  envs?: readonly string[];
  /** The fingerprint of the plan applied. */
  fingerprint?: string;
  /** The run's job summary. */
  summaryUrl?: string;
  /** What to do after a failure, as the door words it (markdown written by the door, not escaped). Default: re-run the apply job. */
  retryHint?: string;
  /** Default `Quartermaster apply`. */
  title?: string;
  /** Longest body, in UTF-16 units. Default 65,536 − 1,024. */
  maxLength?: number;
}

const DEFAULT_MAX = GITHUB_COMMENT_LIMIT - 1_024;
const CELL_MAX = 300;

const OUTCOME: Record<ActionStatus, string> = {
  applied: '✅ applied',
  failed: '❌ failed',
  'rolled-back': '↩️ rolled back',
  skipped: '⏭️ skipped',
  unchanged: '➖ unchanged',
};
/** Failures first when not every row fits. */
const SEVERITY: Record<ActionStatus, number> = { failed: 0, 'rolled-back': 1, skipped: 2, applied: 3, unchanged: 4 };

/**
 * The pull request comment after an apply on merge: applied or failed, the request with who
 * asked and who approved, one table row per planned change (resource, action, outcome,
 * message), the totals, and after a failure what to do. Over the comment limit, the rows that
 * fit are listed, failures first, and the rest are counted.
 *
 * @example await octokit.rest.issues.createComment({ ...repo, issue_number, body: renderApplyResultComment({ key, result, requestId, requestedBy, approvedBy }) })
 */
export function renderApplyResultComment(input: ApplyResultCommentInput): string {
  const max = input.maxLength ?? DEFAULT_MAX;
  const r = input.result;
  const title = escapeMarkdown(input.title ?? 'Quartermaster apply', 200);
  const envs = input.envs ?? [...new Set(r.results.map((x) => x.resource.env))];
  const envText = envs.length > 0 ? ` in ${list(envs)}` : '';
  const url = safeUrl(input.summaryUrl);
  const took = Date.parse(r.finishedAt) - Date.parse(r.startedAt);

  const head = [
    applyCommentMarkerFor(input.key),
    r.ok ? `### ${title}: ✅ applied${envText}` : `### ${title}: ❌ failed${envText}`,
    [
      `**Request** ${codeSpan(input.requestId, { max: 100 })}`,
      `**requested by** ${escapeMarkdown(input.requestedBy, 100)}`,
      `**approved by** ${input.approvedBy.length > 0 ? list(input.approvedBy) : 'nobody (no approval was needed)'}`,
      ...(input.fingerprint ? [`**plan** \`${input.fingerprint.replace(/[^A-Za-z0-9]/g, '').slice(0, 12)}\``] : []),
      ...(Number.isFinite(took) && took >= 0 ? [`took ${formatApplyDuration(took)}`] : []),
    ].join(' · '),
  ];
  const accounts = r.accountChecks.filter((c) => !c.ok).map((c) => `- ❌ account check for **${escapeMarkdown(c.env, 100)}**: ${escapeMarkdown(c.message ?? 'failed', CELL_MAX)}`);
  const unchanged = r.counts.unchanged > 0 ? ` ${r.counts.unchanged} unchanged.` : '';
  const tail = [
    ...(accounts.length > 0 ? [accounts.join('\n')] : []),
    `**${applySentence(r.counts)}**${unchanged}`,
    ...(r.ok ? [] : [`**What to do:** ${input.retryHint ?? 'fix what the messages above say, then re-run the apply job. It plans again from the live fleet, so it only does what is still missing: what was applied stays applied.'}`]),
    ...(url ? [`<sub>Details in the [job summary](${url})</sub>`] : []),
  ];

  const rows = r.results.filter((x) => x.type !== 'no-op');
  const fixed = [...head, ...tail].reduce((n, b) => n + b.length + 2, 0) + 200;
  const table = resultTable(rows, max - fixed, url ? 'the job summary' : 'the apply job log');
  const body = `${[...head, table, ...tail].filter(Boolean).join('\n\n')}\n`;
  if (body.length <= max) return body;
  // Only reachable with a budget too small for any row: keep the outcome, drop the table.
  const short = `${[head[0], head[1], `**${applySentence(r.counts)}**`].join('\n\n')}\n`;
  return short.length <= max ? short : `${head[0]}\n`;
}

/**
 * The per-resource table of an apply (resource, action, outcome, message) within `budget`
 * characters: failures first when not every row fits, the rest counted. Shared with the chat
 * doors' receipts.
 *
 * @example resultTable(result.results.filter((x) => x.type !== 'no-op'), 20_000, 'the bot log')
 */
export function resultTable(rows: readonly ActionResult[], budget: number, where: string): string {
  if (rows.length === 0) return 'Nothing to apply: every resource already matched its definition.';
  const header = '| Resource | Action | Outcome | Message |\n| --- | --- | --- | --- |';
  const lines = rows.map((x) => ({ status: x.status, line: row(x) }));
  const all = lines.reduce((n, l) => n + l.line.length + 1, header.length + 1);
  if (all <= budget) return [header, ...lines.map((l) => l.line)].join('\n');

  // Failures first: when not every row fits, those are the ones to read.
  const order = [...lines].sort((a, b) => SEVERITY[a.status] - SEVERITY[b.status]);
  const kept: string[] = [];
  let used = header.length + 1;
  for (const l of order) {
    if (used + l.line.length + 1 > budget) break;
    kept.push(l.line);
    used += l.line.length + 1;
  }
  const left = order.slice(kept.length);
  const byStatus = new Map<ActionStatus, number>();
  for (const l of left) byStatus.set(l.status, (byStatus.get(l.status) ?? 0) + 1);
  const what = [...byStatus].map(([s, n]) => `${n.toLocaleString('en-US')} ${OUTCOME[s].split(' ').slice(1).join(' ')}`).join(', ');
  const note = `_${left.length.toLocaleString('en-US')} more resources not listed (${what}): the table would pass GitHub's comment limit. Every row is in ${where}._`;
  return `${[header, ...kept].join('\n')}\n\n${note}`;
}

function row(x: ActionResult): string {
  const r = x.resource;
  const name = `${r.env}/${r.kind}/${r.name}`;
  const physical = x.physicalId ?? r.physicalId;
  const resource = `${cell(name)}${physical ? ` (${cell(physical)})` : ''}`;
  const note = x.status === 'skipped' ? x.note?.replace(/^skipped: /, '') : x.note;
  const message = [x.error, note].filter(Boolean).join(' · ');
  return `| ${resource} | ${cell(x.type)} | ${OUTCOME[x.status]} | ${cell(message)} |`;
}

/** User text in a table cell: escaped (`|` included), one line, at most CELL_MAX characters. */
function cell(text: string): string {
  return escapeMarkdown(truncate(String(text), CELL_MAX));
}

function list(names: readonly string[]): string {
  const shown = names.slice(0, 10).map((n) => escapeMarkdown(n, 100));
  return `${shown.join(', ')}${names.length > shown.length ? ` and ${names.length - shown.length} more` : ''}`;
}
