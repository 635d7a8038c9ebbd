import type { ActionResult, ActionStatus } from '../../apply/index.js';
import type { WriteBack } from '../../engine/command-answer.js';
import type { GatedApplyOutcome } from '../../engine/gated-apply.js';
import type { Override } from '../../model/override.js';
import { applySentence, formatApplyDuration } from '../apply-format.js';
import { SLACK_LIMITS, type Block, type SlackMessage } from './block-kit.js';
import { context, fallback, fitBlocks, packSections, section } from './fit-blocks.js';
import { code, escapeMrkdwn, link, listOf, slackDate, who } from './mrkdwn.js';

export interface ReceiptInput {
  /** The canonical command (`scale prod/web t3.large`). */
  text: string;
  outcome: Extract<GatedApplyOutcome, { status: 'applied' }>;
  writeBack?: WriteBack;
  override?: Override;
  ended?: Override;
  /** What was applied, as mrkdwn; default the command in a code span. */
  what?: string;
}

const MARK: Record<ActionStatus, string> = {
  applied: ':white_check_mark:',
  failed: ':x:',
  'rolled-back': ':leftwards_arrow_with_hook:',
  skipped: ':fast_forward:',
  unchanged: ':heavy_minus_sign:',
};
/** Failures first, so they are the ones shown when not every row fits. */
const SEVERITY: Record<ActionStatus, number> = { failed: 0, 'rolled-back': 1, skipped: 2, applied: 3, unchanged: 4 };

/**
 * The receipt of an applied change, for the thread of its message: one line per resource (what
 * was done, its outcome, how long it took, the note or error), the totals, where it was written
 * back (the pull request, the files edited) and, for a temporary change, when it reverts.
 *
 * @example await client.chat.postMessage({ channel, thread_ts: ts, ...renderSlackReceipt(answer) })
 */
export function renderSlackReceipt(input: ReceiptInput): SlackMessage {
  const r = input.outcome.result;
  const req = input.outcome.request;
  const took = Date.parse(r.finishedAt) - Date.parse(r.startedAt);
  const rows = r.results.filter((x) => x.type !== 'no-op').sort((a, b) => SEVERITY[a.status] - SEVERITY[b.status]);
  const approvers = [...new Set(req.approvals.map((v) => v.approver))];
  const what = input.what ?? code(`/qm ${input.text}`, 200);
  const head = r.ok ? `:white_check_mark: *Applied* ${what}` : `:x: *Apply incomplete* ${what}`;
  const accounts = r.accountChecks.filter((c) => !c.ok).map((c) => `:x: account check for ${code(c.env, 64)}: ${escapeMrkdwn(c.message ?? 'failed', 300)}`);

  const blocks: Block[] = [
    section(
      [
        head,
        `Request ${code(req.id)} asked by ${who(req.actor)} · approved by ${approvers.length ? listOf(approvers.map(who), 5) : 'nobody (no approval was needed)'}${Number.isFinite(took) && took >= 0 ? ` · took ${formatApplyDuration(took)}` : ''}`,
        ...accounts,
      ].join('\n'),
    ),
    ...packSections(rows.length ? rows.map(resultLine) : ['Nothing to apply: every resource already matched its definition.'], {
      maxSections: 20,
      more: (n) => `_…and ${n.toLocaleString('en-US')} more resources; \`qm audit --request ${req.id}\` lists every step_`,
    }),
    context(`*${applySentence(r.counts)}*${r.counts.unchanged ? ` ${r.counts.unchanged} unchanged.` : ''}${r.ok ? '' : ' Ask again to finish it: the plan is made again from the live fleet, so only what is still missing is done.'}`),
    ...tail(input),
  ];
  return { text: fallback(`${r.ok ? 'Applied' : 'Apply incomplete'}: /qm ${escapeMrkdwn(input.text, 200)} (${req.id})`), blocks: fitBlocks(blocks, SLACK_LIMITS.messageBlocks) };
}

function resultLine(x: ActionResult): string {
  const r = x.resource;
  const physical = x.physicalId ?? r.physicalId;
  const id = physical && physical !== r.name ? ` (${code(physical, 64)})` : '';
  const note = x.status === 'skipped' ? x.note?.replace(/^skipped: /, '') : x.note;
  const message = [x.error, note].filter(Boolean).map((m) => escapeMrkdwn(String(m), 300)).join(' · ');
  const took = x.status === 'skipped' ? '' : ` · ${formatApplyDuration(x.durationMs)}`;
  return `${MARK[x.status]} ${code(`${r.env}/${r.name}`, 100)} ${escapeMrkdwn(r.kind, 40)}${id} ${escapeMrkdwn(x.type, 30)}: *${x.status}*${took}${message ? `\n     ${message}` : ''}`;
}

function tail(input: ReceiptInput): Block[] {
  const out: Block[] = [];
  const wb = input.writeBack;
  if (wb?.kind === 'pull-request') {
    const merge = wb.autoMerge === 'enabled' ? ' (auto-merge on)' : wb.autoMerge === 'failed' ? ' (auto-merge could not be turned on: merge it by hand)' : '';
    out.push(section(`:memo: Written back to the definitions: ${link(wb.url, `pull request #${wb.number}`)} on ${code(wb.branch, 100)}${merge}. Its plan shows no changes: the fleet already matches.`));
  }
  if (wb?.kind === 'local') out.push(section(`:memo: Written back to the definitions: edited ${listOf(wb.files.map((f) => code(f, 120)), 5)} in place (no repository configured).`));
  if (wb?.kind === 'failed') out.push(section(`:warning: Applied, but *not written back* to the definitions: ${escapeMrkdwn(wb.reason, 500)}. Edit them by hand so git says what runs.`));
  if (input.override) {
    const o = input.override;
    out.push(section(`:stopwatch: Temporary change ${code(o.id)}: ${o.expiresAt ? `reverts by itself ${slackDate(o.expiresAt)}` : `lasts until ${code(`/qm startup ${o.env}${o.target ? `/${o.target.name}` : ''}`)}`}; the revert is announced here.`));
  }
  if (input.ended) out.push(section(`:arrows_counterclockwise: Ended the temporary change ${code(input.ended.id)} (${code(input.ended.reason.replace(/^\/qm /, ''), 120)} by ${who(input.ended.owner)}).`));
  return out;
}
