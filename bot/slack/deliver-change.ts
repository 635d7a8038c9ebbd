import type { CommandAnswer } from '../../src/engine/command-answer.js';
import { renderSlackApplied, renderSlackChangeOutcome, renderSlackReceipt, type SlackMessage } from '../../src/render/slack/index.js';
import type { SlackApplyProgress } from './slack-apply-progress.js';
import { payload, type WebClient } from './slack-door-context.js';

export type ChangeAnswer = Extract<CommandAnswer, { kind: 'change' }>;

/** The receipt of an applied change, or why it was not applied, as a thread message. */
export function threadMessageOf(answer: ChangeAnswer): SlackMessage {
  const o = answer.outcome;
  if (o.status !== 'applied') return renderSlackChangeOutcome(answer);
  return renderSlackReceipt({
    text: answer.text,
    outcome: o,
    ...(answer.writeBack ? { writeBack: answer.writeBack } : {}),
    ...(answer.override ? { override: answer.override } : {}),
    ...(answer.ended ? { ended: answer.ended } : {}),
  });
}

/**
 * A change applied at once: its headline in the channel (the progress message becomes it) and
 * the receipt with the write-back link in the headline's thread.
 *
 * @example await postAppliedInChannel(client, channel, answer, progress)
 */
export async function postAppliedInChannel(client: WebClient, channel: string, answer: ChangeAnswer, progress: SlackApplyProgress): Promise<void> {
  const headline = payload(renderSlackApplied(answer));
  let ts = await progress.posted();
  if (ts) await client.chat.update({ channel, ts, ...headline });
  else ts = (await client.chat.postMessage({ channel, ...headline })).ts;
  await client.chat.postMessage({ channel, ...(ts ? { thread_ts: ts } : {}), ...payload(threadMessageOf(answer)) });
}

/**
 * What became of an approved change, in the thread of its approval message: the receipt (the
 * progress message becomes it), or why it was not applied (locked, stale...).
 *
 * @example await postOutcomeInThread(client, channel, message.ts, answer.applied, progress)
 */
export async function postOutcomeInThread(client: WebClient, channel: string, threadTs: string, answer: ChangeAnswer, progress: SlackApplyProgress): Promise<void> {
  const message = payload(threadMessageOf(answer));
  const ts = await progress.posted();
  if (ts) await client.chat.update({ channel, ts, ...message });
  else await client.chat.postMessage({ channel, thread_ts: threadTs, ...message });
}
