import type { DriftItem, DriftReport } from '../engine/drift.js';
import { driftIssueMarkerFor } from './comment-markers.js';
import { codeSpan, escapeMarkdown, truncate } from './escape-markdown.js';
import { fitLines } from './fit-lines.js';
import { formatValue } from './format-value.js';
import { GITHUB_COMMENT_LIMIT } from './render-plan-markdown.js';
import { safeUrl } from './safe-url.js';
import { formatUtc } from './text-table.js';

export interface DriftIssueOptions {
  /** ISO 8601: when the fleet was read. */
  checkedAt: string;
  /** The run that checked. */
  runUrl?: string;
  /** Longest body, in UTF-16 units. Default 65,536 − 1,024. */
  maxLength?: number;
}

export interface DriftIssue {
  title: string;
  body: string;
}

const DEFAULT_MAX = GITHUB_COMMENT_LIMIT - 1_024;
const VALUE_MAX = 200;
/** GitHub's limit for an issue title. */
const TITLE_MAX = 256;

/**
 * The issue that tracks drift in one environment: a hidden marker with the environment (the
 * drift job finds the issue again by it and updates it in place), one table row per drifted
 * field (live value against the definitions; user data only as its hash), resources found but
 * not defined, a note of resources not yet applied (not drift), and when the fleet was last checked.
 *
 * @example const { title, body } = renderDriftIssue(report, 'prod', { checkedAt: clock.now().toISOString() })
 */
export function renderDriftIssue(report: DriftReport, env: string, opts: DriftIssueOptions): DriftIssue {
  const max = opts.maxLength ?? DEFAULT_MAX;
  const items = report.items.filter((i) => i.env === env);
  const notices = report.notices.filter((n) => n.env === env);
  // Resources never applied are not drift; they are only mentioned (a plan cannot tell them from ones deleted by hand).
  const notApplied = report.notApplied.filter((i) => i.env === env).length;
  const changed = items.filter((i) => i.state === 'changed').length;
  const missing = items.length - changed;
  const counts = [
    changed > 0 ? `${count(changed)} changed` : '',
    missing > 0 ? `${count(missing)} missing` : '',
    notices.length > 0 ? `${count(notices.length)} not in the definitions` : '',
  ].filter(Boolean);
  const title = truncate(`Drift in ${plain(env)}: ${counts.length > 0 ? counts.join(', ') : 'none'}`, TITLE_MAX);

  const name = `**${escapeMarkdown(env, 100)}**`;
  const url = safeUrl(opts.runUrl);
  const head = [
    driftIssueMarkerFor(env),
    `### Drift in ${escapeMarkdown(env, 100)}`,
    counts.length > 0
      ? `The live fleet in ${name} differs from the definitions: ${counts.join(', ')}.`
      : `No drift in ${name}: the live fleet matches the definitions.`,
  ];
  const tail = [
    ...(notApplied > 0 ? [`${count(notApplied)} resource${notApplied === 1 ? '' : 's'} defined in ${name} ${notApplied === 1 ? 'is' : 'are'} not yet applied (not drift; ${codeSpan(`qm apply --env ${env}`, { max: 140 })} creates ${notApplied === 1 ? 'it' : 'them'}).`] : []),
    `To put the fleet back as defined, plan and apply ${name} (${codeSpan(`qm plan --env ${env}`, { max: 140 })}); to keep the live values, change the definitions instead. This issue is updated while the drift lasts and closed when it is gone.`,
    `<sub>Last checked ${escapeMarkdown(formatUtc(String(opts.checkedAt)), 40)}${url ? ` · [run](${url})` : ''}</sub>`,
  ];
  let room = max - [...head, ...tail].reduce((n, b) => n + b.length + 2, 0) - 16;

  const rows = items.flatMap(driftRows);
  const table =
    rows.length === 0
      ? []
      : ['| Resource | Field | Live | Defined |', '| --- | --- | --- | --- |', ...fitLines(rows, room - 200, (n) => `| … | ${count(n)} more rows | | |`)];
  room -= table.reduce((n, l) => n + l.length + 1, 2);
  const noticeLines =
    notices.length === 0
      ? []
      : ['**Not in the definitions**', '', ...fitLines(notices.map((n) => `- ⚠️ ${codeSpan(`${n.kind} ${n.physicalId}`, { max: 140 })}${n.name ? ` (${escapeMarkdown(n.name, 100)})` : ''}: ${escapeMarkdown(n.message, 300)}`), room - 100, (n) => `- … and ${count(n)} more`)];

  const body = `${[...head, table.join('\n'), noticeLines.join('\n'), ...tail].filter(Boolean).join('\n\n')}\n`;
  return { title, body: body.length <= max ? body : `${head.join('\n\n')}\n` };
}

/**
 * The comment that closes a drift issue.
 *
 * @example renderDriftResolvedComment('prod', '2026-03-01T12:00:00.000Z') // '✅ No drift in **prod** as of 2026-03-01 12:00:00Z: ...'
 */
export function renderDriftResolvedComment(env: string, at: string): string {
  return `✅ No drift in **${escapeMarkdown(env, 100)}** as of ${escapeMarkdown(formatUtc(String(at)), 40)}: the live fleet matches the definitions again. Closing this issue.\n`;
}

function driftRows(item: DriftItem): string[] {
  const physical = item.physicalId ? ` (${escapeMarkdown(item.physicalId, 100)})` : '';
  const resource = `${escapeMarkdown(item.kind, 40)} ${escapeMarkdown(item.name, 100)}${physical}`;
  if (item.state === 'missing') return [`| ${resource} | | not found | defined (never applied, or deleted by hand) |`];
  return item.fields.map((f) => `| ${resource} | ${codeSpan(f.field, { max: 100, inTable: true })} | ${value(f.field, f.live)} | ${value(f.field, f.defined)} |`);
}

function value(field: string, v: unknown): string {
  return codeSpan(formatValue(field, v), { max: VALUE_MAX, inTable: true });
}

/** An issue title is plain text: no escaping, but one line. */
function plain(text: string): string {
  // eslint-disable-next-line no-control-regex -- line breaks and other control characters are what is removed
  return truncate(String(text).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' '), 100);
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
