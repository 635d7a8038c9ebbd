import type { CommandAnswer } from '../../engine/command-answer.js';
import type { Override } from '../../model/override.js';
import { describeOverride } from '../../store/describe-override.js';
import { SLACK_LIMITS, type SlackMessage } from './block-kit.js';
import { fallback, fitBlocks, section } from './fit-blocks.js';
import { code, escapeMrkdwn, who } from './mrkdwn.js';
import { renderSlackApprovalRequest } from './render-slack-approval-request.js';
import { renderSlackChangeOutcome } from './render-slack-change-outcome.js';
import { renderSlackReceipt } from './render-slack-receipt.js';

/**
 * The announcement of a temporary change whose time is up, for the thread (or channel) it was
 * asked in: what expired, then the revert's receipt, or why it did not happen yet (it waits for
 * approval, the environment is locked...).
 *
 * @example await client.chat.postMessage({ channel: o.thread.channel, ...renderSlackRevert(o, answer) })
 */
export function renderSlackRevert(override: Override, answer: CommandAnswer): SlackMessage {
  const what = `${code(override.id)} (${escapeMrkdwn(describeOverride(override), 200)}, asked by ${who(override.owner)} with ${code(override.reason.replace(/^\/qm /, ''), 120)})`;
  const head = section(`:stopwatch: The temporary change ${what} is over.`);
  if (answer.kind !== 'change') return { text: fallback(`Temporary change ${override.id} is over`), blocks: [head, section(escapeMrkdwn(answer.kind === 'usage' ? answer.error : answer.kind, 500))] };
  const o = answer.outcome;
  const body =
    o.status === 'applied'
      ? renderSlackReceipt({ text: answer.text, outcome: o, what: `the revert of ${code(override.id)}`, ...(answer.ended ? { ended: answer.ended } : {}) })
      : o.status === 'needs-approval' && !o.reused
        ? renderSlackApprovalRequest({ intent: answer.intent, text: answer.text, outcome: o, ...(answer.approvals ? { approvals: answer.approvals } : {}) })
        : renderSlackChangeOutcome(answer);
  const verb = o.status === 'applied' ? (o.result.ok ? 'reverted' : 'revert incomplete') : o.status === 'no-changes' ? 'nothing to revert' : 'not reverted yet';
  return { text: fallback(`Temporary change ${override.id} is over: ${verb}`), blocks: fitBlocks([head, ...body.blocks], SLACK_LIMITS.messageBlocks) };
}
