import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { CommandAnswer } from '../../src/engine/command-answer.js';
import { escapeMrkdwn, renderSlackAnswer, renderSlackDecision, SLACK_ACTION_IDS, SLACK_BLOCK_IDS, type OriginalMessage, type SlackDecision, type SlackMessage } from '../../src/render/slack/index.js';
import type { ApprovalRequest } from '../../src/store/store.js';
import { postOutcomeInThread, threadMessageOf } from './deliver-change.js';
import { slackApplyProgress } from './slack-apply-progress.js';
import { payload, rememberApprovalMessage, type SlackDoorContext, type WebClient } from './slack-door-context.js';

type ClickArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/**
 * The Approve and Deny buttons of an approval message: acknowledged first, then the same
 * `approve <id>` / `deny <id>` the engine answers for a typed command, as the clicker. The
 * engine checks the clicker against policy.yml as of now and audits a refusal; a refusal is
 * shown to the clicker alone. A decision updates the message in place (buttons gone once
 * approved or denied), and the apply's progress and receipt go in its thread. A second click of
 * the same person on the same button is ignored.
 *
 * @example app.action('qm_approve', handleApprovalClick(ctx))
 */
export function handleApprovalClick(ctx: SlackDoorContext) {
  return async ({ ack, body, action, client }: ClickArgs): Promise<void> => {
    await ack();
    const requestId = action.value ?? '';
    const channel = body.channel?.id ?? body.container?.channel_id;
    const ts = body.message?.ts ?? body.container?.message_ts;
    const key = `click:${action.action_id}:${requestId}:${body.user.id}`;
    if (!ctx.deliveries.claim(key)) {
      ctx.logger.info(`slack: ignored a repeated ${action.action_id} of ${requestId} by ${body.user.id}`);
      return;
    }
    if (typeof channel !== 'string' || typeof ts !== 'string' || !/^req-[0-9a-f]+$/i.test(requestId)) {
      ctx.logger.warn(`slack: ${action.action_id} without a message or a request id; ignored`);
      return;
    }
    const actor = `slack:${body.user.id}`;
    const ephemeral = (m: SlackMessage) => client.chat.postEphemeral({ channel, user: body.user.id, ...payload(m) }).then(() => undefined);
    await ctx.track(
      click(ctx, client, { action: action.action_id, requestId, actor, channel, ts, original: body.message?.blocks ? { blocks: body.message.blocks as unknown[] } : undefined, ephemeral }).then(
        (kept) => {
          // Refusals are answered again on the next click (and audited again): only a vote or a denial that counted is final.
          if (!kept) ctx.deliveries.release(key);
        },
        async (err: unknown) => {
          ctx.deliveries.release(key);
          ctx.logger.error(`slack: ${action.action_id} of ${requestId} by ${body.user.id} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
          await ephemeral(note(`:boom: Quartermaster could not record your click on ${requestId}: ${escapeMrkdwn(err instanceof Error ? err.message : String(err), 500)}. Try again in a moment.`)).catch(() => undefined);
        },
      ),
    );
  };
}

interface Click {
  action: string;
  requestId: string;
  actor: string;
  channel: string;
  ts: string;
  /** The approval message's blocks as Slack sent them back. */
  original: OriginalMessage | undefined;
  ephemeral: (m: SlackMessage) => Promise<void>;
}

/** Returns whether the click counted (a vote or a denial was recorded). */
async function click(ctx: SlackDoorContext, client: WebClient, c: Click): Promise<boolean> {
  rememberApprovalMessage(ctx, c.requestId, { channel: c.channel, ts: c.ts });
  const approving = c.action === SLACK_ACTION_IDS.approve;
  // What the progress message names: the command the request applies (`scale prod/web 5`).
  const known = approving ? await ctx.engine.request(c.requestId).catch(() => undefined) : undefined;
  const progress = slackApplyProgress(ctx, client, { channel: c.channel, threadTs: c.ts, text: known?.reason.replace(/^\/qm /, '') ?? `approve ${c.requestId}` });
  const answer: CommandAnswer = await ctx.engine.command({
    text: approving ? `approve ${c.requestId}` : `deny ${c.requestId} denied in Slack`,
    actor: c.actor,
    door: 'slack',
    holder: ctx.holder,
    thread: { door: 'slack', channel: c.channel, thread: c.ts },
    onEvent: progress.onEvent,
  });
  // The vote is recorded whatever becomes of the messages: a failure to post is logged and the
  // clicker told privately, never taken for a failed click.
  const update = (request: Pick<ApprovalRequest, 'id' | 'reason' | 'actor'>, decision: SlackDecision) =>
    client.chat
      .update({ channel: c.channel, ts: c.ts, ...payload(renderSlackDecision(c.original, request, decision)) })
      .catch((err: unknown) => ctx.logger.warn(`slack: could not update the approval message of ${c.requestId}: ${String(err)}`));

  if (answer.kind === 'vote') {
    const o = answer.outcome;
    if (o.outcome === 'refused') {
      await c.ephemeral(renderSlackAnswer(answer, c.actor));
      if (o.code === 'expired' || o.code === 'not-pending') await closeIfFinal(ctx, c, update);
      return false;
    }
    if (o.outcome === 'vote-recorded') {
      await update(o.request, { kind: 'vote-recorded', by: c.actor, remaining: o.remaining });
      return true;
    }
    await update(o.request, { kind: 'approved', by: c.actor, approvers: [...new Set(o.request.approvals.map((v) => v.approver))] });
    if (answer.applied) {
      const applied = answer.applied;
      await postOutcomeInThread(client, c.channel, c.ts, applied, progress).catch(async (err: unknown) => {
        ctx.logger.warn(`slack: could not post the receipt of ${c.requestId} in ${c.channel}: ${String(err)}`);
        await c.ephemeral(threadMessageOf(applied));
      });
    }
    return true;
  }
  if (answer.kind === 'denied') {
    const o = answer.outcome;
    if (o.outcome === 'refused') {
      await c.ephemeral(renderSlackAnswer(answer, c.actor));
      if (o.code === 'expired' || o.code === 'not-pending') await closeIfFinal(ctx, c, update);
      return false;
    }
    await update(o.request, { kind: 'denied', by: c.actor });
    return true;
  }
  // usage (a malformed id) or a refusal before any vote: the clicker alone is told.
  await c.ephemeral(renderSlackAnswer(answer, c.actor));
  return false;
}

/**
 * A click on buttons of a request that can no longer be decided (expired, superseded, or decided
 * through another door): the buttons go and the message says what became of it.
 */
async function closeIfFinal(ctx: SlackDoorContext, c: Click, update: (r: ApprovalRequest, d: SlackDecision) => Promise<unknown>): Promise<void> {
  const showsButtons = (c.original?.blocks ?? []).some((b) => typeof b === 'object' && b !== null && (b as { block_id?: unknown }).block_id === SLACK_BLOCK_IDS.buttons);
  if (!showsButtons) return;
  const request = await ctx.engine.request(c.requestId);
  if (!request || request.state === 'requested') return;
  await update(request, { kind: 'closed', state: request.state, ...(request.stateReason ? { reason: request.stateReason } : {}) });
}

function note(text: string): SlackMessage {
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
