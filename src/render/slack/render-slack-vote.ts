import type { ApproveOutcome, DenyOutcome } from '../../gates/index.js';
import type { SlackMessage } from './block-kit.js';
import { fallback, section } from './fit-blocks.js';
import { code, escapeMrkdwn } from './mrkdwn.js';

/**
 * What the person who voted (with a button or `/qm approve`) is told: a refusal and why, or
 * that the vote counted and what is still needed.
 *
 * @example await client.chat.postEphemeral({ channel, user, ...renderSlackVote(answer.outcome) })
 */
export function renderSlackVote(outcome: ApproveOutcome): SlackMessage {
  switch (outcome.outcome) {
    case 'refused':
      return one(`:no_entry: Your approval was refused: ${escapeMrkdwn(outcome.reason, 1000)}`);
    case 'vote-recorded':
      return one(`:thumbsup: Your approval of ${code(outcome.request.id)} counts; still needed: ${outcome.remaining.map((g) => `${g.need - g.have} from ${code(g.group, 64)}`).join(', ')}.`);
    case 'approved':
      return one(`:white_check_mark: ${code(outcome.request.id)} has every approval it needs.`);
  }
}

/**
 * What the person who denied is told.
 *
 * @example renderSlackDenied(answer.outcome)
 */
export function renderSlackDenied(outcome: DenyOutcome): SlackMessage {
  if (outcome.outcome === 'refused') return one(`:no_entry: Your denial was refused: ${escapeMrkdwn(outcome.reason, 1000)}`);
  return one(`:x: ${code(outcome.request.id)} is denied${outcome.request.stateReason ? `: ${escapeMrkdwn(outcome.request.stateReason, 300)}` : ''}.`);
}

function one(text: string): SlackMessage {
  return { text: fallback(text), blocks: [section(text)] };
}
