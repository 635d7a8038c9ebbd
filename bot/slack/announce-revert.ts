import type { CommandAnswer } from '../../src/engine/command-answer.js';
import type { Override } from '../../src/model/override.js';
import { renderSlackRevert } from '../../src/render/slack/index.js';
import { payload, rememberApprovalMessage, type SlackDoorContext, type WebClient } from './slack-door-context.js';

/**
 * Announces a temporary change's revert where it was asked (its thread when known, else its
 * channel), for the bot's expiry timer (`qm.expireOverrides`). Overrides asked elsewhere than
 * Slack are not this door's; false when nothing was posted.
 *
 * @example for (const { override, answer } of await qm.expireOverrides(holder)) await door.announceRevert(override, answer);
 */
export async function announceRevert(ctx: SlackDoorContext, client: WebClient, override: Override, answer: CommandAnswer): Promise<boolean> {
  const thread = override.thread;
  if (thread?.door !== 'slack') return false;
  const posted = await client.chat.postMessage({ channel: thread.channel, ...(thread.thread ? { thread_ts: thread.thread } : {}), ...payload(renderSlackRevert(override, answer)) });
  // A revert that waits for approval carries the buttons: clicks on it update this message.
  if (answer.kind === 'change' && answer.outcome.status === 'needs-approval' && posted.ts) rememberApprovalMessage(ctx, answer.outcome.request.id, { channel: thread.channel, ts: posted.ts });
  return true;
}
