import type { ApplyEvent } from '../../src/apply/index.js';
import { renderSlackProgress } from '../../src/render/slack/index.js';
import { payload, type SlackDoorContext, type WebClient } from './slack-door-context.js';

/** The message an apply posts when it starts, so people see it run; later replaced by its outcome. */
export interface SlackApplyProgress {
  /** For CommandRequest.onEvent. */
  onEvent(e: ApplyEvent): void;
  /** The progress message's ts once posted (undefined when no apply started or posting failed). */
  posted(): Promise<string | undefined>;
}

/**
 * Posts "Applying N changes…" when the engine starts applying: in a thread (a click on an
 * approval message) or in the channel (a command applied at once). Posting is a side show: a
 * failure is logged, never fails the apply.
 *
 * @example const progress = slackApplyProgress(ctx, client, { channel, threadTs: message.ts, text: 'scale prod/web t3.large' })
 */
export function slackApplyProgress(ctx: SlackDoorContext, client: WebClient, where: { channel: string; threadTs?: string; text: string }): SlackApplyProgress {
  let posted: Promise<string | undefined> | undefined;
  return {
    onEvent(e) {
      if (e.type !== 'apply-started' || posted) return;
      posted = client.chat
        .postMessage({ channel: where.channel, ...(where.threadTs ? { thread_ts: where.threadTs } : {}), ...payload(renderSlackProgress(where.text, e.total)) })
        .then((r) => r.ts)
        .catch((err: unknown) => {
          ctx.logger.warn(`slack: could not post the apply's progress in ${where.channel}: ${String(err)}`);
          return undefined;
        });
    },
    posted: () => posted ?? Promise.resolve(undefined),
  };
}
