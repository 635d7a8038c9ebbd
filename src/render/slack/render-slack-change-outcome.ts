import type { CommandAnswer } from '../../engine/command-answer.js';
import { SLACK_LIMITS, type SlackMessage } from './block-kit.js';
import { context, fallback, fitBlocks, packSections, section } from './fit-blocks.js';
import { code, escapeMrkdwn, slackDate, who } from './mrkdwn.js';
import { changeItems } from './plan-items.js';

type ChangeAnswer = Extract<CommandAnswer, { kind: 'change' }>;

/**
 * A change command that was not applied and waits for nobody (nothing to change, refused, a
 * locked environment, a stale plan, a claim lost), or one already waiting for approval: the
 * words for the person who asked, ephemeral.
 *
 * @example await respond({ response_type: 'ephemeral', ...renderSlackChangeOutcome(answer) })
 */
export function renderSlackChangeOutcome(answer: ChangeAnswer): SlackMessage {
  const o = answer.outcome;
  const cmd = code(`/qm ${answer.text}`, 200);
  switch (o.status) {
    case 'no-changes':
      return one(`:ok_hand: ${cmd}: nothing to change, the fleet is already like that.`);
    case 'refused':
      return one(`:no_entry: ${cmd} refused: ${escapeMrkdwn(o.reason, 1000)}`);
    case 'stale':
      return one(`:hourglass: ${cmd}: the fleet or the definitions changed while it was being planned; nothing was applied. Ask again.`);
    case 'locked':
      return one(`:lock: ${cmd}: ${code(o.env, 64)} is locked by ${escapeMrkdwn(o.heldBy, 100)} since ${slackDate(o.since)} (${escapeMrkdwn(o.purpose, 200)}). Try again when it finishes.`);
    case 'not-claimed':
      return one(`:warning: ${cmd} was not applied: ${escapeMrkdwn(o.reason, 1000)}`);
    case 'needs-approval': {
      const items = changeItems(o.plan);
      const blocks = [
        section(`:hourglass_flowing_sand: ${cmd} already waits for approval as ${code(o.request.id)} (asked by ${who(o.request.actor)}), until ${slackDate(o.request.expiresAt)}.`),
        ...packSections(items.items, { weights: items.weights, maxSections: 10, more: (n) => `_…and ${n} more changes_` }),
      ];
      return { text: fallback(`/qm ${escapeMrkdwn(answer.text, 200)} already waits for approval (${o.request.id})`), blocks: fitBlocks(blocks, SLACK_LIMITS.messageBlocks) };
    }
    case 'applied':
      return renderSlackApplied(answer);
  }
}

/**
 * The channel message of a change applied at once (no approval needed): who applied what; the
 * receipt goes in its thread.
 *
 * @example const { ts } = await client.chat.postMessage({ channel, ...renderSlackApplied(answer) })
 */
export function renderSlackApplied(answer: ChangeAnswer): SlackMessage {
  const o = answer.outcome;
  const cmd = code(`/qm ${answer.text}`, 200);
  if (o.status !== 'applied') return renderSlackChangeOutcome(answer);
  const ok = o.result.ok;
  const line = `${ok ? ':white_check_mark:' : ':x:'} ${who(o.request.actor)} ${ok ? 'applied' : 'tried to apply'} ${cmd}${ok ? '' : ': the apply is incomplete'}`;
  return {
    text: fallback(`${ok ? 'Applied' : 'Apply incomplete'}: /qm ${escapeMrkdwn(answer.text, 200)} (${o.request.id})`),
    blocks: [section(line), context(`Request ${code(o.request.id)} · the receipt is in the thread`)],
  };
}

/**
 * The thread message while an apply runs.
 *
 * @example await client.chat.postMessage({ channel, thread_ts, ...renderSlackProgress('scale prod/web t3.large', 2) })
 */
export function renderSlackProgress(text: string, total: number): SlackMessage {
  const line = `:hourglass_flowing_sand: Applying ${total.toLocaleString('en-US')} change${total === 1 ? '' : 's'} for ${code(`/qm ${text}`, 200)}…`;
  return { text: fallback(`Applying /qm ${escapeMrkdwn(text, 200)}`), blocks: [section(line)] };
}

function one(text: string): SlackMessage {
  return { text: fallback(text), blocks: [section(text)] };
}
