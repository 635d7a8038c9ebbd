import { applyCommentMarkerFor } from './comment-markers.js';
import { codeSpan, escapeMarkdown } from './escape-markdown.js';
import { fitLines } from './fit-lines.js';
import type { PlanCommentData } from './plan-comment-data.js';
import { GITHUB_COMMENT_LIMIT } from './render-plan-markdown.js';
import { requirementStill, type GateRequirement } from './render-gate-section.js';
import { safeUrl } from './safe-url.js';
import { formatUtc } from './text-table.js';

interface BlockedCommon {
  /** As for the apply result comment: both share one marker, so the result replaces this comment. */
  key: string;
  /** Default `Quartermaster apply`. */
  title?: string;
  summaryUrl?: string;
  /** What to do next, as the door words it (markdown written by the door, not escaped). */
  retryHint?: string;
  /** Longest body, in UTF-16 units. Default 65,536 − 1,024. */
  maxLength?: number;
}

/** Why a merge applied nothing, with what the door knows about it. */
export type ApplyBlockedInput = BlockedCommon &
  (
    | {
        /** The plan now differs from the one reviewed on the pull request. */
        kind: 'stale';
        /** From the plan comment's hidden data (readPlanCommentData). */
        reviewed: PlanCommentData;
        /** The re-plan's (planCommentDataOf). */
        current: PlanCommentData;
        /** E.g. "push again or re-run the plan job". */
        retryHint: string;
      }
    | {
        kind: 'needs-approval';
        requestId: string;
        requirements: readonly GateRequirement[];
        /** ISO 8601: approvals and the apply must come before. */
        expiresAt: string;
        /** Markdown lines written by the door, e.g. "`qm approve req-0123456789ab`". */
        approveHints: readonly string[];
      }
    | { kind: 'refused'; reason: string }
    | { kind: 'not-planned' }
    | { kind: 'locked'; env: string; holder: string; /** ISO 8601. */ since: string; purpose?: string }
  );

const DEFAULT_MAX = GITHUB_COMMENT_LIMIT - 1_024;
const TEXT_MAX = 300;

const WHY: Record<ApplyBlockedInput['kind'], string> = {
  stale: 'the plan changed since it was reviewed',
  'needs-approval': 'waiting for approval',
  refused: 'refused',
  'not-planned': 'no reviewed plan',
  locked: 'environment locked',
};

/**
 * The pull request comment for a merge that applied nothing, saying why and what to do: the
 * plan went stale (reviewed against current fingerprint and counts), approvals are missing
 * (the request, who must still approve, until when, how), the gate refused, the pull request
 * was never planned, or an environment is locked.
 *
 * @example renderApplyBlockedComment({ key, kind: 'stale', reviewed, current: planCommentDataOf(plan), retryHint: 'push again or re-run the plan job' })
 */
export function renderApplyBlockedComment(input: ApplyBlockedInput): string {
  const max = input.maxLength ?? DEFAULT_MAX;
  const title = escapeMarkdown(input.title ?? 'Quartermaster apply', 200);
  const marker = applyCommentMarkerFor(input.key);
  const head = [marker, `### ${title}: ⏸️ nothing applied (${WHY[input.kind]})`];
  const url = safeUrl(input.summaryUrl);
  const tail = [
    ...(input.retryHint ? [`**What to do:** ${oneLine(input.retryHint)}`] : []),
    ...(url ? [`<sub>Details in the [job summary](${url})</sub>`] : []),
  ];
  const room = max - [...head, ...tail].reduce((n, b) => n + b.length + 2, 0) - 16;
  const body = `${[...head, ...explain(input, room), ...tail].filter(Boolean).join('\n\n')}\n`;
  if (body.length <= max) return body;
  return `${marker}\n`;
}

function explain(input: ApplyBlockedInput, room: number): string[] {
  switch (input.kind) {
    case 'stale':
      return [
        'Planned again on merge, the plan differs from the one reviewed on this pull request (the default branch moved, or the fleet changed since), so nothing was applied: only the plan reviewers saw is applied.',
        staleTable(input.reviewed, input.current),
      ];
    case 'needs-approval': {
      const intro = `Approval request ${codeSpan(input.requestId, { max: 100 })} waits for approvals, until ${escapeMarkdown(formatUtc(String(input.expiresAt)), 40)}. Nothing was applied.`;
      const still = input.requirements.map((r) => `- ${requirementStill(r)}. Why: ${escapeMarkdown(r.reason, TEXT_MAX)}`);
      const hints = input.approveHints.map((h) => `- ${oneLine(h)}`);
      const half = Math.floor((room - intro.length) / 2);
      return [
        intro,
        ['**Still needed:**', '', ...fitLines(still, half, (n) => `- … and ${n} more`)].join('\n'),
        ...(hints.length > 0 ? [['**How to approve:**', '', ...fitLines(hints, half, (n) => `- … and ${n} more`)].join('\n')] : []),
      ];
    }
    case 'refused':
      return [`⛔ **Refused:** ${escapeMarkdown(input.reason, TEXT_MAX)}. Nothing was applied.`];
    case 'not-planned':
      return ['This pull request has no Quartermaster plan comment, so there is no reviewed plan to compare with: nothing was applied.'];
    case 'locked': {
      const purpose = input.purpose ? ` (${escapeMarkdown(input.purpose, TEXT_MAX)})` : '';
      return [`🔒 **${escapeMarkdown(input.env, 100)}** is locked by ${escapeMarkdown(input.holder, 200)} since ${escapeMarkdown(formatUtc(String(input.since)), 40)}${purpose}: nothing was applied.`];
    }
  }
}

function staleTable(reviewed: PlanCommentData, current: PlanCommentData): string {
  const rows: [string, string, string][] = [
    ['Plan', short(reviewed.fingerprint), short(current.fingerprint)],
    ['Environments', envList(reviewed.envs), envList(current.envs)],
    ['To add', String(reviewed.add), String(current.add)],
    ['To change', String(reviewed.change), String(current.change)],
    ['To destroy', String(reviewed.destroy), String(current.destroy)],
  ];
  return [
    '| | Reviewed | Now |',
    '| --- | --- | --- |',
    // Values that differ are in bold, so the change is seen at a glance.
    ...rows.map(([what, was, now]) => `| ${what} | ${was} | ${was === now ? now : `**${now}**`} |`),
  ].join('\n');
}

function short(fingerprint: string): string {
  return `\`${String(fingerprint).replace(/[^A-Za-z0-9]/g, '').slice(0, 12)}\``;
}

function envList(envs: readonly string[]): string {
  const shown = envs.slice(0, 10).map((e) => escapeMarkdown(e, 64));
  return `${shown.join(', ') || '(none)'}${envs.length > shown.length ? ` and ${envs.length - shown.length} more` : ''}`;
}

/** Door-written markdown stays as written, on one line (so it cannot leave its list item). */
function oneLine(markdown: string): string {
  // eslint-disable-next-line no-control-regex -- line breaks and other control characters are what is removed
  return String(markdown).replace(/[\u0000-\u001f\u2028\u2029]+/g, ' ').trim();
}
